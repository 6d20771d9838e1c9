"""`naseigraph diff`: the facts two versions of the graph differ by (Turtle files, folders of
Turtle, releases), added, removed and changed, grouped by the system each concerns
(views/diff-systems.rq), for a curator reviewing a change.

Triples without blank nodes are compared as Oxigraph parsed them, every literal as written
("1.0" is not "1"). Blank nodes (the garbled-text nodes) are relabelled first by rdflib's
canonical labelling (rdflib.compare, as its graph_diff does), so that a blank node with the same
triples gets the same label on both sides: relabelled or reordered, it is no change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from naseigraph.graph import PREFIXES, NaseigraphError, ontology_file, syntax_error
from naseigraph.terms import XSD, XSD_STRING, curie, to_oxigraph, to_rdflib

DATASETS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}  # a release's graph
NEW_GRAPH = ox.NamedNode("urn:naseigraph:new")  # NEW alone, for the groups' labels
# The literals Turtle writes bare, each by the form that reads as its datatype.
EXPONENT = r"[eE][+-]?[0-9]+"
BARE = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(rf"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+){EXPONENT}"),
    XSD + "boolean": re.compile(r"true|false"),
}
KINDS = ("removed", "changed", "added")  # the order of a subject's lines


@dataclass(frozen=True)
class Change:
    """One fact added or removed, or one value changed (`old` -> `new`): `subject` is the named
    node that holds it, `predicate` the path from there (through blank nodes), both as CURIEs;
    `old` and `new` are Turtle terms, a blank node written out as `[ ... ]`."""

    kind: str
    subject: str
    predicate: str
    old: str | None = None
    new: str | None = None
    node: str | None = field(default=None, compare=False)  # the subject's IRI

    def sort_key(self):
        return (self.subject, self.predicate, KINDS.index(self.kind), self.old or self.new or "")

    def to_text(self) -> str:
        shown = f"{self.old} -> {self.new}" if self.kind == "changed" else self.old or self.new
        return f"{self.kind:<8}{self.predicate} {shown}"

    def to_dict(self) -> dict:
        return {key: getattr(self, key) for key in ("kind", "subject", "predicate", "old", "new")}


@dataclass
class Group:
    """The changes listed under one system (a protective layer) or one other subject."""

    name: str
    label: str | None
    system: bool
    changes: list[Change]

    def to_text(self) -> list[str]:
        head = f"system {self.name}" if self.system else self.name
        lines = [head + (f" {json.dumps(self.label, ensure_ascii=False)}" if self.label else "")]
        subject = None
        for change in self.changes:
            if change.subject != subject:
                subject = change.subject
                lines.append(f"  {subject}")
            lines.append(f"    {change.to_text()}")
        return lines


@dataclass
class Diff:
    """What NEW says that OLD does not, and the reverse, by group (systems first)."""

    changes: list[Change]
    groups: list[Group]
    same: bool  # the two hold the same triples, blank nodes compared by their triples
    triples: int  # in OLD, for the message that they are the same

    def count(self, kind: str) -> int:
        return sum(change.kind == kind for change in self.changes)

    def summary(self) -> str:
        if self.same:
            return f"the same: no fact added, removed or changed ({self.triples} triples)"
        systems = sum(group.system for group in self.groups)
        places = [(systems, "system"), (len(self.groups) - systems, "other subject")]
        where = " and ".join(_counted(n, noun) for n, noun in places if n)
        counts = ", ".join(f"{self.count(kind)} {kind}" for kind in ("added", "removed", "changed"))
        return f"{counts} in {where}"

    def to_text(self) -> str:
        lines = [self.summary()]
        for group in self.groups:
            lines += ["", *group.to_text()]
        return "\n".join(lines)

    def to_json(self) -> str:
        found = {
            "same": self.same,
            "summary": self.summary(),
            **{kind: self.count(kind) for kind in ("added", "removed", "changed")},
            "groups": [
                {
                    "group": group.name,
                    "label": group.label,
                    "system": group.system,
                    "changes": [change.to_dict() for change in group.changes],
                }
                for group in self.groups
            ],
            "prefixes": PREFIXES,
        }
        return json.dumps(found, indent=2, ensure_ascii=False)


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def diff(old: Path | str, new: Path | str) -> Diff:
    """The facts `old` and `new` differ by: each a Turtle file, a TriG or N-Quads file (a
    release's graph: its named graphs read as one), or a folder (every .ttl under it; a folder
    with no .ttl and one .trig, as a release is, that .trig)."""
    before, after = Side(read(old)), Side(read(new))
    changes = _changes(before, after)
    same = before.triples == after.triples
    return Diff(changes, _grouped(changes, before, after), same, len(before.triples))


class Side:
    """One version's triples (blank nodes canonically labelled), indexed for the diff."""

    def __init__(self, triples: set[ox.Triple]):
        self.triples = triples
        self.values: dict[tuple, int] = {}  # (subject, predicate): how many objects
        self.about: dict[ox.BlankNode, list[ox.Triple]] = {}  # a blank node's own triples
        self.holders: dict[ox.BlankNode, list[ox.Triple]] = {}  # the triples that point at it
        for triple in triples:
            key = (triple.subject, triple.predicate)
            self.values[key] = self.values.get(key, 0) + 1
            if isinstance(triple.subject, ox.BlankNode):
                self.about.setdefault(triple.subject, []).append(triple)
            if isinstance(triple.object, ox.BlankNode):
                self.holders.setdefault(triple.object, []).append(triple)

    def single(self, triple: ox.Triple) -> bool:
        """Whether the triple's subject has this one object for its predicate."""
        return self.values.get((triple.subject, triple.predicate)) == 1

    def holder(self, node) -> tuple[ox.NamedNode | None, list[ox.NamedNode]]:
        """The named node that holds `node` (itself, if named) and the path of predicates from
        it to `node`, through the blank nodes between them."""
        path: list[ox.NamedNode] = []
        seen = set()
        while isinstance(node, ox.BlankNode) and node not in seen and self.holders.get(node):
            seen.add(node)
            link = min(self.holders[node], key=str)
            path.insert(0, link.predicate)
            node = link.subject
        return (None if isinstance(node, ox.BlankNode) else node), path

    def text(self, term, seen: frozenset = frozenset()) -> str:
        """A term as Turtle writes it, with the project's prefixes; a blank node as `[ ... ]`
        with its triples, sorted."""
        if isinstance(term, ox.NamedNode):
            return curie(term.value)
        if isinstance(term, ox.Literal):
            return _literal(term)
        if term in seen:  # a cycle of blank nodes
            return "[]"
        parts = sorted(
            f"{_predicate(t.predicate)} {self.text(t.object, seen | {term})}"
            for t in self.about.get(term, [])
        )
        return f"[ {' ; '.join(parts)} ]" if parts else "[]"


