"""``ecograph load / stats / export / query / store`` against the session's embedded store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from ecograph.cli.app import app
from ecograph.errors import QueryError, ValidationFailedError
from ecograph.mapping import rows_to_rdf
from ecograph.stores.falkordb.store import FalkorDBStore

pytestmark = pytest.mark.integration

FULL = Path(__file__).resolve().parents[2] / "fixtures" / "full"
runner = CliRunner()


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A tiny package: two firms, a park, one supply tie, one bad row."""
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "parks.csv").write_text("id,name,kind\nQ,园区,HighTechZone\n", encoding="utf-8")
    (folder / "organizations.csv").write_text(
        "id,name,type,park\nq1,甲,Enterprise,Q\nq2,乙,Enterprise,Q\nq3,丙,Spaceship,Q\n",
        encoding="utf-8")
    (folder / "relations.csv").write_text(
        "source,target,type,since\nq1,q2,SUPPLIES,2020\n", encoding="utf-8")
    return folder


def _load(*args: str) -> None:
    result = runner.invoke(app, ["load", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_load_then_stats(store: FalkorDBStore, package: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    _load(str(package), "--rejects", str(rejects), "--batch-size", "1")
    counts = json.loads(runner.invoke(app, ["stats", "--json"]).output)
    assert counts["nodes"]["Enterprise"] == 2
    assert counts["nodes"]["HighTechZone"] == 1
    assert counts["relationships"]["SUPPLIES"] == 1
    assert counts["relationships"]["LOCATED_IN"] == 2
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["line"], r["column"]) for r in rows] == [("4", "type")]
    _load(str(package), "--rejects", str(rejects))  # idempotent
    assert json.loads(runner.invoke(app, ["stats", "--json"]).output) == counts


def test_strict_load_fails_and_writes_rejects(store: FalkorDBStore, package: Path,
                                              tmp_path: Path) -> None:
    rejects = tmp_path / "strict.csv"
    result = runner.invoke(app, ["load", str(package), "--strict", "--rejects", str(rejects)])
    assert isinstance(result.exception, ValidationFailedError)
    assert rejects.exists()
    assert store.stats()["nodes"] == {}


def test_replace(store: FalkorDBStore, package: Path, tmp_path: Path) -> None:
    _load(str(package), "--rejects", str(tmp_path / "r.csv"))
    (package / "relations.csv").write_text("source,target,type\n", encoding="utf-8")
    _load(str(package), "--replace", "--rejects", str(tmp_path / "r.csv"))
    assert "SUPPLIES" not in store.stats()["relationships"]


def test_export_is_isomorphic(store: FalkorDBStore, tmp_path: Path) -> None:
    from ecograph.loaders import read_sources

    _load(str(FULL), "--source", "full", "--rejects", str(tmp_path / "r.csv"))
    out = tmp_path / "graph.ttl"
    result = runner.invoke(app, ["export", "--format", "turtle", "-o", str(out)],
                           catch_exceptions=False)
    assert result.exit_code == 0
    exported = Graph().parse(out, format="turtle")
    stamp = store.iter_rows()[0][0]["props"]["loaded_at"]  # one stamp per read
    direct = read_sources([FULL], source_name="full", loaded_at=stamp)
    built = rows_to_rdf(direct.nodes, direct.edges)
    assert len(exported) == len(built) > 0
    assert isomorphic(exported, built)


def test_query(sample_store: FalkorDBStore) -> None:
    result = runner.invoke(app, ["query", "collaborators", "--param", "org=u", "--json"],
                           catch_exceptions=False)
    assert [r["id"] for r in json.loads(result.output)] == ["a"]
    listing = runner.invoke(app, ["query", "--list"]).output
    assert "shortest_connection" in listing
    bad = runner.invoke(app, ["query", "collaborators", "--param", "org"])
    assert isinstance(bad.exception, QueryError)


def test_store_status(embedded_server: object) -> None:
    result = runner.invoke(app, ["store", "status", "--json"], catch_exceptions=False)
    status = json.loads(result.output)
    assert status["running"] is True
    assert status["port"] == embedded_server.port  # type: ignore[attr-defined]
