"""The seeds' indicator tables are all present, with the source's weights and thresholds."""

from __future__ import annotations

from collections import Counter

import pytest

from ecograph.analysis.indicators.systems import load_systems


def test_index_2013_has_every_indicator_with_group_weights() -> None:
    systems = load_systems()
    per_group = Counter(ind.group for ind in systems.index)
    assert per_group == {"1": 11, "2": 11, "3": 10, "4": 8}
    group_weights = {ind.group: ind.group_weight for ind in systems.index}
    assert group_weights == {"1": 30.0, "2": 30.0, "3": 20.0, "4": 20.0}
    assert len({ind.id for ind in systems.index}) == 40


@pytest.mark.parametrize(
    ("indicator", "weight", "source_type"),
    [
        ("hz.1.2", 1.1, "statistics"),  # 企业万元销售收入中R&D经费支出
        ("hz.1.4", 0.8, "statistics"),  # 国家级孵化器数
        ("hz.1.10", 1.0, "survey"),
        ("hz.1.11", 1.0, "qualitative"),
        ("hz.2.7", 1.0, "statistics"),  # 万人拥有的上市企业数量
        ("hz.3.9", 1.1, "survey"),
        ("hz.4.7", 0.9, "survey"),
        ("hz.4.8", 1.1, "qualitative"),
    ],
)
def test_index_2013_weights_and_source_types(indicator: str, weight: float,
                                             source_type: str) -> None:
    found = {ind.id: ind for ind in load_systems().index}[indicator]
    assert found.weight == weight
    assert found.source_type == source_type


def test_every_indicator_is_bilingual_with_a_unit() -> None:
    systems = load_systems()
    rows = [*systems.index, *systems.tiers, *systems.guide]
    for row in rows:
        assert row.zh and row.en and row.unit, row


def test_tier_targets_count_and_thresholds() -> None:
    systems = load_systems()
    assert Counter(t.tier for t in systems.tiers) == {
        "world_class": 10, "innovative": 10, "characteristic": 9,
    }
    by_key = {(t.tier, t.indicator): t.threshold for t in systems.tiers}
    assert by_key[("world_class", "rd_revenue_percent")] == 8
    assert by_key[("world_class", "national_rd_institutions")] == 100
    assert by_key[("innovative", "high_tech_share")] == 35
    assert by_key[("characteristic", "high_tech_share")] == 30
    assert by_key[("characteristic", "value_added_per_employee")] == 40
    assert by_key[("innovative", "operating_profit_margin")] == 8


def test_guangxi_guideline_groups() -> None:
    per_group = Counter(ind.group for ind in load_systems().guide)
    assert per_group == {"5.1": 5, "5.2": 4, "5.3": 6, "5.4": 7}
