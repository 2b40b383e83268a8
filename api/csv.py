"""CSV bodies for ``?format=csv``: UTF-8 with a BOM, so Excel reads Chinese.

Lists become ``;``-joined cells, ``None`` an empty cell, nested mappings JSON.
Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` …) gets a
leading ``'`` (:func:`ecograph.csvsafe.safe_cell`); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ecograph.csvsafe import safe_cell

__all__ = ["BOM", "CSV_MEDIA_TYPE", "to_csv"]

BOM = "\ufeff"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return safe_cell(";".join(_cell(v) for v in value))
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return safe_cell(str(value))


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> bytes:
    """Render ``rows`` as CSV bytes (UTF-8 with BOM, header first).

    Columns are ``columns`` or, by default, the keys in order of first
    appearance.

    Examples
    --------
    >>> to_csv([{"id": "E1", "name": "甲", "tags": ["a", "b"], "x": None}])
    b'\\xef\\xbb\\xbfid,name,tags,x\\r\\nE1,\\xe7\\x94\\xb2,a;b,\\r\\n'
    >>> to_csv([], ["id"]).decode("utf-8-sig")
    'id\\r\\n'
    >>> to_csv([{"name": "=1+2", "n": -3}]).decode("utf-8-sig")
    "name,n\\r\\n'=1+2,-3\\r\\n"
    """
    materialised = list(rows)
    if columns is None:
        seen: dict[str, None] = {}
        for row in materialised:
            seen.update(dict.fromkeys(row))
        columns = list(seen)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in materialised:
        writer.writerow([_cell(row.get(col)) for col in columns])
    return buffer.getvalue().encode("utf-8")
