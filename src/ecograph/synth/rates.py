"""Rates and shares the generator draws from, each with where it comes from.

``docs/synth.md`` explains every figure; the short tag in each comment says
whether it is derived from a seed document (``seed:`` + file) or an
assumption (``assumption``).
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "CARRIER_LEVELS",
    "DEFAULT_RELATIONS_PER_ORG",
    "FIXED_RELATIONS_PER_ORG",
    "GRADUATION",
    "HANDOFF_GAP_DAYS",
    "IN_PARK_SHARE",
    "NON_ENTERPRISE_SHARES",
    "PLATFORM_LEVELS",
    "QUALIFICATION",
    "REF_DATE",
    "REVENUE_PER_EMPLOYEE",
    "SUB_PARK_SHARE",
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
