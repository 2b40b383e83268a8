"""CLI commands on the graph store: load, stats, export, query, store start|stop|status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

import typer
from rich.table import Table

from ecograph.cli.output import (
    OUTPUT_FORMATS,
    console,
    err_console,
    print_csv,
    print_json,
    print_table,
)
from ecograph.errors import NotFoundError, QueryError, StoreUnavailableError
from ecograph.settings import Settings, get_settings

__all__ = ["register"]

FORMATS = ("turtle", "jsonld", "nt")


def _source_name(paths: list[Path], given: str | None) -> str:
    if given:
        return given
    names = [p.name if p.is_dir() else p.stem for p in paths]
    return "+".join(names)


def _write_rejects(rejects: list[Any], path: Path) -> None:
    from ecograph.validation.reject import write_rejects

    count = write_rejects(rejects, path)
    err_console.print(f"{count} rejected rows written to {path}")


def _rejects_summary(rejects: list[Any]) -> Table:
    table = Table(title="Rejected rows by file and reason", title_justify="left")
    for col in ("file", "column", "reason", "rows"):
        table.add_column(col, justify="right" if col == "rows" else "left")
    counts: dict[tuple[str, str, str], int] = {}
    for r in rejects:
        key = (str(r.file), str(r.column), str(r.reason))
        counts[key] = counts.get(key, 0) + 1
    for (file, column, reason), n in sorted(counts.items(), key=lambda kv: -kv[1])[:15]:
        table.add_row(file, column, reason, str(n))
    return table


def load(
    paths: Annotated[list[Path], typer.Argument(help="Data packages, .xlsx, RDF files.")],
    strict: Annotated[bool, typer.Option("--strict", help="Fail on any rejected row.")] = False,
    rejects: Annotated[Path | None, typer.Option(
        "--rejects", help="Rejects report (CSV; default DATA_DIR/rejects/SOURCE.csv).")] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete what this source loaded first.")
    ] = False,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, help="Rows per batch.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Source name (default: the path names).")
    ] = None,
    bulk: Annotated[bool | None, typer.Option(
        "--bulk/--no-bulk", help="FalkorDB: GRAPH.BULK into an empty graph (default: when the "
        "graph is empty and the load is large), or never. ECOGRAPH_STORE=neo4j: build the "
        "local Neo4j's empty database with its import tool (then start it).")] = None,
) -> None:
    """Validate sources and load them into the graph store (idempotent upserts).

    The sources stream (an id index first, then rows in batches), so memory
    holds the index and a few batches, not the package; progress goes to stderr.
    """
    from ecograph.cli.loading import load_streamed

    name = _source_name(paths, source)
    settings = get_settings()
    if rejects is None:  # next to the store's data, not littering the working folder
        rejects = settings.data_dir / "rejects" / f"{quote(name, safe='+-_.')}.csv"
    if batch_size is not None:
        settings = settings.model_copy(update={"batch_size": batch_size})
    report_path = rejects

    def on_rejects(found: list[Any]) -> None:
        if found:
            if not strict:
                console.print(_rejects_summary(found))
            _write_rejects(found, report_path)

    report, rejected = load_streamed(paths, name, settings, strict=strict, replace=replace,
                                     bulk=bulk, on_rejects=on_rejects)
    table = Table(title=f"Loaded {name}", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for label, value in (
        ("nodes", report.nodes), ("relationships", report.edges), ("batches", report.batches),
        ("rejected rows", len(rejected)), ("deleted nodes (replace)", report.deleted_nodes),
        ("deleted relationships (replace)", report.deleted_edges),
        ("seconds", f"{report.seconds:.2f}"), ("rows / s", f"{report.rows_per_second:,.0f}"),
    ):
        table.add_row(label, str(value))
    print_table(table)


def stats(json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Count nodes per label and relationships per type."""
    from ecograph.stores import open_store

    with open_store() as store:
        counts = store.stats()
    if json_out:
        print_json(counts)
        return
    for kind, title in (("nodes", "label"), ("relationships", "type")):
        table = Table(title=kind.capitalize(), title_justify="left")
        table.add_column(title)
        table.add_column("count", justify="right")
        for key, value in counts[kind].items():
            table.add_row(key, str(value))
        print_table(table)


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, jsonld or nt.")] = "turtle",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """Export the store to RDF through the ontology mapping (streamed, page by page)."""
    import sys

    from ecograph.rdfio import serialize_rows
    from ecograph.stores import open_store

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    nodes = edges = 0

    def counted(pages: Any) -> Any:
        nonlocal nodes, edges
        for page in pages:
            nodes += len(page[0])
            edges += len(page[1])
            yield page

    with open_store() as store:
        if output is None:
            sys.stdout.flush()
            for chunk in serialize_rows(counted(store.iter_row_pages()), fmt):
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return
        with output.open("wb") as out:
            for chunk in serialize_rows(counted(store.iter_row_pages()), fmt):
                out.write(chunk)
    err_console.print(f"{nodes} nodes and {edges} relationships written to {output}")


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param takes key=value, got {pair!r}")
        params[key.strip()] = value
    return params


#: Query parameters that name a node id; checked when a query returns no row.
ID_PARAMS = frozenset({"park", "segment", "chain", "org", "source", "target"})


def _unknown_ids(store: Any, params: dict[str, str]) -> list[str]:
    """Return ``"park 'X'"``-style names of the id parameters that match no node."""
    return [f"{key} {value!r}" for key, value in params.items()
            if key in ID_PARAMS and value and not store.run("node_kind", {"id": value})]


def query(
    name: Annotated[str | None, typer.Argument(help="Named query (see --list).")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (--format json).")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="table (fits the terminal), csv or json.")] = "table",
    list_all: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
) -> None:
    """Run a named, read-only query from queries/.

    No row: says so on stderr (exit 0), or names the id parameter that matches
    no node (exit 2).
    """
    if fmt not in OUTPUT_FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(OUTPUT_FORMATS)}",
                                 param_hint="--format")
    fmt = "json" if json_out else fmt
    from ecograph.stores.catalog import load_catalog

    if list_all or name is None:
        table = Table(title="Named queries", title_justify="left")
        for col in ("name", "params", "description"):
            table.add_column(col)
        for q in load_catalog().values():
            params = " ".join(f"{p.name}:{p.type}{'?' if p.optional else ''}" for p in q.params)
            table.add_row(q.name, params, q.description)
        print_table(table)
        return
    from ecograph.stores import open_store

    given_params = _parse_params(param or [])
    with open_store() as store:
        rows = store.run(name, given_params)
        unknown = _unknown_ids(store, given_params) if not rows else []
    if unknown:
        raise NotFoundError(f"{name}: no node has the id of {', '.join(unknown)}")
    if not rows:
        given = ", ".join(f"{k}={v!r}" for k, v in given_params.items()) or "no parameters"
        err_console.print(f"{name}: no rows ({given})", highlight=False)
    if fmt == "json":
        print_json(rows)
        return
    if fmt == "csv":
        print_csv(rows)
        return
    if not rows:
        return
    from ecograph.analysis.common import to_plain

    table = Table(title=f"{name}: {len(rows)} row{'' if len(rows) == 1 else 's'}",
                  title_justify="left")
    for column in rows[0] if rows else []:
        table.add_column(column)
    for row in rows:
        table.add_row(*(json.dumps(to_plain(v), ensure_ascii=False) if isinstance(v, list)
                        else "" if v is None else str(v) for v in row.values()))
    print_table(table)


store_app = typer.Typer(help="Start, stop or inspect the embedded FalkorDB server "
                        "(or, with --store neo4j --local, a local Neo4j).", no_args_is_help=True)

StoreOpt = Annotated[
    str | None, typer.Option("--store", help="embedded (default: ECOGRAPH_STORE) or neo4j.")
]
LocalOpt = Annotated[
    bool, typer.Option("--local", help="With --store neo4j: the local Neo4j (Java + Maven).")
]


def _local_neo4j(store: str | None, local: bool) -> Path | None:
    """The data folder when the command is about the local Neo4j, else None."""
    settings = get_settings()
    if (store or settings.store) != "neo4j":
        return None
    if not local:
        raise StoreUnavailableError(
            "--store neo4j is managed outside ecograph; --local runs one with Java and Maven"
        )
    return settings.data_dir


def _print_local(state: Any, verb: str) -> None:
    console.print(f"local Neo4j {verb}: pid {state.pid}, {state.uri}, user {state.user}, "
                  f"data {state.data_dir}")
    console.print(f"  ECOGRAPH_STORE=neo4j ECOGRAPH_NEO4J_URI={state.uri} "
                  f"(the password is kept in {Path(state.data_dir).parent / 'password'})")


def _embedded(settings: Settings) -> Path:
    if settings.store != "embedded":
        raise StoreUnavailableError(
            f"ECOGRAPH_STORE={settings.store}: that store is managed outside ecograph"
        )
    return settings.data_dir


@store_app.command("start")
def store_start(store: StoreOpt = None, local: LocalOpt = False) -> None:
    """Start the embedded server (or report the running one)."""
    if (neo4j_dir := _local_neo4j(store, local)) is not None:
        from ecograph.stores.neo4j_local import start_local

        with console.status("building and starting the local Neo4j"):
            _print_local(start_local(neo4j_dir, notify=console.print), "running")
        return
    from ecograph.stores.falkordb.server import ensure_server

    state = ensure_server(_embedded(get_settings()))
    console.print(f"embedded FalkorDB running: pid {state.pid}, {state.host}:{state.port}, "
                  f"data {state.data_dir}")


@store_app.command("stop")
def store_stop(store: StoreOpt = None, local: LocalOpt = False) -> None:
    """Save the data and stop the embedded server."""
    if (neo4j_dir := _local_neo4j(store, local)) is not None:
        from ecograph.stores.neo4j_local import stop_local

        stopped = stop_local(neo4j_dir)
        console.print(f"local Neo4j stopped (data kept in {neo4j_dir / 'neo4j-local'})"
                      if stopped else "local Neo4j was not running")
        return
    from ecograph.stores.falkordb.server import stop_server

    data_dir = _embedded(get_settings())
    if stop_server(data_dir):
        console.print(f"embedded FalkorDB stopped (data kept in {data_dir})")
    else:
        console.print("embedded FalkorDB was not running")


@store_app.command("status")
def store_status(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    store: StoreOpt = None,
    local: LocalOpt = False,
) -> None:
    """Say whether the embedded server runs (exit code 3 when it does not)."""
    if (neo4j_dir := _local_neo4j(store, local)) is not None:
        from ecograph.stores.neo4j_local import local_status

        running = local_status(neo4j_dir)
        if json_out:
            print_json({"running": running is not None, "data_dir": str(neo4j_dir),
                        "pid": running.pid if running else None,
                        "port": running.port if running else None,
                        "uri": running.uri if running else None})
        if running is None:
            raise StoreUnavailableError(f"the local Neo4j is not running (data {neo4j_dir})")
        if not json_out:
            _print_local(running, "running")
        return
    from ecograph.stores.falkordb.server import server_status

    data_dir = _embedded(get_settings())
    state = server_status(data_dir)
    if json_out:
        print_json({"running": state is not None, "data_dir": str(data_dir),
                    "pid": state.pid if state else None, "port": state.port if state else None})
    if state is None:
        raise StoreUnavailableError(f"embedded FalkorDB is not running (data {data_dir})")
    if not json_out:
        console.print(f"embedded FalkorDB running: pid {state.pid}, {state.host}:{state.port}, "
                      f"data {state.data_dir}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("load")(load)
    app.command("stats")(stats)
    app.command("export")(export)
    app.command("query")(query)
    app.add_typer(store_app, name="store")
