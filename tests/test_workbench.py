"""The workbench `naseigraph serve` serves, tried over HTTP (httpx) as a lab's browser and its
scripts would: every route, content negotiation, the SPARQL 1.1 Protocol, bad requests, and the
limits. One server, started by the command line, serves the module.

What the pages must show is read from the review: NaF is formed from SbF3/DMC [54, 55] in
section 3.1, from PTFE by rolling (Figure 7a) [117]; reference 100 (Shi et al., Nanoscale 2023)
is the one reference printed with a DOI, 10.1039/d3nr01306e; the review's DOI is
10.20944/preprints202305.1544.v1.
"""

import csv
import html
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from decimal import Decimal

import httpx
import pytest
from conftest import CONTEXT, FIXTURES, Served, free_port, synthetic
from conftest import naseigraph as run_cli
from rdflib_oracle import comparable

from naseigraph.graph import data_files
from naseigraph.lexer import code_only
from naseigraph.queries import example, list_queries, run_query

HTML = {"Accept": "text/html"}
TIMEOUT = 3  # the server's time limit in this module, seconds
MAX_ROWS = 5000  # its row limit: the shipped graph has over 12000 triples


@pytest.fixture(scope="module")
def served():
    with Served("--timeout", TIMEOUT, "--max-rows", MAX_ROWS) as (base, line):
        yield base, line


@pytest.fixture(scope="module")
def base(served):
    return served[0]


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=60) as session:
        yield session


def cli(*args) -> str:
    """What the command line prints, byte for byte (CSV lines end in CRLF, as W3C's CSV
    results do), with Java on the PATH for the queries over inferred classes."""
    command = [sys.executable, "-m", "naseigraph", *map(str, args)]
    env = {"PATH": os.environ.get("PATH", ""), "COLUMNS": "100"}
    done = subprocess.run(command, capture_output=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8")


# ---- serving ----------------------------------------------------------------------------------


def test_serve_says_where_to_browse_and_listens_on_loopback_only(served):
    base, line = served
    assert line == f"naseigraph workbench: {base} (read-only; SPARQL at {base}/sparql)\n"
    port = int(base.rsplit(":", 1)[1])
    other = [a for a in _own_addresses() if not a.startswith("127.")]
    for address in other:  # nothing answers on this machine's other addresses
        with pytest.raises(OSError), socket.create_connection((address, port), timeout=1):
            pass


def _own_addresses() -> list[str]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            return [probe.getsockname()[0]]
        except OSError:
            return []


def test_serve_on_a_busy_port_is_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        done = run_cli("serve", "--port", busy.getsockname()[1])
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "Address already in use" in done.stderr


@pytest.mark.parametrize("given", ["0", "-2"])
def test_serve_refuses_fewer_than_one_query_at_once_in_one_line(given):
    done = run_cli("serve", "--port", free_port(), "--parallel", given)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "naseigraph: error: the number of queries evaluated at once must be 1 or more,"
        f" not {given} (--parallel)\n"
    )


def test_serve_warns_when_it_listens_beyond_this_machine():
    server = Served("--host", "0.0.0.0")
    with server as (_, line):
        assert "0.0.0.0" not in line and line.startswith("naseigraph workbench: http://127.0.0.1:")
    assert "note: listening on 0.0.0.0, not only on this machine" in server.stderr


def test_on_every_address_serve_prints_addresses_one_can_browse_to():
    from naseigraph.server import browsable

    urls = browsable("0.0.0.0", 7878)
    assert urls[0] == "http://127.0.0.1:7878" and not any("0.0.0.0" in u for u in urls)
    assert browsable("::", 7878)[0] == "http://[::1]:7878"
    assert browsable("192.0.2.7", 80) == ["http://192.0.2.7:80"]


def test_serve_stops_on_sigterm(served):
    # uvicorn shuts down gracefully, then ends by the signal it caught, as a service should
    server = Served()
    with server as (base, _):
        assert httpx.get(base + "/", timeout=30).status_code == 200
        server.process.terminate()
        assert server.process.wait(timeout=10) in (0, -signal.SIGTERM)
    assert "Traceback" not in server.stderr
    with pytest.raises(httpx.ConnectError):
        httpx.get(base + "/", timeout=5)


