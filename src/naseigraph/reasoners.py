"""The reasoners behind `naseigraph reason`: OWL 2 RL with `reasonable`, HermiT and Pellet.

HermiT and Pellet run in Java through owlready2, which reads N-Triples (not Turtle), so graphs
reach it as N-Triples made by rdflib. The OWL 2 RL closure comes from `reasonable` (Rust, no
Java): bench/rl_closure.py measures it against owlrl.
"""

from __future__ import annotations

import io
import os
import re

from naseigraph.graph import PREFIXES, NaseigraphError
from naseigraph.store import new_graph

TYPE_CHECKING = False  # typing's flag without importing typing: 3 ms of a canned query
if TYPE_CHECKING:
    from rdflib import Graph

REASONERS = ("hermit", "pellet", "rl")  # the names `--reasoner` and `reasoner=` take

RDF, RDFS, OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
_VOCABULARY = (RDF, RDFS, OWL)  # their terms describe the ontology, not the review's facts
_HIDDEN_TYPES = {OWL + "Thing", OWL + "NamedIndividual", RDFS + "Resource"}
_SCHEMA_TYPES = {
    OWL + name
    for name in (
        "Class",
        "ObjectProperty",
        "DatatypeProperty",
        "AnnotationProperty",
        "Ontology",
        "Restriction",
        "AllDisjointClasses",
    )
} | {RDFS + "Datatype", RDFS + "Class"}


def union(graphs) -> Graph:
    """One rdflib graph holding every triple of `graphs`."""
    merged = new_graph()
    for graph in graphs:
        for triple in graph:
            merged.add(triple)
    return merged


# ---- OWL 2 RL -------------------------------------------------------------------------------


def rl_inferences(graph: Graph) -> Graph:
    """The OWL 2 RL consequences of `graph` that say something about named things."""
    import reasonable

    engine = reasonable.PyReasoner()
    engine.from_graph(graph)
    inferred = new_graph()
    for triple in engine.reason():
        if _meaningful(*triple) and triple not in graph:
            inferred.add(triple)
    return inferred


def _meaningful(s, p, o) -> bool:
    """Drop the closure's bookkeeping: blank class expressions, owl:Thing, reflexive axioms.

    Literal-valued triples are dropped too: `reasonable` returns plain literals typed as
    xsd:string and drops language tags (bench/README.md), and no naseigraph axiom infers a
    literal.
    """
    from rdflib import BNode, Literal

    if isinstance(s, BNode) or isinstance(o, (BNode, Literal)) or s == o:
        return False
    if str(p) == RDF + "type":
        return str(o) not in _HIDDEN_TYPES and not str(o).startswith(_VOCABULARY)
    if str(p) in (RDFS + "subClassOf", RDFS + "subPropertyOf"):
        return str(o) != OWL + "Thing"
    return not str(p).startswith(_VOCABULARY)


def outside_rl(graph: Graph) -> list[str]:
    """Defined classes whose definition needs a datatype restriction, which OWL 2 RL lacks."""
    from rdflib import OWL as O
    from rdflib import BNode

    uses = {
        cls: set(_mentions(graph, definition))
        for cls, definition in graph.subject_objects(O.equivalentClass)
        if not isinstance(cls, BNode)
    }
    outside = {cls for cls, names in uses.items() if O.withRestrictions in names}
    while True:  # a class defined through one outside the profile is outside it too
        more = {cls for cls, names in uses.items() if names & outside} - outside
        if not more:
            return sorted(str(cls) for cls in outside)
        outside |= more


def _mentions(graph: Graph, node, depth: int = 0):
    """Every predicate and term in the class expression at `node`."""
    from rdflib import BNode

    yield node
    if isinstance(node, BNode) and depth < 30:
        for p, o in graph.predicate_objects(node):
            yield p
            yield from _mentions(graph, o, depth + 1)


# ---- HermiT and Pellet ------------------------------------------------------------------------


