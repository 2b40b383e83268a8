"""Generate ``src/ecograph/vocab.py`` from ``ontology/ecograph.ttl``.

Run ``python -m ecograph.codegen`` to rewrite the module, or
``python -m ecograph.codegen --check`` to exit 1 when the committed module
differs from what the ontology gives. The ontology owns every name: classes
with an ``eco:order`` become :class:`~ecograph.vocab.Label` members, object
properties with an ``eco:relType`` become ``RelType`` members, the concepts of
the scheme ``eco:Qualification`` become ``Qualification`` members and the
``owl:oneOf`` datatypes become ``Level``, ``Stage``, ``CollaborationKind``,
``Outcome`` and ``ContractKind``.
"""

from __future__ import annotations

import argparse
import json
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SKOS
from rdflib.term import Node

from ecograph.errors import InputError
from ecograph.resources import ONTOLOGY_DIR

__all__ = [
    "ClassTerm",
    "RelTerm",
    "Term",
    "Vocabulary",
    "generate",
    "main",
    "read_vocabulary",
    "render",
]

logger = logging.getLogger(__name__)

ECO = Namespace("https://w3id.org/ecograph/ontology#")
ID_BASE = "https://w3id.org/ecograph/id/"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ecograph.ttl"
#: The generated module sits beside this one (in the source tree when run from a checkout).
VOCAB_FILE = Path(__file__).with_name("vocab.py")
LINE_WIDTH = 100
ENUM_DATATYPES = {
    "Level": "LevelValue",
    "Stage": "StageValue",
    "CollaborationKind": "CollaborationKindValue",
    "Outcome": "OutcomeValue",
    "ContractKind": "ContractKindValue",
}


@dataclass(frozen=True)
class Term:
    """A named ontology term with its English and Chinese labels."""

    name: str
    en: str
    zh: str


@dataclass(frozen=True)
class ClassTerm(Term):
    """A class that is a node label, with its parent label and group kind."""

    parent: str | None
    group_kind: str | None
    incubation_stage: int | None


