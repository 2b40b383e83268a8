"""Pure analyses over the NetworkX projection (see ``docs/design.md``).

Nothing here imports a driver, FastAPI or pyvis: functions take a graph and
return plain data.
"""
