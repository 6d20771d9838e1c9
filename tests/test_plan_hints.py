"""The canned queries' LATERAL hints for Oxigraph: the same rows with and without them, and a
text without them that other engines parse."""

import pytest

from naseigraph.graph import NaseigraphError
from naseigraph.lexer import code_only
from naseigraph.plan_hints import portable
from naseigraph.queries import bind, execute, get_query, list_queries, rows

HINTED = [q for q in list_queries() if "LATERAL" in q.text]


def test_the_slow_lookups_at_scale_carry_hints():
    # bench/NOTES.md: the queries whose OPTIONAL lookups cost most at 1M triples
    assert {"layer-values", "studies", "values-of-kind"} <= {q.name for q in HINTED}


@pytest.mark.parametrize("query", HINTED, ids=lambda q: q.name)
def test_a_hinted_query_gives_the_same_rows_in_order_without_its_hints(query, store):
    bindings = bind(query, {})
    hinted = rows(execute(query.text, store, bindings, limit=None))
    plain = rows(execute(query.portable, store, bindings, limit=None))
    assert "LATERAL" not in code_only(query.portable).upper()  # a comment may name it
    assert hinted and hinted == plain


def test_only_the_lateral_wrapper_is_taken_away():
    text = """SELECT ?s ?n {
  ?s a <urn:x:A> # LATERAL { in a comment stays
  LATERAL {  OPTIONAL { ?s <urn:x:p> "}" ; <urn:x:q> ?n OPTIONAL { ?n <urn:x:r> ?m } }
  }
}"""
    want = """SELECT ?s ?n {
  ?s a <urn:x:A> # LATERAL { in a comment stays
  OPTIONAL { ?s <urn:x:p> "}" ; <urn:x:q> ?n OPTIONAL { ?n <urn:x:r> ?m } }
}"""
    assert portable(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * {\n  ?s ?p ?o LATERAL { ?o ?q ?r } }",  # a join: taking it away changes rows
        "SELECT * {\n  ?s ?p ?o LATERAL { OPTIONAL { ?o ?q ?r } ?r ?x ?y } }",
        "SELECT * {\n  ?s ?p ?o LATERAL { OPTIONAL { ?o ?q ?r }",  # never closed
    ],
)
def test_a_lateral_that_is_not_one_optional_is_refused_with_its_line(text):
    with pytest.raises(NaseigraphError, match=r"^line 2: a LATERAL hint must hold one OPTIONAL"):
        portable(text)


def test_a_server_is_sent_the_portable_text(monkeypatch):
    from naseigraph import remote
    from naseigraph.queries import run

    sent = []
    monkeypatch.setattr(remote, "query", lambda text, *a, **k: sent.append(text) or [])
    run("layer-values", endpoint="http://127.0.0.1:9/sparql")
    assert sent and "LATERAL" not in code_only(sent[0]) and "OPTIONAL" in sent[0]
    assert "LATERAL" in get_query("layer-values").text
