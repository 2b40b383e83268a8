"""HTML rendering: self-contained, safe, and reporting its state to the page."""

from __future__ import annotations

import json
import re

import pytest

from ecograph.viz.render import LegendItem, VizEdge, VizNode, VizPage, render_html

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def _page(n: int, *, name: str = "甲", notice: tuple[str, str] | None = None) -> VizPage:
    nodes = tuple(VizNode(f"n{i}", f"{name}{i}", f"N{i}", "#4e79a7", x=i * 10.0, y=-i * 5.0)
                  for i in range(n))
    edges = tuple(VizEdge(f"n{i}", f"n{i + 1}", width=2.0) for i in range(n - 1))
    legend = (LegendItem("#e15759", "高校", "University"),)
    return VizPage("图", "Graph", nodes, edges, legend=legend, notice=notice)


def _data(html: str, name: str) -> list[dict[str, object]]:
    match = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", html)
    assert match is not None
    data: list[dict[str, object]] = json.loads(match.group(1).replace("<\\/", "</"))
    return data


@pytest.mark.parametrize("asset_base", [None, "/static/vis"])
def test_page_needs_no_internet(asset_base: str | None) -> None:
    html = render_html(_page(3), asset_base=asset_base)
    assert not EXTERNAL.search(html)
    if asset_base is None:
        assert "vis.Network=" in html or "Network" in html
        assert len(html) > 400_000  # vis-network inlined
    else:
        assert '<script src="/static/vis/vis-network.min.js">' in html


def test_nodes_carry_positions_and_both_languages() -> None:
    html = render_html(_page(3), asset_base="/x")
    nodes = _data(html, "nodes")
    assert [(n["id"], n["x"], n["y"], n["label"], n["label_en"]) for n in nodes] == [
        ("n0", 0.0, -0.0, "甲0", "N0"),
        ("n1", 10.0, -5.0, "甲1", "N1"),
        ("n2", 20.0, -10.0, "甲2", "N2"),
    ]
    edges = _data(html, "edges")
    assert [(e["from"], e["to"], e["width"]) for e in edges] == [
        ("n0", "n1", 2.0), ("n1", "n2", 2.0)]
    assert '"en":"University"' in html and "lang-toggle" in html  # the legend, drawn by the page


def test_physics_short_for_small_graphs_off_for_large() -> None:
    small = re.search(r"var options = (\{.*?\});\n", render_html(_page(5), asset_base="/x"))
    large = re.search(r"var options = (\{.*?\});\n", render_html(_page(400), asset_base="/x"))
    assert small is not None and large is not None
    assert json.loads(small.group(1))["physics"]["stabilization"]["iterations"] == 120
    assert json.loads(large.group(1))["physics"]["enabled"] is False


def test_fixed_layout_keeps_server_positions_without_physics() -> None:
    from dataclasses import replace

    page = replace(_page(5), fixed_layout=True)
    options = re.search(r"var options = (\{.*?\});\n", render_html(page, asset_base="/x"))
    assert options is not None
    physics = json.loads(options.group(1))["physics"]
    assert physics["enabled"] is False
    assert physics["stabilization"]["enabled"] is False


def test_names_cannot_break_out_of_the_script() -> None:
    html = render_html(_page(2, name="</script><script>alert(1)</script>"), asset_base="/x")
    assert "</script><script>alert(1)" not in html  # the closing tag is escaped
    assert _data(html, "nodes")[0]["label"] == "</script><script>alert(1)</script>0"


def test_notice_is_shown_only_when_reduced() -> None:
    assert 'id="viz-notice"' not in render_html(_page(2), asset_base="/x")
    html = render_html(_page(2, notice=("已精简", "reduced")), asset_base="/x")
    assert 'id="viz-notice" data-zh="已精简" data-en="reduced"' in html
