"""One query of `naseigraph serve`, evaluated in a child process that is killed at the time limit.

Oxigraph cannot be cancelled from Python. A process can always be stopped: the child (forked,
so it starts at once and shares the parent's in-memory store copy-on-write; an on-disk store it
opens read-only, in milliseconds) runs the query, keeps at most the row limit and sends the
serialized answer back; the server kills it at the time limit.
"""

from __future__ import annotations

import multiprocessing

import pyoxigraph as ox

from naseigraph.graph import NaseigraphError

RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/turtle": ox.RdfFormat.TURTLE,
}


class Stopped(Exception):  # noqa: N818 (not an error of the server: the query's own limit)
    """The query ran past its time limit and was killed."""


def evaluate(source, text: str, graphs: list[str], accept: str, *, timeout: float, limit):
    """(content type, body, truncated) of `text` on `source`: a store, or an on-disk store's
    folder. Raises Stopped at the time limit, ValueError for a query that does not run."""
    context = multiprocessing.get_context("fork")  # no re-import: the child starts at once
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sending, source, text, graphs, accept, limit), daemon=True
    )
    child.start()
    sending.close()
    try:
        if not receiving.poll(timeout):
            raise Stopped(f"the query was stopped after {timeout:g} s, the time limit")
        outcome = receiving.recv()
    except EOFError:  # the child died without a word (out of memory, say)
        raise Stopped("the query's process ended without an answer") from None
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _child(sending, source, text, graphs, accept, limit) -> None:
    from naseigraph.guard import collect
    from naseigraph.queries import execute

    try:
        store = source if isinstance(source, ox.Store) else ox.Store.read_only(source)
        if graphs:  # the protocol's default-graph-uri: the union of these graphs
            named = [ox.NamedNode(g) for g in graphs]
            result = collect(store.query(text, default_graph=named), limit)
        else:  # naseigraph's prefixes predeclared, and the command line's error messages
            result = execute(text, store, source="query", timeout=None, limit=limit)
        sending.send(_serialized(result, accept))
    except NaseigraphError as error:  # handed to the server, which answers HTTP 400
        sending.send(ValueError(str(error)))
    except Exception as error:
        sending.send(ValueError("query: " + " ".join(str(error).split())))
    finally:
        sending.close()


def _serialized(result, accept: str) -> tuple[str, bytes, bool]:
    wanted = [part.split(";")[0].strip() for part in accept.split(",")]
    truncated = getattr(result, "truncated", False)
    if isinstance(result, list):  # CONSTRUCT or DESCRIBE triples
        kind = next((w for w in wanted if w in GRAPHS), "text/turtle")
        return kind, ox.serialize(result, format=GRAPHS[kind]), truncated
    kind = next((w for w in wanted if w in RESULTS), "application/sparql-results+json")
    return kind, result.serialize(format=RESULTS[kind]), truncated
