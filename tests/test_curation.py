"""The curation workflow a curator follows: `template`, `add` (checked, then --write), the new
source's facts in `query`, `show`, `search` and `stats`, `--source`, and a source replaced whole.

The paper is tests/fixtures/curation/paper.yaml: a fixture that restates the review's poly(DOL)
layer (section 3.2, [105]: 1 mA cm-2, over 2800 h in symmetric cells) under a key of its own."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Literal, URIRef

from naseigraph.cli import main
from naseigraph.graph import REVIEW_DOI, data_files
from naseigraph.store import load_store, parse_sources, parse_turtle
from naseigraph.template import template_file

PAPER = Path(__file__).parent / "fixtures" / "curation" / "paper.yaml"
DOI = "10.5555/naseigraph.fixture.1"
NSGR = "https://w3id.org/naseigraph/resource/"


@pytest.fixture
def sources(tmp_path, monkeypatch):
    """An empty folder of curated sources, in place of data/sources/."""
    folder = tmp_path / "sources"
    folder.mkdir()
    monkeypatch.setenv("NASEIGRAPH_SOURCES", str(folder))
    return folder


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def line_of(text: str, start: str) -> int:
    """The line number of the first line of `text` that starts with `start` (stripped)."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(start))


def edited(tmp_path, old: str, new: str, name="paper.yaml") -> Path:
    text = PAPER.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_template_writes_the_commented_template(tmp_path, capsys):
    target = tmp_path / "paper.yaml"
    code, out, _ = run(capsys, "template", "-o", target)
    assert code == 0 and out == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == template_file().read_text(encoding="utf-8")
    assert "--- Worked example" in target.read_text(encoding="utf-8")


def test_template_refuses_a_folder(tmp_path, capsys):
    code, _, err = run(capsys, "template", "-o", tmp_path)
    assert code == 2 and err.startswith("naseigraph: error:") and "Traceback" not in err


def test_the_help_of_template_points_to_the_schema(capsys):
    with pytest.raises(SystemExit):
        main(["template", "--help"])
    assert "ontology/template.schema.yaml" in capsys.readouterr().out


def test_an_empty_template_says_what_to_fill_in_by_line(sources, tmp_path, capsys):
    target = tmp_path / "paper.yaml"
    run(capsys, "template", "-o", target)
    text = target.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "add", target)
    assert code == 1
    assert f"{target}:{line_of(text, 'doi:')}: source.doi: " in out
    assert f"{target}:{line_of(text, 'key:')}: source.key: " in out
    assert f"{target}:{line_of(text, 'year:')}: source.year: " in out
    assert "nothing written" in out and not list(sources.iterdir())


def test_add_checks_the_paper_and_writes_nothing(sources, capsys):
    code, out, _ = run(capsys, "add", PAPER)
    assert code == 0, out
    assert "new system: nsgr:layer-fixture-dol 'poly(DOL) layer on Na (fixture)'" in out
    # the fixture restates the review's values: the same kind, number and unit on a layer of
    # the same constituent (poly(DOL))
    flat = " ".join(out.split())
    assert (
        "nsgr:value-fixture-dol-lifetime looks like a duplicate of nsgr:value-dol-soaking-lifetime"
        in flat
    )
    assert (
        "nsgr:value-fixture-dol-current-density looks like a duplicate of"
        " nsgr:value-dol-soaking-current-density" in flat
    )
    assert "shapes: 0 violations" in out and "add --write to write it" in " ".join(out.split())
    assert not list(sources.iterdir())


