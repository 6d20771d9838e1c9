"""rdflib as a second SPARQL engine, the tests' oracle, and rows put in a form two engines can
be compared in.

Oxigraph runs naseigraph's queries; this module is not part of the package. rdflib's own engine
runs the same `.rq` files here so the tests and the benchmark (bench/worker.py) can check that
every canned query means the same on both, and measure what the choice of engine is worth.
Parameters reach rdflib as `initBindings`, which rdflib keeps in scope for the whole query, as
Oxigraph's SEP-0007 substitutions are.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import InvalidOperation
from typing import TYPE_CHECKING

from naseigraph.graph import PREFIXES, NaseigraphError
from naseigraph.queries import bind, get_query
from naseigraph.store import load
from naseigraph.terms import NUMERIC, XSD, to_rdflib

if TYPE_CHECKING:
    from rdflib import Graph

# The columns a GROUP_CONCAT fills, with its separator (a single space when none is given).
GROUP_CONCAT = re.compile(
    r"GROUP_CONCAT\s*\((?:[^;()]|\([^()]*\))*?"
    r"(?:;\s*separator\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?\s*\)\s*AS\s+\?(\w+)",
    re.IGNORECASE,
)

COALESCED = re.compile(r"COALESCE\s*\(\s*\?(\w+)\s*,[^()]*\)\s*AS\s+\?(\w+)", re.IGNORECASE)


def rdflib_rows(name: str, graph: Graph | None = None, *, reason=None, **params) -> list[dict]:
    """Run a canned query on rdflib's engine; rows as `queries.run_query` gives them.

    `reason`: None runs a query written over inferred classes (`reason: true`) over the graph
    with what HermiT infers, as Oxigraph does; True or a reasoner's name does so for any query;
    False never does (for a graph that already holds its inferences).
    """
    query = get_query(name)
    bindings = {var.value: to_rdflib(term) for var, term in bind(query, params).items()}
    graph = load() if graph is None else graph
    if reason or (reason is None and query.reason):
        graph = inferred_graph(graph, reason if isinstance(reason, str) else "hermit")
    result = rdflib_query(query.portable, graph, bindings, name)
    return [{str(var): plain(row[var]) for var in result.vars} for row in result]


_INFERRED: dict = {}  # (id of a graph, its size, reasoner) -> (that graph, its closure)


def inferred_graph(graph: Graph, reasoner: str = "hermit") -> Graph:
    """`graph` with what the reasoner infers from it, computed once per graph (cached)."""
    from naseigraph.inference import materialise

    key = (id(graph), len(graph), reasoner)
    if key not in _INFERRED:  # the graph stays in the cache, so its id is not reused
        _INFERRED[key] = (graph, materialise(graph, reasoner))
    return _INFERRED[key][1]


def rdflib_query(text: str, graph: Graph, bindings: dict | None = None, source: str = "sparql"):
    """The raw rdflib result of a read query, with the project's prefixes predeclared."""
    try:
        return graph.query(text, initNs=PREFIXES, initBindings=bindings or {})
    except Exception as error:  # rdflib raises many kinds; the caller needs one line
        raise NaseigraphError(f"{source}: rdflib could not run the query: {error}") from None


def plain(term):
    """An rdflib term as a plain Python value, exactly as `terms.plain` treats Oxigraph's."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else None
        if datatype in NUMERIC:
            try:
                return NUMERIC[datatype](str(term))
            except (ValueError, InvalidOperation):
                return str(term)
        if datatype == XSD + "boolean":
            return str(term) in ("true", "1")
        return str(term)
    return str(term)


def comparable(query_text: str, rows: list[dict]) -> Counter:
    """Rows as a multiset that means the same whichever engine produced them.

    - Order is not compared: ties under ORDER BY may fall either way.
    - A GROUP_CONCAT cell (or a COALESCE of one) becomes the set of its parts: SPARQL leaves
      the order of the concatenated values open, and engines differ ("35, 34" or "34, 35").
    - A GROUP_CONCAT with nothing to concatenate is the empty set: Oxigraph leaves it unbound
      (an unbound value inside the aggregate is an error, and the error spreads to the
      aggregate), rdflib gives "" (it skips the error). A group that mixes bound and unbound
      values is NOT hidden: Oxigraph's unbound then compares unequal to rdflib's list.
    - Numbers compare by value, as Python compares (and hashes) them: 1 == Decimal("1.0"), so
      an engine writing the same computed value in another lexical form is not a difference.
    """
    separators = {
        match.group(3): next((g for g in match.groups()[:2] if g is not None), " ")
        for match in GROUP_CONCAT.finditer(query_text)
    }
    for match in COALESCED.finditer(query_text):  # (COALESCE(?list, "none") AS ?shown)
        if match.group(1) in separators:
            separators[match.group(2)] = separators[match.group(1)]
    counted: Counter = Counter()
    for row in rows:
        cells = []
        for name, value in sorted(row.items()):
            if name in separators:
                value = frozenset(value.split(separators[name])) if value else frozenset()
            cells.append((name, value))
        counted[tuple(cells)] += 1
    return counted
