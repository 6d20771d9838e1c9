"""The shapes run by two engines made for the job, each on what it covers: pyrudof (Rust) for
SHACL Core, Oxigraph for SHACL-SPARQL (the SHACL-AF SPARQL-based targets and the SPARQL
constraints). Its findings are pySHACL's, line for line (tests/test_validation_engines.py);
bench/validation.md measures the two side by side.

pyrudof is given the data as N-Triples with every literal as written, and the shapes with
their SPARQL parts taken out: each SPARQL-based target is replaced by the nodes Oxigraph
selects (sh:targetNode), and each SPARQL constraint runs in Oxigraph once, with every focus
node of its shape pre-bound to $this, rather than once per node as pySHACL runs it.
"""

from __future__ import annotations

import re
from collections import namedtuple
from pathlib import Path

import pyoxigraph as ox

from naseigraph.graph import PREFIXES
from naseigraph.queries import execute, view
from naseigraph.substitution import prebound, substitute
from naseigraph.terms import is_iri

SH = PREFIXES["sh"]
SHAPES = ox.NamedNode("urn:naseigraph:shapes")  # the shapes' graph, beside the data
SKOLEM = "urn:naseigraph:shape:"  # a blank shape named, so that pyrudof's results name it
MESSAGE, PATH, PROPERTY = (ox.NamedNode(SH + n) for n in ("message", "path", "property"))
SPARQL, TARGET, TARGET_NODE = (ox.NamedNode(SH + n) for n in ("sparql", "target", "targetNode"))
SPARQL_COMPONENT = SH + "SPARQLConstraintComponent"
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Result(namedtuple("Result", "severity focus path message shape named component value")):
    """One validation result in Oxigraph's terms (`path` and `value` may be None); `named` is
    the shape a reader is shown: the source shape, or the shape whose sh:property it is."""

    __slots__ = ()


class Run(namedtuple("Run", "results shapes")):
    """The results (a list of Result), and the shapes graph (an ox.Store) they point into, for
    a result's path."""

    __slots__ = ()


def run(triples: list[ox.Triple], shapes_path: Path, *, timeout: float | None) -> Run:
    """Every result of the shapes in `shapes_path` on `triples` (the data with the ontology);
    each SPARQL query is given up after `timeout` seconds."""
    import pyrudof  # heavy; imported only when validating

    data = _ntriples(triples)
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)  # parsed in Rust: 2x faster than extend
    store.bulk_load(path=str(shapes_path), format=ox.RdfFormat.TURTLE, to_graph=SHAPES)
    _name_blank_shapes(store)
    _expand_sparql_targets(store, timeout)
    owners = {q.object: q.subject for q in _quads(store, None, PROPERTY)}
    results = list(_sparql_results(store, owners, timeout))
    core = [q.triple for q in _quads(store, None, None) if q.predicate != SPARQL]
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    strict = pyrudof.ReaderMode.Strict
    rudof.read_data(data, format=pyrudof.RDFFormat.NTriples, reader_mode=strict)
    rudof.read_shacl(_ntriples(core), format=pyrudof.ShaclFormat.NTriples, reader_mode=strict)
    messages = {q.subject: q.object.value for q in _quads(store, None, MESSAGE)}
    paths = {q.subject: q.object for q in _quads(store, None, PATH)}
    for entry in rudof.validate_shacl():
        shape = _term(str(entry.source_shape))
        path = None if entry.path is None else paths.get(shape, _term(str(entry.path)))
        own = messages.get(shape)  # pySHACL gives a shape's sh:message to each of its results
        message = own if own is not None else _unquoted(str(entry.message))
        value = None if entry.value is None else _term(str(entry.value))
        focus, component = _term(str(entry.focus_node)), str(entry.constraint_component)
        severity, named = str(entry.severity), _named(shape, owners)
        results.append(Result(severity, focus, path, message, shape, named, component, value))
    store.remove_graph(ox.DefaultGraph())  # the shapes alone are kept, for the report
    return Run([_unnamed(r) for r in results], store)


def _quads(store: ox.Store, subject, predicate):
    return store.quads_for_pattern(subject, predicate, None, SHAPES)


def _ntriples(triples) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()


def _name_blank_shapes(store: ox.Store) -> None:
    """Give each blank shape (a node with sh:path, or one that a shape's sh:property points
    to) an IRI, which pyrudof's results keep; paths and lists stay blank."""
    blank = {q.subject for q in _quads(store, None, PATH) if isinstance(q.subject, ox.BlankNode)}
    blank |= {q.object for q in _quads(store, None, PROPERTY) if isinstance(q.object, ox.BlankNode)}
    named = {node: ox.NamedNode(SKOLEM + node.value) for node in blank}
    quads = list(_quads(store, None, None))
    store.remove_graph(SHAPES)
    store.extend(
        ox.Quad(named.get(q.subject, q.subject), q.predicate, named.get(q.object, q.object), SHAPES)
        for q in quads
    )


def _expand_sparql_targets(store: ox.Store, timeout: float | None) -> None:
    """Replace each SHACL-AF SPARQL-based target by the nodes its SELECT finds in the data."""
    targets: dict[tuple, dict] = {}
    for row in _select(view("validation/sparql-targets"), store, timeout):
        key = (row["shape"], row["target"], row["select"].value, _prologue(row))
        bound = targets.setdefault(key, {})
        if row["name"] is not None:
            bound[ox.Variable(row["name"].value)] = row["value"]
    for (shape, target, select, prologue), bound in targets.items():
        text = substitute(prologue + select, bound) if bound else prologue + select
        nodes = [s["this"] for s in _select(text, store, timeout, bind=False)]
        store.remove(ox.Quad(shape, TARGET, target, SHAPES))
        store.extend(ox.Quad(shape, TARGET_NODE, node, SHAPES) for node in nodes)


