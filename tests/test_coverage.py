"""`naseigraph coverage`: every sentence of the review carries a fact or a reason, and every
reference of its list is cited by some fact."""

from conftest import CONTEXT, naseigraph

from naseigraph import coverage
from naseigraph.store import load_store

SMALL = """@prefix nsg: <https://w3id.org/naseigraph/ontology#> .
@prefix nsgr: <https://w3id.org/naseigraph/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
nsgr:sentence-2-1 a nsg:Sentence ; rdfs:label "section 2, sentence 1"@en ;
    nsg:inPart nsgr:section-2 ; nsg:ordinal 1 ; nsg:fingerprint "0" .
nsgr:sentence-2-2 a nsg:Sentence ; rdfs:label "section 2, sentence 2"@en ;
    nsg:inPart nsgr:section-2 ; nsg:ordinal 2 ; nsg:fingerprint "1" ;
    nsg:noFactReason "a transition"@en .
nsgr:sentence-figure-2-1 a nsg:Sentence ; rdfs:label "Figure 2 caption, sentence 1"@en ;
    nsg:inPart nsgr:figure-2 ; nsg:ordinal 1 ; nsg:fingerprint "2" .
nsgr:a-fact nsg:readFrom nsgr:sentence-2-1 ; prov:hadPrimarySource nsgr:ref-25 .
"""


def test_a_sentence_without_fact_or_reason_and_an_uncited_reference_are_reported(tmp_path):
    small = tmp_path / "small.ttl"
    small.write_text(SMALL, encoding="utf-8")
    report = coverage(store=load_store([*CONTEXT, small]))
    assert [s["label"] for s in report.uncovered] == ["Figure 2 caption, sentence 1"]
    assert report.parts() == [
        {"part": "2", "sentences": 2, "with_fact": 1, "reason": 1, "uncovered": 0},
        {"part": "Figure 2", "sentences": 1, "with_fact": 0, "reason": 0, "uncovered": 1},
    ]
    assert len(report.uncited) == 126 and 25 not in {r["number"] for r in report.uncited}
    assert not report.complete
    text = report.to_text()
    assert "Figure 2 caption, sentence 1: UNCOVERED" in text
    assert "section 2, sentence 2: a transition" in text


def test_the_shipped_graph_accounts_for_every_sentence_and_reference():
    done = naseigraph("coverage")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "UNCOVERED" not in done.stdout
    assert "UNCITED" not in done.stdout
