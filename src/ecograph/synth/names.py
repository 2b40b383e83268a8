"""Plausible but fictional organisation and park names, in Chinese and English.

Names are built from syllable tables, never from a list of real companies:
a fictional place word (云湖, 青禾, …), a brand word (睿驰, 博远, …) and the
field of the organisation. Each function returns a :class:`Name`, the Chinese
name and an English one built from the same parts (pinyin for place and brand
words, a translation for the field and the legal form), so that
"武汉睿驰锂电科技有限公司" reads "Wuhan Ruichi Lithium Battery Technology Co., Ltd.".
Every function draws only from the ``random.Random`` it is given, so names are
reproducible.
"""

from __future__ import annotations

import random
from typing import NamedTuple

__all__ = [
    "PLACES",
    "Name",
    "agency_name",
    "carrier_name",
    "city_en",
    "enterprise_name",
    "fund_name",
    "institute_name",
    "park_place",
    "pinyin",
    "place_en",
    "platform_name",
    "service_name",
    "university_name",
]


class Name(NamedTuple):
    """A Chinese name and its English form."""

    zh: str
    en: str


#: Fictional place words for parks, universities and institutes, with their pinyin.
_PLACE_PINYIN: dict[str, str] = {
    "云湖": "Yunhu", "江口": "Jiangkou", "西山": "Xishan", "青禾": "Qinghe", "南溪": "Nanxi",
    "北岭": "Beiling", "东澜": "Donglan", "金沙": "Jinsha", "临川": "Linchuan", "白鹭": "Bailu",
    "翠屏": "Cuiping", "丹霞": "Danxia", "星河": "Xinghe", "银杉": "Yinshan", "玉泉": "Yuquan",
    "松岗": "Songgang", "枫林": "Fenglin", "梧桐": "Wutong", "清源": "Qingyuan", "明湖": "Minghu",
    "望江": "Wangjiang", "凤鸣": "Fengming", "龙湾": "Longwan", "鹤山": "Heshan",
    "紫荆": "Zijing", "蓝田": "Lantian", "桃源": "Taoyuan", "柳溪": "Liuxi", "澄湾": "Chengwan",
    "汇川": "Huichuan",
}
PLACES: tuple[str, ...] = tuple(_PLACE_PINYIN)
_CITY_PINYIN: dict[str, str] = {
    "武汉": "Wuhan", "合肥": "Hefei", "无锡": "Wuxi", "苏州": "Suzhou", "深圳": "Shenzhen",
    "成都": "Chengdu", "杭州": "Hangzhou", "西安": "Xi'an", "济南": "Jinan", "长沙": "Changsha",
    "厦门": "Xiamen", "郑州": "Zhengzhou", "沈阳": "Shenyang", "重庆": "Chongqing",
    "天津": "Tianjin", "上海": "Shanghai", "北京": "Beijing", "南昌": "Nanchang",
    "南宁": "Nanning", "长春": "Changchun",
}
_BRAND_A = "睿博华瑞恒鼎晟芯源泰德峰领启卓智拓远新宏嘉创锐昇越航铭致宸"
_BRAND_B = "驰远科达新联盛安图微迈道衡能合诚信通达辰翔域擎腾耀泽澜"
_SYLLABLE: dict[str, str] = {
    "睿": "rui", "博": "bo", "华": "hua", "瑞": "rui", "恒": "heng", "鼎": "ding",
    "晟": "sheng", "芯": "xin", "源": "yuan", "泰": "tai", "德": "de", "峰": "feng",
    "领": "ling", "启": "qi", "卓": "zhuo", "智": "zhi", "拓": "tuo", "远": "yuan", "新": "xin",
    "宏": "hong", "嘉": "jia", "创": "chuang", "锐": "rui", "昇": "sheng", "越": "yue",
    "航": "hang", "铭": "ming", "致": "zhi", "宸": "chen", "驰": "chi", "科": "ke", "达": "da",
    "联": "lian", "盛": "sheng", "安": "an", "图": "tu", "微": "wei", "迈": "mai", "道": "dao",
    "衡": "heng", "能": "neng", "合": "he", "诚": "cheng", "信": "xin", "通": "tong",
    "辰": "chen", "翔": "xiang", "域": "yu", "擎": "qing", "腾": "teng", "耀": "yao", "泽": "ze",
    "澜": "lan",
}
_EN_A = ("Nova", "Lumi", "Vertex", "Aster", "Helio", "Quanta", "Orbi", "Cyra", "Zeni", "Kora")
_EN_B = ("tek", "gen", "wave", "core", "path", "lyn", "mira", "volt", "sys", "bio")
_FIELD_ZH: dict[str, tuple[str, ...]] = {
    "nev": ("新能源", "动力", "电驱", "储能", "智行", "锂电"),
    "ic": ("微电子", "半导体", "芯片", "集成电路", "芯科", "光电"),
    "biomed": ("生物", "医药", "基因", "医疗", "生命科学", "药业"),
    "": ("信息", "智能", "精密", "材料", "数字", "环境"),
}
_FIELD_WORD_EN: dict[str, str] = {
    "新能源": "New Energy", "动力": "Power", "电驱": "Electric Drive", "储能": "Energy Storage",
    "智行": "Smart Mobility", "锂电": "Lithium Battery", "微电子": "Microelectronics",
    "半导体": "Semiconductor", "芯片": "Chip", "集成电路": "Integrated Circuit",
    "芯科": "Chiptech", "光电": "Optoelectronics", "生物": "Biological", "医药": "Pharmaceutical",
    "基因": "Genetics", "医疗": "Medical", "生命科学": "Life Sciences", "药业": "Pharma",
    "信息": "Information", "智能": "Intelligent", "精密": "Precision", "材料": "Materials",
    "数字": "Digital", "环境": "Environmental",
}
_FIELD_EN = {"nev": "Power", "ic": "Semiconductor", "biomed": "Biotech", "": "Technology"}
_ENT_SUFFIX: tuple[tuple[str, str], ...] = (
    ("科技有限公司", "Technology Co., Ltd."), ("技术有限公司", "Technologies Co., Ltd."),
    ("股份有限公司", "Corporation Limited"), ("有限公司", "Co., Ltd."),
    ("科技股份有限公司", "Technology Corporation Limited"),
)
_UNI_KIND: tuple[tuple[str, str], ...] = (
    ("理工大学", "{} Institute of Technology"),
    ("科技大学", "{} University of Science and Technology"),
    ("大学", "{} University"), ("工业大学", "{} University of Technology"),
    ("师范大学", "{} Normal University"), ("医科大学", "{} Medical University"),
)
_INST_FIELD: tuple[tuple[str, str], ...] = (
    ("先进材料", "Advanced Materials"), ("能源", "Energy"), ("微电子", "Microelectronics"),
    ("生物医药", "Biomedicine"), ("智能制造", "Intelligent Manufacturing"),
    ("信息技术", "Information Technology"), ("精密仪器", "Precision Instruments"),
)