def test_add_write_makes_the_source_and_every_command_sees_it(sources, capsys):
    code, out, _ = run(capsys, "add", PAPER, "--write", "--orcid", "0000-0002-1825-0097")
    target = sources / (quote(DOI, safe="") + ".ttl")
    assert code == 0 and " ".join(out.split()).endswith(f"wrote {target}")
    written = parse_turtle([target])
    layer = URIRef(NSGR + "layer-fixture-dol")
    assert (
        layer,
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
        URIRef(NSGR + "fixture-paper"),
    ) in written
    treatment = URIRef(NSGR + "treatment-fixture-dol")
    assert (treatment, URIRef("https://w3id.org/naseigraph/ontology#page"), Literal("1")) in written
    activity = URIRef(NSGR + "fixture-paper-curation")
    agents = set(written.objects(activity, URIRef("http://www.w3.org/ns/prov#wasAssociatedWith")))
    assert URIRef("https://orcid.org/0000-0002-1825-0097") in agents
    labels = {
        str(written.value(a, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for a in agents
    }
    assert "A. Curator" in labels and any(label.startswith("naseigraph ") for label in labels)

    # the paper's layer in a canned query, beside the review's own poly(DOL) layer
    code, out, _ = run(capsys, "query", "symmetric-cell-lifetimes", "--format", "csv")
    # the row says whose section 2 it is; the review's rows keep their bare section numbers
    assert (
        "poly(DOL) layer on Na (fixture),2800,over 2800h,1mA cm-2,unstated,"
        "2 (fixture paper 2026),1," in out
    )
    assert "made by soaking in DOL,2800,over 2800h,1mA cm-2,unstated,3.2,105," in out
    assert "poly(DOL) protective layer on Na made by soaking in DOL,2800,over 2800h" in out
    # show says whose section it is; search finds it
    code, out, _ = run(capsys, "show", "nsgr:layer-fixture-dol")
    assert code == 0 and "[section 2 (fixture paper 2026); ref 1]" in out
    code, out, _ = run(capsys, "search", "fixture")
    assert "nsgr:layer-fixture-dol" in out


def test_the_source_is_its_own_named_graph_and_the_default_graph_their_union(sources, capsys):
    run(capsys, "add", PAPER, "--write")
    store = load_store()
    import pyoxigraph as ox

    graph = ox.NamedNode("https://doi.org/" + DOI)
    layer = ox.NamedNode(NSGR + "layer-fixture-dol")
    assert list(store.quads_for_pattern(layer, None, None, graph))
    assert list(store.quads_for_pattern(layer, None, None, ox.DefaultGraph()))
    review_layer = ox.NamedNode(NSGR + "layer-dol-soaking")
    assert not list(store.quads_for_pattern(review_layer, None, None, graph))


def test_source_keeps_a_command_to_some_sources(sources, capsys):
    run(capsys, "add", PAPER, "--write")
    query = ("query", "symmetric-cell-lifetimes", "--format", "csv")
    _, only_paper, _ = run(capsys, *query, "--source", DOI)
    assert "(fixture)" in only_paper and "made by soaking in DOL" not in only_paper
    _, only_review, _ = run(capsys, *query, "--source", "review")
    assert "(fixture)" not in only_review and "made by soaking in DOL" in only_review
    _, both, _ = run(capsys, *query, "--source", "review", "--source", DOI)
    assert "(fixture)" in both and "made by soaking in DOL" in both
    code, _, err = run(capsys, *query, "--source", "10.1/none")
    assert code == 2 and f"there are: review, {DOI}" in err


def test_adding_again_replaces_the_source_whole(sources, tmp_path, capsys):
    run(capsys, "add", PAPER, "--write")
    changed = edited(
        tmp_path, "label: poly(DOL) layer on Na (fixture)", "label: poly(DOL) on Na, again"
    )
    code, out, _ = run(capsys, "add", changed, "--write")
    assert code == 0 and "replaces the source in the graph" in " ".join(out.split())
    written = parse_turtle(list(sources.iterdir()))
    labels = set(written.objects(URIRef(NSGR + "layer-fixture-dol"), None))
    assert Literal("poly(DOL) on Na, again", lang="en") in labels
    assert Literal("poly(DOL) layer on Na (fixture)", lang="en") not in labels


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        (
            "method: Soaking",
            "method: Soakin",
            "systems[0].treatment.method",
            "did you mean Soaking?",
        ),
        (
            "reactants: [dol]",
            "reactants: [dioxolan]",
            "systems[0].treatment.reactants[0]",
            "add it under substances:",
        ),
        (
            "as_printed: over 2800h",
            "as_printed: over 2800 mAh",
            "systems[0].cell_tests[0].results[0].as_printed",
            "none of this kind's units (h (HR)): correct the kind or the printed text",
        ),
        (
            "configuration: SymmetricCell",
            "configuration: Symmetric",
            "systems[0].cell_tests[0].configuration",
            "did you mean SymmetricCell?",
        ),
        ('section: "2"', "section: 2", "systems[0].section", 'write it in quotes ("2")'),
        ("refs: [1]", "refs: [7]", "systems[0].refs", "reference 7 is not in references"),
        (
            "as_printed: 1mA cm-2",
            "as_printed: 1mA cm-2\n            value: 2",
            "systems[0].cell_tests[0].conditions[0].as_printed",
            "'1mA cm-2' reads value: 1, which the given value contradicts",
        ),
        (
            "as_printed: 1mA cm-2",
            "as_printed: 1mA cm-2\n            unit: MilliA-HR-PER-CentiM2",
            "systems[0].cell_tests[0].conditions[0].as_printed",
            "the printed unit 'mA cm-2' is not unit: MilliA-HR-PER-CentiM2",
        ),
        (
            "    layer:\n",
            "    layers:\n",
            "systems[0].layers",
            "Additional properties are not allowed",
        ),
    ],
)
def test_a_mistake_is_named_by_line_and_field_with_what_to_write(
    sources, tmp_path, capsys, old, new, field, says
):
    path = edited(tmp_path, old, new)
    code, out, _ = run(capsys, "add", path)
    assert code == 1, out
    line = line_of(path.read_text(encoding="utf-8"), new.strip().split("\n")[0])
    found = [row for row in out.splitlines() if row.startswith(f"{path}:")]
    assert any(row.startswith(f"{path}:{line}: {field}: ") and says in row for row in found), out
    assert not list(sources.iterdir())


