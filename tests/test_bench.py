"""The benchmark's synthetic graphs: seeded, the size asked for, shaped like the review's data
and valid by naseigraph's own ontology and shapes (a small one; bench/run.py makes the big ones).
"""

from pathlib import Path

import pytest
from conftest import synthetic
from rdflib_oracle import comparable, rdflib_rows

from naseigraph.graph import data_files
from naseigraph.queries import list_queries, run_query
from naseigraph.store import load, load_store
from naseigraph.validation import validate

SIZE = len(load_store()) + 1200  # the shipped graph and two synthetic papers


def generate(out: Path, seed: int = 3) -> Path:
    return synthetic(out, SIZE, seed)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("bench") / "small.ttl")


@pytest.fixture(scope="module")
def small_store(small):
    return load_store([*data_files(), small])


def test_conforms_to_the_shapes_without_a_warning(small):
    report = validate([small])  # on top of the shipped data its systems point at
    assert report.conforms, report.to_text()
    assert report.findings == []


def test_has_about_the_size_asked_for(small_store):
    assert SIZE <= len(small_store) < SIZE + 1000  # it stops after the paper that reaches it


def test_the_same_seed_gives_the_same_graph_and_another_seed_another(small, tmp_path):
    assert generate(tmp_path / "again.ttl").read_bytes() == small.read_bytes()
    assert generate(tmp_path / "other.ttl", seed=4).read_bytes() != small.read_bytes()


def test_synthetic_systems_copy_the_reviews_chemistry(small_store, store):
    # Each synthetic treatment turns a precursor into a phase exactly as a system of the review
    # does, so the canned queries meet the review's precursors and phases at every size.
    def pairs(rows):
        return {(r["precursor_label"], r["phase_label"]) for r in rows}

    synthetic = [
        r
        for r in run_query("precursor-phase-pairs", store=small_store)
        if "/bench-p" in r["treatment"]
    ]
    assert len({r["treatment"] for r in synthetic}) == 16  # two papers of eight systems
    assert pairs(synthetic) <= pairs(run_query("precursor-phase-pairs", store=store))


def test_every_canned_query_agrees_on_both_engines_over_the_synthetic_graph(small, small_store):
    graph = load([*data_files(), small])
    for query in list_queries():
        if query.reason:  # HermiT on a generated graph: covered on the shipped one
            continue
        on_oxigraph = run_query(query.name, store=small_store)
        on_rdflib = rdflib_rows(query.name, graph)
        assert comparable(query.text, on_oxigraph) == comparable(query.text, on_rdflib), query.name
