"""The shipped SKOS chain maps (``ontology/chains/*.ttl``) as chain and segment rows.

Each map declares an ``eco:IndustryChain`` (``skos:ConceptScheme``) and its
``eco:ChainSegment`` s (``skos:Concept``) with ``eco:segmentOf``, ``eco:stage``,
``eco:industryCode`` and ``eco:feeds``. They are validated with SHACL like any
RDF input, once per process (cached); each load gets fresh rows stamped with
its ``loaded_at``. Source names are ``chains/{file}``.

Equivalent segments
-------------------
A segment that is the same activity as a segment of another chain (汽车电子 in
``ic`` and in ``nev``) says so with ``skos:exactMatch``; merely related
segments keep ``skos:related``, which is not loaded. ``skos:exactMatch`` is
symmetric and transitive (SKOS), so the maps' pairs are closed into classes
and every segment of a class gets the property ``exact_match``: the other
segments of its class, ``;``-separated and sorted (the same form a
``chains.csv`` column ``exact_match`` gives). A match to a segment no map
declares, or to a segment of the same chain, is dropped with a warning.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Namespace

from ecograph.errors import InputError
from ecograph.loaders.assemble import Assembler
from ecograph.loaders.rdf_files import RdfRows, add_rdf_rows, read_rdf_rows
from ecograph.mapping.terms import parse_node_iri
from ecograph.rdfio import parse
from ecograph.resources import ONTOLOGY_DIR
from ecograph.vocab import Label

__all__ = ["CHAINS_DIR", "EXACT_MATCH", "add_chain_maps", "chain_map_paths",
           "equivalence_classes", "read_chain_maps"]

log = logging.getLogger(__name__)

CHAINS_DIR = ONTOLOGY_DIR / "chains"
#: Segment property listing the segments of other chains that are the same activity.
EXACT_MATCH = "exact_match"
_SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")


def chain_map_paths(folder: Path = CHAINS_DIR) -> list[Path]:
    """Return the chain map files, sorted by name.

    Examples
    --------
    >>> all(p.suffix == ".ttl" for p in chain_map_paths())
    True
    """
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []


@lru_cache(maxsize=8)
def _cached(path: Path, mtime: float) -> RdfRows:
    return read_rdf_rows(path, source=f"chains/{path.name}", loaded_at=None)


@lru_cache(maxsize=8)
def _matches(path: Path, mtime: float) -> tuple[tuple[str, str], ...]:
    pairs = []
    for s, o in parse(path).subject_objects(_SKOS.exactMatch):
        try:
            (ls, a), (lo, b) = parse_node_iri(str(s)), parse_node_iri(str(o))
        except InputError:
            log.warning("%s: skos:exactMatch %s → %s is not between segments", path.name, s, o)
            continue
        if ls is Label.ChainSegment and lo is Label.ChainSegment:
            pairs.append((a, b))
    return tuple(sorted(pairs))


def equivalence_classes(pairs: Iterable[tuple[str, str]],
                        chain_of: dict[str, str]) -> dict[str, frozenset[str]]:
    """Close ``skos:exactMatch`` pairs (symmetric, transitive) into classes.

    Returns, per segment in some pair, the other segments of its class. A pair
    with an end not in ``chain_of`` (no map declares it) or with both ends in
    the same chain is dropped with a warning; so is a class that would put two
    segments of one chain together.

    Examples
    --------
    >>> chains = {"ic.auto": "ic", "nev.auto": "nev", "x.auto": "x", "ic.other": "ic"}
    >>> classes = equivalence_classes(
    ...     [("ic.auto", "nev.auto"), ("x.auto", "nev.auto"), ("ic.auto", "ic.other"),
    ...      ("ic.auto", "gone")], chains)
    >>> for seg, others in sorted(classes.items()):
    ...     print(seg, sorted(others))
    ic.auto ['nev.auto', 'x.auto']
    nev.auto ['ic.auto', 'x.auto']
    x.auto ['ic.auto', 'nev.auto']
    """
    parent: dict[str, str] = {}

    def find(seg: str) -> str:
        while parent.setdefault(seg, seg) != seg:
            parent[seg] = parent[parent[seg]]
            seg = parent[seg]
        return seg

    for a, b in pairs:
        if a not in chain_of or b not in chain_of:
            log.warning("skos:exactMatch %s → %s: no chain map declares %s", a, b,
                        a if a not in chain_of else b)
            continue
        if chain_of[a] == chain_of[b]:
            log.warning("skos:exactMatch %s → %s: both in chain %s (not loaded)", a, b,
                        chain_of[a])
            continue
        parent[find(a)] = find(b)
    classes: dict[str, set[str]] = {}
    for seg in list(parent):
        classes.setdefault(find(seg), set()).add(seg)
    result: dict[str, frozenset[str]] = {}
    for members in classes.values():
        chains = [chain_of[s] for s in members]
        if len(set(chains)) < len(chains):
            log.warning("skos:exactMatch puts two segments of one chain together (%s): "
                        "not loaded", ", ".join(sorted(members)))
            continue
        for seg in members:
            result[seg] = frozenset(members - {seg})
    return result


def read_chain_maps(loaded_at: str, folder: Path = CHAINS_DIR) -> list[RdfRows]:
    """Return the validated rows of every chain map, stamped with ``loaded_at``.

    Segments declared the same activity as segments of other chains carry
    :data:`EXACT_MATCH` (see the module docstring).

    Examples
    --------
    >>> maps = read_chain_maps("2024-01-01T00:00:00+00:00")
    >>> all(n["props"]["loaded_at"] == "2024-01-01T00:00:00+00:00"
    ...     for m in maps for n in m.nodes)
    True
    >>> sorted((n["id"], n["props"][EXACT_MATCH]) for m in maps for n in m.nodes
    ...        if EXACT_MATCH in n["props"])
    [('ic.automotive', 'nev.auto_electronics'), ('nev.auto_electronics', 'ic.automotive')]
    """
    out = []
    pairs: list[tuple[str, str]] = []
    for path in chain_map_paths(folder):
        mtime = path.stat().st_mtime
        rows = copy.deepcopy(_cached(path, mtime))
        for row in [*rows.nodes, *rows.edges]:
            row["props"].setdefault("loaded_at", loaded_at)
        pairs.extend(_matches(path, mtime))
        out.append(rows)
    chain_of = {str(e["source"]): str(e["target"]) for rows in out for e in rows.edges
                if e["type"] == "SEGMENT_OF"}
    classes = equivalence_classes(pairs, chain_of)
    for rows in out:
        for node in rows.nodes:
            others = classes.get(str(node["id"]))
            if others:
                node["props"][EXACT_MATCH] = ";".join(sorted(others))
    return out


def add_chain_maps(assembler: Assembler, folder: Path = CHAINS_DIR) -> None:
    """Register the chain maps' rows with ``assembler``."""
    for rows in read_chain_maps(assembler.loaded_at, folder):
        add_rdf_rows(assembler, rows)
