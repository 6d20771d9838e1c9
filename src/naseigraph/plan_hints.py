"""The canned queries' plan hints for Oxigraph, and their text without them for other engines.

Oxigraph joins an `OPTIONAL` by evaluating its pattern over the whole graph and hash-joining
the result, even when the rows on its left are few: at 1M triples a lookup of a value's unit
cost a listing of 13 rows 180 ms. Written as `LATERAL { OPTIONAL { P } }` (SPARQL 1.2's
SEP-0006, which Oxigraph parses), the pattern is evaluated once per row on its left, with that
row's terms in place: the same rows. Other engines (rdflib, Virtuoso 7) do not parse LATERAL,
so they are given the query with each such hint taken back to the `OPTIONAL { P }` it wraps.
"""

from __future__ import annotations

import re

from naseigraph.graph import NaseigraphError
from naseigraph.lexer import blanked

HINT = re.compile(r"\bLATERAL\s*\{\s*", re.IGNORECASE)
OPTIONAL = re.compile(r"OPTIONAL\s*\{", re.IGNORECASE)
CLOSE = re.compile(r"\s*\}")  # the hint's own closing brace, right after its OPTIONAL


def portable(text: str) -> str:
    """The query with every `LATERAL { OPTIONAL { P } }` as `OPTIONAL { P }`; a LATERAL that
    wraps anything else is refused, since taking it away could change the query's meaning.

    >>> portable('SELECT * { ?s ?p ?o LATERAL { OPTIONAL { ?o ?q "}" } } }')
    'SELECT * { ?s ?p ?o OPTIONAL { ?o ?q "}" } }'
    """
    code = blanked(text)
    cuts = []
    for hint in HINT.finditer(code):
        inner = OPTIONAL.match(code, hint.end())
        close = inner and CLOSE.match(code, _closing(code, inner.end() - 1) + 1)
        if not close:
            line = text.count("\n", 0, hint.start()) + 1
            raise NaseigraphError(f"line {line}: a LATERAL hint must hold one OPTIONAL and no more")
        cuts += [(hint.start(), hint.end()), close.span()]
    for start, stop in sorted(cuts, reverse=True):
        text = text[:start] + text[stop:]
    return text


def _closing(code: str, opening: int) -> int:
    """Where the brace opened at `opening` closes (the end of the text if it never does)."""
    depth = 0
    for at in range(opening, len(code)):
        depth += {"{": 1, "}": -1}.get(code[at], 0)
        if depth == 0:
            return at
    return len(code)
