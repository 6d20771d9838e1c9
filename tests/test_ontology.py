"""The ontology: parses, has its header, labels and defines every term, units multiply right."""

from decimal import Decimal
from importlib.metadata import version

import pytest
from rdflib import RDF, RDFS, Literal, Namespace, URIRef

from naseigraph.graph import PREFIXES, data_files, ontology_file
from naseigraph.store import parse_turtle

OWL = Namespace(PREFIXES["owl"])
NSG = Namespace(PREFIXES["nsg"])
SKOS = Namespace(PREFIXES["skos"])
QUDT = Namespace(PREFIXES["qudt"])
DCTERMS = Namespace(PREFIXES["dcterms"])
ONTOLOGY = parse_turtle([ontology_file()])
HEADER = URIRef("https://w3id.org/naseigraph/ontology")
TERMS = sorted(
    s
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for s in ONTOLOGY.subjects(RDF.type, kind)
    if isinstance(s, URIRef)
)


def test_header_is_complete_and_versioned_like_the_package():
    for field in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator):
        assert ONTOLOGY.value(HEADER, field), f"header lacks {field}"
    assert str(ONTOLOGY.value(HEADER, OWL.versionInfo)) == version("naseigraph")
    assert str(ONTOLOGY.value(HEADER, OWL.versionIRI)).endswith("/" + version("naseigraph"))


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.n3(ONTOLOGY.namespace_manager))
def test_every_term_has_one_english_label_and_a_definition(term):
    labels = [lb for lb in ONTOLOGY.objects(term, RDFS.label) if lb.language == "en"]
    assert len(labels) == 1
    assert ONTOLOGY.value(term, SKOS.definition)


def test_no_two_classes_share_a_label():
    labels = [str(ONTOLOGY.value(c, RDFS.label)) for c in ONTOLOGY.subjects(RDF.type, OWL.Class)]
    labels = [lb for lb in labels if lb != "None"]
    assert len(labels) == len(set(labels))


# Hand arithmetic, independent of the ontology: the SI value of one unit.
MILLI, CENTI, HOUR = Decimal("1e-3"), Decimal("1e-2"), Decimal(3600)
EXPECTED_MULTIPLIERS = {
    NSG["MilliA-PER-CentiM2"]: MILLI / (CENTI * CENTI),  # 1 mA/cm2 = 10 A/m2
    NSG["MilliA-HR-PER-CentiM2"]: MILLI * HOUR / (CENTI * CENTI),  # 1 mAh/cm2 = 36 000 C/m2
    URIRef(PREFIXES["unit"] + "MilliA-HR-PER-GM"): MILLI * HOUR / Decimal("1e-3"),  # C/kg
    URIRef(PREFIXES["unit"] + "MilliS-PER-CentiM"): MILLI / CENTI,  # S/m
    URIRef(PREFIXES["unit"] + "GigaPA"): Decimal("1e9"),
    URIRef(PREFIXES["unit"] + "NanoM"): Decimal("1e-9"),
    URIRef(PREFIXES["unit"] + "MicroM"): Decimal("1e-6"),
    URIRef(PREFIXES["unit"] + "HR"): HOUR,
    URIRef(PREFIXES["unit"] + "PERCENT"): Decimal("0.01"),
}


@pytest.mark.parametrize("unit", EXPECTED_MULTIPLIERS, ids=lambda u: u.split("/")[-1])
def test_unit_multiplier_matches_hand_arithmetic(unit):
    multiplier = ONTOLOGY.value(unit, QUDT.conversionMultiplier)
    assert Decimal(str(multiplier)) == EXPECTED_MULTIPLIERS[unit]


def test_every_unit_a_kind_allows_is_declared_with_a_multiplier():
    for kind, unit in ONTOLOGY.subject_objects(QUDT.applicableUnit):
        assert (unit, RDF.type, QUDT.Unit) in ONTOLOGY, f"{unit} (for {kind}) is not declared"
        assert ONTOLOGY.value(unit, QUDT.conversionMultiplier) is not None


def test_data_uses_only_declared_naseigraph_terms():
    data = parse_turtle(data_files())
    declared = set(ONTOLOGY.subjects())
    used = {p for p in data.predicates() if str(p).startswith(NSG)}
    used |= {o for o in data.objects() if isinstance(o, URIRef) and str(o).startswith(NSG)}
    assert used <= declared, sorted(used - declared)


def test_data_literals_use_known_datatypes():
    data = parse_turtle(data_files())
    names = ("integer", "decimal", "double", "boolean", "gYear", "date", "string")
    known = {None, *(URIRef(PREFIXES["xsd"] + name) for name in names)}
    odd = {o.datatype for o in data.objects() if isinstance(o, Literal)} - known
    assert not odd, odd