@dataclass(frozen=True)
class RelTerm(Term):
    """An object property that is a relationship type of the property graph."""

    rel_type: str
    attributes: tuple[str, ...]
    domain: tuple[str, ...]
    range: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Everything ``vocab.py`` is generated from, in enum order."""

    labels: tuple[ClassTerm, ...]
    rels: tuple[RelTerm, ...]
    qualifications: tuple[Term, ...]
    enums: tuple[tuple[str, tuple[str, ...]], ...]


def _local(node: Node) -> str:
    text = str(node)
    if not text.startswith(str(ECO)):
        raise InputError(f"ontology term {text} is outside the eco: namespace")
    return text[len(str(ECO)) :]


def _labels(graph: Graph, node: URIRef) -> tuple[str, str]:
    found: dict[str, str] = {}
    for value in graph.objects(node, RDFS.label):
        if isinstance(value, Literal) and value.language in ("en", "zh"):
            found[value.language] = str(value)
    if set(found) != {"en", "zh"}:
        raise InputError(f"ontology term {node} lacks an @en or @zh rdfs:label")
    return found["en"], found["zh"]


def _int(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = graph.value(node, prop)
    return None if value is None else int(str(value))


def _ordered(graph: Graph, nodes: set[Node]) -> list[URIRef]:
    keyed: list[tuple[int, URIRef]] = []
    for node in nodes:
        order = _int(graph, node, ECO.order)
        if order is None or not isinstance(node, URIRef):
            raise InputError(f"ontology term {node} has no eco:order")
        keyed.append((order, node))
    if len({order for order, _ in keyed}) != len(keyed):
        raise InputError("ontology terms of one kind share an eco:order")
    return [node for _, node in sorted(keyed)]


def _class_members(graph: Graph, node: Node | None) -> tuple[str, ...]:
    if node is None:
        return ()
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    return tuple(_local(member) for member in members)


def _read_labels(graph: Graph) -> tuple[ClassTerm, ...]:
    nodes = {n for n in graph.subjects(RDF.type, OWL.Class) if (n, ECO.order, None) in graph}
    terms: list[ClassTerm] = []
    for node in _ordered(graph, nodes):
        parents = [_local(p) for p in graph.objects(node, RDFS.subClassOf) if p in nodes]
        if len(parents) > 1:
            raise InputError(f"class {node} has more than one eco: parent")
        kind = graph.value(node, ECO.groupKind)
        en, zh = _labels(graph, node)
        terms.append(
            ClassTerm(
                name=_local(node),
                en=en,
                zh=zh,
                parent=parents[0] if parents else None,
                group_kind=None if kind is None else str(kind),
                incubation_stage=_int(graph, node, ECO.incubationStage),
            )
        )
    return tuple(terms)


def _read_rels(graph: Graph) -> tuple[RelTerm, ...]:
    nodes = set(graph.subjects(ECO.relType, None))
    terms: list[RelTerm] = []
    for node in _ordered(graph, nodes):
        attributes = sorted(
            (str(graph.value(a, ECO.propName)) for a in graph.objects(node, ECO.edgeAttribute)),
        )
        en, zh = _labels(graph, node)
        terms.append(
            RelTerm(
                name=_local(node),
                en=en,
                zh=zh,
                rel_type=str(graph.value(node, ECO.relType)),
                attributes=tuple(attributes),
                domain=_class_members(graph, graph.value(node, RDFS.domain)),
                range=_class_members(graph, graph.value(node, RDFS.range)),
            )
        )
    return tuple(terms)


def _read_qualifications(graph: Graph) -> tuple[Term, ...]:
    nodes = set(graph.subjects(SKOS.inScheme, ECO.Qualification))
    return tuple(Term(_local(node), *_labels(graph, node)) for node in _ordered(graph, nodes))


def _read_enum(graph: Graph, datatype: str) -> tuple[str, ...]:
    equivalent = graph.value(ECO[datatype], OWL.equivalentClass)
    one_of = None if equivalent is None else graph.value(equivalent, OWL.oneOf)
    if one_of is None:
        raise InputError(f"datatype eco:{datatype} has no owl:oneOf enumeration")
    return tuple(str(value) for value in Collection(graph, one_of))


def read_vocabulary(graph: Graph) -> Vocabulary:
    """Read the generated names from the ontology ``graph``.

    Examples
    --------
    >>> vocab = read_vocabulary(Graph().parse(ONTOLOGY_FILE))
    >>> vocab.labels[0].name, vocab.rels[0].rel_type, vocab.enums[1]
    ('Park', 'LOCATED_IN', ('Stage', ('upstream', 'midstream', 'downstream')))
    """
    return Vocabulary(
        labels=_read_labels(graph),
        rels=_read_rels(graph),
        qualifications=_read_qualifications(graph),
        enums=tuple((enum, _read_enum(graph, dt)) for enum, dt in ENUM_DATATYPES.items()),
    )


_HEADER = '''"""Names owned by the ontology, as Python enums.

