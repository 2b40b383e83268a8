"""The data model v2 tables the generator writes: determinism and invariants.

Expected values come from the spec (data-model.md, metrics.md sections 2-4),
not from the generator: the tests recompute each property from the CSV files.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from ecograph.synth import generate

QUALIFICATIONS = {"InnovativeSME", "TechSME", "HighTechEnterprise", "SpecializedSME",
                  "LittleGiant", "ManufacturingChampion", "Gazelle", "Unicorn", "Listed"}
GRADIENT = ("InnovativeSME", "TechSME", "HighTechEnterprise", "SpecializedSME", "LittleGiant",
            "ManufacturingChampion")
#: The synthetic world's "today" (docs/synth.md): open rows are held then.
TODAY = date(2024, 12, 31)
FUNDS = {"GovernmentGuidanceFund", "IndustryFund", "VentureCapitalFund", "AngelFund"}
KNOWLEDGE = {"University", "ResearchInstitute", "NewRDInstitution"}
FLAGSHIPS = ("P-YH", "P-JK", "P-XS")
NEW_FILES = ("qualifications.csv", "org_stats.csv", "collaborations.csv")

Table = list[dict[str, str]]


def rows(folder: Path, name: str) -> Table:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth-v2")
    generate(out, orgs=5000, seed=11)
    return out


@pytest.fixture(scope="module")
def t(pkg: Path) -> dict[str, Table]:
    names = ("parks.csv", "organizations.csv", "relations.csv", *NEW_FILES)
    return {name.removesuffix(".csv"): rows(pkg, name) for name in names}


@pytest.fixture(scope="module")
def orgs(t: dict[str, Table]) -> dict[str, dict[str, str]]:
    return {o["id"]: o for o in t["organizations"]}


@pytest.fixture(scope="module")
def top_of(t: dict[str, Table]) -> dict[str, str]:
    """Organisation id → its top park ('' outside every park)."""
    parent = {p["id"]: p["parent"] for p in t["parks"]}
    return {o["id"]: (parent.get(o["park"]) or o["park"]) for o in t["organizations"]}


def _enterprises(orgs: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    return [o for o in orgs.values() if o["type"] == "Enterprise"]


def test_same_seed_same_v2_files_other_seed_differs(tmp_path: Path) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate(tmp_path / name, orgs=800, seed=seed)
    for file in NEW_FILES:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
        assert (tmp_path / "a" / file).read_bytes() != (tmp_path / "c" / file).read_bytes()


def test_v2_tables_grow_linearly(tmp_path: Path, t: dict[str, Table]) -> None:
    generate(tmp_path, orgs=2500, seed=11)
    small = {name: len(rows(tmp_path, name)) / 2500 for name in NEW_FILES}
    for name in NEW_FILES:
        assert len(t[name.removesuffix(".csv")]) / 5000 == pytest.approx(small[name], rel=0.35)


# -- qualifications.csv --------------------------------------------------------------------

def test_qualification_rows_are_valid(t: dict[str, Table],
                                      orgs: dict[str, dict[str, str]]) -> None:
    for q in t["qualifications"]:
        assert orgs[q["org"]]["type"] == "Enterprise"
        assert q["qualification"] in QUALIFICATIONS
        since = date.fromisoformat(q["since"])
        assert since.year >= int(orgs[q["org"]]["founded"][:4])
        if q["until"]:
            assert since <= date.fromisoformat(q["until"]) < TODAY


def test_open_rows_are_exactly_the_current_set(t: dict[str, Table],
                                               orgs: dict[str, dict[str, str]]) -> None:
    held: dict[str, set[str]] = defaultdict(set)
    for q in t["qualifications"]:
        if not q["until"]:
            assert q["qualification"] not in held[q["org"]]  # one open row per qualification
            held[q["org"]].add(q["qualification"])
    for o in _enterprises(orgs):
        assert set(filter(None, o["qualifications"].split(";"))) == held.get(o["id"], set())


def test_terms_renewals_yearly_lists_and_lapses(t: dict[str, Table],
                                                orgs: dict[str, dict[str, str]]) -> None:
    by: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for q in t["qualifications"]:
        by[(q["org"], q["qualification"])].append(q)
    renewed = 0
    for (_, name), history in by.items():
        years = [int(q["since"][:4]) for q in history]
        assert years == sorted(years)
        if name == "HighTechEnterprise":
            assert all(b - a == 3 for a, b in pairwise(years))  # three-year terms
            renewed += len(history) > 1
            for q in history:
                if q["until"]:  # an ended term lasted three years
                    end = date.fromisoformat(q["until"]) + timedelta(days=1)
                    assert end.replace(year=end.year - 3) == date.fromisoformat(q["since"])
        if name == "TechSME":
            assert all(b - a == 1 for a, b in pairwise(years))  # the yearly list
            assert all(q["until"] == f"{q['since'][:4]}-12-31" for q in history if q["until"])
    assert renewed > 50
    lapsed = Counter(name for (org, name), history in by.items()
                     if name not in orgs[org]["qualifications"].split(";"))
    assert lapsed["HighTechEnterprise"] > 5 and lapsed["TechSME"] > 5


def test_firms_are_promoted_up_the_gradient_in_several_years(t: dict[str, Table],
                                                               top_of: dict[str, str]) -> None:
    first: dict[str, dict[str, int]] = defaultdict(dict)
    for q in t["qualifications"]:
        if q["qualification"] in GRADIENT:
            seen = first[q["org"]]
            seen[q["qualification"]] = min(seen.get(q["qualification"], 9999),
                                           int(q["since"][:4]))
    rank = {name: i for i, name in enumerate(GRADIENT)}
    promotions: Counter[int] = Counter()
    for org, gained in first.items():
        if top_of[org] == "P-YH":
            for name, year in gained.items():
                if any(rank[lower] < rank[name] and y < year for lower, y in gained.items()):
                    promotions[year] += 1
    assert len(promotions) >= 4 and sum(promotions.values()) > 20


def test_every_tier_is_held_in_the_flagship(orgs: dict[str, dict[str, str]],
                                            top_of: dict[str, str]) -> None:
    held = Counter(q for o in _enterprises(orgs) if top_of[o["id"]] == "P-YH"
                   for q in o["qualifications"].split(";") if q)
    for name in QUALIFICATIONS:
        assert held[name] > 0, name


# -- org_stats.csv -------------------------------------------------------------------------

def test_stats_agree_with_organizations(t: dict[str, Table],
                                        orgs: dict[str, dict[str, str]]) -> None:
    years: dict[str, list[int]] = defaultdict(list)
    for s in t["org_stats"]:
        o = orgs[s["org"]]
        assert o["type"] == "Enterprise"
        year = int(s["year"])
        assert int(o["founded"][:4]) <= year <= 2024
        years[s["org"]].append(year)
        if year == 2024:  # the latest year is the organisation's own figures
            assert (s["revenue"], s["rd_expense"], s["employees"]) == (
                o["revenue"], o["rd_expense"], o["employees"])
        assert 0 <= int(s["rd_staff"]) <= int(s["employees"])
        assert 0 <= int(s["masters_phd"]) <= int(s["rd_staff"])
        assert float(s["revenue"]) > 0 and float(s["tax"]) >= 0
        assert 0 <= float(s["export_revenue"]) <= float(s["revenue"])
    assert set(years) == {o["id"] for o in _enterprises(orgs)}
    assert all(sorted(v) == v and len(set(v)) == len(v) for v in years.values())
    counts = Counter(len(v) for v in years.values())
    assert counts[1] > 0.1 * len(years)  # the two-year revenue test is sometimes unknown
    assert counts[2] + counts[3] > 0.6 * len(years)


def test_patents_held_accumulate_grants(t: dict[str, Table]) -> None:
    by: dict[str, list[dict[str, str]]] = defaultdict(list)
    for s in t["org_stats"]:
        by[s["org"]].append(s)
    for history in by.values():
        for a, b in pairwise(history):
            assert int(b["invention_patents_held"]) == (
                int(a["invention_patents_held"]) + int(b["invention_patents"]))
    assert sum(int(s["invention_patents"]) for s in t["org_stats"]) > 100


def test_next_tier_pool_spans_revenue_bands_and_thresholds(
        orgs: dict[str, dict[str, str]], top_of: dict[str, str]) -> None:
    """TechSME-not-HTE park firms in each band (< 5,000 万, ≤ 2 亿, > 2 亿), R&D
    intensity above and below the band's threshold (5 %, 4 %, 3 %)."""
    seen: set[tuple[int, bool]] = set()
    for o in _enterprises(orgs):
        quals = o["qualifications"].split(";")
        if top_of[o["id"]] and "TechSME" in quals and "HighTechEnterprise" not in quals:
            revenue = float(o["revenue"])
            band = 0 if revenue < 5000 else 1 if revenue <= 20000 else 2
            seen.add((band, float(o["rd_expense"]) / revenue >= (0.05, 0.04, 0.03)[band]))
    assert seen == {(b, m) for b in range(3) for m in (True, False)}


