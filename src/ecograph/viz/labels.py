"""Turn projected node attributes into drawn nodes (labels, colour, size)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from ecograph.viz.layout import Position
from ecograph.viz.palette import TYPE_COLORS, TYPE_NAMES, org_group
from ecograph.viz.render import LegendItem, VizNode

__all__ = ["degree_size", "node_labels", "org_node", "type_legend"]


def node_labels(node: Hashable, attrs: Mapping[str, Any]) -> tuple[str, str]:
    """Return the ``(Chinese, English)`` labels of a node.

    Chinese is ``name`` (the source's name); English is ``name_en`` when the
    data has one, else the id (ids are ASCII codes in the data packages).

    Examples
    --------
    >>> node_labels("E1", {"name": "宁德时代", "name_en": "CATL"})
    ('宁德时代', 'CATL')
    >>> node_labels("E2", {})
    ('E2', 'E2')
    """
    zh = attrs.get("name")
    en = attrs.get("name_en")
    zh_text = str(zh) if zh else str(node)
    return zh_text, str(en) if en else str(node)


def degree_size(degree: int) -> float:
    """Node size for a degree: grows with its square root.

    Examples
    --------
    >>> degree_size(0), degree_size(4)
    (8.0, 16.0)
    """
    return round(8.0 + 4.0 * math.sqrt(max(degree, 0)), 2)


def org_node(
    node: Hashable,
    attrs: Mapping[str, Any],
    pos: Position,
    *,
    size: float,
    shape: str = "dot",
    extra_title: str = "",
) -> VizNode:
    """Return the drawn form of an organisation node, coloured by its type.

    Examples
    --------
    >>> n = org_node("U1", {"name": "清华大学", "label": "University"}, (1.0, 2.0), size=9)
    >>> n.color, n.group, n.title
    ('#e15759', 'University', '清华大学 (U1)\\n高校 University')
    """
    zh, en = node_labels(node, attrs)
    group = org_group(attrs.get("label"))
    type_zh, type_en = TYPE_NAMES.get(group, (group, group))
    title = f"{zh} ({node})\n{type_zh} {type_en}"
    if extra_title:
        title = f"{title}\n{extra_title}"
    return VizNode(
        id=str(node), label_zh=zh, label_en=en, color=TYPE_COLORS.get(group, "#bab0ac"),
        size=size, x=pos[0], y=pos[1], title=title, shape=shape, group=group,
    )


def type_legend(groups: Iterable[str]) -> tuple[LegendItem, ...]:
    """Legend entries for the organisation types present, in a fixed order.

    Examples
    --------
    >>> [i.en for i in type_legend({"University", "Enterprise"})]
    ['Enterprise', 'University']
    """
    present = set(groups)
    return tuple(
        LegendItem(color, *TYPE_NAMES.get(group, (group, group)))
        for group, color in TYPE_COLORS.items()
        if group in present
    )
