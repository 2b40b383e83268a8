"""The catalog of named, read-only Cypher queries kept in ``queries/*.cypher``.

Each file holds one query and a header of ``//`` comments::

    // name: orgs_in_segment
    // description: Organisations in a chain segment, optionally within a park.
    // params: segment:str park:str?

A ``?`` marks an optional parameter (passed as ``null`` when absent). Types are
``str``, ``int``, ``float``, ``bool``, ``strs`` (a list of strings, e.g. ids) and
``map`` (names to numbers, e.g. weights; a JSON object when given as text).
The files live at the repository root (``ecograph.resources.QUERIES_DIR``), so
they are read from there, once.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ecograph.errors import QueryError
from ecograph.resources import QUERIES_DIR

__all__ = [
    "NamedQuery",
    "Param",
    "bind_params",
    "get_query",
    "load_catalog",
    "parse_query",
    "vocabulary_names",
]

_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool, "strs": list,
                           "map": dict}
_WRITE_WORDS = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b", re.I)
_REL_PATTERN = re.compile(r"-\[([^\]]*)\]-")
_REL_TYPES = re.compile(r"^\s*\w*\s*:\s*(\w+(?:\s*\|\s*:?\s*\w+)*)")
_LABELS = re.compile(r"(?<=[\w)]):(\w+)|\(\s*:(\w+)")


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """One query file: name, description, declared parameters and Cypher text."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str


def parse_query(text: str, *, origin: str = "<text>") -> NamedQuery:
    """Parse one query file's text.

    Examples
    --------
    >>> q = parse_query("// name: demo\\n// description: Demo.\\n// params: park:str limit:int?\\n"
    ...                 "MATCH (p:Park {id: $park}) RETURN p.id AS id LIMIT $limit")
    >>> q.name, [(p.name, p.type, p.optional) for p in q.params]
    ('demo', [('park', 'str', False), ('limit', 'int', True)])
    """
    header: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        match = re.match(r"//\s*(\w+)\s*:\s*(.*)$", stripped)
        if match and not body:
            header[match.group(1).lower()] = match.group(2).strip()
        elif stripped and not stripped.startswith("//"):
            body.append(line)
    if "name" not in header or not body:
        raise ValueError(f"{origin}: a query file needs a '// name:' header and a query")
    params: list[Param] = []
    for spec in header.get("params", "").split():
        name, _, kind = spec.partition(":")
        optional = kind.endswith("?")
        kind = kind.rstrip("?") or "str"
        if kind not in _TYPES:
            raise ValueError(f"{origin}: parameter {name!r} has unknown type {kind!r}")
        params.append(Param(name, kind, optional))
    cypher = "\n".join(body).strip()
    if _WRITE_WORDS.search(cypher):
        raise ValueError(f"{origin}: named queries must be read-only")
    return NamedQuery(header["name"], header.get("description", ""), tuple(params), cypher)


@lru_cache(maxsize=4)
def load_catalog(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Read every ``*.cypher`` file of ``directory`` into ``{name: NamedQuery}``.

    Examples
    --------
    >>> "park_overview" in load_catalog()
    True
    """
    catalog: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        query = parse_query(path.read_text(encoding="utf-8"), origin=path.name)
        if query.name != path.stem:
            raise ValueError(f"{path.name}: header name {query.name!r} differs from the file name")
        catalog[query.name] = query
    return catalog


def get_query(name: str) -> NamedQuery:
    """Return the named query or raise :class:`QueryError` listing the known names.

    Examples
    --------
    >>> get_query("collaborators").params[0].name
    'org'
    """
    catalog = load_catalog()
    if name not in catalog:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(sorted(catalog))}")
    return catalog[name]


def _map(param: Param, value: Any) -> dict[str, float]:
    if isinstance(value, str):
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    if isinstance(value, Mapping) and all(
            isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool)
            for k, v in value.items()):
        return {k: float(v) for k, v in value.items()}
    raise QueryError(f"parameter {param.name!r} must be a map of names to numbers, got {value!r}")


def _coerce(param: Param, value: Any) -> Any:
    kind = _TYPES[param.type]
    if kind is dict:
        return _map(param, value)
    if kind is list:  # a list of ids (``strs``); a string is one comma-separated list
        items = value.split(",") if isinstance(value, str) else value
        if isinstance(items, (list, tuple)) and all(isinstance(x, str) for x in items):
            return list(items)
        raise QueryError(f"parameter {param.name!r} must be strs, got {value!r}")
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    if isinstance(value, str):
        try:
            if kind is bool:
                if value.lower() not in {"true", "false", "1", "0"}:
                    raise ValueError(value)
                return value.lower() in {"true", "1"}
            return kind(value)
        except ValueError:
            pass
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    raise QueryError(f"parameter {param.name!r} must be {param.type}, got {value!r}")


def bind_params(query: NamedQuery, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check and coerce ``given`` against the query's declared parameters.

    Strings (from the CLI or a URL) are converted to the declared type; a
    missing required or an undeclared parameter raises :class:`QueryError`.

    Examples
    --------
    >>> q = parse_query("// name: d\\n// params: org:str hops:int?\\nRETURN $org, $hops")
    >>> bind_params(q, {"org": "O1", "hops": "3"})
    {'org': 'O1', 'hops': 3}
    >>> bind_params(q, {"org": "O1"})
    {'org': 'O1', 'hops': None}
    """
    given = dict(given or {})
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter(s) {', '.join(unknown)}")
    bound: dict[str, Any] = {}
    for param in query.params:
        value = given.get(param.name)
        if value is None:
            if not param.optional:
                raise QueryError(f"query {query.name!r} needs parameter {param.name!r}")
            bound[param.name] = None
        else:
            bound[param.name] = _coerce(param, value)
    return bound


def vocabulary_names(text: str) -> tuple[set[str], set[str]]:
    """Return the node labels and relationship types written in Cypher ``text``.

    Examples
    --------
    >>> labels, types = vocabulary_names(
    ...     "MATCH (a:Organization:Fund)-[r:INVESTS_IN|SUPPLIES]->(:Park {id: $p}) "
    ...     "WHERE a:Enterprise RETURN [x IN labels(a) | x]")
    >>> sorted(labels), sorted(types)
    (['Enterprise', 'Fund', 'Organization', 'Park'], ['INVESTS_IN', 'SUPPLIES'])
    """
    types: set[str] = set()
    for rel in _REL_PATTERN.finditer(text):
        found = _REL_TYPES.match(rel.group(1))
        if found:
            types.update(x.strip().lstrip(":").strip() for x in found.group(1).split("|"))
    rest = _REL_PATTERN.sub("--", text)
    labels = {a or b for a, b in _LABELS.findall(rest)}
    return labels, types
