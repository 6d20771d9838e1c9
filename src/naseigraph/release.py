"""`naseigraph release -o DIR`: the graph as a versioned dataset that a lab can cite and a data
scientist can load without naseigraph.

DIR gets the graph as TriG, N-Quads and JSON-LD (a named graph per source and one for the
ontology, every literal as the files write it), a CSV table per kind of fact (one SELECT each,
views/release/tables/*.rq, whose header describes its columns), a README describing every file
and column, CITATION.cff, VoID and DCAT descriptions (counts, version, licence, checksums) and
an RO-Crate (ro-crate-py). What a release says of itself is in views/release/; this module
counts, checksums and writes. Two releases of one version are byte-identical: blank nodes get
canonical labels (RDFC-1.0), quads and rows a fixed order, and no file holds the day it was
made (the RO-Crate's datePublished is the newest source's date).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from importlib.metadata import metadata
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from naseigraph.graph import (
    DOI_IRI,
    PREFIXES,
    REVIEW_DOI,
    NaseigraphError,
    install_hint,
    ontology_file,
)
from naseigraph.headers import read_header
from naseigraph.outputs import write_folder
from naseigraph.queries import execute, rows, view
from naseigraph.store import Parsed, parse_sources, source_graph

HERE = Path(__file__).parent / "views" / "release"
RELEASES = "https://w3id.org/naseigraph/release/"  # a release's IRI: this, its version and /
ONTOLOGY = ox.NamedNode(PREFIXES["nsg"].rstrip("#"))  # the ontology's IRI names its graph
REVIEW = ox.NamedNode(DOI_IRI + REVIEW_DOI)
RDF_FILES = {
    "naseigraph.trig": ox.RdfFormat.TRIG,
    "naseigraph.nq": ox.RdfFormat.N_QUADS,
    "naseigraph.jsonld": ox.RdfFormat.JSON_LD,
}
CATALOGUE, CRATE = "dcat.ttl", "ro-crate-metadata.json"  # described there, not distributed
MEDIA = "https://www.iana.org/assignments/media-types/"
RDF, XSD, DCTERMS = PREFIXES["rdf"], PREFIXES["xsd"], PREFIXES["dcterms"]
DCAT, VOID = "http://www.w3.org/ns/dcat#", "http://rdfs.org/ns/void#"
SPDX, SD = "http://spdx.org/rdf/terms#", "http://www.w3.org/ns/sparql-service-description#"


class Table(NamedTuple):
    file: str
    title: str
    description: str
    columns: dict[str, str]  # name: what it holds
    rows: int


class Context(NamedTuple):
    """What the files after the graph and the tables are made from."""

    version: str
    base: str  # the release's IRI
    creator: str
    quads: list[ox.Quad]
    store: ox.Store  # the union of the graphs, which the tables and counts are read from
    tables: list[Table]
    sources: list[dict]  # views/release/sources.rq
    dataset: list[ox.Triple]  # dataset.ttl
    files: dict[str, tuple[str, str]]  # every file: its description, its media type


def release(folder: Path | str) -> Path:
    """Write a release of the shipped graph into `folder`, which must be new or empty (a
    release is never replaced); a failure leaves neither the folder nor a half-written file."""
    try:
        import rocrate  # noqa: F401  (checked before any work)
    except ImportError:
        raise NaseigraphError(f"release needs ro-crate-py: {install_hint('release')}") from None

    def fill(built: Path) -> None:
        parsed = parse_sources()
        quads = _quads(parsed)
        for name, fmt in RDF_FILES.items():
            prefixes = PREFIXES if fmt == ox.RdfFormat.TRIG else None
            (built / name).write_bytes(ox.serialize(quads, format=fmt, prefixes=prefixes))
        store = ox.Store()
        store.extend(ox.Quad(*triple) for triple in parsed.all())  # the union, as load_store's
        context = _context(quads, store, _tables(built, store))
        (built / "README.md").write_text(_readme(context), encoding="utf-8")
        (built / "CITATION.cff").write_text(_citation(context), encoding="utf-8")
        (built / "void.ttl").write_bytes(_void(context))
        (built / CATALOGUE).write_bytes(_dcat(context, built))
        _crate(context, built)

    return write_folder(folder, fill, mark=False)


def _quads(parsed: Parsed) -> list[ox.Quad]:
    """Each file's triples in the named graph of its source (the ontology's in its own), blank
    nodes labelled by their content, in a fixed order: the ontology, the review, each source by
    its DOI."""
    graphs = {file: _graph(file) for file in parsed.files}
    dataset = ox.Dataset(
        ox.Quad(*triple, graphs[file]) for file, found in parsed.triples.items() for triple in found
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    order = {graph: n for n, graph in enumerate(dict.fromkeys(graphs.values()))}
    return sorted(dataset, key=lambda quad: (order[quad.graph_name], *_key(quad)))


def _graph(file: Path) -> ox.NamedNode:
    if file == ontology_file():
        return ONTOLOGY
    return source_graph(file) or REVIEW  # data/*.ttl is the review


def _key(statement) -> tuple:
    """A triple's or quad's place: named subjects first, then by subject, predicate, object."""
    terms = (statement.subject, statement.predicate, statement.object)
    return isinstance(statement.subject, ox.BlankNode), *map(str, terms)


def _tables(built: Path, store: ox.Store) -> list[Table]:
    """Each tables/NAME.rq run on the union of the graphs, its rows written to NAME.csv (the
    W3C SPARQL CSV results format)."""
    tables = []
    for path in sorted((HERE / "tables").glob("*.rq")):
        meta, text = read_header(path)
        result = execute(text, store, source=f"release table {path.stem}", limit=None)
        columns = dict(meta["columns"])
        if [variable.value for variable in result.variables] != list(columns):
            raise NaseigraphError(f"{path}: its #+ columns are not the columns it selects")
        name = f"{path.stem}.csv"
        (built / name).write_bytes(result.serialize(format=ox.QueryResultsFormat.CSV))
        tables.append(Table(name, meta["title"], meta["description"], columns, len(result)))
    return tables


def _context(quads: list[ox.Quad], store: ox.Store, tables: list[Table]) -> Context:
    about = metadata("naseigraph")
    base = f"{RELEASES}{about['Version']}/"
    sources = rows(execute(view("release/sources"), store, source="release sources"))
    dataset, _ = _template(base, "dataset.ttl")
    catalogue, _ = _template(base, CATALOGUE)
    files = {}
    for node in dict.fromkeys(t.subject for t in catalogue if _is(t, DCTERMS + "title")):
        if node.value != base:
            description = _values(catalogue, node, DCTERMS + "description")[0]
            media = _values(catalogue, node, DCAT + "mediaType")[0][len(MEDIA) :]
            files[node.value[len(base) :]] = (description, media)
    files.update((table.file, (table.description, "text/csv")) for table in tables)
    order = sorted(files, key=lambda name: (name not in RDF_FILES, not name.endswith(".csv")))
    files = {name: files[name] for name in order}  # the graph, the tables, the rest
    creator = about["Author"]
    return Context(about["Version"], base, creator, quads, store, tables, sources, dataset, files)


def _template(base: str, *names: str) -> tuple[list[ox.Triple], dict[str, str]]:
    """The statements of views/release/NAME files, their relative IRIs resolved against the
    release's, and their prefixes."""
    triples, prefixes = [], {}
    for name in names:
        parser = ox.parse(path=str(HERE / name), format=ox.RdfFormat.TURTLE, base_iri=base)
        triples += [quad.triple for quad in parser]
        prefixes.update(parser.prefixes)
    return triples, prefixes


