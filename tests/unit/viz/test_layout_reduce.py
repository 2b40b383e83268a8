"""Layouts and node caps of the visualisations."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from ecograph.errors import ParameterError
from ecograph.viz.layout import column_layout, force_layout
from ecograph.viz.reduce import cap_nodes


def test_force_layout_is_seeded_and_spread() -> None:
    g = nx.gnm_random_graph(200, 600, seed=3)
    first = force_layout(g, seed=1)
    assert first == force_layout(g, seed=1)
    assert first != force_layout(g, seed=2)
    xs = [x for x, _ in first.values()]
    ys = [y for _, y in first.values()]
    # the larger side is scaled to spacing * sqrt(n) = 60 * sqrt(200)
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx(60 * math.sqrt(200), rel=1e-3)
    assert len(set(first.values())) == 200


def test_force_layout_ignores_self_loops_and_multi_edges() -> None:
    g = nx.MultiDiGraph([("a", "a"), ("a", "b"), ("b", "a")])
    assert set(force_layout(g)) == {"a", "b"}


def test_column_layout_orders_and_centres() -> None:
    pos = column_layout({"down": ["c"], "up": ["a", "b"], "zz": ["d"]}, ["up", "down"], dx=10, dy=2)
    assert pos == {"a": (0.0, -1.0), "b": (0.0, 1.0), "c": (10.0, 0.0), "d": (20.0, 0.0)}


def test_cap_keeps_highest_degree_nodes() -> None:
    g = nx.Graph([("hub", f"l{i}") for i in range(5)] + [("l0", "l1"), ("x", "y")])
    r = cap_nodes(g, 3)
    # degrees: hub 5, l0 2, l1 2, others 1
    assert sorted(r.graph.nodes) == ["hub", "l0", "l1"]
    assert (r.total, r.kept, r.reduced) == (8, 3, True)
    assert r.notice is not None and "3" in r.notice[0] and "8" in r.notice[0]
    assert g.number_of_nodes() == 8  # input untouched


def test_cap_pins_nodes_and_rejects_bad_cap() -> None:
    g = nx.star_graph(5)
    assert 5 in cap_nodes(g, 2, pinned=[5, "absent"]).graph
    assert cap_nodes(g, 6).notice is None
    with pytest.raises(ParameterError):
        cap_nodes(g, 0)