def pinyin(word: str) -> str:
    """Return the capitalised pinyin of a place, city or brand word ("" when unknown).

    Syllables are joined without spaces; an apostrophe separates a syllable
    starting with a, o or e (the pinyin rule), so 新安 reads "Xin'an".

    Examples
    --------
    >>> pinyin("云湖"), pinyin("睿驰"), pinyin("华安"), pinyin("西安")
    ('Yunhu', 'Ruichi', "Hua'an", "Xi'an")
    """
    if word in _PLACE_PINYIN:
        return _PLACE_PINYIN[word]
    if word in _CITY_PINYIN:
        return _CITY_PINYIN[word]
    if len(word) == 4 and word[:2] in _PLACE_PINYIN and word[2:] in _PLACE_PINYIN:
        return _PLACE_PINYIN[word[:2]] + _PLACE_PINYIN[word[2:]].lower()
    out = ""
    for char in word:
        syllable = _SYLLABLE.get(char)
        if syllable is None:
            return ""
        out += ("'" if out and syllable[0] in "aoe" else "") + syllable
    return out.capitalize()


def city_en(city: str) -> str:
    """Return the English name of one of the generator's cities.

    Examples
    --------
    >>> city_en("合肥")
    'Hefei'
    """
    return _CITY_PINYIN.get(city, city)


