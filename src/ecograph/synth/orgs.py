"""Phase one: parks, organisations, segments, incubation histories and spin-offs.

Rows are written as they are drawn; the :class:`~ecograph.synth.registry.Registry`
keeps only what the relation phase needs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, timedelta

from ecograph.synth import names
from ecograph.synth.firm_stats import firm_years
from ecograph.synth.incubation import STAGES, CarrierSet, history, next_stay, reroute
from ecograph.synth.parks import CITIES, park_name_en, tier_category
from ecograph.synth.qualifications import current_qualifications, qualification_history
from ecograph.synth.rates import (
    CARRIER_LEVELS,
    NON_ENTERPRISE_SHARES,
    PLATFORM_LEVELS,
    QUALIFICATION,
    RELOCATION,
    REVENUE_PER_EMPLOYEE,
)
from ecograph.synth.registry import ANCHOR, HIGH_TECH, LISTED, OrgRef, Registry
from ecograph.synth.writer import PackageWriter

__all__ = ["PREFIX", "write_enterprises", "write_others", "write_parks"]

#: Id prefix per organisation class.
PREFIX: dict[str, str] = {
    "University": "U", "ResearchInstitute": "RI", "NewRDInstitution": "NRD",
    "KeyLaboratory": "PL", "TechnologyInnovationCenter": "PL", "EngineeringResearchCenter": "PL",
    "ManufacturingInnovationCenter": "PL", "EnterpriseTechnologyCenter": "PL",
    "PublicServicePlatform": "PL", "PilotPlatform": "PL",
    "Makerspace": "MS", "Incubator": "INC", "Accelerator": "ACC",
    "GovernmentGuidanceFund": "FD", "IndustryFund": "FD", "VentureCapitalFund": "FD",
    "AngelFund": "FD", "ServiceProvider": "SP", "GovernmentAgency": "GOV",
}
#: Per top park, at least this many of a class (so every park has a working system).
_MIN_PER_PARK: dict[str, int] = {
    "University": 1, "ResearchInstitute": 2, "NewRDInstitution": 1, "KeyLaboratory": 1,
    "EngineeringResearchCenter": 1, "Makerspace": 2, "Incubator": 2, "Accelerator": 1,
    "GovernmentGuidanceFund": 1, "VentureCapitalFund": 2, "AngelFund": 1, "ServiceProvider": 2,
}
_EMPLOYEES: dict[str, tuple[int, int]] = {
    "University": (1500, 9000), "ResearchInstitute": (60, 900), "NewRDInstitution": (40, 500),
    "ServiceProvider": (5, 200), "GovernmentAgency": (20, 120),
}
_Progress = Callable[[int], None]


def _date(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def write_parks(reg: Registry, out: PackageWriter) -> None:
    """Write ``parks.csv`` and one managing agency per top park (operating it)."""
    english: dict[str, str] = {}
    for park in reg.parks:
        # a top park declares its leading chains; a sub-park only its own focus
        leading = park.focus if park.parent else ";".join(park.chains)
        english[park.id] = park_name_en(park.id, park.name, names.park_place(park.top))
        out.park(park.id, park.name, english[park.id], park.kind, park.level,
                 park.province, park.city, park.parent, f"{park.area_km2:.2f}", leading,
                 tier_category(park.kind))
    for index, park in enumerate(reg.parks):
        if park.parent:
            continue
        gid = f"GOV-{park.id}"
        out.org(gid, f"{park.name}管理委员会", f"Administrative Committee of {english[park.id]}",
                "GovernmentAgency", park.id, 1992 + index % 20,
                "", "", "", 60, "", "", park.province, park.city)
        reg.add_other(OrgRef(gid, "ParkAgency", index, index, "", 1992))
        for other in reg.parks:
            if other.top == index:
                out.relation(gid, other.id, "OPERATES")


def _counts(n: int, n_top: int) -> dict[str, int]:
    return {kind: max(round(share * n), _MIN_PER_PARK.get(kind, 0) * n_top)
            for kind, share in NON_ENTERPRISE_SHARES.items()}


def write_others(reg: Registry, out: PackageWriter, rng: random.Random, n: int) -> int:
    """Write every non-enterprise organisation; return how many enterprises remain."""
    counts = _counts(n, reg.n_top)
    used = reg.n_top
    for kind, count in counts.items():
        width = max(3, len(str(count)))
        prefix = PREFIX[kind]
        offset = sum(len(v) for k, v in reg.others.items() if PREFIX.get(k) == prefix)
        quota = _MIN_PER_PARK.get(kind, 0)
        for j in range(count):
            if j < quota * reg.n_top:
                top = j % reg.n_top
                park = reg.science_park.get(top, top) if kind == "University" else top
            else:
                park, top = reg.allocate(rng)
                if kind == "University" and top in reg.science_park and rng.random() < 0.7:
                    park = reg.science_park[top]
            _write_other(reg, out, rng, kind, f"{prefix}{offset + j + 1:0{width}d}", park, top,
                         carrier_rank=j // reg.n_top if j < quota * reg.n_top else 2)
        used += count
    return n - used


def _write_other(reg: Registry, out: PackageWriter, rng: random.Random, kind: str, oid: str,
                 park: int, top: int, carrier_rank: int) -> None:
    spec = reg.parks[park] if park >= 0 else None
    province, city = (spec.province, spec.city) if spec else CITIES[rng.randrange(len(CITIES))]
    chains = spec.chains if spec else reg.chain_map.chains
    chain = rng.choice(chains)
    place = names.PLACES[rng.randrange(len(names.PLACES))] if spec is None else spec.name[:2]
    level = ""
    employees: object = ""
    if kind == "University":
        name = names.university_name(rng, place if rng.random() < 0.5 else city)
        founded = rng.randint(1950, 2005)
    elif kind in ("ResearchInstitute", "NewRDInstitution"):
        name = names.institute_name(rng, place, kind == "NewRDInstitution")
        founded = (rng.randint(1958, 2010) if kind == "ResearchInstitute"
                   else rng.randint(2012, 2023))
    elif PREFIX[kind] == "PL":
        name = names.platform_name(rng, kind, place, chain)
        level = _weighted(rng, PLATFORM_LEVELS)
        founded = rng.randint(2000, 2022)
    elif kind in STAGES:
        name = names.carrier_name(rng, kind, place)
        level = _weighted(rng, CARRIER_LEVELS)
        founded = rng.randint(2005, 2019)
        employees = rng.randint(5, 40)
        if kind == "Incubator":
            # the first incubator of a park hands off to accelerators, the second never does
            reg.propensity[oid] = (rng.uniform(0.6, 0.85) if carrier_rank == 0 else 0.0
                                   if carrier_rank == 1 or rng.random() < 0.3
                                   else rng.uniform(0.4, 0.8))
        else:
            reg.propensity[oid] = rng.uniform(0.35, 0.7) if kind == "Makerspace" else 0.0
    elif kind.endswith("Fund"):
        name = names.fund_name(rng, kind, place)
        founded = rng.randint(2008, 2023)
        employees = rng.randint(5, 30)
    elif kind == "ServiceProvider":
        name = names.service_name(rng, city)
        founded = rng.randint(1998, 2022)
    else:
        name = names.agency_name(rng, city)
        founded = rng.randint(1980, 2000)
    if kind in _EMPLOYEES:
        employees = rng.randint(*_EMPLOYEES[kind])
    out.org(oid, name.zh, name.en, kind, spec.id if spec else "", founded, level, "", "",
            employees, "", "", province, city)
    reg.add_other(OrgRef(oid, kind, park, top, chain, founded))


def _carrier_sets(reg: Registry) -> dict[int, CarrierSet]:
    sets: dict[int, CarrierSet] = {}
    for top in range(reg.n_top):
        sets[top] = ([], [], [])
    for stage, kind in enumerate(STAGES):
        for ref in reg.others.get(kind, []):
            if ref.top >= 0:
                sets[ref.top][stage].append((ref.id, reg.propensity.get(ref.id, 0.0)))
    return sets


def _segment(reg: Registry, rng: random.Random, top: int, chain: str,
             pending: dict[tuple[int, str], list[str]]) -> str:
    plan = reg.plans.get((top, chain))
    if plan is None:
        segs = reg.chain_map.of_chain(chain)
        return segs[rng.randrange(len(segs))].id
    waiting = pending.setdefault((top, chain), list(plan.weak))
    if waiting:
        return waiting.pop(0)
    return rng.choices(plan.present, weights=plan.weights)[0]


def _chain_for(reg: Registry, rng: random.Random, park: int) -> str:
    chains = reg.chain_map.chains
    if park < 0:
        return rng.choice(chains) if rng.random() < 0.92 else ""
    spec = reg.parks[park]
    roll = rng.random()
    if spec.focus and roll < 0.75:
        return spec.focus
    if roll < 0.9:
        return rng.choice(spec.chains)
    others = [c for c in chains if c not in spec.chains]
    return rng.choice(others) if others and roll < 0.95 else ""


def _qualifications(rng: random.Random, in_park: bool, anchor: bool, employees: int,
                    revenue: float, year: int) -> list[str]:
    q = QUALIFICATION
    factor = 1.0 if in_park else 0.5
    quals: list[str] = []
    hte = rng.random() < (q["HighTechEnterpriseAnchor"] if anchor
                          else q["HighTechEnterprise"] * factor)
    if hte:
        quals.append("HighTechEnterprise")
    if employees <= 500 and revenue <= 20000 and rng.random() < q["TechSME"]:
        quals.append("TechSME")
    if employees <= 1000 and rng.random() < q["SpecializedSME"] * factor:
        quals.append("SpecializedSME")
        if rng.random() < q["LittleGiantOfSpecialized"]:
            quals.append("LittleGiant")
    if hte and year >= 2014 and rng.random() < q["Gazelle"]:
        quals.append("Gazelle")
    listed = rng.random() < (q["ListedAnchor"] if anchor else q["ListedLarge"] if employees >= 500
                             else q["ListedSmall"])
    if not listed and year >= 2012 and employees >= 200 and rng.random() < q["Unicorn"] * 20:
        quals.append("Unicorn")
    if anchor and rng.random() < q["ManufacturingChampionAnchor"]:
        quals.append("ManufacturingChampion")
    if listed:
        quals.append("Listed")
    return quals


def write_enterprises(reg: Registry, out: PackageWriter, rng: random.Random, count: int,
                      progress: _Progress | None = None, *,
                      aux: random.Random | None = None) -> None:
    """Write the enterprises, their segments, incubation stays and spin-offs.

    ``aux`` draws what data model v2 adds (qualification histories, firm-year
    statistics, ``relocated`` stays, handoffs to carriers of another park),
    so that ``rng`` draws exactly what it drew before them.
    """
    aux = aux if aux is not None else random.Random(0)
    reg.ent_width = max(5, len(str(count)))
    carriers = _carrier_sets(reg)
    parents = reg.of_kind("University", "ResearchInstitute")
    parents_by_top: dict[int, list[OrgRef]] = {}
    for ref in parents:
        parents_by_top.setdefault(ref.top, []).append(ref)
    pending: dict[tuple[int, str], list[str]] = {}
    neighbours = {s.id: [t for t in s.feeds] for s in reg.chain_map.segments}
    for seg, feeders in reg.chain_map.feeders().items():
        neighbours[seg].extend(feeders)
    for i in range(count):
        park, top = reg.allocate(rng)
        chain = _chain_for(reg, rng, park)
        seg = _segment(reg, rng, top, chain, pending) if chain else ""
        anchor = bool(chain) and rng.random() < 0.012
        age = min(40.0, rng.expovariate(1 / 8.0))
        year = max(1985, 2024 - int(age))
        if anchor:
            employees = min(120_000, int(800 * rng.paretovariate(1.1)))
            year = min(year, rng.randint(1990, 2012))
        else:
            employees = 3 + int(rng.lognormvariate(3.0, 1.1))
        young = year >= 2021
        revenue = employees * REVENUE_PER_EMPLOYEE * rng.lognormvariate(-0.1, 0.6) * (
            0.3 if young else 1.0)
        drawn = _qualifications(rng, park >= 0, anchor, employees, revenue, year)
        intensity = rng.lognormvariate(math.log(0.05 if "HighTechEnterprise" in drawn else 0.025),
                                       0.5)
        quals = current_qualifications(aux, drawn, employees=employees, revenue=revenue,
                                       anchor=anchor, in_park=park >= 0, founded=year)
        candidate = "TechSME" in drawn and "HighTechEnterprise" not in drawn
        if candidate and aux.random() < QUALIFICATION["TechSMECandidate"]:
            # preparing for high-tech recognition: R&D intensity around the thresholds
            intensity = aux.uniform(0.03, 0.08)
        elif "TechSME" in quals and "TechSME" not in drawn:
            # grew past the band while on the list: R&D intensity either side of 3 %
            intensity = aux.uniform(0.031, 0.06) if aux.random() < 0.5 else aux.uniform(0.01,
                                                                                         0.029)
        spec = reg.parks[park] if park >= 0 else None
        province, city = (spec.province, spec.city) if spec else CITIES[rng.randrange(len(CITIES))]
        eid = reg.ent_id(i)
        founded = _date(rng, year)
        code = reg.chain_map.segments[reg.seg_index[seg]].code if seg else rng.choice(
            ("I6510", "M7320", "C3490", "L7212"))
        name = names.enterprise_name(rng, chain, city)
        revenue_s, rd_s = f"{revenue:.1f}", f"{revenue * intensity:.1f}"
        org_row: list[object] = [eid, name.zh, name.en, "Enterprise", spec.id if spec else "",
                                 founded.isoformat(), "", ";".join(quals), code, employees,
                                 revenue_s, rd_s, province, city]
        segs = [seg] if seg else []
        for row in qualification_history(aux, set(quals), year, small=employees <= 1000):
            out.qualification(eid, row.qualification, row.since.isoformat(),
                              row.until.isoformat() if row.until else "", row.level)
        for stat_year, values in firm_years(aux, year, employees, float(revenue_s),
                                            float(rd_s), high_tech="HighTechEnterprise" in quals):
            out.stats(eid, stat_year, values)
        if seg:
            out.segment(eid, seg, True)
            if rng.random() < 0.15:
                options = [s for s in neighbours[seg] if reg.seg_chain[reg.seg_index[s]] == chain
                           and _allowed(reg, top, chain, s)]
                if options:
                    segs.append(rng.choice(options))
                    out.segment(eid, segs[-1], False)
        reg.ent_park.append(park)
        reg.ent_top.append(top)
        reg.ent_seg.append(reg.seg_index[seg] if seg else -1)
        reg.ent_emp.append(employees)
        reg.ent_year.append(year)
        reg.ent_flags.append((HIGH_TECH if "HighTechEnterprise" in quals else 0)
                             | (ANCHOR if anchor else 0) | (LISTED if "Listed" in quals else 0))
        if year >= 2008 and not anchor:
            moved = _incubate(reg, out, rng, eid, founded, top, carriers, aux,
                              (chain, segs))
            if moved is not None:
                new = reg.parks[moved]
                org_row[4], org_row[12], org_row[13] = new.id, new.province, new.city
            _spin_off(out, rng, eid, founded, parents_by_top.get(top) or parents)
        out.org(*org_row)
        if progress is not None and (i + 1) % 5000 == 0:
            progress(5000)
    if progress is not None:
        progress(count % 5000)


def _allowed(reg: Registry, top: int, chain: str, seg: str) -> bool:
    plan = reg.plans.get((top, chain))
    return plan is None or seg in plan.present


def _can_move(reg: Registry, source: int, target: int, chain: str, segs: list[str]) -> bool:
    """A firm may move only if no planned gap changes: it holds no weak segment of its
    park's plan and only present segments of the target park's plan."""
    here, there = reg.plans.get((source, chain)), reg.plans.get((target, chain))
    return (not segs or here is None or not set(segs) & set(here.weak)) and (
        not segs or there is None or set(segs) <= set(there.present))


def _incubate(reg: Registry, out: PackageWriter, rng: random.Random, eid: str, founded: date,
              top: int, carriers: dict[int, CarrierSet], aux: random.Random,
              field: tuple[str, list[str]]) -> int | None:
    """Write the firm's stays; return the top park it moved to after graduating, if any."""
    roll = rng.random()
    if top >= 0 and roll < 0.45:
        where = top if rng.random() < 0.92 else rng.randrange(reg.n_top)
    elif top < 0 and roll < 0.08:
        where = rng.randrange(reg.n_top)
    else:
        return None
    stays = history(rng, founded, carriers[where], moved_away=where != top)
    moved = None
    if where != top:
        stays = reroute(aux, stays, carriers[top] if top >= 0 else None)
    elif reg.n_top > 1 and stays and aux.random() < RELOCATION["leaves"]:
        # a graduate without a successor here leaves for a carrier of another park
        target = (where + 1 + aux.randrange(reg.n_top - 1)) % reg.n_top
        stay = next_stay(aux, stays, carriers[target])
        if stay is not None and _can_move(reg, where, target, *field):
            stays, moved = [*stays, stay], target
    for stay in stays:
        out.relation(eid, stay.carrier, "INCUBATED_IN", since=stay.since.isoformat(),
                     until=stay.until.isoformat() if stay.until else "", outcome=stay.outcome)
    if stays and stays[-1].until is None and top == where and moved is None:
        reg.residents.append(len(reg.ent_seg) - 1)
    return moved


def _spin_off(out: PackageWriter, rng: random.Random, eid: str, founded: date,
              parents: list[OrgRef]) -> None:
    if not parents or rng.random() >= 0.04:
        return
    parent = parents[rng.randrange(len(parents))]
    out.relation(eid, parent.id, "SPUN_OFF_FROM", since=founded.isoformat())
    out.relation(eid, parent.id, "COLLABORATES_WITH", kind="tech_contract",
                 since=str(founded.year), weight=rng.randint(1, 3))
