"""Check a graph against naseigraph's SHACL shapes and report each finding in one line.

Two engines run the same shapes to the same findings: "rudof" (the default: pyrudof for SHACL
Core, Oxigraph for SHACL-SPARQL, naseigraph.rudof_validation) and "pyshacl", the reference
that runs every part of SHACL in one Python engine, a few times slower (bench/validation.md).
"""

from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from naseigraph.graph import PREFIXES, NaseigraphError, checked, shapes_file
from naseigraph.guard import DEFAULT_TIMEOUT
from naseigraph.store import (
    Parsed,
    one_source,
    parse_turtle,
    rdflib_graph,
    shipped_files,
    store_sources,
)
from naseigraph.terms import curie, to_oxigraph

TYPE_CHECKING = False  # typing, dataclasses and inspect are not imported to validate
if TYPE_CHECKING:
    from rdflib import Graph

    from naseigraph.rudof_validation import Result

ENGINES = ("rudof", "pyshacl")
SH = PREFIXES["sh"]


class Finding(namedtuple("Finding", "severity focus path message shape")):
    """One validation result, with its terms shortened to CURIEs."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path} {self.message} ({self.shape})"


class Report:
    """What validation found: `conforms` is False when there is any Violation."""

    def __init__(
        self, conforms: bool, findings: list[Finding], triples: int, w3c: Callable[[], Graph]
    ):
        self.conforms, self.findings, self.triples = conforms, findings, triples
        self.w3c = w3c  # makes the W3C report

    def __repr__(self) -> str:
        return f"Report({self.summary()!r})"

    def __eq__(self, other) -> bool:  # as the dataclass it was: by what was found
        if not isinstance(other, Report):
            return NotImplemented
        return (self.conforms, self.findings, self.triples) == (
            other.conforms,
            other.findings,
            other.triples,
        )

    __hash__ = None  # mutable, and equal by value

    @cached_property
    def graph(self) -> Graph:
        """The W3C validation report, as an rdflib graph."""
        return self.w3c()

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
            "findings": [f._asdict() for f in self.findings],
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
    engine: str = "rudof",
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Report:
    """Validate the shipped data, or Turtle files (on top of the shipped data unless told not),
    or a loaded `store` (which holds the ontology, as `load_store` makes it); `sources` keeps
    the shipped data to those sources (as `load_store`). `engine` is one of ENGINES; with
    "rudof", each SPARQL query is given up after `timeout` seconds.

    >>> validate().conforms
    True
    """
    one_source(paths, store)
    if sources is not None and (paths or store is not None):
        raise NaseigraphError("give sources alone: they pick from the shipped data")
    if engine not in ENGINES:
        raise NaseigraphError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if store is None:
        # The ontology is read too, so targets reach subclasses and units meet their kinds.
        shipped = shipped_files(sources) if paths is None or with_shipped else []
        triples = list(Parsed(store_sources([*shipped, *checked(paths or [])])).all())
    else:
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    if engine == "pyshacl":
        return _pyshacl(triples)
    return _rudof(triples, timeout)


def _rudof(triples: list[ox.Triple], timeout: float | None) -> Report:
    from naseigraph import rudof_validation

    run = rudof_validation.run(triples, shapes_file(), timeout=timeout)
    findings = sorted(map(_finding, run.results), key=_order)
    return _report(findings, len(set(triples)), lambda: rudof_validation.report_graph(run))


def _finding(result: Result) -> Finding:
    return Finding(
        severity=result.severity,
        focus=_shown(result.focus),
        path=_shown(result.path),
        message=result.message,
        shape=_shown(result.named),
    )


def _shown(term) -> str:
    """A term of a finding: "-" for none, "[]" for a blank node, a CURIE, or a literal's text."""
    if term is None:
        return "-"
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    return "[]" if isinstance(term, ox.BlankNode) else term.value


def _report(findings: list[Finding], triples: int, w3c: Callable[[], Graph]) -> Report:
    # Only a Violation fails the graph; warnings are for a curator to look at. (The W3C report's
    # sh:conforms is false for any result, as SHACL defines it; pySHACL's allow_warnings also
    # lets pass a Violation nested in a Warning-level shape, so it is not used.)
    conforms = not any(f.severity == "Violation" for f in findings)
    return Report(conforms, findings, triples, w3c)


def _pyshacl(triples: list[ox.Triple]) -> Report:
    import pyshacl  # heavy; imported only when validating

    data = rdflib_graph(triples)
    shapes = parse_turtle([shapes_file()])
    # inplace: `data` is this call's own graph, so pySHACL need not copy it first. advanced:
    # the shapes use SHACL-AF SPARQL targets.
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, inplace=True
    )
    findings = sorted(_findings(results, shapes), key=_order)
    return _report(findings, len(data), lambda: results)


def _findings(results: Graph, shapes: Graph) -> Iterable[Finding]:
    from rdflib import BNode, URIRef

    sh = {name: URIRef(SH + name) for name in ("result", "sourceShape", "property")}
    for result in results.objects(None, sh["result"]):  # top-level results, not their sh:detail
        shape = results.value(result, sh["sourceShape"])
        if isinstance(shape, BNode):  # name the rule by the shape that owns this property shape
            shape = shapes.value(None, sh["property"], shape) or shape
        yield Finding(
            severity=_local(results.value(result, URIRef(SH + "resultSeverity"))),
            focus=_shown(_oxigraph(results.value(result, URIRef(SH + "focusNode")))),
            path=_shown(_oxigraph(results.value(result, URIRef(SH + "resultPath")))),
            message=str(results.value(result, URIRef(SH + "resultMessage")) or ""),
            shape=_shown(_oxigraph(shape)),
        )


def _oxigraph(term):
    """pySHACL's rdflib term as Oxigraph's, so that both engines' terms are shown alike."""
    return None if term is None else to_oxigraph(term)


def _order(finding: Finding) -> tuple:
    rank = {"Violation": 0, "Warning": 1, "Info": 2}.get(finding.severity, 3)
    return (rank, finding.shape, finding.focus, finding.path, finding.message)


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1]
