"""Plausible but fictional organisation and park names (Chinese, some English).

Names are built from syllable tables, never from a list of real companies:
a fictional place word (云湖, 青禾, …), a brand word (睿驰, 博远, …) and the
field of the organisation. Every function draws only from the ``random.Random``
it is given, so names are reproducible.
"""

from __future__ import annotations

import random

__all__ = [
    "PLACES",
    "agency_name",
    "carrier_name",
    "enterprise_name",
    "fund_name",
    "institute_name",
    "park_place",
    "platform_name",
    "service_name",
    "university_name",
]

#: Fictional place words for parks, universities and institutes.
PLACES: tuple[str, ...] = (
    "云湖", "江口", "西山", "青禾", "南溪", "北岭", "东澜", "金沙", "临川", "白鹭",
    "翠屏", "丹霞", "星河", "银杉", "玉泉", "松岗", "枫林", "梧桐", "清源", "明湖",
    "望江", "凤鸣", "龙湾", "鹤山", "紫荆", "蓝田", "桃源", "柳溪", "澄湾", "汇川",
)
_BRAND_A = "睿博华瑞恒鼎晟芯源泰德峰领启卓智拓远新宏嘉创锐昇越航铭致宸"
_BRAND_B = "驰远科达新联盛安图微迈道衡能合诚信通达辰翔域擎腾耀泽澜"
_EN_A = ("Nova", "Lumi", "Vertex", "Aster", "Helio", "Quanta", "Orbi", "Cyra", "Zeni", "Kora")
_EN_B = ("tek", "gen", "wave", "core", "path", "lyn", "mira", "volt", "sys", "bio")
_FIELD_ZH: dict[str, tuple[str, ...]] = {
    "nev": ("新能源", "动力", "电驱", "储能", "智行", "锂电"),
    "ic": ("微电子", "半导体", "芯片", "集成电路", "芯科", "光电"),
    "biomed": ("生物", "医药", "基因", "医疗", "生命科学", "药业"),
    "": ("信息", "智能", "精密", "材料", "数字", "环境"),
}
_FIELD_EN = {"nev": "Power", "ic": "Semiconductor", "biomed": "Biotech", "": "Technology"}
_ENT_SUFFIX = ("科技有限公司", "技术有限公司", "股份有限公司", "有限公司", "科技股份有限公司")
_UNI_KIND = ("理工大学", "科技大学", "大学", "工业大学", "师范大学", "医科大学")
_INST_FIELD = ("先进材料", "能源", "微电子", "生物医药", "智能制造", "信息技术", "精密仪器")


def brand(rng: random.Random) -> str:
    """Return a two-character fictional brand word.

    Examples
    --------
    >>> len(brand(random.Random(1)))
    2
    """
    return rng.choice(_BRAND_A) + rng.choice(_BRAND_B)


def park_place(index: int) -> str:
    """Return a unique place word for the ``index``-th park (two or four characters).

    Examples
    --------
    >>> park_place(0), park_place(30)
    ('云湖', '云湖江口')
    """
    n = len(PLACES)
    if index < n:
        return PLACES[index]
    first, second = divmod(index - n, n)
    return PLACES[first % n] + PLACES[(second + 1 + first) % n] + ("" if index < n * (n + 1)
                                                                    else str(index))


def enterprise_name(rng: random.Random, chain: str, city: str) -> str:
    """Return an enterprise name; about one in sixteen is an English (foreign-invested) name.

    Examples
    --------
    >>> enterprise_name(random.Random(3), "nev", "合肥").endswith(("公司", "Ltd."))
    True
    """
    if rng.random() < 0.0625:
        return (f"{rng.choice(_EN_A)}{rng.choice(_EN_B)} {_FIELD_EN.get(chain, 'Technology')}"
                f" ({city}) Co., Ltd.")
    field = rng.choice(_FIELD_ZH.get(chain, _FIELD_ZH[""]))
    return f"{city}{brand(rng)}{field}{rng.choice(_ENT_SUFFIX)}"


