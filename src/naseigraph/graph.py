"""Find naseigraph's ontology, data and queries, and load them: into rdflib or Oxigraph."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # both are imported only by the functions that need them
    import pyoxigraph
    from rdflib import Graph

PREFIXES = {
    "nsg": "https://w3id.org/naseigraph/ontology#",
    "nsgr": "https://w3id.org/naseigraph/resource/",
    "nsgsh": "https://w3id.org/naseigraph/shapes#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "prov": "http://www.w3.org/ns/prov#",
    "bibo": "http://purl.org/ontology/bibo/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def prologue() -> str:
    """The project's prefixes as PREFIX lines, for a text that must declare them itself."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


class NaseigraphError(Exception):
    """A problem naseigraph reports to its user in one line (the CLI exits 2)."""


def resource_dir(name: str) -> Path:
    """The folder `ontology`, `data` or `queries`, in a wheel or in the checkout."""
    packaged = Path(__file__).parent / name  # a wheel carries them inside the package
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name  # checkout or editable install


def ontology_file() -> Path:
    return resource_dir("ontology") / "naseigraph.ttl"


def shapes_file() -> Path:
    return resource_dir("ontology") / "shapes.ttl"


def data_files() -> list[Path]:
    return sorted(resource_dir("data").glob("*.ttl"))


def _checked(paths: Iterable[Path | str] | Path | str) -> list[Path]:
    if isinstance(paths, str | Path):  # one file, not the characters of its name
        paths = [paths]
    try:
        paths = [Path(p) for p in paths]
    except TypeError:
        raise NaseigraphError(f"give Turtle files as paths, not {paths!r}") from None
    for path in paths:
        if path.is_dir():
            raise NaseigraphError(f"{path}: is a directory, not a Turtle file")
        if not path.is_file():
            raise NaseigraphError(f"{path}: no such file")
    return paths


def install_hint(extra: str) -> str:
    """How to install an extra: from PyPI for a wheel, from the checkout for a checkout."""
    if (Path(__file__).parent / "ontology").is_dir():
        return f"pip install 'naseigraph[{extra}]'"
    root = Path(__file__).resolve().parents[2]
    here = "." if Path.cwd().resolve() == root else str(root)
    return f"pip install '{here}[{extra}]'"


def new_graph() -> Graph:
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def parse_turtle(paths: Iterable[Path | str], graph: Graph | None = None) -> Graph:
    """Parse Turtle files into an rdflib graph; a missing or bad file raises one clear line.

    Oxigraph's parser reads them (1.7x faster than rdflib's on the shipped files); every term
    reaches rdflib as written: lexical forms, datatypes, language tags.
    """
    import pyoxigraph

    graph = new_graph() if graph is None else graph
    for path in _checked(paths):
        parser = pyoxigraph.parse(
            path=str(path), format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
        )
        blanks: dict = {}  # a blank-node label names one node within its own file only
        try:
            for quad in parser:  # graph.add: faster here than graph.addN
                graph.add(tuple(_rdflib(term, blanks) for term in quad.triple))
        except SyntaxError as error:
            raise _syntax_error(path, error) from None
        for prefix, namespace in parser.prefixes.items():
            graph.bind(prefix, namespace, override=False)
    return graph


def _rdflib(term, blanks: dict):
    """A term from Oxigraph's parser as the term rdflib's own parser would have made."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return blanks.setdefault(term.value, BNode())
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def _syntax_error(path: Path, error: SyntaxError) -> NaseigraphError:
    where = f"{error.lineno}:" if error.lineno else ""
    reason = str(error.msg).split(": ", 1)[-1]
    if error.lineno == 1 and reason.startswith("\ufeff"):
        reason = "the file starts with a byte-order mark (U+FEFF); save it as UTF-8 without one"
    return NaseigraphError(f"{path}:{where} Turtle syntax error: {visible(reason)}")


def visible(text: str) -> str:
    """`text` with invisible characters (a BOM, a zero-width space, controls) as U+XXXX."""
    return "".join(c if c.isprintable() or c == " " else f"U+{ord(c):04X}" for c in text)


def load_data(paths: Iterable[Path | str] | None = None) -> Graph:
    """The facts alone (the shipped data/ when `paths` is None), as an rdflib graph."""
    return parse_turtle(data_files() if paths is None else paths)


def load(paths: Iterable[Path | str] | None = None) -> Graph:
    """Ontology and facts in one rdflib graph: the shipped data, or the given Turtle files.

    >>> graph = load()
    >>> len(graph) > 1000
    True
    """
    graph = parse_turtle([ontology_file()])
    return parse_turtle(data_files() if paths is None else paths, graph)


def load_store(
    paths: Iterable[Path | str] | None = None, *, path: Path | str | None = None
) -> pyoxigraph.Store:
    """Ontology and facts in an Oxigraph store, the engine canned queries run on.

    In memory by default; with `path`, a persistent store in that folder, built on first use
    and rebuilt only when a source file changes (see naseigraph.store).
    """
    import pyoxigraph

    files = store_sources(paths)
    if path is not None:
        from naseigraph.store import open_store  # store.py builds on bulk_load below

        return open_store(path, files)
    store = pyoxigraph.Store()
    bulk_load(store, files)
    return store


def store_sources(paths: Iterable[Path | str] | None = None) -> list[Path]:
    """The files a store is loaded from: the ontology, then the shipped data or `paths`."""
    return [ontology_file(), *(data_files() if paths is None else _checked(paths))]


def bulk_load(store: pyoxigraph.Store, files: Iterable[Path]) -> None:
    """Load Turtle files into an Oxigraph store; a bad file raises one line with its place."""
    import pyoxigraph

    for path in files:
        try:
            store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
        except SyntaxError as error:
            raise _syntax_error(path, error) from None
