"""Every visualisation in headless Chromium, on the ``full`` fixture and on a 2,000-node graph.

Each page must load without console errors and without a request outside the
service, its header must count what vis-network holds, and the chain map's
visible labels must not overlap (their canvas boxes, read from the page).
A 2,000-node collaboration network must be drawn, with physics stopped,
within 10 s of navigation start.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import networkx as nx
import pytest

from ecograph.viz import collaboration_view, render_html

from .conftest import Page
from .pages import counts, overlapping_labels, viz_ready

pytestmark = pytest.mark.browser

logger = logging.getLogger(__name__)

NODE_COUNT = "window.ecographViz && window.ecographViz.network.body.data.nodes.length"


@pytest.mark.parametrize("path", [
    "/viz/collaboration?park=P1",
    "/viz/collaboration?park=P1&group=type",
    "/viz/chain?park=P1&chain=bat",
    "/viz/incubation?park=P1",
    "/viz/ego/E1",
    "/viz/ego/E1?depth=2&lang=en",
])
def test_visualisation_counts_what_it_draws(page: Page, live_server: str, path: str) -> None:
    page.goto(f"{live_server}{path}")
    viz_ready(page)
    seen = counts(page)
    assert seen["vis_nodes"] > 0
    assert (seen["header_nodes"], seen["header_edges"]) == (seen["vis_nodes"], seen["vis_edges"])
    assert f"{seen['vis_nodes']} " in seen["header_text"]
    assert page.evaluate("window.ecographViz.network.physics.options.enabled") is False
    assert page.evaluate("document.body.dataset.errors") == ""
    assert page.errors == [] and page.outside(live_server) == []
    assert overlapping_labels(page) == [] if "/viz/chain" in path else True


def test_ego_is_depth_1_with_english_names(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/viz/ego/E1?lang=en")
    viz_ready(page)
    assert page.evaluate("window.ecographViz.nodes.get('E1').label") == "Lixin Cells"
    assert "depth 1" in page.evaluate("document.querySelector('.sub').textContent")
    assert page.evaluate("document.querySelector('h1').textContent") == "Ego network: Lixin Cells"


def test_unknown_ids_on_page_urls_are_html_pages(page: Page, live_server: str) -> None:
    for path in ("/viz/ego/NOPE", "/viz/chain?park=P1&chain=NOPE",
                 "/viz/collaboration?park=NOPE", "/parks/NOPE/report"):
        page.goto(f"{live_server}{path}")
        page.wait_for("document.readyState === 'complete' && !!document.body")
        assert page.evaluate("document.body.dataset.errorStatus") == "404", path
        assert "NOPE" in page.evaluate("document.getElementById('error-detail').textContent")
        assert page.evaluate("document.querySelector('a.back').getAttribute('href')") == "/"
        assert page.outside(live_server) == []


def test_2000_node_network_is_interactive_within_10_s(page: Page, tmp_path: Path) -> None:
    graph = nx.gnm_random_graph(2000, 6000, seed=11)
    for node in graph:
        graph.nodes[node].update(label="Enterprise" if node % 5 else "University",
                                 name=f"企业{node}")
    graph = nx.relabel_nodes(graph, {n: f"o{n}" for n in graph})
    started = time.perf_counter()
    html = render_html(collaboration_view(graph, cap=2000, group="none"))  # inline vis
    server_seconds = time.perf_counter() - started
    target = tmp_path / "big.html"
    target.write_text(html, encoding="utf-8")
    page.goto(target.as_uri())
    assert page.wait_for("document.body.dataset.ready === 'true'", timeout=30)
    ready_ms = int(page.evaluate("document.body.dataset.readyMs"))
    connected = sum(1 for n in graph if graph.degree(n) > 0)  # isolates are counted, not drawn
    assert connected > 1990 and page.evaluate(NODE_COUNT) == connected
    page.screenshot("viz-2000-nodes")
    logger.warning("2,000-node page: server render %.2f s, browser interactive %d ms",
                   server_seconds, ready_ms)
    assert ready_ms <= 10_000
    assert page.errors == []
