"""The data model v2 tables of ``tests/fixtures/v2`` in both stores: counts, reload, replace,
projection read back by ``ecograph.analysis.observations``.

Expected figures are counted by hand from the fixture's CSV files.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from ecograph.analysis.observations import (
    collaboration_events,
    indicator_observations,
    org_year_stats,
    qualifications_at,
)
from ecograph.loaders import read_sources
from ecograph.stores.base import GraphStore

pytestmark = pytest.mark.integration

V2 = Path(__file__).resolve().parents[2] / "fixtures" / "v2"
STAMP = "2024-01-01T00:00:00+00:00"

# organizations.csv: 9 enterprises, U01, R01, R02, 4 carriers, 3 funds, S01, G01, K01
ORGS = 22
V2_NODES = {"Qualification": 5, "OrgYearStats": 10, "CollaborationEvent": 6,
            "IndicatorObservation": 6}
# PARTICIPATES_IN: EV01 3 + EV02 4 + EV03 2 + EV04 2 + EV05 3 + EV06 4
V2_RELS = {"HAS_QUALIFICATION": 13, "HAS_STATS": 10, "PARTICIPATES_IN": 18,
           "HAS_INDICATOR": 6, "SERVES_PARK": 3, "TRANSFERS_TECHNOLOGY_TO": 4,
           "INCUBATED_IN": 7}


def _load(store: GraphStore, package: Path, *, replace: bool = False) -> None:
    result = read_sources([package], loaded_at=STAMP, source_name="v2")
    assert result.rejects == []
    store.load(result.nodes, result.edges, source="v2", replace=replace)


def _v2_counts(store: GraphStore) -> tuple[dict[str, int], dict[str, int]]:
    stats = store.stats()
    nodes = {label: stats["nodes"].get(label, 0) for label in [*V2_NODES, "Organization"]}
    rels = {rel: stats["relationships"].get(rel, 0) for rel in V2_RELS}
    return nodes, rels


def test_v2_package_loads_every_new_label_and_type(store: GraphStore) -> None:
    _load(store, V2)
    nodes, rels = _v2_counts(store)
    assert nodes == {**V2_NODES, "Organization": ORGS}
    assert rels == V2_RELS


def test_v2_reload_changes_nothing(store: GraphStore) -> None:
    _load(store, V2)
    before = store.stats()
    _load(store, V2)
    assert store.stats() == before


def test_v2_replace_drops_what_the_new_version_lacks(store: GraphStore, tmp_path: Path) -> None:
    _load(store, V2)
    changed = tmp_path / "v2"
    shutil.copytree(V2, changed)
    stats = (changed / "org_stats.csv").read_text(encoding="utf-8").splitlines()
    (changed / "org_stats.csv").write_text(  # drop E08's 2023 row (the last)
        "\n".join(stats[:-1]) + "\n", encoding="utf-8")
    (changed / "park_stats.csv").write_text(
        "park,year,indicator,value\nPV,2023,hz.1.5,36.0\n", encoding="utf-8")
    _load(store, changed, replace=True)
    nodes, rels = _v2_counts(store)
    assert nodes["OrgYearStats"] == 9 and rels["HAS_STATS"] == 9
    assert nodes["IndicatorObservation"] == 1 and rels["HAS_INDICATOR"] == 1
    graph = store.to_networkx()
    assert [(o.park, o.year, o.value) for o in indicator_observations(graph)] == [
        ("PV", 2023, 36.0)]


def test_projection_reads_back_through_the_observation_readers(store: GraphStore) -> None:
    _load(store, V2)
    graph = store.to_networkx()
    assert graph.nodes["E03@2023"]["labels"] == frozenset({"OrgYearStats"})
    stats = org_year_stats(graph)
    assert stats["E03"][2023]["revenue"] == 4999.0
    assert stats["E03"][2023]["profit"] == -300.0
    assert sorted(stats["E01"]) == [2022, 2023]
    # E02: TechSME 2017–2019, HTE from 2019-12-02, SpecializedSME 2020-06, LittleGiant 2022-08
    assert qualifications_at(graph, "E02", date(2018, 6, 1)) == {"TechSME"}
    assert qualifications_at(graph, "E02", date(2023, 1, 1)) == {
        "HighTechEnterprise", "SpecializedSME", "LittleGiant"}
    events = {e.id: e for e in collaboration_events(graph, include_ties=False)}
    assert sorted(events) == ["EV01", "EV02", "EV03", "EV04", "EV05", "EV06"]
    assert events["EV02"].participants == ("E01", "E02", "G01", "U01")
    assert (events["EV02"].year, events["EV02"].amount, events["EV02"].date) == (2023, 1200.0, None)
    assert events["EV01"].date == date(2022, 3, 15)
    observed = [(o.year, o.indicator, o.value) for o in indicator_observations(graph, "PV")]
    assert observed == [(2022, "hz.1.5", 31.2), (2023, "gx.5.1.1", 12.5),
                        (2023, "hz.1.5", 35.4), (2023, "hz.2.2", 41.5)]
    contracts = sorted((u, v, d["kind"], d["amount"]) for u, v, d in graph.edges(data=True)
                       if d["type"] == "TRANSFERS_TECHNOLOGY_TO")
    assert contracts == [("E01", "E09", "service", 90.0), ("R01", "E01", "development", 650.0),
                         ("R02", "E07", "transfer", 420.0), ("U01", "E03", "licensing", 180.0)]
    serves = sorted((u, v) for u, v, d in graph.edges(data=True) if d["type"] == "SERVES_PARK")
    assert serves == [("F01", "PV"), ("F02", "PV"), ("F03", "PW")]
    outcomes = sorted(d["outcome"] for _, _, d in graph.edges(data=True)
                      if d["type"] == "INCUBATED_IN")
    assert outcomes.count("relocated") == 1


def test_export_of_the_loaded_package_is_the_rdf_built_directly(store: GraphStore) -> None:
    from rdflib.compare import isomorphic

    from ecograph.mapping import rdf_to_rows, rows_to_rdf

    result = read_sources([V2], loaded_at=STAMP, source_name="v2")
    store.load(result.nodes, result.edges, source="v2")
    exported = rows_to_rdf(*store.iter_rows())
    assert isomorphic(exported, rows_to_rdf(result.nodes, result.edges))
    nodes, edges = rdf_to_rows(exported)
    assert {n["id"]: n for n in nodes} == {n["id"]: n for n in result.nodes}
    assert {e["key"]: e for e in edges} == {e["key"]: e for e in result.edges}
