"""The shapes: one per class, every rule with a message, each rule shown broken by a fixture."""

import pytest
from conftest import CONTEXT, FIXTURES
from rdflib import RDF, RDFS, BNode, Namespace, URIRef

from naseigraph.graph import PREFIXES, ontology_file, shapes_file
from naseigraph.store import parse_turtle
from naseigraph.validation import validate

SH = Namespace(PREFIXES["sh"])
NSG = Namespace(PREFIXES["nsg"])
NSGSH = Namespace(PREFIXES["nsgsh"])
OWL = Namespace(PREFIXES["owl"])

SHAPES = parse_turtle([shapes_file()])
ONTOLOGY = parse_turtle([ontology_file()])
CLASSES = sorted(c for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if str(c).startswith(NSG))


BOOKKEEPING = {
    RDF.type,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.target,
    SH.property,
    SH.path,
    SH.severity,
    SH.message,
}


def violation_rules():
    """Every named shape that carries a violation-level constraint of its own."""
    rules = set()
    shapes = set(SHAPES.subjects(RDF.type, SH.NodeShape))
    for shape in shapes | set(SHAPES.subjects(RDF.type, SH.PropertyShape)):
        if not isinstance(shape, URIRef) or SHAPES.value(shape, SH.severity) == SH.Warning:
            continue
        own = set(SHAPES.predicates(shape)) - BOOKKEEPING
        blank = [p for p in SHAPES.objects(shape, SH.property) if isinstance(p, BNode)]
        if own or any(SHAPES.value(p, SH.severity) in (None, SH.Violation) for p in blank):
            rules.add(shape.split("#")[1])
    return rules - {""}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.split("#")[1])
def test_every_class_has_its_node_shape(cls):
    shape = NSGSH[cls.split("#")[1] + "Shape"]
    assert (shape, RDF.type, SH.NodeShape) in SHAPES
    assert (shape, SH.targetClass, cls) in SHAPES


def test_every_constraint_has_a_message():
    bookkeeping = BOOKKEEPING - {SH.message}
    nested = set(SHAPES.objects(None, RDF.first)) | set(SHAPES.objects(None, SH["not"]))
    nested |= set(SHAPES.objects(None, SH.qualifiedValueShape))
    nested |= set(SHAPES.objects(None, SH.parameter))  # a target type's parameter, not a shape
    shapes = set(SHAPES.subjects(SH.path, None)) | set(SHAPES.subjects(RDF.type, SH.NodeShape))
    for shape in shapes - nested:
        if set(SHAPES.predicates(shape)) - bookkeeping:
            assert SHAPES.value(shape, SH.message), f"{shape} has constraints but no sh:message"


def test_every_violation_rule_has_an_invalid_fixture():
    fixtures = {p.stem for p in (FIXTURES / "invalid").glob("*.ttl")}
    rules = violation_rules()
    assert rules <= fixtures, f"rules without an invalid fixture: {sorted(rules - fixtures)}"


@pytest.mark.parametrize("path", sorted((FIXTURES / "invalid").glob("*.ttl")), ids=lambda p: p.stem)
def test_invalid_fixture_fails_for_its_reason(path):
    report = validate([*CONTEXT, path], with_shipped=False)
    assert not report.conforms
    broken = {f.shape for f in report.findings if f.severity == "Violation"}
    assert broken == {f"nsgsh:{path.stem}"}


@pytest.mark.parametrize("path", sorted((FIXTURES / "valid").glob("*.ttl")), ids=lambda p: p.stem)
def test_valid_fixture_conforms_without_warnings(path):
    report = validate([*CONTEXT, path], with_shipped=False)
    assert report.conforms, report.to_text()
    assert report.findings == [], report.to_text()


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.split("#")[1])
def test_every_class_has_a_valid_fixture_with_an_instance(cls):
    name = cls.split("#")[1]
    path = FIXTURES / "valid" / f"{name}.ttl"
    assert path.is_file(), f"no valid fixture for {name}"
    graph = parse_turtle([path, ontology_file()])
    kinds = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    instances = {s for kind in kinds for s in graph.subjects(RDF.type, kind)}
    assert instances, f"{path.name} holds no nsg:{name}"


def test_every_plausibility_shape_has_a_warning_fixture():
    plausible = {
        shape.split("#")[1]
        for shape in SHAPES.subjects(RDF.type, SH.NodeShape)
        if shape.split("#")[1].startswith("Plausible")
    }
    fixtures = {p.stem for p in (FIXTURES / "warning").glob("*.ttl")}
    assert len(plausible) == 7 and plausible == fixtures


@pytest.mark.parametrize("path", sorted((FIXTURES / "warning").glob("*.ttl")), ids=lambda p: p.stem)
def test_warning_fixture_warns_for_its_reason_and_still_conforms(path):
    report = validate([*CONTEXT, path], with_shipped=False)
    assert report.conforms, report.to_text()  # a warning alone does not fail the graph
    assert [(f.severity, f.shape, f.focus) for f in report.findings] == [
        ("Warning", f"nsgsh:{path.stem}", "nsgr:fixture-value")
    ]