GENERATED from ``ontology/ecograph.ttl`` by ``python -m ecograph.codegen``;
do not edit by hand. ``tests/unit/test_vocab.py`` regenerates it and fails on
any difference.
"""

from __future__ import annotations

from enum import StrEnum
'''

_FUNCTIONS = '''

def ancestors(label: Label) -> tuple[Label, ...]:
    """Return ``label`` and its ancestor labels, root first.

    Examples
    --------
    >>> [str(x) for x in ancestors(Label.Incubator)]
    ['Organization', 'IncubationCarrier', 'Incubator']
    """
    chain: list[Label] = []
    current: Label | None = label
    while current is not None:
        chain.append(current)
        current = LABEL_PARENTS[current]
    return tuple(reversed(chain))


def base_label(label: Label) -> Label:
    """Return the root label of ``label`` (``Organization``, ``Park``, ...).

    Examples
    --------
    >>> str(base_label(Label.KeyLaboratory))
    'Organization'
    """
    return ancestors(label)[0]
'''

_ENUM_DOCS = {
    "Label": "Node labels: the ontology's class local names.",
    "RelType": "Relationship types: UPPER_SNAKE form of the object properties.",
    "Qualification": "Enterprise qualifications: concepts of the scheme ``eco:Qualification``.",
    "Level": "Levels of platforms, carriers and parks.",
    "Stage": "Chain stages, in chain order.",
    "CollaborationKind": "Allowed values of ``COLLABORATES_WITH.kind``.",
    "Outcome": "Allowed values of ``INCUBATED_IN.outcome``.",
    "ContractKind": "Allowed values of ``TRANSFERS_TECHNOLOGY_TO.kind`` (技术合同).",
}

_EXTRA_NAMES = {
    "GROUP_KIND": "Root label → the ``{kind}`` of instance IRIs (``park``, ``org``, ...).",
    "LABEL_NAMES": "Label → its ``rdfs:label`` by language (``en``, ``zh``).",
    "QUALIFICATION_NAMES": "Qualification → its ``rdfs:label`` by language.",
    "REL_ATTRIBUTES": "RelType → the edge attributes it may carry (property-graph names).",
    "REL_DOMAIN": "RelType → the labels its source may have (``rdfs:domain``).",
    "REL_NAMES": "RelType → the ``rdfs:label`` of its property by language.",
    "REL_PROPERTY": "RelType → the local name of its object property.",
    "REL_RANGE": "RelType → the labels its target may have (``rdfs:range``).",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _tuple(items: Sequence[str]) -> str:
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def _dict(name: str, annotation: str, entries: Sequence[tuple[str, str]]) -> str:
    lines = [f"{name}: {annotation} = {{"]
    for key, value in entries:
        line = f"    {key}: {value},"
        if _width(line) > LINE_WIDTH and value.startswith("{"):
            inner = value[1:-1].split(", ")
            lines.append(f"    {key}: {{")
            lines.extend(f"        {part}," for part in inner)
            lines.append("    },")
        elif _width(line) > LINE_WIDTH:
            lines.append(f"    {key}: (")
            lines.extend(f"        {part}," for part in value[1:-1].rstrip(",").split(", "))
            lines.append("    ),")
        else:
            lines.append(line)
    lines.append("}")
    return "\n".join(lines)


def _names(term: Term) -> str:
    return "{" + f'"en": {_q(term.en)}, "zh": {_q(term.zh)}' + "}"


def _enum(name: str, members: Sequence[str]) -> str:
    body = "\n".join(f"    {m} = {_q(m)}" for m in members)
    return f'class {name}(StrEnum):\n    """{_ENUM_DOCS[name]}"""\n\n{body}\n'


def _all_key(name: str) -> tuple[int, str]:
    rank = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return rank, name


def render(vocab: Vocabulary) -> str:
    """Return the source of ``vocab.py`` for ``vocab``.

    Examples
    --------
    >>> source = render(read_vocabulary(Graph().parse(ONTOLOGY_FILE)))
    >>> "    Incubator = \\"Incubator\\"" in source, source.count("(StrEnum):")
    (True, 8)
    """
    label = {t.name: f"Label.{t.name}" for t in vocab.labels}
    rel = {t.rel_type: f"RelType.{t.rel_type}" for t in vocab.rels}
    carriers = sorted(
        (t.incubation_stage, label[t.name]) for t in vocab.labels if t.incubation_stage
    )
    names = [
        "CARRIER_STAGE_ORDER", "ECO", "ID_BASE", "LABEL_PARENTS", "ancestors", "base_label",
        *_ENUM_DOCS, *_EXTRA_NAMES,
    ]  # fmt: skip
    parts = [
        _HEADER,
        "__all__ = [\n" + "".join(f"    {_q(n)},\n" for n in sorted(names, key=_all_key)) + "]\n",
        f"ECO = {_q(str(ECO))}\nID_BASE = {_q(ID_BASE)}\n",
        _enum("Label", list(label)),
        _dict(
            "LABEL_PARENTS",
            "dict[Label, Label | None]",
            [(label[t.name], label[t.parent] if t.parent else "None") for t in vocab.labels],
        ),
        _enum("RelType", list(rel)),
        _enum("Qualification", [t.name for t in vocab.qualifications]),
        *(_enum(enum, members) for enum, members in vocab.enums),
        "CARRIER_STAGE_ORDER: tuple[Label, ...] = " + _tuple([c for _, c in carriers]),
        f"# {_EXTRA_NAMES['GROUP_KIND']}\n"
        + _dict(
            "GROUP_KIND",
            "dict[Label, str]",
            [(label[t.name], _q(t.group_kind)) for t in vocab.labels if t.group_kind],
        ),
        f"# {_EXTRA_NAMES['LABEL_NAMES']}\n"
        + _dict(
            "LABEL_NAMES",
            "dict[str, dict[str, str]]",
            [(_q(t.name), _names(t)) for t in vocab.labels],
        ),
        f"# {_EXTRA_NAMES['QUALIFICATION_NAMES']}\n"
        + _dict(
            "QUALIFICATION_NAMES",
            "dict[str, dict[str, str]]",
            [(_q(t.name), _names(t)) for t in vocab.qualifications],
        ),
        f"# {_EXTRA_NAMES['REL_NAMES']}\n"
        + _dict(
            "REL_NAMES",
            "dict[str, dict[str, str]]",
            [(_q(t.rel_type), _names(t)) for t in vocab.rels],
        ),
        f"# {_EXTRA_NAMES['REL_PROPERTY']}\n"
        + _dict(
            "REL_PROPERTY",
            "dict[RelType, str]",
            [(rel[t.rel_type], _q(t.name)) for t in vocab.rels],
        ),
        f"# {_EXTRA_NAMES['REL_ATTRIBUTES']}\n"
        + _dict(
            "REL_ATTRIBUTES",
            "dict[RelType, tuple[str, ...]]",
            [(rel[t.rel_type], _tuple([_q(a) for a in t.attributes])) for t in vocab.rels],
        ),
        f"# {_EXTRA_NAMES['REL_DOMAIN']}\n"
        + _dict(
            "REL_DOMAIN",
            "dict[RelType, tuple[Label, ...]]",
            [(rel[t.rel_type], _tuple([label[d] for d in t.domain])) for t in vocab.rels],
        ),
        f"# {_EXTRA_NAMES['REL_RANGE']}\n"
        + _dict(
            "REL_RANGE",
            "dict[RelType, tuple[Label, ...]]",
            [(rel[t.rel_type], _tuple([label[r] for r in t.range])) for t in vocab.rels],
        ),
    ]
    header, exports, constants, *body = (p.rstrip("\n") for p in parts)
    top = "\n\n".join([header, exports, constants])
    return top + "\n\n\n" + "\n\n\n".join(body) + "\n" + _FUNCTIONS


def generate(ontology: Path = ONTOLOGY_FILE) -> str:
    """Parse ``ontology`` and return the source of ``vocab.py``.

    Examples
    --------
    >>> generate().startswith('\"\"\"Names owned by the ontology')
    True
    """
    try:
        graph = Graph().parse(ontology, format="turtle")
    except (OSError, SyntaxError) as exc:
        raise InputError(f"cannot read ontology {ontology}: {exc}") from exc
    return render(read_vocabulary(graph))


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``vocab.py`` (or, with ``--check``, compare it); return the exit code.

    Examples
    --------
    >>> main(["--check"])
    0
    """
    parser = argparse.ArgumentParser(prog="python -m ecograph.codegen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if vocab.py is out of date")
    parser.add_argument("--ontology", type=Path, default=ONTOLOGY_FILE)
    parser.add_argument("--output", type=Path, default=VOCAB_FILE)
    args = parser.parse_args(argv)
    source = generate(args.ontology)
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    if args.check:
        if source != current:
            logger.error("%s is out of date; run python -m ecograph.codegen", args.output)
            return 1
        return 0
    if source != current:
        args.output.write_text(source, encoding="utf-8")
        logger.info("wrote %s", args.output)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    raise SystemExit(main())
