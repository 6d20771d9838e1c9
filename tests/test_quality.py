"""Ontology quality checks (naseigraph.quality, `naseigraph qc`).

Each check is a SPARQL file in ontology/qc/ whose rows are problems (?term ?problem): it must
find none in the shipped ontology and data, and must find the fault that its fixture in
tests/fixtures/qc/ plants.
"""

from pathlib import Path

import pytest
from conftest import FIXTURES, naseigraph, one_line_exit_2

from naseigraph.graph import PREFIXES, resource_dir
from naseigraph.quality import check_files, checks_store, known_w3c_term, qc

CHECKS = check_files()


def store_with(*extra: Path):
    return checks_store(extra)


def problems(check: Path, store) -> list[tuple[str, str]]:
    return [(p.term, p.problem) for p in qc(store=store).problems if p.check == check.stem]


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


def test_qc_command_passes_the_shipped_graph_and_names_a_planted_fault():
    done = naseigraph("qc")
    assert done.returncode == 0 and done.stdout == f"No problems in {len(CHECKS)} checks\n"
    done = naseigraph("qc", FIXTURES / "qc" / "missing-domain.ttl")
    assert done.returncode == 1
    iri = PREFIXES["nsg"] + "hasColour"
    assert any(line.startswith(f"missing-domain: {iri} ") for line in done.stdout.splitlines())


def test_qc_command_reports_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b\n", encoding="utf-8")
    one_line_exit_2(naseigraph("qc", bad), f"{bad}:3: Turtle syntax error")