# -- collaborations.csv --------------------------------------------------------------------

def _sector(kind: str) -> str:
    if kind in KNOWLEDGE:
        return "U"
    if kind == "Enterprise":
        return "I"
    return "G" if kind in {"GovernmentAgency", "GovernmentGuidanceFund"} else ""


def test_events_have_known_participants_kinds_and_dates(
        t: dict[str, Table], orgs: dict[str, dict[str, str]]) -> None:
    events = t["collaborations"]
    assert len({e["id"] for e in events}) == len(events)
    for e in events:
        members = e["participants"].split(";")
        assert len(members) >= 2 and len(set(members)) == len(members)
        assert all(m in orgs for m in members)
        assert e["kind"] in {"joint_patent", "joint_project", "co_publication", "joint_lab"}
        assert 2016 <= date.fromisoformat(e["date"]).year <= 2024
        assert not e["amount"] or float(e["amount"]) > 0
        assert e["title"]
    assert Counter(e["kind"] for e in events).keys() == {
        "joint_patent", "joint_project", "co_publication", "joint_lab"}
    assert len({e["date"][:4] for e in events}) >= 6
    assert max(len(e["participants"].split(";")) for e in events) >= 4


def test_triple_helix_events_in_every_flagship_park(
        t: dict[str, Table], orgs: dict[str, dict[str, str]], top_of: dict[str, str]) -> None:
    for park in FLAGSHIPS:
        events = [e["participants"].split(";") for e in t["collaborations"]
                  if any(top_of[m] == park for m in e["participants"].split(";"))]
        three = sum(1 for members in events
                    if {_sector(orgs[m]["type"]) for m in members} >= {"U", "I", "G"})
        assert events and 0.05 < three / len(events) < 0.6, park


