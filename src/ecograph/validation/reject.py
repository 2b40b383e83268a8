"""The :class:`Reject` record and the rejects report writer."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from ecograph.csvsafe import safe_cell

__all__ = ["REJECT_FIELDS", "Reject", "write_rejects"]

REJECT_FIELDS = ("file", "line", "column", "reason", "value", "severity")


@dataclass(frozen=True, slots=True)
class Reject:
    """One rejected input row.

    ``line`` is the 1-based record number in a table (header = line 1) or, for
    RDF input, the focus node IRI; ``column`` is the column name (or the SHACL
    result path), empty when the whole row is at fault. ``severity`` is
    ``"error"`` (the row was not loaded) or ``"warning"`` (one optional cell
    was left out, the row loaded); either makes ``validate`` exit 1.

    Examples
    --------
    >>> Reject("organizations.csv", 3, "type", "unknown type 'Spaceship'", "Spaceship").line
    3
    """

    file: str
    line: int | str
    column: str
    reason: str
    value: str = ""
    severity: str = "error"

    def to_dict(self) -> dict[str, str | int]:
        """Return the reject as a JSON-ready dict.

        Examples
        --------
        >>> Reject("a.csv", 2, "id", "bad").to_dict()["reason"]
        'bad'
        """
        return asdict(self)


def write_rejects(rejects: Iterable[Reject], path: Path) -> int:
    """Write ``rejects`` as a UTF-8 CSV report; return the number written.

    Cells a spreadsheet would run as formulas get a leading ``'``
    (:func:`ecograph.csvsafe.safe_cell`): the rejected values are untrusted input.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "rejects.csv"
    >>> write_rejects([Reject("a.csv", 2, "id", "duplicate", "x")], out)
    1
    >>> out.read_text(encoding="utf-8").splitlines()[1]
    'a.csv,2,id,duplicate,x,error'
    """
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REJECT_FIELDS)
        for reject in rejects:
            writer.writerow([safe_cell(str(cell)) for cell in (
                reject.file, reject.line, reject.column, reject.reason, reject.value,
                reject.severity)])
            count += 1
    return count
