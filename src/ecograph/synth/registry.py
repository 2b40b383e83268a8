"""Generator state shared between the organisation and relation phases.

Enterprises are kept in compact arrays (one slot each) so a million of them fit
comfortably in memory; the few other organisations are kept as :class:`OrgRef`.
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from ecograph.synth.chains import ChainMap
from ecograph.synth.parks import ParkSpec, SegmentPlan
from ecograph.synth.rates import IN_PARK_SHARE, SUB_PARK_SHARE

__all__ = ["ANCHOR", "HIGH_TECH", "LISTED", "OrgRef", "Registry"]

#: Bit flags of ``Registry.ent_flags``.
HIGH_TECH = 1
ANCHOR = 2
LISTED = 4


@dataclass(frozen=True, slots=True)
class OrgRef:
    """A non-enterprise organisation: id, class, park index, top-park index, field."""

    id: str
    kind: str
    park: int
    top: int
    chain: str
    founded: int


@dataclass
class Registry:
    """Mutable builder state (not a domain object): parks, plans, organisations."""

    chain_map: ChainMap
    parks: list[ParkSpec]
    plans: dict[tuple[int, str], SegmentPlan] = field(default_factory=dict)
    others: dict[str, list[OrgRef]] = field(default_factory=dict)
    propensity: dict[str, float] = field(default_factory=dict)
    ent_width: int = 5
    ent_park: array[int] = field(default_factory=lambda: array("i"))
    ent_top: array[int] = field(default_factory=lambda: array("i"))
    ent_seg: array[int] = field(default_factory=lambda: array("i"))
    ent_emp: array[int] = field(default_factory=lambda: array("i"))
    ent_year: array[int] = field(default_factory=lambda: array("H"))
    ent_flags: bytearray = field(default_factory=bytearray)
    #: Enterprises in an active stay in a carrier of their own park at REF_DATE.
    residents: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.segment_ids = [s.id for s in self.chain_map.segments]
        self.seg_index = {s: i for i, s in enumerate(self.segment_ids)}
        self.seg_chain = [s.chain for s in self.chain_map.segments]
        tops = [p for p in self.parks if not p.parent]
        self.n_top = len(tops)
        n_subs = [0] * self.n_top
        for p in self.parks:
            if p.parent:
                n_subs[p.top] += 1
        weights = [
            p.weight * (1 - SUB_PARK_SHARE * n_subs[p.top]) if not p.parent
            else self.parks[p.top].weight * SUB_PARK_SHARE
            for p in self.parks
        ]
        self._park_cum = list(accumulate(weights))
        self.science_park: dict[int, int] = {}
        for i, p in enumerate(self.parks):
            if p.kind == "SciencePark" and p.top not in self.science_park:
                self.science_park[p.top] = i

    def ent_id(self, index: int) -> str:
        """Return the id of the ``index``-th enterprise (``E00001`` …)."""
        return f"E{index + 1:0{self.ent_width}d}"

    def allocate(self, rng: random.Random, in_park: float = IN_PARK_SHARE) -> tuple[int, int]:
        """Draw a home: ``(park index, top-park index)`` or ``(-1, -1)`` outside parks."""
        if rng.random() >= in_park:
            return -1, -1
        park = bisect(self._park_cum, rng.random() * self._park_cum[-1])
        park = min(park, len(self.parks) - 1)
        return park, self.parks[park].top

    def add_other(self, ref: OrgRef) -> None:
        """Remember a non-enterprise organisation."""
        self.others.setdefault(ref.kind, []).append(ref)

    def of_kind(self, *kinds: str) -> list[OrgRef]:
        """Return the organisations of the given classes, in creation order."""
        return [r for k in kinds for r in self.others.get(k, [])]
