"""The README's table of SPARQL servers holds: each canned query on Virtuoso 7 gives what it says.

The table (README, "SPARQL servers") says for each canned query whether Virtuoso returns the
same rows as Oxigraph, the same in another order, different rows, or an error. This test starts
Debian's Virtuoso, pushes the shipped graph, runs every query the table names and checks that
claim; a query the table leaves out, or a claim that no longer holds, fails it.
"""

import re
from pathlib import Path

import pytest
from conftest import need
from virtuoso import Pushed, compare

from naseigraph.graph import NaseigraphError
from naseigraph.queries import list_queries, run_query

README = Path(__file__).parents[1] / "README.md"
GRAPH = "urn:naseigraph:review"
STATUSES = ("same rows", "same rows, another order", "different rows", "fails")


def claims() -> dict[str, str]:
    """query name -> what the README's table says Virtuoso returns."""
    section = README.read_text(encoding="utf-8").split("\n## SPARQL servers\n", 1)[1]
    table = section.split("\n\n| query |", 1)[1].split("\n\n", 1)[0]
    found = {}
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        name, status = re.sub(r"`", "", cells[0]), cells[1]
        assert status in STATUSES, line
        found[name] = status
    return found


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    need("virtuoso-t", "isql-vt")  # before the server starts: a module fixture runs first
    # 30 s: the queries it answers take well under a second on the shipped graph
    server = Pushed(tmp_path_factory.mktemp("virtuoso"), GRAPH, timeout=30)
    yield server
    server.close()


def test_the_table_names_every_canned_query_that_needs_no_reasoner():
    assert set(claims()) == {q.name for q in list_queries() if not q.reason}


@pytest.mark.parametrize("name", sorted(claims()))
def test_virtuoso_answers_as_the_table_says(name, virtuoso, store):
    ours = run_query(name, store=store)
    try:
        status, why = compare(ours, run_query(name, endpoint=virtuoso.endpoint()))
    except NaseigraphError as error:
        status, why = "fails", str(error)
        virtuoso.restart()  # it may still be busy with this query
    assert status == claims()[name], why
