"""The graph as networkx views: every fact (full), precursor to phase, layer to what it holds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from naseigraph.graph import PREFIXES, NaseigraphError

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
EDGE_KEYS = ("source", "target", "predicate", "via", "reactions", "role")  # a view's structure


def to_networkx(
    view: str = "full", *, paths: Iterable[Path | str] | None = None
) -> nx.MultiDiGraph:
    """A networkx projection of the graph: the shipped data, or the given Turtle files.

    `full`: every resource of the facts and each vocabulary term they point at as a node, every
    object property as an edge keyed by its CURIE, literals as node attributes.
    `precursor-phase`: precursor -> formed phase, one edge per treatment, with its method.
    `layers`: protective layer -> constituent phases, method, reported values, cell results.
    `causes`: phenomenon -> what the review says it leads to, through the claim (with its
    sentence, section and references) each link is read from.

    >>> G = to_networkx("precursor-phase")
    >>> G.nodes["nsgr:NaF"]["label"], G.nodes["nsgr:NaF"]["class"]
    ('NaF', 'halide')
    """
    from rdflib import URIRef

    from naseigraph.graph import load, ontology_file, parse_turtle

    if view not in VIEWS:
        raise NaseigraphError(f"unknown view '{view}' (choose from {', '.join(VIEWS)})")
    terms = Terms(load(paths))
    if view != "full":
        graph = _derived(terms, view)
    else:
        schema = set(parse_turtle([ontology_file()]).subjects())
        facts = {s for s in terms.g.subjects() if isinstance(s, URIRef)} - schema
        graph = _full(terms, facts)
    graph.graph["review"] = terms.review()
    return graph


def citations(paths: Iterable[Path | str] | None = None) -> dict[int, str]:
    """The review's references by number, as its list prints them (views/references.rq)."""
    from naseigraph.graph import load_store
    from naseigraph.queries import execute, rows, view

    found = {}
    for ref in rows(execute(view("references"), load_store(paths))):
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
        self._blank: dict = {}
        self._blank = self._blank_ids()

    def id(self, term) -> str:
        """A CURIE for an IRI in a known namespace, else the IRI; blank nodes by their owner."""
        text = str(term)
        if term in self._blank:
            return self._blank[term]
        for prefix, namespace in PREFIXES.items():
            local = text[len(namespace) :]
            if text.startswith(namespace) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return text

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
        """Section, figure panels and reference numbers of the facts an edge or node stands for."""
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
    todo = sorted(facts, key=terms.id)
    while todo:
        subject = todo.pop(0)
        _add_node(graph, terms, subject)
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
            graph.add_edge(
                terms.id(subject), terms.id(obj), curie, **edge, **terms.provenance(subject)
            )
    return graph


def _derived(terms: Terms, view: str) -> nx.MultiDiGraph:
    """A view defined by a SELECT in views/VIEW.rq: one edge per row, ?source to ?target."""
    import networkx as nx
    from rdflib import URIRef

    from naseigraph.queries import view as view_text

    graph = nx.MultiDiGraph(view=view)
    for solution in terms.g.query(view_text(view), initNs=PREFIXES):
        row = solution.asdict()
        source, target, via = row["source"], row["target"], row.get("via")
        for node in (source, target):
            _add_node(graph, terms, node)
        reactions = [URIRef(r) for r in str(row.get("reactions", "")).split()]
        if view == "precursor-phase":
            edge = _formation(terms, via, reactions, str(row["role"]))
        else:
            edge = {"predicate": str(row["predicate"])}
            if via is not None:
                edge.update(via=terms.id(via), via_label=terms.label(via))
            # Columns a view adds (a causal link's wording, claim and sentences) ride on the edge.
            edge.update({k: str(v) for k, v in row.items() if k not in (*edge, *EDGE_KEYS)})
        # An edge's provenance is that of the fact it stands for: the treatment or cell test it
        # passes through, else the value it points at, else the layer it leaves.
        fact = via if via is not None else _stated(terms, target, source)
        edge.update(terms.provenance(fact, *reactions))
        key = edge["predicate"] + (f" {terms.id(via)}" if via is not None else "")
        graph.add_edge(terms.id(source), terms.id(target), key, **edge)
    _mark_roles(graph, terms, view)
    return graph


def _formation(terms: Terms, treatment, reactions: list, role: str) -> dict:
    """An edge of the precursor-phase view: the treatment, its method and its reactions."""
    nsg = terms.nsg
    method = terms.classes(treatment)[0]
    types = {t for r in reactions for t in terms.values(r, nsg.reactionType, terms.SKOS.prefLabel)}

    def implied(fact) -> bool:
        return "true" in terms.values(fact, nsg.implied)

    return {
        "predicate": "forms",
        "via": terms.id(treatment),
        "via_label": terms.label(treatment),
        # A treatment typed only nsg:Treatment is one whose method the review does not state.
        "method": "unstated" if method == nsg.Treatment else terms.class_label(method),
        "role": role,
        "reactions": " ".join(terms.id(r) for r in reactions),
        "reaction_type": ", ".join(sorted(types)),
        # Implied unless the treatment and at least one of its reactions forming the phase are
        # stated (a stated reaction and an implied one may form the same phase).
        "implied": implied(treatment) or all(map(implied, reactions)),
    }


def _stated(terms: Terms, *candidates):
    """The first candidate that is a fact of the review (it has a section), else the last."""
    for node in candidates:
        if terms.g.value(node, terms.nsg.statedIn) is not None:
            return node
    return candidates[-1]


def _add_node(graph: nx.MultiDiGraph, terms: Terms, term) -> None:
    if terms.id(term) not in graph:
        graph.add_node(terms.id(term), **terms.node(term))


def _mark_roles(graph: nx.MultiDiGraph, terms: Terms, view: str) -> None:
    """What a node is in a derived view: precursor and/or formed phase; a method (a class)."""
    for node, attrs in graph.nodes(data=True):
        if view == "precursor-phase":
            roles = [("precursor", graph.out_degree(node)), ("formed phase", graph.in_degree(node))]
            attrs["role"] = " and ".join(role for role, degree in roles if degree)
        elif any(p == "made by" for *_, p in graph.in_edges(node, data="predicate")):
            unstated = attrs["iri"] == str(terms.nsg.Treatment)
            attrs.update({"class": "method", "kind": "method", "role": "method"})
            attrs["label"] = "method not stated" if unstated else attrs["label"]


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _plain(literal):
    """A literal as a value GraphML can type: bool, int, float (decimals too) or text."""
    from decimal import Decimal

    value = literal.toPython()
    if isinstance(value, bool | int | float):
        return value
    return float(value) if isinstance(value, Decimal) else str(value)
