"""Where the project's data folders are: ``ontology/``, ``queries/``, ``loaders/demo``.

They live at the repository root beside ``src/`` (ecograph is installed
editable, also in the Docker image), so they are found relative to this file.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEMO_DIR", "ONTOLOGY_DIR", "QUERIES_DIR", "REPO_ROOT"]

REPO_ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = REPO_ROOT / "ontology"
QUERIES_DIR = REPO_ROOT / "queries"
DEMO_DIR = REPO_ROOT / "loaders" / "demo"
