"""Data model v2 tables: mapping to rows and every reject case, located and kept out.

Each case writes a small package (two parks, four organisations) plus one bad
table and checks the reject's file, line, column and reason, and that nothing
of the rejected row was loaded.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ecograph.loaders import IngestResult, read_sources
from ecograph.mapping.rows import edge_key

STAMP = "2024-01-01T00:00:00+00:00"
V2 = Path(__file__).resolve().parents[2] / "fixtures" / "v2"

PARKS = "id,name,kind\nP1,一号园,HighTechZone\nP2,二号园,IndustrialPark\n"
ORGS = ("id,name,type,park,qualifications\n"
        "E1,甲,Enterprise,P1,HighTechEnterprise\n"
        "E2,乙,Enterprise,P1,\n"
        "U1,大学,University,P2,\n"
        "F1,基金,AngelFund,P2,\n")


def _read(tmp_path: Path, **tables: str) -> IngestResult:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "parks.csv").write_text(PARKS, encoding="utf-8")
    (folder / "organizations.csv").write_text(ORGS, encoding="utf-8")
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return read_sources([folder], loaded_at=STAMP, include_chain_maps=False)


def _located(result: IngestResult) -> list[tuple[str, int | str, str]]:
    return [(Path(r.file).name, r.line, r.column) for r in result.rejects]


def _labels(result: IngestResult) -> Counter[str]:
    return Counter(n["label"] for n in result.nodes)


def _types(result: IngestResult) -> Counter[str]:
    return Counter(e["type"] for e in result.edges)


# ---------------------------------------------------------------- good rows


def test_each_table_maps_to_the_documented_rows(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        qualifications="org,qualification,since,until,level,ref\n"
                       "E1,HighTechEnterprise,2019,2022,national,文号\n",
        org_stats="org,year,revenue,employees,profit,survey\nE1,2023,600,12,-5,S-1\n",
        collaborations="id,kind,date,participants,amount,title\n"
                       "J1,joint_patent,2022-03-01,E1;U1;E2,50,专利甲\n"
                       "J2,joint_project,2021,E1;U1,,\n",
        park_stats="park,year,indicator,value,ref\nP1,2023,hz.1.5,35.4,年鉴\n",
        relations="source,target,type,kind,amount,date,since,until,outcome\n"
                  "F1,P1,SERVES_PARK,,,,2020,2023,\n"
                  "U1,E1,TRANSFERS_TECHNOLOGY_TO,licensing,180,2021-06-01,,,\n",
    )
    assert result.rejects == []
    nodes = {n["id"]: n for n in result.nodes}
    plain = {k: {p: v for p, v in n["props"].items() if p not in ("source", "loaded_at")}
             for k, n in nodes.items()}
    assert nodes["HighTechEnterprise"]["labels"] == ["Qualification"]
    assert plain["HighTechEnterprise"] == {"name": "高新技术企业",
                                           "name_en": "High-tech enterprise"}
    assert nodes["E1@2023"]["labels"] == ["OrgYearStats"]
    assert plain["E1@2023"] == {"org": "E1", "year": 2023, "revenue": 600.0, "employees": 12,
                                "profit": -5.0, "survey": "S-1"}
    assert plain["J1"] == {"kind": "joint_patent", "date": "2022-03-01", "year": 2022,
                           "amount": 50.0, "title": "专利甲"}
    assert plain["J2"] == {"kind": "joint_project", "year": 2021}  # a bare year: no date
    assert plain["P1@2023@hz.1.5"] == {"park": "P1", "year": 2023, "indicator": "hz.1.5",
                                       "value": 35.4, "ref": "年鉴"}
    edges = {(e["type"], e["source"], e["target"]): e for e in result.edges}
    has_q = edges[("HAS_QUALIFICATION", "E1", "HighTechEnterprise")]
    assert {k: has_q["props"][k] for k in ("since", "until", "level", "ref")} == {
        "since": "2019-01-01", "until": "2022-12-31", "level": "national", "ref": "文号"}
    assert ("HAS_STATS", "E1", "E1@2023") in edges
    assert ("HAS_INDICATOR", "P1", "P1@2023@hz.1.5") in edges
    assert {s for t, s, o in edges if t == "PARTICIPATES_IN" and o == "J1"} == {"E1", "U1", "E2"}
    serves = edges[("SERVES_PARK", "F1", "P1")]["props"]
    assert (serves["since"], serves["until"]) == ("2020-01-01", "2023-12-31")
    contract = edges[("TRANSFERS_TECHNOLOGY_TO", "U1", "E1")]["props"]
    assert (contract["kind"], contract["amount"], contract["date"]) == (
        "licensing", 180.0, "2021-06-01")
    # the stated current set stays on the organisation
    assert nodes["E1"]["props"]["qualifications"] == ["HighTechEnterprise"]


def test_stats_ids_and_edge_keys_are_deterministic(tmp_path: Path) -> None:
    result = _read(tmp_path, org_stats="org,year,revenue\nE1,2023,1\n")
    (edge,) = [e for e in result.edges if e["type"] == "HAS_STATS"]
    assert edge["key"] == edge_key("HAS_STATS", "E1", "E1@2023", {})


def test_relocated_is_an_outcome(tmp_path: Path) -> None:
    orgs_with_carrier = ORGS + "M1,众创空间,Makerspace,P1,\n"
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "parks.csv").write_text(PARKS, encoding="utf-8")
    (folder / "organizations.csv").write_text(orgs_with_carrier, encoding="utf-8")
    (folder / "relations.csv").write_text(
        "source,target,type,since,until,outcome\nE2,M1,INCUBATED_IN,2020,2021,relocated\n"
        "E1,M1,INCUBATED_IN,2020,2021,vanished\n", encoding="utf-8")
    result = read_sources([folder], loaded_at=STAMP, include_chain_maps=False)
    assert _located(result) == [("relations.csv", 3, "outcome")]
    assert [e["props"]["outcome"] for e in result.edges if e["type"] == "INCUBATED_IN"] == [
        "relocated"]


def test_the_fixture_package_is_clean_and_uses_every_relation_type() -> None:
    result = read_sources([V2], loaded_at=STAMP)
    assert result.rejects == []
    from ecograph.vocab import RelType

    assert set(_types(result)) == {str(rel) for rel in RelType}


def test_xlsx_sheets_are_the_same_tables(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    sheets = {
        "parks": [["id", "name", "kind"], ["P1", "一号园", "HighTechZone"]],
        "organizations": [["id", "name", "type", "park"], ["E1", "甲", "Enterprise", "P1"],
                          ["U1", "大学", "University", "P1"]],
        "qualifications": [["org", "qualification", "since"], ["E1", "TechSME", 2020]],
        "org_stats": [["org", "year", "revenue"], ["E1", 2023, 600]],
        "collaborations": [["id", "kind", "date", "participants"],
                           ["J1", "joint_lab", 2022, "E1;U1"]],
        "park_stats": [["park", "year", "indicator", "value"], ["P1", 2023, "hz.1.5", 35.4]],
    }
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = read_sources([path], loaded_at=STAMP, include_chain_maps=False)
    assert result.rejects == []
    assert {k: _labels(result)[k] for k in ("Qualification", "OrgYearStats",
                                             "CollaborationEvent", "IndicatorObservation")} == {
        "Qualification": 1, "OrgYearStats": 1, "CollaborationEvent": 1,
        "IndicatorObservation": 1}
    (stats,) = [n for n in result.nodes if n["label"] == "OrgYearStats"]
    assert (stats["id"], stats["props"]["year"], stats["props"]["revenue"]) == (
        "E1@2023", 2023, 600.0)


# ---------------------------------------------------------------- rejects

# case -> (table, text, [(line, column, reason part)], labels absent, types absent)
CASES: dict[str, tuple[str, str, list[tuple[int, str, str]], set[str], set[str]]] = {
    "unknown_qualification": (
        "qualifications", "org,qualification,since\nE1,Spaceship,2020\n",
        [(2, "qualification", "unknown qualification 'Spaceship'")],
        {"Qualification"}, {"HAS_QUALIFICATION"}),
    "qualification_until_before_since": (
        "qualifications", "org,qualification,since,until\nE1,TechSME,2021-05-01,2020-01-01\n",
        [(2, "until", "until is before since")], {"Qualification"}, {"HAS_QUALIFICATION"}),
    "qualification_unknown_org": (
        "qualifications", "org,qualification,since\nE9,TechSME,2021\n",
        [(2, "org", "unknown org id 'E9'")], {"Qualification"}, {"HAS_QUALIFICATION"}),
    "stats_unknown_org": (
        "org_stats", "org,year,revenue\nE9,2023,100\n",
        [(2, "org", "unknown org id 'E9'")], {"OrgYearStats"}, {"HAS_STATS"}),
    "stats_of_a_park": (
        "org_stats", "org,year,revenue\nP1,2023,100\n",
        [(2, "org", "HAS_STATS cannot start at HighTechZone")], {"OrgYearStats"}, {"HAS_STATS"}),
    "stats_year_not_a_year": (
        "org_stats", "org,year,revenue\nE1,23,100\nE1,2023-01-01,100\n",
        [(2, "year", "not a year"), (3, "year", "not a year")], {"OrgYearStats"}, {"HAS_STATS"}),
    "stats_missing_year": (
        "org_stats", "org,year,revenue\nE1,,100\n",
        [(2, "year", "missing required value")], {"OrgYearStats"}, {"HAS_STATS"}),
    "stats_non_numeric_and_negative_all_reported": (
        "org_stats", "org,year,revenue,rd_expense,employees\nE1,2023,lots,-3,12.5\n",
        [(2, "revenue", "not a number"), (2, "rd_expense", "below the minimum 0"),
         (2, "employees", "not an integer")], {"OrgYearStats"}, {"HAS_STATS"}),
    "event_unknown_participant": (
        "collaborations", "id,kind,date,participants\nJ1,joint_patent,2022,E1;X9;U1\n",
        [(2, "participants", "unknown participant id 'X9'")],
        {"CollaborationEvent"}, {"PARTICIPATES_IN"}),
    "event_one_participant": (
        "collaborations", "id,kind,date,participants\nJ1,joint_patent,2022,E1\n"
                          "J2,joint_patent,2022,E1;E1\n",
        [(2, "participants", "at least two distinct participants"),
         (3, "participants", "at least two distinct participants")],
        {"CollaborationEvent"}, {"PARTICIPATES_IN"}),
    "event_unknown_kind_and_negative_amount": (
        "collaborations", "id,kind,date,participants,amount\nJ1,hackathon,2022,E1;U1,-5\n",
        [(2, "kind", "'hackathon' not in allowed values"), (2, "amount", "below the minimum 0")],
        {"CollaborationEvent"}, {"PARTICIPATES_IN"}),
    "event_bad_date": (
        "collaborations", "id,kind,date,participants\nJ1,joint_lab,March 2022,E1;U1\n",
        [(2, "date", "not a date")], {"CollaborationEvent"}, {"PARTICIPATES_IN"}),
    "event_duplicate_id": (
        "collaborations", "id,kind,date,participants\nJ1,joint_lab,2022,E1;U1\n"
                          "J1,joint_lab,2023,E2;U1\n",
        [(3, "id", "duplicate id 'J1'")], set(), set()),
    "stats_duplicate_org_year": (
        "org_stats", "org,year,revenue\nE1,2023,100\nE1,2023,200\n",
        [(3, "year", "duplicate (org, year) 'E1@2023'")], set(), set()),
    "serves_park_from_a_non_fund": (
        "relations", "source,target,type\nE1,P1,SERVES_PARK\n",
        [(2, "source", "SERVES_PARK cannot start at Enterprise 'E1' (domain: Fund)")],
        set(), {"SERVES_PARK"}),
    "serves_park_to_a_non_park": (
        "relations", "source,target,type\nF1,E1,SERVES_PARK\n",
        [(2, "target", "SERVES_PARK target is not a park")], set(), {"SERVES_PARK"}),
    "contract_unknown_kind": (
        "relations", "source,target,type,kind\nU1,E1,TRANSFERS_TECHNOLOGY_TO,joint_patent\n",
        [(2, "kind", "'joint_patent' not in allowed values: consulting, development, "
                     "licensing, service, transfer")],
        set(), {"TRANSFERS_TECHNOLOGY_TO"}),
    "contract_negative_amount": (
        "relations", "source,target,type,kind,amount\nU1,E1,TRANSFERS_TECHNOLOGY_TO,transfer,-1\n",
        [(2, "amount", "below the minimum 0")], set(), {"TRANSFERS_TECHNOLOGY_TO"}),
    "park_stats_unknown_park": (
        "park_stats", "park,year,indicator,value\nP9,2023,hz.1.5,1\n",
        [(2, "park", "unknown park id 'P9'")], {"IndicatorObservation"}, {"HAS_INDICATOR"}),
    "park_stats_of_an_org": (
        "park_stats", "park,year,indicator,value\nE1,2023,hz.1.5,1\n",
        [(2, "park", "HAS_INDICATOR cannot start at Enterprise")],
        {"IndicatorObservation"}, {"HAS_INDICATOR"}),
    "park_stats_every_problem_of_the_row": (
        "park_stats", "park,year,indicator,value\nP1,20x3,hz.99,abc\n",
        [(2, "year", "not a year"), (2, "indicator", "unknown indicator id 'hz.99'"),
         (2, "value", "not a number")], {"IndicatorObservation"}, {"HAS_INDICATOR"}),
    "park_stats_missing_value": (
        "park_stats", "park,year,indicator,value\nP1,2023,hz.1.5,\n",
        [(2, "value", "missing required value")], {"IndicatorObservation"}, {"HAS_INDICATOR"}),
    "park_stats_duplicate": (
        "park_stats", "park,year,indicator,value\nP1,2023,hz.1.5,1\nP1,2023,hz.1.5,2\n",
        [(3, "indicator", "duplicate (park, year, indicator) 'P1@2023@hz.1.5'")], set(), set()),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_row_is_located_and_kept_out(tmp_path: Path, case: str) -> None:
    table, text, expected, no_labels, no_types = CASES[case]
    result = _read(tmp_path, **{table: text})
    got = [(r.line, r.column, r.reason) for r in result.rejects
           if Path(r.file).name == f"{table}.csv"]
    assert [(line, column) for line, column, _ in got] == [(e[0], e[1]) for e in expected]
    for (_, _, reason), (_, _, part) in zip(got, expected, strict=True):
        assert part in reason
    assert all(r.severity == "error" for r in result.rejects)
    assert not no_labels & set(_labels(result)), _labels(result)
    assert not no_types & set(_types(result)), _types(result)


def test_duplicates_keep_the_first_row(tmp_path: Path) -> None:
    result = _read(tmp_path, org_stats="org,year,revenue\nE1,2023,100\nE1,2023,200\n",
                   park_stats="park,year,indicator,value\nP1,2023,hz.1.5,1\nP1,2023,hz.1.5,2\n")
    nodes = {n["id"]: n["props"] for n in result.nodes}
    assert nodes["E1@2023"]["revenue"] == 100.0
    assert nodes["P1@2023@hz.1.5"]["value"] == 1.0


def test_an_event_with_one_unknown_participant_loads_nothing_of_its_row(tmp_path: Path) -> None:
    result = _read(tmp_path, collaborations="id,kind,date,participants\n"
                                            "J1,joint_patent,2022,E1;U1;X9\n"
                                            "J2,joint_patent,2022,E1;U1\n")
    assert _located(result) == [("collaborations.csv", 2, "participants")]
    events = {e["target"] for e in result.edges if e["type"] == "PARTICIPATES_IN"}
    assert events == {"J2"}
    assert [n["id"] for n in result.nodes if n["label"] == "CollaborationEvent"] == ["J2"]
    assert result.stats[str(tmp_path / "pkg" / "collaborations.csv")]["nodes"] == 1


def test_a_qualification_nobody_holds_is_not_loaded(tmp_path: Path) -> None:
    result = _read(tmp_path, qualifications="org,qualification,since\nE9,TechSME,2021\n"
                                            "E1,Gazelle,2022\n")
    assert [n["id"] for n in result.nodes if n["label"] == "Qualification"] == ["Gazelle"]


def test_reading_twice_gives_the_same_rows(tmp_path: Path) -> None:
    first = read_sources([V2], loaded_at=STAMP)
    second = read_sources([V2], loaded_at=STAMP)
    assert first.nodes == second.nodes and first.edges == second.edges
