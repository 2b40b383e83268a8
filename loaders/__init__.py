"""Source adapters: data packages (CSV folder, ``.xlsx``), RDF files, chain maps.

``read_sources(paths)`` reads any mix of sources into validated property-graph
rows plus the rejects; see :class:`IngestResult`.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ecograph.errors import InputError, ValidationFailedError
from ecograph.loaders.assemble import Assembler
from ecograph.loaders.chain_maps import add_chain_maps
from ecograph.loaders.rdf_files import RDF_SUFFIXES, add_rdf_file
from ecograph.loaders.tabular import is_package, iter_tables
from ecograph.mapping.rows import EdgeRow, NodeRow
from ecograph.validation.reject import Reject
from ecograph.validation.shapes import load_shapes

__all__ = ["IngestResult", "read_sources", "utc_now"]

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    """What a read produced: accepted rows, rejects and per-file counts.

    ``stats`` maps each file (CSV path, ``book.xlsx:sheet`` or RDF path) to
    ``{"rows", "nodes", "edges", "rejected"}``. ``warnings`` are located
    notes that reject nothing (e.g. more than three leading chains).
    """

    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    stats: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[Reject] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    chain_map_files: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        """True when nothing was rejected."""
        return not self.rejects

    def counts(self) -> dict[str, int]:
        """Return the totals: nodes, edges and rejects.

        Examples
        --------
        >>> IngestResult().counts()
        {'nodes': 0, 'edges': 0, 'rejects': 0}
        """
        return {"nodes": len(self.nodes), "edges": len(self.edges),
                "rejects": len(self.rejects)}

    def package_counts(self) -> dict[str, int]:
        """Return the counts of the given sources, apart from the shipped chain maps.

        ``rows`` read, ``nodes`` and ``edges`` accepted, ``rejects`` (rows and
        cells), summed over the files that are not chain maps.

        Examples
        --------
        >>> IngestResult(stats={"a.csv": {"rows": 3, "nodes": 2, "edges": 1, "rejected": 1},
        ...                     "chain.ttl": {"rows": 0, "nodes": 50, "edges": 90, "rejected": 0}},
        ...              chain_map_files=frozenset({"chain.ttl"})).package_counts()
        {'rows': 3, 'nodes': 2, 'edges': 1, 'rejects': 1}
        """
        totals = {"rows": 0, "nodes": 0, "edges": 0, "rejects": 0}
        for file, counts in self.stats.items():
            if file in self.chain_map_files:
                continue
            for key in ("rows", "nodes", "edges"):
                totals[key] += counts.get(key, 0)
            totals["rejects"] += counts.get("rejected", 0) + counts.get("warnings", 0)
        return totals

    def chain_map_counts(self) -> dict[str, int]:
        """Return the nodes and edges that came from the shipped chain maps.

        Examples
        --------
        >>> IngestResult().chain_map_counts()
        {'nodes': 0, 'edges': 0}
        """
        totals = {"nodes": 0, "edges": 0}
        for file in self.chain_map_files:
            for key in totals:
                totals[key] += self.stats.get(file, {}).get(key, 0)
        return totals


def utc_now() -> str:
    """Return the current time as an ISO UTC datetime (seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def read_sources(
    paths: Sequence[Path],
    *,
    strict: bool = False,
    source_name: str | None = None,
    loaded_at: str | None = None,
    include_chain_maps: bool = True,
) -> IngestResult:
    """Read data packages, workbooks and RDF files into validated rows.

    Parameters
    ----------
    paths
        Data-package folders, ``.xlsx`` workbooks and RDF files, in any mix.
        Ids are shared across all of them.
    strict
        Raise :class:`~ecograph.errors.ValidationFailedError` if anything is rejected.
    source_name
        Provenance ``source`` of every row (default: folder name, workbook stem
        or RDF file name).
    loaded_at
        Provenance ``loaded_at`` (ISO datetime, default now in UTC).
    include_chain_maps
        Also load ``ontology/chains/*.ttl`` first, so packages can reference
        shipped segments; a package's ``chains.csv`` adds to or overrides them.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "pkg"
    >>> folder.mkdir()
    >>> _ = (folder / "organizations.csv").write_text(
    ...     "id,name,type\\na,甲,Enterprise\\nb,乙,Spaceship\\n", encoding="utf-8")
    >>> result = read_sources([folder], include_chain_maps=False)
    >>> [n["id"] for n in result.nodes], [(r.line, r.column) for r in result.rejects]
    (['a'], [(3, 'type')])
    """
    stamp = loaded_at or utc_now()
    # Millions of small acyclic dicts: the cyclic collector would rescan them again
    # and again while they are built (about a third of the time), so pause it.
    paused = gc.isenabled()
    gc.disable()
    try:
        result = _read(paths, stamp, source_name, include_chain_maps)
    finally:
        if paused:
            # Everything allocated meanwhile still counts as young: the first
            # collection after enabling would scan all of it at once (~0.6 s at
            # 100k organisations). Moving it to the oldest generation instead
            # (freeze, then unfreeze) leaves it to the next full collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
    log.info("read %d nodes, %d edges, %d rejects", len(result.nodes), len(result.edges),
             len(result.rejects))
    if strict and result.rejects:
        raise ValidationFailedError(f"{len(result.rejects)} rows rejected (strict mode)",
                                    rejects=list(result.rejects))
    return result


def _read(paths: Sequence[Path], stamp: str, source_name: str | None,
          include_chain_maps: bool) -> IngestResult:
    assembler = Assembler(load_shapes(), stamp)
    notices: list[str] = []
    if include_chain_maps:
        add_chain_maps(assembler)
    chain_files = frozenset(assembler.stats)
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
        if is_package(path):
            name = source_name or (path.name if path.is_dir() else path.stem)
            for file, table, header, records in iter_tables(path, assembler.add_reject,
                                                            notices.append):
                assembler.add_table(file, table, header, records, name)
        elif path.suffix.lower() in RDF_SUFFIXES:
            add_rdf_file(assembler, path, source=source_name or path.name, loaded_at=stamp)
        else:
            raise InputError(f"{path}: not a data package, workbook or RDF file")
    nodes, edges = assembler.finish()
    for warning in assembler.warnings:
        log.warning("%s line %s, %s: %s", warning.file, warning.line, warning.column,
                    warning.reason)
    return IngestResult(nodes, edges, assembler.rejects, dict(assembler.stats),
                        warnings=assembler.warnings, notices=notices,
                        chain_map_files=chain_files)