# -- relations.csv v2 ----------------------------------------------------------------------

def test_technology_contracts(t: dict[str, Table], orgs: dict[str, dict[str, str]],
                              top_of: dict[str, str]) -> None:
    contracts = [r for r in t["relations"] if r["type"] == "TRANSFERS_TECHNOLOGY_TO"]
    assert {r["kind"] for r in contracts} == {"development", "transfer", "licensing",
                                              "consulting", "service"}
    for r in contracts:
        assert r["source"] != r["target"] and orgs[r["target"]]["type"] == "Enterprise"
        assert float(r["amount"]) > 0 and date.fromisoformat(r["date"]).year <= 2024
        assert not r["since"]
    sellers = Counter(orgs[r["source"]]["type"] for r in contracts)
    assert sum(sellers[k] for k in KNOWLEDGE) > 0.5 * len(contracts) and sellers["Enterprise"]
    for park in FLAGSHIPS:
        sold = [r for r in contracts if top_of[r["source"]] == park]
        outside = [r for r in sold if top_of[r["target"]] != park]
        assert sold and 0 < len(outside) < len(sold), park


def test_each_park_is_served_by_funds_by_all_three_routes(
        t: dict[str, Table], orgs: dict[str, dict[str, str]], top_of: dict[str, str]) -> None:
    serves = [r for r in t["relations"] if r["type"] == "SERVES_PARK"]
    tops = {p["id"] for p in t["parks"] if not p["parent"]}
    for r in serves:
        assert orgs[r["source"]]["type"] in FUNDS and r["target"] in tops
        assert not r["until"] or r["since"] <= r["until"]
    assert any(r["until"] for r in serves)  # some ties ended
    operates = [r for r in t["relations"] if r["type"] == "OPERATES"
                and orgs.get(r["target"], {}).get("type") in FUNDS]
    for park in FLAGSHIPS:
        located = {o["id"] for o in orgs.values() if o["type"] in FUNDS and top_of[o["id"]] == park}
        operated = {r["target"] for r in operates if top_of.get(r["source"]) == park} - located
        served = {r["source"] for r in serves if r["target"] == park} - located - operated
        assert located and operated and served, park
        invested = {r["target"] for r in t["relations"]
                    if r["type"] == "INVESTS_IN" and r["source"] in served}
        assert any(top_of[j] == park for j in invested), park  # serving funds invest there


