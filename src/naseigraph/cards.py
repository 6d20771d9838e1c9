"""`naseigraph show THING`: everything the graph says about one thing, each line with its source.

A card is a list of groups of lines; each line is read from one fact node, whose section, figure
panels, reference numbers, sentences, implied flag and garbled text travel with it. The lines
come from the SPARQL in views/card/*.rq (one file per group); this module only picks the groups
for the kind of thing and lays them out.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from naseigraph.graph import PREFIXES, NaseigraphError
from naseigraph.queries import execute, iri_term, plain_digits, rows, view
from naseigraph.store import load_store
from naseigraph.terms import curie

# The groups of a card, by what the thing is (the first class that fits, in this order).
PARTS = {
    "nsg:SEILayer": (
        "identity",
        "making",
        "reactions",
        "constituents",
        "values",
        "cell-tests",
        "observations",
        "attribution",
    ),
    "nsg:ChemicalSubstance": (
        "identity",
        "uses",
        "formed-by",
        "contained-in",
        "values",
        "observations",
    ),
    "nsg:CitedReference": ("reference", "citing"),
    "nsg:ReviewSection": ("identity", "part"),
    "nsg:ReviewFigure": ("identity", "part"),
    "nsg:Phenomenon": ("identity", "claims"),
    "nsg:Sentence": ("identity", "read-from-it"),
}
OTHER = ("identity", "properties", "values", "observations")
SOURCES = "nsg:SEILayer"  # cards of layers end with their figures, references and sentences
SOURCES_TITLE = "Read from"


@dataclass
class Line:
    text: str
    fact: str | None = None
    sections: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    implied: str | None = None  # the curator's reason, where the review only implies the fact
    garbled: list[dict] = field(default_factory=list)  # {"printed": ..., "read": ...}
    link: str | None = None  # the node the line names, or a DOI as a URL
    # the nodes of sections, refs and sentences, in the order of their numbers and labels above
    section_nodes: list[str] = field(default_factory=list, repr=False)
    ref_nodes: list[str] = field(default_factory=list, repr=False)
    sentence_nodes: list[str] = field(default_factory=list, repr=False)

    def source(self) -> str:
        """The line's provenance in a few characters: section 3.1; Figure 4f; refs 54, 55."""
        parts = [f"section {', '.join(self.sections)}"] if self.sections else []
        parts += self.figures
        if self.refs == ["none cited"]:
            parts.append("no reference cited")
        elif self.refs:
            parts.append(("ref " if len(self.refs) == 1 else "refs ") + ", ".join(self.refs))
        return "; ".join(parts)

    def pieces(self) -> list[tuple[str, list[tuple[str, str | None]]]]:
        """The source as groups of (what, [(shown, node)]), for a page that links each node."""
        out = []
        if self.sections:
            out.append(("section", list(zip(self.sections, self.section_nodes, strict=False))))
        if self.figures:
            out.append(("", [(figure, None) for figure in self.figures]))
        if self.refs == ["none cited"]:
            out.append(("no reference cited", []))
        elif self.refs:
            what = "ref" if len(self.refs) == 1 else "refs"
            out.append((what, list(zip(self.refs, self.ref_nodes, strict=False))))
        if self.sentences:
            out.append(("read from", list(zip(self.sentences, self.sentence_nodes, strict=False))))
        return out

    def notes(self) -> list[str]:
        notes = [f"implied: {self.implied}"] if self.implied is not None else []
        return notes + [f'printed "{g["printed"]}", read as {g["read"]}' for g in self.garbled]


