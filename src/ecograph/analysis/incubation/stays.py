"""Incubation stays: one ``INCUBATED_IN`` edge each, indexed per firm once.

A *stay* is one ``INCUBATED_IN`` edge firm → carrier with optional ``since``,
``until`` (ISO dates) and ``outcome`` (``active``, ``graduated``, ``exited``,
``relocated``). Stays are history and count whatever their dates, except that
a stay starting after ``as_of`` does not count (metrics.md section 0).

Its *status* at ``as_of`` is ``active`` when its ``until`` lies after
``as_of`` (the outcome has not happened yet); otherwise the outcome when one
is given; without an outcome a stay with no ``until`` is ``active`` and one
whose ``until`` has passed is ``ended`` (outcome unknown: neither a graduate
nor an exit).

The carrier *stage* is the most specific of ``CARRIER_STAGE_ORDER``
(``Makerspace`` → ``Incubator`` → ``Accelerator``) the carrier carries; a
plain ``IncubationCarrier`` has no stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.common import has_label, parse_date
from ecograph.vocab import CARRIER_STAGE_ORDER, Outcome, RelType

__all__ = [
    "OUTCOMES",
    "PARK_STAGE",
    "STAGE_NAMES",
    "Stay",
    "StayIndex",
    "carrier_stage",
    "remains_in_park",
    "stage_index",
    "stay_status",
]

#: Stage names in order; the park is the stage after the last carrier stage.
STAGE_NAMES: tuple[str, ...] = tuple(str(s) for s in CARRIER_STAGE_ORDER)
#: Name of the stage reached by staying in the park after the last stay.
PARK_STAGE = "park"

_INCUBATED_IN = str(RelType.INCUBATED_IN)
_LOCATED_IN = str(RelType.LOCATED_IN)
#: Stay outcomes of the data model v2 (``relocated``: moved away before graduating).
OUTCOMES: frozenset[str] = frozenset({*(str(o) for o in Outcome), "relocated"})


def stage_index(stage: str | None) -> int | None:
    """Return the position of ``stage`` in the incubation chain (park last).

    Examples
    --------
    >>> stage_index("Makerspace"), stage_index("Accelerator"), stage_index("park")
    (0, 2, 3)
    >>> stage_index(None) is None
    True
    """
    if stage is None:
        return None
    if stage == PARK_STAGE:
        return len(STAGE_NAMES)
    return STAGE_NAMES.index(stage) if stage in STAGE_NAMES else None


def carrier_stage(graph: nx.MultiDiGraph, carrier: str) -> str | None:
    """Return the carrier stage of ``carrier`` (``"Incubator"``, ...) or None.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("i", label="Incubator",
    ...            labels=frozenset({"Organization", "IncubationCarrier", "Incubator"}))
    >>> carrier_stage(g, "i")
    'Incubator'
    """
    for label in reversed(CARRIER_STAGE_ORDER):
        if has_label(graph, carrier, label):
            return str(label)
    return None


def stay_status(outcome: str | None, until: date | None, today: date) -> str:
    """Return ``active``, ``graduated``, ``exited`` or ``ended`` for a stay.

    Examples
    --------
    >>> d = date(2024, 1, 1)
    >>> stay_status("graduated", None, d), stay_status(None, None, d)
    ('graduated', 'active')
    >>> stay_status(None, date(2023, 6, 30), d), stay_status("relocated", date(2023, 6, 30), d)
    ('ended', 'relocated')
    >>> stay_status("graduated", date(2024, 6, 30), d)  # not yet graduated at d
    'active'
    """
    if until is not None and until > today:
        return str(Outcome.active)
    if outcome in OUTCOMES:
        return str(outcome)
    if until is None:
        return str(Outcome.active)
    return "ended"


@dataclass(frozen=True)
class Stay:
    """One ``INCUBATED_IN`` edge: a firm's stay in a carrier."""

    firm: str
    carrier: str
    stage: str | None
    since: date | None
    until: date | None
    outcome: str | None
    status: str
    dwell_days: int | None
    key: str


def remains_in_park(
    graph: nx.MultiDiGraph, firm: str, parks: set[str], after: date | None, today: date
) -> bool:
    """Return True when ``firm`` is ``LOCATED_IN`` one of ``parks`` after ``after``.

    A ``LOCATED_IN`` edge counts when it has no ``until`` or its ``until`` is on
    or after ``after`` (``today`` when ``after`` is unknown).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("f", "P", type="LOCATED_IN", until="2020-12-31")
    >>> remains_in_park(g, "f", {"P"}, date(2020, 6, 1), date(2024, 1, 1))
    True
    >>> remains_in_park(g, "f", {"P"}, date(2021, 6, 1), date(2024, 1, 1))
    False
    """
    if firm not in graph:
        return False
    ref = after or today
    for _, park, attrs in graph.out_edges(firm, data=True):
        if attrs.get("type") != _LOCATED_IN or park not in parks:
            continue
        until = parse_date(attrs.get("until"))
        if until is None or until >= ref:
            return True
    return False


