"""Build the ``ecograph`` Typer app and map errors to exit codes (only here)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.markup import escape
from typer._click import exceptions as click_exceptions

from ecograph.cli import (
    analyze_chain,
    analyze_collaboration,
    analyze_funds,
    analyze_gradient,
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

__all__ = ["EXIT_CODES", "app", "exit_code", "main"]

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
for _module in (analyze_chain, analyze_incubation, analyze_collaboration, analyze_gradient,
                analyze_funds):
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


def _run(argv: Sequence[str] | None) -> int:
    try:
        # standalone_mode=False: click *returns* the code of ``typer.Exit(n)``
        returned = app(args=list(argv) if argv is not None else None,
                       prog_name="ecograph", standalone_mode=False)
    except EcographError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return exit_code(exc)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("aborted")
        return 130
    except click_exceptions.ClickException as exc:  # usage errors: message + usage, exit 2
        exc.show()
        return exit_code(exc)
    return returned if isinstance(returned, int) else 0
