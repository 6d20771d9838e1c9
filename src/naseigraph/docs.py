"""The ontology reference as one HTML page, generated from the Turtle by pyLODE.

pyLODE lays out the classes with their hierarchy and definitions (defined classes with their
definition), the properties with domain and range, and the header. Before it runs, each class
and property gets a few skos:example annotations taken from the data with what a reasoner
infers (HermiT where Java is installed, else OWL 2 RL), so a newcomer sees real members: the
examples are generated, never written by hand, and never written back to the ontology.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from naseigraph.graph import PREFIXES, NaseigraphError, install_hint, ontology_file
from naseigraph.store import parse_sources, rdflib_graph

if TYPE_CHECKING:
    from rdflib import Graph

EXAMPLES = 3


def write_docs(folder: Path, *, reasoner: str | None = None) -> Path:
    """Write the reference to `folder`/index.html (the folder is made if its parent exists).

    The examples come from the graph as `reasoner` completes it: by default HermiT where Java
    is installed, else OWL 2 RL.
    """
    try:
        from pylode import OntPub
    except ImportError:
        raise NaseigraphError(
            f"the ontology reference needs pyLODE: {install_hint('docs')}"
        ) from None
    from rdflib import RDF, SKOS

    from naseigraph.inference import materialise
    from naseigraph.outputs import check_folder, check_output, write_atomically

    folder = check_folder(folder)  # before the reasoner runs, not after
    target = folder / "index.html"
    if folder.is_dir():
        check_output(target)
    parsed = parse_sources()  # file by file: the ontology's own triples stay apart
    ontology = rdflib_graph(parsed.triples[ontology_file()])
    reasoner = reasoner or ("hermit" if shutil.which("java") else "rl")
    closure = materialise(parsed.graph(), reasoner)
    _add_examples(ontology, closure)
    # pyLODE's ontology profile takes each skos:ConceptScheme for another header (its page
    # title and heading); the schemes only group the value concepts, so they are left out.
    for scheme in set(ontology.subjects(RDF.type, SKOS.ConceptScheme)):
        ontology.remove((scheme, None, None))
    logging.disable(logging.INFO)  # pyLODE logs its progress on the root logger
    try:
        html = OntPub(ontology).make_html()
    finally:
        logging.disable(logging.NOTSET)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise NaseigraphError(f"{folder}: cannot create: {error.strerror}") from None
    write_atomically(target, html)
    return target


def _add_examples(ontology: Graph, closure: Graph) -> None:
    """skos:example on each naseigraph class and property: members and uses from the data."""
    from rdflib import OWL, RDF, SKOS, Literal, URIRef

    from naseigraph.explanations import shown

    def label(node) -> str:
        name = closure.value(node, URIRef(PREFIXES["rdfs"] + "label"))
        return f"{shown(node)} ({name})" if name and str(name) != shown(node) else shown(node)

    def mine(node) -> bool:
        return isinstance(node, URIRef) and str(node).startswith(PREFIXES["nsgr"])

    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            found = sorted((s for s in closure.subjects(RDF.type, cls) if mine(s)), key=str)
            for member in found[:EXAMPLES]:
                ontology.add((cls, SKOS.example, Literal(label(member))))
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in set(ontology.subjects(RDF.type, kind)):
            uses = sorted((s, o) for s, o in closure.subject_objects(prop) if mine(s))
            for s, o in uses[:EXAMPLES]:
                said = f"{shown(s)} {shown(prop)} {shown(o)}"
                ontology.add((prop, SKOS.example, Literal(said)))
