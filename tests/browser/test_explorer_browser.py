"""The explorer, every view and ``/docs`` on the demo data, in headless Chromium.

The explorer must open on the park with the most organisations (``P-YH`` in
the demo, read from ``/parks``), follow every control at once (frame, URL,
side panel), restore its state from the URL, switch the whole page's
language with one toggle, link to the park's report, its 招商清单 and the API
docs, and never request anything outside the service. Screenshots of each
page go to ``artifacts/`` (1600 × 1000).
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import Page
from .pages import FRAME, counts, frame_ready, overlapping_labels, viz_ready

pytestmark = pytest.mark.browser

PARK = "P-YH"


def _big(page: Page) -> None:
    page.send("Emulation.setDeviceMetricsOverride", width=1600, height=1000,
              deviceScaleFactor=1, mobile=False)


def _state(page: Page) -> dict[str, str]:
    query = parse_qs(urlsplit(page.evaluate("window.location.href")).query)
    return {k: v[0] for k, v in query.items()}


def _parks(base: str) -> list[dict[str, object]]:
    with urllib.request.urlopen(f"{base}/parks", timeout=30) as resp:
        rows: list[dict[str, object]] = json.loads(resp.read())
    return rows


def _clean(page: Page, base: str) -> None:
    assert page.errors == []
    assert page.outside(base) == []
    assert page.evaluate(f"{FRAME}.document.body.dataset.errors || ''") == ""


def test_explorer_opens_on_the_biggest_park_and_follows_every_control(
        page: Page, demo_server: str) -> None:
    parks = _parks(demo_server)
    biggest = max(parks, key=lambda p: (p["organizations"], p["id"] == PARK))["id"]
    assert biggest == PARK
    _big(page)
    page.goto(f"{demo_server}/")
    page.wait_for("document.body.dataset.ready === 'true'")
    src = frame_ready(page)
    assert page.evaluate("document.getElementById('park').value") == PARK
    assert src.startswith(f"/viz/collaboration?park={PARK}")
    assert _state(page)["park"] == PARK and _state(page)["view"] == "collaboration"
    seen = counts(page, FRAME)
    assert (seen["header_nodes"], seen["header_edges"]) == (seen["vis_nodes"], seen["vis_edges"])
    # side panel: the collaboration figures of the analysis, and the view's legend
    page.wait_for("document.getElementById('figures').rows.length >= 8")
    assert "density" not in page.evaluate("document.getElementById('figures').textContent")
    assert int(page.evaluate("document.body.dataset.legendItems")) >= 3
    # links
    hrefs = page.evaluate("[...document.querySelectorAll('.links a')]"
                          ".map(a => a.getAttribute('href'))")
    assert hrefs == [f"/parks/{PARK}/report", f"/parks/{PARK}/targets?format=csv",
                     f"/parks/{PARK}/targets?format=xlsx", "/docs"]
    # only one language toggle on the page: the frame's own is hidden
    assert page.evaluate(f"getComputedStyle({FRAME}.document.getElementById('lang-toggle'))"
                         ".display") == "none"
    page.screenshot("explorer-zh")
    _clean(page, demo_server)

    # a view button: the frame, the URL and the panel follow at once
    page.evaluate("document.querySelector('nav.views button[data-view=chain]').click()")
    src = frame_ready(page)
    assert src.startswith(f"/viz/chain?park={PARK}&chain=nev")  # P-YH's first leading chain
    assert _state(page)["view"] == "chain"
    page.wait_for("document.getElementById('figures').textContent.includes('本地配套率')")
    assert overlapping_labels(page, FRAME) == []
    # the chain select
    page.evaluate("var s = document.getElementById('chain'); s.value = 'ic';"
                  " s.dispatchEvent(new Event('change'))")
    assert frame_ready(page).startswith(f"/viz/chain?park={PARK}&chain=ic")
    assert _state(page)["chain"] == "ic"
    # the park select, no view button needed
    page.evaluate("var s = document.getElementById('park'); s.value = 'P-JK';"
                  " s.dispatchEvent(new Event('change'))")
    assert frame_ready(page).startswith("/viz/chain?park=P-JK")
    assert _state(page)["park"] == "P-JK"
    _clean(page, demo_server)


def test_explorer_state_from_the_url_and_one_language_toggle(
        page: Page, demo_server: str) -> None:
    _big(page)
    page.goto(f"{demo_server}/?view=collaboration&park={PARK}&group=none")
    page.wait_for("document.body.dataset.ready === 'true'")
    assert "group=none" in frame_ready(page)
    assert page.evaluate("document.getElementById('group').value") == "none"
    page.evaluate("document.getElementById('lang-toggle').click()")
    assert page.evaluate("document.querySelector('h1').textContent") == (
        "Park innovation ecosystem explorer")
    park_text = page.evaluate("document.getElementById('park').selectedOptions[0].textContent")
    assert park_text.startswith("Yunhu High-tech Industrial Development Zone")
    # the frame switched too, without a second toggle
    assert page.evaluate(f"{FRAME}.document.documentElement.lang") == "en"
    assert page.evaluate(f"{FRAME}.document.querySelector('h1').textContent").startswith(
        "Collaboration network: Yunhu")
    labels = page.evaluate(f"{FRAME}.ecographViz.nodes.get().map(n => n.label)"
                           ".filter(l => l)")
    assert labels and not any(label.startswith(("E0", "P-")) for label in labels)  # no ids
    assert _state(page)["lang"] == "en"
    page.screenshot("explorer-en")
    _clean(page, demo_server)


@pytest.mark.parametrize(("name", "path"), [
    ("collaboration", f"/viz/collaboration?park={PARK}"),
    ("collaboration-organisations", f"/viz/collaboration?park={PARK}&group=none"),
    ("collaboration-communities", f"/viz/collaboration?park={PARK}&group=community"),
    ("chain-nev", f"/viz/chain?park={PARK}&chain=nev"),
    ("chain-nev-en", f"/viz/chain?park={PARK}&chain=nev&lang=en"),
    ("chain-biomed", f"/viz/chain?park={PARK}&chain=biomed"),
    ("incubation", f"/viz/incubation?park={PARK}"),
    ("incubation-stages", f"/viz/incubation?park={PARK}&level=stages"),
    ("ego", "/viz/ego/U001"),
])
def test_demo_view(page: Page, demo_server: str, name: str, path: str) -> None:
    _big(page)
    page.goto(f"{demo_server}{path}")
    viz_ready(page)
    seen = counts(page)
    assert seen["vis_nodes"] > 0
    assert (seen["header_nodes"], seen["header_edges"]) == (seen["vis_nodes"], seen["vis_edges"])
    heading = page.evaluate("document.querySelector('h1').textContent")
    if name != "ego":  # the park's name, in the page's language
        assert ("Yunhu" if name.endswith("-en") else "云湖高新技术产业开发区") in heading
    if name.startswith("chain"):
        assert overlapping_labels(page) == []
        shapes = page.evaluate("[...new Set(window.ecographViz.nodes.get().map(n => n.shape))]")
        legend = page.evaluate("window.ecographViz.legend.map(i => i.shape)")
        assert set(shapes) <= set(legend)  # every drawn symbol is in the legend
        titles = " ".join(page.evaluate("window.ecographViz.nodes.get().map(n => n.title)"))
        assert "LQ: 0." in titles and "0.1269" not in titles
    page.screenshot(f"view-{name}")
    assert page.evaluate("document.body.dataset.errors") == ""
    assert page.errors == [] and page.outside(demo_server) == []


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_render_offline(page: Page, demo_server: str, path: str) -> None:
    _big(page)
    page.goto(f"{demo_server}{path}")
    ready = ("document.querySelectorAll('.opblock').length" if path == "/docs"
             else "document.querySelectorAll('[data-section-id]').length")
    assert page.wait_for(ready, timeout=30) > 10
    page.screenshot(path.strip("/"))
    assert page.outside(demo_server) == []
    assert page.errors == []
