"""Weighted draw pools over organisations, built once after phase one.

A :class:`Pool` holds items with cumulative weights and draws in O(log n);
:func:`build_pools` groups enterprises by segment, chain and park so that the
relation phase picks partners preferentially by size (heavy-tailed ties).
"""

from __future__ import annotations

import random
from array import array
from bisect import bisect
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from ecograph.synth.registry import OrgRef, Registry

__all__ = ["EnterprisePools", "Pool", "RefPools", "build_pools"]


@dataclass
class Pool:
    """Items and cumulative weights; ``draw`` picks one proportionally to weight.

    Examples
    --------
    >>> p = Pool()
    >>> p.add(7, 1.0); p.add(9, 0.0)
    >>> p.draw(random.Random(0))
    7
    """

    items: list[int] = field(default_factory=list)
    cum: array[float] = field(default_factory=lambda: array("d"))

    def add(self, item: int, weight: float) -> None:
        """Append ``item`` with ``weight``."""
        self.items.append(item)
        self.cum.append((self.cum[-1] if self.cum else 0.0) + weight)

    def __len__(self) -> int:
        return len(self.items)

    def draw(self, rng: random.Random) -> int:
        """Return one item, proportionally to its weight."""
        index = bisect(self.cum, rng.random() * self.cum[-1])
        return self.items[min(index, len(self.items) - 1)]


@dataclass
class EnterprisePools:
    """Enterprise indices grouped for partner draws (weights: employees ** 0.7)."""

    seg_all: dict[int, Pool] = field(default_factory=dict)
    seg_local: dict[tuple[int, int], Pool] = field(default_factory=dict)
    chain_all: dict[str, Pool] = field(default_factory=dict)
    chain_local: dict[tuple[int, str], Pool] = field(default_factory=dict)
    by_top: dict[int, Pool] = field(default_factory=dict)
    everyone: Pool = field(default_factory=Pool)


@dataclass
class RefPools:
    """Non-enterprise organisations grouped by (class group, top park), with weights."""

    local: dict[tuple[str, int], list[OrgRef]] = field(default_factory=dict)
    every: dict[str, list[OrgRef]] = field(default_factory=dict)
    weights: dict[str, Pool] = field(default_factory=dict)

    def add(self, group: str, ref: OrgRef) -> None:
        """Register ``ref`` under ``group``."""
        self.every.setdefault(group, []).append(ref)
        if ref.top >= 0:
            self.local.setdefault((group, ref.top), []).append(ref)

    def pick(self, rng: random.Random, group: str, top: int, p_local: float) -> OrgRef | None:
        """Draw one organisation of ``group``, from park ``top`` with probability ``p_local``."""
        local = self.local.get((group, top)) if top >= 0 else None
        pool = local if local and rng.random() < p_local else self.every.get(group)
        if not pool:
            return None
        # a few organisations of each group attract most ties (visible core)
        index = min(int(len(pool) * rng.random() ** 2.2), len(pool) - 1)
        return pool[index]


_K = TypeVar("_K", bound=Hashable)


def _add(pools: dict[_K, Pool], key: _K, item: int, weight: float) -> None:
    pool = pools.get(key)
    if pool is None:
        pool = pools[key] = Pool()
    pool.add(item, weight)


def build_pools(reg: Registry, groups: Iterable[tuple[str, tuple[str, ...]]]) -> tuple[
        EnterprisePools, RefPools]:
    """Group enterprises and the other organisations for the relation phase."""
    ent = EnterprisePools()
    for i, seg in enumerate(reg.ent_seg):
        weight = float(reg.ent_emp[i]) ** 0.7
        top = reg.ent_top[i]
        ent.everyone.add(i, 1.0)
        if top >= 0:
            _add(ent.by_top, top, i, 1.0)
        if seg < 0:
            continue
        chain = reg.seg_chain[seg]
        _add(ent.seg_all, seg, i, weight)
        _add(ent.chain_all, chain, i, weight)
        if top >= 0:
            _add(ent.seg_local, (top, seg), i, weight)
            _add(ent.chain_local, (top, chain), i, weight)
    refs = RefPools()
    for group, kinds in groups:
        for ref in reg.of_kind(*kinds):
            refs.add(group, ref)
    return ent, refs
