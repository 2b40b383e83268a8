"""``ecograph analyze collaboration`` against the real embedded store.

On the session's hand-made sample graph (``conftest.make_sample_rows``): park
P holds a (Enterprise, chain C segment S1) and u (University); sub-park P1
holds b (Enterprise, S2) and i (Incubator). One COLLABORATES_WITH a–u
(joint_patent, since 2021-01-01); x (outside) is in S2 with no collaboration.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from ecograph.cli.app import app, main
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = pytest.mark.integration


def _run_json(*args: str) -> Any:
    result = CliRunner().invoke(app, ["analyze", "collaboration", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_collaboration_json_on_sample(sample_store: FalkorDBStore) -> None:
    data = _run_json("--park", "P")
    assert {"nodes", "ties", "density", "mean_degree", "components", "giant_component_share",
            "average_clustering", "block_density", "iur_share", "openness", "triple_helix_T",
            "brokers", "betweenness_method", "communities", "trend", "params"} <= set(data)
    # nodes a, u, b, i; one tie a–u
    assert (data["nodes"], data["ties"], data["park_ties"]) == (4, 1, 1)
    assert data["density"] == pytest.approx(2 / 12, abs=1e-9)
    assert data["mean_degree"] == pytest.approx(0.5, abs=1e-9)
    assert (data["components"], data["giant_component_share"]) == (3, 0.5)
    assert data["average_clustering"] == 0.0
    assert (data["iur_share"], data["openness"], data["triple_helix_T"]) == (1.0, 0.0, 0.0)
    assert data["brokers"] == [] and data["betweenness_method"] == "exact"
    # one community {a, u} with the only edge: Q = 1 − (2/2)² = 0
    assert data["communities"]["count"] == 3
    assert data["communities"]["modularity"] == pytest.approx(0.0, abs=1e-9)
    assert data["communities"]["top"][0] == {"size": 2, "members": ["a", "u"]}
    assert [(t["year"], t["ties"]) for t in data["trend"]] == [(2021, 1)]
    blocks = {(r["type_a"], r["type_b"]): r for r in data["block_density"]}
    assert blocks["Enterprise", "University"] == {
        "type_a": "Enterprise", "type_b": "University", "ties": 1, "pairs": 2, "density": 0.5}


def test_collaboration_chain_and_years(sample_store: FalkorDBStore) -> None:
    # chain C: a, b (park firms) and u (University tied to a); x is outside
    data = _run_json("--park", "P", "--chain", "C")
    assert (data["nodes"], data["ties"]) == (3, 1)
    assert data["density"] == pytest.approx(1 / 3, abs=1e-9)
    assert data["params"]["chain"] == "C"
    later = _run_json("--park", "P", "--since", "2022")
    assert (later["ties"], later["park_ties"], later["iur_share"]) == (0, 0, None)
    assert later["trend"] == []


def test_collaboration_human_output(sample_store: FalkorDBStore) -> None:
    result = CliRunner().invoke(app, ["analyze", "collaboration", "--park", "P"])
    assert result.exit_code == 0, result.output
    for text in ("Collaboration density", "triple_helix_T", "Block density", "Communities",
                 "2021", "no organisation lies between"):
        assert text in result.stdout


@pytest.mark.parametrize("args", [["--park", "nope"], ["--park", "P", "--chain", "nope"]])
def test_unknown_ids_exit_2(sample_store: FalkorDBStore, args: list[str],
                            monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["ecograph", "analyze", "collaboration", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    assert "unknown" in capsys.readouterr().err


def test_collaboration_on_full_fixture(loaded_store: FalkorDBStore) -> None:
    # tests/fixtures/full: park P1 ⊃ P1a with 13 current organisations; V1's
    # LOCATED_IN P1a ended in 2018, so it is no park member as of today
    # (metrics.md section 0; E3 is outside); ties E1–U1 (2020, weight 4),
    # E2–R1 (2021), N1–E1 (2022-07-01)
    data = _run_json("--park", "P1")
    assert (data["nodes"], data["ties"], data["park_ties"]) == (13, 3, 3)
    assert data["density"] == pytest.approx(6 / (13 * 12), abs=1e-9)
    assert data["mean_degree"] == pytest.approx(6 / 13, abs=1e-9)
    # {E1, U1, N1}, {E2, R1} and 8 isolates
    assert data["components"] == 10
    assert data["giant_component_share"] == pytest.approx(3 / 13, abs=1e-9)
    # 产学研 (v2): E1–U1, E2–R1 and N1–E1 (a NewRDInstitution counts with U)
    assert data["iur_share"] == pytest.approx(1.0, abs=1e-9)
    assert (data["iur_ties"], data["events"], data["triple_helix_informative"]) == (3, 3, False)
    assert data["openness"] == 0.0
    # every event has I and no G: T = 0
    assert data["triple_helix_T"] == pytest.approx(0.0, abs=1e-12)
    # E1 lies between U1 and N1: 1 pair of 12·11/2
    assert [(b["org"], b["betweenness"]) for b in data["brokers"]] == [
        ("E1", pytest.approx(1 / 66, abs=1e-12))]
    # as of mid-2016 V1 was in P1a (14 organisations) and no tie had started yet
    then = _run_json("--park", "P1", "--as-of", "2016-06-30")
    assert (then["nodes"], then["ties"], then["params"]["as_of"]) == (14, 0, "2016-06-30")
    assert [(t["year"], t["ties"]) for t in data["trend"]] == [(2020, 1), (2021, 1), (2022, 1)]
    # chain bat up to 2021: park firms E1, E2, T1 plus partners U1, R1 (E3 is
    # outside; N1's tie of 2022 is out of range)
    chain = _run_json("--park", "P1", "--chain", "bat", "--until", "2021")
    assert (chain["nodes"], chain["ties"]) == (5, 2)
    assert chain["density"] == pytest.approx(4 / 20, abs=1e-9)
