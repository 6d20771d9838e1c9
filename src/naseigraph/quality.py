"""Ontology quality checks, as ROBOT's report and the OOPS! pitfall catalogue make them.

Each check is a SPARQL file in ontology/qc/ whose rows are problems (?term ?problem), with a
`#+` header that names it. The ontology goes into one named graph and the data into another,
so a check can tell what the data uses from what the ontology declares; a file of the user's
goes into both (it may declare terms as well as use them). A term of a W3C vocabulary that the
vocabulary really defines (rdflib ships their closed term lists) is never a problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from naseigraph.graph import (
    PREFIXES,
    NaseigraphError,
    checked,
    ontology_file,
    resource_dir,
)
from naseigraph.headers import read_header
from naseigraph.store import ONTOLOGY_GRAPH, bulk_load, shipped_files

ONTOLOGY, DATA = ONTOLOGY_GRAPH, ox.NamedNode("urn:naseigraph:data")
YOURS = ox.NamedNode("urn:naseigraph:yours")


@dataclass(frozen=True)
class Problem:
    check: str
    term: str
    problem: str

    def __str__(self) -> str:
        return f"{self.check}: {self.term} {self.problem}"


@dataclass
class Checks:
    """What the checks found; `passed` when nothing."""

    problems: list[Problem]
    checks: int

    @property
    def passed(self) -> bool:
        return not self.problems

    def to_text(self) -> str:
        count = len(self.problems)
        verdict = f"{count} problem{'' if count == 1 else 's'}" if count else "No problems"
        return "\n".join([*map(str, self.problems), f"{verdict} in {self.checks} checks"])

    def to_json(self) -> str:
        found = {"checks": self.checks, "problems": [asdict(p) for p in self.problems]}
        return json.dumps(found, indent=2, ensure_ascii=False)


def check_files() -> list[Path]:
    return sorted((resource_dir("ontology") / "qc").glob("*.rq"))


def qc(paths: Iterable[Path | str] | None = None, *, store: ox.Store | None = None) -> Checks:
    """Run every check of ontology/qc/ over the ontology and the shipped data, with your Turtle
    files, or over a `store` whose graphs <urn:naseigraph:ontology> and <urn:naseigraph:data>
    hold them (`checks_store` makes one).

    >>> qc().passed
    True
    """
    if store is None:
        store = checks_store(paths)
    elif paths is not None or not {ONTOLOGY, DATA} <= set(store.named_graphs()):
        raise NaseigraphError(
            "qc reads a store with the graphs <urn:naseigraph:ontology> and <urn:naseigraph:data>"
            " (checks_store makes one), without paths"
        )
    found = []
    for path in check_files():
        _, text = read_header(path)
        rows = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        for row in rows:
            term, problem = row["term"].value, row["problem"].value
            if not known_w3c_term(term):
                found.append(Problem(path.stem, term, problem))
    return Checks(found, len(check_files()))


def checks_store(paths: Iterable[Path | str] | None = None) -> ox.Store:
    """The ontology, the shipped data and `paths` in the two graphs the checks read."""
    store = ox.Store()
    bulk_load(store, [ontology_file()], graph=ONTOLOGY)
    bulk_load(store, shipped_files(), graph=DATA)
    if paths:
        bulk_load(store, checked(paths), graph=YOURS)
        yours = f"<{YOURS.value}>"
        store.update(
            f"ADD {yours} TO <{ONTOLOGY.value}> ; ADD {yours} TO <{DATA.value}> ;"
            f" DROP GRAPH {yours}"
        )
    return store


def known_w3c_term(iri: str) -> bool:
    """Whether `iri` is a term that its W3C vocabulary defines (a misspelt one is not)."""
    from rdflib import namespace

    closed = (namespace.RDF, namespace.RDFS, namespace.OWL, namespace.SKOS, namespace.DCTERMS)
    for vocabulary in (*closed, namespace.PROV, namespace.VANN, namespace.XSD):
        if iri.startswith(str(vocabulary)):
            try:
                vocabulary[iri[len(str(vocabulary)) :]]
            except (AttributeError, KeyError):
                return False
            return True
    return False
