"""``GET /``: the explorer, one page to look at a park through every view.

The page arrives with its catalogue inlined (parks with their organisation
counts and leading chains, chains; Chinese and English names), so it opens on
a view at once: the park in the URL, else the park with the most
organisations. Every control updates the view, the side panel (the figures
of the current view from the analysis endpoints, and the view's legend) and
the URL (``?view=&park=&chain=&since=&until=&group=&org=&depth=&lang=``),
so the address bar is always a shareable link to what is on screen.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
import networkx as nx
from fastapi import APIRouter, Request, Response

from ecograph.analysis.common import has_label, park_members
from ecograph.api.cache import CachedBody
from ecograph.api.deps import State
from ecograph.api.respond import html_body, serve_cached
from ecograph.vocab import Label, RelType

__all__ = ["catalogue", "router"]

router = APIRouter(tags=["explorer"])


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    text = (resources.files("ecograph.api") / "templates" / "explorer.html").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def _name_en(attrs: dict[str, Any]) -> str | None:
    value = attrs.get("name_en")
    return str(value) if value else None


def catalogue(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Parks (most organisations first) and chains, with names, for the explorer.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("A", label="Park", labels=frozenset({"Park"}), name="甲园")
    >>> g.add_node("B", label="Park", labels=frozenset({"Park"}), name="乙园", name_en="B Park")
    >>> g.add_node("c", label="IndustryChain", labels=frozenset({"IndustryChain"}), name="链")
    >>> g.add_node("e", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    >>> _ = g.add_edge("e", "B", type="LOCATED_IN")
    >>> _ = g.add_edge("B", "c", type="HAS_LEADING_CHAIN", rank=1)
    >>> cat = catalogue(g)
    >>> [(p["id"], p["organizations"], p["leading"]) for p in cat["parks"]], cat["default_park"]
    ([('B', 1, ['c']), ('A', 0, [])], 'B')
    >>> cat["chains"]
    [{'id': 'c', 'name': '链', 'name_en': None}]
    """
    parks: list[tuple[int, str, dict[str, Any]]] = []
    leading_type = str(RelType.HAS_LEADING_CHAIN)
    for node in sorted(graph):
        if not has_label(graph, node, Label.Park):
            continue
        attrs = graph.nodes[node]
        ranked = sorted(
            ((a.get("rank") if isinstance(a.get("rank"), int) else 99, str(t))
             for _, t, a in graph.out_edges(node, data=True) if a.get("type") == leading_type))
        size = len(park_members(graph, node))
        parks.append((-size, str(node), {
            "id": str(node), "name": str(attrs.get("name") or node), "name_en": _name_en(attrs),
            "organizations": size, "leading": [t for _, t in ranked],
        }))
    rows = [row for _, _, row in sorted(parks, key=lambda item: item[:2])]
    chains = [
        {"id": str(n), "name": str(graph.nodes[n].get("name") or n),
         "name_en": _name_en(graph.nodes[n])}
        for n in sorted(graph) if has_label(graph, n, Label.IndustryChain)
    ]
    return {"parks": rows, "chains": chains,
            "default_park": rows[0]["id"] if rows else None}


def _script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


@router.get("/", response_class=Response, responses={200: {"content": {"text/html": {}}}})
async def explorer(request: Request, state: State) -> Response:
    """The explorer: park, chain, years, grouping and organisation controls; views in a frame."""
    def compute() -> CachedBody:
        data = catalogue(state.graph())
        return html_body(_template().render(catalogue_json=_script_json(data)))
    return await serve_cached(state, ("explorer",), compute, request)
