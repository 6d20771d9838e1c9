"""The graph as networkx views: every fact (full), precursor to phase, layer to what it holds."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from naseigraph.graph import PREFIXES, NaseigraphError
from naseigraph.store import ONTOLOGY_GRAPH, load_store, one_source, rdflib_graph
from naseigraph.terms import curie, to_rdflib

if TYPE_CHECKING:  # networkx and rdflib are imported by the functions that need them
    import networkx as nx

VIEWS = ("full", "precursor-phase", "layers", "causes")
NSG = PREFIXES["nsg"]
# Node-link formats keep these keys for their own structure (cytoscape_data sets "value" and
# "name"; node_link_data "id", "source", "target", "key"), so a literal whose local name is one
# of them, or one of the attributes every node has, is named with its prefix: "qudt_value".
RESERVED = {"id", "value", "name", "source", "target", "key"}
CORE = ("iri", "label", "class", "kind", "formula", "quantity", "unit", "section", "figure")
CORE += ("refs", "provenance", "role")


def to_networkx(
    view: str = "full",
    *,
    paths: Iterable[Path | str] | None = None,
    store: ox.Store | None = None,
) -> nx.MultiDiGraph:
    """A networkx projection of the graph: the shipped data, the given Turtle files, or a
    loaded `store`.

    `full`: every resource of the facts and each vocabulary term they point at as a node, every
    object property as an edge keyed by its CURIE, literals as node attributes.
    `precursor-phase`: precursor -> formed phase, one edge per row of the canned query
    precursor-phase-pairs (one per treatment), with its columns.
    `layers`: protective layer -> constituent phases, method, reported values, cell results.
    `causes`: phenomenon -> what the review says it leads to, through the claim (with its
    sentence, section and references) each link is read from.

    >>> G = to_networkx("precursor-phase")
    >>> G.nodes["nsgr:NaF"]["label"], G.nodes["nsgr:NaF"]["class"]
    ('NaF', 'halide')
    """
    if view not in VIEWS:
        raise NaseigraphError(f"unknown view '{view}' (choose from {', '.join(VIEWS)})")
    one_source(paths, store)
    return view_of(view, view_store(view, paths) if store is None else store)


def view_store(
    view: str, paths: Iterable[Path | str] | None = None, sources: Iterable[str] | None = None
) -> ox.Store:
    """The store a view is drawn from: the full view keeps the ontology's own triples apart."""
    return load_store(paths, ontology_graph=view == "full", sources=sources)


def view_of(view: str, store: ox.Store) -> nx.MultiDiGraph:
    """The view `view` (one of VIEWS, checked by the caller before it loads anything) of a
    store (its numbers in canonical form: a node's attributes are values, never lexical
    forms)."""
    from rdflib import URIRef

    terms = Terms(rdflib_graph(store))
    if view == "precursor-phase":
        graph = _pairs(terms, store)
    elif view != "full":
        graph = _derived(terms, store, view)
    else:
        facts = {s for s in terms.g.subjects() if isinstance(s, URIRef)}
        graph = _full(terms, facts - _ontology_terms(store))
    graph.graph["review"] = terms.review()
    return graph


def _ontology_terms(store: ox.Store) -> set:
    """The subjects of the ontology's own triples: kept apart in the store (`view_store`), or,
    in a store loaded without them, the ontology file read on its own."""

    if ONTOLOGY_GRAPH not in set(store.named_graphs()):
        store = load_store(ontology_graph=True, paths=[])
    quads = store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)
    return {to_rdflib(q.subject) for q in quads if isinstance(q.subject, ox.NamedNode)}


def citations(store: ox.Store | None = None) -> dict[int, str]:
    """The review's references by number, as its list prints them (views/references.rq)."""
    from naseigraph.queries import execute, rows, view

    found = {}
    for ref in rows(execute(view("references"), load_store() if store is None else store)):
        source = " ".join(str(ref[k]) for k in ("journal", "year") if ref[k] is not None)
        parts = [
            ref["authors"],
            ref["title"],
            ", ".join(filter(None, (source, ref["volume"], ref["pages"]))),
        ]
        found[int(ref["number"])] = ". ".join(p.rstrip(".") for p in parts if p) + "."
    return found


