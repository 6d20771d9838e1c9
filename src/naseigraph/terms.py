"""RDF terms between the two libraries, and as people read them: the one term model.

Oxigraph's terms are the product's own (the store, the queries). rdflib's are made only where a
library needs an rdflib graph (pySHACL, owlready2's input, pyLODE, networkx views), from the
store, by `to_rdflib`; `to_oxigraph` is the way back. `curie` and `plain` say how a term is
shown to a person and handed to Python.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from naseigraph.graph import PREFIXES

XSD = PREFIXES["xsd"]
XSD_STRING = XSD + "string"


def _decimal(text: str):
    from decimal import Decimal  # imported when a decimal is read: 1.7 ms of every command

    return Decimal(text)


NUMERIC = {XSD + "integer": int, XSD + "decimal": _decimal, XSD + "double": float}
# An absolute IRI as SPARQL and Turtle write one between < and >: a scheme, then no space and
# none of the characters IRIREF excludes.
ABSOLUTE_IRI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def is_iri(text: str) -> bool:
    """Whether `text` is an absolute IRI that can go between < and > as it is.

    >>> is_iri("https://w3id.org/naseigraph/resource/NaF"), is_iri("nsgr:x> } ; DROP ALL ; <y")
    (True, False)
    """
    return ABSOLUTE_IRI.fullmatch(text) is not None


def curie(iri: str) -> str:
    """An IRI as a CURIE of naseigraph's prefixes where one fits, else as `<iri>`.

    >>> curie("https://w3id.org/naseigraph/resource/NaF"), curie("urn:x")
    ('nsgr:NaF', '<urn:x>')
    """
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return f"<{iri}>"


def shown(term) -> str:
    """A term of either library as a person reads it: a CURIE, `_:label`, or the literal's text.

    >>> shown(ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")))
    '1.5'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        return curie(str(term))
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def plain(term):
    """An Oxigraph term as a plain Python value: IRIs as strings, typed literals as numbers.

    >>> plain(ox.Literal("2", datatype=ox.NamedNode(XSD + "integer")))
    2
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in NUMERIC:
            try:
                return NUMERIC[datatype](term.value)
            except (ValueError, ArithmeticError):  # decimal.InvalidOperation is one
                return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def to_rdflib(term):
    """An Oxigraph term as the term rdflib's own parser would have made: lexical forms,
    datatypes and language tags as given, xsd:string as a plain literal; a blank node keeps its
    label, so one label stays one node."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def to_oxigraph(term):
    """An rdflib term as the equal Oxigraph term."""
    from rdflib import BNode, Literal

    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if not isinstance(term, Literal):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype) if term.datatype else None)
