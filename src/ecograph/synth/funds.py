"""Park + fund (园区+基金): funds serving each park, their investments, and acquisitions.

Each top park gets funds serving it by all three routes of metrics.md
section 3: funds located in it (drawn in phase one), a fund elsewhere
co-managed by the park's agency (``OPERATES``), and funds elsewhere linked by
``SERVES_PARK`` (a few of those ties ended). Serving funds invest in the
park's firms, young ones first for angel and venture funds (投早). A few
firms in residence in an incubation carrier are acquired (round
``acquisition``), one of the graduation criteria. Rates: ``PARK_FUNDS`` in
:mod:`ecograph.synth.rates`.
"""

from __future__ import annotations

from ecograph.synth.rates import PARK_FUNDS, REF_DATE
from ecograph.synth.registry import OrgRef
from ecograph.synth.relations import Relations

__all__ = ["write_acquisitions", "write_park_funds"]

_ROUNDS = {"AngelFund": (("angel", 0.7), ("seed", 0.3)),
           "VentureCapitalFund": (("pre-A", 0.3), ("A", 0.5), ("B", 0.2)),
           "IndustryFund": (("B", 0.4), ("strategic", 0.6)),
           "GovernmentGuidanceFund": (("strategic", 1.0),)}
_AMOUNT = {"seed": (30, 300), "angel": (100, 1000), "pre-A": (500, 2000), "A": (1000, 8000),
           "B": (5000, 30000), "strategic": (3000, 50000)}


def _outside_fund(rel: Relations, top: int, taken: set[str]) -> OrgRef | None:
    """A fund neither located in park ``top`` nor operated from it, not yet in ``taken``."""
    pool = rel.refs.every.get("fund", [])
    for _ in range(50):
        ref = pool[int(rel.rng.random() * len(pool))] if pool else None
        if (ref is not None and ref.top != top and ref.id not in taken
                and rel.fund_operator_top.get(ref.id, -1) != top):
            return ref
    return None


def _date(rel: Relations, low: int, high: int) -> str:
    rng = rel.rng
    year = rel.draw_year(low, high)
    return f"{year}-{1 + int(rng.random() * 12):02d}-{1 + int(rng.random() * 28):02d}"


def _invest_in_park(rel: Relations, fund: OrgRef, top: int, low: int, high: int) -> None:
    reg, rng = rel.reg, rel.rng
    pool = rel.ent.by_top.get(top)
    if not pool:
        return
    young = fund.kind in ("AngelFund", "VentureCapitalFund")
    j = pool.draw(rng)
    for _ in range(6 if young else 0):
        if reg.ent_year[j] >= high - 3:
            break
        j = pool.draw(rng)
    table = _ROUNDS[fund.kind]
    round_ = rng.choices([r for r, _ in table], weights=[w for _, w in table])[0]
    low_amount, high_amount = _AMOUNT[round_]
    rel.out.relation(fund.id, reg.ent_id(j), "INVESTS_IN", round_=round_,
                     date=_date(rel, max(low, reg.ent_year[j]), high),
                     amount=f"{rng.uniform(low_amount, high_amount):.1f}")


def write_park_funds(rel: Relations) -> None:
    """Write ``SERVES_PARK``, the co-managed funds and the serving funds' investments."""
    reg, rng, f = rel.reg, rel.rng, PARK_FUNDS
    last = REF_DATE.year
    for top, park in enumerate(p for p in reg.parks if not p.parent):
        co_managed = _outside_fund(rel, top, set())
        if co_managed is not None:
            rel.out.relation(f"GOV-{park.id}", co_managed.id, "OPERATES")
            for _ in range(rel.count(1, 3)):
                _invest_in_park(rel, co_managed, top, max(2016, co_managed.founded), last)
        serving = {co_managed.id} if co_managed is not None else set()
        for _ in range(int(f["serving_low"] + rng.random() * (f["serving_high"] -
                                                              f["serving_low"] + 1))):
            fund = _outside_fund(rel, top, serving)
            if fund is None:
                continue
            serving.add(fund.id)
            start = rel.draw_year(max(2015, fund.founded), last - 1)
            since = f"{start}-{1 + int(rng.random() * 12):02d}-01"
            until = ""
            end = last
            if rng.random() < f["ended"] and start + 1 < last:
                end = rel.draw_year(start + 1, last - 1)
                until = f"{end}-12-31"
            rel.out.relation(fund.id, park.id, "SERVES_PARK", since=since, until=until)
            for _ in range(rel.count(2, 6)):
                _invest_in_park(rel, fund, top, start, end)


def write_acquisitions(rel: Relations) -> None:
    """Some firms in residence are acquired by a large firm of their chain."""
    reg, rng = rel.reg, rel.rng
    for i in reg.residents:
        if rng.random() >= PARK_FUNDS["acquired_resident"]:
            continue
        chain = rel.chain_of(i)
        buyer = rel.big_enterprise(chain, reg.ent_top[i]) if chain else None
        if buyer is None or buyer == reg.ent_id(i):
            continue
        rel.out.relation(buyer, reg.ent_id(i), "INVESTS_IN", round_="acquisition",
                         date=_date(rel, max(2020, reg.ent_year[i]), REF_DATE.year),
                         amount=f"{rng.uniform(2000, 30000):.1f}")
