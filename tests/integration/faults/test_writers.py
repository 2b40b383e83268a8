"""Two writers on one store, and a load that conflicts with stored data.

- two ``ecograph load`` of the same package at once on one data folder: the
  second waits for the first (``write.lock``), no key is stored twice and the
  store equals a clean load;
- a load whose ids are already stored with another type fails before its
  first write: the store is unchanged.
"""

from __future__ import annotations

import csv
import itertools
import shutil
from pathlib import Path

import pytest

from .conftest import duplicates, ecograph, fingerprints, spawn

pytestmark = [pytest.mark.integration, pytest.mark.faults]


def test_two_concurrent_loads_store_each_key_once(data_dir: Path, package: Path,
                                                  clean: tuple[str, str, int, int]) -> None:
    assert ecograph(data_dir, "store", "start").returncode == 0
    loads = [spawn(data_dir, "load", str(package), "--batch-size", "200") for _ in range(2)]
    outputs = [load.communicate(timeout=300) for load in loads]
    assert [load.returncode for load in loads] == [0, 0], [err for _, err in outputs]
    assert duplicates(data_dir) == (0, 0)
    assert fingerprints(data_dir) == clean
    assert ecograph(data_dir, "store", "stop").returncode == 0


def test_a_load_conflicting_with_stored_types_writes_nothing(
        data_dir: Path, package: Path, tmp_path: Path) -> None:
    assert ecograph(data_dir, "store", "start").returncode == 0
    assert ecograph(data_dir, "load", str(package)).returncode == 0
    before = fingerprints(data_dir)
    # the same organisations, every one now claimed to be a university, plus new ones
    other = tmp_path / "other"
    other.mkdir()
    with (package / "organizations.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = [{**row, "type": "University"} for row in itertools.islice(reader, 200)]
    rows += [{**{f: "" for f in fields}, "id": f"NEW{i}", "name": f"新{i}",
              "type": "Enterprise"} for i in range(3)]
    with (other / "organizations.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    if (package / "parks.csv").exists():
        shutil.copy(package / "parks.csv", other / "parks.csv")
    done = ecograph(data_dir, "load", str(other))
    assert done.returncode != 0
    text = " ".join(done.stderr.split())
    assert "Traceback" not in text and "University" in text, text
    assert fingerprints(data_dir) == before  # nothing of the failed load was written
    assert ecograph(data_dir, "store", "stop").returncode == 0
