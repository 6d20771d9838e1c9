"""`naseigraph search`: ranked hits by name, formula, element symbol, attribution or text."""

import csv
import io
import json

import pytest
from conftest import naseigraph

from naseigraph import search
from naseigraph.graph import NaseigraphError


def labels(hits, kind=None):
    return {h.label for h in hits if kind is None or h.kind == kind}


def test_an_exact_formula_comes_first(store):
    hits = search("NaF", store=store)
    assert (hits[0].label, hits[0].match) == ("NaF", "exact")
    assert all(h.match != "exact" for h in hits[1:])


def test_subscripts_either_way(store):
    assert search("Na₃P", store=store, limit=1)[0].label == "Na3P"


def test_an_element_finds_its_compounds_and_the_systems_around_them(store):
    # Tin in the review: SnCl2 [61], SnCl4 [62-64], Sn(TFSI)2 and the Na9Sn4/Na14.7Sn4 alloy
    # [80], Sn2+ pillared MXene forming Na15Sn4 [97], SnS and SnSe films [93-95], Sn foil [86],
    # PVDF-Sn [122] and PAN-Sn [123].
    hits = search("Sn", store=store, limit=None)
    substances = {"Sn", "SnCl2", "SnCl4", "Sn(TFSI)2", "Na9Sn4", "Na14.7Sn4", "Na15Sn4", "Sn2+"}
    assert substances | {"SnS", "SnSe", "Na-Sn alloy"} <= labels(hits)
    layers = labels([h for h in hits if "protective layer" in h.kind or "interphase" in h.label])
    assert "PAN-Sn protective layer" in layers
    assert "NaCl/Na-Sn alloy interphase from SnCl2" in layers
    assert "Sn2+ pillared Ti3C2 MXene layer (forming Na15Sn4)" in layers


@pytest.mark.parametrize(
    "symbol, never",
    [
        ("S", {"SnCl2", "SnCl4", "Sn", "Na15Sn4", "Sn(TFSI)2"}),  # S is not the S of Sn
        ("N", {"NaF", "Na", "NaCl", "Na3P", "Na2O"}),  # N is not the N of Na
        ("C", {"CoF2", "NaCl", "SnCl2", "Cu"}),  # C is not Co, Cl or Cu
        ("O", {"CoF2"}),  # Co is not C and O
    ],
)
def test_a_symbol_never_matches_inside_another(store, symbol, never):
    found = labels(search(symbol, store=store, limit=None))
    assert found and not found & never, found & never


def test_co_is_cobalt(store):
    found = labels(search("Co", store=store, limit=None))
    assert {"CoF2", "NaF-rich interphase from CoF2"} <= found


def test_an_attribution_and_a_figure_locator(store):
    by_sun = labels(search("Sun et al.", store=store, limit=None), "inorganic protective layer")
    assert {
        "Na3PS4 protective layer from P4S16",
        "Na3N/NaNxOy protective layer from NaNO3",
    } <= by_sun
    in_4h = search("Figure 4h", store=store, limit=None)
    assert {h.match for h in in_4h} == {"exact"}
    assert "Na + Sn(TFSI)2 -> Na9Sn4, Na14.7Sn4 (spontaneous alloying)" in labels(in_4h)


def test_words_rank_before_parts(store):
    hits = search("dendrite", store=store, limit=None)
    ranks = [h.match for h in hits]
    assert ranks == sorted(ranks, key=["exact", "word", "part"].index)


def test_kind_and_limit(store):
    hits = search("NaF", kind="reaction", store=store, limit=None)
    assert hits and {h.kind for h in hits} == {"reaction"}
    assert len(search("NaF", store=store, limit=3)) == 3


@pytest.mark.parametrize(
    "call, message",
    [
        ({"text": "  "}, "needs some text"),
        ({"text": "NaF", "kind": "gizmo"}, "unknown kind"),
        ({"text": "NaF", "limit": 0}, "the limit must be 1 or more, not 0"),
    ],
)
def test_bad_input_is_one_clear_error(store, call, message):
    with pytest.raises(NaseigraphError, match=message):
        search(store=store, **call)


def test_the_command_line_formats():
    done = naseigraph("search", "Sn", "--limit", "5")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2].split()[:2] == ["metal", "Sn"]
    hits = json.loads(naseigraph("search", "Sn", "--format", "json").stdout)
    assert hits[0]["iri"] == "https://w3id.org/naseigraph/resource/Sn"
    table = list(csv.DictReader(io.StringIO(naseigraph("search", "NaF", "--format", "csv").stdout)))
    assert table[0]["label"] == "NaF" and table[0]["match"] == "exact"
    assert naseigraph("search", "NaF", "--kind", "gizmo").returncode == 2


def test_a_cut_list_says_how_many_hits_there_are(store):
    hits = search("Sn", store=store, limit=5)
    assert len(hits) == 5 and hits.total > 20
    done = naseigraph("search", "Sn", "--limit", "5")
    assert done.stdout.rstrip().endswith(
        f"5 of {hits.total} hits shown: --limit {hits.total} shows them all"
    )
