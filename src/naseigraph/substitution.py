"""Parameters bound into a query's text, as SEP-0007 (Oxigraph's `substitutions`) binds them.

Oxigraph's own substitutions keep the parameter a variable joined in from outside, which can
hide it from the optimiser: with them, `symmetric-cell-lifetimes` took 59 s on 100k triples
and 69 ms with the term written into the text. The same text goes to a remote SPARQL server,
which has no way to bind parameters at all.
"""

from __future__ import annotations

from naseigraph.graph import NaseigraphError
from naseigraph.lexer import SKIPPED, tokens


def substitute(text: str, bindings: dict, *, into_subselects: bool = False) -> str:
    """The query with its parameters bound as SEP-0007 (Oxigraph's substitutions) binds them.

    Inside the WHERE clause each parameter variable is replaced by its RDF term, except inside
    sub-SELECTs (which do not see the outer variables); a `VALUES` block at the top of the
    WHERE clause keeps the variable bound, so it is still projected, grouped and ordered.

    `into_subselects` replaces it inside sub-SELECTs too: for a query written so that the
    variable names the same node at every depth (the card views anchor each sub-select on it,
    which lets Oxigraph start there rather than aggregate the whole graph).
    """
    terms = {var.value: str(term) for var, term in bindings.items()}
    values = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in terms.items())
    out, last, depth, where, inner = [], 0, 0, False, None
    for token in tokens(text):
        kind, value = token.lastgroup, token.group()
        if kind in SKIPPED:
            continue
        if kind == "word" and depth == 0:
            where = where or True  # the next group opened at the top is the WHERE clause
        elif kind == "word" and value.upper() == "SELECT" and inner is None and not into_subselects:
            inner = depth  # a sub-SELECT: left alone until its group closes
        elif kind == "open":
            depth += 1
            if where is True and depth == 1:
                out.append(text[last : token.end()] + " " + values)
                last, where = token.end(), "done"
        elif kind == "close":
            depth -= 1
            inner = None if inner is not None and depth < inner else inner
        elif kind == "var" and depth > 0 and inner is None and value[1:] in terms:
            out.append(text[last : token.start()] + terms[value[1:]])
            last = token.end()
    if where != "done":
        raise NaseigraphError("cannot bind parameters: the query has no WHERE clause")
    return "".join(out) + text[last:]


def prebound(text: str, name: str, terms: list[str]) -> str:
    """The query with `VALUES ?name { terms }` at the top of its WHERE clause: SHACL-SPARQL's
    pre-binding of $this, for many focus nodes in one evaluation instead of one each."""
    for token in tokens(text):
        if token.lastgroup == "open":  # the first group opened is the WHERE clause
            at = token.end()
            return f"{text[:at]} VALUES ?{name} {{ {' '.join(terms)} }} {text[at:]}"
    raise NaseigraphError("cannot bind $this: the query has no WHERE clause")
