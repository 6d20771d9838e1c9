"""Ontology quality checks (as ROBOT's report and the OOPS! pitfall catalogue make them).

Each check is a SPARQL file in ontology/qc/ whose rows are problems (?term ?problem): it must
find none in the shipped ontology and data, and must find the fault that its fixture in
tests/fixtures/qc/ plants. The ontology goes into one named graph and the data into another,
so a check can tell what the data uses from what the ontology declares.
"""

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import FIXTURES
from rdflib import namespace

from naseigraph.graph import PREFIXES, data_files, ontology_file, resource_dir

CHECKS = sorted((resource_dir("ontology") / "qc").glob("*.rq"))
ONTOLOGY, DATA = ox.NamedNode("urn:naseigraph:ontology"), ox.NamedNode("urn:naseigraph:data")
# Closed term lists of the W3C vocabularies, as rdflib ships them.
W3C = [namespace.RDF, namespace.RDFS, namespace.OWL, namespace.SKOS, namespace.DCTERMS]
W3C += [namespace.PROV, namespace.VANN, namespace.XSD]


def store_with(*extra: Path) -> ox.Store:
    store = ox.Store()
    turtle = ox.RdfFormat.TURTLE
    store.bulk_load(path=str(ontology_file()), format=turtle, to_graph=ONTOLOGY)
    for path in data_files():
        store.bulk_load(path=str(path), format=turtle, to_graph=DATA)
    for path in extra:  # a fixture's fault may be in the ontology's part or the data's
        for graph in (ONTOLOGY, DATA):
            store.bulk_load(path=str(path), format=turtle, to_graph=graph)
    return store


def problems(check: Path, store: ox.Store) -> list[tuple[str, str]]:
    text = check.read_text(encoding="utf-8")
    rows = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    found = [(row["term"].value, row["problem"].value) for row in rows]
    return [(term, problem) for term, problem in found if not known_w3c_term(term)]


def known_w3c_term(iri: str) -> bool:
    for vocabulary in W3C:
        if iri.startswith(str(vocabulary)):
            try:
                vocabulary[iri[len(str(vocabulary)) :]]
            except (AttributeError, KeyError):
                return False
            return True
    return False


@pytest.fixture(scope="module")
def shipped():
    return store_with()


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_the_shipped_ontology_and_data_pass(check, shipped):
    assert problems(check, shipped) == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_the_check_finds_the_fault_its_fixture_plants(check):
    fixture = FIXTURES / "qc" / f"{check.stem}.ttl"
    assert fixture.is_file(), f"no fixture shows what {check.name} catches"
    found = problems(check, store_with(fixture))
    assert found, f"{check.name} found nothing in {fixture.name}"


def test_the_checks_and_the_fixtures_match():
    assert {p.stem for p in (FIXTURES / "qc").glob("*.ttl")} == {c.stem for c in CHECKS}


@pytest.mark.parametrize(
    "iri, known",
    [
        (PREFIXES["skos"] + "prefLabel", True),
        (PREFIXES["skos"] + "prefLable", False),
        (PREFIXES["dcterms"] + "isReferencedBy", True),
        (PREFIXES["prov"] + "hadPrimarySource", True),
        (PREFIXES["nsg"] + "formula", False),  # not W3C: must be declared in the ontology
    ],
)
def test_w3c_terms_are_looked_up_in_closed_namespaces(iri, known):
    assert known_w3c_term(iri) is known


@pytest.mark.parametrize(
    "check, fixture_term",
    [
        ("missing-domain", "nsg:hasColour"),
        ("missing-range", "nsg:colourName"),
        ("several-domains-or-ranges", "nsg:testedLayer"),
        ("inverse-properties", "nsg:isCathodeOf"),
        ("undeclared-terms", "nsg:colour"),
        ("undeclared-terms", "skos:prefLable"),
        ("property-kind", "nsg:formula"),
        ("property-kind", "nsg:produces"),
        ("header", "<https://w3id.org/naseigraph/other-ontology>"),
        ("duplicate-labels", "nsg:hasConstituent2"),
        ("duplicate-labels", "nsg:formula"),
        ("class-cycles", "nsg:ChemicalSubstance"),
    ],
)
def test_each_check_names_the_term_at_fault(check, fixture_term):
    prefix, _, local = fixture_term.partition(":")
    iri = fixture_term.strip("<>") if fixture_term.startswith("<") else PREFIXES[prefix] + local
    found = problems(
        resource_dir("ontology") / "qc" / f"{check}.rq",
        store_with(FIXTURES / "qc" / f"{check}.ttl"),
    )
    assert iri in {term for term, _ in found}, found


def test_datatype_check_names_the_misspelt_type_and_the_bad_number():
    found = problems(
        resource_dir("ontology") / "qc" / "datatypes.rq",
        store_with(FIXTURES / "qc" / "datatypes.ttl"),
    )
    said = " | ".join(problem for _, problem in found)
    assert "XMLSchema#interger, which is not a known datatype" in said
    assert "is not a value of http://www.w3.org/2001/XMLSchema#decimal" in said
    assert {term for term, _ in found} == {"1", "0,12"}
