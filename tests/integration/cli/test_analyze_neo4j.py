"""The installed ``ecograph analyze …`` commands, run as subprocesses against the local Neo4j.

The hand-made sample graph (``conftest.make_sample_rows``) is loaded into the
local Neo4j and into the session's FalkorDB. Each command's JSON must be the
same on both stores, and its key figures those counted by hand (as in
``test_analyze_chain`` / ``_collaboration`` / ``_incubation`` / ``_targets``):
chain C in park P: S1 (one park firm a) feeds S2 (park firm b, outside firm x),
purchases x→a, a→b; collaboration a–u, 4 park nodes; incubator i: b entered
and graduated (2018-01-01 → 2020-12-31, 1095 days) and stayed in the park.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ecograph.settings import Settings
from ecograph.stores.falkordb.store import FalkorDBStore
from ecograph.stores.neo4j_local import LocalNeo4j
from ecograph.stores.neo4j_store import Neo4jStore
from tests.integration.cli.procs import ECOGRAPH
from tests.integration.conftest import GRAPH, SOURCE, neo4j_env

pytestmark = [pytest.mark.integration, pytest.mark.neo4j]

Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]

COMMANDS = {
    "chain": ["analyze", "chain", "--park", "P", "--chain", "C", "--as-of", "2024-06-30",
              "--json"],
    "collaboration": ["analyze", "collaboration", "--park", "P", "--json"],
    "incubation": ["analyze", "incubation", "--park", "P", "--today", "2024-01-01", "--json"],
    "targets": ["analyze", "targets", "--park", "P", "--as-of", "2024-06-30", "--format",
                "json"],
}


def _ecograph(args: list[str], env: dict[str, str], cwd: Path) -> Any:
    done = subprocess.run([str(ECOGRAPH), *args], capture_output=True, text=True, env=env,
                          timeout=240, check=False, cwd=cwd)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture
def both(falkordb_store: FalkorDBStore, neo4j_store: Neo4jStore, neo4j_local: LocalNeo4j,
         store_settings: Settings, sample_rows: Rows,
         tmp_path: Path) -> dict[str, dict[str, Any]]:
    """Every command's JSON from each store: ``{"falkordb": {...}, "neo4j": {...}}``."""
    falkordb_store.load(*sample_rows, source=SOURCE)
    neo4j_store.load(*sample_rows, source=SOURCE)
    base = {k: v for k, v in os.environ.items() if not k.startswith("ECOGRAPH_")}
    envs = {
        "falkordb": {**base, "ECOGRAPH_STORE": "embedded", "ECOGRAPH_GRAPH_NAME": GRAPH,
                     "ECOGRAPH_DATA_DIR": str(store_settings.data_dir)},
        "neo4j": {**base, **neo4j_env(neo4j_local), "ECOGRAPH_DATA_DIR": str(tmp_path)},
    }
    return {store: {name: _ecograph(args, env, tmp_path) for name, args in COMMANDS.items()}
            for store, env in envs.items()}


def test_analyze_commands_on_neo4j(both: dict[str, dict[str, Any]]) -> None:
    """One test (16 subprocesses are the cost): same JSON as FalkorDB, hand-counted figures."""
    for name in COMMANDS:
        assert both["neo4j"][name] == both["falkordb"][name], name
    chain = both["neo4j"]["chain"]
    segments = {row["segment"]: row for row in chain["segments"]}
    assert segments["S1"]["firms"] == 1 and segments["S2"]["region_firms"] == 2
    assert (chain["link_realization"], chain["local_sourcing_share"],
            chain["local_sales_share"]) == (1.0, 0.5, 1.0)
    assert chain["single_points"] == ["a"]
    collaboration = both["neo4j"]["collaboration"]
    assert (collaboration["nodes"], collaboration["ties"]) == (4, 1)
    assert collaboration["density"] == pytest.approx(2 / 12, abs=1e-9)
    incubation = both["neo4j"]["incubation"]
    (carrier,) = incubation["carriers"]
    assert (carrier["carrier"], carrier["entrants"], carrier["graduates"],
            carrier["retained"]) == ("i", 1, 1, 1)
    assert carrier["median_dwell_days"] == pytest.approx(1095.0, abs=1e-9)
    targets = both["neo4j"]["targets"]
    assert targets["park"] == "P" and targets["rows"] == []
