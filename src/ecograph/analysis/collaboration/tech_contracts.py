"""Technology-contract flows of a park (技术合同: 技术输出 and 技术吸纳; metrics.md §4).

Over ``TRANSFERS_TECHNOLOGY_TO`` edges (seller → buyer, ``amount`` in 万元,
``date``, ``kind``):

- ``sold`` (技术输出): contracts whose seller is a park organisation;
- ``bought`` (技术吸纳): contracts whose buyer is a park organisation;
- ``sold_outside_share``: among sold turnover, the share whose buyer is not a
  park organisation (a contract between two park organisations is both sold
  and bought, and is not outside).

Turnover sums the known amounts; every figure also gives its contract count
and how many contracts had no amount. A year range keeps contracts whose
``date`` year lies in it (undated ones only without a range); contracts dated
after ``as_of`` are left out. The park is the park and its sub-parks; a chain
does not narrow it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from ecograph.analysis.collaboration.events import in_range
from ecograph.analysis.common import as_number, parse_date, ratio
from ecograph.vocab import RelType

__all__ = ["Contract", "Flow", "TechContracts", "park_contracts", "tech_contracts",
           "tech_contracts_by_year"]

_TRANSFERS = str(RelType.TRANSFERS_TECHNOLOGY_TO)


@dataclass(frozen=True, slots=True)
class Contract:
    """One technology contract touching the park."""

    seller: str
    buyer: str
    kind: str | None
    amount: float | None
    date: date | None
    year: int | None


@dataclass(frozen=True)
class Flow:
    """Turnover (known amounts, 万元), contract count and contracts without an amount."""

    amount: float
    contracts: int
    without_amount: int


@dataclass(frozen=True)
class TechContracts:
    """The park's technology-contract flows."""

    sold: Flow
    bought: Flow
    sold_outside: Flow
    sold_inside: Flow
    sold_outside_share: float | None
    sold_outside_numerator: float
    sold_outside_denominator: float
    by_kind: tuple[tuple[str, Flow, Flow], ...]  # (kind, sold, bought)


def _flow(contracts: Iterable[Contract]) -> Flow:
    rows = list(contracts)
    amounts = [c.amount for c in rows if c.amount is not None]
    return Flow(math.fsum(amounts), len(rows), len(rows) - len(amounts))


def park_contracts(
    graph: nx.MultiDiGraph, members: Iterable[str], *,
    since: int | None = None, until: int | None = None, as_of: date | None = None,
) -> list[Contract]:
    """Return the contracts with a park seller or buyer, in range and dated by ``as_of``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("u", "x", type="TRANSFERS_TECHNOLOGY_TO", amount=80, date="2022-05-01")
    >>> _ = g.add_edge("y", "z", type="TRANSFERS_TECHNOLOGY_TO", amount=10)
    >>> [(c.seller, c.buyer, c.amount, c.year) for c in park_contracts(g, {"u"})]
    [('u', 'x', 80.0, 2022)]
    """
    inside = set(members)
    seen: set[tuple[str, str, object]] = set()
    found: list[Contract] = []
    for member in sorted(inside):
        if member not in graph:
            continue
        edges = list(graph.out_edges(member, keys=True, data=True)) + [
            e for e in graph.in_edges(member, keys=True, data=True) if e[0] not in inside]
        for seller, buyer, key, attrs in edges:
            if attrs.get("type") != _TRANSFERS or (seller, buyer, key) in seen:
                continue
            seen.add((seller, buyer, key))
            when = parse_date(attrs.get("date"))
            year = when.year if when is not None else None
            if not in_range(year, since, until):
                continue
            if as_of is not None and when is not None and when > as_of:
                continue
            kind = attrs.get("kind")
            found.append(Contract(seller, buyer, kind if isinstance(kind, str) else None,
                                  as_number(attrs.get("amount")), when, year))
    return found


def tech_contracts(contracts: Iterable[Contract], members: Iterable[str]) -> TechContracts:
    """Sum the flows of ``contracts`` for the park organisations ``members``.

    Examples
    --------
    >>> cs = [Contract("u", "x", "transfer", 80.0, None, 2022),
    ...       Contract("u", "e", "development", 20.0, None, 2022),
    ...       Contract("y", "e", "licensing", 50.0, None, 2022)]
    >>> t = tech_contracts(cs, {"u", "e"})
    >>> t.sold.amount, t.bought.amount, t.sold_outside_share
    (100.0, 70.0, 0.8)
    """
    inside = set(members)
    rows = list(contracts)
    sold = [c for c in rows if c.seller in inside]
    bought = [c for c in rows if c.buyer in inside]
    outside = [c for c in sold if c.buyer not in inside]
    sold_flow, outside_flow = _flow(sold), _flow(outside)
    kinds = sorted({c.kind or "unknown" for c in rows})
    by_kind = tuple(
        (k, _flow(c for c in sold if (c.kind or "unknown") == k),
         _flow(c for c in bought if (c.kind or "unknown") == k))
        for k in kinds
    )
    return TechContracts(
        sold=sold_flow, bought=_flow(bought), sold_outside=outside_flow,
        sold_inside=_flow(c for c in sold if c.buyer in inside),
        sold_outside_share=ratio(outside_flow.amount, sold_flow.amount),
        sold_outside_numerator=outside_flow.amount,
        sold_outside_denominator=sold_flow.amount,
        by_kind=by_kind,
    )


def tech_contracts_by_year(
    contracts: Iterable[Contract], members: Iterable[str],
) -> dict[int, TechContracts]:
    """Return :func:`tech_contracts` per contract year (undated contracts left out).

    Examples
    --------
    >>> cs = [Contract("u", "x", None, 5.0, None, 2021), Contract("u", "x", None, 7.0, None, 2023)]
    >>> {y: t.sold.amount for y, t in tech_contracts_by_year(cs, {"u"}).items()}
    {2021: 5.0, 2023: 7.0}
    """
    inside = frozenset(members)
    by_year: dict[int, list[Contract]] = defaultdict(list)
    for c in contracts:
        if c.year is not None:
            by_year[c.year].append(c)
    return {year: tech_contracts(rows, inside) for year, rows in sorted(by_year.items())}
