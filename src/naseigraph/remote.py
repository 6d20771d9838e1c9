"""Talk to an existing SPARQL 1.1 server: queries by the SPARQL protocol, loads by the Graph Store
HTTP Protocol. Standard library HTTP only, so the command line stays light.

Results come back as pyoxigraph results (parsed from the W3C JSON or XML results format), so
tables, CSV and JSON look exactly as they do for a local query.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from importlib.metadata import version

import pyoxigraph as ox

from naseigraph.graph import PREFIXES, NaseigraphError, prologue
from naseigraph.substitution import substitute
from naseigraph.terms import is_iri

ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.9, text/turtle;q=0.8"
)
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
GRAPHS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL server's URL: the query endpoint for queries, the graph store one for push.

    `graph` names the graph to query or replace (None: the default graph).
    """

    url: str
    graph: str | None = None
    timeout: float = 30.0  # seconds for the whole request, not for each read
    max_bytes: int = 100 * 1024 * 1024  # an answer larger than this is refused

    def __post_init__(self):
        try:
            parts = urllib.parse.urlsplit(self.url)
            parts.port  # noqa: B018  (a bad port or bracket raises here)
        except (ValueError, TypeError):
            raise NaseigraphError(f"the endpoint is not a valid URL: {self.url!r}") from None
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise NaseigraphError(f"the endpoint must be an http(s) URL, not {self.url!r}")
        if self.graph is not None and not is_iri(self.graph):
            raise NaseigraphError(f"the graph name must be an absolute IRI, not {self.graph!r}")
        if not self.timeout > 0:
            raise NaseigraphError(
                f"the timeout must be a positive number of seconds, not {self.timeout}"
            )


def as_endpoint(where: Endpoint | str) -> Endpoint:
    """An Endpoint from itself or from a bare URL."""
    return where if isinstance(where, Endpoint) else Endpoint(str(where))


def query(
    text: str, endpoint: Endpoint, bindings: dict | None = None, *, limit=None, offset: int = 0
):
    """Run a read query on the endpoint; the result read whole (at most `limit` rows, see
    naseigraph.guard.collect), so a truncated answer fails here in one line, not later."""
    body = {"query": prologue() + (substitute(text, bindings) if bindings else text)}
    if endpoint.graph:
        body["default-graph-uri"] = endpoint.graph
    data = urllib.parse.urlencode(body).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT}
    try:
        content_type, payload = _send(endpoint, endpoint.url, "POST", data, headers)
    except NaseigraphError as error:  # the server counts lines from the prologue's start
        raise NaseigraphError(_unshifted(str(error), len(PREFIXES))) from None
    return _parse(content_type, payload, endpoint.url, limit, offset)


def _unshifted(message: str, lines: int) -> str:
    """A server's "error at LINE:COLUMN" as a line of the query the user wrote."""

    def shift(match: re.Match) -> str:
        line = int(match.group(2))
        return f"{match.group(1)}{line - lines if line > lines else line}:"

    return re.sub(r"(error at |line )(\d+):", shift, message)


def push(endpoint: Endpoint, ntriples: bytes) -> None:
    """Replace the endpoint's graph with these N-Triples in one Graph Store Protocol PUT.

    One request carries the whole graph, so a store that runs a PUT as one transaction (as
    Oxigraph does) keeps its previous graph whole if the upload fails or is cut off.
    """
    graph = endpoint.graph
    target = "graph=" + urllib.parse.quote(graph, safe="") if graph else "default"
    url = endpoint.url + ("&" if "?" in endpoint.url else "?") + target
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    try:
        _send(endpoint, url, "PUT", ntriples, headers)
    except _LateError:
        # The whole graph was sent: the server may still be storing it, or may have failed.
        raise NaseigraphError(
            f"{url} did not answer within {endpoint.timeout:g} s: whether the graph was replaced"
            " is unknown",
            hint="; count its triples with a query on the endpoint, or push again with a longer"
            " timeout",
            flag="; check with `naseigraph sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'"
            " --endpoint QUERY-URL`, or push again with a longer --timeout",
        ) from None