def _literal(term: ox.Literal) -> str:
    datatype = term.datatype.value
    if datatype in BARE and BARE[datatype].fullmatch(term.value):
        return term.value
    quoted = json.dumps(term.value, ensure_ascii=False)
    if term.language:
        return f"{quoted}@{term.language}"
    return quoted if datatype == XSD_STRING else f"{quoted}^^{curie(datatype)}"


def _predicate(iri: ox.NamedNode) -> str:
    return "a" if iri.value == PREFIXES["rdf"] + "type" else curie(iri.value)


def _changes(before: Side, after: Side) -> list[Change]:
    """The facts removed and added; a subject's one value of a predicate replaced by another
    one value is one change. A blank node is part of the fact that points at it."""
    removed = _facts(before.triples - after.triples)
    added = _facts(after.triples - before.triples)
    found = _paired(removed, added, before, after, lambda t: (t.subject, t.predicate))
    return sorted(found, key=Change.sort_key)


def _paired(removed, added, before: Side, after: Side, key) -> list[Change]:
    """Removed and added triples as changes: a removed and an added one with the same `key`,
    each its subject's one value of the predicate on its side, are one change."""
    replacing = {key(t): t for t in added if after.single(t)}
    changes, paired = [], set()
    for triple in removed:
        other = replacing.get(key(triple))
        if other is None or not before.single(triple):
            changes.append(_change("removed", triple, before, before.text(triple.object)))
            continue
        paired.add(other)
        if isinstance(triple.object, ox.BlankNode) and isinstance(other.object, ox.BlankNode):
            changes += _inside(triple.object, other.object, before, after)
        else:
            old, new = before.text(triple.object), after.text(other.object)
            changes.append(_change("changed", triple, before, old, new))
    for triple in added:
        if triple not in paired:
            changes.append(_change("added", triple, after, None, after.text(triple.object)))
    return changes


def _inside(old: ox.BlankNode, new: ox.BlankNode, before: Side, after: Side) -> list[Change]:
    """A blank node replaced by another as one value: what differs between their triples,
    compared as Turtle text (their labels differ), each under the path that leads to it."""
    olds = {(t.predicate, before.text(t.object)): t for t in before.about.get(old, [])}
    news = {(t.predicate, after.text(t.object)): t for t in after.about.get(new, [])}
    gone = [olds[k] for k in sorted(olds.keys() - news.keys(), key=str)]
    come = [news[k] for k in sorted(news.keys() - olds.keys(), key=str)]
    return _paired(gone, come, before, after, lambda t: t.predicate)


