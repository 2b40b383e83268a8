"""Build the ``ecograph`` Typer app and map errors to exit codes (only here).

Commands load lazily: the tables :data:`COMMANDS` and :data:`ANALYZE` name
each command, the ``ecograph.cli`` module whose ``register(app)`` defines it,
and its one-line help. ``ecograph --help`` lists them from the tables without
importing any command module; running a command imports its module alone, so
``ecograph stats`` never pays for NetworkX, rdflib, pyshacl or FastAPI. Add a
command with one line in a table (a test checks each line's help against the
command's docstring).
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

import typer
from typer._click import core as click
from typer._click import exceptions as click_exceptions
from typer.core import TyperCommand, TyperGroup

from ecograph.errors import (
    EcographError,
    NotFoundError,
    ParameterError,
    QueryError,
    StoreUnavailableError,
    ValidationFailedError,
)

__all__ = ["ANALYZE", "COMMANDS", "EXIT_CODES", "Lazy", "LazyGroup", "app", "exit_code", "main"]


@dataclass(frozen=True)
class Lazy:
    """A command loaded on first use: its name, defining module and one-line help."""

    name: str
    module: str  # under ecograph.cli; its register(app) adds the command
    help: str


#: ``ecograph <command>``: one line per command.
COMMANDS: tuple[Lazy, ...] = (
    Lazy("validate", "validate", "Validate data packages and RDF files; list every rejected row."),
    Lazy("load", "store_cmds", "Validate sources and load them into the graph store (idempotent "
         "upserts)."),
    Lazy("stats", "store_cmds", "Count nodes per label and relationships per type."),
    Lazy("export", "store_cmds", "Export the store to RDF through the ontology mapping "
         "(streamed, page by page)."),
    Lazy("query", "store_cmds", "Run a named, read-only query from queries/."),
    Lazy("demo", "demo", "Load the demo ecosystem into the store and start the explorer."),
    Lazy("synth", "demo", "Generate a synthetic data package of ORGS organisations "
         "(deterministic)."),
    Lazy("serve", "serve", "Serve the API and the explorer page (http://HOST:PORT/)."),
    Lazy("report", "report", "Write the planner's report for a park: one self-contained HTML "
         "page."),
    Lazy("indicators", "report", "Evaluate a park (metrics.md §5): values with source, year "
         "and trend; the three categories side by side; the index score with its weight "
         "coverage."),
    Lazy("store", "store_cmds", "Start, stop or inspect the embedded FalkorDB server (or, with "
         "--store neo4j --local, a local Neo4j)."),
)

#: ``ecograph analyze <command>``: one line per command.
ANALYZE: tuple[Lazy, ...] = (
    Lazy("chain", "analyze_chain", "Chain linkage: segments, coverage, links, anchors, gaps, "
         "candidates, 招商清单."),
    Lazy("targets", "analyze_targets", "招商清单: one row per candidate per recommended gap of "
         "the leading chains."),
    Lazy("incubation", "analyze_incubation", "Incubation chain: carriers, fates, pipeline, "
         "conversion, skips, network, gaps."),
    Lazy("collaboration", "analyze_collaboration", "Collaboration over events: 产学研, openness, "
         "brokers, tech contracts, T, trend."),
    Lazy("gradient", "analyze_gradient", "梯度培育: park firms per tier, per leading chain, per "
         "year; the next-tier pool."),
    Lazy("funds", "analyze_funds", "园区+基金: funds serving the park, coverage per leading "
         "chain, unfunded gaps."),
)


def _load(entry: Lazy) -> click.Command:
    """Import the entry's module and return the click command its ``register`` defines."""
    module = importlib.import_module(f"ecograph.cli.{entry.module}")
    holder = typer.Typer()
    module.register(holder)
    command = typer.main.get_group(holder).commands.get(entry.name)
    if command is None:
        raise RuntimeError(f"ecograph.cli.{entry.module}.register defines no {entry.name!r}")
    return command


class LazyGroup(TyperGroup):
    """A Typer group whose :attr:`lazy` commands are imported when they run.

    Listing (``--help``) shows a stand-in carrying the table's help; resolving
    a command to run it loads the real one.
    """

    lazy: ClassVar[tuple[Lazy, ...]] = ()

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The table's commands, in table order, then any registered directly."""
        names = [entry.name for entry in self.lazy]
        return names + [name for name in super().list_commands(ctx) if name not in names]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The loaded command, or a stand-in with the table's help (nothing imported)."""
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        entry = next((e for e in self.lazy if e.name == cmd_name), None)
        if entry is None:
            return None
        return TyperCommand(entry.name, help=entry.help, short_help=entry.help,
                            callback=lambda: None)

    def load(self, cmd_name: str) -> click.Command | None:
        """Import and register the real command ``cmd_name`` (None: not in the table)."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = next((e for e in self.lazy if e.name == cmd_name), None)
        if entry is None:
            return None
        command = _load(entry)
        self.add_command(command, cmd_name)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        """Load the command about to run, then resolve as click does."""
        if args:
            self.load(args[0])
        return super().resolve_command(ctx, args)


class _Top(LazyGroup):
    lazy = COMMANDS


class _Analyze(LazyGroup):
    lazy = ANALYZE


app = typer.Typer(
    name="ecograph",
    help="Knowledge graph of industrial-park innovation ecosystems.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=_Top,
)
analyze_app = typer.Typer(help="Chain linkage, incubation handoffs, collaboration density.",
                          no_args_is_help=True, cls=_Analyze)
app.add_typer(analyze_app, name="analyze")

#: Exit code per error class; the first matching class wins.
EXIT_CODES: tuple[tuple[type[EcographError], int], ...] = (
    (NotFoundError, 2),
    (QueryError, 2),
    (ParameterError, 2),
    (StoreUnavailableError, 3),
    (ValidationFailedError, 1),
    (EcographError, 1),
)


@app.callback()
def _root(
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", metavar="", help="Log at INFO level.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def exit_code(exc: BaseException) -> int:
    """Return the exit code of an error raised by a command.

    Examples
    --------
    >>> exit_code(NotFoundError("no park 'x'")), exit_code(StoreUnavailableError("down"))
    (2, 3)
    >>> exit_code(ValidationFailedError("2 rows rejected"))
    1
    """
    if isinstance(exc, EcographError):
        return next(c for cls, c in EXIT_CODES if isinstance(exc, cls))
    if isinstance(exc, click_exceptions.ClickException):
        return int(exc.exit_code)
    raise TypeError(f"not a user error: {exc!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ecograph`` script; return (and exit with) the exit code.

    0 success, 1 rejected rows or another failure, 2 a usage error or an
    unknown id, 3 the store is unavailable, 130 interrupted. Usage errors print
    click's usage message, never a traceback.
    """
    code = _run(argv)
    sys.exit(code)


def _error(exc: Any) -> None:
    from rich.markup import escape

    from ecograph.cli.output import err_console

    err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)


def _run(argv: Sequence[str] | None) -> int:
    try:
        # standalone_mode=False: click *returns* the code of ``typer.Exit(n)``
        returned = app(args=list(argv) if argv is not None else None,
                       prog_name="ecograph", standalone_mode=False)
    except EcographError as exc:
        _error(exc)
        return exit_code(exc)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        from ecograph.cli.output import err_console

        err_console.print("aborted")
        return 130
    except click_exceptions.ClickException as exc:  # usage errors: message + usage, exit 2
        exc.show()
        return exit_code(exc)
    return returned if isinstance(returned, int) else 0
