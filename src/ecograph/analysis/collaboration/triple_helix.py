"""Leydesdorff's triple-helix indicator T (university, industry, government).

Each collaboration *event* with at least one park participant (a
``collaborations.csv`` row with any number of participants, or a
``COLLABORATES_WITH`` row as an event of two; ``metrics.md`` section 4) is
described by three binary presence variables: whether a university-side, an
industry-side and a government-side organisation takes part in it. Sectors of
an organisation, from its labels:

- ``U``: ``University``, ``ResearchInstitute`` or ``NewRDInstitution``;
- ``I``: ``Enterprise``;
- ``G``: ``GovernmentAgency`` or ``GovernmentGuidanceFund`` (government funds);
- any other organisation (platforms, carriers, other funds, …) adds no sector.

An event none of whose participants has a sector is still an event (all three
variables 0): "others ignored" only means that such a participant sets no
variable. T can only be informative when some event has three participants:
with events of two, the three sectors never meet in one event
(:func:`helix_summary` says so).

The mutual information in three dimensions, in bits, is

    T = H_U + H_I + H_G − H_UI − H_UG − H_IG + H_UIG

where ``H_X`` is the Shannon entropy (base 2) of the empirical distribution of
``X`` over the events. Negative T means synergy (the three sectors reduce
uncertainty together). Edge cases: no events → ``None`` (undefined); when
every event has the same sector pattern all entropies are 0 and T = 0.0.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from ecograph.analysis.common import has_label
from ecograph.vocab import Label

__all__ = [
    "SECTOR_LABELS",
    "HelixEntropies",
    "HelixSummary",
    "event_presence",
    "helix_entropies",
    "helix_summary",
    "sectors",
    "triple_helix_t",
]

#: Sector letter → labels that put an organisation in that sector.
SECTOR_LABELS: dict[str, tuple[Label, ...]] = {
    "U": (Label.University, Label.ResearchInstitute, Label.NewRDInstitution),
    "I": (Label.Enterprise,),
    "G": (Label.GovernmentAgency, Label.GovernmentGuidanceFund),
}

Presence = tuple[bool, bool, bool]


@dataclass(frozen=True)
class HelixEntropies:
    """Entropies (bits) of the U, I, G presence variables and T."""

    events: int
    h_u: float
    h_i: float
    h_g: float
    h_ui: float
    h_ug: float
    h_ig: float
    h_uig: float
    t: float


def sectors(graph: nx.MultiDiGraph, node: str) -> frozenset[str]:
    """Return the sectors (``U``, ``I``, ``G``) of organisation ``node``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("u", label="University", labels=frozenset({"Organization", "University"}))
    >>> g.add_node("k", label="KeyLaboratory",
    ...            labels=frozenset({"Organization", "InnovationPlatform", "KeyLaboratory"}))
    >>> sorted(sectors(g, "u")), sorted(sectors(g, "k"))
    (['U'], [])
    """
    return frozenset(
        sector for sector, labels in SECTOR_LABELS.items()
        if any(has_label(graph, node, label) for label in labels)
    )


def event_presence(graph: nx.MultiDiGraph, a: str, b: str) -> Presence:
    """Return the ``(U, I, G)`` presence of the event joining ``a`` and ``b``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("u", label="University", labels=frozenset({"Organization", "University"}))
    >>> g.add_node("e", label="Enterprise", labels=frozenset({"Organization", "Enterprise"}))
    >>> event_presence(g, "u", "e")
    (True, True, False)
    """
    found = sectors(graph, a) | sectors(graph, b)
    return ("U" in found, "I" in found, "G" in found)


def _entropy(values: Iterable[Hashable]) -> float:
    counts = Counter(values)
    total = sum(counts.values())
    h = 0.0
    for count in counts.values():
        p = count / total
        h -= p * math.log2(p)
    return h


def helix_entropies(events: Iterable[Presence]) -> HelixEntropies | None:
    """Return all entropies of the event table and T; ``None`` without events.

    Examples
    --------
    >>> e = helix_entropies([(True, True, False), (False, True, False)])
    >>> e.h_u, e.h_i, e.t
    (1.0, 0.0, 0.0)
    >>> helix_entropies([]) is None
    True
    """
    table: Sequence[Presence] = list(events)
    if not table:
        return None
    h_u = _entropy(e[0] for e in table)
    h_i = _entropy(e[1] for e in table)
    h_g = _entropy(e[2] for e in table)
    h_ui = _entropy((e[0], e[1]) for e in table)
    h_ug = _entropy((e[0], e[2]) for e in table)
    h_ig = _entropy((e[1], e[2]) for e in table)
    h_uig = _entropy(table)
    t = h_u + h_i + h_g - h_ui - h_ug - h_ig + h_uig
    if abs(t) < 1e-12:  # rounding residue of exactly cancelling terms
        t = 0.0
    return HelixEntropies(len(table), h_u, h_i, h_g, h_ui, h_ug, h_ig, h_uig, t)


def triple_helix_t(events: Iterable[Presence]) -> float | None:
    """Return Leydesdorff's T in bits over ``(U, I, G)`` presence events.

    Parameters
    ----------
    events
        One ``(U, I, G)`` triple of booleans per collaboration event.

    Returns
    -------
    float or None
        T in bits (negative means synergy); ``None`` when there is no event.

    Examples
    --------
    >>> round(triple_helix_t([(True, True, False), (False, True, False),
    ...                       (False, True, True), (True, False, True)]), 6)
    -0.188722
    >>> triple_helix_t([]) is None
    True
    """
    result = helix_entropies(events)
    return None if result is None else result.t


@dataclass(frozen=True)
class HelixSummary:
    """T over a set of events, with how many events and how many had all three sectors.

    ``informative`` is False when no event has three or more participants:
    pairwise events can never show all three sectors, so T then says nothing
    about three-way synergy (``note`` explains).
    """

    triple_helix_T: float | None  # noqa: N815 - the spec's key
    events: int
    events_with_three_sectors: int
    events_with_three_participants: int
    informative: bool
    note: str | None
    entropies: HelixEntropies | None


def helix_summary(
    events: Iterable[tuple[frozenset[str], int]],
) -> HelixSummary:
    """Summarise T over events given as ``(sectors, number of participants)``.

    Examples
    --------
    >>> s = helix_summary([(frozenset("UI"), 2), (frozenset("I"), 2)])
    >>> s.triple_helix_T, s.events, s.events_with_three_sectors, s.informative
    (0.0, 2, 0, False)
    >>> helix_summary([(frozenset("UIG"), 3), (frozenset("I"), 2)]).informative
    True
    """
    table = list(events)
    presence = [("U" in s, "I" in s, "G" in s) for s, _ in table]
    entropies = helix_entropies(presence)
    three = sum(all(p) for p in presence)
    big = sum(n >= 3 for _, n in table)
    note = None
    if not table:
        note = "no event with a park participant: T undefined"
    elif big == 0:
        note = ("not informative: no event has three or more participants, so no event can "
                "show all three sectors (T over pairwise events only)")
    return HelixSummary(
        None if entropies is None else entropies.t, len(table), three, big,
        big > 0, note, entropies,
    )
