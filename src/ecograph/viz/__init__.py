"""Interactive visualisations (pyvis / vis-network), rendered server-side to HTML.

Each view takes the NetworkX projection or an analysis result, computes
positions here (:mod:`ecograph.viz.layout`), caps the node count
(:mod:`ecograph.viz.reduce`) and returns a :class:`VizPage`;
:func:`render_html` turns a page into a self-contained HTML document.
"""

from ecograph.viz.chain_map import chain_map_view
from ecograph.viz.collaboration import collaboration_view
from ecograph.viz.ego import ego_subgraph, ego_view
from ecograph.viz.incubation_flow import incubation_view
from ecograph.viz.render import VIS_ASSET_DIR, VizPage, render_html

__all__ = [
    "VIS_ASSET_DIR",
    "VizPage",
    "chain_map_view",
    "collaboration_view",
    "ego_subgraph",
    "ego_view",
    "incubation_view",
    "render_html",
]
