"""Existing SPARQL servers: push and query over HTTP, against real `oxigraph` processes (the
`oxigraph` package's server program, a test dependency: the same engine as pyoxigraph).

Every server here is started by the test on 127.0.0.1 on a free port, waited for with a bound,
and always stopped.
"""

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port, one_line_exit_2
from conftest import naseigraph as run_cli
from rdflib_oracle import comparable

from naseigraph.graph import NaseigraphError
from naseigraph.inference import inferred_store
from naseigraph.queries import list_queries, run_query
from naseigraph.remote import Endpoint, push_graph, push_store

WAIT = 30  # seconds: the bound on every wait for a process or a port


def oxigraph_program() -> str:
    """The `oxigraph` server program, installed beside this Python by the test extra."""
    program = Path(sys.executable).parent / "oxigraph"
    assert program.is_file(), "the oxigraph program is missing: pip install -e '.[test]'"
    return str(program)


def naseigraph(*args, timeout=WAIT):
    return run_cli(*args, timeout=timeout)


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listened on port {port} within {WAIT} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def oxigraph(location: Path, mode: str = "serve"):
    """An Oxigraph server (`serve`, or `serve-read-only`) on a free port; yields its base URL."""
    port = free_port()
    command = [oxigraph_program(), mode, "--location", str(location)]
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A read-write Oxigraph server; yields its base URL."""
    with oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


def count(base: str, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    query = urllib.parse.quote(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    request = urllib.request.Request(
        f"{base}/query?query={query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=WAIT) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def pushed(server, store):
    done = naseigraph("push", "--endpoint", f"{server}/store")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"pushed {len(store)} triples to the default graph at {server}/store\n"
    return server


# ---- push, then the same answers remotely as locally ------------------------------------------


INFERRED = "https://w3id.org/naseigraph/graph/inferred"


@pytest.fixture(scope="module")
def pushed_inferences(pushed, store):
    """The graph with HermiT's inferences in a named graph, for the `reason: true` queries.

    Pushed from the store the local queries reason over (inference.inferred_store caches it).
    """
    push_store(Endpoint(f"{pushed}/store", graph=INFERRED), inferred_store(store))
    return Endpoint(f"{pushed}/query", graph=INFERRED)


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_canned_query_gives_the_same_rows_remotely(pushed, store, request, query):
    where = request.getfixturevalue("pushed_inferences") if query.reason else f"{pushed}/query"
    remote = run_query(query.name, endpoint=where)
    local = run_query(query.name, store=store)
    assert remote and comparable(query.text, remote) == comparable(query.text, local)


@pytest.mark.parametrize(
    "args",
    [
        ["query", "precursors-yielding", "-p", "phase=Na₃P"],
        ["query", "symmetric-cell-lifetimes", "-p", "current_density=1", "--format", "csv"],
        ["query", "fact-provenance", "--format", "json"],
        ["query", "claims", "--limit", "10", "--offset", "10", "--format", "csv"],  # a page
        ["sparql", "SELECT ?l WHERE { ?s nsg:formula 'NaF' ; rdfs:label ?l }", "--format", "tsv"],
        ["sparql", "ASK { nsgr:NaF a nsg:Halide }"],
    ],
    ids=" ".join,
)
def test_the_command_line_prints_the_same_remotely(pushed, args):
    local = naseigraph(*args)
    remote = naseigraph(*args, "--endpoint", f"{pushed}/query")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


def test_construct_comes_back_as_turtle(pushed):
    text = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l ; nsg:formula 'NaF' }"
    done = naseigraph("sparql", text, "--endpoint", f"{pushed}/query")
    assert done.returncode == 0, done.stderr
    assert 'nsgr:NaF rdfs:label "NaF"@en .' in done.stdout


def test_push_into_a_named_graph_and_query_it(server, store):
    graph = "https://w3id.org/naseigraph/graph/test"
    done = naseigraph("push", "--endpoint", f"{server}/store", "--graph", graph)
    assert done.returncode == 0, done.stderr
    assert count(server, graph) == len(store)
    rows = run_query(
        "precursors-yielding", endpoint=Endpoint(f"{server}/query", graph=graph), phase="Na3P"
    )
    assert sorted(r["precursor_label"] for r in rows) == ["PBr3", "red phosphorus"]


def test_push_with_inferences_from_the_command_line(server, store):
    graph = "https://w3id.org/naseigraph/graph/rl"
    done = naseigraph(
        "push", "--endpoint", f"{server}/store", "--graph", graph, "--reason", "--reasoner", "rl"
    )  # OWL 2 RL needs no Java
    assert done.returncode == 0, done.stderr
    assert count(server, graph) > len(store)
    rows = run_query("precursors", endpoint=Endpoint(f"{server}/query", graph=graph))
    assert "SbF3" in {row["precursor_label"] for row in rows}


# ---- failures: one line, exit 2, and the server's graph intact --------------------------------


def test_an_unreachable_endpoint():
    url = f"http://127.0.0.1:{free_port()}/query"
    one_line_exit_2(naseigraph("query", "graph-summary", "--endpoint", url), f"cannot reach {url}")


def test_an_endpoint_that_never_answers():
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        done = naseigraph("query", "graph-summary", "--endpoint", url, "--timeout", "1")
        assert time.monotonic() - started < 15
    one_line_exit_2(done, f"{url} did not answer within 1 s")


def test_an_http_error(server):
    url = f"{server}/no-such-service"
    one_line_exit_2(naseigraph("sparql", "ASK {}", "--endpoint", url), f"{url} answered HTTP 404")


def test_a_bad_query_is_the_servers_http_400(pushed):
    done = naseigraph("sparql", "SELECT ?s WHERE { ?s ?p }", "--endpoint", f"{pushed}/query")
    one_line_exit_2(done, "answered HTTP 400")


def test_a_push_that_fails_before_sending_leaves_the_graph_intact(pushed, store, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "unclosed .\n')
    with pytest.raises(NaseigraphError, match=f"{bad}:2"):
        push_graph(Endpoint(f"{pushed}/store"), [bad])
    assert count(pushed) == len(store)


def test_a_push_cut_off_mid_upload_leaves_the_graph_intact(pushed, store):
    # What a dropped connection does to `naseigraph push`'s single PUT: half the body, then
    # the connection closes. The server must keep its previous graph whole.
    body = b"".join(
        b"<http://example.org/%d> <http://example.org/p> 1 .\n" % i for i in range(5000)
    )
    head = (
        "PUT /store?default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/n-triples\r\nContent-Length: {2 * len(body)}\r\n\r\n"
    )
    port = int(pushed.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as upload:
        upload.sendall(head.encode() + body)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:  # give the server time to see the cut and roll back
        assert count(pushed) == len(store)
        time.sleep(0.2)


def test_a_push_the_server_refuses_is_one_line(tmp_path_factory):
    # A read-only server answers 403; nothing changes on it.
    import pyoxigraph

    location = tmp_path_factory.mktemp("ro")
    pyoxigraph.Store(str(location)).flush()  # an empty store the server can open read-only
    with oxigraph(location, "serve-read-only") as base:
        done = naseigraph("push", "--endpoint", f"{base}/store")
        one_line_exit_2(done, "answered HTTP 403")


# ---- servers that misbehave --------------------------------------------------------------------


class Misbehaving:
    """A one-request-at-a-time HTTP server on a free port whose handler the test writes."""

    def __init__(self, handle):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                handle(self)

            do_PUT = do_POST  # noqa: N815

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/query"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _results_head(handler, length=None):
    handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    if length is not None:
        handler.send_header("Content-Length", str(length))
    handler.end_headers()


def test_a_server_that_drips_is_stopped_at_the_timeout_of_the_whole_request():
    def drip(handler):
        _results_head(handler)
        with contextlib.suppress(OSError):
            for _ in range(60):  # a byte every 0.3 s: no single read ever times out
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.3)

    with Misbehaving(drip) as url:
        done = naseigraph("sparql", "ASK {}", "--endpoint", url, "--timeout", "1")
    one_line_exit_2(done, f"{url} did not answer within 1 s")


def test_an_answer_over_the_size_limit_is_refused():
    def flood(handler):
        _results_head(handler)
        with contextlib.suppress(OSError):
            handler.wfile.write(
                b'{"head": {"vars": []}, "results": {"bindings": [' + b" " * 300_000
            )

    with Misbehaving(flood) as url, pytest.raises(NaseigraphError, match="sent more than"):
        run_query("graph-summary", endpoint=Endpoint(url, max_bytes=100_000))


def test_a_truncated_answer_is_one_line():
    def truncated(handler):
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "ur'
        _results_head(handler, len(body))
        handler.wfile.write(body)

    with Misbehaving(truncated) as url:
        done = naseigraph("sparql", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", url)
    one_line_exit_2(done, "sent results that do not parse")


def test_a_push_that_times_out_says_the_outcome_is_unknown():
    def slow(handler):
        handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        time.sleep(5)  # stores the graph after the client has given up

    with Misbehaving(slow) as url:
        done = naseigraph("push", "--endpoint", url, "--timeout", "1")
    one_line_exit_2(done, "whether the graph was replaced is unknown; check with")


def test_remote_syntax_errors_give_the_line_of_the_query_written(pushed):
    done = naseigraph("sparql", "SELECT ?s WHERE {\n ?s ?p }", "--endpoint", f"{pushed}/query")
    one_line_exit_2(done, "error at 2:")


def test_a_reasoning_query_on_an_endpoint_without_inferences_says_to_push_them(pushed):
    done = naseigraph("query", "fluoride-layers", "--endpoint", f"{pushed}/query")
    one_line_exit_2(done, "`naseigraph push --endpoint URL --reason`")
