"""Why a graph is inconsistent, in lines a curator can act on.

Each ontology/clashes/*.rq finds one OWL 2 RL clash pattern (a member of two disjoint classes,
a literal outside its property's range ...) in the graph with its RL consequences; its `#+
message:` says it in words. Each membership in a message is traced back to where it comes
from: the file that asserts it, or the subclass axiom or definition that implies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from naseigraph.graph import PREFIXES, resource_dir

if TYPE_CHECKING:
    from rdflib import Graph


def clash_queries() -> list[tuple[str, str, str]]:
    """(name, message, SPARQL text) of each clash pattern."""
    import yaml

    from naseigraph.queries import split_header

    patterns = []
    for path in sorted((resource_dir("ontology") / "clashes").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header, _ = split_header(text)
        patterns.append((path.stem, yaml.safe_load(header)["message"], text))
    return patterns


@dataclass
class _Facts:
    """The graph as asserted file by file (`sources`) and what a reasoner added to it."""

    sources: list  # (file name, rdflib graph)
    inferred: Graph

    def asserted_in(self, triple) -> list[str]:
        return [name or "the graph" for name, graph in self.sources if triple in graph]

    def holds(self, triple) -> bool:
        return triple in self.inferred or bool(self.asserted_in(triple))

    def told_subjects(self, predicate, value) -> set:
        return {s for _, graph in self.sources for s in graph.subjects(predicate, value)}


def clashes(graph: Graph, inferred: Graph, sources) -> list[str]:
    """One line per clash in `graph` (as asserted in `sources`) with its `inferred` triples."""
    import pyoxigraph as ox

    store = ox.Store()  # Oxigraph runs the patterns in milliseconds where rdflib takes seconds
    for part in (graph, inferred):
        store.bulk_load(part.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    facts = _Facts(sources, inferred)
    lines = []
    for _, message, text in clash_queries():
        solutions = store.query(text, prefixes=PREFIXES)
        names = [variable.value for variable in solutions.variables]
        for row in solutions:
            values = {name: _rdflib(row[name]) for name in names if row[name] is not None}
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
    from rdflib import OWL, RDF, RDFS

    files = facts.asserted_in((thing, RDF.type, cls))
    if files:
        return f"asserted in {files[0]}" if files[0] != "the graph" else "asserted"
    if depth < 4:  # through a subclass axiom someone wrote: name that axiom's subclass
        for sub in sorted(facts.told_subjects(RDFS.subClassOf, cls)):
            if sub != cls and facts.holds((thing, RDF.type, sub)):
                return f"as a {shown(sub)}, {why(thing, sub, facts, depth + 1)}"
    if facts.told_subjects(OWL.equivalentClass, None) & {cls}:
        return f"by the definition of {shown(cls)}"
    for prop in sorted(facts.told_subjects(RDFS.domain, cls)):
        if any(p == prop for _, p, _ in _about(facts, thing)):
            return f"as the subject of {shown(prop)}, whose domain it is"
    for prop in sorted(facts.told_subjects(RDFS.range, cls)):
        if any(facts.told_subjects(prop, thing)):
            return f"as the value of {shown(prop)}, whose range it is"
    return "inferred"


def _about(facts: _Facts, thing):
    for _, graph in facts.sources:
        yield from graph.triples((thing, None, None))


def _where(values: dict, facts: _Facts) -> str:
    """The file that asserts a clashing triple, where a pattern names one."""
    if not {"focus", "property", "value"} <= values.keys():
        return ""
    files = facts.asserted_in((values["focus"], values["property"], values["value"]))
    return f" (in {files[0]})" if files and files[0] != "the graph" else ""


def _rdflib(term):
    """An Oxigraph term as the rdflib term the parsed files hold."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    plain = datatype == PREFIXES["xsd"] + "string"  # rdflib keeps "x" and "x"^^xsd:string apart
    return Literal(term.value, datatype=None if plain else datatype)


def shown(term) -> str:
    """A term as a curator reads it: a CURIE, or a literal as Turtle writes it."""
    from rdflib import Literal

    if isinstance(term, Literal):
        return term.n3()
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        local = text[len(namespace) :]
        if text.startswith(namespace) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return f"<{text}>"
