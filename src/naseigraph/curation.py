"""`naseigraph add`: a filled-in template checked against the graph it would join and, with
`write`, written as the source's Turtle (data/sources/, atomically) with a PROV record of its
curation. A source already in the graph is replaced whole: the template is checked against the
graph without it, and its file is rewritten, never merged."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from naseigraph.conversion import context, convert_with_places, iri
from naseigraph.graph import (
    REVIEW_DOI,
    NaseigraphError,
    source_file_name,
    source_files,
    sources_dir,
)
from naseigraph.queries import execute, rows, view
from naseigraph.store import load_store
from naseigraph.template import Problem, read_template
from naseigraph.terms import curie, to_oxigraph


class Addition(NamedTuple):
    """What adding a template would change, and what stands in its way."""

    template: Path
    doi: str
    target: Path  # the source's file under data/sources/
    replaces: bool  # the source is in the graph already
    problems: list[Problem]  # the template's own: schema, names, units
    graph: Graph | None  # the source's triples (with the PROV record once written)
    findings: list  # the shapes' findings on the graph with it: (the template's place, finding)
    systems: list[tuple[str, str]]  # (layer CURIE, label) of each new system
    substances: list[tuple[str, str]]
    duplicates: list[tuple[str, str]]  # (new value, existing value that looks the same)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(f.severity == "Violation" for _, f in self.findings)


def add(
    template_path: Path | str,
    *,
    write: bool = False,
    curator: str | None = None,
    orcid: str | None = None,
) -> Addition:
    """Check the template at `template_path` against the graph; with `write` (and no problem),
    write the source's Turtle. `curator`/`orcid` override the template's curator."""
    from naseigraph.template import check_schema

    template = read_template(template_path)
    doi = str((template.data.get("source") or {}).get("doi", ""))
    if doi == REVIEW_DOI:
        raise NaseigraphError(
            f"{template.file}: the review's facts are data/*.ttl, curated by hand; `add` writes"
            " the sources curated after it"
        )
    target = sources_dir() / source_file_name(doi)
    replaces = doi in source_files()
    empty = Addition(template.file, doi, target, replaces, [], None, [], [], [], [])
    problems = check_schema(template)
    if problems:
        return empty._replace(problems=problems)
    others = ["review", *(d for d in source_files() if d != doi)]
    store = load_store(sources=others)
    graph, problems, places = convert_with_places(template, context(store))
    if problems:
        return empty._replace(problems=problems)
    _record(graph, template, curator, orcid)
    for triple in graph:
        store.add(ox.Quad(*map(to_oxigraph, triple)))
    from naseigraph.validation import validate

    report = validate(store=store)
    where = {
        curie(node): f"{place.file}:{place.line}: {place.field}" for node, place in places.items()
    }
    addition = empty._replace(
        graph=graph,
        findings=[(where.get(f.focus), f) for f in report.findings],
        systems=_new(graph, "nsg:ProtectiveLayer", store),
        substances=_new(graph, "nsg:ChemicalSubstance", store),
        duplicates=_duplicates(graph, store),
    )
    if write and addition.ok:
        _write(addition)
    return addition


def _record(graph: Graph, template, curator: str | None, orcid: str | None) -> None:
    """The PROV record of the curation: who, when, with which naseigraph."""
    from importlib.metadata import version

    given = template.data.get("curator") or {}
    name, orcid = curator or given.get("name"), orcid or given.get("orcid")
    source = next(graph.subjects(RDF.type, iri("nsg:Paper")))
    activity, agent = URIRef(f"{source}-curation"), URIRef(f"{source}-curation-software")
    graph.add((activity, RDF.type, iri("prov:Activity")))
    graph.add(
        (activity, iri("rdfs:label"), Literal(f"curation of {curie(str(source))}", lang="en"))
    )
    graph.add((activity, iri("prov:generated"), source))
    today = datetime.date.today().isoformat()
    graph.add((activity, iri("prov:endedAtTime"), Literal(today, datatype=XSD.date)))
    graph.add((activity, iri("prov:wasAssociatedWith"), agent))
    graph.add((agent, RDF.type, iri("prov:SoftwareAgent")))
    graph.add((agent, iri("rdfs:label"), Literal(f"naseigraph {version('naseigraph')}")))
    if name:
        person = URIRef(f"https://orcid.org/{orcid}") if orcid else URIRef(f"{source}-curator")
        graph.add((activity, iri("prov:wasAssociatedWith"), person))
        graph.add((person, RDF.type, iri("prov:Person")))
        graph.add((person, iri("rdfs:label"), Literal(name)))


def _new(graph: Graph, kind: str, store: ox.Store) -> list[tuple[str, str]]:
    """The template's nodes that are of `kind` (or a subclass), with their labels."""
    classes = {
        r["class"]
        for r in rows(
            execute(
                view("curation/kinds"), store, {ox.Variable("kind"): ox.NamedNode(str(iri(kind)))}
            )
        )
    }
    found = set()
    for node, cls in graph.subject_objects(RDF.type):
        if str(cls) in classes:
            found.add((curie(str(node)), str(graph.value(node, iri("rdfs:label")) or "")))
    return sorted(found)


