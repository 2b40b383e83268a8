"""The package data ecograph ships: ontology, named queries, the demo package.

They are edited at the top of the repository (``ontology/``, ``queries/``,
``loaders/demo/``) and installed inside the package (``ecograph.ontology``,
``ecograph.queries``, ``ecograph.loaders``; see ``[tool.setuptools]`` in
``pyproject.toml``), so they are found through :mod:`importlib.resources`,
whether ecograph is installed from a wheel or editable.

Examples
--------
>>> (ONTOLOGY_DIR / "ecograph.ttl").is_file(), (QUERIES_DIR / "park_overview.cypher").is_file()
(True, True)
>>> (DEMO_DIR / "organizations.csv").is_file()
True
"""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

__all__ = ["DEMO_DIR", "ONTOLOGY_DIR", "QUERIES_DIR", "package_dir"]


def package_dir(package: str) -> Path:
    """Return the folder of an installed ecograph package as a filesystem path.

    Raises
    ------
    RuntimeError
        The package is not installed as files (for example inside a zip), which
        ecograph does not support: rdflib, pyshacl and the CSV readers need paths.

    The package itself is not imported (``ecograph.loaders`` would import the
    RDF and SHACL stack just to name a folder).
    """
    spec = importlib.util.find_spec(package)  # finds the folder without running __init__
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) == 1 and Path(locations[0]).is_dir():
        return Path(locations[0])
    root = resources.files(package)
    if not isinstance(root, Path):
        raise RuntimeError(f"{package} is not installed as files on disk: {root!r}")
    return root


ONTOLOGY_DIR = package_dir("ecograph.ontology")
QUERIES_DIR = package_dir("ecograph.queries")
DEMO_DIR = package_dir("ecograph.loaders") / "demo"
