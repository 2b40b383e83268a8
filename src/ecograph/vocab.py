"""Names owned by the ontology, as Python enums.

GENERATED from ``ontology/ecograph.ttl`` by ``python -m ecograph.codegen``;
do not edit by hand. ``tests/unit/test_vocab.py`` regenerates it and fails on
any difference.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CARRIER_STAGE_ORDER",
    "ECO",
    "GROUP_KIND",
    "ID_BASE",
    "LABEL_NAMES",
    "LABEL_PARENTS",
    "QUALIFICATION_NAMES",
    "REL_ATTRIBUTES",
    "REL_DOMAIN",
    "REL_NAMES",
    "REL_PROPERTY",
    "REL_RANGE",
    "CollaborationKind",
    "ContractKind",
    "Label",
    "Level",
    "Outcome",
    "Qualification",
    "RelType",
    "Stage",
    "ancestors",
    "base_label",
]

ECO = "https://w3id.org/ecograph/ontology#"
ID_BASE = "https://w3id.org/ecograph/id/"


class Label(StrEnum):
    """Node labels: the ontology's class local names."""

    Park = "Park"
    HighTechZone = "HighTechZone"
    EconomicDevelopmentZone = "EconomicDevelopmentZone"
    IndustrialPark = "IndustrialPark"
    CharacteristicPark = "CharacteristicPark"
    SciencePark = "SciencePark"
    Organization = "Organization"
    Enterprise = "Enterprise"
    University = "University"
    ResearchInstitute = "ResearchInstitute"
    NewRDInstitution = "NewRDInstitution"
    InnovationPlatform = "InnovationPlatform"
    IncubationCarrier = "IncubationCarrier"
    Fund = "Fund"
    ServiceProvider = "ServiceProvider"
    GovernmentAgency = "GovernmentAgency"
    KeyLaboratory = "KeyLaboratory"
    TechnologyInnovationCenter = "TechnologyInnovationCenter"
    EngineeringResearchCenter = "EngineeringResearchCenter"
    ManufacturingInnovationCenter = "ManufacturingInnovationCenter"
    EnterpriseTechnologyCenter = "EnterpriseTechnologyCenter"
    PublicServicePlatform = "PublicServicePlatform"
    PilotPlatform = "PilotPlatform"
    Makerspace = "Makerspace"
    Incubator = "Incubator"
    Accelerator = "Accelerator"
    GovernmentGuidanceFund = "GovernmentGuidanceFund"
    IndustryFund = "IndustryFund"
    VentureCapitalFund = "VentureCapitalFund"
    AngelFund = "AngelFund"
    IndustryChain = "IndustryChain"
    ChainSegment = "ChainSegment"
    Industry = "Industry"
    Qualification = "Qualification"
    CollaborationEvent = "CollaborationEvent"
    OrgYearStats = "OrgYearStats"
    IndicatorObservation = "IndicatorObservation"


LABEL_PARENTS: dict[Label, Label | None] = {
    Label.Park: None,
    Label.HighTechZone: Label.Park,
    Label.EconomicDevelopmentZone: Label.Park,
    Label.IndustrialPark: Label.Park,
    Label.CharacteristicPark: Label.Park,
    Label.SciencePark: Label.Park,
    Label.Organization: None,
    Label.Enterprise: Label.Organization,
    Label.University: Label.Organization,
    Label.ResearchInstitute: Label.Organization,
    Label.NewRDInstitution: Label.Organization,
    Label.InnovationPlatform: Label.Organization,
    Label.IncubationCarrier: Label.Organization,
    Label.Fund: Label.Organization,
    Label.ServiceProvider: Label.Organization,
    Label.GovernmentAgency: Label.Organization,
    Label.KeyLaboratory: Label.InnovationPlatform,
    Label.TechnologyInnovationCenter: Label.InnovationPlatform,
    Label.EngineeringResearchCenter: Label.InnovationPlatform,
    Label.ManufacturingInnovationCenter: Label.InnovationPlatform,
    Label.EnterpriseTechnologyCenter: Label.InnovationPlatform,
    Label.PublicServicePlatform: Label.InnovationPlatform,
    Label.PilotPlatform: Label.InnovationPlatform,
    Label.Makerspace: Label.IncubationCarrier,
    Label.Incubator: Label.IncubationCarrier,
    Label.Accelerator: Label.IncubationCarrier,
    Label.GovernmentGuidanceFund: Label.Fund,
    Label.IndustryFund: Label.Fund,
    Label.VentureCapitalFund: Label.Fund,
    Label.AngelFund: Label.Fund,
    Label.IndustryChain: None,
    Label.ChainSegment: None,
    Label.Industry: None,
    Label.Qualification: None,
    Label.CollaborationEvent: None,
    Label.OrgYearStats: None,
    Label.IndicatorObservation: None,
}