def _duplicates(graph: Graph, store: ox.Store) -> list[tuple[str, str]]:
    """New values that look like an existing one: the same kind, number and unit, about a
    layer with the same constituents (views/curation/values.rq, over the graph with them)."""
    new = {str(node) for node in graph.subjects(RDF.type, iri("nsg:ReportedValue"))}
    constituents: dict = {}
    signatures: dict = {}
    for row in rows(execute(view("curation/values"), store)):
        constituents.setdefault(row["value"], set()).add(row["constituent"])
        signatures[row["value"]] = tuple(
            str(row[k]) for k in ("kind", "number", "low", "high", "unit")
        )
    alike: dict = {}
    for value, signature in signatures.items():
        alike.setdefault((frozenset(constituents[value]), signature), []).append(value)
    pairs = set()
    for values in alike.values():
        for value in set(values) & new:
            pairs |= {(curie(value), curie(old)) for old in values if old not in new}
    return sorted(pairs)


def _write(addition: Addition) -> None:
    from naseigraph.outputs import write_atomically

    addition.target.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# The facts of doi:{addition.doi}, curated with `naseigraph add` from"
        f" {addition.template.name}.\n# Written by naseigraph; edit the template and add it again"
        " rather than this file.\n"
    )
    text = addition.graph.serialize(format="turtle")
    write_atomically(addition.target, header + text)


def to_text(addition: Addition, *, written: bool) -> str:
    """The report `naseigraph add` prints."""
    problems = [str(problem) for problem in addition.problems]  # one per line, as compilers do
    if addition.graph is None:
        count = len(addition.problems)
        said = f"{count} problem{'s' if count != 1 else ''}"
        problems.append(f"{addition.template}: {said}; nothing written")
        return "\n".join(problems)
    lines = []
    lines.append(
        f"{addition.template}: doi:{addition.doi}, {len(addition.graph)} triples"
        f" ({'replaces the source in the graph' if addition.replaces else 'a new source'})"
    )
    for title, found in (("new system", addition.systems), ("new substance", addition.substances)):
        lines += [f"  {title}: {node} {label!r}" for node, label in found]
    lines += [f"  {new} looks like a duplicate of {old}" for new, old in addition.duplicates]
    findings = [f for _, f in addition.findings]
    placed = [f"{where}: {finding}" for where, finding in addition.findings if where]
    lines += [f"  {finding}" for where, finding in addition.findings if not where]
    violations = sum(f.severity == "Violation" for f in findings)
    warnings = len(addition.findings) - violations
    lines.append(f"  shapes: {violations} violations, {warnings} warnings")
    target = _shown(addition.target)
    if written:
        lines.append(f"wrote {target}")
    elif addition.ok:
        lines.append(f"would write {target} (add --write to write it)")
    else:
        lines.append("nothing written: fix the violations first")
    wrapped = [
        textwrap.fill(
            line, 80, subsequent_indent="    ", break_on_hyphens=False, break_long_words=False
        )
        for line in placed + lines
    ]
    return "\n".join(wrapped)


def _shown(path: Path) -> str:
    """`path` relative to the working folder where it lies under it (a checkout's data/)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