def test_a_new_substance_needs_its_kind(sources, tmp_path, capsys):
    path = edited(
        tmp_path, "references:", "substances:\n  - id: fixture-x\n    label: X\nreferences:"
    )
    code, out, _ = run(capsys, "add", path)
    line = line_of(path.read_text(), "- id: fixture-x")
    assert code == 1 and f"{path}:{line}: substances[0]: 'kind' is missing" in out


def test_a_violation_of_the_shapes_fails_and_writes_nothing(sources, tmp_path, capsys):
    # a current density in hours (the printed text gives no unit to check it against): the
    # shapes refuse a unit its kind does not accept
    path = edited(tmp_path, "as_printed: 1mA cm-2", 'as_printed: "1"\n            unit: HR')
    code, out, _ = run(capsys, "add", path, "--write")
    line = line_of(path.read_text(encoding="utf-8"), "- id: current-density")
    field = "systems[0].cell_tests[0].conditions[0]"
    assert code == 1
    flat = " ".join(out.split())
    assert f"{path}:{line}: {field}: Violation: nsgr:value-fixture-dol-current-density" in flat
    assert "nothing written: fix the violations first" in " ".join(out.split())
    assert not list(sources.iterdir())


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("source: [unclosed\n", "not valid YAML"),
        ("- a list\n", "a template is a YAML mapping"),
        ("source:\n  doi: 10.1/x\nsource:\n  doi: 10.1/y\n", "source: given twice"),
    ],
)
def test_a_file_that_does_not_parse_exits_2_with_its_place(tmp_path, capsys, text, says):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "add", path)
    assert code == 2 and out == "" and err.startswith(f"naseigraph: error: {path}:") and says in err


def test_the_review_is_not_added_through_a_template(tmp_path, capsys):
    path = edited(tmp_path, f"doi: {DOI}", f"doi: {REVIEW_DOI}")
    code, _, err = run(capsys, "add", path)
    assert code == 2 and "the review's facts are data/*.ttl" in err


def test_substances_are_matched_by_label_and_by_formula_with_subscripts(sources, tmp_path, capsys):
    path = edited(tmp_path, "constituents: [poly-dol]", 'constituents: ["poly(DOL)", "Na₃P"]')
    code, out, _ = run(capsys, "add", path, "--write")
    assert code == 0, out
    written = parse_turtle(list(sources.iterdir()))
    constituents = set(
        written.objects(
            URIRef(NSGR + "layer-fixture-dol"),
            URIRef("https://w3id.org/naseigraph/ontology#hasConstituent"),
        )
    )
    assert constituents == {URIRef(NSGR + "poly-dol"), URIRef(NSGR + "Na3P")}