class RelType(StrEnum):
    """Relationship types: UPPER_SNAKE form of the object properties."""

    LOCATED_IN = "LOCATED_IN"
    SUB_PARK_OF = "SUB_PARK_OF"
    IN_SEGMENT = "IN_SEGMENT"
    SEGMENT_OF = "SEGMENT_OF"
    FEEDS = "FEEDS"
    CLASSIFIED_AS = "CLASSIFIED_AS"
    SUPPLIES = "SUPPLIES"
    COLLABORATES_WITH = "COLLABORATES_WITH"
    INVESTS_IN = "INVESTS_IN"
    INCUBATED_IN = "INCUBATED_IN"
    HOSTS = "HOSTS"
    OPERATES = "OPERATES"
    SPUN_OFF_FROM = "SPUN_OFF_FROM"
    HAS_LEADING_CHAIN = "HAS_LEADING_CHAIN"
    SERVES_PARK = "SERVES_PARK"
    TRANSFERS_TECHNOLOGY_TO = "TRANSFERS_TECHNOLOGY_TO"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    HAS_STATS = "HAS_STATS"
    HAS_QUALIFICATION = "HAS_QUALIFICATION"
    HAS_INDICATOR = "HAS_INDICATOR"


class Qualification(StrEnum):
    """Enterprise qualifications: concepts of the scheme ``eco:Qualification``."""

    HighTechEnterprise = "HighTechEnterprise"
    TechSME = "TechSME"
    SpecializedSME = "SpecializedSME"
    LittleGiant = "LittleGiant"
    Gazelle = "Gazelle"
    Unicorn = "Unicorn"
    ManufacturingChampion = "ManufacturingChampion"
    Listed = "Listed"
    InnovativeSME = "InnovativeSME"


class Level(StrEnum):
    """Levels of platforms, carriers and parks."""

    national = "national"
    provincial = "provincial"
    municipal = "municipal"
    other = "other"


class Stage(StrEnum):
    """Chain stages, in chain order."""

    upstream = "upstream"
    midstream = "midstream"
    downstream = "downstream"


class CollaborationKind(StrEnum):
    """Allowed values of ``COLLABORATES_WITH.kind``."""

    joint_patent = "joint_patent"
    joint_project = "joint_project"
    co_publication = "co_publication"
    tech_contract = "tech_contract"
    joint_lab = "joint_lab"
    other = "other"


class Outcome(StrEnum):
    """Allowed values of ``INCUBATED_IN.outcome``."""

    active = "active"
    graduated = "graduated"
    exited = "exited"
    relocated = "relocated"


class ContractKind(StrEnum):
    """Allowed values of ``TRANSFERS_TECHNOLOGY_TO.kind`` (技术合同)."""

    development = "development"
    transfer = "transfer"
    licensing = "licensing"
    consulting = "consulting"
    service = "service"


CARRIER_STAGE_ORDER: tuple[Label, ...] = (Label.Makerspace, Label.Incubator, Label.Accelerator)


# Root label → the ``{kind}`` of instance IRIs (``park``, ``org``, ...).
GROUP_KIND: dict[Label, str] = {
    Label.Park: "park",
    Label.Organization: "org",
    Label.IndustryChain: "chain",
    Label.ChainSegment: "segment",
    Label.Industry: "industry",
    Label.Qualification: "qualification",
    Label.CollaborationEvent: "event",
    Label.OrgYearStats: "stats",
    Label.IndicatorObservation: "indicator",
}