def _sparql_results(store: ox.Store, owners: dict, timeout: float | None):
    """The results of every SPARQL constraint, each run once over all its shape's focus
    nodes; the message's {?name} and {$name} say the solution's values."""
    for row in _select(view("validation/sparql-constraints"), store, timeout):
        shape = row["shape"]
        focus = [s["this"] for s in _select(view("validation/focus-nodes"), store, timeout, shape)]
        if not focus:
            continue
        text = prebound(_prologue(row) + row["select"].value, "this", [str(n) for n in focus])
        seen = set()  # one result for solutions that bind the same values, as pySHACL gives
        for solution in _select(text, store, timeout, bind=False):
            values = {name: term for name, term in solution.items() if term is not None}
            if (key := frozenset(values.items())) in seen:
                continue
            seen.add(key)
            message = row["message"].value if row["message"] is not None else ""
            yield Result(
                severity=row["severity"].value.rsplit("#", 1)[-1],
                focus=values["this"],
                path=values.get("path"),
                message=_filled(message, values),
                shape=shape,
                named=_named(shape, owners),
                component=SPARQL_COMPONENT,
                value=values.get("value", values["this"]),
            )


def _select(text: str, store: ox.Store, timeout, shape=None, *, bind: bool = True):
    bindings = {ox.Variable("shapes"): SHAPES} if bind else {}
    if shape is not None:
        bindings[ox.Variable("shape")] = shape
    result = execute(text, store, bindings, source="validate", timeout=timeout, limit=None)
    names = [v.value for v in result.variables]
    return [dict(zip(names, solution, strict=True)) for solution in result]


def _prologue(row: dict) -> str:
    return row["prologue"].value + "\n" if row.get("prologue") is not None else ""


def _filled(message: str, values: dict) -> str:
    def value(match: re.Match) -> str:
        term = values.get(match.group(1))
        return match.group(0) if term is None else term.value

    return re.sub(r"\{[?$]([A-Za-z0-9_]+)\}", value, message)


def _named(shape, owners: dict) -> ox.NamedNode | None:
    if isinstance(shape, ox.NamedNode) and not shape.value.startswith(SKOLEM):
        return shape
    owner = owners.get(shape)
    return owner if isinstance(owner, ox.NamedNode) and not owner.value.startswith(SKOLEM) else None


def _unnamed(result: Result) -> Result:
    """The result with the blank shape it came from blank again."""
    if result.shape.value.startswith(SKOLEM):
        return result._replace(shape=ox.BlankNode(result.shape.value[len(SKOLEM) :]))
    return result


LITERAL = re.compile(r'"(?P<text>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[\w-]+)|\^\^(?P<type>\S+))?', re.S)


def _term(text: str) -> Term:
    """A term as pyrudof writes it: an IRI, `_:label`, or a literal (a datatype as a CURIE)."""
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    literal = LITERAL.fullmatch(text)
    if literal is not None:
        kind = literal["type"]
        if kind is not None:
            kind = kind.strip("<>")
            prefix, _, local = kind.partition(":")
            kind = ox.NamedNode(PREFIXES[prefix] + local if prefix in PREFIXES else kind)
        body = re.sub(r"\\(.)", r"\1", literal["text"])  # \" and \\ as N-Triples escapes them
        language = literal["lang"]
        return ox.Literal(body, language=language, datatype=None if language else kind)
    text = text.strip("<>")
    return ox.NamedNode(text) if is_iri(text) else ox.BlankNode()


def _unquoted(message: str) -> str:
    literal = LITERAL.fullmatch(message)
    return literal["text"] if literal is not None else message


def report_graph(run: Run):
    """The results as a W3C validation report (an rdflib graph), each complex path copied from
    the shapes as pySHACL copies it."""
    from rdflib import BNode, Literal, URIRef

    from naseigraph.store import new_graph
    from naseigraph.terms import to_rdflib

    sh = {n: URIRef(SH + n) for n in ("ValidationReport", "ValidationResult", "conforms", "result")}
    rdf_type = URIRef(PREFIXES["rdf"] + "type")
    graph = new_graph()
    report = BNode()
    graph.add((report, rdf_type, sh["ValidationReport"]))
    graph.add((report, sh["conforms"], Literal(not run.results)))
    for result in run.results:
        node = BNode()
        graph.add((report, sh["result"], node))
        fields = {
            "focusNode": to_rdflib(result.focus),
            "resultSeverity": URIRef(SH + result.severity),
            "resultMessage": Literal(result.message),
            "sourceShape": to_rdflib(result.shape),
            "sourceConstraintComponent": URIRef(result.component),
            "value": None if result.value is None else to_rdflib(result.value),
            "resultPath": None if result.path is None else _copied(result.path, run.shapes, graph),
        }
        graph.add((node, rdf_type, sh["ValidationResult"]))
        for name, term in fields.items():
            if term is not None:
                graph.add((node, URIRef(SH + name), term))
    return graph


def _copied(node, shapes: ox.Store, graph):
    """`node` in the report graph; a blank node with everything it leads to in the shapes."""
    from naseigraph.terms import to_rdflib

    if not isinstance(node, ox.BlankNode):
        return to_rdflib(node)
    for quad in shapes.quads_for_pattern(node, None, None, SHAPES):
        graph.add((to_rdflib(node), to_rdflib(quad.predicate), _copied(quad.object, shapes, graph)))
    return to_rdflib(node)