def dl_inferences(graph: Graph, reasoner: str) -> tuple[bool, Graph, list[str]]:
    """Run HermiT or Pellet: (consistent, what it infers directly, the unsatisfiable classes)."""
    import shutil  # here, not at the top: `--reasoner`'s choices are read by every command

    if shutil.which("java") is None:
        raise NaseigraphError(
            f"{reasoner} needs Java and there is no `java` on the PATH: install a Java runtime"
            " (apt-get install default-jre-headless) or use OWL 2 RL",
            hint=' (reasoner="rl")',
            flag=": --reasoner rl (on query and sparql: --reason --reasoner rl)",
        )
    import owlready2
    from rdflib import Graph as RdfGraph

    aliases, triples = _for_owlapi(graph)
    world = owlready2.World()
    world.get_ontology("urn:naseigraph:reasoned").load(
        fileobj=io.BytesIO(triples), format="ntriples"
    )
    try:
        _run(owlready2, world, reasoner)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, new_graph(), []
    except owlready2.OwlReadyJavaError as error:
        message, hint, flag = _java_problem(reasoner, str(error))
        raise NaseigraphError(message, hint=hint, flag=flag) from None
    back = {str(alias): original for original, alias in aliases.items()}
    out = io.BytesIO()
    world.get_ontology("http://inferrences/").save(out, format="ntriples")
    inferred = new_graph()
    for triple in RdfGraph().parse(data=out.getvalue().decode("utf-8"), format="nt"):
        triple = tuple(back.get(str(term), term) for term in triple)
        if _meaningful(*triple) and triple not in graph:
            inferred.add(triple)
    unsatisfiable = sorted(
        str(back.get(c.iri, c.iri))
        for c in world.inconsistent_classes()
        if c is not owlready2.Nothing
    )
    return True, inferred, unsatisfiable


def _run(owlready2, world, reasoner: str) -> None:
    # JVM options for one short run: the C1 compiler alone and the serial collector take about
    # half the CPU time of the defaults (bench/hermit_jvm.py). A user's own options win. Not
    # contextlib's contextmanager: every command reads REASONERS from this module.
    ours = "JAVA_TOOL_OPTIONS" not in os.environ
    if ours:
        os.environ["JAVA_TOOL_OPTIONS"] = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
    try:
        if reasoner == "hermit":  # xsd:gYear is outside OWL 2's datatype map: HermiT skips it
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True
            )
        else:
            owlready2.sync_reasoner_pellet(world, infer_property_values=True, debug=0)
    finally:
        if ours:
            del os.environ["JAVA_TOOL_OPTIONS"]


def _for_owlapi(graph: Graph) -> tuple[dict, bytes]:
    """N-Triples for owlready2, with every IRI that contains "genid" renamed for the run.

    The OWL API inside HermiT and Pellet takes an IRI containing "genid" for a blank node
    (owlcs/owlapi#87), which would turn nsg:Chalcogenide into an anonymous class.
    """
    from rdflib import Graph as RdfGraph
    from rdflib import URIRef

    aliases: dict = {}

    def safe(term):
        if isinstance(term, URIRef) and "genid" in term.lower():
            return aliases.setdefault(term, URIRef(f"urn:naseigraph:alias:{len(aliases)}"))
        return term

    renamed = RdfGraph()
    for s, p, o in graph:
        renamed.add((safe(s), safe(p), safe(o)))
    return aliases, renamed.serialize(format="nt", encoding="utf-8")


def _java_problem(reasoner: str, message: str) -> tuple[str, str, str]:
    """A Java failure in one line, what to do about it in Python and on the command line; a
    too-old Java is named with the version it needs."""
    found = re.search(r"class file version (\d+)\.\d+\).*?up to (\d+)\.\d+", message, re.S)
    if found:  # owlready2 0.50+ bundles a Pellet (Jena) built for a newer Java
        need, have = int(found.group(1)) - 44, int(found.group(2)) - 44
        said = f"{reasoner} as bundled with owlready2 needs Java {need} and this Java is {have}"
        return said, ': use reasoner="hermit" or "rl"', ": use --reasoner hermit or rl"
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    detail = next((line for line in lines if "Exception" in line), lines[-1] if lines else "")
    return f"{reasoner} failed in Java: {detail[:200]}", "", ""


def tbox(graph: Graph) -> Graph:
    """The axioms without the facts: classifying them names the unsatisfiable classes."""
    from rdflib import RDF as R

    facts = {s for s, o in graph.subject_objects(R.type) if str(o) not in _SCHEMA_TYPES}
    facts -= {s for s, o in graph.subject_objects(R.type) if str(o) in _SCHEMA_TYPES}
    return union([(t for t in graph if t[0] not in facts)])
