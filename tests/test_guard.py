"""Queries cannot reach out (SERVICE), write (updates), run for ever or fill the memory."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys

import pytest
from conftest import naseigraph, one_line_exit_2

from naseigraph.graph import NaseigraphError
from naseigraph.guard import refuse
from naseigraph.queries import run_query, sparql
from naseigraph.store import load_store

BIG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # minutes, in one go


@pytest.fixture(scope="module")
def store():
    return load_store()


@pytest.fixture
def listener():
    """A port that records whether anything connected to it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        sock.setblocking(False)
        yield sock


def connected(sock) -> bool:
    try:
        sock.accept()[0].close()
        return True
    except BlockingIOError:
        return False


def service(sock) -> str:
    port = sock.getsockname()[1]
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"


def test_service_is_refused_and_sends_nothing(listener, store):
    one_line_exit_2(naseigraph("sparql", service(listener)), "SERVICE is refused")
    with pytest.raises(NaseigraphError, match="SERVICE is refused"):
        sparql(service(listener), store=store)
    assert not connected(listener)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE {\n  # SERVICE <http://e/> in a comment\n  ?s ?p ?o } LIMIT 1",
        'SELECT * WHERE { ?s ?p "SERVICE <http://e/>" }',
        "SELECT * WHERE { ?s ?p <http://e/SERVICE> }",
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
        "PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ?o }",
        "PREFIX e: <http://e/> SELECT * WHERE { ?s e:service ?o }",
    ],
)
def test_service_in_a_comment_string_iri_or_name_is_not_refused(text, store):
    assert refuse(text) == text
    sparql(text, store=store)


@pytest.mark.parametrize(
    "text",
    [
        "select * where { service <http://e/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://e/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?x ?y ?z . SERVICE ?where { ?s ?p ?o } }",
    ],
)
def test_service_in_any_spelling_is_refused(text):
    with pytest.raises(NaseigraphError, match="SERVICE is refused"):
        refuse(text)


def test_service_runs_when_allowed(listener, store):
    done = naseigraph("sparql", service(listener), "--allow-service", "--timeout", "5")
    assert connected(listener)  # it did ask; the listener never answers, so the query fails
    one_line_exit_2(done, "sparql:")


def test_an_update_after_prefixes_is_refused_as_an_update():
    done = naseigraph("sparql", "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
    one_line_exit_2(done, "update requests are refused")
    with pytest.raises(NaseigraphError, match="update requests are refused"):
        refuse("BASE <http://e/>\nPREFIX ex: <x>\n# note\nDELETE WHERE { ?s ?p ?o }")


def test_the_row_limit_cuts_and_says_so(store):
    rows = sparql(BIG, store=store, limit=5)
    assert len(rows) == 5 and rows.truncated
    assert not sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 5", store=store).truncated
    assert not run_query("graph-summary", store=store).truncated
    table = naseigraph("sparql", BIG, "--limit", "3")
    assert table.returncode == 0
    assert table.stdout.rstrip().endswith(
        "(the row limit cut the result after 3 rows (raise it with --limit))"
    )
    csv = naseigraph("sparql", BIG, "--limit", "3", "--format", "csv")
    assert csv.stdout.count("\n") == 4 and "the row limit cut the result after 3 rows" in csv.stderr


def test_a_query_past_its_time_limit_stops_in_one_line(store):
    one_line_exit_2(naseigraph("sparql", SLOW, "--timeout", "0.5"), "stopped after 0.5 s")
    with pytest.raises(NaseigraphError, match=r"stopped after 0\.2 s"):
        sparql(SLOW, store=store, timeout=0.2)


def test_ctrl_c_stops_a_running_query():
    command = [sys.executable, "-m", "naseigraph", "sparql", SLOW]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=3)  # still evaluating after 3 s
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=10)  # stopped at once: far less than SLOW takes
    assert process.returncode == 130 and err == "naseigraph: interrupted\n"


@pytest.mark.parametrize("bad", [None, 3, b"ASK {}"])
def test_a_query_that_is_not_text_is_one_line(bad, store):
    with pytest.raises(NaseigraphError, match="a query is SPARQL text"):
        sparql(bad, store=store)