@dataclass
class Card:
    iri: str | None
    kind: str
    label: str
    groups: list[tuple[str, list[Line]]]

    def to_json(self) -> str:
        data = {
            "iri": self.iri,
            "kind": self.kind,
            "label": self.label,
            "groups": [
                {"title": title, "lines": [asdict(line) for line in lines]}
                for title, lines in self.groups
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False)

    def to_text(self, width: int = 80) -> str:
        import textwrap

        head = f"{self.label} ({self.kind})"
        out = [*textwrap.wrap(head, width), curie(self.iri) if self.iri else ""]
        own = self._own_source()
        if own:  # the node's own source once, not on each line read from the node itself
            out += textwrap.wrap(f"[{own}]", width)
        sentences = self._own_sentences()
        if sentences and SOURCES_TITLE not in dict(self.groups):
            out += textwrap.wrap(f"read from {'; '.join(sentences)}", width)
        for title, lines, notes in self._laid_out():
            out += ["", title]
            for line, line_notes in zip(lines, notes, strict=True):
                source = "" if own and line.fact == self.iri else line.source()
                text = line.text + (f"  [{source}]" if source else "")
                out += textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="    ")
                for note in line_notes:
                    out += textwrap.wrap(
                        note, width, initial_indent="    ! ", subsequent_indent="      "
                    )
        return "\n".join(out).replace("\n\n\n", "\n\n")

    def to_markdown(self) -> str:
        out = [f"## {self.label}", "", f"*{self.kind}*" + (f" · `{self.iri}`" if self.iri else "")]
        for title, lines, notes in self._laid_out():
            out += ["", f"### {title}", ""]
            for line, line_notes in zip(lines, notes, strict=True):
                source = f" — *{line.source()}*" if line.source() else ""
                out.append(f"- {line.text}{source}" + "".join(f" ({n})" for n in line_notes))
        return "\n".join(out)

    def own_line(self) -> Line | None:
        """The first line read from the card's node itself: its source is the node's own."""
        own = (line for _, lines in self.groups for line in lines if line.fact == self.iri)
        return next(own, None) if self.iri else None

    def _own_source(self) -> str:
        own = self.own_line()
        return own.source() if own else ""

    def _own_sentences(self) -> list[str]:
        lines = (line for _, group in self.groups for line in group)
        return next((line.sentences for line in lines if line.fact == self.iri), [])

    def _laid_out(self):
        """Each group with its lines and their notes; a fact's notes only where it first shows."""
        shown: set = set()
        for title, lines in self.groups:
            notes = []
            for line in lines:
                notes.append([] if line.fact in shown else line.notes())
                shown.add(line.fact)
            yield title, lines, notes


def show(thing: str, *, store: ox.Store | None = None, every: bool = False) -> list[Card]:
    """The card of THING: an IRI, a CURIE, a label, formula or attribution as printed.

    Several matches raise an error that lists them, unless `every` (then a card each).

    >>> card, = show("Na3P")
    >>> card.kind, any(title == "Formed by" for title, _ in card.groups)
    ('phosphide', True)
    """
    store = load_store() if store is None else store
    matches = resolve(thing, store)
    if not matches:
        by = _rows(store, "attributed", node=ox.Literal(thing.strip()))
        if by:
            return [_card(store, None, "attribution as printed", thing.strip(), ("attributed",))]
        raise _no_match(thing, store)
    if len(matches) > 1 and not every:
        listed = "; ".join(f"{m['kind']} '{m['label']}' <{m['hit']}>" for m in matches)
        raise NaseigraphError(
            f"'{thing}' names {len(matches)} things: {listed}. Give the IRI",
            hint=", or every=True for a card of each",
            flag=", or --all",
        )
    return [_card(store, m["hit"], m["kind"], m["label"], _parts(store, m["hit"])) for m in matches]


def resolve(thing: str, store: ox.Store) -> list[dict]:
    """The nodes THING names: by IRI or CURIE, else by label, other label or formula."""
    text = thing.strip()
    if text.startswith(("http://", "https://")) or (":" in text and " " not in text):
        try:
            iri = iri_term(text, f"'{thing}' is not an IRI")
        except NaseigraphError:
            iri = None
        if iri is not None and exists(store, iri):
            return rows(execute(_view("resolve-iri"), store, {ox.Variable("node"): iri}))
    name = ox.Literal(plain_digits(text).lower())
    return rows(execute(_view("resolve"), store, {ox.Variable("text"): name}))


def exists(store: ox.Store, iri: ox.NamedNode) -> bool:
    """Whether the graph says anything about `iri` (it is the subject of a triple)."""
    return any(True for _ in store.quads_for_pattern(iri, None, None))


def _parts(store: ox.Store, iri: str) -> tuple[str, ...]:
    for kind, parts in PARTS.items():
        ask = f"ASK {{ <{iri}> a/rdfs:subClassOf* {kind} }}"
        if execute(ask, store):
            return parts + (("sources",) if kind == SOURCES else ())
    return OTHER


def _card(store, iri: str | None, kind: str, label: str, parts: tuple[str, ...]) -> Card:
    node = ox.NamedNode(iri) if iri else ox.Literal(label)
    groups: dict[str, list[Line]] = {}
    for part in parts:
        if part == "sources":
            continue
        for row in _rows(store, part, node=node):
            line = Line(row["line"], row["fact"], link=row.get("link"))
            groups.setdefault(row["group"], []).append(line)
    lines = [line for group in groups.values() for line in group]
    found = _provenance(store, {line.fact for line in lines if _named(line.fact)})
    for line in lines:
        if _named(line.fact):
            _add_provenance(line, found[line.fact])
    if "sources" in parts:
        groups.update(_sources(store, [line for lines in groups.values() for line in lines]))
    return Card(iri, kind, label, [(title, _unique(lines)) for title, lines in groups.items()])


def _named(fact: str | None) -> bool:
    return fact is not None and not fact.startswith("_:")


