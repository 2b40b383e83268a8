"""The synthetic ecosystem generator: determinism, scale, structure and rates."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli.app import app
from ecograph.errors import InputError
from ecograph.synth import default_parks, generate
from ecograph.synth.chains import load_chain_maps
from ecograph.vocab import LABEL_PARENTS, Label

#: The spec's "Tabular input" columns, written out here on purpose (not imported).
SPEC_COLUMNS = {
    "parks.csv": ["id", "name", "name_en", "kind", "level", "province", "city", "parent",
                  "area_km2", "leading_chains", "tier_category"],
    "organizations.csv": ["id", "name", "name_en", "type", "park", "founded", "level",
                          "qualifications", "industry", "employees", "revenue", "rd_expense",
                          "province", "city"],
    "segments.csv": ["org", "segment", "primary"],
    "relations.csv": ["source", "target", "type", "kind", "since", "until", "date", "weight",
                      "amount", "round", "outcome", "ref"],
    "qualifications.csv": ["org", "qualification", "since", "until", "level", "ref"],
    "org_stats.csv": ["org", "year", "revenue", "rd_expense", "employees", "rd_staff",
                      "masters_phd", "invention_patents", "invention_patents_held",
                      "new_product_revenue", "export_revenue", "profit", "tax"],
    "collaborations.csv": ["id", "kind", "date", "participants", "amount", "title", "ref"],
}
CARRIERS = {"Makerspace", "Incubator", "Accelerator"}


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def pkg5k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth5k")
    generate(out, orgs=5000, seed=11)
    return out


@pytest.fixture(scope="module")
def tables(pkg5k: Path) -> dict[str, list[dict[str, str]]]:
    return {name: rows(pkg5k, name) for name in SPEC_COLUMNS}


@pytest.fixture(scope="module")
def park_of(tables: dict[str, list[dict[str, str]]]) -> dict[str, str]:
    """Organisation id → its top park id ('' outside every park)."""
    parent = {p["id"]: p["parent"] for p in tables["parks.csv"]}
    return {o["id"]: (parent.get(o["park"]) or o["park"]) for o in tables["organizations.csv"]}


def test_same_seed_gives_identical_files_and_other_seed_differs(tmp_path: Path) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate(tmp_path / name, orgs=800, seed=seed)
    for file in SPEC_COLUMNS:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    assert (tmp_path / "a" / "organizations.csv").read_bytes() != (
        tmp_path / "c" / "organizations.csv").read_bytes()
    assert (tmp_path / "a" / "relations.csv").read_bytes() != (
        tmp_path / "c" / "relations.csv").read_bytes()


def test_every_file_has_exactly_the_spec_columns(pkg5k: Path) -> None:
    for name, columns in SPEC_COLUMNS.items():
        with (pkg5k / name).open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == columns, name


@pytest.mark.parametrize("orgs", [300, 1200])
def test_sizes_scale_with_n(tmp_path: Path, orgs: int) -> None:
    report = generate(tmp_path, orgs=orgs, seed=2)
    assert report.files["organizations.csv"] == orgs
    assert len(rows(tmp_path, "organizations.csv")) == orgs
    assert sum(report.org_types.values()) == orgs
    per_org = report.files["relations.csv"] / orgs
    assert 3.5 < per_org < 6.0  # default: about five relation rows per organisation
    assert report.relations_per_org == round(per_org, 2)


@pytest.fixture(scope="module")
def densities(tmp_path_factory: pytest.TempPathFactory) -> dict[float, Path]:
    """The same 3,000-organisation package at three densities."""
    out = {}
    for density in (2.0, 5.0, 10.0):
        out[density] = tmp_path_factory.mktemp(f"synth-density-{density}")
        generate(out[density], orgs=3000, seed=3, relations_per_org=density)
    return out


def test_relations_per_org_sets_the_density_and_nothing_else(
        densities: dict[float, Path]) -> None:
    per_org = {}
    for density, folder in densities.items():
        relations = rows(folder, "relations.csv")
        per_org[density] = len(relations) / 3000
        assert per_org[density] == pytest.approx(density, rel=0.15)
        for name in ("parks.csv", "organizations.csv", "segments.csv", "qualifications.csv",
                     "org_stats.csv"):
            assert (folder / name).read_bytes() == (densities[5.0] / name).read_bytes()
        # incubation stays are drawn with the firms: the density does not change them
        fixed = [r for r in relations if r["type"] in {"INCUBATED_IN", "SPUN_OFF_FROM"}]
        assert len(fixed) == sum(1 for r in rows(densities[5.0], "relations.csv")
                                 if r["type"] in {"INCUBATED_IN", "SPUN_OFF_FROM"})
    assert per_org[2.0] < per_org[5.0] < per_org[10.0]


@pytest.mark.parametrize("density", [0.5, 30.0])
def test_bad_density_is_rejected(tmp_path: Path, density: float) -> None:
    with pytest.raises(InputError):
        generate(tmp_path, orgs=300, relations_per_org=density)


def test_parks_grow_with_n() -> None:
    assert default_parks(2000) == 3
    assert default_parks(60_000) == 20
    assert default_parks(1_000_000) == 333


def test_enterprises_dominate_and_all_relation_types_appear(
        tables: dict[str, list[dict[str, str]]]) -> None:
    types = Counter(o["type"] for o in tables["organizations.csv"])
    rels = Counter(r["type"] for r in tables["relations.csv"])
    assert types["Enterprise"] > 0.8 * 5000
    assert set(rels) == {"SUPPLIES", "COLLABORATES_WITH", "INVESTS_IN", "INCUBATED_IN", "HOSTS",
                         "OPERATES", "SPUN_OFF_FROM", "SERVES_PARK", "TRANSFERS_TECHNOLOGY_TO"}


def test_all_organisation_classes_present(tables: dict[str, list[dict[str, str]]]) -> None:
    abstract = {Label.Organization, Label.InnovationPlatform, Label.IncubationCarrier, Label.Fund}
    concrete = {str(lab) for lab in LABEL_PARENTS
                if _is_org(lab) and lab not in abstract}
    assert concrete <= {o["type"] for o in tables["organizations.csv"]}


def _is_org(label: Label) -> bool:
    current: Label | None = label
    while current is not None:
        if current == Label.Organization:
            return True
        current = LABEL_PARENTS[current]
    return False


def test_ids_unique_across_parks_and_orgs(tables: dict[str, list[dict[str, str]]]) -> None:
    ids = [p["id"] for p in tables["parks.csv"]] + [o["id"] for o in tables["organizations.csv"]]
    assert len(ids) == len(set(ids))


def test_sub_parks_and_reference_region(tables: dict[str, list[dict[str, str]]]) -> None:
    parks = tables["parks.csv"]
    assert any(p["parent"] for p in parks)
    assert {p["kind"] for p in parks} >= {"HighTechZone", "EconomicDevelopmentZone",
                                           "CharacteristicPark", "SciencePark"}
    outside = sum(1 for o in tables["organizations.csv"] if not o["park"])
    assert 0.3 < outside / 5000 < 0.5


def test_high_tech_share_of_park_firms_about_a_third(
        tables: dict[str, list[dict[str, str]]]) -> None:
    firms = [o for o in tables["organizations.csv"] if o["type"] == "Enterprise" and o["park"]]
    share = Counter(q for o in firms for q in o["qualifications"].split(";") if q)
    n = len(firms)
    assert share["HighTechEnterprise"] / n == pytest.approx(1 / 3, abs=0.05)
    assert 0.25 < share["TechSME"] / n < 0.6
    assert 0.02 < share["SpecializedSME"] / n < share["HighTechEnterprise"] / n
    for rare in ("LittleGiant", "Listed", "Unicorn", "ManufacturingChampion", "Gazelle"):
        assert share[rare] / n < 0.05, rare
    assert share["LittleGiant"] > 0 and share["Listed"] > 0


def test_firm_size_is_heavy_tailed(tables: dict[str, list[dict[str, str]]]) -> None:
    sizes = sorted(int(o["employees"]) for o in tables["organizations.csv"]
                   if o["type"] == "Enterprise")
    median = sizes[len(sizes) // 2]
    assert sizes[-1] > 100 * median
    assert sum(sizes[-len(sizes) // 100:]) > 0.3 * sum(sizes)  # top 1 % hold > 30 % of jobs


def test_supply_edges_mostly_follow_feeds_with_leakage(
        tables: dict[str, list[dict[str, str]]], park_of: dict[str, str]) -> None:
    segment = {r["org"]: r["segment"] for r in tables["segments.csv"] if r["primary"] == "true"}
    feeds = {s.id: set(s.feeds) for s in load_chain_maps().segments}
    supplies = [r for r in tables["relations.csv"] if r["type"] == "SUPPLIES"]
    following = sum(1 for r in supplies
                    if segment.get(r["target"]) in feeds.get(segment.get(r["source"], ""), set()))
    assert following / len(supplies) >= 0.7
    crossing = sum(1 for r in supplies if park_of[r["source"]] != park_of[r["target"]])
    assert 0.05 < crossing / len(supplies) < 0.8


def test_supply_degrees_are_heavy_tailed(tables: dict[str, list[dict[str, str]]]) -> None:
    employees = {o["id"]: int(o["employees"] or 0) for o in tables["organizations.csv"]}
    supplies = [r for r in tables["relations.csv"] if r["type"] == "SUPPLIES"]
    suppliers = Counter(r["target"] for r in supplies)  # suppliers per buyer
    customers = Counter(r["source"] for r in supplies)  # customers per supplier
    assert sorted(suppliers.values())[len(suppliers) // 2] >= 3  # several suppliers each
    biggest = sorted(suppliers, key=lambda e: employees[e])[-10:]
    assert min(suppliers[e] for e in biggest) >= 15  # anchors buy from many
    top = sorted(customers.values(), reverse=True)
    assert top[0] > 20 * top[len(top) // 2]
    assert sum(top[:len(top) // 100]) > 0.1 * len(supplies)  # top 1 % of suppliers


def test_repeat_ties_are_separate_edges(tables: dict[str, list[dict[str, str]]]) -> None:
    """Repeat collaborations differ in year or kind; no two rows share an edge key."""
    relations = tables["relations.csv"]
    keys = Counter((r["type"], r["source"], r["target"], r["since"], r["kind"], r["round"])
                   for r in relations if r["type"] in {"SUPPLIES", "COLLABORATES_WITH"})
    assert max(keys.values()) == 1
    pairs = Counter((r["source"], r["target"]) for r in relations
                    if r["type"] == "COLLABORATES_WITH")
    assert sum(1 for n in pairs.values() if n > 1) > 0.1 * len(pairs)


def test_leading_chains_have_missing_and_weak_segments(
        tables: dict[str, list[dict[str, str]]], park_of: dict[str, str]) -> None:
    chain_map = load_chain_maps()
    firms: dict[tuple[str, str], set[str]] = defaultdict(set)
    chains_of_park: dict[str, Counter[str]] = defaultdict(Counter)
    seg_chain = {s.id: s.chain for s in chain_map.segments}
    for r in tables["segments.csv"]:
        park = park_of[r["org"]]
        if park:
            firms[(park, r["segment"])].add(r["org"])
            chains_of_park[park][seg_chain[r["segment"]]] += 1
    for park, counts in chains_of_park.items():
        total = sum(counts.values())
        leading = [c for c, n in counts.items() if n / total > 0.2]
        assert 1 <= len(leading) <= 3, park
        for chain in leading:
            sizes = [len(firms[(park, s.id)]) for s in chain_map.of_chain(chain)]
            assert 0 in sizes and 1 in sizes, (park, chain, sizes)


def test_collaborations_have_kinds_years_and_an_iur_core(
        tables: dict[str, list[dict[str, str]]]) -> None:
    kind_of = {o["id"]: o["type"] for o in tables["organizations.csv"]}
    collabs = [r for r in tables["relations.csv"] if r["type"] == "COLLABORATES_WITH"]
    assert {r["kind"] for r in collabs} >= {"joint_patent", "joint_project", "co_publication",
                                            "tech_contract", "joint_lab"}
    assert all(2000 <= int(r["since"]) <= 2024 for r in collabs)
    iur = sum(1 for r in collabs if {kind_of[r["source"]], kind_of[r["target"]]} & {
        "University", "ResearchInstitute"} and "Enterprise" in {kind_of[r["source"]],
                                                                 kind_of[r["target"]]})
    assert iur / len(collabs) > 0.3


def test_investments_come_with_rounds_amounts_and_dates(
        tables: dict[str, list[dict[str, str]]]) -> None:
    kind_of = {o["id"]: o["type"] for o in tables["organizations.csv"]}
    invest = [r for r in tables["relations.csv"] if r["type"] == "INVESTS_IN"]
    assert {"angel", "A", "B"} <= {r["round"] for r in invest}
    assert all(float(r["amount"]) > 0 and date.fromisoformat(r["date"]) for r in invest)
    assert not any(r["since"] for r in invest)  # data model v2: an investment is dated by `date`
    assert sum(1 for r in invest if kind_of[r["source"]].endswith("Fund")) > 0.8 * len(invest)


def test_incubation_histories(tables: dict[str, list[dict[str, str]]]) -> None:
    kind_of = {o["id"]: o["type"] for o in tables["organizations.csv"]}
    stays = [r for r in tables["relations.csv"] if r["type"] == "INCUBATED_IN"]
    assert all(kind_of[r["target"]] in CARRIERS for r in stays)
    assert Counter(r["outcome"] for r in stays).keys() == {"active", "graduated", "exited",
                                                           "relocated"}
    for r in stays:
        assert (r["until"] == "") == (r["outcome"] == "active")
        assert not r["until"] or r["until"] >= r["since"]
    by_firm: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in stays:
        by_firm[r["source"]].append(r)
    handoffs: Counter[tuple[str, str]] = Counter()
    order = {"Makerspace": 0, "Incubator": 1, "Accelerator": 2}
    for history in by_firm.values():
        history.sort(key=lambda r: r["since"])
        for a, b in pairwise(history):
            gap = (date.fromisoformat(b["since"]) - date.fromisoformat(a["until"])).days
            if a["outcome"] == "graduated" and 0 <= gap <= 365:
                handoffs[(kind_of[a["target"]], kind_of[b["target"]])] += 1
            assert order[kind_of[b["target"]]] > order[kind_of[a["target"]]]
    assert handoffs[("Makerspace", "Incubator")] > 0
    assert handoffs[("Incubator", "Accelerator")] > 0
    assert handoffs[("Makerspace", "Accelerator")] > 0  # skips


def test_hosts_and_operates_have_valid_ends(tables: dict[str, list[dict[str, str]]]) -> None:
    kind_of = {o["id"]: o["type"] for o in tables["organizations.csv"]}
    kind_of.update({p["id"]: "Park" for p in tables["parks.csv"]})
    platforms = {"KeyLaboratory", "TechnologyInnovationCenter", "EngineeringResearchCenter",
                 "ManufacturingInnovationCenter", "EnterpriseTechnologyCenter",
                 "PublicServicePlatform", "PilotPlatform"}
    for r in tables["relations.csv"]:
        if r["type"] == "HOSTS":
            assert kind_of[r["target"]] in platforms
        elif r["type"] == "OPERATES":
            target = kind_of[r["target"]]
            assert target in CARRIERS or target.endswith("Fund") or target == "Park"
        elif r["type"] == "SPUN_OFF_FROM":
            assert kind_of[r["target"]] in {"University", "ResearchInstitute"}


@pytest.mark.parametrize(("orgs", "parks"), [(100, None), (1000, 0), (1000, 100)])
def test_bad_sizes_are_rejected(tmp_path: Path, orgs: int, parks: int | None) -> None:
    with pytest.raises(InputError):
        generate(tmp_path, orgs=orgs, parks=parks)


def test_synth_command_passes_the_density_and_prints_the_relation_count(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--orgs", "600", "--seed", "4",
                                 "--relations-per-org", "3", "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    report = generate(tmp_path / "lib", orgs=600, seed=4, relations_per_org=3)
    assert (tmp_path / "cli" / "relations.csv").read_bytes() == (
        tmp_path / "lib" / "relations.csv").read_bytes()
    assert f"{report.files['relations.csv']:,} relations ({report.relations_per_org:.2f} per " \
        "organisation)" in " ".join(result.output.split())
    bad = runner.invoke(app, ["synth", "--orgs", "600", "--relations-per-org", "0.2",
                              "--out", str(tmp_path / "bad")])
    assert bad.exit_code != 0
    assert isinstance(bad.exception, InputError)
    assert "relations_per_org must be between" in str(bad.exception)