def test_an_idle_connection_is_kept_longer_than_httpx_keeps_it(base):
    # httpx reuses a connection idle for up to 5 s: a server closing at 5 s races it, and the
    # request on the closing connection fails (bench/keepalive.md). No retry here: same socket.
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        connection.request("GET", "/resource/NaF")
        assert connection.getresponse().read() and connection.sock is not None
        opened = connection.sock
        time.sleep(5.5)
        connection.request("GET", "/resource/NaF")
        assert connection.sock is opened
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_every_page_forbids_loading_from_other_hosts(client):
    for path in ("/", "/search?q=NaF", "/queries/halide-phases", "/resource/NaF", "/sparql"):
        answer = client.get(path, headers=HTML)
        assert answer.status_code == 200, path
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy, path
        assert 'src="http' not in answer.text and "@import" not in answer.text, path


# ---- the front page, search and cards ---------------------------------------------------------


def test_the_front_page_has_search_the_questions_by_topic_stats_and_the_review(client):
    page = client.get("/", headers=HTML).text
    assert 'action="/search"' in page
    assert 'href="https://doi.org/10.20944/preprints202305.1544.v1"' in page
    for query in list_queries():  # every canned query, linked by its title
        assert f'<a href="/queries/{query.name}">' in page, query.name
    assert "<h3>claims</h3>" in page and "<h3>precursor</h3>" in page
    assert '<a href="/views/precursor-phase">' in page and '<a href="/views/causes">' in page
    assert "<th>class_label</th>" in page or "<th>" in page  # the stats table
    summary = cli("stats", "--table", "by-kind", "--format", "csv").splitlines()[1]
    assert summary.split(",")[0] in page


def test_search_ranks_the_exact_name_first_and_links_each_hit_to_its_card(client):
    page = client.get("/search", params={"q": "NaF"}, headers=HTML).text
    rows = page.split("<tbody>")[1].split("</tr>")
    assert '<a href="/resource/NaF">NaF</a>' in rows[0] and "exact" in rows[0]
    cli_hits = cli("search", "NaF", "--format", "csv", "--limit", "1000").splitlines()[1:]
    assert page.count("<tr><td>") == len(cli_hits)  # the same hits as the command line


def test_a_card_shows_each_fact_with_its_section_figure_references_and_sentences(client):
    page = client.get("/resource/NaF", headers=HTML).text
    assert "<h1>NaF</h1>" in page and "<h2>Formed by</h2>" in page
    sbf3 = next(item for item in page.split("<li>") if "with SbF3 forming NaF" in item)
    assert '<a href="/resource/section-3-1">3.1</a>' in sbf3
    assert (
        '<a href="/resource/ref-54">54</a>' in sbf3 and '<a href="/resource/ref-55">55</a>' in sbf3
    )
    assert 'href="/resource/sentence-3-1-2"' in sbf3
    rolled = next(item for item in page.split("<li>") if "PTFE -&gt; NaF + organic carbon" in item)
    assert "Figure 7a" in rolled and '<a href="/resource/ref-117">117</a>' in rolled
    assert 'href="/resource/reaction-sbf3"' in sbf3  # the fact links to its own card
    assert client.get("/resource/reaction-sbf3", headers=HTML).status_code == 200


def test_a_reference_card_links_its_doi_and_the_review_card_its_own(client):
    page = client.get("/resource/ref-100", headers=HTML).text
    assert 'href="https://doi.org/10.1039/d3nr01306e"' in page
    assert "Nanoscale" in page
    review = client.get("/resource/review", headers=HTML).text
    assert 'href="https://doi.org/10.20944/preprints202305.1544.v1"' in review