# Label → its ``rdfs:label`` by language (``en``, ``zh``).
LABEL_NAMES: dict[str, dict[str, str]] = {
    "Park": {"en": "Park", "zh": "园区"},
    "HighTechZone": {"en": "High-tech zone", "zh": "高新技术产业开发区"},
    "EconomicDevelopmentZone": {
        "en": "Economic and technological development zone",
        "zh": "经济技术开发区",
    },
    "IndustrialPark": {"en": "Industrial park", "zh": "工业园区"},
    "CharacteristicPark": {"en": "Characteristic industrial park", "zh": "特色产业园"},
    "SciencePark": {"en": "Science park", "zh": "大学科技园"},
    "Organization": {"en": "Organization", "zh": "组织机构"},
    "Enterprise": {"en": "Enterprise", "zh": "企业"},
    "University": {"en": "University", "zh": "高等院校"},
    "ResearchInstitute": {"en": "Research institute", "zh": "科研院所"},
    "NewRDInstitution": {"en": "New R&D institution", "zh": "新型研发机构"},
    "InnovationPlatform": {"en": "Innovation platform", "zh": "创新平台"},
    "IncubationCarrier": {"en": "Incubation carrier", "zh": "孵化载体"},
    "Fund": {"en": "Fund", "zh": "基金"},
    "ServiceProvider": {"en": "Service provider", "zh": "科技服务机构"},
    "GovernmentAgency": {"en": "Government agency", "zh": "政府部门"},
    "KeyLaboratory": {"en": "Key laboratory", "zh": "重点实验室"},
    "TechnologyInnovationCenter": {"en": "Technology innovation center", "zh": "技术创新中心"},
    "EngineeringResearchCenter": {"en": "Engineering research center", "zh": "工程研究中心"},
    "ManufacturingInnovationCenter": {
        "en": "Manufacturing innovation center",
        "zh": "制造业创新中心",
    },
    "EnterpriseTechnologyCenter": {"en": "Enterprise technology center", "zh": "企业技术中心"},
    "PublicServicePlatform": {"en": "Public service platform", "zh": "公共服务平台"},
    "PilotPlatform": {"en": "Pilot and proof-of-concept platform", "zh": "中试与概念验证平台"},
    "Makerspace": {"en": "Makerspace", "zh": "众创空间"},
    "Incubator": {"en": "Incubator", "zh": "孵化器"},
    "Accelerator": {"en": "Accelerator", "zh": "加速器"},
    "GovernmentGuidanceFund": {"en": "Government guidance fund", "zh": "政府引导基金"},
    "IndustryFund": {"en": "Industry investment fund", "zh": "产业投资基金"},
    "VentureCapitalFund": {"en": "Venture capital fund", "zh": "创业投资基金"},
    "AngelFund": {"en": "Angel fund", "zh": "天使投资基金"},
    "IndustryChain": {"en": "Industry chain", "zh": "产业链"},
    "ChainSegment": {"en": "Chain segment", "zh": "产业链环节"},
    "Industry": {"en": "Industry class", "zh": "国民经济行业"},
    "Qualification": {"en": "Enterprise qualification", "zh": "企业资质"},
    "CollaborationEvent": {"en": "Collaboration event", "zh": "合作事件"},
    "OrgYearStats": {"en": "Organisation-year statistics", "zh": "企业年度统计"},
    "IndicatorObservation": {"en": "Indicator observation", "zh": "园区指标观测值"},
}


# Qualification → its ``rdfs:label`` by language.
QUALIFICATION_NAMES: dict[str, dict[str, str]] = {
    "HighTechEnterprise": {"en": "High-tech enterprise", "zh": "高新技术企业"},
    "TechSME": {"en": "Technology-based SME", "zh": "科技型中小企业"},
    "SpecializedSME": {"en": "Specialised and sophisticated SME", "zh": "专精特新中小企业"},
    "LittleGiant": {"en": "Little giant", "zh": "专精特新“小巨人”企业"},
    "Gazelle": {"en": "Gazelle enterprise", "zh": "瞪羚企业"},
    "Unicorn": {"en": "Unicorn", "zh": "独角兽企业"},
    "ManufacturingChampion": {"en": "Manufacturing single-item champion", "zh": "制造业单项冠军"},
    "Listed": {"en": "Listed company", "zh": "上市企业"},
    "InnovativeSME": {"en": "Innovative SME", "zh": "创新型中小企业"},
}


