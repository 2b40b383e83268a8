"""Read the shipped chain maps (``ontology/chains/*.ttl``) for the generator.

The generator needs each segment's chain, stage, GB/T industry code and the
segments it ``feeds``; it reads them with rdflib once per process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from ecograph.errors import InputError
from ecograph.resources import ONTOLOGY_DIR
from ecograph.vocab import ECO, ID_BASE

__all__ = ["ChainMap", "Segment", "load_chain_maps"]

log = logging.getLogger(__name__)
_ECO = Namespace(ECO)


@dataclass(frozen=True, slots=True)
class Segment:
    """One chain segment as the generator sees it."""

    id: str
    chain: str
    stage: str
    code: str
    label: str
    feeds: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChainMap:
    """All shipped chains: segments in a stable order and derived lookups."""

    chains: tuple[str, ...]
    segments: tuple[Segment, ...]

    def of_chain(self, chain: str) -> tuple[Segment, ...]:
        """Return the segments of ``chain`` in id order.

        Examples
        --------
        >>> cm = load_chain_maps()
        >>> all(s.chain == "nev" for s in cm.of_chain("nev"))
        True
        """
        return tuple(s for s in self.segments if s.chain == chain)

    def feeders(self) -> dict[str, tuple[str, ...]]:
        """Return, per segment id, the segments that feed it (sorted).

        Examples
        --------
        >>> "nev.cathode" in load_chain_maps().feeders()["nev.cell"]
        True
        """
        found: dict[str, list[str]] = {s.id: [] for s in self.segments}
        for seg in self.segments:
            for target in seg.feeds:
                if target in found:
                    found[target].append(seg.id)
        return {k: tuple(sorted(v)) for k, v in found.items()}


def _local(node: URIRef, kind: str) -> str:
    prefix = f"{ID_BASE}{kind}/"
    text = str(node)
    if not text.startswith(prefix):
        raise InputError(f"chain map node {text} is not a {kind} IRI")
    return unquote(text[len(prefix):])


def _zh_label(graph: Graph, node: URIRef) -> str:
    labels = sorted(
        (str(o) for o in graph.objects(node, RDFS.label)
         if isinstance(o, Literal) and o.language == "zh"),
    )
    return labels[0] if labels else ""


@lru_cache(maxsize=4)
def load_chain_maps(folder: Path = ONTOLOGY_DIR / "chains") -> ChainMap:
    """Parse every ``*.ttl`` chain map in ``folder``.

    Examples
    --------
    >>> cm = load_chain_maps()
    >>> cm.chains
    ('biomed', 'ic', 'nev')
    >>> [s.stage for s in cm.segments if s.id == "nev.cell"]
    ['midstream']
    """
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise InputError(f"no chain maps (*.ttl) in {folder}")
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    segments: list[Segment] = []
    for node in graph.subjects(RDF.type, _ECO.ChainSegment):
        if not isinstance(node, URIRef):
            continue
        chain_node = graph.value(node, _ECO.segmentOf)
        if not isinstance(chain_node, URIRef):
            raise InputError(f"segment {node} has no eco:segmentOf")
        feeds = tuple(sorted(
            _local(t, "segment") for t in graph.objects(node, _ECO.feeds)
            if isinstance(t, URIRef)
        ))
        segments.append(Segment(
            id=_local(node, "segment"),
            chain=_local(chain_node, "chain"),
            stage=str(graph.value(node, _ECO.stage) or ""),
            code=str(graph.value(node, _ECO.industryCode) or ""),
            label=_zh_label(graph, node),
            feeds=feeds,
        ))
    segments.sort(key=lambda s: s.id)
    chains = tuple(sorted({s.chain for s in segments}))
    log.info("chain maps: %d chains, %d segments from %d files",
             len(chains), len(segments), len(files))
    return ChainMap(chains=chains, segments=tuple(segments))
