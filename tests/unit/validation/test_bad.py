"""One test per bad-input case of the spec: reported file, line, column, reason; row kept out."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecograph.errors import ValidationFailedError
from ecograph.loaders import IngestResult, read_sources

BAD = Path(__file__).resolve().parents[2] / "fixtures" / "bad"
STAMP = "2024-01-01T00:00:00+00:00"

# case -> (file, line, column, reason fragment, kind of thing that must be absent, its id);
# kind "cell": a bad optional descriptive cell, the node loads without that property.
CASES = {
    "unknown_type": ("organizations.csv", 5, "type", "unknown type 'Spaceship'", "node", "X1"),
    "unknown_source": ("relations.csv", 4, "source", "unknown source id 'GHOST'",
                       "edge", ("GHOST", "E2")),
    "unknown_target": ("relations.csv", 4, "target", "unknown target id 'GHOST'",
                       "edge", ("E1", "GHOST")),
    "incubated_non_carrier": ("relations.csv", 4, "target",
                              "INCUBATED_IN target is not an incubation carrier",
                              "edge", ("E1", "E2", "INCUBATED_IN")),
    "until_before_since": ("relations.csv", 4, "until", "until is before since",
                           "edge", ("E2", "E1")),
    "duplicate_conflicting": ("organizations.csv", 5, "id",
                              "duplicate id 'E1' with conflicting type University",
                              "label", ("E1", "Enterprise")),
    "id_reused_across_kinds": ("organizations.csv", 5, "id",
                               "duplicate id 'P1' with conflicting type Enterprise",
                               "label", ("P1", "HighTechZone")),
    "non_numeric": ("organizations.csv", 5, "employees", "not an integer: 'many'",
                    "cell", ("E3", "employees")),
    "non_numeric_edge": ("relations.csv", 4, "weight", "not a number: 'heavy'",
                         "edge", ("E2", "E1")),
    "unknown_qualification": ("organizations.csv", 5, "qualifications",
                              "unknown qualification name 'SuperStar'", "node", "E3"),
    "feeds_cycle": ("chains.csv", 5, "feeds", "feeds cycle inside chain 'c'",
                    "edge", ("c.d", "c.a", "FEEDS")),
    "bad_domain": ("relations.csv", 4, "source", "SEGMENT_OF cannot start at Enterprise",
                   "edge", ("E1", "c", "SEGMENT_OF")),
    "bad_range": ("relations.csv", 4, "target", "SUPPLIES cannot end at ChainSegment",
                  "edge", ("E1", "c.a")),
    "unknown_rel_type": ("relations.csv", 4, "type", "unknown relation type 'LIKES'",
                         "edge", ("E1", "E2", "LIKES")),
    "bad_park_kind": ("parks.csv", 3, "kind", "unknown kind 'Spaceport'", "node", "P2"),
    "bad_level": ("parks.csv", 3, "level", "'galactic' not in allowed values",
                  "cell", ("P2", "level")),
    "bad_stage": ("chains.csv", 5, "stage", "'sidestream' not in allowed values", "node", "c.d"),
    "bad_outcome": ("relations.csv", 4, "outcome", "'failed' not in allowed values",
                    "edge", ("E2", "I1")),
    "bad_collab_kind": ("relations.csv", 4, "kind", "'gossip' not in allowed values",
                        "edge", ("E1", "E2", "COLLABORATES_WITH")),
    "unknown_park_ref": ("organizations.csv", 5, "park", "unknown target id 'P9'",
                         "edge", ("E3", "P9")),
    "bad_industry_code": ("organizations.csv", 5, "industry",
                          "not a GB/T 4754-2017 industry code", "cell", ("E3", "industry")),
    "bad_date": ("relations.csv", 4, "since", "not a date", "edge", ("E2", "E1")),
    "missing_name": ("organizations.csv", 5, "name", "missing required value", "node", "E3"),
    "rejected_dependency": ("relations.csv", 4, "source",
                            "source 'X1' was rejected (", "edge", ("X1", "E1")),
}


def _read(case: str) -> IngestResult:
    return read_sources([BAD / case], loaded_at=STAMP, include_chain_maps=False)


def _present(result: IngestResult, kind: str, what: object) -> bool:
    if kind == "node":
        return any(n["id"] == what for n in result.nodes)
    parts = [str(x) for x in what] if isinstance(what, tuple) else []
    if kind == "cell":  # "present" unless the node loaded without the bad property
        found = [n for n in result.nodes if n["id"] == parts[0]]
        return not found or parts[1] in found[0]["props"]
    if kind == "label":
        return [n["label"] for n in result.nodes if n["id"] == parts[0]] != [parts[1]]
    source, target, rel = parts[0], parts[1], parts[2:]
    return any(e["source"] == source and e["target"] == target
               and (not rel or e["type"] == rel[0]) for e in result.edges)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_row_is_reported_and_kept_out(case: str) -> None:
    file, line, column, reason, kind, what = CASES[case]
    result = _read(case)
    matching = [r for r in result.rejects
                if Path(r.file).name == file and r.line == line and r.column == column]
    assert matching, f"no reject at {file}:{line}:{column}; got {result.rejects}"
    assert reason in matching[0].reason
    assert Path(matching[0].file).parent.name == case
    assert not _present(result, kind, what)
    assert matching[0].severity == ("warning" if kind == "cell" else "error")


@pytest.mark.parametrize("case", sorted(CASES))
def test_good_rows_still_load(case: str) -> None:
    result = _read(case)
    ids = {n["id"] for n in result.nodes}
    assert {"P1", "E2", "I1", "c", "c.a", "c.b", "c.c"} <= ids
    assert any(e["type"] == "SUPPLIES" and e["source"] == "E1" and e["target"] == "E2"
               and e["props"]["since"] == "2019-01-01" for e in result.edges)


def test_rejected_node_reports_its_dependent_edge_too() -> None:
    result = _read("rejected_dependency")
    assert [(Path(r.file).name, r.line) for r in result.rejects] == [
        ("organizations.csv", 5), ("relations.csv", 4)]


def test_reject_value_is_the_cell_as_written() -> None:
    (reject,) = _read("until_before_since").rejects
    assert reject.value == "2020"  # not the normalised 2020-12-31


def test_strict_raises_with_the_rejects() -> None:
    with pytest.raises(ValidationFailedError) as info:
        read_sources([BAD / "unknown_type"], strict=True, include_chain_maps=False)
    assert len(info.value.rejects) == 1


def test_base_package_without_the_bad_row_is_clean(tmp_path: Path) -> None:
    for src in (BAD / "unknown_type").iterdir():
        lines = src.read_text(encoding="utf-8").splitlines()
        if src.name == "organizations.csv":
            lines = lines[:-1]
        (tmp_path / src.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_sources([tmp_path], loaded_at=STAMP, include_chain_maps=False)
    assert result.rejects == []
    # P1, E1, E2, I1, industry C3841, chain c, segments c.a c.b c.c
    # 3 LOCATED_IN, 1 CLASSIFIED_AS, 3 SEGMENT_OF, 2 FEEDS, 1 SUPPLIES, 1 INCUBATED_IN
    assert result.counts() == {"nodes": 9, "edges": 11, "rejects": 0}