# RelType → the ``rdfs:label`` of its property by language.
REL_NAMES: dict[str, dict[str, str]] = {
    "LOCATED_IN": {"en": "located in", "zh": "位于园区"},
    "SUB_PARK_OF": {"en": "sub-park of", "zh": "分园隶属于"},
    "IN_SEGMENT": {"en": "in chain segment", "zh": "所属产业链环节"},
    "SEGMENT_OF": {"en": "segment of", "zh": "所属产业链"},
    "FEEDS": {"en": "feeds", "zh": "供给下游环节"},
    "CLASSIFIED_AS": {"en": "classified as", "zh": "行业归属"},
    "SUPPLIES": {"en": "supplies", "zh": "供应"},
    "COLLABORATES_WITH": {"en": "collaborates with", "zh": "合作"},
    "INVESTS_IN": {"en": "invests in", "zh": "投资"},
    "INCUBATED_IN": {"en": "incubated in", "zh": "入孵于"},
    "HOSTS": {"en": "hosts", "zh": "依托建设"},
    "OPERATES": {"en": "operates", "zh": "运营"},
    "SPUN_OFF_FROM": {"en": "spun off from", "zh": "衍生自"},
    "HAS_LEADING_CHAIN": {"en": "has leading chain", "zh": "主导产业链"},
    "SERVES_PARK": {"en": "serves park", "zh": "服务园区"},
    "TRANSFERS_TECHNOLOGY_TO": {"en": "transfers technology to", "zh": "技术合同输出至"},
    "PARTICIPATES_IN": {"en": "participates in", "zh": "参与合作事件"},
    "HAS_STATS": {"en": "has statistics", "zh": "年度统计"},
    "HAS_QUALIFICATION": {"en": "has qualification", "zh": "具有资质"},
    "HAS_INDICATOR": {"en": "has indicator observation", "zh": "指标观测值"},
}


# RelType → the local name of its object property.
REL_PROPERTY: dict[RelType, str] = {
    RelType.LOCATED_IN: "locatedIn",
    RelType.SUB_PARK_OF: "subParkOf",
    RelType.IN_SEGMENT: "inSegment",
    RelType.SEGMENT_OF: "segmentOf",
    RelType.FEEDS: "feeds",
    RelType.CLASSIFIED_AS: "classifiedAs",
    RelType.SUPPLIES: "supplies",
    RelType.COLLABORATES_WITH: "collaboratesWith",
    RelType.INVESTS_IN: "investsIn",
    RelType.INCUBATED_IN: "incubatedIn",
    RelType.HOSTS: "hosts",
    RelType.OPERATES: "operates",
    RelType.SPUN_OFF_FROM: "spunOffFrom",
    RelType.HAS_LEADING_CHAIN: "hasLeadingChain",
    RelType.SERVES_PARK: "servesPark",
    RelType.TRANSFERS_TECHNOLOGY_TO: "transfersTechnologyTo",
    RelType.PARTICIPATES_IN: "participatesIn",
    RelType.HAS_STATS: "hasStats",
    RelType.HAS_QUALIFICATION: "hasQualification",
    RelType.HAS_INDICATOR: "hasIndicator",
}


# RelType → the edge attributes it may carry (property-graph names).
REL_ATTRIBUTES: dict[RelType, tuple[str, ...]] = {
    RelType.LOCATED_IN: ("since", "until"),
    RelType.SUB_PARK_OF: (),
    RelType.IN_SEGMENT: ("primary",),
    RelType.SEGMENT_OF: (),
    RelType.FEEDS: (),
    RelType.CLASSIFIED_AS: (),
    RelType.SUPPLIES: ("amount", "since", "until", "weight"),
    RelType.COLLABORATES_WITH: ("kind", "since", "until", "weight"),
    RelType.INVESTS_IN: ("amount", "date", "round"),
    RelType.INCUBATED_IN: ("outcome", "since", "until"),
    RelType.HOSTS: (),
    RelType.OPERATES: (),
    RelType.SPUN_OFF_FROM: ("date",),
    RelType.HAS_LEADING_CHAIN: ("rank",),
    RelType.SERVES_PARK: ("since", "until"),
    RelType.TRANSFERS_TECHNOLOGY_TO: ("amount", "date", "kind"),
    RelType.PARTICIPATES_IN: ("role",),
    RelType.HAS_STATS: (),
    RelType.HAS_QUALIFICATION: ("level", "ref", "since", "until"),
    RelType.HAS_INDICATOR: (),
}


