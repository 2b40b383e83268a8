"""Encode query parameters as FalkorDB's ``CYPHER name=value …`` header, fast.

FalkorDB takes parameters as Cypher literals in front of the query text. The
``falkordb`` client builds them value by value in Python (about 20 µs per
loaded row, most of a load's client time); here the C JSON encoder writes the
whole value and a few C regular-expression passes turn JSON into Cypher:

- map keys: JSON ``"key":`` becomes the backtick-quoted name ``key`` (as the
  client writes them); a key that is empty or holds a backtick, a backslash or
  a double quote is refused with :class:`~ecograph.errors.InputError`;
- strings: JSON escapes ``"`` ``\\`` ``\\n`` ``\\r`` ``\\t`` ``\\b`` ``\\f``, which FalkorDB's
  string literals read the same way; other control characters come out of JSON
  as ``\\u00XX``, which FalkorDB would keep verbatim, so they are put back raw
  (as the client sends them). Non-ASCII text is written as is (UTF-8);
- numbers: ``repr`` of ints and floats (``1e-07``, ``1e+20``); NaN and
  infinities have no Cypher literal and are refused; booleans ``true``/``false``,
  ``None`` ``null``, tuples as lists.

A JSON string can never hold an unescaped ``"``, so ``{"`` and ``,"`` followed by
``…":`` only occur where a map key starts: the substitution cannot reach into
string values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from itertools import chain
from operator import itemgetter
from typing import Any

from ecograph.errors import InputError

__all__ = ["encode_params", "to_cypher"]

_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_KEY = re.compile(r'([{,])"([^"\\`\x00-\x1f]+)":')
_LEFTOVER_KEY = re.compile(r'[{,]"((?:[^"\\]|\\.)*)":')
_CONTROL = re.compile(r"(?<!\\)((?:\\\\)*)\\u00([01][0-9a-fA-F])")
_NAME = re.compile(r"[^`\\\"\x00-\x1f]+")
#: Up to this many distinct keys, one ``str.replace`` per key; above, one regex pass
#: (linear in the text whatever the number of keys).
_FEW_KEYS = 64


def _raw_control(match: re.Match[str]) -> str:
    return match.group(1) + chr(int(match.group(2), 16))


def _row_keys(value: Any) -> set[str]:
    """Map keys of the common shapes cheaply: a map, or a list of maps, and their map values.

    Keys of other shapes are left to :func:`to_cypher`'s general path.
    """
    rows = [value] if isinstance(value, dict) else value
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
        return set()
    try:
        keys = set(chain.from_iterable(map(dict.keys, rows)))
    except TypeError:  # not all maps
        return set()
    for key, item in rows[0].items():
        if isinstance(item, dict):
            try:
                keys.update(chain.from_iterable(map(dict.keys, map(itemgetter(key), rows))))
            except (KeyError, TypeError):  # irregular rows: the general path finds the rest
                continue
    return keys


def to_cypher(value: Any) -> str:
    """Return ``value`` as a Cypher literal FalkorDB parses back to the same value.

    Examples
    --------
    >>> print(to_cypher({"id": "a\\"b", "props": {"n": 1, "w": 0.5, "ok": True,
    ...                                             "tags": ["x", "中"]}}))
    {`id`:"a\\"b",`props`:{`n`:1,`w`:0.5,`ok`:true,`tags`:["x","中"]}}
    >>> to_cypher([1e-07, 1e20, None])
    '[1e-07,1e+20,null]'
    """
    try:
        text = _ENCODER.encode(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"cannot write a parameter value as Cypher: {exc}") from None
    keys = [key for key in _row_keys(value) if isinstance(key, str)]  # others: general path
    for key in keys:
        if not _NAME.fullmatch(key):
            raise InputError(
                f"map key {key!r} cannot be a property name "
                "(empty, or holds a backtick, backslash, double quote or control character)"
            )
    if len(keys) <= _FEW_KEYS:  # a pass per key is fastest for a table's few columns
        for key in keys:
            text = text.replace(f'"{key}":', f"`{key}`:")
    if '":' in text:  # keys of other shapes, or a string value holding '":'
        text = _KEY.sub(r"\1`\2`:", text)
        leftover = _LEFTOVER_KEY.search(text)
        if leftover is not None:
            raise InputError(
                f"map key {json.loads(chr(34) + leftover.group(1) + chr(34))!r} cannot be a "
                "property name (empty, or holds a backtick, backslash or double quote)"
            )
    if "\\u" in text:
        text = _CONTROL.sub(_raw_control, text)
    return text


def encode_params(params: Mapping[str, Any] | None) -> str:
    """Return the ``CYPHER name=value …`` header for ``params`` ('' when there are none).

    Examples
    --------
    >>> encode_params({"rows": [{"id": "x"}], "limit": 5})
    'CYPHER `rows`=[{`id`:"x"}] `limit`=5 '
    >>> encode_params({})
    ''
    """
    if not params:
        return ""
    parts = ["CYPHER"]
    for name, value in params.items():
        if not _NAME.fullmatch(name):
            raise InputError(f"parameter name {name!r} is not a plain name")
        parts.append(f"`{name}`={to_cypher(value)}")
    return " ".join(parts) + " "
