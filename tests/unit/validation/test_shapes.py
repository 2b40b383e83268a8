"""shapes.ttl: compiled checks match the spec; pyshacl enforces the same rules on RDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from ecograph.loaders import read_sources
from ecograph.mapping import rows_to_rdf
from ecograph.validation.shacl import shacl_violations
from ecograph.validation.shapes import load_shapes
from ecograph.vocab import ECO, Label, Level, Outcome, RelType, Stage

FULL = Path(__file__).resolve().parents[2] / "fixtures" / "full"
L = Label

# the spec's relation table: type -> (domain, range)
SPEC = {
    RelType.LOCATED_IN: ({L.Organization}, {L.Park}),
    RelType.SUB_PARK_OF: ({L.Park}, {L.Park}),
    RelType.IN_SEGMENT: ({L.Organization}, {L.ChainSegment}),
    RelType.SEGMENT_OF: ({L.ChainSegment}, {L.IndustryChain}),
    RelType.FEEDS: ({L.ChainSegment}, {L.ChainSegment}),
    RelType.CLASSIFIED_AS: ({L.Organization}, {L.Industry}),
    RelType.SUPPLIES: ({L.Organization}, {L.Organization}),
    RelType.COLLABORATES_WITH: ({L.Organization}, {L.Organization}),
    RelType.INVESTS_IN: ({L.Organization}, {L.Organization}),
    RelType.INCUBATED_IN: ({L.Organization}, {L.IncubationCarrier}),
    RelType.HOSTS: ({L.Organization}, {L.InnovationPlatform}),
    RelType.OPERATES: ({L.Organization}, {L.IncubationCarrier, L.Fund, L.Park}),
    RelType.SPUN_OFF_FROM: ({L.Organization}, {L.Organization}),
    RelType.HAS_LEADING_CHAIN: ({L.Park}, {L.IndustryChain}),
    RelType.SERVES_PARK: ({L.Fund}, {L.Park}),
    RelType.TRANSFERS_TECHNOLOGY_TO: ({L.Organization}, {L.Organization}),
    RelType.PARTICIPATES_IN: ({L.Organization}, {L.CollaborationEvent}),
    RelType.HAS_STATS: ({L.Organization}, {L.OrgYearStats}),
    RelType.HAS_QUALIFICATION: ({L.Organization}, {L.Qualification}),
    RelType.HAS_INDICATOR: ({L.Park}, {L.IndicatorObservation}),
}
PREFIX = """@prefix eco: <https://w3id.org/ecograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/ecograph/id/> .
"""


@pytest.mark.parametrize("rel", list(RelType))
def test_compiled_domain_and_range_match_the_spec(rel: RelType) -> None:
    rule = load_shapes().rel_rules[rel]
    assert (set(rule.domain), set(rule.range)) == SPEC[rel]


def test_compiled_enums_match_the_vocabulary() -> None:
    shapes = load_shapes()
    org = shapes.props_for(Label.Incubator)
    assert set(org[ECO + "level"].allowed or ()) == {str(x) for x in Level}
    stage = shapes.props_for(Label.ChainSegment)[ECO + "stage"].allowed
    assert set(stage or ()) == {str(x) for x in Stage}
    assert set(shapes.edge_props[ECO + "outcome"].allowed or ()) == {str(x) for x in Outcome}
    assert shapes.order_pairs == ((ECO + "since", ECO + "until", "until is before since"),)


def test_full_fixture_conforms_as_rdf() -> None:
    result = read_sources([FULL], include_chain_maps=False)
    assert shacl_violations(rows_to_rdf(result.nodes, result.edges)) == []


@pytest.mark.parametrize(("body", "message"), [
    ("""id:segment\\/a a eco:ChainSegment ; rdfs:label "a" ; eco:stage "upstream" ;
          eco:segmentOf id:chain\\/c ; eco:feeds id:segment\\/b .
        id:segment\\/b a eco:ChainSegment ; rdfs:label "b" ; eco:stage "midstream" ;
          eco:segmentOf id:chain\\/c ; eco:feeds id:segment\\/a .
        id:chain\\/c a eco:IndustryChain ; rdfs:label "c" .""", "feeds cycle"),
    ("""id:rel\\/k a eco:QualifiedRelation ; eco:relSource id:org\\/a ;
          eco:relTarget id:org\\/b ; eco:relProperty eco:supplies ;
          eco:since "2021-01-01"^^xsd:date ; eco:until "2020-12-31"^^xsd:date .""",
     "until is before since"),
    ("""id:org\\/a a eco:Enterprise ; rdfs:label "a" ; eco:segmentOf id:chain\\/c .
        id:chain\\/c a eco:IndustryChain ; rdfs:label "c" .""", "eco:ChainSegment"),
])
def test_pyshacl_enforces_cycle_order_and_domain(body: str, message: str) -> None:
    violations = shacl_violations(Graph().parse(data=PREFIX + body, format="turtle"))
    assert any(message in v.message for v in violations), violations
