"""The fast export path gives the same triples as the previous one, on the demo and a 10k package.

The previous path (before issue 15's export speed-up) generated each page's
N-Triples with :func:`ecograph.mapping.to_rdf.row_triples` and had pyoxigraph
re-serialise them as Turtle, with the garbage collector on. The reference here
is that: the rows of the whole store (``iter_rows``), their N-Triples lines,
and pyoxigraph's Turtle of them. The streamed N-Triples must be the same lines
and the directly written Turtle must parse (pyoxigraph, a strict parser) to
the same set of triples.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from ecograph.loaders import read_sources
from ecograph.mapping.to_rdf import PREFIXES, row_triples
from ecograph.rdfio import serialize_rows
from ecograph.resources import DEMO_DIR
from ecograph.stores.base import GraphStore
from ecograph.stores.falkordb import FalkorDBStore

pytestmark = pytest.mark.integration

_NT, _TTL = pyoxigraph.RdfFormat.N_TRIPLES, pyoxigraph.RdfFormat.TURTLE


@pytest.fixture(scope="module")
def synth_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ecograph.synth import generate

    package = tmp_path_factory.mktemp("synth") / "synth-10000-s7"
    generate(package, orgs=10_000, seed=7)
    return package


def _check(store: GraphStore, package: Path, window: int) -> int:
    result = read_sources([package], source_name="identity")
    if isinstance(store, FalkorDBStore):
        store.load(result.nodes, result.edges, source="identity", bulk=True)
    else:
        store.load(result.nodes, result.edges, source="identity")
    reference = "".join(f"{s} {p} {o} .\n" for s, p, o in row_triples(*store.iter_rows()))
    ref_lines = reference.splitlines()
    ref_ttl = pyoxigraph.serialize(pyoxigraph.parse(reference.encode(), format=_NT),
                                   format=_TTL, prefixes=PREFIXES) or b""
    expected = set(pyoxigraph.parse(ref_ttl, format=_TTL))
    nt = b"".join(serialize_rows(store.iter_row_pages(window), "nt")).decode()
    assert sorted(nt.splitlines()) == sorted(ref_lines)
    ttl = b"".join(serialize_rows(store.iter_row_pages(window), "turtle"))
    found = list(pyoxigraph.parse(ttl, format=_TTL))
    # as many triples as the lines (an edge's direct triple repeats for parallel edges)
    assert len(found) == len(ref_lines)
    assert set(found) == expected
    return len(found)


def test_demo_export_is_the_previous_triples(store: GraphStore) -> None:
    assert _check(store, DEMO_DIR, 500) > 10_000


def test_10k_export_is_the_previous_triples(falkordb_store: FalkorDBStore,
                                           synth_10k: Path) -> None:
    assert _check(falkordb_store, synth_10k, 5_000) > 1_000_000
