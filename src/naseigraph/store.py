"""The one load: the sources (ontology, data, a user's Turtle) parsed once, by Oxigraph, into
the store every command uses; in memory, or persistent on disk and reused until they change.

Where a library needs an rdflib graph (pySHACL, owlready2, pyLODE, the networkx views), it gets
one from the store by `rdflib_graph`, a single pass over its quads: never a second parse
(bench/rdflib_bridge.py measures this against oxrdflib's rdflib store over Oxigraph).

On disk, parsing Turtle is most of the time a command spends on a large graph; opening a built
store costs milliseconds. The folder holds `naseigraph-store.json` (what the store was built
from: each file's path, size and modification time, and the pyoxigraph version, whose on-disk
format is not stable across minor versions) and the store itself in a `store-*` subfolder. When
the record no longer matches, a new store is built beside the old one and swapped in by
rewriting the record atomically, so a failed or interrupted build never leaves a half-loaded
store in use.

Builds take an exclusive lock (`.lock`, flock): a second command waits for the first build and
then uses it. A build killed outright leaves a `.building-*` folder; the next build, holding the
lock, knows nobody is using it and removes it, with stores the record no longer names.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from naseigraph.graph import (
    PREFIXES,
    NaseigraphError,
    checked,
    data_files,
    ontology_file,
    syntax_error,
)

if TYPE_CHECKING:
    from rdflib import Graph

RECORD = "naseigraph-store.json"
LOCK = ".lock"
OURS = (RECORD, LOCK, ".building-*", "store-*", f".{RECORD}.*.part")  # what a store folder holds
ONTOLOGY_GRAPH = ox.NamedNode("urn:naseigraph:ontology")  # the ontology's own triples, if kept


def load_store(
    paths: Iterable[Path | str] | None = None,
    *,
    path: Path | str | None = None,
    ontology: bool = True,
    ontology_graph: bool = False,
) -> ox.Store:
    """The ontology (unless `ontology` is False) and the facts (the shipped data, or the given
    Turtle files) in an Oxigraph store, the engine every query runs on.

    In memory by default; with `path`, a persistent store in that folder, built on first use
    and rebuilt only when a source file changes. `ontology_graph` also keeps the ontology's
    own triples in the named graph ONTOLOGY_GRAPH, for a view that tells its terms from the
    facts. The store keeps numbers in their canonical form ("1.0"^^xsd:decimal is 1): a command
    that writes or checks literals as written reads the files with `parse_sources` instead.

    >>> len(load_store()) > 10000
    True
    """
    files = store_sources(paths) if ontology else checked(paths or [])
    if path is not None:
        return open_store(path, files)
    store = ox.Store()
    if ontology and ontology_graph:  # parsed once, then copied inside the store
        bulk_load(store, files[:1], graph=ONTOLOGY_GRAPH)
        store.update(f"ADD <{ONTOLOGY_GRAPH.value}> TO DEFAULT")
        files = files[1:]
    bulk_load(store, files)
    return store


def store_sources(paths: Iterable[Path | str] | None = None) -> list[Path]:
    """The files a store is loaded from: the ontology, then the shipped data or `paths`."""
    return [ontology_file(), *(data_files() if paths is None else checked(paths))]


def bulk_load(store: ox.Store, files: Iterable[Path], *, graph=None) -> None:
    """Parse Turtle files into a store (each once), into its default graph or `graph`; a bad
    file raises one line with its place.

    A relative IRI resolves against the file's own URI; a blank-node label names one node
    within its own file only.
    """
    for file in files:
        try:
            store.bulk_load(
                path=str(file),
                format=ox.RdfFormat.TURTLE,
                base_iri=Path(file).resolve().as_uri(),
                to_graph=graph,
            )
        except SyntaxError as error:
            raise syntax_error(Path(file), error) from None


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


def parse_sources(paths: Iterable[Path | str] | None = None) -> Parsed:
    """The ontology and the shipped data (or `paths`), parsed once (see `Parsed`)."""
    return Parsed(store_sources(paths))


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


def open_store(directory: Path | str, files: list[Path]) -> ox.Store:
    """The store built from `files` in `directory`, read-only (several commands may share it)."""
    location = prepare(Path(directory), files)
    try:
        return ox.Store.read_only(str(location))
    except OSError as error:
        raise NaseigraphError(f"{directory}: cannot open the store: {error}") from None


def prepare(directory: Path, files: list[Path]) -> Path:
    """The folder of an up-to-date store for `files` inside `directory`, built when needed."""
    wanted = fingerprint(files)
    current = _current(directory, wanted)
    if current is not None:
        if any(directory.glob(".building-*")):  # a killed build's leftovers: tidy, if no one builds
            with _locked(directory, wait=False) as held:
                if held:
                    _remove_leftovers(directory)
        return current
    with _locked(directory):
        current = _current(directory, wanted)  # another command may have built it meanwhile
        if current is not None:
            return current
        _remove_leftovers(directory)
        return build(directory, files, wanted)


def _current(directory: Path, wanted: dict) -> Path | None:
    """The store the record names, if it was built from `wanted`; refuses a foreign folder."""
    record = _read_record(directory)
    if record is None and directory.is_dir():
        foreign = [p.name for p in directory.iterdir() if not _ours(p.name)]
        if foreign:
            raise NaseigraphError(
                f"{directory}: not a naseigraph store (the folder holds other files, such as"
                f" {sorted(foreign)[0]}); give a new or empty folder"
            )
    if record is not None and record.get("sources") == wanted:
        location = directory / record["store"]
        if location.is_dir():
            return location
    return None


def _ours(name: str) -> bool:
    from fnmatch import fnmatch

    return any(fnmatch(name, pattern) for pattern in OURS)


@contextlib.contextmanager
def _locked(directory: Path, *, wait: bool = True):
    """Hold the folder's build lock, waiting for another build to finish (or, without `wait`,
    yield False at once where another process holds it)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise NaseigraphError(f"{directory}: cannot create the store: {error.strerror}") from None
    try:
        try:  # released by the kernel if this process dies
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)


