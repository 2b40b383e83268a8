"""Shared output helpers for CLI commands: JSON and rich consoles."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from ecograph.analysis.common import to_plain

__all__ = ["console", "err_console", "print_json"]

console = Console()
err_console = Console(stderr=True)


def print_json(value: Any) -> None:
    """Print ``value`` as UTF-8 JSON on stdout (Chinese kept readable)."""
    print(json.dumps(to_plain(value), ensure_ascii=False, indent=2))
