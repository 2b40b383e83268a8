"""``send_bulk`` writes the ``GRAPH.BULK`` protocol byte for byte (hand-computed blobs)."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from ecograph.errors import StoreError
from ecograph.stores.falkordb.bulk import send_bulk

STAMP = "2024-05-01T00:00:00+00:00"


def _s(text: str) -> bytes:
    return b"\x03" + text.encode() + b"\x00"


def test_tiny_load_blobs_by_hand() -> None:
    sent: list[tuple[Any, ...]] = []
    nodes = [{"id": "P1", "label": "Park", "labels": ["Park"], "props": {"name": "园"}},
             {"id": "E1", "label": "Enterprise", "labels": ["Organization", "Enterprise"],
              "props": {"employees": 12}}]
    edges = [{"key": "k1", "type": "LOCATED_IN", "source": "E1", "source_label": "Organization",
              "target": "P1", "target_label": "Park", "props": {"weight": 0.5}}]
    report = send_bulk(lambda *args: sent.append(args), "g", nodes, edges, source="s",
                       loaded_at=STAMP)
    assert (report.nodes, report.edges, report.commands) == (2, 1, 1)
    [(command, graph, begin, node_count, edge_count, labels, types, *blobs)] = sent
    assert (command, graph, begin, node_count, edge_count, labels, types) == \
        ("GRAPH.BULK", "g", "BEGIN", 2, 1, 2, 1)
    park = (b"Park\x00" + struct.pack("=I", 4) + b"id\x00loaded_at\x00name\x00source\x00"
            + _s("P1") + _s(STAMP) + _s("园") + _s("s"))
    firm = (b"Organization:Enterprise\x00" + struct.pack("=I", 4)
            + b"id\x00employees\x00loaded_at\x00source\x00"
            + _s("E1") + b"\x04" + struct.pack("=q", 12) + _s(STAMP) + _s("s"))
    located = (b"LOCATED_IN\x00" + struct.pack("=I", 4) + b"key\x00loaded_at\x00source\x00"
               b"weight\x00" + struct.pack("=QQ", 1, 0) + _s("k1") + _s(STAMP) + _s("s")
               + b"\x02" + struct.pack("=d", 0.5))
    assert blobs == [park, firm, located]


def test_missing_props_are_nulls_and_strings_repeat_exactly() -> None:
    sent: list[tuple[Any, ...]] = []
    nodes = [{"id": f"P{i}", "label": "Park", "labels": ["Park"],
              "props": {"name": "园"} if i % 2 else {}} for i in range(3)]
    send_bulk(lambda *args: sent.append(args), "g", nodes, [], source="s", loaded_at=STAMP)
    blob = sent[0][-1]
    records = blob.split(b"source\x00", 1)[1]
    assert records == b"".join(_s(f"P{i}") + _s(STAMP) + (_s("园") if i % 2 else b"\x00")
                               + _s("s") for i in range(3))


def test_a_failed_command_is_reported_with_its_number() -> None:
    def send(*args: Any) -> None:
        raise ConnectionError("gone")
    nodes = [{"id": "P1", "label": "Park", "labels": ["Park"], "props": {}}]
    with pytest.raises(StoreError, match="command 1 of the bulk load failed: gone"):
        send_bulk(send, "g", nodes, [], source="s", loaded_at=STAMP)