def test_investments_by_every_investor_type_some_early(
        t: dict[str, Table], orgs: dict[str, dict[str, str]]) -> None:
    invest = [r for r in t["relations"] if r["type"] == "INVESTS_IN"]
    assert {orgs[r["source"]]["type"] for r in invest} >= FUNDS
    early = sum(1 for r in invest if orgs[r["target"]]["type"] == "Enterprise"
                and date.fromisoformat(r["date"]) - date.fromisoformat(
                    orgs[r["target"]]["founded"]) < timedelta(days=3 * 365))
    assert 0.1 * len(invest) < early < 0.9 * len(invest)
    assert any(r["round"] == "acquisition" for r in invest)


# -- incubation ----------------------------------------------------------------------------

def _stays(t: dict[str, Table]) -> dict[str, list[dict[str, str]]]:
    by: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in t["relations"]:
        if r["type"] == "INCUBATED_IN":
            by[r["source"]].append(r)
    for history in by.values():
        history.sort(key=lambda r: r["since"])
    return by


def test_relocated_stays_belong_to_firms_that_moved(t: dict[str, Table],
                                                    top_of: dict[str, str]) -> None:
    relocated = [r for h in _stays(t).values() for r in h if r["outcome"] == "relocated"]
    assert relocated
    for r in relocated:
        assert r["until"] and top_of[r["source"]] != top_of[r["target"]]


def test_a_flagship_graduate_is_handed_to_a_carrier_of_another_park(
        t: dict[str, Table], top_of: dict[str, str]) -> None:
    leaked = []
    for firm, history in _stays(t).items():
        for a, b in pairwise(history):
            gap = (date.fromisoformat(b["since"]) - date.fromisoformat(a["until"])).days
            if (a["outcome"] == "graduated" and 0 <= gap <= 365 and top_of[a["target"]] == "P-YH"
                    and top_of[b["target"]] not in ("", "P-YH")):
                leaked.append(firm)
                assert top_of[firm] == top_of[b["target"]]  # the firm moved there
    assert leaked


def test_residents_meet_each_graduation_criterion_or_are_unknown(
        t: dict[str, Table], orgs: dict[str, dict[str, str]], top_of: dict[str, str]) -> None:
    residents = {f for f, h in _stays(t).items()
                 if h[-1]["outcome"] == "active" and top_of[f] == top_of[h[-1]["target"]]}
    years: dict[str, dict[int, float]] = defaultdict(dict)
    for s in t["org_stats"]:
        years[s["org"]][int(s["year"])] = float(s["revenue"])
    venture: dict[str, float] = defaultdict(float)
    acquired = set()
    for r in t["relations"]:
        if r["type"] == "INVESTS_IN" and r["target"] in residents:
            if orgs[r["source"]]["type"] in {"AngelFund", "VentureCapitalFund"}:
                venture[r["target"]] += float(r["amount"])
            if r["round"] == "acquisition":
                acquired.add(r["target"])
    hte = {f for f in residents if "HighTechEnterprise" in orgs[f]["qualifications"]}
    two_years = {f for f in residents if {2023, 2024} <= years[f].keys()}
    revenue_met = {f for f in two_years if years[f][2023] + years[f][2024] >= 1000}
    assert hte and residents - hte
    assert {f for f in residents if venture[f] >= 500}
    assert revenue_met and two_years - revenue_met and residents - two_years  # unknown too
    assert acquired


# -- English names ---------------------------------------------------------------------------

def test_every_organisation_has_an_english_name(orgs: dict[str, dict[str, str]],
                                                t: dict[str, Table]) -> None:
    cjk = re.compile(r"[\u3400-\u9fff]")
    for o in orgs.values():
        assert o["name_en"] and not cjk.search(o["name_en"]), o["id"]
        assert o["name_en"] != o["id"]
    for p in t["parks"]:
        assert p["name_en"] and not cjk.search(p["name_en"])
    firms = _enterprises(orgs)
    assert all(o["name_en"].endswith(("Co., Ltd.", "Limited")) for o in firms)
    # built from the same parts: the city word leads both names
    wuhan = [o for o in firms if o["name"].startswith("武汉")]
    assert wuhan and all(o["name_en"].startswith("Wuhan ") for o in wuhan)
