"""The Python API matches the command line: the functions of the commands that answer
questions and check the graph are in `naseigraph`, and take a loaded store as well as Turtle
files. (docs, push and export site stay in their modules: naseigraph.docs.write_docs,
naseigraph.remote.push_graph, naseigraph.site.export_site.)"""

import pytest
from conftest import FIXTURES

import naseigraph
from naseigraph.graph import NaseigraphError

API = ["NaseigraphError", "Report", "__version__", "coverage", "export", "list_queries", "load"]
API += ["load_store", "plot", "qc", "reason", "run_query", "search", "show", "sparql"]
API += ["to_networkx", "validate", "add", "diff", "release"]


def test_dir_lists_the_api_and_every_name_resolves():
    assert dir(naseigraph) == sorted(API)
    for name in API:
        assert getattr(naseigraph, name) is not None


def test_validate_export_and_views_take_a_loaded_store(store):
    report = naseigraph.validate(store=store)
    assert report.conforms and report.triples == len(store)
    view = naseigraph.to_networkx("precursor-phase", store=store)
    assert view.nodes["nsgr:NaF"]["role"] == "formed phase"  # SbF3 and PTFE form it (3.1, 3.3)
    assert naseigraph.export("json", view="precursor-phase", store=store).startswith("{")
    # From the files every literal is as written (the ontology writes 1.602176634E-19); a store
    # gives numbers back in Oxigraph's own form.
    assert "qudt:conversionMultiplier 1.602176634E-19 ;" in naseigraph.export("turtle")
    from_store = naseigraph.export("turtle", store=store)
    assert "nsgr:layer-sbf3" in from_store and "1.602176634E-19" not in from_store


def test_paths_and_a_store_together_are_refused(store):
    for call in (
        lambda: naseigraph.validate(["mine.ttl"], store=store),
        lambda: naseigraph.to_networkx("layers", paths=["mine.ttl"], store=store),
        lambda: naseigraph.export("json", paths=["mine.ttl"], store=store),
        lambda: naseigraph.reason(["mine.ttl"], store=store),
    ):
        with pytest.raises(NaseigraphError, match="not both"):
            call()
    with pytest.raises(NaseigraphError, match="checks_store makes one"):
        naseigraph.qc(store=store)


def test_reason_takes_a_store_and_queries_take_a_reasoner(store):
    assert naseigraph.reason(reasoner="rl", store=store).consistent
    rows = naseigraph.run_query("count-by-class", store=store, reasoner="rl")
    assert any(row["label"] == "precursor" for row in rows)
    with pytest.raises(NaseigraphError, match="unknown reasoner 'fact'"):
        naseigraph.reason(reasoner="fact", store=store)


def test_qc_takes_files_and_names_a_planted_fault():
    found = naseigraph.qc([FIXTURES / "qc" / "missing-domain.ttl"])
    assert not found.passed
    assert {p.check for p in found.problems} >= {"missing-domain"}
    assert naseigraph.qc().passed


def test_library_messages_name_no_flag_and_the_cli_adds_it(store):
    with pytest.raises(NaseigraphError) as caught:
        naseigraph.run_query("precursors-yielding", store=store, phase=None)
    assert "-p" not in str(caught.value) and "-p phase=VALUE" in caught.value.on_command_line
    with pytest.raises(NaseigraphError) as caught:
        naseigraph.sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert "allow_service=True" in str(caught.value) and "--" not in str(caught.value)
    assert "--allow-service" in caught.value.on_command_line
    with pytest.raises(NaseigraphError) as caught:
        naseigraph.show("no such thing at all", store=store)
    assert "naseigraph search" not in str(caught.value) and "search(" in str(caught.value)
