"""Leydesdorff's triple-helix T on event tables computed by hand."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from ecograph.analysis.collaboration.triple_helix import (
    event_presence,
    helix_entropies,
    sectors,
    triple_helix_t,
)
from ecograph.vocab import Label, ancestors

UI = (True, True, False)
I_ONLY = (False, True, False)
IG = (False, True, True)
UG = (True, False, True)


def test_hand_computed_table() -> None:
    # events: UI, I, IG, UG (N = 4)
    # H_U = H(2/4) = 1; H_I = H(3/4) = 0.75·log2(4/3) + 0.25·2 = 0.811278;
    # H_G = H(2/4) = 1; H_UI: (1,1) 1, (0,1) 2, (1,0) 1 → 1.5;
    # H_UG: four distinct cells → 2; H_IG: (1,0) 2, (1,1) 1, (0,1) 1 → 1.5;
    # H_UIG: four distinct events → 2
    # T = 1 + 0.811278 + 1 − 1.5 − 2 − 1.5 + 2 = −0.188722
    e = helix_entropies([UI, I_ONLY, IG, UG])
    assert e is not None
    assert e.events == 4
    assert (e.h_u, e.h_g, e.h_ui, e.h_ug, e.h_ig, e.h_uig) == pytest.approx(
        (1.0, 1.0, 1.5, 2.0, 1.5, 2.0), abs=1e-9)
    h34 = 0.75 * math.log2(4 / 3) + 0.25 * 2
    assert e.h_i == pytest.approx(h34, abs=1e-9)
    assert e.t == pytest.approx(h34 - 1, abs=1e-9)
    assert triple_helix_t([UI, I_ONLY, IG, UG]) == pytest.approx(-0.188722, abs=1e-6)


def test_independent_balanced_sectors_give_zero() -> None:
    # all 8 cells once: every pair and the triple are independent → T = 1+1+1−2−2−2+3 = 0
    cells = [(u, i, g) for u in (False, True) for i in (False, True) for g in (False, True)]
    assert triple_helix_t(cells) == pytest.approx(0.0, abs=1e-12)


def test_parity_table_gives_minus_one_bit() -> None:
    # events where G = U xor I, the four even-parity cells: pairs independent
    # (H_XY = 2) but the triple determined (H_UIG = 2): T = 3 − 6 + 2 = −1
    events = [(False, False, False), (True, True, False), (True, False, True), (False, True, True)]
    assert triple_helix_t(events) == pytest.approx(-1.0, abs=1e-12)


def test_constant_events_give_zero() -> None:
    assert triple_helix_t([UI, UI, UI]) == 0.0


def test_no_events_is_undefined() -> None:
    assert triple_helix_t([]) is None
    assert helix_entropies(iter(())) is None


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for oid, label in (("u", "University"), ("r", "ResearchInstitute"), ("e", "Enterprise"),
                       ("ga", "GovernmentAgency"), ("gf", "GovernmentGuidanceFund"),
                       ("vc", "VentureCapitalFund"), ("nr", "NewRDInstitution"),
                       ("inc", "Incubator")):
        g.add_node(oid, label=label, labels=frozenset(str(x) for x in ancestors(Label(label))))
    return g


@pytest.mark.parametrize(("node", "expected"), [
    ("u", {"U"}), ("r", {"U"}), ("e", {"I"}), ("ga", {"G"}), ("gf", {"G"}),
    ("vc", set()), ("nr", {"U"}), ("inc", set()),
])
def test_sectors_from_labels(node: str, expected: set[str]) -> None:
    assert sectors(_graph(), node) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("u", "e", (True, True, False)),
    ("e", "e", (False, True, False)),
    ("gf", "r", (True, False, True)),
    ("vc", "inc", (False, False, False)),  # an event with no sector still counts
])
def test_event_presence(a: str, b: str, expected: tuple[bool, bool, bool]) -> None:
    assert event_presence(_graph(), a, b) == expected
