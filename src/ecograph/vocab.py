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
    "ID_BASE",
    "LABEL_PARENTS",
    "CollaborationKind",
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


CARRIER_STAGE_ORDER: tuple[Label, ...] = (Label.Makerspace, Label.Incubator, Label.Accelerator)


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