def _brand(rng: random.Random) -> tuple[str, str]:
    word = rng.choice(_BRAND_A) + rng.choice(_BRAND_B)
    return word, pinyin(word)


def brand(rng: random.Random) -> str:
    """Return a two-character fictional brand word.

    Examples
    --------
    >>> len(brand(random.Random(1)))
    2
    """
    return _brand(rng)[0]


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


def place_en(place: str) -> str:
    """Return the English form of a place word, its numeric tail kept.

    Examples
    --------
    >>> place_en("云湖江口"), place_en("云湖江口931")
    ('Yunhujiangkou', 'Yunhujiangkou 931')
    """
    head = place.rstrip("0123456789")
    tail = place[len(head):]
    return (pinyin(head) or head) + (f" {tail}" if tail else "")


def enterprise_name(rng: random.Random, chain: str, city: str) -> Name:
    """Return an enterprise name; about one in sixteen is an English (foreign-invested) name.

    Examples
    --------
    >>> enterprise_name(random.Random(3), "nev", "合肥").zh.endswith(("公司", "Ltd."))
    True
    >>> enterprise_name(random.Random(3), "nev", "合肥").en.startswith("Hefei ")
    True
    """
    if rng.random() < 0.0625:
        name = (f"{rng.choice(_EN_A)}{rng.choice(_EN_B)} {_FIELD_EN.get(chain, 'Technology')}"
                f" ({city_en(city)}) Co., Ltd.")
        return Name(name.replace(f"({city_en(city)})", f"({city})"), name)
    field = rng.choice(_FIELD_ZH.get(chain, _FIELD_ZH[""]))
    word, word_en = _brand(rng)
    suffix, suffix_en = rng.choice(_ENT_SUFFIX)
    return Name(f"{city}{word}{field}{suffix}",
                f"{city_en(city)} {word_en} {_FIELD_WORD_EN[field]} {suffix_en}")


def university_name(rng: random.Random, place: str) -> Name:
    """Return a fictional university name.

    Examples
    --------
    >>> name = university_name(random.Random(0), "云湖")
    >>> name.zh.startswith("云湖"), name.en.startswith("Yunhu ")
    (True, True)
    """
    kind, pattern = rng.choice(_UNI_KIND)
    return Name(f"{place}{kind}", pattern.format(place_en(place)))


def institute_name(rng: random.Random, place: str, new_rd: bool) -> Name:
    """Return a research institute (or new R&D institution) name.

    Examples
    --------
    >>> name = institute_name(random.Random(0), "青禾", True)
    >>> name.zh
    '青禾精密仪器产业技术研究院'
    >>> name.en
    'Qinghe Precision Instruments Industrial Technology Research Institute'
    """
    field, field_en = rng.choice(_INST_FIELD)
    if new_rd:
        return Name(f"{place}{field}产业技术研究院",
                    f"{place_en(place)} {field_en} Industrial Technology Research Institute")
    return Name(f"{place}{field}研究所", f"{place_en(place)} Institute of {field_en}")


_PLATFORM_SUFFIX = {
    "KeyLaboratory": ("重点实验室", "Key Laboratory"),
    "TechnologyInnovationCenter": ("技术创新中心", "Technology Innovation Center"),
    "EngineeringResearchCenter": ("工程研究中心", "Engineering Research Center"),
    "ManufacturingInnovationCenter": ("制造业创新中心", "Manufacturing Innovation Center"),
    "EnterpriseTechnologyCenter": ("企业技术中心", "Enterprise Technology Center"),
    "PublicServicePlatform": ("公共服务平台", "Public Service Platform"),
    "PilotPlatform": ("中试与概念验证平台", "Pilot and Proof-of-Concept Platform"),
}
_CARRIER_SUFFIX = {
    "Makerspace": ("众创空间", "Makerspace"),
    "Incubator": ("科技企业孵化器", "Technology Business Incubator"),
    "Accelerator": ("企业加速器", "Business Accelerator"),
}
_FUND_SUFFIX = {
    "GovernmentGuidanceFund": ("产业引导基金", "Industry Guidance Fund"),
    "IndustryFund": ("产业投资基金", "Industrial Investment Fund"),
    "VentureCapitalFund": ("创业投资基金", "Venture Capital Fund"),
    "AngelFund": ("天使投资基金", "Angel Investment Fund"),
}
_SERVICE: tuple[tuple[str, str], ...] = (
    ("知识产权代理有限公司", "Intellectual Property Agency Co., Ltd."),
    ("检验检测技术有限公司", "Testing and Inspection Technology Co., Ltd."),
    ("技术转移服务有限公司", "Technology Transfer Services Co., Ltd."),
    ("科技咨询有限公司", "Technology Consulting Co., Ltd."),
    ("会计师事务所", "Certified Public Accountants"), ("律师事务所", "Law Firm"),
    ("人力资源服务有限公司", "Human Resources Services Co., Ltd."),
)


