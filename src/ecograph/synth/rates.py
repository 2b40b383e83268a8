"""Rates and shares the generator draws from, each with where it comes from.

``docs/synth.md`` explains every figure; the short tag in each comment says
whether it is derived from a seed document (``seed:`` + file) or an
assumption (``assumption``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = [
    "CARRIER_LEVELS",
    "DEFAULT_RELATIONS_PER_ORG",
    "EVENTS",
    "EVENT_KINDS",
    "FIXED_RELATIONS_PER_ORG",
    "GRADUATION",
    "HANDOFF_GAP_DAYS",
    "IN_PARK_SHARE",
    "NON_ENTERPRISE_SHARES",
    "PARK_FUNDS",
    "PLATFORM_LEVELS",
    "QUALIFICATION",
    "QUALIFICATION_HISTORY",
    "REF_DATE",
    "RELOCATION",
    "REVENUE_PER_EMPLOYEE",
    "STATS",
    "SUB_PARK_SHARE",
    "TECH_CONTRACTS",
    "TECH_CONTRACT_KINDS",
]

#: Relation rows per organisation at the default density: a 100k package has
#: about 500k relations (the benchmark size of issues 2-4; assumption).
DEFAULT_RELATIONS_PER_ORG = 5.0
#: Rows per organisation that do not scale with the density: incubation stays,
#: hosting, operating and spin-offs (measured at 100k, seed 20240601).
FIXED_RELATIONS_PER_ORG = 0.37

#: The synthetic world's "today": stays ending after it are still active.
REF_DATE = date(2024, 12, 31)

#: Share of organisations located in some park; the rest form the reference
#: region (assumption).
IN_PARK_SHARE = 0.6
#: Share of a top park's organisations placed in each of its sub-parks (assumption).
SUB_PARK_SHARE = 0.12

#: Share of all organisations per non-enterprise type. Universities : institutes
#: follow 753 : 2415 and incubators : makerspaces 1354 : 1021 (seed: 004, 2015
#: statistics of the 146 national high-tech zones); absolute shares, platforms,
#: funds, accelerators and service providers are assumptions.
NON_ENTERPRISE_SHARES: dict[str, float] = {
    "University": 0.006,
    "ResearchInstitute": 0.019,
    "NewRDInstitution": 0.005,
    "KeyLaboratory": 0.006,
    "TechnologyInnovationCenter": 0.003,
    "EngineeringResearchCenter": 0.005,
    "ManufacturingInnovationCenter": 0.002,
    "EnterpriseTechnologyCenter": 0.008,
    "PublicServicePlatform": 0.003,
    "PilotPlatform": 0.003,
    "Makerspace": 0.009,
    "Incubator": 0.012,
    "Accelerator": 0.005,
    "GovernmentGuidanceFund": 0.002,
    "IndustryFund": 0.003,
    "VentureCapitalFund": 0.007,
    "AngelFund": 0.003,
    "ServiceProvider": 0.03,
    "GovernmentAgency": 0.002,
}

#: Revenue per employee, 万元: 25.37万亿元 / 1719万 employees in 2015
#: (seed: 004) = 147.6; drawn lognormal around it (spread is an assumption).
REVENUE_PER_EMPLOYEE = 147.6

#: Qualification probabilities for park enterprises; outside parks the
#: high-tech and 专精特新 rates are halved. High-tech ≈ 1/3: the 30 % / 35 %
#: targets for characteristic / innovative parks (seed: 001, 附1) and 31,160
#: high-tech firms in national zones in 2015 (seed: 004). The gradient
#: (专精特新 → 小巨人, 瞪羚, 独角兽, 单项冠军) follows seed: 002; its numbers are
#: assumptions.
QUALIFICATION: dict[str, float] = {
    "HighTechEnterprise": 0.33,
    "HighTechEnterpriseAnchor": 0.85,
    "TechSME": 0.45,
    "SpecializedSME": 0.07,
    "LittleGiantOfSpecialized": 0.15,
    "Gazelle": 0.08,
    "Unicorn": 0.002,
    "ManufacturingChampionAnchor": 0.12,
    "ListedAnchor": 0.5,
    "ListedLarge": 0.08,
    "ListedSmall": 0.002,
    "TechSMECandidate": 0.2,
}

#: Level mix of carriers and platforms (assumption).
CARRIER_LEVELS: tuple[tuple[str, float], ...] = (
    ("national", 0.15), ("provincial", 0.3), ("municipal", 0.4), ("other", 0.15))
PLATFORM_LEVELS: tuple[tuple[str, float], ...] = (
    ("national", 0.12), ("provincial", 0.38), ("municipal", 0.35), ("other", 0.15))

#: Per carrier stage: median dwell days, graduation probability among ended
#: stays (assumptions; the 众创空间 → 孵化器 → 加速器 chain is seed: 000 §6.3 and
#: seed: 004).
GRADUATION: dict[str, tuple[float, float]] = {
    "Makerspace": (420.0, 0.6),
    "Incubator": (900.0, 0.65),
    "Accelerator": (720.0, 0.75),
}
#: A handoff starts the next stay within 365 days (metrics.md); most gaps
#: fall in ``HANDOFF_GAP_DAYS``, one in twelve later (assumption).
HANDOFF_GAP_DAYS = (0, 300)

#: Qualification histories (``synth/qualifications.py``; all assumptions, see
#: docs/synth.md "Qualification histories"): ``innovative_sme``: share of small
#: firms on the gradient that also hold 创新型中小企业; ``techsme_above_band``:
#: share of non-high-tech firms of ≤ 500 employees above 2 亿元 still on the
#: TechSME list; ``techsme_before_hte``: share of small high-tech firms (first
#: recognised 2018 or later) that were TechSME before; ``lapsed_*``: firms
#: whose qualification lapsed (not renewed); ``champion_in_park`` and
#: ``unicorn_in_park``: extra 单项冠军 among park anchors and 独角兽 among
#: park high-tech firms of 150+ employees founded since 2012.
QUALIFICATION_HISTORY: dict[str, float] = {
    "innovative_sme": 0.4,
    "techsme_above_band": 0.6,
    "techsme_before_hte": 0.5,
    "lapsed_hte": 0.06,
    "lapsed_techsme": 0.06,
    "lapsed_specialized": 0.02,
    "champion_in_park": 0.5,
    "unicorn_in_park": 0.5,
}

#: Firm-year statistics (``synth/firm_stats.py``; assumptions unless tagged):
#: ``prev_year``: chance that a firm founded before 2024 also reports 2023
#: (the others have one year only, so the two-year revenue test is unknown);
#: ``third_year``: chance of a 2022 row too; ``growth``: mean log revenue
#: growth per year and its spread; ``rd_staff_hte``: R&D staff share of
#: high-tech firms (at least 10 %, as the high-tech recognition rules require);
#: ``patents_per_rd_staff``: invention patents granted per R&D worker and year.
STATS: dict[str, float] = {
    "prev_year": 0.88,
    "third_year": 0.25,
    "growth_mean": 0.1,
    "growth_sd": 0.18,
    "rd_staff_hte_low": 0.1,
    "rd_staff_hte_high": 0.35,
    "rd_staff_low": 0.02,
    "rd_staff_high": 0.2,
    "patents_per_rd_staff_hte": 0.06,
    "patents_per_rd_staff": 0.02,
}

#: Firms incubated in another park than their own (``incubation.reroute``;
#: assumptions): share of their ``exited`` stays recorded as ``relocated``
#: (moved away before graduating), and share of their makerspace or incubator
#: graduates taken on by a next-stage carrier of their own park;
#: ``leaves``: share of makerspace or incubator graduates of a park's own
#: carriers, with no successor there, who move to another top park and enter
#: a next-stage carrier there (the leakage "Incubation chain…" must show).
RELOCATION: dict[str, float] = {"relocated": 0.6, "outside_handoff": 0.7, "leaves": 0.1}

#: Technology contracts (``synth/contracts.py``; assumptions): chance that a
#: high-tech firm / anchor / other firm sells contracts, share of buyers in the
#: seller's own park, median amount (万元) and log spread.
TECH_CONTRACTS: dict[str, float] = {
    "hte_seller": 0.12, "anchor_seller": 0.5, "firm_seller": 0.02,
    "buyer_local": 0.55, "median_amount": 60.0, "amount_sigma": 1.3,
}
#: The five kinds of 技术合同: weight among contracts and amount factor
#: (technical services and development dominate the national statistics;
#: the figures are assumptions).
TECH_CONTRACT_KINDS: dict[str, tuple[float, float]] = {
    "development": (0.38, 1.5), "transfer": (0.1, 2.0), "licensing": (0.08, 1.5),
    "consulting": (0.12, 0.3), "service": (0.32, 0.6),
}

#: Multi-party collaboration events (``synth/events.py``; assumptions): chance
#: that an anchor / high-tech firm / other firm leads events, chance of a second
#: knowledge partner, of another firm, of a government participant per kind,
#: and median amounts (万元) of projects and labs.
EVENTS: dict[str, Any] = {
    "anchor": 0.8, "high_tech": 0.15, "other": 0.03,
    "second_knowledge": 0.3, "other_firm": 0.45,
    "government": {"joint_project": 0.5, "joint_lab": 0.3, "joint_patent": 0.0,
                   "co_publication": 0.0},
    "project_median": 300.0, "lab_median": 500.0,
}
#: Event kinds and their weights.
EVENT_KINDS: dict[str, float] = {
    "joint_patent": 0.35, "joint_project": 0.35, "co_publication": 0.15, "joint_lab": 0.15,
}

#: Park + fund (``synth/funds.py``; assumptions): funds per top park linked by
#: ``SERVES_PARK`` (uniform between the bounds), share of those ties ended,
#: share of firms in residence acquired.
PARK_FUNDS: dict[str, float] = {
    "serving_low": 2, "serving_high": 4, "ended": 0.25, "acquired_resident": 0.12,
}
