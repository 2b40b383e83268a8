"""Per-process cache of the projected graph and of metric responses.

What is cached
    The NetworkX projection of the whole store (analyses and visualisations
    read it; it is never re-projected per request) and finished response
    bodies keyed by ``(endpoint, park, chain, params…, format)``. Handlers
    also record which request URL (path and raw query string) gave which key,
    so a repeated URL is answered by :mod:`api.fastpath` before routing and
    parameter validation.

When it is invalidated
    Everything is tied to a *generation*. A background task of the app
    (``api.app``) calls :meth:`ResultCache.refresh` every ``check_seconds``,
    which fingerprints the store with ``store.stats()`` (node counts per
    label, relationship counts per type), so requests never wait on the
    store for it; a different fingerprint —
    a load added or removed rows, from this process or from ``ecograph load``
    in another one — starts a new generation and drops every entry. Code that
    loads through the app's own store calls :meth:`ResultCache.invalidate`
    directly. A load that rewrites property values without changing any count
    is only seen after ``max_age_seconds`` (default 5 minutes), the bound on
    any entry's life.

    A running load changes the counts at every batch: a new generation starts
    only once the counts have held still for ``settle_seconds``, or at the
    latest ``max_lag_seconds`` after they first moved, so the API does not
    re-project the whole graph for every batch.

The counts of the last check (and the error of a failed one) are kept for
``/health``, which then costs no store query.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
from starlette.responses import Response

from ecograph.errors import EcographError
from ecograph.stores.base import GraphStore, StoreStats

__all__ = ["CachedBody", "ResultCache"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CachedBody:
    """A finished response body, with its strong ``ETag`` (a hash of the bytes).

    Examples
    --------
    >>> CachedBody(b"{}", "application/json").etag
    '"99914b932bd37a50b983c5e7c90ae93b"'
    """

    content: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = field(init=False, repr=False)
    #: The 200 response's headers, encoded once (``api.fastpath`` sends them as they are).
    raw_headers: tuple[tuple[bytes, bytes], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        digest = hashlib.md5(self.content, usedforsecurity=False).hexdigest()
        object.__setattr__(self, "etag", f'"{digest}"')
        response = Response(self.content, media_type=self.media_type,
                            headers={**self.headers, "ETag": self.etag})
        object.__setattr__(self, "raw_headers", tuple(response.raw_headers))


class ResultCache:
    """Generation-keyed cache in front of one :class:`GraphStore`.

    Parameters
    ----------
    store : GraphStore
        The process's store.
    check_seconds : float
        Longest time between two fingerprint checks.
    max_age_seconds : float
        Longest life of a generation, whatever the fingerprint says.
    max_entries : int
        Response bodies kept (least recently used dropped first).
    clock : Callable[[], float]
        Monotonic clock (tests pass their own).

    Examples
    --------
    >>> class Store:
    ...     counts = {"nodes": {"Park": 1}, "relationships": {}}
    ...     def stats(self): return self.counts
    ...     def to_networkx(self): return nx.MultiDiGraph()
    >>> now = [0.0]
    >>> cache = ResultCache(Store(), check_seconds=1, clock=lambda: now[0])
    >>> cache.refresh()
    1
    >>> cache.body(("k",), lambda: CachedBody(b"1", "text/plain")).content
    b'1'
    >>> cache.body(("k",), lambda: CachedBody(b"2", "text/plain")).content  # cached
    b'1'
    >>> Store.counts = {"nodes": {"Park": 2}, "relationships": {}}; now[0] = 5.0
    >>> cache.refresh()  # a load happened: wait until the counts hold still
    1
    >>> now[0] = 8.0
    >>> cache.refresh()  # still 2 parks after settle_seconds: a new generation
    2
    >>> cache.body(("k",), lambda: CachedBody(b"3", "text/plain")).content  # a load happened
    b'3'
    >>> cache.generation
    2
    """

    def __init__(
        self,
        store: GraphStore,
        *,
        check_seconds: float = 1.0,
        max_age_seconds: float = 300.0,
        max_entries: int = 512,
        max_bytes: int = 256 * 2**20,
        settle_seconds: float = 2.0,
        max_lag_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        max_scopes: int = 8,
    ) -> None:
        self._store = store
        self._check_seconds = check_seconds
        self._max_age = max_age_seconds
        self._max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self._graph_lock = threading.Lock()
        self._entries: OrderedDict[tuple[Any, ...], CachedBody] = OrderedDict()
        self._urls: dict[tuple[str, bytes], tuple[Hashable, ...]] = {}
        self._graph: nx.MultiDiGraph | None = None
        self._scopes: OrderedDict[tuple[Any, ...], nx.MultiDiGraph] = OrderedDict()
        self._max_scopes = max_scopes
        self._fingerprint: object = None
        self._checked_at = float("-inf")
        self._born_at = clock()
        self._max_bytes = max_bytes
        self._bytes = 0
        self._flights: dict[tuple[Any, ...], threading.Lock] = {}
        self._settle = settle_seconds
        self._max_lag = max_lag_seconds
        self._pending: object = None
        self._pending_since = self._moved_since = 0.0
        self.stats: StoreStats | None = None
        self.stats_error: str | None = None
        self.generation = 0
        self.hits = 0
        self.misses = 0

    def invalidate(self) -> None:
        """Start a new generation: drop the projection and every cached body."""
        with self._lock:
            self._new_generation()

    def _new_generation(self) -> None:
        self._pending = None
        self._bytes = 0
        self._entries.clear()
        self._urls.clear()
        self._graph = None
        self._scopes.clear()
        self.generation += 1
        self._born_at = self._clock()
        logger.info("cache generation %d", self.generation)

    def refresh(self) -> int:
        """Check the store's fingerprint when due; return the current generation."""
        now = self._clock()
        if now - self._checked_at < self._check_seconds:
            return self.generation
        with self._refresh_lock:  # the store query runs outside ``_lock``: hits never wait on it
            if now - self._checked_at < self._check_seconds:
                return self.generation
            try:
                stats = self._store.stats()
            except EcographError as exc:
                self.stats_error = str(exc)
                raise
            self.stats, self.stats_error = stats, None
            fingerprint = repr(sorted((k, sorted(v.items())) for k, v in stats.items()))
            self._checked_at = now
            if self._due(fingerprint, now):
                with self._lock:
                    self._fingerprint = fingerprint
                    self._new_generation()
            return self.generation

    def _due(self, fingerprint: object, now: float) -> bool:
        """Whether ``fingerprint`` (seen at ``now``) starts a new generation."""
        if now - self._born_at > self._max_age or self._fingerprint is None:
            return True
        if fingerprint == self._fingerprint:
            self._pending = None
            return False
        if self._pending is None:
            self._moved_since = now
        if fingerprint != self._pending:
            self._pending, self._pending_since = fingerprint, now
        return (now - self._pending_since >= self._settle
                or now - self._moved_since >= self._max_lag)

    @property
    def check_seconds(self) -> float:
        """Interval of the fingerprint checks."""
        return self._check_seconds

    def graph(self) -> nx.MultiDiGraph:
        """Return the projection of the whole store for the current generation."""
        generation = self.generation
        graph = self._graph
        if graph is not None:
            return graph
        with self._graph_lock:
            if self._graph is None or generation != self.generation:
                started = time.perf_counter()
                projected = self._store.to_networkx()
                with self._lock:
                    if generation == self.generation:
                        self._graph = projected
                logger.info("projected %d nodes, %d edges in %.2f s",
                            projected.number_of_nodes(), projected.number_of_edges(),
                            time.perf_counter() - started)
                return projected
            return self._graph

    def park_graph(self, park: str, *, chain: str | None = None, as_of: date | None = None,
                   candidates: bool = True, top_candidates: int = 5) -> nx.MultiDiGraph:
        """Return the park-scoped projection (``GraphStore.park_graph``) for this generation.

        Scoped graphs are kept per ``(generation, park, chain, as_of, candidates,
        top_candidates)``,
        the ``max_scopes`` most recent ones; the whole projection, when this
        generation already holds it, serves instead (the results are the same).
        """
        generation = self.generation
        whole = self._graph
        if whole is not None:
            return whole
        key = (generation, park, chain, as_of, candidates, top_candidates if candidates else 0)
        with self._lock:
            found = self._scopes.get(key)
            if found is not None:
                self._scopes.move_to_end(key)
                return found
        with self._graph_lock:
            with self._lock:
                found = self._scopes.get(key)
            if found is not None:
                return found
            started = time.perf_counter()
            scoped = self._store.park_graph(park, chain=chain, as_of=as_of,
                                            candidates=candidates,
                                            top_candidates=top_candidates)
            with self._lock:
                if generation == self.generation:
                    self._scopes[key] = scoped
                    while len(self._scopes) > self._max_scopes:
                        self._scopes.popitem(last=False)
            logger.info("projected the scope of park %s (%d nodes, %d edges) in %.2f s", park,
                        scoped.number_of_nodes(), scoped.number_of_edges(),
                        time.perf_counter() - started)
            return scoped

    def body(self, key: tuple[Hashable, ...], compute: Callable[[], CachedBody]) -> CachedBody:
        """Return the cached body for ``key`` or compute, store and return it.

        Errors raised by ``compute`` propagate and nothing is stored.
        """
        found = self.lookup(key)
        if found is not None:
            return found
        return self.compute(key, compute)

    def lookup(self, key: tuple[Hashable, ...]) -> CachedBody | None:
        """Return the cached body for ``key`` (current generation) or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return found

    def remember_url(self, path: str, query: bytes, key: tuple[Hashable, ...]) -> None:
        """Record that the URL ``path?query`` is answered by the body of ``key``."""
        with self._lock:
            if len(self._urls) >= 4 * self._max_entries:
                self._urls.clear()  # bounded: odd query strings cannot grow it for ever
            self._urls[(path, query)] = key

    def lookup_url(self, path: str, query: bytes) -> CachedBody | None:
        """Return the cached body a recorded URL maps to (current generation) or None."""
        key = self._urls.get((path, query))
        return None if key is None else self.lookup(key)

    def compute(self, key: tuple[Hashable, ...], compute: Callable[[], CachedBody]) -> CachedBody:
        """Compute the body for ``key`` and store it unless a new generation began meanwhile.

        One computation per key at a time: concurrent requests for the same
        key wait for the first one and get its body (single flight). Entries
        are evicted oldest first beyond ``max_entries`` or ``max_bytes``; a
        body larger than a quarter of ``max_bytes`` is served, not kept.
        """
        with self._lock:
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            found = self.lookup(key)
            if found is not None:
                return found
            generation = self.generation
            self.misses += 1
            try:
                value = compute()
            finally:
                with self._lock:
                    self._flights.pop(key, None)
            size = len(value.content)
            with self._lock:
                if generation == self.generation and size <= self._max_bytes // 4:
                    previous = self._entries.pop(key, None)
                    self._bytes -= len(previous.content) if previous is not None else 0
                    self._entries[key] = value
                    self._bytes += size
                    while self._entries and (len(self._entries) > self._max_entries
                                             or self._bytes > self._max_bytes):
                        _, dropped = self._entries.popitem(last=False)
                        self._bytes -= len(dropped.content)
            return value

    @property
    def size_bytes(self) -> int:
        """Bytes of the cached bodies."""
        return self._bytes
