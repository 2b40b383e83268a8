"""The data model's rules on bad and awkward input, one hand-made package each.

Packages live in ``tests/fixtures/input/``; the over-long cell is built in a
temporary folder (a 1 MiB fixture would be noise in the repository).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecograph.errors import InputError, ValidationFailedError
from ecograph.loaders import IngestResult, read_sources
from ecograph.loaders.tabular import MAX_CELL_CHARS

INPUT = Path(__file__).resolve().parents[2] / "fixtures" / "input"


def _read(case: str | Path, **kwargs: object) -> IngestResult:
    path = case if isinstance(case, Path) else INPUT / case
    return read_sources([path], include_chain_maps=False, **kwargs)  # type: ignore[arg-type]


def _node(result: IngestResult, node_id: str) -> dict[str, object]:
    (node,) = [n for n in result.nodes if n["id"] == node_id]
    return dict(node["props"])


def _problems(result: IngestResult) -> list[tuple[str, int | str, str, str]]:
    return [(Path(r.file).name, r.line, r.column, r.severity) for r in result.rejects]


def test_gb18030_file_is_read_with_its_chinese_and_said_so() -> None:
    raw = (INPUT / "gb18030" / "organizations.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is not UTF-8
    result = _read("gb18030")
    assert result.ok, result.rejects
    assert _node(result, "E1")["name"] == "苏州纳米科技有限公司"
    assert _node(result, "E2")["name"] == "𠀀字号研究院"  # four-byte GB18030
    assert _node(result, "E2")["city"] == "昆山"
    assert any("organizations.csv" in n and "GB18030" in n for n in result.notices)


def test_undecodable_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_bytes(b"id,name,type\nE1,\xff\xfe\xff,Enterprise\n")
    with pytest.raises(InputError, match="neither UTF-8 nor GB18030"):
        _read(tmp_path)


def test_industry_codes_are_normalised() -> None:
    result = _read("industry_codes")
    assert result.ok, result.rejects
    codes = {i: _node(result, i)["industry"] for i in ("E1", "E2", "E3", "E4", "E5")}
    assert codes == {"E1": "C3841", "E2": "C3841", "E3": "C38", "E4": "C38", "E5": "C384"}
    classified = {(e["source"], e["target"]) for e in result.edges
                  if e["type"] == "CLASSIFIED_AS"}
    assert classified == {("E1", "C3841"), ("E2", "C3841"), ("E3", "C38"), ("E4", "C38"),
                          ("E5", "C384")}
    assert {n["id"] for n in result.nodes if n["label"] == "Industry"} == {"C3841", "C38", "C384"}


def test_a_row_with_three_problems_reports_three() -> None:
    result = _read("three_problems")
    row = [(r.column, r.reason) for r in result.rejects if r.line == 3]
    assert [c for c, _ in row] == ["type", "qualifications", "name"], row
    assert "Spaceship" in row[0][1] and "SuperStar" in row[1][1]
    assert "X1" not in {n["id"] for n in result.nodes}


def test_bad_optional_cell_rejects_the_cell_and_the_row_loads() -> None:
    result = _read("bad_optional_cell")
    assert _problems(result) == [("organizations.csv", 3, "founded", "warning")]
    props = _node(result, "E2")
    assert "founded" not in props and props["employees"] == 12 and props["city"] == "苏州"
    assert not result.ok  # validate exits 1 on a rejected cell too
    with pytest.raises(ValidationFailedError):
        _read("bad_optional_cell", strict=True)


def test_segments_rejects_name_the_org_column() -> None:
    result = _read("segments_unknown_org")
    assert _problems(result) == [("segments.csv", 3, "org", "error"),
                                 ("segments.csv", 4, "segment", "error")]


def test_duplicate_id_is_reported_even_when_the_first_row_was_rejected() -> None:
    result = _read("duplicate_after_reject")
    assert [(r.line, r.column) for r in result.rejects] == [(2, "qualifications"), (3, "id")]
    assert "conflicting type University: already Enterprise" in result.rejects[1].reason
    assert "E1" not in {n["id"] for n in result.nodes}


def test_package_counts_leave_the_chain_maps_apart() -> None:
    result = read_sources([INPUT / "industry_codes"])
    package, chains = result.package_counts(), result.chain_map_counts()
    assert package == {"rows": 6, "nodes": 9, "edges": 10, "rejects": 0}
    assert chains["nodes"] > 0 and package["nodes"] + chains["nodes"] == len(result.nodes)


# ------------------------------------------------------------------ hostile input
def test_nul_in_a_name_is_rejected_at_its_cell() -> None:
    result = _read("nul_in_name")
    (reject,) = result.rejects
    assert (reject.line, reject.column) == (2, "name") and "U+0000" in reject.reason
    assert reject.value == "甲\\x00公司"
    assert {n["id"] for n in result.nodes} >= {"E2"} and "E1" not in {
        n["id"] for n in result.nodes}
    with pytest.raises(ValidationFailedError):
        _read("nul_in_name", strict=True)


def test_bom_inside_an_id_is_rejected() -> None:
    (reject,) = _read("bom_in_id").rejects
    assert (reject.line, reject.column) == (2, "id") and "U+FEFF" in reject.reason


def test_integer_beyond_int64_is_rejected() -> None:
    result = _read("int64")
    (reject,) = result.rejects
    assert (reject.line, reject.column) == (2, "employees") and "out of range" in reject.reason
    assert "employees" not in _node(result, "E1")
    assert _node(result, "E2")["employees"] == 2**63 - 1


def test_duplicate_header_column_is_rejected() -> None:
    result = _read("duplicate_header")
    assert _problems(result) == [("organizations.csv", 1, "name", "error")]
    assert "E1" not in {n["id"] for n in result.nodes}


def test_unbalanced_quote_is_reported_at_its_opening_line() -> None:
    result = _read("unbalanced_quote")
    (reject,) = result.rejects
    assert reject.line == 2 and "unbalanced quote" in reject.reason
    assert "opened on line 2" in reject.reason and "until line 12" in reject.reason


def test_self_loops_and_own_parent_are_rejected() -> None:
    result = _read("self_loops")
    assert [(Path(r.file).name, r.line, r.column) for r in result.rejects] == [
        ("parks.csv", 3, "parent"), ("relations.csv", 2, "target"),
        ("relations.csv", 3, "target"), ("relations.csv", 4, "target")]
    assert all("self-loop" in r.reason for r in result.rejects)
    assert not any(e["source"] == e["target"] for e in result.edges)
    assert any(e["type"] == "SUPPLIES" and (e["source"], e["target"]) == ("E1", "E2")
               for e in result.edges)


@pytest.mark.parametrize(("size", "rejected"), [(200_000, False), (MAX_CELL_CHARS + 1, True)])
def test_long_cells_up_to_the_bound_are_read(tmp_path: Path, size: int, rejected: bool) -> None:
    shutil.copytree(INPUT / "industry_codes", tmp_path / "pkg")
    path = tmp_path / "pkg" / "organizations.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"E9,{'长' * size},Enterprise,P1,\n")
    result = _read(tmp_path / "pkg")
    if rejected:
        (reject,) = result.rejects
        assert reject.line == 7 and f"{MAX_CELL_CHARS:,} characters" in reject.reason
    else:
        assert result.ok and len(str(_node(result, "E9")["name"])) == size
