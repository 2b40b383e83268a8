"""FalkorDB's compact result format: one execute, one error mapping, the cell decoder.

Every statement ecograph sends to FalkorDB goes through :func:`execute`
(``GRAPH.QUERY`` or ``GRAPH.RO_QUERY`` with ``--compact``), and every Redis
error becomes an ecograph error in :func:`store_error`. Replies are decoded
by :func:`cell` straight from their ``[type, value]`` pairs, several times
cheaper than the ``falkordb`` client's generic parser; replies holding nodes,
edges or paths fall back to that parser (:func:`records`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import redis
from falkordb.query_result import QueryResult

from ecograph.errors import StoreDataError, StoreError, StoreUnavailableError

__all__ = [
    "UnsupportedValue",
    "cell",
    "client_value",
    "decode",
    "execute",
    "records",
    "rows",
    "store_error",
]

#: A compact reply's rows: each row a list of ``[type, value]`` cells.
Rows = list[list[list[Any]]]

_SCALARS = frozenset({str, int, float, bool, type(None)})


class UnsupportedValue(Exception):  # noqa: N818 - a signal between two functions, not an error
    """A compact-format value :func:`cell` does not decode (node, edge, path, ...)."""


#: What a server that cannot write its files says, for the user.
DISK_FULL = ("cannot write its data files: the disk holding the data folder is full (or "
             "not writable). Nothing unacknowledged was applied; free space and run the "
             "command again, the store recovers on its own")


def cannot_persist(exc: BaseException) -> bool:
    """True for the refusal of a server that cannot write its AOF/RDB (``MISCONF``).

    Examples
    --------
    >>> cannot_persist(redis.ResponseError("MISCONF Errors writing to the AOF file: "
    ...                                    "No space left on device"))
    True
    >>> cannot_persist(redis.ResponseError("Invalid input"))
    False
    """
    text = str(exc)
    return text.startswith("MISCONF") or "No space left on device" in text


def store_error(exc: redis.RedisError, where: str) -> StoreError:
    """Return the ecograph error for a Redis error met at ``where`` (``host:port``).

    Examples
    --------
    >>> type(store_error(redis.ConnectionError("refused"), "127.0.0.1:1")).__name__
    'StoreUnavailableError'
    >>> print(store_error(redis.ResponseError("Invalid input"), "127.0.0.1:1"))
    FalkorDB at 127.0.0.1:1 rejected the statement: Invalid input
    >>> type(store_error(redis.ResponseError("MISCONF Errors writing to the AOF file"),
    ...                  "127.0.0.1:1")).__name__
    'StoreUnavailableError'
    """
    if isinstance(exc, (redis.ConnectionError, redis.TimeoutError)):
        return StoreUnavailableError(f"FalkorDB at {where} is not reachable: {exc}")
    if cannot_persist(exc):
        return StoreUnavailableError(f"FalkorDB at {where} {DISK_FULL} (server: {exc})")
    return StoreError(f"FalkorDB at {where} rejected the statement: {exc}")


def execute(graph: Any, command: str, *, read_only: bool, where: str,
            timeout_ms: int = 0) -> Any:
    """Send one statement (its parameter header already prefixed) and return the raw reply.

    A read of a graph that does not exist yet returns None (nothing to read).
    ``timeout_ms`` (reads; 0: none) is FalkorDB's ``TIMEOUT``: the server stops
    the query and answers an error, which becomes a :class:`StoreError`.

    Raises
    ------
    StoreUnavailableError, StoreError
        Through :func:`store_error`.
    """
    verb = "GRAPH.RO_QUERY" if read_only else "GRAPH.QUERY"
    extra = ("timeout", timeout_ms) if timeout_ms > 0 else ()
    try:
        return graph.execute_command(verb, graph.name, command, "--compact", *extra)
    except redis.RedisError as exc:
        if read_only and isinstance(exc, redis.ResponseError) and "empty key" in str(exc):
            return None
        raise store_error(exc, where) from exc


def _text(value: Any) -> str:
    return value if type(value) is str else (
        value.decode() if isinstance(value, bytes) else str(value))


def cell(kind: int, value: Any) -> Any:
    """Decode one ``[type, value]`` cell of a compact reply (plain values only).

    Types: 1 null, 2 string, 3 integer, 4 boolean, 5 double, 6 array, 10 map;
    anything else raises :class:`UnsupportedValue`. Strings, the bulk of a
    projection, take the shortest path.

    Examples
    --------
    >>> cell(10, ["a", [3, 1], "b", [6, [[2, "x"], [5, "0.5"], [4, "true"], [1, None]]]])
    {'a': 1, 'b': ['x', 0.5, True, None]}
    """
    if kind == 2:
        return value if type(value) is str else _text(value)
    if kind == 10:
        pairs = iter(value)
        out: dict[str, Any] = {}
        for key, (item_kind, item) in zip(pairs, pairs, strict=True):
            out[key if type(key) is str else _text(key)] = (
                item if item_kind == 2 and type(item) is str else cell(item_kind, item))
        return out
    if kind == 3:
        return int(value)
    if kind == 5:
        return float(value)
    if kind == 6:
        return [cell(k, v) for k, v in value]
    if kind == 4:
        return _text(value) == "true"
    if kind == 1:
        return None
    raise UnsupportedValue(kind)


def decode(kind: int, value: Any) -> Any:
    """Decode a cell that must be a plain value; anything else is data ecograph did not write.

    Examples
    --------
    >>> decode(3, "7")  # doctest: +ELLIPSIS
    7
    >>> decode(8, [])
    Traceback (most recent call last):
    ...
    ecograph.errors.StoreDataError: the store holds a FalkorDB value of type 8 where ...
    """
    try:
        return cell(kind, value)
    except UnsupportedValue as exc:
        raise StoreDataError(
            f"the store holds a FalkorDB value of type {kind} where ecograph writes plain values"
        ) from exc


def client_value(value: Any) -> Any:
    """Turn a value of the ``falkordb`` client's parser into plain data (nodes → properties).

    Examples
    --------
    >>> client_value({"a": [1, {"b": None}]})
    {'a': [1, {'b': None}]}
    """
    if type(value) in _SCALARS:  # the common case first: a projection has millions
        return value
    if isinstance(value, Mapping):
        return {str(k): client_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [client_value(v) for v in value]
    if hasattr(value, "properties") and isinstance(value.properties, Mapping):
        return client_value(value.properties)
    return value


def rows(reply: Any) -> Rows:
    """Return the rows of a compact reply (``[header, rows, stats]`` or ``[stats]``).

    Raises
    ------
    StoreError
        The reply carries the server's error.
    """
    if not reply:
        return []
    for part in (reply[0], reply[-1]):
        if isinstance(part, redis.ResponseError):
            raise StoreError(f"FalkorDB rejected the statement: {part}")
    found: Rows = reply[1] if len(reply) > 1 else []
    return found


def records(graph: Any, reply: Any) -> list[dict[str, Any]]:
    """Return the records of a compact reply as dicts keyed by column name.

    Cells are decoded by :func:`cell`; a reply holding nodes, edges or paths
    is read by the client's parser instead.
    """
    found = rows(reply)
    if not found:
        return []
    header = [column[1] for column in reply[0]]
    try:
        return [dict(zip(header, [v if k == 2 and type(v) is str else cell(k, v)
                                  for k, v in row], strict=True))
                for row in found]
    except UnsupportedValue:
        result = QueryResult(graph, reply)
        return [dict(zip(header, (client_value(v) for v in row), strict=True))
                for row in result.result_set]
