"""The Python API matches the command line: every command's function is in `naseigraph`, and
each takes a loaded store as well as Turtle files."""

import pytest

import naseigraph
from naseigraph.graph import NaseigraphError


def test_dir_lists_the_api_and_every_name_resolves():
    assert dir(naseigraph) == sorted(naseigraph.__all__)
    for name in naseigraph.__all__:
        assert getattr(naseigraph, name) is not None
    assert {"validate", "qc", "reason", "to_networkx", "export", "run_query"} <= set(
        dir(naseigraph)
    )


def test_validate_export_and_views_take_a_loaded_store(store):
    report = naseigraph.validate(store=store)
    assert report.conforms and report.triples == len(store)
    view = naseigraph.to_networkx("precursor-phase", store=store)
    assert view.nodes["nsgr:NaF"]["role"] == "formed phase"  # SbF3 and PTFE form it (3.1, 3.3)
    assert naseigraph.export("json", view="precursor-phase", store=store).startswith("{")
    turtle = naseigraph.export("turtle", store=store)
    assert "nsgr:layer-sbf3" in turtle


def test_reason_takes_a_store_and_queries_take_a_reasoner(store):
    assert naseigraph.reason(reasoner="rl", store=store).consistent
    rows = naseigraph.run_query("count-by-class", store=store, reasoner="rl")
    assert any(row["label"] == "precursor" for row in rows)
    with pytest.raises(NaseigraphError, match="unknown reasoner 'fact'"):
        naseigraph.reason(reasoner="fact", store=store)


def test_qc_takes_files_and_names_a_planted_fault():
    from conftest import FIXTURES

    found = naseigraph.qc([FIXTURES / "qc" / "missing-domain.ttl"])
    assert not found.passed
    assert {p.check for p in found.problems} >= {"missing-domain"}
    assert naseigraph.qc().passed


def test_library_messages_name_no_flag_and_the_cli_adds_it(store):
    with pytest.raises(NaseigraphError) as caught:
        naseigraph.run_query("precursors-yielding", store=store, phase=None)
    assert "-p" not in str(caught.value)
    with pytest.raises(NaseigraphError) as caught:
        naseigraph.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert "--allow-service" not in str(caught.value)
    assert "allow_service=True" in str(caught.value)
    assert "--allow-service" in caught.value.on_command_line
