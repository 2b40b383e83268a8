"""The shipped SKOS chain maps (``ontology/chains/*.ttl``) as chain and segment rows.

Each map declares an ``eco:IndustryChain`` (``skos:ConceptScheme``) and its
``eco:ChainSegment`` s (``skos:Concept``) with ``eco:segmentOf``, ``eco:stage``,
``eco:industryCode`` and ``eco:feeds``. They are validated with SHACL like any
RDF input, once per process (cached); each load gets fresh rows stamped with
its ``loaded_at``. Source names are ``chains/{file}``.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from ecograph.loaders.assemble import Assembler
from ecograph.loaders.rdf_files import RdfRows, add_rdf_rows, read_rdf_rows
from ecograph.resources import ONTOLOGY_DIR

__all__ = ["CHAINS_DIR", "add_chain_maps", "chain_map_paths", "read_chain_maps"]

CHAINS_DIR = ONTOLOGY_DIR / "chains"


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


def read_chain_maps(loaded_at: str, folder: Path = CHAINS_DIR) -> list[RdfRows]:
    """Return the validated rows of every chain map, stamped with ``loaded_at``.

    Examples
    --------
    >>> maps = read_chain_maps("2024-01-01T00:00:00+00:00")
    >>> all(n["props"]["loaded_at"] == "2024-01-01T00:00:00+00:00"
    ...     for m in maps for n in m.nodes)
    True
    """
    out = []
    for path in chain_map_paths(folder):
        rows = copy.deepcopy(_cached(path, path.stat().st_mtime))
        for row in [*rows.nodes, *rows.edges]:
            row["props"].setdefault("loaded_at", loaded_at)
        out.append(rows)
    return out


def add_chain_maps(assembler: Assembler, folder: Path = CHAINS_DIR) -> None:
    """Register the chain maps' rows with ``assembler``."""
    for rows in read_chain_maps(assembler.loaded_at, folder):
        add_rdf_rows(assembler, rows)
