"""Render query results for people (table, Markdown) and programs (W3C CSV, TSV, JSON)."""

from __future__ import annotations

import json
import shutil
import textwrap

import pyoxigraph as ox

from naseigraph.graph import PREFIXES
from naseigraph.guard import Triples

W3C = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


def render(result, fmt: str) -> str:
    """The result in `fmt`: table, md, csv, tsv or json; CONSTRUCT and DESCRIBE give Turtle."""
    if isinstance(result, ox.QueryTriples | Triples):
        return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()
    if isinstance(result, ox.QueryBoolean):
        answer = bool(result)
        return json.dumps({"head": {}, "boolean": answer}) if fmt == "json" else str(answer).lower()
    if fmt in W3C:
        return result.serialize(format=W3C[fmt]).decode("utf-8").rstrip("\r\n")
    names = [v.value for v in result.variables]
    cells = [[short(s[n]) for n in names] for s in result]
    return markdown(names, cells) if fmt == "md" else table(names, cells)


def short(term) -> str:
    """A term as a person reads it: CURIEs for IRIs, the lexical form for literals."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            local = term.value[len(namespace) :]
            if term.value.startswith(namespace) and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def table(names: list[str], cells: list[list[str]]) -> str:
    """An aligned plain-text table, long cells wrapped to fit the terminal."""
    natural = [max([len(n)] + [len(row[i]) for row in cells]) for i, n in enumerate(names)]
    words = [
        max([len(n)] + [len(w) for row in cells for w in row[i].split()])
        for i, n in enumerate(names)
    ]
    room = max(shutil.get_terminal_size((160, 24)).columns, 80) - 2 * len(names)
    widths = _fit(natural, [min(w, 24) for w in words], room)
    wrapped = [
        [textwrap.wrap(c, w) or [""] for c, w in zip(row, widths, strict=True)] for row in cells
    ]
    widths = [
        max([len(n)] + [len(line) for row in wrapped for line in row[i]])
        for i, n in enumerate(names)
    ]
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for row in wrapped:
        for k in range(max(len(c) for c in row)):
            parts = [
                (c[k] if k < len(c) else "").ljust(w) for c, w in zip(row, widths, strict=True)
            ]
            out.append("  ".join(parts).rstrip())
    out.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(out)


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Narrow the widest columns, never below their longest word (up to 24), to fit `room`."""
    widths = list(widths)
    while sum(widths) > room:
        slack = [w - f for w, f in zip(widths, floors, strict=True)]
        if max(slack) <= 0:
            break
        widest = max(range(len(widths)), key=lambda i: (slack[i] > 0, widths[i]))
        widths[widest] -= 1
    return widths


def markdown(names: list[str], cells: list[list[str]]) -> str:
    def line(values):
        return "| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in values) + " |"

    return "\n".join([line(names), "|" + "---|" * len(names), *map(line, cells)])
