"""Technology contracts (技术合同): ``TRANSFERS_TECHNOLOGY_TO`` rows, seller → buyer.

Universities, research institutes and new R&D institutions sell most
contracts, high-tech firms and anchors some; buyers are enterprises, a little
over half in the seller's own park, the rest elsewhere (other parks or the
region outside every park), so "share sold outside the park" is non-trivial.
Kinds are the five of the 技术合同 statistics. Rates: ``TECH_CONTRACTS`` in
:mod:`ecograph.synth.rates`.
"""

from __future__ import annotations

import math

from ecograph.synth.rates import TECH_CONTRACT_KINDS, TECH_CONTRACTS
from ecograph.synth.registry import ANCHOR, HIGH_TECH
from ecograph.synth.relations import Relations

__all__ = ["write_tech_contracts"]


def _contract(rel: Relations, seller: str, seller_top: int, low_year: int,
              chain: str = "") -> None:
    rng, reg, c = rel.rng, rel.reg, TECH_CONTRACTS
    pool = rel.ent.by_top.get(seller_top) if seller_top >= 0 and rng.random() < c[
        "buyer_local"] else None
    j = rel.pick_chain(chain, seller_top, 0.0) if chain and pool is None else None
    if j is None:
        j = (pool or rel.ent.everyone).draw(rng)
    buyer = reg.ent_id(j)
    if buyer == seller:
        return
    kinds = list(TECH_CONTRACT_KINDS)
    kind = rng.choices(kinds, weights=[TECH_CONTRACT_KINDS[k][0] for k in kinds])[0]
    amount = rng.lognormvariate(math.log(c["median_amount"]), c["amount_sigma"]) * (
        TECH_CONTRACT_KINDS[kind][1])
    year = rel.draw_year(max(2016, low_year + 1, reg.ent_year[j]))
    when = f"{year}-{1 + int(rng.random() * 12):02d}-{1 + int(rng.random() * 28):02d}"
    rel.out.relation(seller, buyer, "TRANSFERS_TECHNOLOGY_TO", kind=kind, date=when,
                     amount=f"{amount:.1f}")


def write_tech_contracts(rel: Relations) -> None:
    """Write the technology contracts of every knowledge organisation and some firms."""
    reg, rng, c = rel.reg, rel.rng, TECH_CONTRACTS
    for ref in reg.of_kind("University", "ResearchInstitute", "NewRDInstitution"):
        low, high = (6, 16) if ref.kind == "University" else (2, 9)
        for _ in range(rel.count(low, high)):
            _contract(rel, ref.id, ref.top, ref.founded)
    for i in range(len(reg.ent_seg)):
        flags = reg.ent_flags[i]
        p = c["anchor_seller"] if flags & ANCHOR else c["hte_seller"] if flags & HIGH_TECH \
            else c["firm_seller"]
        if rng.random() >= p * rel.scale:
            continue
        for _ in range(rel.count(1, 3)):
            _contract(rel, reg.ent_id(i), reg.ent_top[i], reg.ent_year[i], rel.chain_of(i))
