"""Shared output helpers for CLI commands: JSON and rich consoles."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from rich.console import Console

__all__ = ["console", "err_console", "print_json", "to_jsonable"]

console = Console()
err_console = Console(stderr=True)


def to_jsonable(value: Any) -> Any:
    """Turn analysis output (dataclasses aside) into JSON-ready data.

    NaN and infinities become ``None`` (JSON has no NaN).

    Examples
    --------
    >>> to_jsonable({"a": {1, 2}, "b": float("nan"), "c": date(2020, 1, 2)})
    {'a': [1, 2], 'b': None, 'c': '2020-01-02'}
    """
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(to_jsonable(k)): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(to_jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f: to_jsonable(getattr(value, f)) for f in value.__dataclass_fields__}
    if hasattr(value, "model_dump"):
        return to_jsonable(value.model_dump())
    return value


def print_json(value: Any) -> None:
    """Print ``value`` as UTF-8 JSON on stdout (Chinese kept readable)."""
    print(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))
