"""Parks of a synthetic ecosystem and each park's plan over its leading chains.

Three flagship parks always come first (the demo's parks); more are generated
as the package grows. Each top park leads at most three chains (工业园区高质量
发展指引) and plans, per chain, which segments it lacks (``missing``), holds
with a single firm (``weak``) or holds well (``present``, with a weight).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ecograph.synth.chains import ChainMap
from ecograph.synth.names import park_place, place_en

__all__ = ["CITIES", "ParkSpec", "SegmentPlan", "build_parks", "park_name_en", "plan_segments",
           "tier_category"]

#: Real provinces and cities; the parks placed in them are fictional.
CITIES: tuple[tuple[str, str], ...] = (
    ("湖北省", "武汉"), ("安徽省", "合肥"), ("江苏省", "无锡"), ("江苏省", "苏州"),
    ("广东省", "深圳"), ("四川省", "成都"), ("浙江省", "杭州"), ("陕西省", "西安"),
    ("山东省", "济南"), ("湖南省", "长沙"), ("福建省", "厦门"), ("河南省", "郑州"),
    ("辽宁省", "沈阳"), ("重庆市", "重庆"), ("天津市", "天津"), ("上海市", "上海"),
    ("北京市", "北京"), ("江西省", "南昌"), ("广西壮族自治区", "南宁"), ("吉林省", "长春"),
)


@dataclass(frozen=True, slots=True)
class ParkSpec:
    """One park row plus the generator's own fields (top park, focus, weight)."""

    id: str
    name: str
    kind: str
    level: str
    province: str
    city: str
    parent: str
    area_km2: float
    top: int
    chains: tuple[str, ...]
    focus: str
    weight: float


@dataclass(frozen=True, slots=True)
class SegmentPlan:
    """A top park's plan for one leading chain."""

    missing: tuple[str, ...]
    weak: tuple[str, ...]
    present: tuple[str, ...]
    weights: tuple[float, ...]


_FLAGSHIPS: tuple[tuple[str, str, str, str, int, float, tuple[str, ...], float], ...] = (
    ("P-YH", "云湖高新技术产业开发区", "HighTechZone", "national", 0, 518.06,
     ("nev", "ic", "biomed"), 2.4),
    ("P-JK", "江口经济技术开发区", "EconomicDevelopmentZone", "national", 1, 236.5, ("nev",), 1.0),
    ("P-XS", "西山集成电路与生物医药特色产业园", "CharacteristicPark", "provincial", 2, 12.8,
     ("ic", "biomed"), 0.8),
)
_FLAGSHIP_SUBS: tuple[tuple[str, str, str, str, float, str], ...] = (
    ("P-YH-IC", "云湖芯谷集成电路产业园", "CharacteristicPark", "provincial", 6.2, "ic"),
    ("P-YH-BIO", "云湖生物医药特色产业园", "CharacteristicPark", "provincial", 8.9, "biomed"),
    ("P-YH-SP", "云湖大学科技园", "SciencePark", "national", 1.6, ""),
)
_KIND_MIX = (("HighTechZone", 0.45), ("EconomicDevelopmentZone", 0.3),
             ("IndustrialPark", 0.1), ("CharacteristicPark", 0.15))
_KIND_ZH = {"HighTechZone": "高新技术产业开发区", "EconomicDevelopmentZone": "经济技术开发区",
            "IndustrialPark": "工业园区", "CharacteristicPark": "特色产业园",
            "SciencePark": "大学科技园"}
_CHAIN_ZH = {"nev": "新能源汽车", "ic": "集成电路", "biomed": "生物医药"}


#: English names of the flagship parks (the demo's); generated parks have none.
_NAMES_EN = {
    "P-YH": "Yunhu High-tech Industrial Development Zone",
    "P-JK": "Jiangkou Economic and Technological Development Zone",
    "P-XS": "Xishan IC and Biomedicine Characteristic Park",
    "P-YH-IC": "Yunhu Chip Valley IC Park",
    "P-YH-BIO": "Yunhu Biomedicine Characteristic Park",
    "P-YH-SP": "Yunhu University Science Park",
}
#: The 2013 category (seed 001) a park of each kind is measured against.
_TIER_OF_KIND = {"HighTechZone": "innovative", "CharacteristicPark": "characteristic"}


