"""The one load: the sources (ontology, data, a user's Turtle) parsed once, by Oxigraph, into
the store every command uses (in memory, or on disk: naseigraph.persistent), or file by file
with every literal as written (`Parsed`).

Where a library needs an rdflib graph (pySHACL, owlready2, pyLODE, the networkx views), it gets
one in a single pass over triples already parsed: never a second parse. bench/rdflib_bridge.md
measures that against oxrdflib's rdflib store over Oxigraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote

import pyoxigraph as ox

from naseigraph.graph import (
    DOI_IRI,
    PREFIXES,
    REVIEW_DOI,
    NaseigraphError,
    checked,
    data_files,
    ontology_file,
    source_files,
    sources_dir,
    syntax_error,
)

TYPE_CHECKING = False  # typing's flag without importing typing: 3 ms of a canned query
if TYPE_CHECKING:
    from rdflib import Graph

ONTOLOGY_GRAPH = ox.NamedNode("urn:naseigraph:ontology")  # the ontology's own triples, if kept


def load_store(
    paths: Iterable[Path | str] | None = None,
    *,
    path: Path | str | None = None,
    ontology_graph: bool = False,
    sources: Iterable[str] | None = None,
) -> ox.Store:
    """The ontology and the facts (the shipped data, or the given Turtle files) in an Oxigraph
    store, the engine every query runs on.

    In memory by default; with `path`, a persistent store in that folder, built on first use
    and rebuilt only when a source file changes. `ontology_graph` (in memory only) also keeps
    the ontology's own triples in the named graph ONTOLOGY_GRAPH, for a view that tells its
    terms from the facts. A store holds numbers as values and gives them back in Oxigraph's
    own form ("1.0" is 1, "3.6E3"^^xsd:double is 3600): a command that writes or checks
    literals as the files write them reads the files with `parse_sources` instead.

    The shipped graph is the review (data/*.ttl, in the default graph) and every curated
    source (data/sources/: each in its named graph, its DOI as an IRI, and in the default
    graph, which is thus their union); `sources` (DOIs, "review" for the review) keeps only
    those (see `store_sources`).

    >>> len(load_store()) > 10000
    True
    """
    files = store_sources(paths, sources)
    if path is not None and ontology_graph:
        raise NaseigraphError("an on-disk store keeps no ontology graph: load it in memory")
    if path is not None:
        from naseigraph.persistent import open_store

        return open_store(path, files, loader(files))
    store = ox.Store()
    if ontology_graph:  # parsed once, then copied inside the store
        bulk_load(store, files[:1], graph=ONTOLOGY_GRAPH)
        store.update(f"ADD <{ONTOLOGY_GRAPH.value}> TO DEFAULT")
        files = files[1:]
    bulk_load(store, files)
    return store


def loader(files: list[Path]):
    """What fills a store of `files` on disk (naseigraph.persistent): the same bulk load."""
    return lambda store: bulk_load(store, files)


def one_source(paths, store) -> None:
    """Refuse Turtle files and a loaded store given together: which would be the graph?"""
    if paths is not None and store is not None:
        raise NaseigraphError("give Turtle files (paths) or a loaded store, not both")


def store_sources(
    paths: Iterable[Path | str] | None = None, sources: Iterable[str] | None = None
) -> list[Path]:
    """The files a store is loaded from: the ontology, then the shipped data (the review's
    files and the curated sources' files) or `paths`.

    `sources` keeps the shipped data to the sources named by DOI ("review" or its DOI for the
    review); without the review, its substance files stay, since every source names its
    substances by the review's IRIs. An unknown DOI is refused, with the DOIs there are.
    """
    if paths is not None:
        if sources is not None:
            raise NaseigraphError("give Turtle files (paths) or sources, not both")
        return [ontology_file(), *checked(paths)]
    return [ontology_file(), *shipped_files(sources)]


def shipped_files(sources: Iterable[str] | None = None) -> list[Path]:
    """The shipped data without the ontology: the review's files and the curated sources',
    or those of `sources` (see `store_sources`)."""
    curated = source_files()
    if sources is None:
        return [*data_files(), *curated.values()]
    wanted = {REVIEW_DOI if doi == "review" else doi for doi in sources}
    unknown = sorted(wanted - {REVIEW_DOI, *curated})
    if unknown:
        known = ", ".join(["review", *curated])
        raise NaseigraphError(f"no source {unknown[0]!r} in the graph (there are: {known})")
    review = [f for f in data_files() if REVIEW_DOI in wanted or f.name in SHARED]
    return [*review, *(f for doi, f in curated.items() if doi in wanted)]


SHARED = ("substances.ttl", "elements.ttl")  # what every source refers to


def source_graph(file: Path, folder: Path | None = None) -> ox.NamedNode | None:
    """The named graph a curated source's file is loaded into (its DOI as an IRI), else None;
    `folder` is sources_dir() resolved, if the caller has it."""
    file = Path(file)
    if file.parent.resolve() != (folder or sources_dir().resolve()):
        return None
    return ox.NamedNode(DOI_IRI + quote(unquote(file.stem), safe="/"))


def bulk_load(store: ox.Store, files: Iterable[Path], *, graph=None) -> None:
    """Parse Turtle files into a store (each once), into its default graph or `graph`; a bad
    file raises one line with its place.

    A relative IRI resolves against the file's own URI; a blank-node label names one node
    within its own file only.
    """
    folder = sources_dir().resolve()  # once, not per file
    for file in files:
        named = source_graph(file, folder) if graph is None else None
        try:
            store.bulk_load(
                path=str(file),
                format=ox.RdfFormat.TURTLE,
                base_iri=Path(file).resolve().as_uri(),
                to_graph=named or graph,
            )
        except SyntaxError as error:
            raise syntax_error(Path(file), error) from None
        if named is not None:  # a source's own graph, and the union in the default graph
            store.update(f"ADD <{named.value}> TO DEFAULT")


class Parsed:
    """The source files parsed once by Oxigraph, every literal as written, file by file: for a
    command that hands the graph to rdflib (pySHACL, the reasoners, pyLODE), writes it as RDF,
    or says which file asserts a fact."""

    def __init__(self, files: Iterable[Path]):
        self.files = list(files)
        self.triples: dict[Path, list[ox.Triple]] = {}
        for file in self.files:
            try:
                quads = ox.parse(
                    path=str(file),
                    format=ox.RdfFormat.TURTLE,
                    base_iri=file.resolve().as_uri(),
                    rename_blank_nodes=True,  # a label names one node within its file only
                )
                self.triples[file] = [quad.triple for quad in quads]
            except SyntaxError as error:
                raise syntax_error(file, error) from None
        self._graph = self._sets = None

    def all(self):
        """Every triple of every file (a triple two files state comes twice)."""
        for triples in self.triples.values():
            yield from triples

    def graph(self) -> Graph:
        """All the files as one rdflib graph (made once)."""
        if self._graph is None:
            self._graph = rdflib_graph(self.all())
        return self._graph

    def stating(self, triple: ox.Triple) -> list[Path]:
        """The files that state `triple`."""
        if self._sets is None:
            self._sets = {file: set(triples) for file, triples in self.triples.items()}
        return [file for file, found in self._sets.items() if triple in found]


def parse_sources(
    paths: Iterable[Path | str] | None = None, sources: Iterable[str] | None = None
) -> Parsed:
    """The ontology and the shipped data (or `paths`), parsed once (see `Parsed`)."""
    return Parsed(store_sources(paths, sources))


def rdflib_graph(source) -> Graph:
    """Triples as an in-memory rdflib graph, every term as rdflib's own parser would have made
    it (naseigraph.terms): a store's default graph, or any iterable of Oxigraph triples. One
    pass, no parse."""
    from naseigraph.terms import to_rdflib

    result = new_graph()
    named: dict = {}  # one rdflib term per Oxigraph term: IRIs and blank nodes repeat a lot

    def term(node):
        if isinstance(node, ox.Literal):
            return to_rdflib(node)
        found = named.get(node)
        if found is None:
            found = named[node] = to_rdflib(node)
        return found

    add = result.add
    if isinstance(source, ox.Store):
        source = source.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for triple in source:
        add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return result


def new_graph() -> Graph:
    """An empty rdflib graph that writes naseigraph's prefixes."""
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def load(paths: Iterable[Path | str] | None = None) -> Graph:
    """Ontology and facts as an rdflib graph, every literal as written: the shipped data, or
    the given Turtle files.

    >>> len(load()) > 10000
    True
    """
    return parse_sources(paths).graph()


def parse_turtle(paths: Iterable[Path | str]) -> Graph:
    """Turtle files alone (no ontology) as an rdflib graph, every literal as written."""
    return Parsed(checked(paths)).graph()
