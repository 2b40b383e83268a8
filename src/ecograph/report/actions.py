"""The report's "what to do next" (下一步建议): rules over the gathered data.

Rules, in the order they are listed:

1. **Attract** (招商补链): the ``TOP_GAPS`` highest-scoring missing or weak
   segments over all chains, each with its best attraction candidate.
2. **Accelerate** (打通孵化链条): carriers below the accelerator stage that
   graduated firms but handed none to an accelerator; or, when the park has
   no accelerator at all, build one.
3. **Collaborate** (产学研): the share of park ties joining an enterprise with
   a university or research institute is below ``IUR_LOW``.
4. **Category** (三类园区目标): the unmet targets of the category the park is
   measured against (``tier_category``), each with the distance still to go;
   a park that declares none is asked to declare it. The categories are
   alternatives, never a ladder to climb.
5. **Data** (补充统计): indicators without a value, to be reported in
   ``park_stats.csv``.
"""

from __future__ import annotations

from ecograph.report.data import Action, ReportData

__all__ = ["IUR_LOW", "TOP_GAPS", "next_steps"]

#: Gaps listed under "attract".
TOP_GAPS = 3
#: 产学研 share below which collaboration is flagged.
IUR_LOW = 0.2


def _attract(data: ReportData) -> list[Action]:
    actions = []
    for gap, section in data.ranked_gaps()[:TOP_GAPS]:
        status_zh = {"missing": "缺失", "weak": "薄弱"}.get(gap.status, "依赖区外采购")
        status_en = gap.status if gap.status != "present" else "import-dependent"
        verb_en = {"补链": "fill", "强链": "strengthen", "延链": "extend"}.get(gap.action,
                                                                         gap.action)
        if gap.candidates:
            best = gap.candidates[0]
            zh_tail, en_tail = f"，首选对象：{best.name}", f"; best candidate: {best.name}"
        else:
            zh_tail, en_tail = "，区外暂无候选企业", "; no candidate outside the park yet"
        actions.append(Action(
            "attract",
            f"招商{gap.action}：{section.name}产业链「{gap.name}」环节{status_zh}{zh_tail}。",
            f"Attract firms to {verb_en} ({gap.action}) the {status_en} segment “{gap.name}” "
            f"of the {section.name} chain{en_tail}.",
        ))
    return actions


def _accelerate(data: ReportData) -> list[Action]:
    stages = {c.stage for c in data.incubation.carriers}
    if data.incubation.carriers and "Accelerator" not in stages:
        return [Action("accelerate", "园区尚无加速器：建设或引入加速器，承接孵化器毕业企业。",
                       "The park has no accelerator: build or attract one to take in "
                       "incubator graduates.")]
    feeding = [g for g in data.incubation.gaps if g.graduates > 0]
    if not feeding:
        return []
    names = "、".join(data.name(g.carrier) for g in feeding[:5])
    more = f" 等 {len(feeding)} 家" if len(feeding) > 5 else ""
    return [Action(
        "accelerate",
        f"打通孵化链条：{names}{more}有毕业企业，但无一进入加速器。",
        f"Link incubation to acceleration: {len(feeding)} carrier(s) graduate firms "
        f"but send none to an accelerator ({names}).",
    )]


def _collaborate(data: ReportData) -> list[Action]:
    share = data.collaboration.iur_share
    if share is None or share >= IUR_LOW:
        return []
    return [Action(
        "collaborate",
        f"产学研合作占比偏低（{share:.0%}，低于 {IUR_LOW:.0%}）："
        "推动企业与高校、科研院所共建平台。",
        f"University–industry ties are only {share:.0%} of park ties (below {IUR_LOW:.0%}): "
        "broker joint labs and projects with universities and institutes.",
    )]


def _tier(data: ReportData) -> list[Action]:
    """The measured category's unmet targets with the distance to go (categories are
    alternatives: a park is never told to climb to another one)."""
    ev = data.evaluation
    measured = next((c for c in ev.categories if c.measured), None)
    if measured is None:
        return [Action(
            "tier",
            "在 parks.csv 的 tier_category 中声明本园区对标的类别（世界一流高科技园区、"
            "创新型科技园区或创新型特色园区），以便按目标评价。",
            "Declare the category the park is measured against (tier_category in parks.csv).",
        )]
    unmet = [t for t in measured.targets if t.met is False]
    if not unmet:
        return []
    zh = "；".join(f"{t.zh}（{t.distance_zh}）" if t.distance_zh else t.zh for t in unmet[:4])
    en = "; ".join(f"{t.en} ({t.distance_en})" if t.distance_en else t.en for t in unmet[:4])
    more_zh = f"等 {len(unmet)} 项" if len(unmet) > 4 else ""
    return [Action(
        "tier",
        f"对标{measured.zh}（{ev.target_year} 年目标）尚未达标：{zh}{more_zh}。",
        f"Against “{measured.en}” ({ev.target_year} targets) {len(unmet)} target(s) not met — "
        f"{en}.",
    )]


def _data(data: ReportData) -> list[Action]:
    missing = [v for v in data.evaluation.indicators if v.source == "missing"]
    if not missing:
        return []
    return [Action(
        "data",
        f"补充统计数据：{len(missing)} 项指标缺少数值，"
        "请在 park_stats.csv 或 org_stats.csv 中填报。",
        f"Report {len(missing)} indicator value(s) in park_stats.csv or org_stats.csv.",
    )]


def next_steps(data: ReportData) -> tuple[Action, ...]:
    """Derive the "what to do next" items from the gathered report data.

    See the module docstring for the rules.

    Examples
    --------
    >>> import networkx as nx
    >>> from ecograph.analysis.indicators.systems import load_systems
    >>> from ecograph.report.build import build_report
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Park", labels=frozenset({"Park"}))
    >>> r = build_report(g, "P", systems=load_systems(), stats=[], year=2024)
    >>> [a.kind for a in next_steps(r)]
    ['tier', 'data']
    """
    return tuple(
        _attract(data) + _accelerate(data) + _collaborate(data) + _tier(data) + _data(data)
    )
