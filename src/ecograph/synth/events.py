"""Collaboration events with two or more participants (``collaborations.csv``).

Firms lead joint patents, joint projects, co-publications and joint labs with
universities and institutes, other firms and, for a share of projects and
labs, a government body (the park's managing agency, a guidance fund or a
city bureau): the university–industry–government events the triple helix
needs. Rates: ``EVENTS`` in :mod:`ecograph.synth.rates`.
"""

from __future__ import annotations

import math

from ecograph.synth.rates import EVENT_KINDS, EVENTS
from ecograph.synth.registry import ANCHOR, HIGH_TECH
from ecograph.synth.relations import Relations

__all__ = ["write_events"]

_TITLE = {
    "joint_patent": "一种用于{}的装置及方法",
    "joint_project": "{}关键技术联合攻关项目",
    "co_publication": "{}技术研究进展",
    "joint_lab": "{}联合实验室",
}


def _government(rel: Relations, top: int) -> str | None:
    rng = rel.rng
    roll = rng.random()
    if top >= 0 and roll < 0.6:
        ref = rel.refs.pick(rng, "agency", top, 1.0)
    elif roll < 0.85:
        ref = rel.refs.pick(rng, "guidance", top, 0.8)
    else:
        ref = rel.refs.pick(rng, "gov", top, 0.0)
    return ref.id if ref is not None else None


def _event(rel: Relations, number: int, i: int) -> bool:
    reg, rng, e = rel.reg, rel.rng, EVENTS
    kinds = list(EVENT_KINDS)
    kind = rng.choices(kinds, weights=[EVENT_KINDS[k] for k in kinds])[0]
    top, chain = reg.ent_top[i], rel.chain_of(i)
    members = [reg.ent_id(i)]
    for _ in range(1 + (rng.random() < e["second_knowledge"])):
        ref = rel.refs.pick(rng, rng.choice(("uni", "uni", "inst", "nrd")), top, 0.7)
        if ref is not None:
            members.append(ref.id)
    if kind in ("joint_patent", "joint_project") and rng.random() < e["other_firm"]:
        for _ in range(1 + (kind == "joint_project" and rng.random() < 0.4)):
            j = rel.pick_chain(chain, top, 0.6) if chain else rel.ent.everyone.draw(rng)
            if j is not None:
                members.append(reg.ent_id(j))
    if rng.random() < e["government"].get(kind, 0.0):
        gov = _government(rel, top)
        if gov is not None:
            members.append(gov)
    members = list(dict.fromkeys(members))
    if len(members) < 2:
        return False
    year = rel.draw_year(max(2016, reg.ent_year[i]))
    when = f"{year}-{1 + int(rng.random() * 12):02d}-{1 + int(rng.random() * 28):02d}"
    seg = reg.ent_seg[i]
    topic = reg.chain_map.segments[seg].label if seg >= 0 else "关键共性技术"
    amount = ""
    if kind in ("joint_project", "joint_lab"):
        median = e["project_median"] if kind == "joint_project" else e["lab_median"]
        amount = f"{rng.lognormvariate(math.log(median), 0.9):.1f}"
    rel.out.event(f"EV{number:07d}", kind, when, members, amount, _TITLE[kind].format(topic))
    return True


def write_events(rel: Relations) -> None:
    """Write the multi-party collaboration events led by firms."""
    reg, rng, e = rel.reg, rel.rng, EVENTS
    number = 0
    for i in range(len(reg.ent_seg)):
        flags = reg.ent_flags[i]
        p = e["anchor"] if flags & ANCHOR else e["high_tech"] if flags & HIGH_TECH else e["other"]
        if rng.random() >= p * rel.scale:
            continue
        for _ in range(rel.count(1, 4) if flags & ANCHOR else 1):
            if _event(rel, number + 1, i):
                number += 1
