"""Rows that read the same on every engine: reference lists in numeric order, plain-literal
lists, one row per fact whatever the implied flags of its reactions, numbers however typed."""

import re
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib_oracle import rdflib_rows

from naseigraph.queries import get_query, list_queries, run, run_query
from naseigraph.store import load_store

PLAIN = [q for q in list_queries() if not q.reason]
WITH_REFS = [q for q in PLAIN if "AS ?refs)" in q.text]


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory):
    return load_store(path=tmp_path_factory.mktemp("store") / "store")


def lists(query):
    """The columns a GROUP_CONCAT fills."""
    return set(re.findall(r"GROUP_CONCAT\b.*?AS\s+\?(\w+)", query.text, re.S | re.I))


def refs_of(query, rows):
    """Each row's reference list beside the row's other single-valued cells (a decimal by its
    value: Oxigraph writes 1.0 as 1, rdflib keeps the form it was written in)."""
    other = lists(query) | {"refs"}

    def cell(value):
        return str(value.normalize() if isinstance(value, Decimal) else value)

    return sorted(
        (tuple(sorted((k, cell(v)) for k, v in row.items() if k not in other)), row["refs"] or "")
        for row in rows
    )


@pytest.mark.parametrize("query", WITH_REFS, ids=lambda q: q.name)
def test_reference_lists_are_in_numeric_order_on_every_engine(query, store, graph, on_disk):
    in_memory = run_query(query.name, store=store)
    assert in_memory, "no rows, so agreeing would prove nothing"
    for row in in_memory:
        if row["refs"] and row["refs"] != "none cited":  # a claim's sentence may cite nothing
            numbers = [int(n) for n in row["refs"].split(", ")]
            assert numbers == sorted(numbers), (query.name, row)
    # The same strings, row for row, from an on-disk store and from rdflib's engine.
    assert refs_of(query, run_query(query.name, store=on_disk)) == refs_of(query, in_memory)
    assert refs_of(query, rdflib_rows(query.name, graph)) == refs_of(query, in_memory)


def test_a_reference_list_in_the_review_order(store):
    # [54, 55] for the SbF3 treatment (section 3.1), [117-120] for the rolled PTFE layer (3.3).
    rows = run_query("precursors-yielding", store=store, phase="NaF")
    assert {r["precursor_label"]: r["refs"] for r in rows}["SbF3"] == "54, 55"
    layers = {r["layer_label"]: r["refs"] for r in run_query("systems-by-section", store=store)}
    assert layers["PTFE-derived NaF/organic carbon hybrid layer (rolling)"] == "117, 118, 119, 120"


@pytest.mark.parametrize("query", PLAIN, ids=lambda q: q.name)
def test_lists_are_plain_literals(query, store):
    # Oxigraph tags GROUP_CONCAT over tagged labels @en; SPARQL 1.1 and Jena give plain ones.
    result = run(query.name, store)
    for solution in result:
        for name in lists(query) & {v.value for v in result.variables}:
            term = solution[name]
            assert not isinstance(term, ox.Literal) or term.language is None, (name, term)


def test_a_precursor_phase_pair_is_one_row_with_one_implied_flag(store):
    # Soaking Na in DOL forms poly(DOL) (3.2 [105]): one row, stated, not one stated and one
    # implied. The pair is implied only where every reaction behind it is implied.
    rows = run_query("precursors-yielding", store=store, phase="poly(DOL)")
    assert [(r["precursor_label"], r["implied"]) for r in rows] == [("1,3-dioxolane", False)]
    pairs = run_query("precursor-phase-pairs", store=store)
    keys = [(r["precursor_label"], r["phase_label"], r["treatment"]) for r in pairs]
    assert len(keys) == len(set(keys))


def test_reasoning_does_not_repeat_rows(store):
    from naseigraph.inference import inferred_store

    inferred = inferred_store(store, "rl")
    for name in ("layer-values", "native-sei-species"):
        plain, reasoned = run_query(name, store=store), run_query(name, store=inferred)
        assert len(reasoned) == len(plain), name


@pytest.mark.parametrize("typed", ["1000", "1e3", "1E+3", "1000.0", "+1000", "1.0e3"])
def test_a_decimal_parameter_takes_every_form_of_a_number(store, typed):
    # Symmetric cells over 1000 h in the review: Sn(TFSI)2 1700 h [80], poly(DOL) over 2800 h [105].
    rows = run_query("symmetric-cell-lifetimes", store=store, min_hours=typed)
    assert sorted(r["hours"] for r in rows) == [1700, 2800]


def test_a_decimal_parameter_that_is_no_number_is_refused(store):
    from naseigraph.graph import NaseigraphError

    with pytest.raises(NaseigraphError, match="must be a decimal"):
        run_query("symmetric-cell-lifetimes", store=store, min_hours="a thousand")
    assert get_query("symmetric-cell-lifetimes").params