def _facts(triples: set[ox.Triple]) -> list[ox.Triple]:
    """The triples that are a fact of their own: all but those of a blank node that another of
    them points at (written out inside that one)."""
    pointed = {t.object for t in triples if isinstance(t.object, ox.BlankNode)}
    return sorted((t for t in triples if t.subject not in pointed), key=str)


def _change(kind, triple, side: Side, old, new=None) -> Change:
    node, path = side.holder(triple.subject)
    predicate = "/".join([*(curie(p.value) for p in path), _predicate(triple.predicate)])
    subject = "[]" if node is None else curie(node.value)
    return Change(kind, subject, predicate, old, new, None if node is None else node.value)


def _grouped(changes: list[Change], before: Side, after: Side) -> list[Group]:
    """The changes under the system or subject each belongs to (views/diff-systems.rq, run
    over both versions): systems first, then the other subjects, each by its CURIE."""
    belongs = _memberships(before, after) if changes else {}
    groups: dict[tuple, Group] = {}
    for change in changes:
        for name, label, system in belongs.get(change.node, [(change.subject, None, False)]):
            key = (not system, name)
            if key not in groups:
                groups[key] = Group(name, label, system, [])
            groups[key].changes.append(change)
    return [groups[key] for key in sorted(groups)]


def _memberships(before: Side, after: Side) -> dict[str, list[tuple]]:
    """Each named node's groups: (CURIE, label, whether it is a system)."""
    from naseigraph.queries import execute, rows, view
    from naseigraph.store import bulk_load

    store = ox.Store()
    store.extend(ox.Quad(*t) for t in before.triples | after.triples)
    store.extend(ox.Quad(*t, NEW_GRAPH) for t in after.triples)
    bulk_load(store, [ontology_file()])  # the layer classes
    found: dict[str, list[tuple]] = {}
    solutions = execute(view("diff-systems"), store, source="diff", timeout=None, limit=None)
    for row in rows(solutions):
        found.setdefault(row["node"], []).append(
            (curie(row["group"]), row["label"], bool(row["system"]))
        )
    return found


def read(path: Path | str) -> set[ox.Triple]:
    """The triples of a file or folder (see `diff`), blank nodes canonically labelled."""
    triples: set[ox.Triple] = set()
    for file in _files(Path(path)):
        triples.update(_parse(file))
    return canonical(triples)


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise NaseigraphError(f"{path}: no such file or folder")
    turtle = sorted(p for p in path.rglob("*.ttl") if p.is_file())
    releases = sorted(path.glob("*.trig"))
    if turtle:
        return turtle
    if len(releases) == 1:
        return releases
    if releases:
        names = ", ".join(p.name for p in releases)
        raise NaseigraphError(f"{path}: holds several TriG files ({names}): name one")
    raise NaseigraphError(f"{path}: no Turtle file (.ttl) under it, nor one TriG file (.trig)")


def _parse(file: Path) -> list[ox.Triple]:
    """A file's triples as Oxigraph parses them (a dataset's graphs as one); a bad file raises
    one line with its place."""
    suffix = file.suffix.lower()
    if suffix == ".ttl":
        from naseigraph.store import Parsed

        return Parsed([file]).triples[file]
    if suffix not in DATASETS:
        raise NaseigraphError(f"{file}: not a Turtle (.ttl), TriG (.trig) or N-Quads (.nq) file")
    try:
        quads = ox.parse(
            path=str(file),
            format=DATASETS[suffix],
            base_iri=file.resolve().as_uri(),
            rename_blank_nodes=True,
        )
        return [quad.triple for quad in quads]
    except SyntaxError as error:
        raise syntax_error(file, error) from None


def canonical(triples: set[ox.Triple]) -> set[ox.Triple]:
    """The triples with every blank node relabelled by rdflib's canonical labelling (the same
    triples, the same labels); triples without blank nodes are kept as they are."""
    blank = [t for t in triples if _has_blank(t)]
    if not blank:
        return triples
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    graph = Graph()
    for triple in blank:
        graph.add(tuple(_exact(term) for term in triple))
    relabelled = {ox.Triple(*map(to_oxigraph, t)) for t in to_canonical_graph(graph)}
    return (triples - set(blank)) | relabelled


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _exact(term):
    """An Oxigraph term in rdflib with its literal's lexical form kept (rdflib would make
    "01"^^xsd:integer "1"), so that no change of form is lost."""
    if not isinstance(term, ox.Literal):
        return to_rdflib(term)
    from rdflib import Literal, URIRef

    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(
        term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype), normalize=False
    )
