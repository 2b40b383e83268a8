"""CLI command: ``ecograph serve`` — run the HTTP API and the explorer page."""

from __future__ import annotations

import typer

from ecograph.settings import get_settings


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("serve")
    def serve_command(
        host: str | None = typer.Option(None, "--host", help="Interface (ECOGRAPH_API_HOST)."),
        port: int | None = typer.Option(None, "--port", help="Port (ECOGRAPH_API_PORT)."),
        workers: int = typer.Option(
            1, "--workers", min=1, help="Server processes, each with its own cache."),
        access_log: bool = typer.Option(
            False, "--access-log/--no-access-log", help="Log every request (off: faster)."),
    ) -> None:
        """Serve the API and the explorer page (http://HOST:PORT/)."""
        from ecograph.api.server import serve
        from ecograph.stores import hold_server

        settings = get_settings()
        with hold_server(settings):  # stopped on exit (Ctrl+C too) if serving started it
            serve(host or settings.api_host,
                  port if port is not None else settings.api_port,
                  workers=workers, access_log=access_log)
