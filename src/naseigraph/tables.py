"""Render query results for people (table, Markdown) and programs (W3C CSV, TSV, JSON)."""

from __future__ import annotations

import json
import re
import textwrap

import pyoxigraph as ox

from naseigraph.graph import PREFIXES
from naseigraph.guard import Triples
from naseigraph.terminal import terminal_width
from naseigraph.terms import shown

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
    cells = [[shown(term) for term in s] for s in result]  # each row's values, in column order
    return markdown(names, cells) if fmt == "md" else table(names, cells)


def table(names: list[str], cells: list[list[str]], width: int | None = None) -> str:
    """An aligned plain-text table, long cells wrapped to fit `width`: the terminal's, or 80
    when the output is not a terminal (a file, a pipe), as $COLUMNS may override."""
    width = width or terminal_width()
    room = width - 2 * (len(names) - 1)
    parts = [re.findall(r"[^_]+_?|_", n) or [n] for n in names]  # a name wraps after a _
    name_floor = [max(len(p) for p in ps) for ps in parts]
    natural = [max([len(n)] + [len(row[i]) for row in cells]) for i, n in enumerate(names)]
    words = [
        max([f] + [len(w) for row in cells for w in row[i].split()])
        for i, f in enumerate(name_floor)
    ]
    # Narrow the widest columns: first keeping words up to 24 whole, then up to 12, then
    # breaking long words, never below the longest part of the column's name
    widths = natural
    for keep in (24, 12, 0):
        floors = [max(f, min(w, keep), 3) for f, w in zip(name_floor, words, strict=True)]
        widths = _fit(widths, floors, room)
    heads = [_pack(ps, w) for ps, w in zip(parts, widths, strict=True)]
    wrapped = [
        [textwrap.wrap(c, w) or [""] for c, w in zip(row, widths, strict=True)] for row in cells
    ]
    widths = [
        max([len(line) for line in heads[i]] + [len(line) for row in wrapped for line in row[i]])
        for i in range(len(names))
    ]
    out = _lines(heads, widths)
    out.append("  ".join("-" * w for w in widths))
    for row in wrapped:
        out += _lines(row, widths)
    out.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(out)


def _pack(parts: list[str], width: int) -> list[str]:
    """A column name's parts on as few lines of `width` as they go."""
    lines = [""]
    for part in parts:
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return lines


def _lines(cells: list[list[str]], widths: list[int]) -> list[str]:
    """The text lines of one row of wrapped cells."""
    return [
        "  ".join(
            (c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths, strict=True)
        ).rstrip()
        for k in range(max(len(c) for c in cells))
    ]


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Narrow the widest columns, never below their floors, to fit `room`."""
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
