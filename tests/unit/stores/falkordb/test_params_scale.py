"""Parameter encoding is linear in the number of map keys (was quadratic)."""

from __future__ import annotations

import time

import pytest

from ecograph.errors import InputError
from ecograph.stores.falkordb.params import encode_params, to_cypher


@pytest.mark.parametrize("keys", [40_000, 200_000])
def test_many_keys_encode_in_linear_time(keys: int) -> None:
    rows = [{"id": "x", "props": {f"col{j}": "v" for j in range(keys)}}]
    started = time.perf_counter()
    text = encode_params({"rows": rows})
    assert time.perf_counter() - started < 3.0  # 40k keys took 13.1 s
    assert text.count("`col") == keys and '"col' not in text


def test_many_keys_still_checked() -> None:
    props = {f"col{j}": j for j in range(100)}
    props["bad`name"] = 1
    with pytest.raises(InputError, match="cannot be a property name"):
        to_cypher([{"props": props}])
    text = to_cypher({f"k{j}": '"k0":' for j in range(100)})  # values that look like keys
    assert text.count('`k') == 100 and text.count('\\"k0\\":') == 100
