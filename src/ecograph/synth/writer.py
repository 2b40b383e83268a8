"""Streaming CSV writer for a data package (the files of data-model.md).

Rows go straight to disk, so a package of a million organisations never sits
in memory. Columns are exactly those of the spec's "Tabular input".
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

from ecograph.errors import InputError

__all__ = ["COLUMNS", "STAT_FIELDS", "PackageWriter"]

#: The ``org_stats.csv`` measures, in the spec's order (money in 万元).
STAT_FIELDS: Final[tuple[str, ...]] = (
    "revenue", "rd_expense", "employees", "rd_staff", "masters_phd", "invention_patents",
    "invention_patents_held", "new_product_revenue", "export_revenue", "profit", "tax")

COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "parks.csv": ("id", "name", "name_en", "kind", "level", "province", "city", "parent",
                  "area_km2", "leading_chains", "tier_category"),
    "organizations.csv": ("id", "name", "name_en", "type", "park", "founded", "level",
                          "qualifications", "industry", "employees", "revenue", "rd_expense",
                          "province", "city"),
    "segments.csv": ("org", "segment", "primary"),
    "relations.csv": ("source", "target", "type", "kind", "since", "until", "date", "weight",
                      "amount", "round", "outcome", "ref"),
    "qualifications.csv": ("org", "qualification", "since", "until", "level", "ref"),
    "org_stats.csv": ("org", "year", *STAT_FIELDS),
    "collaborations.csv": ("id", "kind", "date", "participants", "amount", "title", "ref"),
}


class PackageWriter:
    """Open the CSV files of a package in ``out_dir`` and append rows.

    Use as a context manager; ``counts`` holds rows written per file and
    ``relation_counts`` per relation type.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with PackageWriter(Path(d)) as w:
    ...         w.relation("E00001", "E00002", "SUPPLIES", since="2020")
    ...     print(open(Path(d) / "relations.csv", encoding="utf-8").read().splitlines()[1])
    E00001,E00002,SUPPLIES,,2020,,,,,,,synth
    """

    def __init__(self, out_dir: Path, ref: str = "synth") -> None:
        self.out_dir = out_dir
        self.ref = ref
        self.counts: Counter[str] = Counter()
        self.relation_counts: Counter[str] = Counter()
        self._files: dict[str, IO[str]] = {}
        self._csv: dict[str, Any] = {}

    def __enter__(self) -> PackageWriter:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for name, columns in COLUMNS.items():
                handle = (self.out_dir / name).open("w", encoding="utf-8", newline="")
                self._files[name] = handle
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                self._csv[name] = writer
        except OSError as exc:
            self.close()
            raise InputError(f"cannot write package to {self.out_dir}: {exc}") from exc
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close every open file."""
        for handle in self._files.values():
            handle.close()
        self._files.clear()

    def _row(self, name: str, row: tuple[object, ...]) -> None:
        self._csv[name].writerow(row)
        self.counts[name] += 1

    def park(self, *row: object) -> None:
        """Write one ``parks.csv`` row (values in column order)."""
        self._row("parks.csv", row)

    def org(self, *row: object) -> None:
        """Write one ``organizations.csv`` row (values in column order)."""
        self._row("organizations.csv", row)

    def segment(self, org: str, segment: str, primary: bool) -> None:
        """Write one ``segments.csv`` row."""
        self._row("segments.csv", (org, segment, "true" if primary else "false"))

    def relation(self, source: str, target: str, rel_type: str, *, kind: str = "",
                 since: str = "", until: str = "", date: str = "", weight: object = "",
                 amount: object = "", round_: str = "", outcome: str = "") -> None:
        """Write one ``relations.csv`` row."""
        self._row("relations.csv", (source, target, rel_type, kind, since, until, date, weight,
                                    amount, round_, outcome, self.ref))
        self.relation_counts[rel_type] += 1

    def qualification(self, org: str, qualification: str, since: str, until: str = "",
                      level: str = "") -> None:
        """Write one ``qualifications.csv`` row."""
        self._row("qualifications.csv", (org, qualification, since, until, level, self.ref))

    def stats(self, org: str, year: int, values: tuple[object, ...]) -> None:
        """Write one ``org_stats.csv`` row (``values`` in ``STAT_FIELDS`` order)."""
        self._row("org_stats.csv", (org, year, *values))

    def event(self, event_id: str, kind: str, when: str, participants: list[str],
              amount: object, title: str) -> None:
        """Write one ``collaborations.csv`` row (participants joined with ``;``)."""
        self._row("collaborations.csv", (event_id, kind, when, ";".join(participants), amount,
                                         title, self.ref))
