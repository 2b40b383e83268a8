"""Property-graph row types: the mapping's output and the store's input.

Rows are :class:`typing.TypedDict` s (plain dicts at run time), so the store
writes them as they are and half a million of them stay cheap:

``NodeRow`` = ``{"id", "label", "labels", "props"}`` and
``EdgeRow`` = ``{"key", "type", "source", "source_label", "target",
"target_label", "props"}`` exactly as in ``docs/design.md``. ``props`` values
are ``str``, ``int``, ``float``, ``bool`` or ``list[str]``, never ``None``; every
row carries the provenance props ``source`` and ``loaded_at``.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from typing import Protocol, TypedDict, cast

from ecograph.vocab import Label, RelType, ancestors, base_label

__all__ = ["EdgeRow", "NodeRow", "PropValue", "edge_key", "make_edge", "make_node"]

PropValue = str | int | float | bool | list[str]



class _Digest(Protocol):
    def hexdigest(self) -> str: ...


def _sha1_function() -> Callable[[bytes], _Digest]:
    """Return CPython's built-in SHA-1 (same digests as :func:`hashlib.sha1`).

    On the short input of an edge key it costs less per call than the OpenSSL
    one, which sets up an EVP context each time; ``hashlib.sha1`` when absent.
    """
    try:
        module = importlib.import_module("_sha1")
    except ImportError:  # pragma: no cover - interpreters built without it
        return hashlib.sha1
    return cast(Callable[[bytes], _Digest], module.sha1)


sha1 = _sha1_function()

_LABELS: dict[Label, tuple[str, ...]] = {
    label: tuple(str(x) for x in ancestors(label)) for label in Label
}
_BASE: dict[Label, str] = {label: str(base_label(label)) for label in Label}


class NodeRow(TypedDict):
    """One node: ``id``, most specific ``label``, all ``labels`` (root first), ``props``."""

    id: str
    label: str
    labels: list[str]
    props: dict[str, PropValue]


class EdgeRow(TypedDict):
    """One edge: deterministic ``key``, ``type``, ends with their root labels, ``props``."""

    key: str
    type: str
    source: str
    source_label: str
    target: str
    target_label: str
    props: dict[str, PropValue]


def edge_key(rel_type: str, source: str, target: str, props: dict[str, PropValue]) -> str:
    """Return the deterministic key ``sha1("type|source|target|since|kind|round|date")[:16]``.

    Examples
    --------
    >>> edge_key("SUPPLIES", "a", "b", {"since": "2020-01-01"})
    'a6a0548a863d75ec'
    >>> edge_key("SUPPLIES", "a", "b", {}) == edge_key("SUPPLIES", "a", "b", {"weight": 2.0})
    True
    >>> edge_key("SUPPLIES", "a", "b", {}) == edge_key("SUPPLIES", "a", "b", {"since": "2020"})
    False
    """
    get = props.get  # called once per edge row: one formatted string, one digest
    return sha1(f"{rel_type}|{source}|{target}|{get('since', '')}|{get('kind', '')}|"
                f"{get('round', '')}|{get('date', '')}".encode()).hexdigest()[:16]


def make_node(node_id: str, label: Label, props: dict[str, PropValue]) -> NodeRow:
    """Build a :class:`NodeRow` with labels from the vocabulary.

    Examples
    --------
    >>> make_node("i1", Label.Incubator, {"name": "孵化器"})["labels"]
    ['Organization', 'IncubationCarrier', 'Incubator']
    """
    return {
        "id": node_id,
        "label": str(label),
        "labels": list(_LABELS[label]),
        "props": props,
    }


def make_edge(
    rel_type: RelType,
    source: str,
    source_label: Label,
    target: str,
    target_label: Label,
    props: dict[str, PropValue],
) -> EdgeRow:
    """Build an :class:`EdgeRow`; end labels are reduced to their root labels.

    Examples
    --------
    >>> e = make_edge(RelType.INCUBATED_IN, "a", Label.Enterprise, "i", Label.Incubator, {})
    >>> e["source_label"], e["target_label"], len(e["key"])
    ('Organization', 'Organization', 16)
    """
    return {
        "key": edge_key(str(rel_type), source, target, props),
        "type": str(rel_type),
        "source": source,
        "source_label": _BASE[source_label],
        "target": target,
        "target_label": _BASE[target_label],
        "props": props,
    }
