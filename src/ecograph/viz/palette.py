"""Colours and bilingual names used by the visualisations.

Organisations are coloured by their organisation type (the child of
``Organization`` in the ontology, so a ``KeyLaboratory`` shows as an
``InnovationPlatform``); chain segments by their linkage status.
"""

from __future__ import annotations

from ecograph.vocab import Label, ancestors

__all__ = [
    "STAGE_NAMES",
    "STATUS_COLORS",
    "STATUS_NAMES",
    "TYPE_COLORS",
    "TYPE_NAMES",
    "org_group",
]

#: Colour per organisation type (Tableau 10, readable on white).
TYPE_COLORS: dict[str, str] = {
    "Enterprise": "#4e79a7",
    "University": "#e15759",
    "ResearchInstitute": "#f28e2b",
    "NewRDInstitution": "#edc948",
    "InnovationPlatform": "#76b7b2",
    "IncubationCarrier": "#59a14f",
    "Fund": "#b07aa1",
    "ServiceProvider": "#9c755f",
    "GovernmentAgency": "#ff9da7",
    "Organization": "#bab0ac",
    "Park": "#17becf",
    "ChainSegment": "#7f7f7f",
}

#: ``type -> (Chinese, English)`` display names.
TYPE_NAMES: dict[str, tuple[str, str]] = {
    "Enterprise": ("企业", "Enterprise"),
    "University": ("高校", "University"),
    "ResearchInstitute": ("科研院所", "Research institute"),
    "NewRDInstitution": ("新型研发机构", "New R&D institution"),
    "InnovationPlatform": ("创新平台", "Innovation platform"),
    "IncubationCarrier": ("孵化载体", "Incubation carrier"),
    "Fund": ("基金", "Fund"),
    "ServiceProvider": ("服务机构", "Service provider"),
    "GovernmentAgency": ("政府部门", "Government agency"),
    "Organization": ("其他机构", "Other organisation"),
    "Park": ("园区", "Park"),
    "ChainSegment": ("产业链环节", "Chain segment"),
    "Makerspace": ("众创空间", "Makerspace"),
    "Incubator": ("孵化器", "Incubator"),
    "Accelerator": ("加速器", "Accelerator"),
}

#: Colour per segment status of the chain linkage.
STATUS_COLORS: dict[str, str] = {
    "present": "#59a14f",
    "weak": "#f28e2b",
    "missing": "#e15759",
}

#: ``status -> (Chinese, English)``.
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "present": ("具备", "present"),
    "weak": ("薄弱", "weak"),
    "missing": ("缺失", "missing"),
}

#: ``stage -> (Chinese, English)``.
STAGE_NAMES: dict[str, tuple[str, str]] = {
    "upstream": ("上游", "upstream"),
    "midstream": ("中游", "midstream"),
    "downstream": ("下游", "downstream"),
}


def org_group(label: object) -> str:
    """Return the display group of a node's most specific ``label``.

    Organisations map to the direct child of ``Organization``; other known
    labels map to their root; anything unknown maps to ``"Organization"``.

    Examples
    --------
    >>> org_group("KeyLaboratory"), org_group("Enterprise"), org_group("HighTechZone")
    ('InnovationPlatform', 'Enterprise', 'Park')
    >>> org_group(None)
    'Organization'
    """
    if not isinstance(label, str) or label not in Label.__members__:
        return "Organization"
    chain = ancestors(Label(label))
    if chain[0] == Label.Organization and len(chain) > 1:
        return str(chain[1])
    return str(chain[0])
