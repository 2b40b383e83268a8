"""``ecograph load`` as a stream: the id index, then nodes and edges into the store.

Memory holds the index and a few batches, not the package
(:mod:`ecograph.loaders.stream`). Progress goes to stderr: one bar for the
index pass (records read), one for the nodes and one for the relationships
written, each with rows/s and the time left.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ecograph.cli.output import err_console
from ecograph.errors import QueryError, ValidationFailedError
from ecograph.settings import Settings
from ecograph.stores.base import LoadReport
from ecograph.validation.reject import Reject

if TYPE_CHECKING:
    from ecograph.loaders.stream import StreamRead

__all__ = ["RateColumn", "count_records", "load_streamed", "progress_bar"]


class RateColumn(ProgressColumn):
    """Rows per second of a task (rich's own speed column counts bytes)."""

    def render(self, task: Task) -> Text:
        """Render ``12,345 rows/s`` (``… rows/s`` before the first estimate).

        Examples
        --------
        >>> from rich.progress import Progress
        >>> bar = Progress()
        >>> task = bar.add_task("x", total=10)
        >>> str(RateColumn().render(bar.tasks[0]))
        '… rows/s'
        """
        speed = task.finished_speed or task.speed
        if task.finished_time:  # the whole run's rate (task.elapsed keeps counting)
            speed = task.completed / task.finished_time
        return Text(f"{speed:,.0f} rows/s" if speed else "… rows/s", style="progress.data.speed")


def progress_bar(console: Console | None = None, *,
                 get_time: Callable[[], float] | None = None) -> Progress:
    """Return the load's progress display (stderr): counts, rows/s, elapsed and ETA.

    The bar is 10 cells wide, so an 80-column terminal shows 8-digit counts and
    rates whole; ``get_time`` is the clock (default: rich's monotonic one).
    """
    return Progress(TextColumn("{task.description:<14}"), BarColumn(bar_width=10),
                    MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn(), console=console or err_console, get_time=get_time)


def count_records(paths: Sequence[Path]) -> int:
    """Return about how many records the index pass reads (lines of its CSV tables).

    Examples
    --------
    >>> from ecograph.resources import DEMO_DIR
    >>> count_records([DEMO_DIR]) > 1000
    True
    """
    from ecograph.loaders.stream import _count_lines
    from ecograph.mapping.tables import TABLES

    total = 0
    for path in paths:
        if path.is_dir():
            for csv_file in path.glob("*.csv"):
                table = TABLES.get(csv_file.stem.lower())
                if table is not None and (table.entity == "node" or table.target_label):
                    total += _count_lines(str(csv_file))
    return total


def _advance(bar: Progress, nodes: TaskID, edges: TaskID, node_total: int) -> Callable[[int], None]:
    """A store progress callback: node rows fill the node bar, the rest the edge bar."""
    left = node_total

    def advance(count: int) -> None:
        nonlocal left
        to_nodes = min(left, count)
        if to_nodes:
            left -= to_nodes
            bar.advance(nodes, to_nodes)
        if count > to_nodes:
            bar.advance(edges, count - to_nodes)

    return advance


def load_streamed(paths: Sequence[Path], name: str, settings: Settings, *, strict: bool,
                  replace: bool, bulk: bool | None,
                  on_rejects: Callable[[list[Reject]], None]) -> tuple[LoadReport, list[Reject]]:
    """Stream ``paths`` into the configured store; return its report and the rejects.

    ``on_rejects`` gets the rejects once they are all known: before anything
    is written with ``strict`` (which then raises
    :class:`~ecograph.errors.ValidationFailedError` if there are any), after
    the load otherwise.
    """
    batch = settings.batch_size
    with progress_bar() as bar:
        if strict:
            check = _index(bar, paths, name, "checking")
            for _ in check.edges(batch):
                pass
            if check.rejects:
                on_rejects(list(check.rejects))
                raise ValidationFailedError(f"{len(check.rejects)} rows rejected (strict mode)",
                                            rejects=list(check.rejects))
            del check
        read = _index(bar, paths, name, "index")
        nodes = bar.add_task("nodes", total=read.node_count)
        edges = bar.add_task("relationships", total=read.edge_estimate)
        advance = _advance(bar, nodes, edges, read.node_count)
        rows = read.node_count + read.edge_estimate
        if bulk and settings.store == "neo4j":
            report = _neo4j_bulk(bar, read, name, settings, advance)
        else:
            report = _store_load(read, name, settings, replace=replace, bulk=bulk, rows=rows,
                                 advance=advance)
        done = _completed(bar, edges)
        bar.update(edges, total=done, completed=done)
    rejects = list(read.rejects)
    if not strict:
        on_rejects(rejects)
    return report, rejects


def _store_load(read: StreamRead, name: str, settings: Settings, *, replace: bool,
                bulk: bool | None, rows: int, advance: Callable[[int], None]) -> LoadReport:
    """Load the stream into the configured store (``GRAPH.BULK`` or ``UNWIND … MERGE``)."""
    from ecograph.stores import open_store
    from ecograph.stores.falkordb import FalkorDBStore

    with open_store(settings) as store:
        kwargs: dict[str, Any] = {"source": name, "replace": replace, "progress": advance,
                                  "index": read.index}
        if isinstance(store, FalkorDBStore):
            read.unique_edges = store.will_bulk(rows, bulk)
            kwargs.update(bulk=read.unique_edges, rows=rows)
        elif bulk:
            raise QueryError("--bulk with ECOGRAPH_STORE=neo4j is the local Neo4j's "
                             "import (unset ECOGRAPH_NEO4J_URI)")
        return store.load(read.nodes(), read.edges(settings.batch_size), **kwargs)


def _neo4j_bulk(bar: Progress, read: StreamRead, name: str, settings: Settings,
                advance: Callable[[int], None]) -> LoadReport:
    """``--bulk`` on the local Neo4j: the import tool's CSV files streamed, then the import."""
    from ecograph.stores.neo4j_local import bulk_load_local

    if settings.neo4j_uri:
        raise QueryError("--bulk with ECOGRAPH_STORE=neo4j builds the local Neo4j's database "
                         f"(ECOGRAPH_DATA_DIR); ECOGRAPH_NEO4J_URI={settings.neo4j_uri} is set")
    steps: dict[str, TaskID] = {}

    def phase(step: str) -> None:
        for task in steps.values():
            bar.update(task, total=1, completed=1)
        steps[step] = bar.add_task(f"neo4j {step}", total=None)

    started = time.perf_counter()
    done, state, _schema = bulk_load_local(settings.data_dir, read.nodes(),
                                           read.edges(settings.batch_size), source=name,
                                           index=read.index, progress=advance, phase=phase)
    for task in steps.values():
        bar.update(task, total=1, completed=1)
    err_console.print(f"local Neo4j running on {state.uri} (ECOGRAPH_STORE=neo4j)")
    return LoadReport(source=name, nodes=done.files.node_count, edges=done.files.edge_count,
                      batches=len(done.files.nodes) + len(done.files.relationships),
                      deleted_nodes=0, deleted_edges=0, seconds=time.perf_counter() - started)


def _completed(bar: Progress, task: TaskID) -> float:
    return next(t.completed for t in bar.tasks if t.id == task)


def _index(bar: Progress, paths: Sequence[Path], name: str, what: str) -> StreamRead:
    from ecograph.loaders.stream import stream_sources

    task = bar.add_task(what, total=count_records(paths) or None)
    read = stream_sources(paths, source_name=name, tick=lambda n: bar.advance(task, n))
    done = _completed(bar, task)
    bar.update(task, total=done, completed=done)
    read.tick = None
    return read
