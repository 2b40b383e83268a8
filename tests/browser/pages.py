"""JavaScript probes shared by the browser tests (what a page shows vs what vis-network holds)."""

from __future__ import annotations

from typing import Any

from .conftest import Page

__all__ = ["FRAME", "counts", "frame_ready", "overlapping_labels", "viz_ready"]

#: The explorer's view frame, as a JavaScript expression.
FRAME = "document.getElementById('view').contentWindow"

#: Header counts and the vis DataSet sizes of a visualisation page.
COUNTS = """(function (w) {
  var size = w.document.getElementById('viz-size');
  return {header_nodes: Number(size.dataset.nodes), header_edges: Number(size.dataset.edges),
          header_text: size.textContent,
          vis_nodes: w.ecographViz.network.body.data.nodes.length,
          vis_edges: w.ecographViz.network.body.data.edges.length};
})(%s)"""


def viz_ready(page: Page, window: str = "window", timeout: float = 30.0) -> None:
    """Wait until the visualisation in ``window`` has drawn (physics stopped)."""
    page.wait_for(f"{window}.document && {window}.document.body && "
                  f"{window}.document.body.dataset.ready === 'true' && !!{window}.ecographViz",
                  timeout=timeout)


def frame_ready(page: Page, timeout: float = 30.0) -> str:
    """Wait until the explorer's frame shows the page its ``src`` names; return that src."""
    expr = (f"(function () {{ var f = document.getElementById('view'); var w = {FRAME};"
            " var src = f.getAttribute('src'); if (!src || !w || !w.document.body) return '';"
            " if (w.location.pathname + w.location.search !== src) return '';"
            " return w.document.body.dataset.ready === 'true' && w.ecographViz"
            " && document.body.dataset.view === src ? src : ''; })()")
    src: str = page.wait_for(expr, timeout=timeout)
    return src


def counts(page: Page, window: str = "window") -> dict[str, Any]:
    """The header's node / edge counts next to the sizes of the vis DataSets."""
    value: dict[str, Any] = page.evaluate(COUNTS % window)
    return value


def overlapping_labels(page: Page, window: str = "window") -> list[tuple[str, str]]:
    """Pairs of drawn labels whose canvas bounding boxes intersect."""
    boxes: list[dict[str, Any]] = page.evaluate(f"{window}.ecographViz.labelBoxes()")
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
                    and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]):
                pairs.append((a["id"], b["id"]))
    return pairs
