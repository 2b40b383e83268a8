"""Turn projected node attributes into drawn nodes (labels, colour, size)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from ecograph.viz.layout import Position
from ecograph.viz.numbers import shorten
from ecograph.viz.palette import TYPE_COLORS, TYPE_NAMES, org_group
from ecograph.viz.render import LegendItem, VizNode

__all__ = ["degree_size", "names_of", "node_labels", "org_node", "type_legend"]


def node_labels(node: Hashable, attrs: Mapping[str, Any]) -> tuple[str, str]:
    """Return the ``(Chinese, English)`` labels of a node.

    Chinese is ``name`` (the source's name); English is ``name_en`` when the
    data has one, else the Chinese name: a planner reads a Chinese name more
    easily than an id. Only a node without any name shows its id.

    Examples
    --------
    >>> node_labels("E1", {"name": "宁德时代", "name_en": "CATL"})
    ('宁德时代', 'CATL')
    >>> node_labels("E3", {"name": "宁德时代"})
    ('宁德时代', '宁德时代')
    >>> node_labels("E2", {})
    ('E2', 'E2')
    """
    zh = attrs.get("name")
    en = attrs.get("name_en")
    zh_text = str(zh) if zh else str(node)
    return zh_text, str(en) if en else zh_text


_EN_SUFFIXES = (" Co., Ltd.", " Co., Ltd", " Co. Ltd.", " Ltd.", " Inc.", " LLC")


def _drop_suffix(name: str) -> str:
    """``name`` without a trailing company-form suffix (labels only; titles keep it).

    Examples
    --------
    >>> _drop_suffix("Nanchang Hongze Optoelectronics Technology Co., Ltd.")
    'Nanchang Hongze Optoelectronics Technology'
    """
    for suffix in _EN_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


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
    show_label: bool = True,
    short: int | None = None,
    color: str | None = None,
) -> VizNode:
    """Return the drawn form of an organisation node, coloured by its type.

    ``short`` cuts the drawn labels to that many Chinese characters (twice as
    many Latin ones); the hover title keeps the full names. ``show_label=False``
    draws no label at all.

    Examples
    --------
    >>> n = org_node("U1", {"name": "清华大学", "label": "University"}, (1.0, 2.0), size=9)
    >>> n.color, n.group, n.title
    ('#e15759', 'University', '清华大学 (U1)\\n高校 University')
    >>> org_node("E1", {"name": "南昌宏泽光电科技有限公司"}, (0, 0), size=8, short=6).label_zh
    '南昌宏泽光…'
    """
    zh, en = node_labels(node, attrs)
    group = org_group(attrs.get("label"))
    type_zh, type_en = TYPE_NAMES.get(group, (group, group))
    title = f"{zh} ({node})\n{type_zh} {type_en}"
    if en != zh:
        title = f"{zh} · {en} ({node})\n{type_zh} {type_en}"
    if extra_title:
        title = f"{title}\n{extra_title}"
    if short is not None:
        zh, en = shorten(zh, short), shorten(_drop_suffix(en), 2 * short)
    return VizNode(
        id=str(node), label_zh=zh, label_en=en,
        color=color or TYPE_COLORS.get(group, "#bab0ac"),
        size=size, x=pos[0], y=pos[1], title=title, shape=shape, group=group,
        show_label=show_label,
    )


def names_of(node: Hashable, attrs: Mapping[str, Any]) -> tuple[str, str]:
    """``(Chinese, English)`` names of a park, chain or segment (English falls back to Chinese).

    Examples
    --------
    >>> names_of("nev", {"name": "新能源汽车", "name_en": "New-energy vehicles"})
    ('新能源汽车', 'New-energy vehicles')
    >>> names_of("x", {"name": "某园区"})
    ('某园区', '某园区')
    """
    return node_labels(node, attrs)


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
