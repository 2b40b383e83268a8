"""Package data, installed as ``ecograph.queries``: the named Cypher queries, one per file.

Read them through :mod:`ecograph.stores.catalog`.
"""
