"""What leads to what, as the review argues it: causal links between phenomena, each through
the claim (sentence, section, references) it is read from; the causes view of the graph."""

import networkx as nx
import pytest

from naseigraph import run_query, to_networkx
from naseigraph.layout import layout


def steps(rows):
    return {(r["cause"], r["effect"]) for r in rows}


@pytest.fixture(scope="module")
def from_cracks(store):
    return run_query("leads-to", store=store, phenomenon="SEI cracking")


def test_what_a_cracked_sei_leads_to(from_cracks):
    # 1 [sentence 13]: cracks raise the local Na+ flux; 2.1 [7]: cracking speeds up dendrite
    # growth; 2.1 [8]: repeated breakage consumes electrolyte [32, 33], then low CE follows.
    direct = {r["effect"] for r in from_cracks if r["direct"]}
    assert {"uneven Na+ flux", "dendritic Na growth", "electrolyte consumption"} <= direct
    by_step = {(r["effect"], r["sentences"]): r for r in from_cracks if r["direct"]}
    consumed = by_step[("electrolyte consumption", "section 2.1, sentence 8")]
    assert (consumed["section"], consumed["refs"]) == ("2.1", "32, 33")
    flux = by_step[("uneven Na+ flux", "section 1, sentence 13")]
    assert flux["refs"] == "none cited"  # sentence 13 cites nothing; [11] is the one before


def test_a_cracked_sei_leads_along_a_chain_to_dead_na_and_low_efficiency(from_cracks):
    graph = nx.DiGraph(steps(from_cracks))
    assert nx.has_path(graph, "SEI cracking", "dead Na")  # via dendrite growth (1 [14])
    assert nx.has_path(graph, "SEI cracking", "low coulombic efficiency")
    assert all(r["statement"] and r["sentences"] and r["section"] for r in from_cracks)


def test_what_leads_to_dead_na(store):
    rows = run_query("causes-of", store=store, phenomenon="dead Na")
    direct = {(r["cause"], r["sentences"], r["refs"]) for r in rows if r["direct"]}
    # 1 [14]: dendrites detach from the matrix to form dead Na [11, 12]; 2.2 [10]: the same,
    # citing nothing.
    assert ("dendritic Na growth", "section 1, sentence 14", "11, 12") in direct
    assert ("dendritic Na growth", "section 2.2, sentence 10", "none cited") in direct
    graph = nx.DiGraph(steps(rows))
    for cause in ("uneven Na+ flux", "SEI cracking", "volume change"):
        assert nx.has_path(graph, cause, "dead Na"), cause


def test_chains_follow_only_what_promotes_an_effect(store):
    # "artificial SEI ... suppresses dendrites" (4 [5]) counteracts, it does not lead to dead Na.
    rows = run_query("causes-of", store=store, phenomenon="dead Na")
    causes = {r["cause"] for r in rows}
    assert "artificial SEI" not in causes and "separator" not in causes
    assert not {r["relation"] for r in rows} & {"suppresses", "prevents", "alleviates", "blocks"}


def test_the_causes_view_reads_left_to_right():
    view = to_networkx("causes")
    assert view.number_of_edges() > 40
    for _, _, edge in view.edges(data=True):
        assert edge["via"].startswith("nsgr:claim-") and edge["sentences"] and edge["section"]
    positions = layout(view)
    forwards = sum(positions[u][0] < positions[v][0] for u, v in view.edges())
    cycles = len(list(nx.simple_cycles(nx.DiGraph(view))))
    assert forwards >= view.number_of_edges() - cycles - 1  # a cycle's closing edge points back


def test_the_claims_of_a_kind(store):
    # Section 4, sentence 6 lists five open challenges, (1) to (5), citing nothing.
    rows = run_query("claims", store=store, kind="challenge")
    assert len(rows) == 5
    assert {(r["sentences"], r["section"], r["refs"]) for r in rows} == {
        ("section 4, sentence 6", "4", "none cited")
    }
    # How Na differs from Li: 2.1 sentence 5, the SEI on Na dissolves more easily [30, 31].
    about_li = run_query("claims", store=store, kind="comparison", about="Li metal")
    assert ("section 2.1, sentence 5", "30, 31") in {(r["sentences"], r["refs"]) for r in about_li}
