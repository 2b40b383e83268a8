"""Render a visualisation (nodes, edges, legend) to one self-contained HTML page.

The network is assembled with pyvis and drawn by vis-network. Nothing is
fetched from the internet: the vis-network script and stylesheet shipped
inside the pyvis package are inlined into the page, or referenced from
``asset_base`` (the API serves them under ``/static/vis``).

The page records its own state for tests and tools on ``<body>``:
``data-ready="true"`` once the network is drawn and physics has stopped,
``data-node-count`` (vis DataSet size), ``data-ready-ms`` (milliseconds since
navigation start) and ``data-errors`` (script errors seen). The header counts
(``#viz-size``) are the lengths of the data sent to vis-network, so they equal
what it draws. ``window.ecographViz`` offers ``setLang``, the ``legend`` and
``labelBoxes()`` (canvas bounding boxes of the visible labels). Labels are
Chinese by default; the toggle (or ``?lang=en``) switches to English; inside
the explorer (``?embed=1``) the page has no toggle of its own.

Nodes with ``show_label=False`` carry no visible label (their name is in the
hover title): the views label only their top nodes so that names stay legible.
Clusters (communities, relation groups) are drawn on the canvas under the
network as tinted discs with a caption; they are not nodes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import pyvis
from pyvis.network import Network

__all__ = [
    "VIS_ASSET_DIR",
    "Cluster",
    "Figure",
    "LegendItem",
    "VizEdge",
    "VizNode",
    "VizPage",
    "render_html",
]

logger = logging.getLogger(__name__)

#: vis-network 9.1.2 as shipped inside pyvis (``vis-network.min.js`` / ``.css``).
VIS_ASSET_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
#: Graphs up to this many nodes get a short physics stabilisation in the page.
_PHYSICS_MAX_NODES = 300


@dataclass(frozen=True)
class VizNode:
    """One drawn node; ``x`` / ``y`` come from :mod:`ecograph.viz.layout`."""

    id: str
    label_zh: str
    label_en: str
    color: str
    size: float = 12.0
    x: float = 0.0
    y: float = 0.0
    title: str = ""
    shape: str = "dot"
    group: str = ""
    #: Draw the label; otherwise the name shows on hover only.
    show_label: bool = True


@dataclass(frozen=True)
class VizEdge:
    """One drawn edge (``arrows`` is ``"to"`` or ``""``)."""

    source: str
    target: str
    width: float = 1.0
    color: str = "#b0b0b0"
    title: str = ""
    dashes: bool = False
    arrows: str = ""
    #: Bend (0 = straight): edges that would run through other nodes arc around them.
    curve: float = 0.0


@dataclass(frozen=True)
class LegendItem:
    """A symbol with its Chinese and English meaning.

    ``shape`` is a node shape (``dot``, ``box``, ``diamond``, ``star``,
    ``triangle``, ``square``), ``line`` / ``dashed`` for an edge, or ``disc``
    for a cluster.
    """

    color: str
    zh: str
    en: str
    shape: str = "dot"


@dataclass(frozen=True)
class Figure:
    """One figure of the view shown in the header (value already formatted for people)."""

    zh: str
    en: str
    value: str
    hint: str = ""


@dataclass(frozen=True)
class Cluster:
    """A labelled group drawn under the network (centre, radius in canvas units)."""

    x: float
    y: float
    radius: float
    label_zh: str
    label_en: str
    color: str = "#4e79a7"


@dataclass(frozen=True)
class VizPage:
    """Everything a visualisation page shows."""

    title_zh: str
    title_en: str
    nodes: tuple[VizNode, ...]
    edges: tuple[VizEdge, ...]
    legend: tuple[LegendItem, ...] = ()
    notice: tuple[str, str] | None = None
    subtitle: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    #: Label size in canvas units (aggregated views with few nodes use larger labels).
    font_size: int = 12
    #: Keep the server's positions as they are (column layouts): no physics at all.
    fixed_layout: bool = False


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return (VIS_ASSET_DIR / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON safe to place inside ``<script>`` (no ``</`` or HTML comment openers)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _network(page: VizPage) -> Network:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for node in page.nodes:
        zh, en = (node.label_zh, node.label_en) if node.show_label else ("", "")
        net.add_node(
            node.id, label=zh, color=node.color, size=node.size, x=node.x,
            y=node.y, title=node.title or node.label_zh, shape=node.shape,
            label_zh=zh, label_en=en, kind=node.group,
        )
    for edge in page.edges:
        options: dict[str, Any] = {"width": edge.width, "color": edge.color,
                                   "arrows": edge.arrows, "dashes": edge.dashes}
        if edge.title:
            options["title"] = edge.title
        if edge.curve:
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": edge.curve}
        net.add_edge(edge.source, edge.target, **options)
    small = len(page.nodes) <= _PHYSICS_MAX_NODES
    iterations = 120 if small and not page.fixed_layout else 0
    net.options = {
        "physics": {
            "enabled": iterations > 0,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": iterations > 0, "iterations": iterations, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
        "nodes": {"font": {"size": page.font_size}, "borderWidth": 1},
        "edges": {"smooth": False},
        "layout": {"improvedLayout": False},
    }
    return net


def render_html(page: VizPage, *, asset_base: str | None = None) -> str:
    """Render ``page`` to a complete HTML document.

    Parameters
    ----------
    page : VizPage
        Nodes (with positions), edges, legend and notice.
    asset_base : str, optional
        URL folder holding ``vis-network.min.js`` / ``.css``; by default both
        are inlined and the page needs no other request.

    Returns
    -------
    str
        The HTML document.

    Examples
    --------
    >>> page = VizPage("示例", "Example", (VizNode("a", "甲", "A", "#4e79a7"),), ())
    >>> html = render_html(page, asset_base="/static/vis")
    >>> '"label_en":"A"' in html, "/static/vis/vis-network.min.js" in html
    (True, True)
    >>> "cdnjs" in render_html(page)
    False
    """
    net = _network(page)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    for row in nodes:  # pyvis puts the id where a label is empty: hover-only nodes get none
        if not row.get("label_zh"):
            row["label"] = ""
    template = _environment().get_template("network.html")
    legend = [{"color": i.color, "zh": i.zh, "en": i.en, "shape": i.shape} for i in page.legend]
    clusters = [{"x": c.x, "y": c.y, "r": c.radius, "zh": c.label_zh, "en": c.label_en,
                 "color": c.color} for c in page.clusters]
    html = template.render(
        page=page,
        node_count=len(nodes),
        edge_count=len(edges),
        legend_json=_script_json(legend),
        clusters_json=_script_json(clusters),
        nodes_json=_script_json(nodes),
        edges_json=_script_json(edges),
        options_json=options.replace("</", "<\\/"),
        asset_base=asset_base,
        vis_js=None if asset_base else _asset("vis-network.min.js"),
        vis_css=None if asset_base else _asset("vis-network.css"),
    )
    logger.debug("rendered %s: %d nodes, %d edges", page.title_en, len(nodes), len(edges))
    return html
