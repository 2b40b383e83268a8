"""Data packages, workbooks, chain maps and RDF files read into rows."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook

from ecograph.errors import InputError
from ecograph.loaders import IngestResult, read_sources
from ecograph.mapping import rows_to_rdf
from ecograph.rdfio import serialize
from ecograph.vocab import RelType

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FULL = FIXTURES / "full"
STAMP = "2024-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def full() -> IngestResult:
    return read_sources([FULL], loaded_at=STAMP, include_chain_maps=False)


def _node(result: IngestResult, node_id: str) -> dict[str, object]:
    (node,) = [n for n in result.nodes if n["id"] == node_id]
    return dict(node)


def test_full_fixture_is_clean_and_uses_every_relation_type(full: IngestResult) -> None:
    assert full.rejects == []
    types = Counter(e["type"] for e in full.edges)
    # the data model v2 relations are in tests/fixtures/v2 (tests/unit/loaders/test_v2_tables.py)
    v2 = {"SERVES_PARK", "TRANSFERS_TECHNOLOGY_TO", "PARTICIPATES_IN", "HAS_STATS",
          "HAS_QUALIFICATION", "HAS_INDICATOR"}
    assert set(types) == {str(rel) for rel in RelType} - v2
    # 14 orgs with a park + 1 explicit LOCATED_IN; 5 orgs with a segment row
    assert types["LOCATED_IN"] == 14 and types["IN_SEGMENT"] == 5
    assert types["SUPPLIES"] == 4  # two E1→E2 rows with different since stay two edges


def test_full_fixture_uses_every_edge_attribute(full: IngestResult) -> None:
    attrs = {key for e in full.edges for key in e["props"]}
    assert {"since", "until", "weight", "amount", "kind", "round", "outcome", "date",
            "primary", "ref"} <= attrs


def test_node_props_are_typed_and_normalised(full: IngestResult) -> None:
    e1 = _node(full, "E1")
    assert e1["labels"] == ["Organization", "Enterprise"]
    props = e1["props"]
    assert isinstance(props, dict)
    assert props["founded"] == "2015-01-01"
    assert props["employees"] == 320 and props["revenue"] == 52000.5
    assert props["qualifications"] == ["HighTechEnterprise", "SpecializedSME"]
    assert props["credit_code"] == "91320594MA1X"  # unknown column kept as a string
    assert props["source"] == "full" and props["loaded_at"] == STAMP


def test_until_year_becomes_end_of_year(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text(
        "id,name,type\na,甲,Enterprise\nm,空间,Makerspace\n", encoding="utf-8")
    (tmp_path / "relations.csv").write_text(
        "source,target,type,since,until,outcome\na,m,INCUBATED_IN,2016,2017,graduated\n",
        encoding="utf-8")
    result = read_sources([tmp_path], loaded_at=STAMP, include_chain_maps=False)
    (stay,) = [e for e in result.edges if e["type"] == "INCUBATED_IN"]
    assert stay["props"]["since"] == "2016-01-01" and stay["props"]["until"] == "2017-12-31"
    assert stay["source_label"] == "Organization" and stay["target_label"] == "Organization"


def test_sub_park_and_derived_edges(full: IngestResult) -> None:
    (sub,) = [e for e in full.edges if e["type"] == "SUB_PARK_OF"]
    assert (sub["source"], sub["target"]) == ("P1a", "P1")
    industries = {n["id"] for n in full.nodes if n["label"] == "Industry"}
    assert industries == {"C3841", "C3612", "C3985", "P8341", "M7320"}
    feeds = {(e["source"], e["target"]) for e in full.edges if e["type"] == "FEEDS"}
    assert feeds == {("bat.material", "bat.cell"), ("bat.cell", "bat.pack"),
                     ("bat.pack", "bat.vehicle")}


def test_reading_twice_gives_the_same_rows(full: IngestResult) -> None:
    again = read_sources([FULL], loaded_at=STAMP, include_chain_maps=False)
    assert again.nodes == full.nodes and again.edges == full.edges


def test_stats_count_rows_per_file(full: IngestResult) -> None:
    stats = {Path(k).name: v for k, v in full.stats.items()}
    assert stats["relations.csv"] == {"rows": 18, "nodes": 0, "edges": 18, "rejected": 0}
    assert stats["organizations.csv"]["rows"] == 15


def _workbook(folder: Path, out: Path) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for path in sorted(folder.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
    book.save(out)
    return out


def test_xlsx_workbook_equals_the_csv_folder(full: IngestResult, tmp_path: Path) -> None:
    book = _workbook(FULL, tmp_path / "full.xlsx")
    from_book = read_sources([book], loaded_at=STAMP, include_chain_maps=False)
    assert from_book.rejects == []
    assert from_book.nodes == full.nodes
    assert from_book.edges == full.edges


def test_xlsx_reject_names_the_sheet(tmp_path: Path) -> None:
    book = _workbook(FIXTURES / "bad" / "unknown_type", tmp_path / "bad.xlsx")
    result = read_sources([book], include_chain_maps=False)
    assert [(r.file, r.line, r.column) for r in result.rejects] == [
        (f"{book}:organizations", 5, "type")]


def test_chain_maps_let_packages_reference_shipped_segments(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text("id,name,type\na,甲,Enterprise\n",
                                                encoding="utf-8")
    (tmp_path / "segments.csv").write_text("org,segment,primary\na,nev.cell,true\n",
                                           encoding="utf-8")
    with_maps = read_sources([tmp_path], loaded_at=STAMP)
    assert with_maps.rejects == []
    (edge,) = [e for e in with_maps.edges if e["type"] == "IN_SEGMENT"]
    assert edge["target"] == "nev.cell" and edge["props"]["primary"] is True
    cell = next(n for n in with_maps.nodes if n["id"] == "nev.cell")
    assert cell["props"]["stage"] == "midstream" and "name_en" in cell["props"]
    without = read_sources([tmp_path], loaded_at=STAMP, include_chain_maps=False)
    assert [r.reason for r in without.rejects] == ["unknown target id 'nev.cell'"]


def test_package_chains_csv_overrides_a_shipped_segment(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text("id,name,type\na,甲,Enterprise\n",
                                                encoding="utf-8")
    (tmp_path / "chains.csv").write_text(
        "chain,chain_name,segment,segment_name,stage,feeds\nnev,,nev.cell,电芯（本地）,midstream,\n",
        encoding="utf-8")
    result = read_sources([tmp_path], loaded_at=STAMP)
    assert result.rejects == []
    cell = next(n for n in result.nodes if n["id"] == "nev.cell")
    assert cell["props"]["name"] == "电芯（本地）"
    assert next(n for n in result.nodes if n["id"] == "nev")["props"]["name"] == "新能源汽车"


def test_rdf_file_reads_back_the_same_rows(full: IngestResult, tmp_path: Path) -> None:
    path = tmp_path / "full.ttl"
    path.write_text(serialize(rows_to_rdf(full.nodes, full.edges), "turtle"), encoding="utf-8")
    again = read_sources([path], loaded_at="2030-01-01T00:00:00+00:00",
                         include_chain_maps=False)
    assert again.rejects == []
    key = lambda row: row.get("id") or row.get("key")  # noqa: E731
    assert sorted(again.nodes, key=key) == sorted(full.nodes, key=key)
    assert sorted(again.edges, key=key) == sorted(full.edges, key=key)


def test_rdf_and_package_share_ids(tmp_path: Path) -> None:
    path = tmp_path / "extra.ttl"
    path.write_text("""@prefix eco: <https://w3id.org/ecograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ecograph/id/org/Z1> a eco:Enterprise ; rdfs:label "新公司"@zh ;
    eco:supplies <https://w3id.org/ecograph/id/org/E1> .
