"""Graduate fates: each stay ending ``graduated`` is handed off, retained or leaked.

Definitions (``metrics.md`` §2):

- ``handed_off``: a later stay of the firm in a carrier **of the park** of a
  later stage starts 0 to ``window_days`` days (inclusive) after the
  graduated stay's ``until``. When several do, the earliest start wins (then
  the lower stage, then the carrier id). A graduated stay without ``until``
  cannot be handed off, and an accelerator graduate never is (no later
  carrier stage).
- ``retained``: not handed off, and the firm is a park firm at ``as_of``
  (currently ``LOCATED_IN`` the park or a sub-park). For an accelerator
  graduate this is 落地, the end of 接续孵化.
- ``leaked``: neither. A later stay in a carrier outside the park is leakage;
  ``outside_carrier`` names it when it started within the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ecograph.analysis.incubation.stays import Stay, StayIndex, stage_index

__all__ = ["FATES", "GraduateFate", "graduate_fate"]

#: The three fates of a graduate, in order.
FATES: tuple[str, ...] = ("handed_off", "retained", "leaked")


@dataclass(frozen=True)
class GraduateFate:
    """What became of one graduated stay."""

    firm: str
    carrier: str
    stage: str | None
    since: date | None
    until: date | None
    fate: str
    to_carrier: str | None
    to_stage: str | None
    gap_days: int | None
    outside_carrier: str | None


def graduate_fate(
    stay: Stay,
    index: StayIndex,
    *,
    window_days: int,
    park_carriers: set[str],
    park_firm: Callable[[str], bool],
) -> GraduateFate:
    """Return the fate of the graduated ``stay``.

    ``park_firm(firm)`` says whether the firm is a park firm at ``as_of``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("m", labels=frozenset({"Makerspace"}))
    >>> g.add_node("i", labels=frozenset({"Incubator"}))
    >>> g.add_node("x", labels=frozenset({"Incubator"}))
    >>> _ = g.add_edge("f", "m", type="INCUBATED_IN", since="2020-01-01",
    ...                until="2020-12-31", outcome="graduated")
    >>> _ = g.add_edge("f", "x", type="INCUBATED_IN", since="2021-02-01")
    >>> idx = StayIndex(g, ["m"], today=date(2024, 1, 1))
    >>> grad = idx.of_carrier("m")[0]
    >>> graduate_fate(grad, idx, window_days=365, park_carriers={"m", "i"},
    ...               park_firm=lambda f: False).fate  # x lies outside the park
    'leaked'
    >>> graduate_fate(grad, idx, window_days=365, park_carriers={"m", "x"},
    ...               park_firm=lambda f: False).fate
    'handed_off'
    """
    k = stage_index(stay.stage)
    best: tuple[int, int, str] | None = None
    chosen: Stay | None = None
    outside: tuple[int, str] | None = None
    if k is not None and stay.until is not None:
        for nxt in index.of_firm(stay.firm):
            j = stage_index(nxt.stage)
            if j is None or j <= k or nxt.since is None or nxt == stay:
                continue
            gap = (nxt.since - stay.until).days
            if not 0 <= gap <= window_days:
                continue
            if nxt.carrier not in park_carriers:
                if outside is None or (gap, nxt.carrier) < outside:
                    outside = (gap, nxt.carrier)
                continue
            if best is None or (gap, j, nxt.carrier) < best:
                best, chosen = (gap, j, nxt.carrier), nxt
    out = outside[1] if outside is not None else None
    if chosen is not None and best is not None:
        return GraduateFate(stay.firm, stay.carrier, stay.stage, stay.since, stay.until,
                            "handed_off", chosen.carrier, chosen.stage, best[0], out)
    fate = "retained" if park_firm(stay.firm) else "leaked"
    return GraduateFate(stay.firm, stay.carrier, stay.stage, stay.since, stay.until, fate,
                        None, None, None, out)
