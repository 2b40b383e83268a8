"""The planner's report in headless Chromium: the demo's main park and the API page.

The demo report (park ``P-YH``, year 2024, with the demo's ``park_stats.csv``)
is rendered to ``artifacts/report-P-YH.html`` and opened from disk; the page
must load no resource at all, log no console error, hold its charts and
use a CJK font. A full-page screenshot at A4 width goes to ``artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ecograph.analysis.indicators.systems import load_systems, read_park_stats
from ecograph.report import build_report, render_html
from ecograph.resources import DEMO_DIR
from ecograph.stores.projection import build_graph

from .conftest import ARTIFACTS, Page

pytestmark = pytest.mark.browser

A4_WIDTH = 800  # CSS px: the report's main column is 800 px wide

BROKEN_IMAGES = ("Array.from(document.images)"
                 ".filter(i => !i.complete || i.naturalWidth === 0).length")
#: Everything the page fetched after its document (no exemption: the report
#: declares ``<link rel="icon" href="data:,">``, so not even a favicon).
RESOURCES = "performance.getEntriesByType('resource').map(e => e.name)"


def _full_page(page: Page, name: str) -> Path:
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    page.send("Emulation.setDeviceMetricsOverride", width=A4_WIDTH, height=height,
              deviceScaleFactor=1, mobile=False)
    return page.screenshot(name)


@pytest.fixture(scope="module")
def demo_report() -> Path:
    from ecograph.loaders import read_sources

    rows = read_sources([DEMO_DIR])
    graph = build_graph([dict(n) for n in rows.nodes], [dict(e) for e in rows.edges])
    stats = read_park_stats([DEMO_DIR / "park_stats.csv"])
    html = render_html(build_report(graph, "P-YH", systems=load_systems(), stats=stats,
                                    year=2024))
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "report-P-YH.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_demo_report_renders_cleanly(page: Page, demo_report: Path) -> None:
    page.send("Emulation.setDeviceMetricsOverride", width=A4_WIDTH, height=1100,
              deviceScaleFactor=1, mobile=False)
    page.goto(demo_report.as_uri())
    page.wait_for("location.protocol === 'file:' && document.readyState === 'complete'")
    assert page.evaluate(BROKEN_IMAGES) == 0
    assert page.evaluate(RESOURCES) == []  # self-contained: nothing fetched
    assert page.evaluate("document.querySelectorAll('svg.chart').length") >= 8
    # six sections, plus 梯度培育 and 园区+基金
    assert page.evaluate("document.querySelectorAll('section h2').length") == 8
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '园区')")
    # nothing wider than the page: A4-legible without horizontal scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    shot = _full_page(page, "report-P-YH")
    assert shot.stat().st_size > 50_000
    assert page.errors == []


def test_api_report_page_renders_cleanly(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/parks/P1/report")
    page.wait_for("location.pathname.endsWith('/report') && document.readyState === 'complete'")
    assert page.evaluate("document.querySelector('h1').textContent").startswith("苏州工业园区")
    assert page.evaluate(BROKEN_IMAGES) == 0
    assert page.evaluate(RESOURCES) == []
    # the tab's own network log agrees: one request, the page itself
    assert page.requests == [f"{live_server}/parks/P1/report"]
    _full_page(page, "report-P1")
    assert page.errors == []