#: English forms of the name parts of generated parks, longest first.
_PARTS_EN: tuple[tuple[str, str], ...] = (
    ("高新技术产业开发区", " High-tech Industrial Development Zone"),
    ("经济技术开发区", " Economic and Technological Development Zone"),
    ("特色产业园", " Characteristic Park"), ("大学科技园", " University Science Park"),
    ("工业园区", " Industrial Park"), ("新能源汽车", " NEV"), ("集成电路", " IC"),
    ("生物医药", " Biomedicine"), ("东区", " East"), ("西区", " West"), ("南区", " South"),
    ("北区", " North"),
)


def park_name_en(park_id: str, name: str = "", place: str = "") -> str:
    """English name of a park: the flagships' own, else built from ``name``'s parts.

    ``place`` is the place word the generated name starts with.

    Examples
    --------
    >>> park_name_en("P-JK")
    'Jiangkou Economic and Technological Development Zone'
    >>> park_name_en("P-007", "翠屏集成电路特色产业园", "翠屏")
    'Cuiping IC Characteristic Park'
    >>> park_name_en("P-007")
    ''
    """
    if park_id in _NAMES_EN or not name:
        return _NAMES_EN.get(park_id, "")
    rest = name[len(place):] if place and name.startswith(place) else name
    for zh, en in _PARTS_EN:
        rest = rest.replace(zh, en)
    return (place_en(place) + rest).strip() if place else rest.strip()


def tier_category(kind: str) -> str:
    """The ``tier_category`` of a park of ``kind`` ("" when none applies).

    Examples
    --------
    >>> tier_category("HighTechZone"), tier_category("IndustrialPark")
    ('innovative', '')
    """
    return _TIER_OF_KIND.get(kind, "")


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def build_parks(rng: random.Random, n_top: int, chain_map: ChainMap) -> list[ParkSpec]:
    """Return ``n_top`` top parks (flagships first) followed by their sub-parks.

    Examples
    --------
    >>> from ecograph.synth.chains import load_chain_maps
    >>> parks = build_parks(random.Random(1), 3, load_chain_maps())
    >>> [p.id for p in parks]
    ['P-YH', 'P-JK', 'P-XS', 'P-YH-IC', 'P-YH-BIO', 'P-YH-SP']
    >>> parks[3].parent, parks[3].top
    ('P-YH', 0)
    """
    tops: list[ParkSpec] = []
    subs: list[ParkSpec] = []
    for pid, name, kind, level, city_i, area, chains, weight in _FLAGSHIPS[:n_top]:
        province, city = CITIES[city_i]
        tops.append(ParkSpec(pid, name, kind, level, province, city, "", area,
                             len(tops), chains, "", weight))
    if n_top >= 1:
        top = tops[0]
        for pid, name, kind, level, area, focus in _FLAGSHIP_SUBS:
            subs.append(ParkSpec(pid, name, kind, level, top.province, top.city, top.id,
                                 area, 0, top.chains, focus, 0.0))
    for index in range(len(tops), n_top):
        kind = _pick(rng, _KIND_MIX)
        province, city = CITIES[rng.randrange(len(CITIES))]
        n_chains = rng.choices((1, 2, 3), weights=(0.4, 0.4, 0.2))[0]
        chains = tuple(sorted(rng.sample(chain_map.chains, min(n_chains, len(chain_map.chains)))))
        place = park_place(index)
        if kind == "CharacteristicPark":
            name = f"{place}{_CHAIN_ZH.get(chains[0], '')}{_KIND_ZH[kind]}"
        else:
            name = f"{place}{_KIND_ZH[kind]}"
        level = rng.choice(("national", "provincial")) if kind != "IndustrialPark" else "municipal"
        area = round({"HighTechZone": rng.uniform(60, 600), "EconomicDevelopmentZone":
                      rng.uniform(20, 300)}.get(kind, rng.uniform(1.5, 25)), 2)
        pid = f"P-{index:03d}"
        top = ParkSpec(pid, name, kind, level, province, city, "", area, index, chains, "",
                       round(rng.lognormvariate(0.0, 0.7), 4))
        tops.append(top)
        n_sub = rng.choice((0, 1, 2, 3)) if kind in ("HighTechZone",
                                                     "EconomicDevelopmentZone") else 0
        for j in range(n_sub):
            focus = chains[j] if j < len(chains) else ""
            if focus:
                sub_kind = "CharacteristicPark"
                sub_name = f"{place}{_CHAIN_ZH.get(focus, '')}{_KIND_ZH[sub_kind]}"
            elif j == len(chains):
                sub_kind = "SciencePark"
                sub_name = f"{place}{_KIND_ZH[sub_kind]}"
            else:
                sub_kind = "IndustrialPark"
                sub_name = f"{place}{'东西南北'[j]}区{_KIND_ZH[sub_kind]}"
            subs.append(ParkSpec(f"{pid}-{j + 1}", sub_name, sub_kind, "provincial", province,
                                 city, pid, round(rng.uniform(0.8, 12), 2), index, chains,
                                 focus, 0.0))
    return tops + subs