def platform_name(rng: random.Random, kind: str, place: str, chain: str) -> Name:
    """Return a platform name for the platform class ``kind``.

    Examples
    --------
    >>> name = platform_name(random.Random(0), "KeyLaboratory", "云湖", "ic")
    >>> name.zh.endswith("重点实验室"), name.en.endswith("Key Laboratory")
    (True, True)
    """
    field = rng.choice(_FIELD_ZH.get(chain, _FIELD_ZH[""]))
    word, word_en = _brand(rng)
    suffix, suffix_en = _PLATFORM_SUFFIX[kind]
    return Name(f"{place}{word}{field}{suffix}",
                f"{place_en(place)} {word_en} {_FIELD_WORD_EN[field]} {suffix_en}")


def carrier_name(rng: random.Random, kind: str, place: str) -> Name:
    """Return a makerspace, incubator or accelerator name.

    Examples
    --------
    >>> carrier_name(random.Random(0), "Accelerator", "江口").en.endswith("Business Accelerator")
    True
    """
    word, word_en = _brand(rng)
    suffix, suffix_en = _CARRIER_SUFFIX[kind]
    return Name(f"{place}{word}{suffix}", f"{place_en(place)} {word_en} {suffix_en}")


def fund_name(rng: random.Random, kind: str, place: str) -> Name:
    """Return a fund name; some venture funds get an English name.

    Examples
    --------
    >>> fund_name(random.Random(0), "GovernmentGuidanceFund", "西山")
    Name(zh='西山产业引导基金', en='Xishan Industry Guidance Fund')
    """
    if kind == "VentureCapitalFund" and rng.random() < 0.25:
        name = f"{rng.choice(_EN_A)}{rng.choice(_EN_B)} Ventures Fund {rng.randint(1, 5)}"
        return Name(name, name)
    owner, owner_en = (place, place_en(place)) if kind == "GovernmentGuidanceFund" else _brand(rng)
    suffix, suffix_en = _FUND_SUFFIX[kind]
    return Name(f"{owner}{suffix}", f"{owner_en} {suffix_en}")


def service_name(rng: random.Random, city: str) -> Name:
    """Return a service provider name.

    Examples
    --------
    >>> name = service_name(random.Random(0), "成都")
    >>> name.zh.startswith("成都"), name.en.startswith("Chengdu ")
    (True, True)
    """
    word, word_en = _brand(rng)
    suffix, suffix_en = rng.choice(_SERVICE)
    return Name(f"{city}{word}{suffix}", f"{city_en(city)} {word_en} {suffix_en}")


_AGENCY: tuple[tuple[str, str], ...] = (
    ("科学技术局", "Municipal Bureau of Science and Technology"),
    ("工业和信息化局", "Municipal Bureau of Industry and Information Technology"),
    ("商务局", "Municipal Bureau of Commerce"),
)


def agency_name(rng: random.Random, city: str) -> Name:
    """Return the name of a city government agency (outside any park).

    Examples
    --------
    >>> agency_name(random.Random(0), "西安").zh.endswith("局")
    True
    """
    office, office_en = rng.choice(_AGENCY)
    return Name(f"{city}市{office}", f"{city_en(city)} {office_en}")