def _remove_leftovers(directory: Path) -> None:
    """Folders of builds that were killed: nobody builds while this process holds the lock."""
    for leftover in directory.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def fingerprint(files: list[Path]) -> dict:
    """What a store depends on: each file's path, size and mtime, and the store format."""
    from importlib.metadata import version  # ~20 ms: only a command with --store pays it

    sources = []
    for path in files:
        stat = Path(path).stat()
        sources.append([str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns])
    return {"pyoxigraph": version("pyoxigraph"), "files": sources}


def build(directory: Path, files: list[Path], sources: dict) -> Path:
    """Load `files` into a new store beside the current one, then switch the record to it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=directory))
    except OSError as error:
        raise NaseigraphError(f"{directory}: cannot create the store: {error}") from None
    try:
        store = ox.Store(str(building))
        bulk_load(store, files)
        store.flush()
        del store  # closes the database, so it can be renamed and opened read-only
        location = directory / f"store-{uuid.uuid4().hex[:12]}"
        building.chmod(0o755)
        building.rename(location)
        _write_record(directory, {"store": location.name, "sources": sources})
    except OSError as error:
        shutil.rmtree(building, ignore_errors=True)
        raise NaseigraphError(f"{directory}: cannot build the store: {error}") from None
    except BaseException:  # a bad file or an interrupt: nothing half-built stays behind
        shutil.rmtree(building, ignore_errors=True)
        raise
    _remove_old(directory, keep=location.name)
    return location


def _read_record(directory: Path) -> dict | None:
    try:
        record = json.loads((directory / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "store" in record else None


def _write_record(directory: Path, record: dict) -> None:
    from naseigraph.outputs import write_atomically

    # 0644: a store may be shared with other users, whatever the umask of its builder
    write_atomically(directory / RECORD, json.dumps(record, indent=1), mode=0o644)


def _remove_old(directory: Path, keep: str) -> None:
    """Delete stores the record no longer names (best effort: a reader may still hold one)."""
    for old in directory.glob("store-*"):
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def parse_turtle(paths: Iterable[Path | str]) -> Graph:
    """Turtle files alone (no ontology) as an rdflib graph, every literal as written."""
    return Parsed(checked(paths)).graph()
