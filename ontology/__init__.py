"""Package data, installed as ``ecograph.ontology``: the OWL ontology, SHACL shapes,
SKOS chain maps (``chains/``) and evaluation indicator tables (``indicators/``).

Read them through :mod:`ecograph.resources`, never by path arithmetic.
"""
