"""Both validation engines find the same: every line of the report (severity, focus, path,
message, shape) in the same order, and the same count of triples, on the shipped graph and on
every invalid, warning and valid fixture. The fixtures' expected findings are held by
test_shapes.py (on the default engine); this holds the reference engine, pySHACL, to them."""

from __future__ import annotations

import pytest
from conftest import CONTEXT, FIXTURES

from naseigraph.graph import NaseigraphError
from naseigraph.validation import ENGINES, validate

CASES = sorted(FIXTURES.glob("invalid/*.ttl")) + sorted(FIXTURES.glob("warning/*.ttl"))
CASES += sorted(FIXTURES.glob("valid/*.ttl"))


def lines(report) -> tuple:
    return report.conforms, report.triples, [str(f) for f in report.findings]


def test_the_engines_are_rudof_and_pyshacl():
    assert ENGINES == ("rudof", "pyshacl")


def test_both_engines_pass_the_shipped_graph():
    for engine in ENGINES:
        report = validate(engine=engine)
        assert report.conforms and report.findings == [], (engine, report.to_text())


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_both_engines_report_the_same_lines(path):
    rudof, pyshacl = (validate([*CONTEXT, path], with_shipped=False, engine=e) for e in ENGINES)
    assert lines(rudof) == lines(pyshacl)
    if path.parent.name != "valid":  # the comparison is not empty: the fixture breaks a rule
        assert rudof.findings


def test_a_fixture_on_top_of_the_shipped_graph_reports_the_same():
    path = FIXTURES / "invalid" / "ClaimShape-sentencePart.ttl"
    rudof, pyshacl = (validate([path], engine=e) for e in ENGINES)
    assert lines(rudof) == lines(pyshacl)
    assert [f.shape for f in rudof.findings] == ["nsgsh:ClaimShape-sentencePart"]


def test_an_unknown_engine_is_refused():
    with pytest.raises(NaseigraphError, match="engine must be one of rudof, pyshacl, not 'jena'"):
        validate(engine="jena")


def test_solutions_that_bind_the_same_values_give_one_finding(tmp_path):
    # Two effects make the polarity constraint's query match twice with the same $this and
    # ?relation: one finding on both engines (the link also breaks "exactly one effect").
    second = tmp_path / "second-effect.ttl"
    second.write_text(
        "@prefix nsg: <https://w3id.org/naseigraph/ontology#> .\n"
        "@prefix nsgr: <https://w3id.org/naseigraph/resource/> .\n"
        "nsgr:fixture-link nsg:effect nsg:SEICracking .\n"
    )
    files = [*CONTEXT, FIXTURES / "invalid" / "CausalLinkShape-polarity.ttl", second]
    rudof, pyshacl = (validate(files, with_shipped=False, engine=e) for e in ENGINES)
    assert lines(rudof) == lines(pyshacl)
    shapes = [f.shape for f in rudof.findings]
    assert shapes.count("nsgsh:CausalLinkShape-polarity") == 1
    assert "nsgsh:CausalLinkShape-effect" in shapes
