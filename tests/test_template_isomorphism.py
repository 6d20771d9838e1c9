"""The proof that the template says everything the model can: section 3.2 of the review,
written as a template (tests/fixtures/curation/section-3-2.yaml, read from the review like the
Turtle), converts into the same graph as data/organic.ttl with its sentence links; and the
template's worked example into the same as the part of it that it restates."""

from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from naseigraph.conversion import context, convert
from naseigraph.graph import data_files
from naseigraph.store import load_store, parse_turtle
from naseigraph.template import check_schema, read_template, template_file

FIXTURE = Path(__file__).parent / "fixtures" / "curation" / "section-3-2.yaml"
DATA = Path(data_files()[0]).parent


@pytest.fixture(scope="module")
def without_organic():
    """The lookups of a graph without section 3.2's facts, which the template makes."""
    files = [f for f in data_files() if f.name not in ("organic.ttl", "sentence-links.ttl")]
    return context(load_store(files))


def converted(path: Path, ctx) -> Graph:
    template = read_template(path)
    assert check_schema(template) == []
    graph, problems = convert(template, ctx)
    assert problems == []
    return graph


def about(subjects: set, graph: Graph) -> Graph:
    """The triples of `graph` about `subjects`, with the blank nodes they hold."""
    part = Graph()
    for s, p, o in graph:
        if s in subjects:
            part.add((s, p, o))
            if isinstance(o, BNode):
                for triple in graph.triples((o, None, None)):
                    part.add(triple)
    return part


def same(made: Graph, wanted: Graph) -> None:
    _, only_made, only_wanted = graph_diff(to_isomorphic(made), to_isomorphic(wanted))
    assert not only_made and not only_wanted, (
        "made, not in the Turtle:\n"
        + "\n".join(map(str, sorted(only_made)))
        + "\nin the Turtle, not made:\n"
        + "\n".join(map(str, sorted(only_wanted)))
    )


def test_section_3_2_as_a_template_is_organic_ttl(without_organic):
    made = converted(FIXTURE, without_organic)
    organic = parse_turtle([DATA / "organic.ttl"])
    links = parse_turtle([DATA / "sentence-links.ttl"])
    subjects = {s for s in organic.subjects() if isinstance(s, URIRef)}
    wanted = organic + about(subjects, links)
    assert len(made) == len(wanted) > 700
    same(made, wanted)


def test_the_worked_example_is_the_review_s_dol_soaking_system(without_organic, tmp_path):
    text = template_file().read_text(encoding="utf-8")
    example = text[text.index("# --- Worked example") :].splitlines()[2:]
    path = tmp_path / "example.yaml"
    path.write_text("\n".join(line[2:] for line in example if line.startswith("# ")))
    made = converted(path, without_organic)
    turtle = parse_turtle([DATA / "organic.ttl", DATA / "sentence-links.ttl"])
    subjects = {s for s in made.subjects() if isinstance(s, URIRef)}
    assert URIRef("https://w3id.org/naseigraph/resource/celltest-dol-soaking") in subjects
    assert len(subjects) == 9  # treatment, 3 reactions, layer, role, cell test, 2 values
    same(made, about(subjects, turtle))