@pytest.mark.parametrize(
    ("accept", "fmt", "parsed_as"),
    [("text/turtle", "ttl", "turtle"), ("application/ld+json", "jsonld", "json-ld")],
)
def test_a_card_is_linked_data_by_content_negotiation(client, accept, fmt, parsed_as):
    from rdflib import Graph, Literal, Namespace, URIRef

    nsg = Namespace("https://w3id.org/naseigraph/ontology#")
    nsgr = Namespace("https://w3id.org/naseigraph/resource/")
    by_header = client.get("/resource/NaF", headers={"Accept": accept})
    by_format = client.get("/resource/NaF", params={"format": fmt})
    assert by_header.headers["content-type"].startswith(accept)
    assert "Accept" in by_header.headers["vary"]
    graphs = [Graph().parse(data=a.text, format=parsed_as) for a in (by_header, by_format)]
    assert len(graphs[0]) == len(graphs[1]) > 50
    graph = graphs[0]
    assert (nsgr.NaF, nsg.formula, Literal("NaF")) in graph
    assert (nsgr["reaction-sbf3"], nsg.hasProduct, nsgr.NaF) in graph  # what points at it
    assert (nsgr["reaction-sbf3"], nsg.statedIn, nsgr["section-3-1"]) in graph  # and its source
    sources = set(
        graph.objects(nsgr["reaction-sbf3"], URIRef("http://www.w3.org/ns/prov#hadPrimarySource"))
    )
    assert sources == {nsgr["ref-54"], nsgr["ref-55"]}


# ---- canned queries as forms ------------------------------------------------------------------


def test_a_canned_query_page_has_a_form_its_result_and_its_sparql(client):
    page = client.get("/queries/layers-by-method", params={"method": "MLD"}, headers=HTML).text
    assert '<input id="p-method" name="method" value="MLD" list="c-method">' in page
    assert '<option value="atomic layer deposition (ALD)">' in page  # methods the graph knows
    assert "Al2O3-alucone nano hybrid interface (ALD/MLD)" in page  # [127], section 3.3
    assert "alucone" in page and "<summary>The SPARQL</summary>" in page
    assert 'naseigraph query layers-by-method -p method="MLD"' in page
    assert 'href="?method=MLD&amp;format=csv"' in page  # the link keeps the parameters


def test_the_sparql_a_page_shows_and_the_editor_opens_runs_on_any_engine(client):
    # studies.rq holds Oxigraph's LATERAL hints; a reader copies the text to rdflib or Virtuoso,
    # which do not parse LATERAL, so both show it without them
    page = client.get("/queries/studies", headers=HTML).text
    shown = html.unescape(page.split("<summary>The SPARQL</summary><pre>")[1].split("</pre>")[0])
    opened = example("studies")
    for text in (shown, opened):
        assert "OPTIONAL {" in text and not re.search(r"\bLATERAL\s*\{", code_only(text))
    assert shown.startswith("#+ title: ") and not opened.startswith("#+")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "md"])
def test_a_download_is_what_the_command_line_prints(client, fmt):
    params = {"phase": "NaF", "format": fmt}
    answer = client.get("/queries/precursors-yielding", params=params)
    assert answer.status_code == 200
    expected = cli("query", "precursors-yielding", "-p", "phase=NaF", "--format", fmt)
    assert answer.content.decode("utf-8") == expected
    if fmt == "csv":  # and it says what the review says: NaF from SbF3 [54, 55], 3.1
        rows = list(csv.DictReader(io.StringIO(answer.text, newline="")))
        sbf3 = next(row for row in rows if row["precursor_label"] == "SbF3")
        assert (sbf3["section"], sbf3["refs"]) == ("3.1", "54, 55")


def test_a_query_over_inferred_classes_runs_on_the_inferred_graph(client):
    answer = client.get("/queries/precursors", params={"format": "csv"})
    assert answer.content.decode("utf-8") == cli("query", "precursors", "--format", "csv")
    assert "SbF3" in answer.text


