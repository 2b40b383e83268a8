"""Compile ``ontology/shapes.ttl`` into plain Python checks for tabular rows.

The shapes graph is read once (cached); what comes out is a
:class:`CompiledShapes`: per class the property checks (datatype, allowed
values, pattern, required, lower bound), per relationship type its domain and
range classes, the checks of edge attributes on qualified relation nodes and
the ``sh:lessThanOrEquals`` pairs. Tabular rows are then validated without
building any rdflib graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, SH, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ecograph.errors import InputError
from ecograph.mapping.terms import ECO_NS, REL_OF_PREDICATE
from ecograph.resources import ONTOLOGY_DIR
from ecograph.vocab import ECO, Label, RelType, ancestors

__all__ = ["SHAPES_PATH", "CompiledShapes", "PropCheck", "RelRule", "compile_shapes",
           "load_shapes"]

SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
_ANCESTORS: dict[Label, frozenset[Label]] = {x: frozenset(ancestors(x)) for x in Label}


@dataclass(frozen=True, slots=True)
class PropCheck:
    """Constraints of one property path, merged from its property shapes.

    ``allowed`` holds lexical forms of literals and local names of ``eco:`` IRIs.
    """

    path: str
    datatype: str | None = None
    allowed: frozenset[str] | None = None
    pattern: re.Pattern[str] | None = None
    min_count: int = 0
    min_inclusive: float | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True)
class RelRule:
    """Domain and range of a relationship type (any of the classes)."""

    rel: RelType
    domain: frozenset[Label]
    range: frozenset[Label]
    message: str | None = None

    def domain_ok(self, label: Label) -> bool:
        """Return True when a node of ``label`` may be the source.

        Examples
        --------
        >>> r = RelRule(RelType.HOSTS, frozenset({Label.Organization}),
        ...             frozenset({Label.InnovationPlatform}))
        >>> r.domain_ok(Label.University), r.range_ok(Label.Incubator)
        (True, False)
        """
        return not self.domain or not self.domain.isdisjoint(_ANCESTORS[label])

    def range_ok(self, label: Label) -> bool:
        """Return True when a node of ``label`` may be the target."""
        return not self.range or not self.range.isdisjoint(_ANCESTORS[label])


@dataclass(frozen=True)
class CompiledShapes:
    """All checks compiled from the shapes graph."""

    class_props: dict[Label, dict[str, PropCheck]]
    rel_rules: dict[RelType, RelRule]
    edge_props: dict[str, PropCheck]
    order_pairs: tuple[tuple[str, str, str], ...]
    _merged: dict[Label, dict[str, PropCheck]] = field(default_factory=dict, repr=False)

    def props_for(self, label: Label) -> dict[str, PropCheck]:
        """Return the property checks that apply to ``label`` (own and inherited).

        Examples
        --------
        >>> shapes = load_shapes()
        >>> shapes.props_for(Label.Incubator)[ECO + "employees"].datatype
        'http://www.w3.org/2001/XMLSchema#integer'
        """
        merged = self._merged.get(label)
        if merged is None:
            merged = {}
            for cls in ancestors(label):
                merged.update(self.class_props.get(cls, {}))
            self._merged[label] = merged
        return merged


def _classes(graph: Graph, node: Node) -> set[Label]:
    found: set[Label] = set()
    for cls in graph.objects(node, SH["class"]):
        found.add(_label(cls))
    for lst in graph.objects(node, SH["or"]):
        for member in Collection(graph, lst):
            found |= _classes(graph, member)
    return found


def _label(cls: Node) -> Label:
    text = str(cls)
    if not text.startswith(ECO) or text[len(ECO):] not in Label.__members__:
        raise InputError(f"shapes.ttl names an unknown class {text}")
    return Label(text[len(ECO):])


def _prop_check(graph: Graph, prop_shape: Node, path: str) -> PropCheck:
    allowed: set[str] | None = None
    # sh:in on the shape, or on the members of its sh:or (an organisation's
    # eco:hasQualification: a listed concept or a Qualification node)
    lists = list(graph.objects(prop_shape, SH["in"]))
    for alternatives in graph.objects(prop_shape, SH["or"]):
        for member in Collection(graph, alternatives):
            lists.extend(graph.objects(member, SH["in"]))
    for lst in lists:
        allowed = allowed if allowed is not None else set()
        for item in Collection(graph, lst):
            text = str(item)
            allowed.add(text[len(ECO):] if isinstance(item, URIRef) and text.startswith(ECO)
                        else text)
    datatype = graph.value(prop_shape, SH.datatype)
    pattern = graph.value(prop_shape, SH.pattern)
    min_count = graph.value(prop_shape, SH.minCount)
    min_incl = graph.value(prop_shape, SH.minInclusive)
    message = graph.value(prop_shape, SH.message)
    return PropCheck(
        path=path,
        datatype=str(datatype) if datatype is not None else None,
        allowed=frozenset(allowed) if allowed is not None else None,
        pattern=re.compile(str(pattern)) if pattern is not None else None,
        min_count=int(min_count.toPython()) if isinstance(min_count, Literal) else 0,
        min_inclusive=float(min_incl.toPython()) if isinstance(min_incl, Literal) else None,
        message=str(message) if message is not None else None,
    )


def compile_shapes(graph: Graph) -> CompiledShapes:
    """Compile a SHACL shapes graph into :class:`CompiledShapes`.

    Examples
    --------
    >>> shapes = compile_shapes(Graph().parse(SHAPES_PATH))
    >>> sorted(str(x) for x in shapes.rel_rules[RelType.OPERATES].range)
    ['Fund', 'IncubationCarrier', 'Park']
    >>> shapes.rel_rules[RelType.SEGMENT_OF].domain_ok(Label.Enterprise)
    False
    """
    class_props: dict[Label, dict[str, PropCheck]] = {}
    rel_rules: dict[RelType, RelRule] = {}
    edge_props: dict[str, PropCheck] = {}
    order_pairs: list[tuple[str, str, str]] = []
    qualified = ECO_NS.QualifiedRelation
    for shape in set(graph.subjects(RDF.type, SH.NodeShape)):
        target_class = graph.value(shape, SH.targetClass)
        target_subj = graph.value(shape, SH.targetSubjectsOf)
        for prop_shape in graph.objects(shape, SH.property):
            path = graph.value(prop_shape, SH.path)
            if not isinstance(path, URIRef):
                continue
            if target_subj is not None and path == target_subj:
                rel = REL_OF_PREDICATE.get(path)
                if rel is None:
                    continue
                message = graph.value(prop_shape, SH.message)
                rel_rules[rel] = RelRule(rel, frozenset(_classes(graph, shape)),
                                         frozenset(_classes(graph, prop_shape)),
                                         str(message) if message is not None else None)
                continue
            if target_class is None:
                continue
            check = _prop_check(graph, prop_shape, str(path))
            if target_class == qualified:
                edge_props[str(path)] = check
                for other in graph.objects(prop_shape, SH.lessThanOrEquals):
                    order_pairs.append((str(path), str(other), check.message or
                                        f"{path} after {other}"))
            else:
                class_props.setdefault(_label(target_class), {})[str(path)] = check
    return CompiledShapes(class_props, rel_rules, edge_props, tuple(order_pairs))


@lru_cache(maxsize=4)
def load_shapes(path: Path = SHAPES_PATH) -> CompiledShapes:
    """Read and compile the shapes file once per process.

    Examples
    --------
    >>> load_shapes() is load_shapes()
    True
    """
    if not path.is_file():
        raise InputError(f"shapes file not found: {path}")
    return compile_shapes(Graph().parse(path, format="turtle"))
