"""Check a graph against naseigraph's SHACL shapes and report each finding in one line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Namespace, URIRef

from naseigraph.graph import NaseigraphError, checked, shapes_file
from naseigraph.store import one_source, parse_sources, parse_turtle, rdflib_graph, shipped_files
from naseigraph.terms import curie

if TYPE_CHECKING:
    import pyoxigraph as ox

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Finding:
    """One validation result, with its terms shortened to CURIEs."""

    severity: str
    focus: str
    path: str
    message: str
    shape: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path} {self.message} ({self.shape})"


@dataclass
class Report:
    """What validation found: `conforms` is False when there is any Violation."""

    conforms: bool
    findings: list[Finding]
    triples: int
    graph: Graph  # the W3C validation report

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def summary(self) -> str:
        verdict = "Conforms" if self.conforms else "Does not conform"
        return (
            f"{verdict}: {self.count('Violation')} violations, {self.count('Warning')} warnings,"
            f" {self.count('Info')} infos in {self.triples} triples"
        )

    def to_text(self) -> str:
        return "\n".join([*map(str, self.findings), self.summary()])

    def to_json(self) -> str:
        document = {
            "conforms": self.conforms,
            "triples": self.triples,
            "findings": [asdict(f) for f in self.findings],
        }
        return json.dumps(document, indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        return self.graph.serialize(format="turtle")


def validate(
    paths: Iterable[Path | str] | None = None,
    *,
    with_shipped: bool = True,
    store: ox.Store | None = None,
    sources: Iterable[str] | None = None,
) -> Report:
    """Validate the shipped data, or Turtle files (on top of the shipped data unless told not),
    or a loaded `store` (which holds the ontology, as `load_store` makes it); `sources` keeps
    the shipped data to those sources (as `load_store`).

    >>> validate().conforms
    True
    """
    import pyshacl  # heavy; imported only when validating

    one_source(paths, store)
    if sources is not None and (paths or store is not None):
        raise NaseigraphError("give sources alone: they pick from the shipped data")
    if store is None:
        shipped = shipped_files(sources) if paths is None or with_shipped else []
        # The ontology is read too, so targets reach subclasses and units meet their kinds.
        data = parse_sources([*shipped, *checked(paths or [])]).graph()
    else:
        data = rdflib_graph(store)
    shapes = parse_turtle([shapes_file()])
    # inplace: `data` is this call's own graph, so pySHACL need not copy it first. advanced:
    # the shapes use SHACL-AF SPARQL targets.
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, inplace=True
    )
    findings = sorted(_findings(results, shapes), key=_order)
    # Only a Violation fails the graph; warnings are for a curator to look at. (The W3C report's
    # sh:conforms is false for any result, as SHACL defines it; pySHACL's allow_warnings also
    # lets pass a Violation nested in a Warning-level shape, so it is not used.)
    conforms = not any(f.severity == "Violation" for f in findings)
    return Report(conforms, findings, len(data), results)


def _findings(results: Graph, shapes: Graph) -> Iterable[Finding]:
    for result in results.objects(None, SH.result):  # top-level results, not their sh:detail
        shape = results.value(result, SH.sourceShape)
        if isinstance(shape, BNode):  # name the rule by the shape that owns this property shape
            shape = shapes.value(None, SH.property, shape) or shape
        yield Finding(
            severity=_local(results.value(result, SH.resultSeverity)),
            focus=_curie(results.value(result, SH.focusNode)),
            path=_curie(results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or ""),
            shape=_curie(shape),
        )


def _order(finding: Finding) -> tuple:
    rank = {"Violation": 0, "Warning": 1, "Info": 2}.get(finding.severity, 3)
    return (rank, finding.shape, finding.focus, finding.path, finding.message)


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1]


def _curie(term) -> str:
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        return curie(str(term))
    return "[]" if isinstance(term, BNode) else str(term)
