"""The gradient tiers (梯度培育) and the high-tech enterprise R&D bands.

Tiers, lowest first (metrics.md section 3): 创新型中小企业 ``InnovativeSME`` →
科技型中小企业 ``TechSME`` → 高新技术企业 ``HighTechEnterprise`` → 专精特新
``SpecializedSME`` → 专精特新"小巨人" ``LittleGiant`` → 制造业单项冠军
``ManufacturingChampion``. Growth labels: 瞪羚 ``Gazelle``, 独角兽 ``Unicorn``;
and 上市 ``Listed``.

R&D intensity threshold of a high-tech enterprise by revenue band (latest
year's revenue, 万元), as metrics.md section 3 states it:

- revenue **below** 5,000 万元: 5 %;
- 5,000 万元 up to and including 2 亿元 (20,000 万元): 4 %;
- **above** 2 亿元: 3 %.

So 4,999 is in the 5 % band, 5,000 and 20,000 in the 4 % band, 20,001 in the
3 % band. The 高新技术企业认定管理办法 (2016, art. 11) is not among the seeds
in ``/work/shared/seeds``; its wording "小于5,000万元（含）" would put 5,000
itself in the 5 % band (20,000 stays in the 4 % band: "5,000万元至2亿元（含）").
The boundaries follow the spec; :data:`RD_BANDS` is the one place to change them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GROWTH_LABELS", "LABELS", "LISTED", "RD_BANDS", "TIERS", "TIER_NAMES", "RdBand",
           "rd_band", "tier_rank"]

TIERS: tuple[str, ...] = ("InnovativeSME", "TechSME", "HighTechEnterprise", "SpecializedSME",
                          "LittleGiant", "ManufacturingChampion")
GROWTH_LABELS: tuple[str, ...] = ("Gazelle", "Unicorn")
LISTED = "Listed"
#: Every qualification the gradient counts, in display order.
LABELS: tuple[str, ...] = (*TIERS, *GROWTH_LABELS, LISTED)
TIER_NAMES: dict[str, str] = {
    "InnovativeSME": "创新型中小企业", "TechSME": "科技型中小企业",
    "HighTechEnterprise": "高新技术企业", "SpecializedSME": "专精特新中小企业",
    "LittleGiant": "专精特新“小巨人”", "ManufacturingChampion": "制造业单项冠军",
    "Gazelle": "瞪羚企业", "Unicorn": "独角兽企业", "Listed": "上市企业",
}


@dataclass(frozen=True, slots=True)
class RdBand:
    """A revenue band (万元) up to ``upper`` (``upper_inclusive`` says whether it is in it;
    None: unbounded) and its R&D intensity threshold."""

    name: str
    upper: float | None
    upper_inclusive: bool
    threshold: float


#: Revenue bands, lowest first, and their R&D intensity thresholds (see the module docstring).
RD_BANDS: tuple[RdBand, ...] = (
    RdBand("<5000万", 5000.0, False, 0.05),
    RdBand("5000万–2亿", 20000.0, True, 0.04),
    RdBand(">2亿", None, False, 0.03),
)


def rd_band(revenue: float) -> RdBand:
    """Return the band of ``revenue`` (万元): the first whose upper bound it does not pass.

    Examples
    --------
    >>> [(r, rd_band(r).threshold) for r in (4999, 5000, 20000, 20001)]
    [(4999, 0.05), (5000, 0.04), (20000, 0.04), (20001, 0.03)]
    """
    for band in RD_BANDS:
        if band.upper is None or revenue < band.upper or (
                band.upper_inclusive and revenue == band.upper):
            return band
    return RD_BANDS[-1]


def tier_rank(qualification: str) -> int | None:
    """Position of a tier on the ladder (0 lowest); None for labels that are not tiers.

    Examples
    --------
    >>> tier_rank("TechSME"), tier_rank("LittleGiant"), tier_rank("Gazelle")
    (1, 4, None)
    """
    return TIERS.index(qualification) if qualification in TIERS else None
