"""Why a graph is inconsistent, in lines a curator can act on.

Each ontology/clashes/*.rq finds one OWL 2 RL clash pattern (a member of two disjoint classes,
a literal outside its property's range ...) in the graph with its RL consequences; its `#+
message:` says it in words. Each membership in a message is traced back to where it comes
from: the file that asserts it, or the subclass axiom or definition that implies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from naseigraph import terms
from naseigraph.graph import PREFIXES, resource_dir
from naseigraph.headers import read_header
from naseigraph.terms import curie, to_oxigraph

if TYPE_CHECKING:
    from pathlib import Path

    from rdflib import Graph

    from naseigraph.store import Parsed

RDF, RDFS, OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
TYPE = ox.NamedNode(RDF + "type")


def clash_queries() -> list[tuple[str, str, str]]:
    """(name, message, SPARQL text) of each clash pattern."""
    patterns = []
    for path in sorted((resource_dir("ontology") / "clashes").glob("*.rq")):
        header, text = read_header(path)
        patterns.append((path.stem, header["message"], text))
    return patterns


class Sources:
    """Which file asserts a triple: the files as the command parsed them (naseigraph.store's
    Parsed; None for a graph given whole), and the name to show for each file."""

    def __init__(self, parsed: Parsed | None, names: dict[Path, str]):
        self.parsed, self.names = parsed, names

    def asserted_in(self, triple) -> list[str]:
        if self.parsed is None:
            return []
        files = self.parsed.stating(ox.Triple(*triple))
        return sorted(self.names.get(file, str(file)) for file in files)


class _Facts:
    """The graph with its RL consequences (`closure`, a store) and where each triple is told."""

    def __init__(self, closure: ox.Store, asserted: ox.Store, sources: Sources):
        self.closure, self.asserted, self.sources = closure, asserted, sources

    def asserted_in(self, triple) -> list[str]:
        told = self.sources.asserted_in(triple)
        return told or (["the graph"] if self._has(self.asserted, triple) else [])

    def holds(self, triple) -> bool:
        return self._has(self.closure, triple)

    def told_subjects(self, predicate, value) -> set:
        return {q.subject for q in self.asserted.quads_for_pattern(None, predicate, value)}

    def about(self, thing):
        return self.asserted.quads_for_pattern(thing, None, None)

    @staticmethod
    def _has(store: ox.Store, triple) -> bool:
        return next(iter(store.quads_for_pattern(*triple)), None) is not None


def clashes(graph: Graph, inferred: Graph, sources: Sources) -> list[str]:
    """One line per clash in `graph` (told in `sources`) with its `inferred` triples."""
    asserted, closure = ox.Store(), ox.Store()
    asserted.extend(ox.Quad(*map(to_oxigraph, t)) for t in graph)
    closure.extend(asserted)
    closure.extend(ox.Quad(*map(to_oxigraph, t)) for t in inferred)
    facts = _Facts(closure, asserted, sources)
    lines = []
    for _, message, text in clash_queries():
        solutions = closure.query(text, prefixes=PREFIXES)
        names = [variable.value for variable in solutions.variables]
        for row in solutions:
            values = {name: row[name] for name in names if row[name] is not None}
            words = {name: shown(term) for name, term in values.items()}
            for n in ("1", "2"):
                if "class" + n in values:
                    words["why" + n] = why(values["focus"], values["class" + n], facts)
            lines.append(message.format_map(_Blank(words)) + _where(values, facts))
    return lines


class _Blank(dict):
    def __missing__(self, key):
        return "?"


def why(thing, cls, facts: _Facts, depth: int = 0) -> str:
    """Where the membership of `thing` in `cls` comes from, in a few words."""
    files = facts.asserted_in((thing, TYPE, cls))
    if files:
        return f"asserted in {files[0]}" if files[0] != "the graph" else "asserted"
    if depth < 4:  # through a subclass axiom someone wrote: name that axiom's subclass
        for sub in sorted(facts.told_subjects(ox.NamedNode(RDFS + "subClassOf"), cls), key=str):
            if sub != cls and facts.holds((thing, TYPE, sub)):
                return f"as a {shown(sub)}, {why(thing, sub, facts, depth + 1)}"
    if cls in facts.told_subjects(ox.NamedNode(OWL + "equivalentClass"), None):
        return f"by the definition of {shown(cls)}"
    for prop in sorted(facts.told_subjects(ox.NamedNode(RDFS + "domain"), cls), key=str):
        if any(q.predicate == prop for q in facts.about(thing)):
            return f"as the subject of {shown(prop)}, whose domain it is"
    for prop in sorted(facts.told_subjects(ox.NamedNode(RDFS + "range"), cls), key=str):
        if isinstance(prop, ox.NamedNode) and facts.told_subjects(prop, thing):
            return f"as the value of {shown(prop)}, whose range it is"
    return "inferred"


def _where(values: dict, facts: _Facts) -> str:
    """The file that asserts a clashing triple, where a pattern names one."""
    if not {"focus", "property", "value"} <= values.keys():
        return ""
    files = facts.asserted_in((values["focus"], values["property"], values["value"]))
    return f" (in {files[0]})" if files and files[0] != "the graph" else ""


def shown(term) -> str:
    """A term as a curator reads it: a literal as Turtle writes it, else as terms.shown does
    (a CURIE, `_:label`). Takes an Oxigraph or rdflib term, or an IRI as text."""
    from rdflib import Literal

    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, ox.Literal):
        return str(term)
    return curie(term) if isinstance(term, str) else terms.shown(term)
