"""One error hierarchy for ecograph, rooted at :class:`EcographError`.

The CLI maps these to exit codes (``ecograph.cli.app``) and the API to HTTP
status codes (``api.errors``), each in one place.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EcographError",
    "InputError",
    "NotFoundError",
    "QueryError",
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


class QueryError(EcographError):
    """A named query is unknown or was called with bad parameters."""
