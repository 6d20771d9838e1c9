"""`naseigraph search TEXT`: find the nodes a text names, ranked, before you `show` one.

The matching is the SPARQL of views/search.rq; element symbols come from data/elements.ttl,
which molmass reads from the printed formulas (naseigraph.elements), so `search Sn` finds tin
compounds and the systems that use, form or contain them, while S does not match Sn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from naseigraph.graph import PREFIXES, NaseigraphError
from naseigraph.queries import execute, plain_digits, rows, view
from naseigraph.store import load_store

RANKS = {"0": "exact", "1": "word", "2": "part"}
# --kind: the class whose members (through subclasses) a search keeps.
KINDS = {
    "substance": "ChemicalSubstance",
    "layer": "SEILayer",
    "treatment": "Treatment",
    "reaction": "Reaction",
    "value": "ReportedValue",
    "cell-test": "CellTest",
    "criterion": "DesignCriterion",
    "claim": "Claim",
    "cause": "CausalLink",
    "phenomenon": "Phenomenon",
    "context": "ContextSystem",
    "reference": "CitedReference",
    "section": "ReviewSection",
    "figure": "ReviewFigure",
}
# An element symbol as typed: one capital and at most one small letter (never "s" for S).
SYMBOL = re.compile(r"[A-Z][a-z]?")


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    label: str
    match: str  # exact, word or part
    context: str  # the field and value that matched, or how the element is involved


class Hits(list):
    """The hits a search shows, best first; `total` counts every hit, shown or cut by a limit."""

    def __init__(self, hits: list[Hit], total: int):
        super().__init__(hits)
        self.total = total


def search(
    text: str, *, kind: str | None = None, limit: int | None = 20, store: ox.Store | None = None
) -> Hits:
    """The nodes whose names, formulas or text hold TEXT, best first (`limit` of them).

    >>> [hit.label for hit in search("NaF", limit=1)]
    ['NaF']
    """
    if limit is not None and limit < 1:
        raise NaseigraphError(f"the limit must be 1 or more, not {limit}", flag=" (--limit)")
    bindings = bindings_for(text, kind)
    store = load_store() if store is None else store
    found = rows(execute(view("search"), store, bindings, source="search"))
    hits = [_hit(row) for row in found]
    return Hits(hits if limit is None else hits[:limit], total=len(hits))


def bindings_for(text: str, kind: str | None = None) -> dict:
    """The terms views/search.rq is run with: the text, its word pattern, the element symbol
    it is ("" where it is none) and the class it keeps (owl:Thing: every class)."""
    from molmass import ELEMENTS

    wanted = " ".join(plain_digits(text).split())
    if not wanted:
        raise NaseigraphError("search needs some text, such as NaF or dendrite")
    if kind is not None and kind not in KINDS:
        raise NaseigraphError(f"unknown kind '{kind}' (choose from {', '.join(KINDS)})")
    symbol = wanted if SYMBOL.fullmatch(wanted) and wanted in {e.symbol for e in ELEMENTS} else ""
    typed = wanted if symbol else wanted.lower()
    within = PREFIXES["owl"] + "Thing" if kind is None else PREFIXES["nsg"] + KINDS[kind]
    return {
        ox.Variable("text"): ox.Literal(typed),
        ox.Variable("word"): ox.Literal(r"(^|\W)" + _regex(typed) + r"(\W|$)"),
        ox.Variable("symbol"): ox.Literal(symbol),
        ox.Variable("within"): ox.NamedNode(within),
    }


def _regex(text: str) -> str:
    """TEXT as an XPath regular expression that matches it literally."""
    return re.sub(r"([\\.^$|?*+()\[\]{}-])", r"\\\1", text)


def _hit(row: dict) -> Hit:
    rank, _, context = row["ranked"].partition("|")
    return Hit(row["hit"], row["kind"] or "", row["label"] or row["hit"], RANKS[rank], context)


def render(hits: list[Hit], fmt: str) -> str:
    """Hits as an aligned table (text), a JSON array or CSV, with kind, label, IRI and context;
    the table says when a limit cut the hits."""
    names = ["kind", "label", "iri", "match", "context"]
    if fmt == "json":
        import json

        return json.dumps(
            [{n: getattr(h, n) for n in names} for h in hits], indent=2, ensure_ascii=False
        )
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([getattr(h, n) for n in names] for h in hits)
        return out.getvalue().rstrip("\n")
    from naseigraph.tables import table
    from naseigraph.terms import curie

    cells = [[h.kind, h.label, curie(h.iri), h.context] for h in hits]
    shown = table(["kind", "label", "iri", "why"], cells)
    total = getattr(hits, "total", len(hits))
    if total > len(hits):
        shown += f"\n{len(hits)} of {total} hits shown: --limit {total} shows them all"
    return shown