def plan_segments(rng: random.Random, chain_map: ChainMap, chain: str) -> SegmentPlan:
    """Plan one chain of one park: about 15 % missing, 12 % weak, the rest present.

    Every chain with four or more segments gets at least one missing and one
    weak segment (parks rarely hold a whole chain; the demo shows gaps).

    Examples
    --------
    >>> from ecograph.synth.chains import load_chain_maps
    >>> plan = plan_segments(random.Random(0), load_chain_maps(), "nev")
    >>> len(plan.missing) >= 1 and len(plan.weak) >= 1
    True
    """
    ids = [s.id for s in chain_map.of_chain(chain)]
    rng.shuffle(ids)
    n = len(ids)
    n_missing = max(1, round(0.15 * n)) if n >= 4 else 0
    n_weak = max(1, round(0.12 * n)) if n >= 4 else 0
    missing = tuple(sorted(ids[:n_missing]))
    weak = tuple(sorted(ids[n_missing:n_missing + n_weak]))
    present = tuple(sorted(ids[n_missing + n_weak:]))
    weights = tuple(round(rng.gammavariate(1.5, 1.0) + 0.2, 4) for _ in present)
    if n >= 4:
        extra = _distant_pair(chain_map, chain, set(missing))
        if extra and len(weak) - len(extra & set(weak)) >= 1:
            missing = tuple(sorted(set(missing) | extra))
            weak = tuple(s for s in weak if s not in extra)
            kept = [(s, w) for s, w in zip(present, weights, strict=True) if s not in extra]
            present, weights = tuple(s for s, _ in kept), tuple(w for _, w in kept)
    return SegmentPlan(missing, weak, present, weights)


def _distant_pair(chain_map: ChainMap, chain: str, missing: set[str]) -> set[str]:
    """Segments to add to ``missing`` so that one missing segment has no held neighbour.

    A 远链 gap (metrics.md section 1) is a missing segment whose ``FEEDS``
    neighbours are all missing too. If the plan has none, take a leaf of the
    chain map (one neighbour), preferring one already missing, and plan its
    neighbour missing as well. No draw is made, so the plan stays reproducible.

    Examples
    --------
    >>> from ecograph.synth.chains import load_chain_maps
    >>> sorted(_distant_pair(load_chain_maps(), "biomed", set()))
    ['biomed.herbal_pieces', 'biomed.tcm']
    >>> _distant_pair(load_chain_maps(), "biomed", {"biomed.herbal_pieces", "biomed.tcm"})
    set()
    """
    segments = chain_map.of_chain(chain)
    near: dict[str, set[str]] = {seg.id: set() for seg in segments}
    for seg in segments:
        for target in seg.feeds:
            if target in near:
                near[seg.id].add(target)
                near[target].add(seg.id)
    if any(near[s] and near[s] <= missing for s in missing if s in near):
        return set()
    leaves = sorted(s for s, others in near.items() if len(others) == 1)
    if not leaves:
        return set()
    leaf = next((s for s in leaves if s in missing), leaves[0])
    return {leaf, *near[leaf]} - missing
