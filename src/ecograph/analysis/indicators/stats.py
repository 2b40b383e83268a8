"""Where park statistics tables live: ``<data_dir>/park_stats/<package>.csv``.

A data package may carry a ``park_stats.csv`` (``park``, ``year``,
``indicator``, ``value``; see ``ontology/indicators/README.md``) with the
indicator values the graph cannot count. Loading a package keeps a copy of it
under the data folder, named after the package folder, so the report and the
API find every loaded package's statistics without being told where they are.
Re-loading a package replaces its copy.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from ecograph.analysis.indicators.systems import StatRow, read_park_stats
from ecograph.errors import InputError
from ecograph.settings import Settings

__all__ = ["STATS_FILE", "load_park_stats", "save_park_stats", "stats_dir", "stats_paths"]

logger = logging.getLogger(__name__)

#: File name of the statistics table inside a data package.
STATS_FILE = "park_stats.csv"


def stats_dir(settings: Settings) -> Path:
    """Return the folder holding the saved statistics tables.

    Examples
    --------
    >>> stats_dir(Settings(data_dir=Path("/tmp/eco"))).as_posix()
    '/tmp/eco/park_stats'
    """
    return Path(settings.data_dir) / "park_stats"


def save_park_stats(package_dir: Path, settings: Settings) -> Path | None:
    """Copy ``package_dir/park_stats.csv`` to ``<data_dir>/park_stats/<package>.csv``.

    The table is read first, so a malformed file is refused before anything
    is copied. A package without the file is left alone (returns ``None``).

    Parameters
    ----------
    package_dir : Path
        Folder of a tabular data package.
    settings : Settings
        Gives ``data_dir``.

    Returns
    -------
    Path or None
        The saved copy.

    Raises
    ------
    InputError
        The table cannot be read or has a bad row.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> pkg = root / "demo"
    >>> pkg.mkdir()
    >>> _ = (pkg / "park_stats.csv").write_text(
    ...     "park,year,indicator,value\\nP1,2024,hz.2.2,41.5\\n", encoding="utf-8")
    >>> settings = Settings(data_dir=root / "data")
    >>> save_park_stats(pkg, settings).name
    'demo.csv'
    >>> load_park_stats(settings)
    [StatRow(park='P1', year=2024, indicator='hz.2.2', value=41.5)]
    >>> save_park_stats(root, settings) is None
    True
    """
    source = Path(package_dir) / STATS_FILE
    if not source.is_file():
        return None
    rows = read_park_stats([source])
    target_dir = stats_dir(settings)
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{Path(package_dir).resolve().name}.csv"
        shutil.copyfile(source, target)
    except OSError as exc:
        raise InputError(f"cannot save {source} under {target_dir}: {exc}") from exc
    logger.info("saved %d park statistics rows to %s", len(rows), target)
    return target


def stats_paths(settings: Settings) -> list[Path]:
    """Return the saved statistics tables, sorted by name.

    Examples
    --------
    >>> stats_paths(Settings(data_dir=Path("/nonexistent-ecograph")))
    []
    """
    folder = stats_dir(settings)
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def load_park_stats(settings: Settings) -> list[StatRow]:
    """Read every saved statistics table (see :func:`save_park_stats`).

    Examples
    --------
    >>> load_park_stats(Settings(data_dir=Path("/nonexistent-ecograph")))
    []
    """
    return read_park_stats(stats_paths(settings))