class StayIndex:
    """Stays of the firms of some carriers, read once and indexed per firm.

    Only the neighbourhood of the given carriers is read (their incoming
    ``INCUBATED_IN`` edges, then each firm's own ``INCUBATED_IN`` edges), so the
    cost grows with the carriers' firms, not with the graph.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("m", label="Makerspace", labels=frozenset({"Makerspace"}))
    >>> g.add_node("i", label="Incubator", labels=frozenset({"Incubator"}))
    >>> _ = g.add_edge("f", "m", type="INCUBATED_IN", since="2020-01-01",
    ...                until="2020-12-31", outcome="graduated")
    >>> _ = g.add_edge("f", "i", type="INCUBATED_IN", since="2021-02-01")
    >>> idx = StayIndex(g, ["m"], today=date(2024, 1, 1))
    >>> [(s.carrier, s.status, s.dwell_days) for s in idx.of_firm("f")]
    [('m', 'graduated', 365), ('i', 'active', None)]
    >>> [s.firm for s in idx.of_carrier("m")]
    ['f']
    """

    def __init__(self, graph: nx.MultiDiGraph, carriers: Iterable[str], *, today: date) -> None:
        self._graph = graph
        self._today = today
        self._stage: dict[str, str | None] = {}
        self._by_firm: dict[str, tuple[Stay, ...]] = {}
        self._by_carrier: dict[str, list[Stay]] = {}
        firms: set[str] = set()
        for carrier in carriers:
            for firm, _, attrs in graph.in_edges(carrier, data=True):
                if attrs.get("type") == _INCUBATED_IN:
                    firms.add(firm)
        for firm in sorted(firms):
            stays = [
                self._stay(firm, carrier, str(key), attrs)
                for _, carrier, key, attrs in graph.out_edges(firm, keys=True, data=True)
                if attrs.get("type") == _INCUBATED_IN and not _starts_after(attrs, today)
            ]
            stays.sort(key=_stay_order)
            self._by_firm[firm] = tuple(stays)
            for stay in stays:
                self._by_carrier.setdefault(stay.carrier, []).append(stay)

    def stage_of(self, carrier: str) -> str | None:
        """Return (and cache) the stage of ``carrier``."""
        if carrier not in self._stage:
            self._stage[carrier] = carrier_stage(self._graph, carrier)
        return self._stage[carrier]

    def _stay(self, firm: str, carrier: str, key: str, attrs: dict[str, object]) -> Stay:
        since = parse_date(attrs.get("since"))
        until = parse_date(attrs.get("until"))
        raw_outcome = attrs.get("outcome")
        outcome = str(raw_outcome) if raw_outcome is not None else None
        dwell = (until - since).days if since is not None and until is not None else None
        return Stay(
            firm=firm,
            carrier=carrier,
            stage=self.stage_of(carrier),
            since=since,
            until=until,
            outcome=outcome,
            status=stay_status(outcome, until, self._today),
            dwell_days=dwell,
            key=key,
        )

    @property
    def firms(self) -> tuple[str, ...]:
        """Firms with at least one stay in the indexed carriers, sorted."""
        return tuple(self._by_firm)

    def of_firm(self, firm: str) -> tuple[Stay, ...]:
        """All stays of ``firm`` (any carrier), ordered by ``since`` (unknown last)."""
        return self._by_firm.get(firm, ())

    def of_carrier(self, carrier: str) -> list[Stay]:
        """Stays in ``carrier``, ordered by firm then ``since``."""
        return list(self._by_carrier.get(carrier, ()))

    def in_carriers(self, carriers: set[str]) -> list[Stay]:
        """Stays in any of ``carriers``, ordered by firm then ``since``."""
        return [s for stays in self._by_firm.values() for s in stays if s.carrier in carriers]


def _starts_after(attrs: dict[str, object], as_of: date) -> bool:
    since = parse_date(attrs.get("since"))
    return since is not None and since > as_of


def _stay_order(stay: Stay) -> tuple[int, date, int, str, str]:
    idx = stage_index(stay.stage)
    return (
        stay.since is None,
        stay.since or date.max,
        -1 if idx is None else idx,
        stay.carrier,
        stay.key,
    )
