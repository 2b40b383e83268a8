"""ecograph: a knowledge graph of industrial-park innovation ecosystems."""

__version__ = "0.1.0"