def _is(triple: ox.Triple, predicate: str) -> bool:
    return triple.predicate.value == predicate


def _values(triples: list[ox.Triple], node, predicate: str) -> list[str]:
    """The values (IRIs or literals' text) of `node`'s `predicate` in `triples`, in order."""
    return [t.object.value for t in triples if t.subject == node and _is(t, predicate)]


def _readme(context: Context) -> str:
    from string import Template

    titles = {DOI_IRI + s["doi"]: s["title"] for s in context.sources}
    sources = [
        f"- {s['authors']}, *{s['title']}*, {s['journal']}, {s['issued']},"
        f" [doi:{s['doi']}]({DOI_IRI}{s['doi']})"
        for s in context.sources
    ]
    files = [f"| `{name}` | {_cell(text)} |" for name, (text, _) in context.files.items()]
    graphs = []
    for graph, count in Counter(quad.graph_name for quad in context.quads).items():
        title = titles.get(graph.value, graph.value)  # a source whose node has no DOI
        holds = "the ontology" if graph == ONTOLOGY else f"the facts of *{title}*"
        graphs.append(f"| `{graph.value}` | {holds} | {count} |")
    tables = []
    for table in context.tables:
        tables += [f"\n### `{table.file}`: {table.title} ({table.rows} rows)\n", table.description]
        tables += ["", "| column | holds |", "|---|---|"]
        tables += [f"| `{name}` | {_cell(text)} |" for name, text in table.columns.items()]
    template = Template((HERE / "README.md").read_text(encoding="utf-8"))
    parts = {"sources": sources, "files": files, "graphs": graphs, "tables": tables}
    return template.substitute(
        version=context.version, **{k: "\n".join(v) for k, v in parts.items()}
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # Na||Na in a Markdown table


def _citation(context: Context) -> str:
    """CITATION.cff: the template, with dataset.ttl's title, description and keywords, the
    version and authors of the package, and a reference for each source."""
    import yaml

    me = ox.NamedNode(context.base)
    cff = yaml.safe_load((HERE / "CITATION.cff").read_text(encoding="utf-8"))
    cff.update(
        title=_values(context.dataset, me, DCTERMS + "title")[0],
        abstract=_values(context.dataset, me, DCTERMS + "description")[0],
        version=context.version,
        authors=[{"name": context.creator}],
        keywords=_values(context.dataset, me, DCAT + "keyword"),
        references=[_reference(source) for source in context.sources],
    )
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=100)