@pytest.mark.parametrize(
    ("query", "params", "cli_args"),
    [
        ("studies", {"year": "abc"}, ["-p", "year=abc"]),
        ("lifetimes-at-conditions", {"current_density": "fast"}, ["-p", "current_density=fast"]),
        ("precursors-yielding", {"colour": "red"}, ["-p", "colour=red"]),
        # names of the functions' own options are parameters too, and unknown ones
        (
            "halide-phases",
            {"endpoint": "http://127.0.0.1:9/"},
            ["-p", "endpoint=http://127.0.0.1:9/"],
        ),
        ("halide-phases", {"timeout": "999"}, ["-p", "timeout=999"]),
        ("halide-phases", {"params": "x"}, ["-p", "params=x"]),
    ],
)
def test_bad_parameters_get_the_clis_message_in_the_page_with_400(client, query, params, cli_args):
    done = run_cli("query", query, *cli_args)
    message = done.stderr.removeprefix("naseigraph: error: ").strip()
    assert done.returncode == 2 and message
    page = client.get(f"/queries/{query}", params=params, headers=HTML)
    assert page.status_code == 400
    assert f'<p class="error" role="alert">{_escaped(message)}</p>' in page.text
    download = client.get(f"/queries/{query}", params={**params, "format": "csv"})
    assert download.status_code == 400 and download.text == message + "\n"


def _escaped(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_unknown_things_are_404_wrong_methods_405_big_bodies_413(client):
    assert client.get("/queries/no-such-query", headers=HTML).status_code == 404
    assert client.get("/sparql", params={"example": "a" * 3000}, headers=HTML).status_code == 400
    assert client.get("/resource/no-such-thing").status_code == 404
    for odd in ("a%20b", "%3Cscript%3E", ""):  # not IRIs, or nothing: no card
        assert client.get(f"/resource/{odd}", headers=HTML).status_code == 404, odd
    assert client.get("/views/no-such-view").status_code == 404
    assert client.get("/no/such/page").status_code == 404
    assert client.put("/sparql", content=b"x").status_code == 405
    assert client.delete("/resource/NaF").status_code == 405
    assert client.post("/queries/halide-phases", data={"a": "b"}).status_code == 405
    huge = {"query": "ASK {}" + " " * (1 << 20)}
    assert client.post("/sparql", data=huge).status_code == 413

    def chunks():  # no Content-Length: the limit counts what arrives
        for _ in range(20):
            yield b"query=" if _ == 0 else b" " * (1 << 16)

    chunked = client.post(
        "/sparql", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert chunked.status_code == 413
    bad_format = client.get("/queries/halide-phases", params={"format": "xlsx"})
    assert (
        bad_format.status_code == 400
        and "format must be one of csv, tsv, json, md" in bad_format.text
    )


# ---- the SPARQL endpoint ----------------------------------------------------------------------

JSON = {"Accept": "application/sparql-results+json"}
NAF_LABEL = "SELECT ?label WHERE { nsgr:NaF rdfs:label ?label }"


def test_the_endpoint_answers_get_and_both_kinds_of_post(client):
    answers = [
        client.get("/sparql", params={"query": NAF_LABEL}, headers=JSON),
        client.post("/sparql", data={"query": NAF_LABEL}, headers=JSON),
        client.post(
            "/sparql",
            content=NAF_LABEL,
            headers={**JSON, "Content-Type": "application/sparql-query"},
        ),
    ]
    for answer in answers:
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/sparql-results+json")
        assert answer.json()["results"]["bindings"] == [
            {"label": {"type": "literal", "value": "NaF", "xml:lang": "en"}}
        ]


@pytest.mark.parametrize(
    ("accept", "starts"),
    [
        ("application/sparql-results+xml", "<?xml"),
        ("text/csv", "label\r\nNaF"),
        ("text/tab-separated-values", '?label\n"NaF"@en'),
    ],
)
def test_the_endpoint_speaks_the_w3c_result_formats(client, accept, starts):
    answer = client.get("/sparql", params={"query": NAF_LABEL}, headers={"Accept": accept})
    assert answer.headers["content-type"].startswith(accept) and answer.text.startswith(starts)


def test_ask_and_construct(client):
    ask = client.get("/sparql", params={"query": "ASK { nsgr:NaF a nsg:Halide }"}, headers=JSON)
    assert ask.json()["boolean"] is True
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l ; nsg:formula 'NaF' }"
    answer = client.get("/sparql", params={"query": construct}, headers={"Accept": "*/*"})
    assert answer.headers["content-type"].startswith("text/turtle")
    from rdflib import Graph, Literal, URIRef

    triples = set(Graph().parse(data=answer.text, format="turtle"))
    naf = URIRef("https://w3id.org/naseigraph/resource/NaF")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert triples == {(naf, label, Literal("NaF", lang="en"))}


def test_updates_and_service_are_refused_and_nothing_is_contacted(client):
    with socket.socket() as target:
        target.bind(("127.0.0.1", 0))
        target.listen()
        target.setblocking(False)
        port = target.getsockname()[1]
        refused = [
            client.get(
                "/sparql",
                params={"query": f"ASK {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"},
            ),
            client.post(
                "/sparql",
                data={"query": f"select * {{ service silent <http://127.0.0.1:{port}/> {{}} }}"},
            ),
            client.post(
                "/sparql", data={"update": "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"}
            ),
            client.post(
                "/sparql",
                content="PREFIX ex: <http://e/> DELETE WHERE { ?s ?p ?o }",
                headers={"Content-Type": "application/sparql-update"},
            ),
            client.get(
                "/sparql", params={"query": "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }"}
            ),
            client.get(
                "/sparql/inferred",
                params={"query": f"ASK {{ SERVICE <http://127.0.0.1:{port}/> {{}} }}"},
            ),
        ]
        time.sleep(0.2)
        with pytest.raises(BlockingIOError):
            target.accept()  # nothing ever connected to it
    for answer in refused:
        assert answer.status_code == 400, answer.text
        assert "refused" in answer.text and answer.text.count("\n") == 1
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON).json()[
        "boolean"
    ]


