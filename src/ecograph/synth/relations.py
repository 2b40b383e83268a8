"""Phase two: supply, collaboration, investment, hosting and operating ties.

Drawn after every organisation exists, from the compact state of the
:class:`~ecograph.synth.registry.Registry` and the pools of
:mod:`ecograph.synth.pools`; rows stream to ``relations.csv``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from ecograph.synth.pools import EnterprisePools, RefPools, build_pools
from ecograph.synth.registry import ANCHOR, HIGH_TECH, LISTED, OrgRef, Registry
from ecograph.synth.writer import PackageWriter

__all__ = ["GROUPS", "Relations", "write_relations"]

#: Groups of non-enterprise classes the relation phase draws from.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("uni", ("University",)),
    ("inst", ("ResearchInstitute",)),
    ("nrd", ("NewRDInstitution",)),
    ("platform", ("KeyLaboratory", "TechnologyInnovationCenter", "EngineeringResearchCenter",
                  "ManufacturingInnovationCenter", "EnterpriseTechnologyCenter",
                  "PublicServicePlatform", "PilotPlatform")),
    ("agency", ("ParkAgency",)),
    ("gov", ("GovernmentAgency",)),
    ("service", ("ServiceProvider",)),
    ("vc", ("VentureCapitalFund", "AngelFund")),
    ("guidance", ("GovernmentGuidanceFund",)),
    ("fund", ("GovernmentGuidanceFund", "IndustryFund", "VentureCapitalFund", "AngelFund")),
)
_KINDS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "uni": (("co_publication", "joint_patent", "tech_contract", "joint_project", "joint_lab"),
            (0.25, 0.2, 0.25, 0.2, 0.1)),
    "inst": (("joint_project", "tech_contract", "joint_patent", "joint_lab", "co_publication"),
             (0.3, 0.3, 0.2, 0.1, 0.1)),
    "platform": (("joint_project", "tech_contract", "joint_lab", "other"), (0.4, 0.4, 0.1, 0.1)),
    "ent": (("joint_project", "joint_patent", "tech_contract", "other"), (0.45, 0.3, 0.15, 0.1)),
}
_ROUND_AMOUNT: dict[str, tuple[float, float]] = {  # 万元
    "seed": (30, 300), "angel": (100, 1000), "pre-A": (500, 2000), "A": (1000, 8000),
    "B": (5000, 30000), "C": (20000, 100000), "D": (50000, 200000),
    "strategic": (3000, 50000), "fund_of_funds": (10000, 100000),
}
_NEXT_ROUND = {"seed": "angel", "angel": "pre-A", "pre-A": "A", "A": "B", "B": "C", "C": "D"}
_Progress = Callable[[int], None]


#: Supply ties of a buyer: ``scale * SUPPLY_FACTOR * employees ** SUPPLY_EXPONENT``
#: (at least one, at most ``SUPPLY_MAX``): anchors buy from dozens of suppliers.
SUPPLY_FACTOR = 1.85
SUPPLY_EXPONENT = 0.35
SUPPLY_MAX = 60
#: Share of supply draws that follow ``feeds``; the rest go to a random segment.
SUPPLY_FEEDS_SHARE = 0.9
#: Chance that a collaboration is repeated (another year or kind) once more.
COLLAB_REPEAT = 0.5


def _sround(rng: random.Random, x: float) -> int:
    """Round ``x`` up with probability equal to its fraction (unbiased integer)."""
    n = int(x)
    return n + (rng.random() < x - n)


class Relations:
    """The relation phase: its draw pools and helpers, one method per kind of tie."""

    def __init__(self, reg: Registry, out: PackageWriter, rng: random.Random,
                 scale: float, pools: tuple[EnterprisePools, RefPools] | None = None) -> None:
        self.reg, self.out, self.rng, self.scale = reg, out, rng, scale
        self.ent, self.refs = pools if pools is not None else build_pools(reg, GROUPS)
        #: Fund id → top-park index of its operator (-1: outside every park).
        self.fund_operator_top: dict[str, int] = {}
        self._ref_top: dict[str, int] = {}
        self.feeders = [
            [reg.seg_index[f] for f in reg.chain_map.feeders()[s]] for s in reg.segment_ids
        ]

    # -- helpers -----------------------------------------------------------------------------
    def _pick_seg(self, seg: int, top: int, p_local: float) -> int | None:
        local = self.ent.seg_local.get((top, seg)) if top >= 0 else None
        if local and self.rng.random() < p_local:
            return local.draw(self.rng)
        pool = self.ent.seg_all.get(seg)
        return pool.draw(self.rng) if pool else None

    def pick_chain(self, chain: str, top: int, p_local: float) -> int | None:
        local = self.ent.chain_local.get((top, chain)) if top >= 0 else None
        if local and self.rng.random() < p_local:
            return local.draw(self.rng)
        pool = self.ent.chain_all.get(chain)
        return pool.draw(self.rng) if pool else None

    def draw_year(self, low: int, high: int = 2024) -> int:
        low = min(low, high)
        return low + int(self.rng.random() * (high - low + 1))

    def count(self, low: int, high: int) -> int:
        """A count drawn uniformly from ``low..high``, scaled by the density (at least 1)."""
        return max(1, _sround(self.rng, self.scale * (low + self.rng.random() * (high - low))))

    def _top_of(self, oid: str) -> int:
        if oid.startswith("E") and oid[1:].isdigit():
            return self.reg.ent_top[int(oid[1:]) - 1]
        if not self._ref_top:
            self._ref_top = {r.id: r.top for refs in self.reg.others.values() for r in refs}
        return self._ref_top.get(oid, -1)

    def chain_of(self, i: int) -> str:
        seg = self.reg.ent_seg[i]
        return self.reg.seg_chain[seg] if seg >= 0 else ""

    # -- SUPPLIES ----------------------------------------------------------------------------
    def supplies(self, progress: _Progress | None) -> None:
        reg, rng, out = self.reg, self.rng, self.out
        n_seg = len(reg.segment_ids)
        factor = self.scale * SUPPLY_FACTOR
        for i, seg in enumerate(reg.ent_seg):
            if progress is not None and (i + 1) % 5000 == 0:
                progress(5000)
            if seg < 0 or not self.feeders[seg]:
                continue
            feeders, top, year_i = self.feeders[seg], reg.ent_top[i], reg.ent_year[i]
            k = min(SUPPLY_MAX, max(1, _sround(rng, factor * reg.ent_emp[i] ** SUPPLY_EXPONENT)))
            chosen: set[int] = set()
            for _ in range(3 * k):
                if rng.random() < SUPPLY_FEEDS_SHARE:
                    j = self._pick_seg(feeders[int(rng.random() * len(feeders))], top, 0.6)
                else:
                    j = self._pick_seg(int(rng.random() * n_seg), top, 0.5)
                if j is None or j == i or j in chosen:
                    continue
                chosen.add(j)
                since = self.draw_year(max(year_i, reg.ent_year[j]) + 1)
                until = ""
                if rng.random() < 0.1 and since + 1 < 2024:
                    until = str(self.draw_year(since + 1))
                amount = rng.lognormvariate(math.log(30 * reg.ent_emp[j] ** 0.5 + 10), 0.8)
                out.relation(reg.ent_id(j), reg.ent_id(i), "SUPPLIES", since=str(since),
                             until=until, weight=1 + int(rng.random() * 5),
                             amount=f"{amount:.1f}")
                if len(chosen) == k:
                    break
        if progress is not None:
            progress(len(reg.ent_seg) % 5000)

    # -- COLLABORATES_WITH ------------------------------------------------------------------
    def _collab(self, source: str, target: str, group: str, low_year: int) -> None:
        """Write one collaboration and, with ``COLLAB_REPEAT`` each, its later repeats."""
        rng = self.rng
        kinds, weights = _KINDS[group]
        since = self.draw_year(max(2010, low_year))
        seen: set[tuple[int, str]] = set()
        while True:
            kind = rng.choices(kinds, weights=weights)[0]
            if (since, kind) not in seen:  # same year and kind would be the same edge
                seen.add((since, kind))
                until = ""
                if kind == "joint_project" and rng.random() < 0.5 and since + 1 <= 2024:
                    until = str(self.draw_year(since + 1, min(2024, since + 3)))
                self.out.relation(source, target, "COLLABORATES_WITH", kind=kind,
                                  since=str(since), until=until, weight=1 + int(rng.random() * 5))
            if since >= 2024 or rng.random() >= COLLAB_REPEAT:
                return
            since = self.draw_year(since, min(2024, since + 3))

    def collaborations(self) -> None:
        reg, rng = self.reg, self.rng
        for i in range(len(reg.ent_seg)):
            flags = reg.ent_flags[i]
            p = 0.1 + (0.3 if flags & HIGH_TECH else 0.0) + (0.6 if flags & ANCHOR else 0.0)
            if rng.random() >= p:
                continue
            k = self.count(4, 12) if flags & ANCHOR else self.count(1, 5)
            top, eid, chain = reg.ent_top[i], reg.ent_id(i), self.chain_of(i)
            partners: set[str] = set()
            for _ in range(k):
                roll = rng.random()
                group = ("uni" if roll < 0.38 else "inst" if roll < 0.6 else "nrd"
                         if roll < 0.66 else "platform" if roll < 0.78 else "ent")
                if group == "ent":
                    j = self.pick_chain(chain, top, 0.65) if chain else None
                    if j is not None and j != i and reg.ent_id(j) not in partners:
                        partners.add(reg.ent_id(j))
                        self._collab(eid, reg.ent_id(j), "ent",
                                     max(reg.ent_year[i], reg.ent_year[j]))
                    continue
                ref = self.refs.pick(rng, group, top, 0.7)
                if ref is not None and ref.id not in partners:
                    partners.add(ref.id)
                    self._collab(eid, ref.id, "inst" if group == "nrd" else group,
                                 max(reg.ent_year[i], ref.founded))
        # the knowledge core: universities and institutes tie with each other and platforms
        for ref in self.refs.every.get("uni", []) + self.refs.every.get("inst", []) + \
                self.refs.every.get("nrd", []):
            partners = {ref.id}
            for _ in range(self.count(2, 8) if ref.kind == "University" else self.count(1, 4)):
                group = rng.choice(("uni", "inst", "platform", "nrd"))
                other = self.refs.pick(rng, group, ref.top, 0.7)
                if other is not None and other.id not in partners:
                    partners.add(other.id)
                    self._collab(ref.id, other.id, "uni", max(ref.founded, other.founded))

    def government_ties(self) -> None:
        """Park agencies join projects with park firms, universities and institutes."""
        reg, rng = self.reg, self.rng
        for ref in reg.of_kind("ParkAgency"):
            partners: set[str] = set()
            for _ in range(self.count(4, 12)):
                if rng.random() < 0.5:
                    pool = self.ent.by_top.get(ref.top)
                    if pool:
                        j = pool.draw(rng)
                        if reg.ent_id(j) not in partners:
                            partners.add(reg.ent_id(j))
                            self._collab(ref.id, reg.ent_id(j), "platform", reg.ent_year[j])
                    continue
                other = self.refs.pick(rng, rng.choice(("uni", "inst", "nrd")), ref.top, 0.9)
                if other is not None and other.id not in partners:
                    partners.add(other.id)
                    self._collab(ref.id, other.id, "platform", other.founded)

    # -- INVESTS_IN --------------------------------------------------------------------------
    def _invest(self, source: str, target: int, round_: str, low_year: int) -> str:
        """Write one round; return its date (co-investors share it)."""
        reg, rng = self.reg, self.rng
        year = self.draw_year(max(low_year, reg.ent_year[target] + (0 if round_ in (
            "seed", "angel") else 2)))
        low, high = _ROUND_AMOUNT[round_]
        when = f"{year}-{1 + int(rng.random() * 12):02d}-{1 + int(rng.random() * 28):02d}"
        self.out.relation(source, reg.ent_id(target), "INVESTS_IN", round_=round_, date=when,
                          amount=f"{rng.uniform(low, high):.1f}")
        return when

    def _target(self, top: int, want: Callable[[int], bool]) -> int:
        pool = self.ent.by_top.get(top) if top >= 0 and self.rng.random() < 0.7 else None
        pool = pool or self.ent.everyone
        j = pool.draw(self.rng)
        for _ in range(5):
            if want(j):
                break
            j = pool.draw(self.rng)
        return j

    def _venture_rounds(self, ref: OrgRef, j: int, round_: str) -> None:
        """A venture round, its co-investor (a third of rounds) and follow-on rounds."""
        rng, low = self.rng, ref.founded
        while True:
            when = self._invest(ref.id, j, round_, low)
            if rng.random() < 0.35:
                other = self.refs.pick(rng, "vc", ref.top, 0.6)
                if other is not None and other.id != ref.id:
                    low_c, high_c = _ROUND_AMOUNT[round_]
                    self.out.relation(other.id, self.reg.ent_id(j), "INVESTS_IN",
                                      round_=round_, date=when,
                                      amount=f"{rng.uniform(low_c, high_c) / 2:.1f}")
            if round_ not in _NEXT_ROUND or rng.random() >= 0.4:
                return
            round_, low = _NEXT_ROUND[round_], int(when[:4]) + 1
            if low > 2024:
                return

    def investments(self) -> None:
        reg, rng = self.reg, self.rng
        year = reg.ent_year
        flags = reg.ent_flags
        for ref in reg.of_kind("AngelFund"):
            for _ in range(self.count(10, 30)):
                j = self._target(ref.top, lambda j: year[j] >= 2014)
                self._invest(ref.id, j, "angel" if rng.random() < 0.7 else "seed", ref.founded)
        for ref in reg.of_kind("VentureCapitalFund"):
            for _ in range(self.count(10, 30)):
                j = self._target(ref.top, lambda j: bool(flags[j] & HIGH_TECH))
                round_ = rng.choices(("pre-A", "A", "B", "C"), weights=(0.15, 0.4, 0.3, 0.15))[0]
                self._venture_rounds(ref, j, round_)
        for ref in reg.of_kind("IndustryFund"):
            for _ in range(self.count(6, 20)):
                pick = self.pick_chain(ref.chain, ref.top, 0.7)
                if pick is not None:
                    round_ = rng.choice(("B", "C", "D", "strategic"))
                    self._invest(ref.id, pick, round_, ref.founded)
        for ref in reg.of_kind("GovernmentGuidanceFund"):
            for _ in range(rng.randint(1, 4)):
                fund = self.refs.pick(rng, "vc", ref.top, 0.8)
                if fund is not None:
                    fof_year = self.draw_year(max(ref.founded, fund.founded))
                    self.out.relation(ref.id, fund.id, "INVESTS_IN", round_="fund_of_funds",
                                      date=f"{fof_year}-06-30",
                                      amount=f"{rng.uniform(*_ROUND_AMOUNT['fund_of_funds']):.1f}")
            for _ in range(_sround(rng, self.scale * 6 * rng.random())):
                self._invest(ref.id, self._target(ref.top, lambda _: True), "strategic",
                             ref.founded)
        for i in range(len(reg.ent_seg)):
            if flags[i] & (ANCHOR | LISTED) and rng.random() < 0.5:
                for _ in range(self.count(1, 4)):
                    chain = self.chain_of(i)
                    pick = self.pick_chain(chain, reg.ent_top[i], 0.6) if chain else None
                    if pick is not None and pick != i:
                        self._invest(reg.ent_id(i), pick, "strategic", year[i])

    # -- HOSTS and OPERATES ------------------------------------------------------------------
    def big_enterprise(self, chain: str, top: int) -> str | None:
        draws = [self.pick_chain(chain, top, 0.9) for _ in range(3)]
        found = [j for j in draws if j is not None]
        if not found:
            return None
        return self.reg.ent_id(max(found, key=lambda j: self.reg.ent_emp[j]))

    def _host_of(self, ref: OrgRef) -> str | None:
        rng = self.rng
        choices = {
            "KeyLaboratory": ("uni", "uni", "inst"),
            "EngineeringResearchCenter": ("uni", "ent", "ent"),
            "EnterpriseTechnologyCenter": ("ent",),
            "ManufacturingInnovationCenter": ("ent",),
            "TechnologyInnovationCenter": ("nrd", "inst"),
            "PublicServicePlatform": ("agency", "service"),
            "PilotPlatform": ("nrd", "uni", "inst"),
        }[ref.kind]
        group = rng.choice(choices)
        if group == "ent":
            return self.big_enterprise(ref.chain, ref.top)
        other = self.refs.pick(rng, group, ref.top, 0.95)
        return other.id if other is not None else None

    def hosts_and_operators(self) -> None:
        rng, out = self.rng, self.out
        for group, kinds in GROUPS:
            if group != "platform":
                continue
            for ref in self.reg.of_kind(*kinds):
                host = self._host_of(ref)
                if host is not None:
                    out.relation(host, ref.id, "HOSTS")
        for ref in self.reg.of_kind("Makerspace", "Incubator", "Accelerator"):
            roll = rng.random()
            operator: str | None
            if roll < 0.3:
                agency = self.refs.pick(rng, "agency" if ref.top >= 0 else "gov", ref.top, 1.0)
                operator = agency.id if agency else None
            elif roll < 0.55:
                operator = self.big_enterprise(ref.chain, ref.top)
            else:
                other = self.refs.pick(rng, "uni" if roll < 0.75 else "service", ref.top, 0.95)
                operator = other.id if other else None
            if operator is not None:
                out.relation(operator, ref.id, "OPERATES")
        for ref in self.reg.of_kind("GovernmentGuidanceFund", "IndustryFund",
                                    "VentureCapitalFund", "AngelFund"):
            if ref.kind == "GovernmentGuidanceFund":
                agency = self.refs.pick(rng, "agency" if ref.top >= 0 else "gov", ref.top, 1.0)
                operator = agency.id if agency else None
            elif ref.kind == "IndustryFund":
                operator = self.big_enterprise(ref.chain, ref.top)
            else:
                other = self.refs.pick(rng, "service", ref.top, 0.6)
                operator = other.id if other else None
            if operator is not None:
                out.relation(operator, ref.id, "OPERATES")
                self.fund_operator_top[ref.id] = self._top_of(operator)


def write_relations(reg: Registry, out: PackageWriter, rng: random.Random,
                    progress: _Progress | None = None, scale: float = 1.0) -> Relations:
    """Write SUPPLIES, COLLABORATES_WITH, INVESTS_IN, HOSTS and OPERATES rows.

    ``scale`` multiplies the number of supply, collaboration and investment
    ties (1.0: the default density, about five relation rows per organisation).
    Returns the phase, whose pools the data model v2 ties reuse.
    """
    rel = Relations(reg, out, rng, scale)
    rel.supplies(progress)
    rel.collaborations()
    rel.government_ties()
    rel.investments()
    rel.hosts_and_operators()
    return rel