def university_name(rng: random.Random, place: str) -> str:
    """Return a fictional university name.

    Examples
    --------
    >>> university_name(random.Random(0), "云湖").startswith("云湖")
    True
    """
    return f"{place}{rng.choice(_UNI_KIND)}"


def institute_name(rng: random.Random, place: str, new_rd: bool) -> str:
    """Return a research institute (or new R&D institution) name.

    Examples
    --------
    >>> institute_name(random.Random(0), "青禾", True).endswith("产业技术研究院")
    True
    """
    field = rng.choice(_INST_FIELD)
    return f"{place}{field}产业技术研究院" if new_rd else f"{place}{field}研究所"


_PLATFORM_SUFFIX = {
    "KeyLaboratory": "重点实验室",
    "TechnologyInnovationCenter": "技术创新中心",
    "EngineeringResearchCenter": "工程研究中心",
    "ManufacturingInnovationCenter": "制造业创新中心",
    "EnterpriseTechnologyCenter": "企业技术中心",
    "PublicServicePlatform": "公共服务平台",
    "PilotPlatform": "中试与概念验证平台",
}
_CARRIER_SUFFIX = {
    "Makerspace": "众创空间", "Incubator": "科技企业孵化器", "Accelerator": "企业加速器",
}
_FUND_SUFFIX = {
    "GovernmentGuidanceFund": "产业引导基金",
    "IndustryFund": "产业投资基金",
    "VentureCapitalFund": "创业投资基金",
    "AngelFund": "天使投资基金",
}
_SERVICE = ("知识产权代理有限公司", "检验检测技术有限公司", "技术转移服务有限公司",
            "科技咨询有限公司", "会计师事务所", "律师事务所", "人力资源服务有限公司")


def platform_name(rng: random.Random, kind: str, place: str, chain: str) -> str:
    """Return a platform name for the platform class ``kind``.

    Examples
    --------
    >>> platform_name(random.Random(0), "KeyLaboratory", "云湖", "ic").endswith("重点实验室")
    True
    """
    field = rng.choice(_FIELD_ZH.get(chain, _FIELD_ZH[""]))
    return f"{place}{brand(rng)}{field}{_PLATFORM_SUFFIX[kind]}"


def carrier_name(rng: random.Random, kind: str, place: str) -> str:
    """Return a makerspace, incubator or accelerator name.

    Examples
    --------
    >>> carrier_name(random.Random(0), "Accelerator", "江口").endswith("企业加速器")
    True
    """
    return f"{place}{brand(rng)}{_CARRIER_SUFFIX[kind]}"


def fund_name(rng: random.Random, kind: str, place: str) -> str:
    """Return a fund name; some venture funds get an English name.

    Examples
    --------
    >>> fund_name(random.Random(0), "GovernmentGuidanceFund", "西山").endswith("引导基金")
    True
    """
    if kind == "VentureCapitalFund" and rng.random() < 0.25:
        return f"{rng.choice(_EN_A)}{rng.choice(_EN_B)} Ventures Fund {rng.randint(1, 5)}"
    owner = place if kind == "GovernmentGuidanceFund" else brand(rng)
    return f"{owner}{_FUND_SUFFIX[kind]}"


def service_name(rng: random.Random, city: str) -> str:
    """Return a service provider name.

    Examples
    --------
    >>> service_name(random.Random(0), "成都").startswith("成都")
    True
    """
    return f"{city}{brand(rng)}{rng.choice(_SERVICE)}"


def agency_name(rng: random.Random, city: str) -> str:
    """Return the name of a city government agency (outside any park).

    Examples
    --------
    >>> agency_name(random.Random(0), "西安").endswith("局")
    True
    """
    return f"{city}市{rng.choice(('科学技术局', '工业和信息化局', '商务局'))}"
