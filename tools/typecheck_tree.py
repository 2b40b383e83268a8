"""Lay out the ``ecograph`` package as installed, as a tree of symlinks, for mypy.

The build maps top-level folders into the package (``[tool.setuptools]
package-dir`` in ``pyproject.toml``: ``api/`` is ``ecograph.api`` ...). An
editable install resolves that mapping with an import hook, which mypy does not
run, so ``make typecheck`` builds ``build/typecheck/ecograph`` from the same
mapping and type-checks ``-p ecograph`` there. Errors name the links, which
point at the files you edit.

Usage: ``python tools/typecheck_tree.py [OUT]`` (default ``build/typecheck``).
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(out: Path) -> None:
    """(Re)create ``out`` with one link per mapped package folder."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    if out.exists():
        shutil.rmtree(out)
    top = mapping["ecograph"]
    package = out / "ecograph"
    package.mkdir(parents=True)
    nested = {name.split(".", 1)[1] for name in mapping if name != "ecograph"}
    for child in sorted((ROOT / top).iterdir()):
        if child.name != "__pycache__" and child.name not in nested:
            (package / child.name).symlink_to(child)
    for name, folder in sorted(mapping.items()):
        if name != "ecograph":
            (out / name.replace(".", "/")).symlink_to(ROOT / folder, target_is_directory=True)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "typecheck")
