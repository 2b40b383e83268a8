"""One error hierarchy for ecograph, rooted at :class:`EcographError`.

Each class means one thing to the user. Programmer errors (a wrong type
passed between modules, a broken invariant) are not among them: they raise
Python's own ``TypeError`` / ``ValueError`` and surface as crashes.

The CLI maps these to exit codes (``ecograph.cli.app``) and the API to HTTP
status codes (``api.errors``), each in one place.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EcographError",
    "InputError",
    "NotFoundError",
    "ParameterError",
    "QueryError",
    "StoreDataError",
    "StoreError",
    "StoreUnavailableError",
    "ValidationFailedError",
]


class EcographError(Exception):
    """Base class of every error ecograph raises on purpose."""


class ConfigError(EcographError):
    """Settings are missing or inconsistent."""


class InputError(EcographError):
    """A source cannot be read at all (missing file, unknown format, bad encoding)."""


class ValidationFailedError(EcographError):
    """Input rows were rejected and the load ran with ``--strict``.

    ``rejects`` holds the rejected rows (``ecograph.rejects.Reject`` objects).
    """

    def __init__(self, message: str, rejects: list[object] | None = None) -> None:
        super().__init__(message)
        self.rejects = rejects or []


class NotFoundError(EcographError):
    """An id (park, chain, organisation, query name) is not in the graph."""


class StoreError(EcographError):
    """The graph store failed to carry out an operation."""


class StoreUnavailableError(StoreError):
    """The graph store cannot be reached or started."""


class StoreDataError(StoreError):
    """The store holds data ecograph cannot read: corrupt, or not written by ecograph.

    Not the caller's fault (unlike :class:`QueryError`): the store needs repair
    or a reload.
    """


class QueryError(EcographError):
    """A named query is unknown or was called with bad parameters."""


class ParameterError(EcographError):
    """An analysis or view was asked for with parameters it cannot use.

    For example an incubation analysis with neither a park nor a carrier, a
    year range that ends before it starts, or a cap below one.
    """