def push_graph(endpoint: Endpoint, paths=None, *, reasoner: str | None = None) -> int:
    """PUT the graph (ontology and shipped data, or `paths`); returns its size in triples.

    `reasoner` ("hermit", "pellet" or "rl") adds what it infers, so the server can answer the
    canned queries written over inferred classes.
    """
    from naseigraph.store import load_store

    store = load_store(paths)
    if reasoner:
        from naseigraph.inference import inferred_store

        store = inferred_store(store, reasoner)
    return push_store(endpoint, store)


def push_store(endpoint: Endpoint, store: ox.Store) -> int:
    """PUT the default graph of an Oxigraph store; returns its size in triples."""
    push(endpoint, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
    return len(store)


class _LateError(NaseigraphError):
    """The request ran past its timeout."""


def _send(endpoint: Endpoint, url: str, method: str, data: bytes, headers: dict):
    """One HTTP request within `endpoint.timeout` in all (each read gets what is left of it)
    and at most `endpoint.max_bytes` of answer; every way it can fail becomes one line."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    request.add_header("User-Agent", f"naseigraph/{version('naseigraph')}")
    late = _LateError(f"{url} did not answer within {endpoint.timeout:g} s")
    deadline = time.monotonic() + endpoint.timeout
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
            return response.headers.get_content_type(), _read(response, endpoint, deadline, late)
    except urllib.error.HTTPError as error:
        raise NaseigraphError(
            f"{url} answered HTTP {error.code} {error.reason}{_detail(error)}"
        ) from None
    except TimeoutError:
        raise late from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise late from None
        reason = getattr(error.reason, "strerror", None) or error.reason
        raise NaseigraphError(f"cannot reach {url}: {reason}") from None
    except (OSError, http.client.HTTPException) as error:  # dropped or garbled mid-answer
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise NaseigraphError(f"the connection to {url} failed: {reason}") from None


def _read(response, endpoint: Endpoint, deadline: float, late: NaseigraphError) -> bytes:
    """The body, read in pieces so that a server sending a byte at a time still stops at the
    deadline, and refused past the size limit."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > endpoint.max_bytes:
        raise _too_big(endpoint)
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise late
        if sock is not None:
            sock.settimeout(left)  # one read may not outlast the whole request's time
        chunk = response.read1(1 << 16)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > endpoint.max_bytes:
            raise _too_big(endpoint)
        chunks.append(chunk)


def _too_big(endpoint: Endpoint) -> NaseigraphError:
    megabytes = endpoint.max_bytes / (1024 * 1024)
    return NaseigraphError(
        f"{endpoint.url} sent more than {megabytes:g} MB: refused (add a LIMIT to the query)"
    )


def _detail(error: urllib.error.HTTPError) -> str:
    """The first words of the server's explanation, if it sent one."""
    try:
        text = " ".join(error.read(400).decode("utf-8", "replace").split())
    except OSError:
        return ""
    return f": {text[:200]}" if text else ""


def _parse(content_type: str, payload: bytes, url: str, limit=None, offset: int = 0):
    from naseigraph.guard import collect

    try:
        if content_type in RESULTS:
            parsed = ox.parse_query_results(payload, format=RESULTS[content_type])
            return collect(parsed, limit, offset)
        if content_type in GRAPHS:
            # A CONSTRUCT or DESCRIBE answer, made into the triples a local query returns.
            store = ox.Store()
            store.load(payload, format=GRAPHS[content_type])
            return collect(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), limit, offset)
    except (SyntaxError, ValueError) as error:
        problem = " ".join(str(error).split())[:160]
        raise NaseigraphError(f"{url} sent results that do not parse: {problem}") from None
    raise NaseigraphError(f"{url} sent {content_type}, not SPARQL results")