# RelType → the labels its source may have (``rdfs:domain``).
REL_DOMAIN: dict[RelType, tuple[Label, ...]] = {
    RelType.LOCATED_IN: (Label.Organization,),
    RelType.SUB_PARK_OF: (Label.Park,),
    RelType.IN_SEGMENT: (Label.Organization,),
    RelType.SEGMENT_OF: (Label.ChainSegment,),
    RelType.FEEDS: (Label.ChainSegment,),
    RelType.CLASSIFIED_AS: (Label.Organization,),
    RelType.SUPPLIES: (Label.Organization,),
    RelType.COLLABORATES_WITH: (Label.Organization,),
    RelType.INVESTS_IN: (Label.Organization,),
    RelType.INCUBATED_IN: (Label.Organization,),
    RelType.HOSTS: (Label.Organization,),
    RelType.OPERATES: (Label.Organization,),
    RelType.SPUN_OFF_FROM: (Label.Organization,),
    RelType.HAS_LEADING_CHAIN: (Label.Park,),
    RelType.SERVES_PARK: (Label.Fund,),
    RelType.TRANSFERS_TECHNOLOGY_TO: (Label.Organization,),
    RelType.PARTICIPATES_IN: (Label.Organization,),
    RelType.HAS_STATS: (Label.Organization,),
    RelType.HAS_QUALIFICATION: (Label.Organization,),
    RelType.HAS_INDICATOR: (Label.Park,),
}


# RelType → the labels its target may have (``rdfs:range``).
REL_RANGE: dict[RelType, tuple[Label, ...]] = {
    RelType.LOCATED_IN: (Label.Park,),
    RelType.SUB_PARK_OF: (Label.Park,),
    RelType.IN_SEGMENT: (Label.ChainSegment,),
    RelType.SEGMENT_OF: (Label.IndustryChain,),
    RelType.FEEDS: (Label.ChainSegment,),
    RelType.CLASSIFIED_AS: (Label.Industry,),
    RelType.SUPPLIES: (Label.Organization,),
    RelType.COLLABORATES_WITH: (Label.Organization,),
    RelType.INVESTS_IN: (Label.Organization,),
    RelType.INCUBATED_IN: (Label.IncubationCarrier,),
    RelType.HOSTS: (Label.InnovationPlatform,),
    RelType.OPERATES: (Label.IncubationCarrier, Label.Fund, Label.Park),
    RelType.SPUN_OFF_FROM: (Label.Organization,),
    RelType.HAS_LEADING_CHAIN: (Label.IndustryChain,),
    RelType.SERVES_PARK: (Label.Park,),
    RelType.TRANSFERS_TECHNOLOGY_TO: (Label.Organization,),
    RelType.PARTICIPATES_IN: (Label.CollaborationEvent,),
    RelType.HAS_STATS: (Label.OrgYearStats,),
    RelType.HAS_QUALIFICATION: (Label.Qualification,),
    RelType.HAS_INDICATOR: (Label.IndicatorObservation,),
}


def ancestors(label: Label) -> tuple[Label, ...]:
    """Return ``label`` and its ancestor labels, root first.

    Examples
    --------
    >>> [str(x) for x in ancestors(Label.Incubator)]
    ['Organization', 'IncubationCarrier', 'Incubator']
    """
    chain: list[Label] = []
    current: Label | None = label
    while current is not None:
        chain.append(current)
        current = LABEL_PARENTS[current]
    return tuple(reversed(chain))


def base_label(label: Label) -> Label:
    """Return the root label of ``label`` (``Organization``, ``Park``, ...).

    Examples
    --------
    >>> str(base_label(Label.KeyLaboratory))
    'Organization'
    """
    return ancestors(label)[0]