def _add_provenance(line: Line, found: dict) -> None:
    line.figures = found["figure"]
    line.sections, line.section_nodes = _split(found["section"])
    line.refs, line.ref_nodes = _split(found["ref"])
    line.sentences, line.sentence_nodes = _split(found["sentence"])
    line.garbled, line.implied = found["garbled"], found.get("implied")
    if "uncited" in found:
        line.refs = ["none cited"]


def _provenance(store, facts: set[str]) -> dict[str, dict]:
    """Each fact's section, figures, references, sentences, implied flag and garbled text, read
    for all of a card's facts in one query (one per fact took 4.3 s of a card at 1M triples)."""
    every = {fact: _empty() for fact in facts}
    if not facts:
        return every
    listed = " ".join(f"<{fact}>" for fact in sorted(facts))  # IRIs read from the store
    text = _view("provenance").replace("# the card's facts", f"VALUES ?fact {{ {listed} }}")
    items = rows(execute(text, store, source="card view 'provenance'"))
    for row in sorted(items, key=lambda row: (row["what"], row["value"] or "")):
        _add_item(every[row["fact"]], row)
    for found in every.values():
        found["ref"] = sorted(set(found["ref"]), key=lambda pair: int(pair[0]))
    return every


def _empty() -> dict:
    return {"section": [], "figure": [], "ref": [], "sentence": [], "garbled": []}


def _add_item(found: dict, row: dict) -> None:
    what, value = row["what"], row["value"]
    if what in ("implied", "uncited"):
        found[what] = value or ""
    elif what == "garbled":
        found["garbled"].append({"printed": value, "read": row["extra"]})
    elif what == "figure":
        found["figure"] += [] if value in found["figure"] else [value]
    elif (value, row["extra"]) not in found[what]:
        found[what].append((value, row["extra"]))


def _split(pairs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """(numbers or labels, their nodes) of a list of pairs."""
    return [shown for shown, _ in pairs], [node for _, node in pairs]


def _sources(store, lines: list[Line]) -> dict[str, list[Line]]:
    """The figure panels, references (with their printed fields) and sentences of a card."""
    figures = sorted({f for line in lines for f in line.figures})
    cited = {n: r for line in lines for n, r in zip(line.refs, line.ref_nodes, strict=False)}
    cited.pop("none cited", None)
    sentences = {
        label: node
        for line in lines
        for label, node in zip(line.sentences, line.sentence_nodes, strict=True)
    }
    references = [
        Line(row["line"], row["fact"])
        for number in sorted(cited, key=int)
        for row in _rows(store, "reference", node=ox.NamedNode(cited[number]))
    ]
    groups = {
        "Figures": [Line(f) for f in figures],
        "References": references,
        SOURCES_TITLE: [Line(s, link=sentences[s]) for s in sorted(sentences)],
    }
    return {title: lines for title, lines in groups.items() if lines}


def _unique(lines: list[Line]) -> list[Line]:
    """A group's lines, each text with each source once (a layer and its treatment may both
    give the same attribution)."""
    seen, kept = set(), []
    for line in lines:
        if (line.text, line.source()) not in seen:
            seen.add((line.text, line.source()))
            kept.append(line)
    return kept


def _rows(store, part: str, **terms) -> list[dict]:
    return _rows_with(store, part, {ox.Variable(k): v for k, v in terms.items()})


def _rows_with(store, part: str, bindings: dict) -> list[dict]:
    from naseigraph.substitution import substitute

    text = substitute(_view(part), bindings, into_subselects=True)  # ?node: the card's node
    found = rows(execute(text, store, source=f"card view '{part}'"))
    return sorted(found, key=lambda row: (row.get("line") or "").lower())


def _view(name: str) -> str:
    return view(f"card/{name}")


def _no_match(thing: str, store: ox.Store) -> NaseigraphError:
    names = [row["name"] for row in rows(execute(_view("names"), store))]
    lowered = {name.lower(): name for name in names}
    close = difflib.get_close_matches(thing.lower(), list(lowered), n=3, cutoff=0.6)
    closest = f" Closest: {', '.join(lowered[c] for c in close)}." if close else ""
    return NaseigraphError(
        f"nothing in the graph is called '{thing}'.{closest}",
        hint=f" Try search({thing!r})", flag=f" Try `naseigraph search {thing}`",
    )  # fmt: skip


def describe(iri: str, store: ox.Store, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> bytes:
    """The node as linked data in `fmt` (views/describe.rq): what it says, what points at it,
    and the label, section, figure and references of every node on either side."""
    triples = execute(view("describe"), store, {ox.Variable("node"): ox.NamedNode(iri)})
    return ox.serialize(triples, format=fmt, prefixes=PREFIXES)


def review(store: ox.Store) -> dict | None:
    """The review's title, authors, date, journal and DOI, as the graph holds them (None for
    files that hold no nsg:Review)."""
    found = rows(execute(view("review"), store, source="the review"))
    return found[0] if found else None
