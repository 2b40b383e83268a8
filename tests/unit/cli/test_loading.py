"""The load's progress display: rows/s and the time left, on stderr."""

from __future__ import annotations

import io
import time
from pathlib import Path

from rich.console import Console

from ecograph.cli.loading import count_records, progress_bar
from ecograph.resources import DEMO_DIR


def test_progress_shows_rows_per_second_and_eta() -> None:
    out = io.StringIO()
    bar = progress_bar(Console(file=out, width=120, force_terminal=False))
    task = bar.add_task("relationships", total=1000)
    with bar:
        for _ in range(4):
            time.sleep(0.05)
            bar.advance(task, 100)
        bar.refresh()
        line = bar.get_renderable()
        bar.console.print(line)
    text = out.getvalue()
    assert "relationships" in text and "400/1000" in text
    assert " rows/s" in text and "… rows/s" not in text.splitlines()[-1]
    assert "ETA" in text and "0:00:0" in text.splitlines()[-1]


def test_count_records_counts_the_index_pass_tables(tmp_path: Path) -> None:
    (tmp_path / "organizations.csv").write_text("id,name,type\na,甲,Enterprise\nb,乙,Enterprise\n",
                                                encoding="utf-8")
    (tmp_path / "relations.csv").write_text("source,target,type\na,b,SUPPLIES\n",
                                            encoding="utf-8")
    assert count_records([tmp_path]) == 2  # relations are read later
    assert count_records([DEMO_DIR]) > count_records([tmp_path])


def test_progress_keeps_eight_digit_counts_whole_in_80_columns() -> None:
    out = io.StringIO()
    clock = [0.0]
    bar = progress_bar(Console(file=out, width=80, force_terminal=False),
                       get_time=lambda: clock[0])
    task = bar.add_task("relationships", total=11_711_799)
    clock[0] = 541.0  # a 1.4M-organisation load's relationships: 541 s
    bar.update(task, completed=11_711_799)
    bar.console.print(bar.get_renderable())
    line = out.getvalue().splitlines()[0]
    assert "11711799/11711799" in line and "21,648 rows/s" in line and "…" not in line
