"""CLI commands: store_cmds (being built; see docs/design.md)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
