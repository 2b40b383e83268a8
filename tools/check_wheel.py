"""Build the wheel, install it into a fresh virtual environment, and use it from elsewhere.

Checks that the wheel carries the package data (ontology, chain maps, indicator
tables, named queries, demo package, templates), that nothing is installed
outside ``ecograph.``, and that the installed ``ecograph`` runs the demo,
validates the shipped demo package, analyses a chain and writes a report from a
working directory that is not the source tree.

Usage::

    python tools/check_wheel.py [--work DIR] [--deps-from SITE_PACKAGES]

``--deps-from`` lets the fresh environment import the dependencies (not
ecograph) from an existing environment's site-packages instead of downloading
them; without it they are installed from the registry. Exit 0 on success; the
first failed step exits 1 with its output.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Files the wheel must hold (package data mapped in from the top-level folders).
REQUIRED = (
    "ecograph/ontology/ecograph.ttl",
    "ecograph/ontology/shapes.ttl",
    "ecograph/ontology/chains/nev.ttl",
    "ecograph/ontology/chains/ic.ttl",
    "ecograph/ontology/chains/biomed.ttl",
    "ecograph/ontology/indicators/hitech_zone_index_2013.csv",
    "ecograph/ontology/indicators/tier_targets_2013.csv",
    "ecograph/ontology/indicators/guangxi_innovation_system.csv",
    "ecograph/queries/park_overview.cypher",
    "ecograph/loaders/demo/organizations.csv",
    "ecograph/loaders/demo/relations.csv",
    "ecograph/loaders/demo/park_stats.csv",
    "ecograph/api/templates/explorer.html",
    "ecograph/api/static/docs/swagger-ui-bundle.js",
    "ecograph/api/static/docs/swagger-ui.css",
    "ecograph/api/static/docs/redoc.standalone.js",
    "ecograph/report/templates/report.html.j2",
    "ecograph/viz/templates/network.html",
    "ecograph/py.typed",
    # the local Neo4j's Maven project, built on first use (store start --store neo4j --local)
    "ecograph/neo4j_launcher/pom.xml",
    "ecograph/neo4j_launcher/src/main/java/ecograph/neo4jlocal/Launcher.java",
    "ecograph/neo4j_launcher/src/main/java/ecograph/neo4jlocal/BulkImport.java",
)


class CheckFailedError(Exception):
    """A step of the check failed."""


def _run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    print("$", " ".join(args), flush=True)
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        command = " ".join(args)
        raise CheckFailedError(f"exit {done.returncode}: {command}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build_wheel(out: Path) -> Path:
    """Build the wheel of the checkout into ``out`` and return its path."""
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
          "-w", str(out), str(ROOT)], cwd=out)
    wheels = sorted(out.glob("ecograph-*.whl"))
    if len(wheels) != 1:
        raise CheckFailedError(f"expected one wheel in {out}, found {wheels}")
    return wheels[0]


def check_contents(wheel: Path) -> list[str]:
    """Check the wheel's file list; return it."""
    names = zipfile.ZipFile(wheel).namelist()
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise CheckFailedError(f"the wheel lacks {missing}")
    built = [n for n in names if n.startswith("ecograph/neo4j_launcher/")
             and not n.endswith((".xml", ".md", ".java", "__init__.py"))]
    if built:
        raise CheckFailedError(f"the wheel ships build output of the Neo4j launcher: {built[:5]}")
    stray = sorted({n.split("/")[0] for n in names} - {"ecograph"}
                   - {n.split("/")[0] for n in names if ".dist-info/" in n})
    if stray:
        raise CheckFailedError(f"the wheel installs top-level names besides ecograph: {stray}")
    return names


def fresh_env(work: Path, wheel: Path, deps_from: Path | None) -> Path:
    """Make a virtual environment with the wheel installed; return its ``bin`` folder."""
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    python = venv / "bin" / "python"
    if deps_from is not None:
        purelib = "import sysconfig; print(sysconfig.get_path('purelib'))"
        site = Path(_run([str(python), "-c", purelib], cwd=work).strip())
        # a plain path entry: the .pth files there (an editable ecograph) are not run
        (site / "ecograph_check_deps.pth").write_text(f"{deps_from}\n", encoding="utf-8")
        _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], cwd=work)
    else:
        _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], cwd=work)
    return venv / "bin"


