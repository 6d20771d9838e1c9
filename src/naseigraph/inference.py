"""Reason over the graph: is it consistent, and what follows from it (HermiT, Pellet, OWL 2 RL).

HermiT and Pellet run through owlready2 (Java); `rl` materialises the OWL 2 RL closure with the
`reasonable` package (Rust, no Java; bench/rl_closure.py measures it against owlrl). Whatever
the reasoner, the result is completed with the RL closure, so superclasses, super-properties
and inverses of what the DL reasoner found are spelt out for queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from naseigraph.graph import PREFIXES, NaseigraphError, checked, ontology_file
from naseigraph.reasoners import REASONERS
from naseigraph.store import one_source, parse_sources, rdflib_graph, shipped_files, store_sources

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

NAMES = {"hermit": "HermiT", "pellet": "Pellet", "rl": "OWL 2 RL (reasonable)"}
RDF, RDFS, OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]


@dataclass
class Inference:
    """What a reasoner made of a graph."""

    reasoner: str
    consistent: bool
    graph: Graph  # what was reasoned over, as asserted
    inferred: Graph  # the triples that follow from it and are not asserted (empty if inconsistent)
    unsatisfiable: list[str] = field(default_factory=list)  # classes that can have no member
    clashes: list[str] = field(default_factory=list)  # why it is inconsistent, one line each
    outside_profile: list[str] = field(default_factory=list)  # classes this reasoner cannot infer

    def defined_classes(self) -> list[str]:
        """The named classes with a definition (owl:equivalentClass): those a reasoner fills."""
        from rdflib import OWL as O
        from rdflib import URIRef

        return sorted(
            {str(c) for c in self.graph.subjects(O.equivalentClass) if isinstance(c, URIRef)}
        )

    def members(self, cls: str) -> list[str]:
        """The inferred (not asserted) members of `cls`, as IRIs."""
        from rdflib import RDF as R
        from rdflib import URIRef

        return sorted(str(s) for s in self.inferred.subjects(R.type, URIRef(cls)))

    def closure(self) -> Graph:
        """The asserted graph with the inferred triples added."""
        from naseigraph.reasoners import union

        return union([self.graph, self.inferred])


def reason(
    paths=None,
    *,
    reasoner: str = "hermit",
    store: pyoxigraph.Store | None = None,
    graph: Graph | None = None,
) -> Inference:
    """Reason over the shipped graph plus `paths` (Turtle files), or over a loaded `store` or
    rdflib `graph` if given.

    >>> reason(reasoner="rl").consistent
    True
    """
    from naseigraph import reasoners as backend
    from naseigraph.explanations import Sources, clashes

    if reasoner not in REASONERS:
        raise NaseigraphError(f"unknown reasoner '{reasoner}' (choose {', '.join(REASONERS)})")
    one_source(paths, store if graph is None else graph)
    parsed = None
    if graph is None and store is None:  # read file by file: an explanation names the file
        paths = checked(paths or [])
        parsed = parse_sources([*shipped_files(), *paths])
        graph = parsed.graph()
    elif graph is None:
        graph = rdflib_graph(store)
    sources = Sources(parsed, _file_names(paths))
    if reasoner == "rl":
        inferred = backend.rl_inferences(graph)
        found = clashes(graph, inferred, sources)
        outside = backend.outside_rl(graph)
        empty = backend.union([])
        return Inference("rl", not found, graph, empty if found else inferred, [], found, outside)
    consistent, direct, unsatisfiable = backend.dl_inferences(graph, reasoner)
    if not consistent:
        found = clashes(graph, backend.rl_inferences(graph), sources)
        unsatisfiable = backend.dl_inferences(backend.tbox(graph), reasoner)[2]
        return Inference(reasoner, False, graph, backend.union([]), unsatisfiable, found)
    # The DL reasoner gives direct types; the RL closure spells out their superclasses etc.
    inferred = backend.rl_inferences(backend.union([graph, direct]))
    for triple in direct:
        inferred.add(triple)
    return Inference(reasoner, True, graph, inferred, unsatisfiable)


def materialise(graph: Graph | pyoxigraph.Store, reasoner: str = "hermit") -> Graph:
    """`graph` (rdflib's, or a store) with everything the reasoner infers from it; an
    inconsistent graph is refused."""
    from rdflib import Graph

    given = {"graph": graph} if isinstance(graph, Graph) else {"store": graph}
    result = reason(reasoner=reasoner, **given)
    if not result.consistent:
        said = "the graph is inconsistent, so nothing follows from it: "
        if result.clashes:
            raise NaseigraphError(said + result.clashes[0])
        raise NaseigraphError(said, hint="reason() says why", flag="`naseigraph reason` says why")
    return result.closure()


_STORES: dict = {}  # (id of a store, its size, reasoner) -> (that store, its inferred copy)


def inferred_store(store: pyoxigraph.Store, reasoner: str = "hermit") -> pyoxigraph.Store:
    """A new store holding `store`'s triples and what the reasoner infers from them (cached)."""
    import pyoxigraph as ox

    from naseigraph.terms import to_oxigraph

    key = (id(store), len(store), reasoner)
    if key not in _STORES:  # the original is kept in the cache, so its id is not reused
        closure = materialise(store, reasoner)
        # Sorted, so the store and the order of GROUP_CONCAT lists do not depend on the hash
        # seed that orders rdflib's sets.
        inferred = ox.Store()
        inferred.extend(sorted((ox.Quad(*map(to_oxigraph, t)) for t in closure), key=str))
        _STORES[key] = (store, inferred)
    return _STORES[key][1]


def write_turtle(graph: Graph, path: Path) -> None:
    """Write `graph` as Turtle, atomically (naseigraph.outputs)."""
    import pyoxigraph as ox

    from naseigraph.outputs import write_atomically
    from naseigraph.terms import to_oxigraph

    # Oxigraph writes every literal as it is: rdflib's Turtle writer rounds doubles
    # (RDFLib/rdflib#1852, #2918).
    triples = sorted((ox.Triple(*map(to_oxigraph, t)) for t in graph), key=str)
    write_atomically(path, ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))


