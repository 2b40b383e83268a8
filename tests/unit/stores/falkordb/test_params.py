"""FalkorDB parameter headers written by ``ecograph.stores.falkordb.params``."""

from __future__ import annotations

from typing import Any

import pytest

from ecograph.errors import InputError
from ecograph.stores.falkordb.params import encode_params, to_cypher


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ('say "hi"', r'"say \"hi\""'),
        ("C:\\dir\\", r'"C:\\dir\\"'),
        ("two\nlines\ttab\r", r'"two\nlines\ttab\r"'),
        ("中关村 😀 é", '"中关村 😀 é"'),
        ("a\x01b", '"a\x01b"'),  # raw, as FalkorDB reads no \u escapes
        ("\\u0041", r'"\\u0041"'),  # a literal backslash-u stays escaped
        ("\\\x02", '"\\\\\x02"'),
        ("it's", '"it\'s"'),
        ('{"k":1}', r'"{\"k\":1}"'),
        ("", '""'),
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (42, "42"),
        (-7, "-7"),
        (0.5, "0.5"),
        (2839.0, "2839.0"),
        (1e-07, "1e-07"),
        (1.5e300, "1.5e+300"),
        (5e-324, "5e-324"),
        (-0.0, "-0.0"),
        (["x", "y"], '["x","y"]'),
        (("x",), '["x"]'),
        ([], "[]"),
        ({}, "{}"),
    ],
)
def test_scalars_and_lists(value: Any, literal: str) -> None:
    assert to_cypher(value) == literal


def test_rows_keys_become_names_and_values_never_change() -> None:
    rows = [
        {"id": "a", "props": {"name": '"name":', "tags": ["x", "y"], "ok": True}},
        {"id": "b", "props": {"weight": 0.25, "note": 'k":v', "n": 3}},
    ]
    assert to_cypher(rows) == (
        '[{`id`:"a",`props`:{`name`:"\\"name\\":",`tags`:["x","y"],`ok`:true}},'
        '{`id`:"b",`props`:{`weight`:0.25,`note`:"k\\":v",`n`:3}}]'
    )


def test_keys_of_other_shapes_take_the_general_path() -> None:
    assert to_cypher([["a"], {"k": {"deep": {"x": 1}}}]) == '[["a"],{`k`:{`deep`:{`x`:1}}}]'
    assert to_cypher({"n": [{"m": 1}]}) == "{`n`:[{`m`:1}]}"


@pytest.mark.parametrize("key", ["", "a`b", 'a"b', "a\\b", "a\nb"])
def test_keys_that_are_no_property_name_are_refused(key: str) -> None:
    with pytest.raises(InputError):
        to_cypher([{"id": "x", "props": {key: 1}}])
    with pytest.raises(InputError):
        to_cypher([1, {key: 1}])


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), object(), {1.5}])
def test_values_without_a_cypher_literal_are_refused(value: Any) -> None:
    with pytest.raises(InputError):
        to_cypher({"v": value})


def test_header() -> None:
    assert encode_params({"rows": [{"id": "x"}], "limit": 5}) == (
        'CYPHER `rows`=[{`id`:"x"}] `limit`=5 '
    )
    assert encode_params(None) == encode_params({}) == ""
    with pytest.raises(InputError):
        encode_params({"a`b": 1})
