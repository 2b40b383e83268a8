"""Build the ``ecograph`` Typer app and map errors to exit codes (only here)."""

from __future__ import annotations

import logging
import sys

import typer

from ecograph.cli import (
    analyze_chain,
    analyze_collaboration,
    analyze_incubation,
    demo,
    report,
    serve,
    store_cmds,
    validate,
)
from ecograph.cli.output import err_console
from ecograph.errors import (
    EcographError,
    NotFoundError,
    ParameterError,
    QueryError,
    StoreUnavailableError,
    ValidationFailedError,
)

__all__ = ["EXIT_CODES", "app", "main"]

app = typer.Typer(
    name="ecograph",
    help="Knowledge graph of industrial-park innovation ecosystems.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
analyze_app = typer.Typer(help="Chain linkage, incubation handoffs, collaboration density.",
                          no_args_is_help=True)
app.add_typer(analyze_app, name="analyze")

for _module in (validate, store_cmds, demo, serve, report):
    _module.register(app)
for _module in (analyze_chain, analyze_incubation, analyze_collaboration):
    _module.register(analyze_app)

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
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log at INFO level."),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main() -> None:
    """Entry point of the ``ecograph`` script."""
    try:
        app(standalone_mode=False)
    except EcographError as exc:
        code = next(c for cls, c in EXIT_CODES if isinstance(exc, cls))
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
