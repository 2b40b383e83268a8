"""Every docstring example of the ``ecograph`` package runs and holds.

Modules are imported under their installed names (``ecograph.api.app``, not
``api.app``): the packages are those ``pyproject.toml`` declares, each walked
through its own ``__path__``, so the mapped folders (``api/``, ``loaders/`` ...)
are included and a module that fails to import fails its test.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"]
PACKAGES: list[str] = SETUPTOOLS["packages"]


def _modules() -> list[str]:
    names = set(PACKAGES)
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        names.update(f"{package}.{info.name}" for info in pkgutil.iter_modules(path)
                     if not info.ispkg)
    return sorted(names)


MODULES = _modules()


def test_every_package_folder_is_declared() -> None:
    """A new subpackage left out of ``packages`` would be missing from the wheel."""
    found = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((package, *rel)))
    assert found == set(PACKAGES)


def test_modules_include_the_mapped_folders() -> None:
    for expected in ("ecograph.api.app", "ecograph.loaders.tabular",
                     "ecograph.analysis.chain.linkage", "ecograph.stores.falkordb.codec"):
        assert expected in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
