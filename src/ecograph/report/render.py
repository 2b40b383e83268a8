"""Render :class:`ReportData` to one self-contained HTML page (jinja2, autoescape on)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ecograph.report import charts, flows, programmes
from ecograph.report.data import ReportData
from ecograph.report.svg import num, pct
from ecograph.viz.palette import STAGE_NAMES, STATUS_COLORS, STATUS_NAMES, TYPE_NAMES

__all__ = ["render_html"]

_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = num
    env.filters["pct"] = pct
    env.globals.update(
        charts=charts, flows=flows, STATUS_COLORS=STATUS_COLORS, STATUS_NAMES=STATUS_NAMES,
        programmes=programmes, STAGE_NAMES=STAGE_NAMES, TYPE_NAMES=TYPE_NAMES,
    )
    return env


def render_html(report: ReportData) -> str:
    """Return the planner's report as a self-contained HTML page.

    Charts are inline SVG; the page loads no script, font or image from
    anywhere. Every name from the data is escaped.

    Examples
    --------
    >>> import networkx as nx
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> from ecograph.report.build import build_report
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}), name="<script>x</script>")
    >>> page = render_html(build_report(g, "P", systems=load_systems(), stats=[], year=2024))
    >>> page.startswith("<!DOCTYPE html>"), "<script>" in page, "&lt;script&gt;x" in page
    (True, False, True)
    """
    return _environment().get_template("report.html.j2").render(r=report)