""", encoding="utf-8")
    result = read_sources([FULL, path], loaded_at=STAMP, include_chain_maps=False)
    assert result.rejects == []
    (edge,) = [e for e in result.edges if e["source"] == "Z1"]
    assert edge["props"]["source"] == "extra.ttl"


def test_rdf_violation_is_rejected_with_focus_and_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("""@prefix eco: <https://w3id.org/ecograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ecograph/id/org/a> a eco:Enterprise ; rdfs:label "甲"@zh ;
    eco:employees "many" .
<https://w3id.org/ecograph/id/org/b> a eco:Enterprise ; rdfs:label "乙"@zh ;
    eco:supplies <https://w3id.org/ecograph/id/org/a> .
""", encoding="utf-8")
    result = read_sources([path], include_chain_maps=False)
    focus = "https://w3id.org/ecograph/id/org/a"
    shacl = [r for r in result.rejects if r.line == focus]
    assert shacl and {r.column.rsplit("#")[-1] for r in shacl} == {"employees"}
    assert all(r.file == str(path) and r.value == "many" for r in shacl)
    assert [n["id"] for n in result.nodes] == ["b"]
    (dependent,) = [r for r in result.rejects if r.line != focus]
    assert dependent.column == "target"
    assert dependent.reason == f"target 'a' was rejected ({path} <{focus}>)"
    assert result.edges == []


@pytest.mark.parametrize("name", ["notes.txt", "missing_folder"])
def test_unreadable_sources_raise_input_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError):
        read_sources([path], include_chain_maps=False)


def test_folder_without_organizations_is_not_a_package(tmp_path: Path) -> None:
    (tmp_path / "parks.csv").write_text("id,name\nP,园\n", encoding="utf-8")
    with pytest.raises(InputError, match="organizations"):
        read_sources([tmp_path], include_chain_maps=False)


def test_missing_required_column_is_one_reject(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text("id,name\na,甲\n", encoding="utf-8")
    result = read_sources([tmp_path], include_chain_maps=False)
    assert [(Path(r.file).name, r.line, r.column, r.reason) for r in result.rejects] == [
        ("organizations.csv", 1, "type", "missing required column")]
    assert result.nodes == []
