"""One query of `naseigraph serve`, evaluated in a child process that is killed at the time limit.

Oxigraph cannot be cancelled from Python, and the `oxigraph` server's own `--timeout-s` does not
stop every evaluation (measured: an ORDER BY over a cross product ran 3 minutes past a limit of
1 s, a COUNT 20 s past 2 s). A process can always be stopped: the child opens the store
read-only (milliseconds), runs the query, keeps at most the row limit and sends the serialized
answer back; the server kills it at the time limit, or when the client has gone.
"""

from __future__ import annotations

import multiprocessing

import pyoxigraph as ox

from naseigraph.guard import collect

RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}


class Stopped(Exception):  # noqa: N818 (not an error of the server: the query's own limit)
    """The query ran past its time limit and was killed."""


def evaluate(location: str, text: str, graphs: list[str], accept: str, *, timeout: float, limit):
    """(content type, body, truncated) of `text` on the store at `location`.

    Raises Stopped at the time limit, ValueError for a query that does not run.
    """
    context = multiprocessing.get_context("fork")  # no re-import: the child starts at once
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sending, location, text, graphs, accept, limit), daemon=True
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


def _child(sending, location, text, graphs, accept, limit) -> None:
    try:
        store = ox.Store.read_only(location)
        default = [ox.NamedNode(g) for g in graphs] or None
        result = collect(store.query(text, default_graph=default), limit)
        sending.send(_serialized(result, accept))
    except Exception as error:  # handed to the server, which answers HTTP 400
        sending.send(ValueError(" ".join(str(error).split())))
    finally:
        sending.close()


def _serialized(result, accept: str) -> tuple[str, bytes, bool]:
    wanted = [part.split(";")[0].strip() for part in accept.split(",")]
    truncated = getattr(result, "truncated", False)
    if isinstance(result, list):  # CONSTRUCT or DESCRIBE triples
        kind = next((w for w in wanted if w in GRAPHS), "application/n-triples")
        return kind, ox.serialize(result, format=GRAPHS[kind]), truncated
    kind = next((w for w in wanted if w in RESULTS), "application/sparql-results+json")
    return kind, result.serialize(format=RESULTS[kind]), truncated