class Terms:
    """What the whole graph (ontology and facts) says about a node, for any view."""

    def __init__(self, whole):
        from rdflib import RDF, RDFS, SKOS, Namespace

        self.g, self.RDF, self.RDFS, self.SKOS = whole, RDF, RDFS, SKOS
        self.nsg, self.prov = Namespace(NSG), Namespace(PREFIXES["prov"])
        self.qudt, self.bibo = Namespace(PREFIXES["qudt"]), Namespace(PREFIXES["bibo"])
        self._ids: dict = {}  # term -> its id: blank nodes' set first, IRIs' as they are asked
        self._ids.update(self._blank_ids())
        self._stated: dict[tuple, dict] = {}
        self._labels: dict = {}

    def id(self, term) -> str:
        """A CURIE for an IRI in a known namespace, else the IRI; blank nodes by their owner."""
        if term not in self._ids:  # asked for about forty times per node of the full view
            shown = curie(str(term))
            self._ids[term] = str(term) if shown.startswith("<") else shown
        return self._ids[term]

    def _blank_ids(self) -> dict:
        """Names for blank nodes (a garbled-text note) that stay the same from run to run:
        owner, property, number in the order of their content."""
        from rdflib import BNode

        owned: dict[tuple, list] = {}
        for s, p, o in self.g:
            if isinstance(o, BNode) and not isinstance(s, BNode):
                content = sorted(str(v) for v in self.g.objects(o))
                owned.setdefault((self.id(s), _local(p)), []).append((content, o))
        ids = {}
        for (owner, prop), blanks in owned.items():
            for n, (_, blank) in enumerate(sorted(blanks, key=lambda b: b[0]), 1):
                ids[blank] = f"_:{owner.split(':', 1)[-1]}.{prop}.{n}"
        return ids

    def review(self) -> str:
        """The review the facts come from, with its DOI."""
        reviews = self.g.subjects(self.RDF.type, self.nsg.Review)
        return "; ".join(
            " ".join([self.label(r), *(f"doi:{d}" for d in self.values(r, self.bibo.doi))])
            for r in sorted(reviews)
        )

    def label(self, term) -> str:
        if term not in self._labels:  # a property's, on each of its edges: read once
            self._labels[term] = self._label(term)
        return self._labels[term]

    def _label(self, term) -> str:
        for prop in (self.RDFS.label, self.SKOS.prefLabel):
            values = sorted(str(v) for v in self.g.objects(term, prop))
            if values:
                return values[0]
        return self.id(term)

    def class_label(self, cls) -> str:
        """A class by its label, or by its local name spelled out (QuantityKind: quantity kind)."""
        if self.g.value(cls, self.RDFS.label) is not None:
            return self.label(cls)
        return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", _local(cls)).lower()

    def classes(self, term) -> list:
        """The most specific asserted classes of `term`, by label."""
        types = set(self.g.objects(term, self.RDF.type))
        broader = {t: set(self.g.transitive_objects(t, self.RDFS.subClassOf)) - {t} for t in types}
        return sorted((t for t in types if not any(t in broader[o] for o in types)), key=str)

    def kind(self, cls) -> str:
        """The broadest naseigraph class above `cls`: treatment, chemical substance, ..."""
        ours = [
            c for c in self.g.transitive_objects(cls, self.RDFS.subClassOf) if c.startswith(NSG)
        ]
        return self.class_label(ours[-1] if ours else cls)

    def values(self, term, *path) -> list[str]:
        from rdflib.paths import SequencePath

        route = SequencePath(*path) if len(path) > 1 else path[0]
        return sorted(str(v) for v in self.g.objects(term, route))

    def provenance(self, *facts) -> dict:
        """Section, figure panels and reference numbers of the facts an edge or node stands for
        (kept: a fact's node and each of its edges ask for the same)."""
        if facts not in self._stated:
            self._stated[facts] = self._provenance(facts)
        return dict(self._stated[facts])

    def _provenance(self, facts: tuple) -> dict:
        nsg = self.nsg
        sections, figures, refs = set(), set(), set()
        for fact in facts:
            sections.update(self.values(fact, nsg.statedIn, nsg.sectionNumber))
            figures.update(self.values(fact, nsg.figureLocator))
            refs.update(
                map(int, self.values(fact, self.prov.hadPrimarySource, nsg.referenceNumber))
            )
        found = {
            "section": ", ".join(sorted(sections)),
            "figure": ", ".join(sorted(figures)),
            "refs": ", ".join(map(str, sorted(refs))),
        }
        said = {"section": f"section {found['section']}", "refs": f"refs {found['refs']}"}
        found["provenance"] = "; ".join(said.get(k, v) for k, v in found.items() if v)
        return {k: v for k, v in found.items() if v}

    def node(self, term) -> dict:
        """Label, class, kind, formula, quantity and unit, provenance, and every literal."""
        from rdflib import Literal, URIRef

        classes = self.classes(term)
        attrs = {
            "iri": str(term) if isinstance(term, URIRef) else "",
            "label": self.label(term),
            "class": ", ".join(sorted(map(self.class_label, classes))),
            "kind": self.kind(classes[0]) if classes else "",
            "formula": ", ".join(self.values(term, self.nsg.formula)),
            "quantity": ", ".join(self.values(term, self.qudt.hasQuantityKind, self.RDFS.label)),
            "unit": ", ".join(self.values(term, self.qudt.hasUnit, self.qudt.symbol)),
            **self.provenance(term),
        }
        literals: dict[str, list] = {}
        for prop, value in self.g.predicate_objects(term):
            name = _local(prop)
            if isinstance(value, Literal) and name not in ("label", "formula", "figureLocator"):
                if name in RESERVED or name in CORE:
                    name = f"{self.id(prop).split(':')[0]}_{name}"
                literals.setdefault(name, []).append(_plain(value))
        for name, found in sorted(literals.items()):
            attrs[name] = found[0] if len(found) == 1 else " | ".join(sorted(map(str, found)))
        return {k: v for k, v in attrs.items() if v != ""}


