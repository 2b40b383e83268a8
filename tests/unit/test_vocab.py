"""``ecograph.vocab`` is generated from the ontology and agrees with it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SKOS

from ecograph import codegen, vocab
from ecograph.errors import InputError
from ecograph.vocab import (
    CARRIER_STAGE_ORDER,
    LABEL_PARENTS,
    CollaborationKind,
    Label,
    Level,
    Outcome,
    Qualification,
    RelType,
    Stage,
)

EC = Namespace(vocab.ECO)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(codegen.ONTOLOGY_FILE)


def local(node: object) -> str:
    return str(node).removeprefix(vocab.ECO)


def test_committed_vocab_is_what_the_ontology_generates() -> None:
    committed = codegen.VOCAB_FILE.read_text(encoding="utf-8")
    assert codegen.generate() == committed


def test_check_fails_on_a_stale_module(tmp_path: Path) -> None:
    stale = tmp_path / "vocab.py"
    stale.write_text(codegen.generate().replace('Incubator = "Incubator"', ""), encoding="utf-8")
    assert codegen.main(["--check", "--output", str(stale)]) == 1
    assert codegen.main(["--output", str(stale)]) == 0
    assert codegen.main(["--check", "--output", str(stale)]) == 0


def test_labels_are_exactly_the_node_classes(onto: Graph) -> None:
    classes = {
        local(c)
        for c in onto.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(vocab.ECO)
    }
    # the one class that is not a node label: the reified edge
    assert classes - {str(label) for label in Label} == {"QualifiedRelation"}
    assert {str(label) for label in Label} <= classes


def test_label_parents_follow_subclass_axioms(onto: Graph) -> None:
    for label in Label:
        parents = {
            local(p)
            for p in onto.objects(EC[label], RDFS.subClassOf)
            if str(p).startswith(vocab.ECO)
        }
        expected = LABEL_PARENTS[label]
        assert parents == (set() if expected is None else {str(expected)}), label


def test_rel_types_are_exactly_the_annotated_object_properties(onto: Graph) -> None:
    annotated = {str(t) for t in onto.objects(None, EC.relType)}
    assert annotated == {str(r) for r in RelType}
    for rel, prop in vocab.REL_PROPERTY.items():
        assert (EC[prop], RDF.type, OWL.ObjectProperty) in onto
        assert str(onto.value(EC[prop], EC.relType)) == str(rel)


def test_qualifications_are_exactly_the_scheme_concepts(onto: Graph) -> None:
    concepts = {local(c) for c in onto.subjects(SKOS.inScheme, EC.Qualification)}
    assert concepts == {str(q) for q in Qualification}
    assert set(vocab.QUALIFICATION_NAMES) == concepts


@pytest.mark.parametrize(
    ("enum", "datatype"),
    [
        (Level, "LevelValue"),
        (Stage, "StageValue"),
        (CollaborationKind, "CollaborationKindValue"),
        (Outcome, "OutcomeValue"),
    ],
)
def test_enumerations_follow_the_one_of_lists(
    onto: Graph, enum: type[StrEnum], datatype: str
) -> None:
    one_of = onto.value(onto.value(EC[datatype], OWL.equivalentClass), OWL.oneOf)
    assert one_of is not None
    values = [str(v) for v in Collection(onto, one_of)]
    assert [str(m) for m in enum] == values


def test_carrier_stage_order_and_group_kinds() -> None:
    stages = (Label.Makerspace, Label.Incubator, Label.Accelerator)
    assert stages == CARRIER_STAGE_ORDER
    kinds = {
        Label.Park: "park",
        Label.Organization: "org",
        Label.IndustryChain: "chain",
        Label.ChainSegment: "segment",
        Label.Industry: "industry",
        Label.Qualification: "qualification",
        Label.CollaborationEvent: "event",
        Label.OrgYearStats: "stats",
        Label.IndicatorObservation: "indicator",
    }
    assert kinds == vocab.GROUP_KIND


def test_relation_tables_match_the_spec() -> None:
    assert vocab.REL_RANGE[RelType.INCUBATED_IN] == (Label.IncubationCarrier,)
    assert set(vocab.REL_RANGE[RelType.OPERATES]) == {
        Label.IncubationCarrier,
        Label.Fund,
        Label.Park,
    }
    assert set(vocab.REL_ATTRIBUTES[RelType.SUPPLIES]) == {"since", "until", "weight", "amount"}
    assert set(vocab.REL_ATTRIBUTES[RelType.COLLABORATES_WITH]) == {
        "kind",
        "since",
        "until",
        "weight",
    }
    assert set(vocab.REL_ATTRIBUTES[RelType.INVESTS_IN]) == {"round", "amount", "date"}
    assert set(vocab.REL_ATTRIBUTES[RelType.INCUBATED_IN]) == {"since", "until", "outcome"}
    assert vocab.REL_ATTRIBUTES[RelType.FEEDS] == ()


def test_bilingual_names() -> None:
    assert vocab.LABEL_NAMES["Incubator"] == {"en": "Incubator", "zh": "孵化器"}
    assert vocab.QUALIFICATION_NAMES["Gazelle"]["zh"] == "瞪羚企业"
    assert set(vocab.LABEL_NAMES) == {str(label) for label in Label}
    assert set(vocab.REL_NAMES) == {str(r) for r in RelType}


def test_generated_module_keeps_the_public_api() -> None:
    required = {
        "CARRIER_STAGE_ORDER", "ECO", "ID_BASE", "LABEL_PARENTS", "CollaborationKind", "Label",
        "Level", "Outcome", "Qualification", "RelType", "Stage", "ancestors", "base_label",
    }  # fmt: skip
    assert required <= set(vocab.__all__)
    assert all(hasattr(vocab, name) for name in vocab.__all__)


def test_a_term_without_a_chinese_label_is_refused(onto: Graph) -> None:
    broken = Graph()
    for triple in onto:
        broken.add(triple)
    broken.remove((EC.Incubator, RDFS.label, Literal("孵化器", lang="zh")))
    with pytest.raises(InputError, match="Incubator"):
        codegen.read_vocabulary(broken)