def use_it(bin_dir: Path, work: Path) -> dict[str, object]:
    """Run the installed ``ecograph`` from ``work`` (not the checkout); return what it said."""
    cwd = work / "elsewhere"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ECOGRAPH_", "PYTHON"))}
    env.update(ECOGRAPH_DATA_DIR=str(work / "data"), PATH=f"{bin_dir}{os.pathsep}{env['PATH']}")
    ecograph = str(bin_dir / "ecograph")
    where = json.loads(_run([str(bin_dir / "python"), "-c",
                             "import json, ecograph, ecograph.resources as r; print(json.dumps("
                             "[ecograph.__file__, str(r.DEMO_DIR), str(r.ONTOLOGY_DIR)]))"],
                            cwd=cwd, env=env))
    venv = str(bin_dir.parent)
    if not all(str(path).startswith(venv) for path in where):
        raise CheckFailedError(f"ecograph is not imported from the fresh environment: {where}")
    try:
        _run([ecograph, "demo", "--no-serve"], cwd=cwd, env=env)
        _run([ecograph, "validate", str(where[1])], cwd=cwd, env=env)
        chain = json.loads(_run([ecograph, "analyze", "chain", "--park", "P-YH", "--chain", "nev",
                                 "--json"], cwd=cwd, env=env))
        _run([ecograph, "report", "--park", "P-YH", "-o", str(cwd / "report.html")],
             cwd=cwd, env=env)
    finally:
        subprocess.run([ecograph, "store", "stop"], cwd=cwd, env=env, capture_output=True,
                       timeout=120)
    report = (cwd / "report.html").read_text(encoding="utf-8")
    if "<html" not in report.lower() or ("P-YH" not in report and "云湖" not in report):
        raise CheckFailedError("the report is not the park's HTML page")
    return {"modules": where, "segments": len(chain["segments"]), "report_bytes": len(report)}


def use_local_neo4j(bin_dir: Path, work: Path) -> dict[str, object]:
    """Start, query and stop the local Neo4j from the installed wheel (built in ``work``)."""
    cwd = work / "elsewhere-neo4j"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ECOGRAPH_", "PYTHON"))}
    env.update(ECOGRAPH_DATA_DIR=str(work / "data-neo4j"),
               ECOGRAPH_NEO4J_LOCAL_BUILD=str(work / "build"),
               PATH=f"{bin_dir}{os.pathsep}{env['PATH']}")
    ecograph = str(bin_dir / "ecograph")
    local = ["--store", "neo4j", "--local"]
    try:
        started = _run([ecograph, "store", "start", *local], cwd=cwd, env=env)
        status = json.loads(_run([ecograph, "store", "status", *local, "--json"],
                                 cwd=cwd, env=env))
    finally:
        subprocess.run([ecograph, "store", "stop", *local], cwd=cwd, env=env,
                       capture_output=True, timeout=120)
    jars = sorted(p.relative_to(work).as_posix() for p in (work / "build").glob("*/target/*.jar"))
    if not status.get("running") or len(jars) != 1:
        raise CheckFailedError(f"the local Neo4j did not run from the wheel: {status} {jars}")
    return {"neo4j_status": status, "neo4j_jar": jars[0],
            "neo4j_built_message": "building the local Neo4j launcher" in started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="Folder to work in (default: a temporary one).")
    parser.add_argument("--deps-from", type=Path, help="site-packages to take dependencies from.")
    parser.add_argument("--neo4j-only", action="store_true",
                        help="Instead of the demo steps, build and start the local Neo4j from "
                             "the installed wheel (needs Java and Maven).")
    args = parser.parse_args()
    deps = args.deps_from or None
    with tempfile.TemporaryDirectory(prefix="ecograph-wheel-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        try:
            wheel = build_wheel(work)
            names = check_contents(wheel)
            bin_dir = fresh_env(work, wheel, deps)
            result = use_local_neo4j(bin_dir, work) if args.neo4j_only else use_it(bin_dir, work)
        except CheckFailedError as exc:
            print(f"wheel check failed: {exc}", file=sys.stderr)
            return 1
    print(json.dumps({"wheel": wheel.name, "files": len(names), **result}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