def _full(terms: Terms, facts: set) -> nx.MultiDiGraph:
    """Every fact, what it points at, and the blank nodes it owns (walked into)."""
    import networkx as nx
    from rdflib import RDF, BNode, Literal

    graph = nx.MultiDiGraph(view="full")
    todo = deque(sorted(facts, key=terms.id))
    while todo:
        subject = todo.popleft()
        _add_node(graph, terms, subject)
        stated = terms.provenance(subject)
        # Sorted by the stable ids: a blank node's own id changes from one load to the next.
        for prop, obj in sorted(
            terms.g.predicate_objects(subject), key=lambda po: (po[0], terms.id(po[1]))
        ):
            if prop == RDF.type or isinstance(obj, Literal):
                continue
            if isinstance(obj, BNode) and terms.id(obj) not in graph:
                todo.append(obj)
            _add_node(graph, terms, obj)
            curie = terms.id(prop)
            edge = {"predicate": terms.label(prop), "predicate_iri": curie}
            graph.add_edge(terms.id(subject), terms.id(obj), curie, **edge, **stated)
    return graph


def _derived(terms: Terms, store: ox.Store, view: str) -> nx.MultiDiGraph:
    """A view defined by a SELECT in views/VIEW.rq, run on Oxigraph: one edge per row, ?source
    to ?target; a ?target_role or ?target_label column says what the target is in the view."""
    import networkx as nx

    from naseigraph.queries import execute
    from naseigraph.queries import view as view_text

    graph = nx.MultiDiGraph(view=view)
    result = execute(view_text(view), store, source=f"view {view}", limit=None)
    names = [v.value for v in result.variables]
    for solution in result:
        row = {n: to_rdflib(solution[n]) for n in names if solution[n] is not None}
        source, target, via = row.pop("source"), row.pop("target"), row.pop("via", None)
        role, label = row.pop("target_role", None), row.pop("target_label", None)
        for node in (source, target):
            _add_node(graph, terms, node)
        shown = graph.nodes[terms.id(target)]
        if role is not None:
            shown.update({"role": str(role), "kind": str(role), "class": str(role)})
        if label is not None:
            shown["label"] = str(label)
        edge = {"predicate": str(row.pop("predicate"))}
        if via is not None:
            edge.update(via=terms.id(via), via_label=terms.label(via))
        # Columns a view adds (a causal link's wording, claim and sentences) ride on the edge.
        edge.update({k: str(v) for k, v in row.items()})
        # An edge's provenance is that of the fact it stands for: the treatment or cell test it
        # passes through, else the value it points at, else the layer it leaves.
        edge.update(terms.provenance(via if via is not None else _stated(terms, target, source)))
        key = edge["predicate"] + (f" {terms.id(via)}" if via is not None else "")
        graph.add_edge(terms.id(source), terms.id(target), key, **edge)
    return graph