def test_the_api_adds_as_the_command_does(sources):
    import naseigraph

    addition = naseigraph.add(PAPER)
    assert addition.ok and addition.systems == [
        ("nsgr:layer-fixture-dol", "poly(DOL) layer on Na (fixture)")
    ]
    assert not list(sources.iterdir())
    with pytest.raises(naseigraph.NaseigraphError, match=r"no source '10\.1/none'"):
        load_store(sources=["10.1/none"])


def test_serve_refuses_an_unknown_source(sources, capsys):
    from conftest import free_port

    code, _, err = run(capsys, "serve", "--port", free_port(), "--source", "10.1/none")
    assert code == 2 and "no source '10.1/none' in the graph (there are: review)" in err


def test_a_release_holds_the_paper_as_its_own_named_graph(sources, tmp_path, capsys):
    run(capsys, "add", PAPER, "--write")
    code, _, _ = run(capsys, "release", "-o", tmp_path / "release")
    assert code == 0
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(tmp_path / "release" / "naseigraph.trig", format="trig")
    paper = dataset.graph(URIRef("https://doi.org/" + DOI))
    assert (URIRef(NSGR + "layer-fixture-dol"), None, None) in paper
    review = dataset.graph(URIRef("https://doi.org/" + REVIEW_DOI))
    assert (URIRef(NSGR + "layer-fixture-dol"), None, None) not in review


def test_validate_qc_and_reason_read_the_curated_sources_too(sources, capsys):
    run(capsys, "add", PAPER, "--write")
    code, out, _ = run(capsys, "validate")
    # the fixture's soaking names no reaction: the shapes' warning, on the shipped graph now
    assert code == 0 and "Warning: nsgr:treatment-fixture-dol" in out
    triples = int(re.search(r"in (\d+) triples", out)[1])
    code, out, _ = run(capsys, "qc")
    assert code == 0 and "No problems" in out
    code, out, _ = run(capsys, "reason", "--reasoner", "rl")
    assert code == 0 and f"{triples} asserted triples" in out
    # the shipped graph and the paper's file, which states nothing the review's files do
    shipped = len(parse_sources(data_files()).graph())
    assert triples == shipped + len(parse_turtle(list(sources.iterdir())))


def test_an_unquoted_section_number_keeps_its_title_and_surname_first_authors(
    sources, tmp_path, capsys
):
    text = PAPER.read_text(encoding="utf-8").replace(
        'sections: {"2": Results}', "sections: {2: Results}"
    )
    text = text.replace(
        "authors: [naseigraph developers]", 'authors: ["Curator, A.", "Reader, B."]'
    )
    text = text.replace("  label: fixture paper 2026\n", "")
    path = tmp_path / "paper.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "add", path, "--write")
    assert code == 0, out
    written = parse_turtle(list(sources.iterdir()))
    section = URIRef(NSGR + "fixture-paper-section-2")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert written.value(section, label) == Literal("Section 2. Results", lang="en")
    paper = URIRef(NSGR + "fixture-paper")
    assert written.value(paper, label) == Literal("Curator 2026", lang="en")
    authors = URIRef("https://w3id.org/naseigraph/ontology#authorsAsPrinted")
    assert written.value(paper, authors) == Literal("Curator, A.; Reader, B.")


def test_source_keeps_validate_and_export_to_some_sources(sources, capsys):
    run(capsys, "add", PAPER, "--write")
    _, only_review, _ = run(capsys, "export", "turtle", "--source", "review")
    _, only_paper, _ = run(capsys, "export", "turtle", "--source", DOI)
    assert "layer-fixture-dol" not in only_review and "layer-dol-soaking" in only_review
    assert "layer-fixture-dol" in only_paper and "layer-dol-soaking" not in only_paper
    code, out, _ = run(capsys, "validate", "--source", DOI)
    assert code == 0 and "Warning: nsgr:treatment-fixture-dol" in out
    code, out, _ = run(capsys, "validate", "--source", "review")
    assert code == 0 and "fixture" not in out
