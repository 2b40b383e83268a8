"""The committed demo package: reproducible, valid, loaded by ``ecograph demo``, and rich.

Every analysis on the demo must show something worth seeing: gaps (补链 and
强链 in every leading chain, 延链 and 远链 among them) with candidates tied to
the park in every leading chain of every park, incubation
handoffs (and carriers without accelerator handoffs), a 产学研 core with a
non-zero collaboration density.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from ecograph.analysis.chain.linkage import chain_linkage
from ecograph.analysis.collaboration.density import collaboration_density
from ecograph.analysis.common import leading_chains
from ecograph.analysis.incubation.handoffs import incubation_handoffs
from ecograph.cli.app import app
from ecograph.loaders import read_sources
from ecograph.resources import DEMO_DIR
from ecograph.stores import open_store
from ecograph.synth import DEMO_ORGS, DEMO_SEED, generate

FILES = ("parks.csv", "organizations.csv", "segments.csv", "relations.csv", "qualifications.csv",
         "org_stats.csv", "collaborations.csv")
#: The demo's parks and their leading chains (see loaders/demo/README.md).
LEADING = {"P-YH": ("nev", "ic", "biomed"), "P-JK": ("nev",), "P-XS": ("ic", "biomed")}


def test_committed_demo_is_what_the_generator_writes(tmp_path: Path) -> None:
    generate(tmp_path, orgs=DEMO_ORGS, seed=DEMO_SEED, parks=3)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), name


def test_demo_validates_with_zero_rejects() -> None:
    result = read_sources([DEMO_DIR])
    assert result.rejects == []
    assert 1_500 <= sum(1 for n in result.nodes if "Organization" in n["labels"]) <= 2_000
    with (DEMO_DIR / "relations.csv").open(encoding="utf-8") as handle:
        relations = sum(1 for _ in handle) - 1
    assert 4.0 < relations / DEMO_ORGS < 6.0  # the generator's default density


@pytest.fixture(scope="module")
def demo_graph(embedded_server: object) -> nx.MultiDiGraph:
    """Load the demo through ``ecograph demo --no-serve`` twice; project the store."""
    with open_store() as store:
        store.clear()
    runner = CliRunner()
    stats = []
    for _ in range(2):
        result = runner.invoke(app, ["demo", "--no-serve"])
        assert result.exit_code == 0, result.output
        assert "0 rejects" in result.output and "http://" in result.output
        with open_store() as store:
            stats.append(store.stats())
    assert stats[0] == stats[1]  # idempotent
    with open_store() as store:
        graph = store.to_networkx()
    return graph


@pytest.mark.integration
@pytest.mark.parametrize(("park", "chain"), [(p, c) for p, cs in LEADING.items() for c in cs])
def test_every_leading_chain_has_gaps_with_tied_candidates(
        demo_graph: nx.MultiDiGraph, park: str, chain: str) -> None:
    report = chain_linkage(demo_graph, park, chain)
    assert report.leading and report.label is None
    statuses = {s.status for s in report.segments}
    assert {"missing", "weak", "present"} <= statuses
    for action in ("补链", "强链"):
        gaps = [g for g in report.gaps if g.action == action]
        assert any(g.candidates and g.candidates[0].ties > 0 for g in gaps), action
    assert report.anchors and report.targets
    # links into missing segments count as not realised (v1 gave 100 % everywhere)
    assert report.link_realization is not None and 0 < report.link_realization < 1
    assert any(g.action == "远链" for g in report.gaps)
    assert 0 < (report.local_sourcing_share or 0) < 1


@pytest.mark.integration
def test_leading_chains_show_every_kind_of_gap(demo_graph: nx.MultiDiGraph) -> None:
    gaps = [g for p, cs in LEADING.items() for c in cs
            for g in chain_linkage(demo_graph, p, c).gaps]
    assert {g.action for g in gaps} == {"补链", "强链", "延链", "远链"}
    assert any(g.action == "强链" and g.status == "present" and g.import_dependent
               for g in gaps)
    assert not any(g.recommended for g in gaps if g.action == "远链")


@pytest.mark.integration
def test_demo_parks_declare_their_leading_chains(demo_graph: nx.MultiDiGraph) -> None:
    for park, chains in LEADING.items():
        assert tuple(leading_chains(demo_graph, park)) == chains
    assert leading_chains(demo_graph, "P-YH-SP") == []  # a sub-park inherits none
    other = chain_linkage(demo_graph, "P-JK", "biomed")
    assert (other.leading, other.label, other.targets) == (False, "not a leading chain", ())


def _current(attrs: dict[str, object], day: date) -> bool:
    since, until = attrs.get("since"), attrs.get("until")
    return (since is None or str(since) <= day.isoformat()) and (
        until is None or str(until) >= day.isoformat())


@pytest.mark.integration
@pytest.mark.parametrize(("park", "chain"), [("P-JK", "nev"), ("P-YH", "ic")])
def test_local_sourcing_recomputed_from_the_spec(
        demo_graph: nx.MultiDiGraph, park: str, chain: str) -> None:
    """Section 1, straight from the definitions, against the analysis."""
    day = date(2025, 6, 30)
    closure = {park} | {s for s, t, a in demo_graph.edges(data=True)
                        if a["type"] == "SUB_PARK_OF" and t == park}
    members = {s for s, t, a in demo_graph.edges(data=True)
               if a["type"] == "LOCATED_IN" and t in closure and _current(a, day)}
    segments = {s for s, t, a in demo_graph.edges(data=True)
                if a["type"] == "SEGMENT_OF" and t == chain}
    firms = {s for s, t, a in demo_graph.edges(data=True) if a["type"] == "IN_SEGMENT"
             and t in segments and s in members and _current(a, day)}
    buys = [(s, a) for s, t, a in demo_graph.edges(data=True)
            if a["type"] == "SUPPLIES" and t in firms and _current(a, day)]
    assert buys and all(a.get("amount") is not None for _, a in buys)  # amount basis
    local = sum(float(a["amount"]) for s, a in buys if s in members)
    total = sum(float(a["amount"]) for _, a in buys)
    report = chain_linkage(demo_graph, park, chain, as_of=day)
    assert report.basis == "amount"
    assert report.local_sourcing_share == pytest.approx(local / total, rel=1e-9)
    # v1's both-direction share understated local sourcing
    feeds = [(s, t) for s, t, a in demo_graph.edges(data=True)
             if a["type"] == "FEEDS" and s in segments and t in segments]
    assert report.ratios["link_realization"].denominator == sum(
        1 for _, t in feeds
        if any(a["type"] == "IN_SEGMENT" and o in firms and _current(a, day)
               for o, _, a in demo_graph.in_edges(t, data=True)))


@pytest.mark.integration
@pytest.mark.parametrize("park", sorted(LEADING))
def test_incubation_shows_handoffs_and_gaps(demo_graph: nx.MultiDiGraph, park: str) -> None:
    report = incubation_handoffs(demo_graph, park)
    kinds = {(h.stage, h.to_stage) for h in report.handoffs}
    assert ("Incubator", "Accelerator") in kinds
    assert ("Makerspace", "Incubator") in kinds
    assert {f.fate for f in report.fates} == {"handed_off", "retained", "leaked"}
    senders = {e.source for e in report.network if e.target_stage == "Accelerator"}
    assert senders  # carriers with accelerator handoffs …
    assert report.successor_gaps  # … and carriers without a successor
    assert not senders & {g.carrier for g in report.successor_gaps}
    assert report.graduation_eligible


@pytest.mark.integration
@pytest.mark.parametrize("park", sorted(LEADING))
def test_collaboration_has_a_visible_iur_core(demo_graph: nx.MultiDiGraph, park: str) -> None:
    report = collaboration_density(demo_graph, park)
    assert report.density is not None and report.density > 0
    assert report.iur_share is not None and report.iur_share > 0.3
    assert report.giant_component_share is not None and report.giant_component_share > 0.1
    assert report.triple_helix_T is not None and report.triple_helix_T != 0
    assert report.brokers
    assert len(report.trend) >= 5


@pytest.mark.integration
def test_demo_load_counts(demo_graph: nx.MultiDiGraph) -> None:
    labels = [d.get("label") for _, d in demo_graph.nodes(data=True)]
    assert labels.count("Enterprise") == 1384
    assert sum(1 for lab in labels if lab in {"Makerspace", "Incubator", "Accelerator"}) > 20

