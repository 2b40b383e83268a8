"""The ``ecograph`` command line (Typer)."""
