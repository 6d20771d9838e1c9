"""The shapes run on a second SHACL engine, pyrudof (Rust), and it finds what pySHACL finds:
on the shipped graph (nothing) and on every invalid and warning fixture. A rule that either
engine skips shows up as a difference, named with its focus node and shape."""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import pytest
from conftest import CONTEXT, FIXTURES, missing

from naseigraph.graph import PREFIXES, data_files, ontology_file, shapes_file
from naseigraph.validation import validate

# Rules pyrudof (0.3) skips: they use SHACL-AF's SPARQL-based targets (an sh:SPARQLTarget, and
# the custom target type nsgsh:ValuesOfKind), which SHACL Core engines need not run. pySHACL runs
# them; the test checks that this list stays exactly what pyrudof skips, and reports it.
SKIPPED_BY_PYRUDOF = {
    "nsgsh:ReportedValueShape-unitKind",
    "nsgsh:PlausibleArealCapacityShape",
    "nsgsh:PlausibleConductivityShape",
    "nsgsh:PlausibleCurrentDensityShape",
    "nsgsh:PlausibleEfficiencyShape",
    "nsgsh:PlausibleLifetimeShape",
    "nsgsh:PlausibleModulusShape",
    "nsgsh:PlausibleThicknessShape",
}
CASES = sorted((FIXTURES / "invalid").glob("*.ttl")) + sorted((FIXTURES / "warning").glob("*.ttl"))


@pytest.fixture(scope="module")
def pyrudof():
    try:
        import pyrudof
    except ImportError:
        missing("pyrudof is not installed (the test extra has it)")
    return pyrudof


def curie(iri: str) -> str:
    if iri.startswith("_:") or iri in ("[]", "") or "://" not in iri:  # blank nodes: by kind
        return "_:"
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def rudof_findings(pyrudof, files: list[Path]) -> set[tuple[str, str]]:
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    for n, path in enumerate(files):
        rudof.read_data(str(path), merge=n > 0, reader_mode=pyrudof.ReaderMode.Strict)
    rudof.read_shacl(str(shapes_file()), reader_mode=pyrudof.ReaderMode.Strict)
    return {(str(e.severity), curie(str(e.focus_node))) for e in rudof.validate_shacl()}


def pyshacl_findings(files: list[Path], alone: bool) -> tuple[set, set]:
    """(findings of the rules both engines run, the rules only pySHACL runs that fired)."""
    return _pyshacl_findings(tuple(files), alone)


@functools.cache  # each fixture is validated once for both tests
def _pyshacl_findings(files: tuple[Path, ...], alone: bool) -> tuple[set, set]:
    report = validate(list(files), with_shipped=not alone)
    shared = {
        (f.severity, curie_of(f.focus))
        for f in report.findings
        if _named(f.shape, report) not in SKIPPED_BY_PYRUDOF
    }
    only = {_named(f.shape, report) for f in report.findings} & SKIPPED_BY_PYRUDOF
    return shared, only


def curie_of(focus: str) -> str:
    return "_:" if focus.startswith(("_:", "[")) else focus


def _named(shape: str, report) -> str:
    """The node shape a finding belongs to (a property shape nsgsh:X-y belongs to nsgsh:X)."""
    if shape in SKIPPED_BY_PYRUDOF:
        return shape
    return next((s for s in SKIPPED_BY_PYRUDOF if shape.startswith(s)), shape)


def test_the_shipped_graph_conforms_on_both(pyrudof):
    assert rudof_findings(pyrudof, [ontology_file(), *data_files()]) == set()
    assert pyshacl_findings(data_files(), alone=True) == (set(), set())


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_both_engines_find_the_same_in_each_fixture(pyrudof, path):
    files = [*CONTEXT, path]
    rudof = rudof_findings(pyrudof, [ontology_file(), *files])
    shacl, skipped = pyshacl_findings(files, alone=True)
    only_pyshacl, only_rudof = sorted(shacl - rudof), sorted(rudof - shacl)
    assert (only_pyshacl, only_rudof) == ([], []), (
        f"rules skipped: by pyrudof {only_pyshacl}, by pySHACL {only_rudof}"
    )
    if skipped:  # said in the test report: what only pySHACL checked in this fixture
        warnings.warn(f"{path.name}: pyrudof skips {', '.join(sorted(skipped))}", stacklevel=1)
    assert rudof or skipped, f"neither engine finds anything in {path.name}"


def test_the_skipped_list_is_exactly_what_pyrudof_skips(pyrudof):
    """Each listed rule fires in pySHACL on some fixture while pyrudof finds nothing there."""
    fired = set()
    for path in CASES:
        _, skipped = pyshacl_findings([*CONTEXT, path], alone=True)
        fired |= skipped
    assert fired == SKIPPED_BY_PYRUDOF