def _reference(source: dict) -> dict:
    """A source as a CFF reference, its authors as printed: each "Given Family" or "Family,
    Given", the names joined by "; " where one holds a comma, else by ", "."""
    printed = source["authors"] or ""
    authors = []
    for name in filter(None, map(str.strip, printed.split(";" if ";" in printed else ","))):
        family, _, given = name.partition(", ") if ", " in name else name.rpartition(" ")[::-1]
        authors.append({"family-names": family, "given-names": given} if given else {"name": name})
    issued = source["issued"] or ""
    reference = {
        "type": "article",
        "title": source["title"],
        "authors": authors,
        "journal": source["journal"],
        "doi": source["doi"],
        "year": int(issued[:4]) if issued[:4].isdigit() else None,
        "date-published": issued if len(issued) == 10 else None,
    }
    return {key: value for key, value in reference.items() if value is not None}


def _void(context: Context) -> bytes:
    """dataset.ttl and void.ttl with the version, the triples in all and per named graph, and
    the entities of each class."""
    triples, prefixes = _template(context.base, "dataset.ttl", "void.ttl")
    me = ox.NamedNode(context.base)
    triples += [
        _triple(me, PREFIXES["owl"] + "versionInfo", ox.Literal(context.version)),
        _triple(me, VOID + "triples", _integer(len(context.quads))),
    ]
    for graph, count in Counter(quad.graph_name for quad in context.quads).items():
        subset = {RDF + "type": ox.NamedNode(VOID + "Dataset"), SD + "name": graph}
        triples += _node(me, VOID + "subset", {**subset, VOID + "triples": _integer(count)})
    found = execute(view("release/classes"), context.store, source="release classes", limit=None)
    for row in rows(found):
        partition = {VOID + "class": ox.NamedNode(row["class"])}
        triples += _node(me, VOID + "classPartition", {**partition,
                         VOID + "entities": _integer(row["entities"])})  # fmt: skip
    return _turtle(triples, prefixes, context.base)