def test_a_syntax_error_is_the_clis_message_with_400(client):
    text = "SELECT ?x WHERE { ?x a ex:Thing }"
    done = run_cli("sparql", text)
    answer = client.get("/sparql", params={"query": text}, headers=JSON)
    assert answer.status_code == 400
    assert answer.text == done.stderr.removeprefix("naseigraph: error: ").replace(
        "sparql:", "query:", 1
    )


def test_a_query_past_the_time_limit_is_stopped_and_the_server_goes_on(client):
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"
    started = time.monotonic()
    answer = client.get("/sparql", params={"query": slow}, headers=JSON)
    took = time.monotonic() - started
    assert answer.status_code == 503
    assert answer.text == f"the query was stopped after {TIMEOUT} s, the time limit\n"
    assert TIMEOUT <= took < TIMEOUT + 10
    page = client.get("/sparql", params={"query": slow}, headers=HTML)
    assert page.status_code == 503
    assert client.get("/sparql", params={"query": NAF_LABEL}, headers=JSON).status_code == 200


def test_queries_take_turns_and_a_query_that_gets_none_within_the_time_limit_is_503():
    # Under load at 1M triples, 32 clients' queries all ran at once and some passed the 30 s
    # limit. With --parallel 1 a page waits for the one turn (a card never does), and a page
    # that cannot get it within the time limit says the server is busy.
    slow = {"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"}
    page = ("/queries/precursors-yielding", {"phase": "NaF", "format": "csv"}, {})
    card = ("/resource/NaF", None, {"Accept": "text/turtle"})
    stopped = f"the query was stopped after {TIMEOUT} s, the time limit\n"
    busy = (
        "the server is busy: 1 query is running, as many as it runs at once, and none"
        f" ended within {TIMEOUT} s (try again later)\n"
    )
    with (
        Served("--parallel", 1, "--timeout", TIMEOUT) as (base, _),
        httpx.Client(base_url=base, timeout=60) as session,
    ):
        asked = {"slow": (0, "/sparql", slow, JSON), "page": (0.5, *page), "card": (0.5, *card)}
        ended = _together(session, asked)
        assert ended["slow"][1:] == (503, stopped)
        assert ended["card"][1] == 200 and ended["card"][0] < ended["slow"][0]
        assert ended["page"][1] == 200 and ended["page"][0] > ended["slow"][0]
        assert "SbF3,NaF,chemical pretreatment," in ended["page"][2]
        assert ',3.1,"54, 55",false,NaF' in ended["page"][2]
        # two slow queries ahead: the page's wait outlasts the time limit
        asked = {"first": (0, "/sparql", slow, JSON), "second": (0.3, "/sparql", slow, JSON)}
        ended = _together(session, {**asked, "page": (1, *page)})
        assert ended["page"][1:] == (503, busy)


