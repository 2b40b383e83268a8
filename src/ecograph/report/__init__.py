"""The planner's report: every analysis of one park in one self-contained HTML page.

:func:`build_report` gathers the results (pure, on the NetworkX projection);
:func:`render_html` turns them into HTML with inline SVG charts.
"""

from __future__ import annotations

from ecograph.report.build import build_report, park_chains
from ecograph.report.data import Action, ReportData
from ecograph.report.render import render_html

__all__ = ["Action", "ReportData", "build_report", "park_chains", "render_html"]