def _dcat(context: Context, built: Path) -> bytes:
    """dataset.ttl and dcat.ttl with the version and creator, and every file written so far as
    a distribution with its size and SHA-256 checksum (the tables' described here)."""
    triples, prefixes = _template(context.base, "dataset.ttl", CATALOGUE)
    me = ox.NamedNode(context.base)
    triples += [
        _triple(me, DCAT + "version", ox.Literal(context.version)),
        _triple(me, DCTERMS + "creator", ox.Literal(context.creator)),
    ]
    written = sorted(path.name for path in built.iterdir())
    unwritten = sorted(set(context.files) - {*written, CATALOGUE, CRATE})
    stray = [name for name in written if name not in context.files] + unwritten
    if stray:  # a file without a description, or a description without its file
        raise NaseigraphError(f"{HERE / CATALOGUE} and the files written differ at {stray[0]}")
    for name in written:  # a table's title, description and type are said here only
        node, data = ox.NamedNode(context.base + name), (built / name).read_bytes()
        description, media = context.files[name]
        triples += [
            _triple(node, DCTERMS + "title", ox.Literal(name)),
            _triple(node, DCTERMS + "description", ox.Literal(description, language="en")),
            _triple(node, DCAT + "mediaType", ox.NamedNode(MEDIA + media)),
            _triple(me, DCAT + "distribution", node),
            _triple(node, RDF + "type", ox.NamedNode(DCAT + "Distribution")),
            _triple(node, DCAT + "byteSize", _integer(len(data), "nonNegativeInteger")),
        ]
        checksum = ox.Literal(
            hashlib.sha256(data).hexdigest(), datatype=ox.NamedNode(XSD + "hexBinary")
        )
        triples += _node(node, SPDX + "checksum", {
            RDF + "type": ox.NamedNode(SPDX + "Checksum"),
            SPDX + "algorithm": ox.NamedNode(SPDX + "checksumAlgorithm_sha256"),
            SPDX + "checksumValue": checksum})  # fmt: skip
    return _turtle(triples, prefixes, context.base)


def _triple(subject, predicate: str, obj) -> ox.Triple:
    return ox.Triple(subject, ox.NamedNode(predicate), obj)


def _node(subject, predicate: str, properties: dict) -> list[ox.Triple]:
    """A blank node that `subject` points at, with its properties (labelled by content later)."""
    node = ox.BlankNode()
    described = [_triple(node, key, value) for key, value in properties.items()]
    return [_triple(subject, predicate, node), *described]


def _integer(number: int, kind: str = "integer") -> ox.Literal:
    return ox.Literal(str(number), datatype=ox.NamedNode(XSD + kind))


def _turtle(triples: list[ox.Triple], prefixes: dict[str, str], base: str) -> bytes:
    """Triples as Turtle, the same bytes every run: blank nodes labelled by content, in order."""
    dataset = ox.Dataset(ox.Quad(*triple) for triple in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    ordered = sorted((quad.triple for quad in dataset), key=_key)
    names = {**PREFIXES, **prefixes, "release": base}
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=names)


def _crate(context: Context, built: Path) -> None:
    """ro-crate-metadata.json, by ro-crate-py: every file with its description, media type and
    size; the licence, the creator and the sources as contextual entities. Its datePublished,
    which the library would set to now, is the newest source's date."""
    from rocrate.model.contextentity import ContextEntity
    from rocrate.rocrate import ROCrate

    dates = [source["issued"] for source in context.sources if source["issued"]]
    if not dates:
        raise NaseigraphError("no source of the graph has a date (dcterms:issued) to release on")
    me = ox.NamedNode(context.base)
    licence = _values(context.dataset, me, DCTERMS + "license")[0]
    named = _values(context.dataset, ox.NamedNode(licence), PREFIXES["rdfs"] + "label")
    crate = ROCrate()

    def entity(iri: str, kind: str, name: str, **more):
        properties = {"@type": kind, "name": name, **{k: v for k, v in more.items() if v}}
        return crate.add(ContextEntity(crate, iri, properties=properties))

    root = crate.root_dataset
    root["name"] = _values(context.dataset, me, DCTERMS + "title")[0]
    root["description"] = _values(context.dataset, me, DCTERMS + "description")[0]
    root["version"], root["datePublished"] = context.version, max(dates)
    root["license"] = entity(licence, "CreativeWork", named[0] if named else licence)
    root["author"] = entity("#creator", "Organization", context.creator)
    root["isBasedOn"] = [
        entity(DOI_IRI + s["doi"], "ScholarlyArticle", s["title"], datePublished=s["issued"])
        for s in context.sources
    ]
    for name, (description, media) in context.files.items():
        if name != CRATE:  # the metadata file is the library's own entity
            size = str((built / name).stat().st_size)
            properties = {"name": name, "description": description, "encodingFormat": media}
            crate.add_file(dest_path=name, properties={**properties, "contentSize": size})
    crate.metadata.write(built)