def _together(session: httpx.Client, asked: dict) -> dict:
    """Each request (delay in seconds, path, params, headers) from its own thread: when each
    ended, its status and its text, by name."""
    ended = {}

    def ask(name, delay, path, params, headers):
        time.sleep(delay)
        answer = session.get(path, params=params, headers=headers)
        ended[name] = (time.monotonic(), answer.status_code, answer.text)

    threads = [threading.Thread(target=ask, args=(n, *a)) for n, a in asked.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ended


def test_a_canned_query_past_the_time_limit_is_503_not_the_askers_mistake(tmp_path):
    # Under load at 1M triples the precursors-yielding page ran past 30 s and came back 400.
    # On the shipped graph alone the query can end before the waiting thread gets the GIL
    # back, even at 1 ms (seen once): with 60k synthetic triples it lists 851 rows in ~70 ms.
    bigger = synthetic(tmp_path / "bigger.ttl", 60_000, seed=7)
    with Served(*data_files(), bigger, "--timeout", "0.001") as (base, _):
        where = base + "/queries/precursor-phase-pairs"
        page = httpx.get(where, headers=HTML, timeout=30)
        assert page.status_code == 503
        assert "stopped after 0.001 s, the time limit" in page.text
        download = httpx.get(where, params={"format": "csv"}, timeout=30)
        assert download.status_code == 503
        assert "query 'precursor-phase-pairs': stopped after 0.001 s" in download.text


def test_the_row_limit_is_said_in_the_header_and_in_the_page(client):
    everything = "SELECT * WHERE { ?s ?p ?o }"
    answer = client.get("/sparql", params={"query": everything}, headers=JSON)
    assert answer.headers["naseigraph-truncated"] == f"after {MAX_ROWS} rows"
    assert len(answer.json()["results"]["bindings"]) == MAX_ROWS
    page = client.get("/sparql", params={"query": everything}, headers=HTML).text
    assert f"The row limit cut the result after {MAX_ROWS} rows." in page


def test_the_inferred_graph_has_its_own_endpoint_and_a_switch_in_the_editor(client):
    # nsg:usesPrecursor is the super-property of the roles the data states: only inferred
    uses = "SELECT ?t WHERE { ?t nsg:usesPrecursor nsgr:SbF3 }"
    asserted = client.get("/sparql", params={"query": uses}, headers=JSON).json()
    inferred = client.get("/sparql/inferred", params={"query": uses}, headers=JSON).json()
    assert asserted["results"]["bindings"] == []
    assert {b["t"]["value"].rsplit("/", 1)[1] for b in inferred["results"]["bindings"]} >= {
        "treatment-sbf3"
    }
    switched = client.get("/sparql", params={"query": uses, "inferred": "on"}, headers=HTML).text
    assert '<a href="/resource/treatment-sbf3">' in switched


def test_the_editor_presets_the_prefixes_and_offers_the_canned_queries(client):
    page = client.get("/sparql", headers=HTML).text
    assert "PREFIX nsg: &lt;https://w3id.org/naseigraph/ontology#&gt;" in page
    for query in list_queries():
        assert f'href="/sparql?example={query.name}"' in page
    loaded = client.get("/sparql", params={"example": "precursors-yielding"}, headers=HTML).text
    assert "&#34;NaF&#34;" in loaded or '"NaF"' in loaded  # the default written in


# ---- other SPARQL clients see the command line's rows -----------------------------------------


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_canned_query_through_sparqlwrapper_gives_the_clis_rows(base, store, query):
    from SPARQLWrapper import JSON as WANT_JSON
    from SPARQLWrapper import SPARQLWrapper

    endpoint = SPARQLWrapper(f"{base}/sparql/inferred" if query.reason else f"{base}/sparql")
    endpoint.setQuery(example(query.name))
    endpoint.setReturnFormat(WANT_JSON)
    endpoint.setMethod("POST")
    answer = endpoint.query().convert()
    remote = [{k: _python(v) for k, v in b.items()} for b in answer["results"]["bindings"]]
    local = run_query(query.name, store=store)
    names = answer["head"]["vars"]
    local = [{k: v for k, v in row.items() if v is not None and k in names} for row in local]
    assert remote and comparable(query.text, remote) == comparable(query.text, local)


XSD = "http://www.w3.org/2001/XMLSchema#"


def _python(binding: dict):
    value, datatype = binding["value"], binding.get("datatype")
    if datatype == XSD + "integer":
        return int(value)
    if datatype == XSD + "decimal":
        return Decimal(value)
    if datatype == XSD + "double":
        return float(value)
    if datatype == XSD + "boolean":
        return value == "true"
    return value


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_canned_query_through_rdflibs_sparqlstore_gives_the_clis_rows(base, store, query):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    endpoint = f"{base}/sparql/inferred" if query.reason else f"{base}/sparql"
    graph = Graph(SPARQLStore(endpoint, returnFormat="json", method="POST"))
    result = graph.query(example(query.name))
    names = [str(v) for v in result.vars]
    remote = [{n: _rdflib_python(row[n]) for n in names if row[n] is not None} for row in result]
    local = run_query(query.name, store=store)
    local = [{k: v for k, v in row.items() if v is not None} for row in local]
    assert remote and comparable(query.text, remote) == comparable(query.text, local)


def _rdflib_python(term):
    from rdflib import Literal

    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(term)
    return str(term)


def test_naseigraphs_own_client_reads_the_workbench_as_an_endpoint(base):
    local = cli("query", "symmetric-cell-lifetimes", "-p", "current_density=1", "--format", "csv")
    remote = cli(
        "query", "symmetric-cell-lifetimes", "-p", "current_density=1", "--format", "csv",
        "--endpoint", f"{base}/sparql",
    )  # fmt: skip
    assert remote == local


# ---- hostile data ------------------------------------------------------------------------------

EVIL = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def test_labels_with_markup_show_as_text():
    served = Served(FIXTURES / "web" / "markup-label.ttl", *CONTEXT)
    with served as (base, _), httpx.Client(base_url=base, timeout=60) as session:
        pages = [
            session.get("/resource/evil-layer", headers=HTML).text,
            session.get("/search", params={"q": "onerror"}, headers=HTML).text,
            session.get(
                "/sparql",
                params={"query": "SELECT ?l WHERE { nsgr:evil-layer rdfs:label ?l }"},
                headers=HTML,
            ).text,
        ]
    for page in pages:
        assert "<script>window.__xss" not in page and "<img src=x" not in page
        assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in page


# ---- pages of a long listing ---------------------------------------------------------------


def test_a_long_listing_comes_a_page_at_a_time_and_the_download_whole(client):
    whole = run_query("claims")  # more claims than a page holds
    assert len(whole) > 100
    first = client.get("/queries/claims", headers=HTML)
    assert first.status_code == 200
    assert first.text.count("<tr>") == 101  # the header row and a page of 100
    assert "rows 1 to 100" in first.text and 'href="?offset=100" rel="next">next 100' in first.text
    rest = client.get("/queries/claims", params={"offset": 100}, headers=HTML)
    assert rest.text.count("<tr>") == 1 + len(whole) - 100
    assert f"rows 101 to {len(whole)}" in rest.text and 'rel="next"' not in rest.text
    assert 'href="?offset=0" rel="prev">previous 100' in rest.text
    # The download is the whole listing, as the command line prints it.
    csv = client.get("/queries/claims", params={"offset": 100, "format": "csv"})
    assert csv.text == cli("query", "claims", "--format", "csv")
    bad = client.get("/queries/claims", params={"offset": "-1"}, headers=HTML)
    assert bad.status_code == 400 and "offset must be a number of rows" in bad.text