def _pairs(terms: Terms, store: ox.Store) -> nx.MultiDiGraph:
    """The precursor-phase view: one edge per row of the canned query precursor-phase-pairs,
    its columns on the edge; a node is a precursor, a formed phase, or both."""
    import networkx as nx
    from rdflib import URIRef

    from naseigraph.queries import run_query

    graph = nx.MultiDiGraph(view="precursor-phase")
    roles: dict[str, set] = {}
    for row in run_query("precursor-phase-pairs", store=store, limit=None):
        edge = _pair_edge(terms, row)
        for iri, role in ((row["precursor"], "precursor"), (row["phase"], "formed phase")):
            _add_node(graph, terms, URIRef(iri))
            roles.setdefault(terms.id(URIRef(iri)), set()).add(role)
        source, target = terms.id(URIRef(row["precursor"])), terms.id(URIRef(row["phase"]))
        graph.add_edge(source, target, f"forms {edge['via']}", **edge)
    for node, found in roles.items():
        graph.nodes[node]["role"] = " and ".join(
            r for r in ("precursor", "formed phase") if r in found
        )
    return graph


def _pair_edge(terms: Terms, row: dict) -> dict:
    """A row of precursor-phase-pairs as the attributes of its edge (lists sorted)."""
    from rdflib import URIRef

    via = URIRef(row["treatment"])

    def listed(column: str, separator: str = ", ") -> str:
        return separator.join(sorted(filter(None, (row[column] or "").split(separator))))

    # the panels of the treatment and of the reactions that form the pair, as one list
    panels = {p for c in ("figure", "reaction_figure") for p in (row[c] or "").split(", ") if p}

    edge = {
        "predicate": "forms",
        "via": terms.id(via),
        "via_label": terms.label(via),
        "method": row["method"] or "unstated",  # typed only nsg:Treatment: no method stated
        "role": row["role"],
        "reactions": " ".join(sorted(terms.id(URIRef(r)) for r in row["reactions"].split())),
        "reaction_type": listed("reaction_type"),
        "implied": row["implied"],
        "section": row["section"],
        "figure": ", ".join(sorted(panels)),
        "refs": row["refs"] or "",
    }
    said = [f"section {row['section']}", edge["figure"], row["refs"] and f"refs {row['refs']}"]
    edge["provenance"] = "; ".join(filter(None, said))
    return {k: v for k, v in edge.items() if v != ""}


def _stated(terms: Terms, *candidates):
    """The first candidate that is a fact of the review (it has a section), else the last."""
    for node in candidates:
        if terms.g.value(node, terms.nsg.statedIn) is not None:
            return node
    return candidates[-1]


def _add_node(graph: nx.MultiDiGraph, terms: Terms, term) -> None:
    if terms.id(term) not in graph:
        graph.add_node(terms.id(term), **terms.node(term))


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _plain(literal):
    """A literal as a value GraphML can type: bool, int, float (decimals too) or text."""
    from decimal import Decimal

    value = literal.toPython()
    if isinstance(value, bool | int | float):
        return value
    return float(value) if isinstance(value, Decimal) else str(value)
