"""What a query may do, and for how long: updates and SERVICE are refused, every evaluation
has a time limit and a row limit, and Ctrl-C stops it.

Oxigraph evaluates in Rust with the GIL released and cannot be cancelled from Python, so the
evaluation runs in a daemon worker thread: the caller waits on it (a wait Ctrl-C interrupts at
once) and gives up at the time limit. The abandoned worker is not stopped: the command line
exits with it; a program calling the API keeps it computing in the background until it ends.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable

import pyoxigraph as ox

from naseigraph.graph import NaseigraphError
from naseigraph.lexer import code_only

DEFAULT_TIMEOUT = 30.0  # seconds of evaluation; the slowest canned query took 5.4 s at 1M triples
DEFAULT_LIMIT = 100_000  # rows (or triples) kept; more are dropped and the result says so

UPDATE = re.compile(
    r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
PROLOGUE = re.compile(r"^\s*(?:PREFIX\s+[^\s:]*:\s*\"\"|BASE\s*\"\")", re.IGNORECASE)
# SERVICE as a keyword: not a variable (?service), a local name (ex:service) or a prefix
SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.IGNORECASE)


def refuse(text: object, source: str = "sparql", *, allow_service: bool | None = False) -> str:
    """`text` if it is a read query naseigraph may run; else one line saying why not.

    `allow_service`: True lets SERVICE through; None refuses it where no caller may allow it.
    """
    if not isinstance(text, str):
        raise NaseigraphError(f"{source}: a query is SPARQL text, not {type(text).__name__}")
    code = code_only(text)
    while match := PROLOGUE.match(code):  # PREFIX ... INSERT is an update too
        code = code[match.end() :]
    if UPDATE.match(code) or re.search(r";\s*(INSERT|DELETE)\b", code, re.IGNORECASE):
        raise NaseigraphError(f"{source}: update requests are refused; naseigraph only reads")
    if not allow_service and SERVICE.search(code):
        refused = f"{source}: SERVICE is refused: it sends a request to another server"
        if allow_service is None:
            raise NaseigraphError(f"{refused} (this server never sends one)")
        raise NaseigraphError(
            refused, hint=" (allow_service=True allows it)", flag=" (allow it with --allow-service)"
        )
    return text


class TimeLimitError(NaseigraphError):
    """A query given up at its time limit: the graph's size, not the asker's mistake (the
    workbench answers 503, as for its endpoint, where other mistakes are 400)."""


class Solutions:
    """SELECT results kept in memory (at most the row limit, after the rows `offset` skipped),
    read like pyoxigraph's."""

    def __init__(
        self, variables: list, solutions: list, truncated: bool, limit: int | None, offset: int = 0
    ):
        self.variables, self._solutions = variables, solutions
        self.truncated, self.limit, self.offset = truncated, limit, offset

    def __iter__(self):
        return iter(self._solutions)

    def __len__(self) -> int:
        return len(self._solutions)

    def serialize(self, format: ox.QueryResultsFormat) -> bytes:
        head = {"vars": [v.value for v in self.variables]}
        bindings = [
            {v.value: _json_term(s[v]) for v in self.variables if s[v] is not None}
            for s in self._solutions
        ]
        data = json.dumps({"head": head, "results": {"bindings": bindings}}).encode()
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=format)


class Triples(list):
    """CONSTRUCT or DESCRIBE results kept in memory (at most the row limit)."""

    truncated = False
    limit: int | None = None
    offset = 0


def whole(value, least: int) -> bool:
    """Whether `value` is a whole number (an int, not a bool) of at least `least`."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def check_offset(offset) -> None:
    """Refuse an offset that is not a whole number of rows, 0 or more."""
    if not whole(offset, 0):
        raise NaseigraphError(
            f"the offset must be a number of rows, 0 or more, not {offset!r}", flag=" (--offset)"
        )


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    return {"type": "literal", "value": str(term)}  # an RDF-star triple, shown as text


def collect(result, limit: int | None, offset: int = 0):
    """A query result read into memory: the first `offset` rows skipped, then at most `limit`
    rows kept (None: all of them). `truncated` says whether more followed."""
    if isinstance(result, ox.QueryBoolean):
        return result
    kept: list = []
    skipped = 0
    for item in result:
        if skipped < offset:
            skipped += 1
            continue
        if limit is not None and len(kept) == limit:
            truncated = True
            break
        kept.append(item)
    else:
        truncated = False
    if isinstance(result, ox.QueryTriples):
        triples = Triples(kept)
        triples.truncated, triples.limit, triples.offset = truncated, limit, offset
        return triples
    return Solutions(list(result.variables), kept, truncated, limit, offset)


def evaluate(
    run: Callable[[], object],
    *,
    timeout: float | None,
    limit: int | None,
    source: str,
    offset: int = 0,
):
    """`collect(run(), limit, offset)` in a worker thread, given up after `timeout` seconds."""
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0
    ):
        raise NaseigraphError(f"the timeout must be a positive number of seconds, not {timeout}")
    if limit is not None and not whole(limit, 1):
        raise NaseigraphError(f"the row limit must be a positive integer, not {limit!r}")
    check_offset(offset)
    box: dict = {}

    def work():
        try:
            box["result"] = collect(run(), limit, offset)
        except BaseException as error:  # handed to the caller's thread
            box["error"] = error

    worker = threading.Thread(target=work, name="naseigraph-query", daemon=True)
    worker.start()
    worker.join(timeout)  # Ctrl-C interrupts this wait at once
    if worker.is_alive():
        raise TimeLimitError(
            f"{source}: stopped after {timeout:g} s, the time limit",
            hint=" (raise it with timeout=SECONDS)",
            flag=" (raise it with --timeout)",
        )
    if "error" in box:
        raise box["error"]
    return box["result"]