def _file_names(paths) -> dict[Path, str]:
    """Each source file as an explanation names it: relative to the checkout where it lies
    inside it."""
    root = ontology_file().parent.parent
    files = [*store_sources(), *(paths or [])]
    return {Path(f): _shown(Path(f), root) for f in files}


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


# ---- the report ----------------------------------------------------------------------------


def report(result: Inference, examples: int = 2) -> str:
    """What `naseigraph reason` prints: the verdict, then what was inferred."""
    from naseigraph.explanations import shown

    name = NAMES[result.reasoner]
    unsat = ", ".join(map(shown, result.unsatisfiable))
    if not result.consistent:
        lines = [f"{name}: INCONSISTENT. No world fits these facts, so nothing follows from them."]
        lines.append(
            f"Unsatisfiable classes: {unsat or 'none (the contradiction is in the facts)'}"
        )
        lines.append("Why:")
        causes = result.clashes or [
            "no OWL 2 RL clash pattern (ontology/clashes/) explains it: look at the class"
            " definitions with unions, cardinalities or datatype restrictions"
        ]
        return "\n".join(lines + [_wrapped(f"  - {cause}", "    ") for cause in causes])
    verdict = f" Unsatisfiable classes: {unsat}." if unsat else " Every class can have members."
    if result.reasoner == "rl":  # the RL rules find clashes; they cannot test satisfiability
        verdict = " (OWL 2 RL finds no clash; it does not test classes for satisfiability.)"
    lines = [
        _wrapped(
            f"{name}: consistent. {len(result.graph)} asserted triples,"
            f" {len(result.inferred)} inferred.{verdict}",
            "",
        )
    ]
    defined = result.defined_classes()
    lines += ["", "Defined classes and the members inferred for them:"]
    for cls in defined:
        members = result.members(cls)
        if cls in result.outside_profile:  # OWL 2 RL has no datatype restrictions
            lines.append(f"  {shown(cls)}: not inferred, its definition is outside OWL 2 RL")
            continue
        lines.append(_wrapped(f"  {shown(cls)} ({len(members)}): {', '.join(map(shown, members))}"))
    lines += ["", "Other inferred class memberships (superclasses, domains and ranges):"]
    lines += _grouped(result, defined, examples)
    lines += ["", "Inferred property values:"]
    lines += _grouped(result, None, examples)
    return "\n".join(lines)


def _grouped(result: Inference, defined: list[str] | None, examples: int) -> list[str]:
    """Inferred types of classes not `defined`, or (`defined` None) property values, counted."""
    from naseigraph.explanations import shown

    groups: dict[str, list[str]] = {}
    for s, p, o in result.inferred:
        if defined is not None and str(p) == RDF + "type" and str(o) not in defined:
            groups.setdefault(shown(o), []).append(shown(s))
        elif defined is None and not str(p).startswith((RDF, RDFS, OWL)):
            groups.setdefault(shown(p), []).append(f"{shown(s)} {shown(o)}")
    width = max(map(len, groups), default=0)
    lines = []
    for key in sorted(groups):
        found = sorted(groups[key])
        shown_examples = "; ".join(found[:examples]) + ("; ..." if len(found) > examples else "")
        lines.append(_wrapped(f"  {key.ljust(width)}  {len(found):>4}  e.g. {shown_examples}"))
    return lines


def _wrapped(text: str, indent: str = "      ") -> str:
    """`text` folded to the terminal (at most 100 columns), never inside a name."""
    import textwrap

    from naseigraph.terminal import terminal_width

    width = min(terminal_width(100), 100)
    return textwrap.fill(
        text, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False
    )
