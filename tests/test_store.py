"""The persistent store: built once, reused while the sources are unchanged, rebuilt when not."""

import json
import os

import pytest
from conftest import naseigraph
from rdflib_oracle import comparable

from naseigraph.graph import NaseigraphError
from naseigraph.persistent import RECORD
from naseigraph.queries import list_queries, run_query, sparql
from naseigraph.store import load_store

FACT = '@prefix ex: <http://example.org/> .\nex:{name} ex:says "{text}" .\n'
ASK_ALL = "SELECT ?s ?o WHERE { ?s <http://example.org/says> ?o } ORDER BY ?s"


def record(folder):
    return json.loads((folder / RECORD).read_text())


def stores(folder):
    return sorted(p.name for p in folder.iterdir() if p.name not in (RECORD, ".lock"))


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory):
    return load_store(path=tmp_path_factory.mktemp("shipped") / "store")


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_canned_query_gives_the_same_rows_from_a_persistent_store(on_disk, store, query):
    # Compared as engines.comparable does: the on-disk store may concatenate a GROUP_CONCAT in
    # another order than the in-memory one ("55, 54" for SbF3's references against "54, 55").
    here, there = run_query(query.name, store=on_disk), run_query(query.name, store=store)
    assert here and comparable(query.text, here) == comparable(query.text, there)


def one_fact_store(tmp_path):
    """A store built in tmp_path/store from one file of one fact: (the file, the folder)."""
    facts = tmp_path / "facts.ttl"
    facts.write_text(FACT.format(name="a", text="first"))
    load_store([facts], path=tmp_path / "store")
    return facts, tmp_path / "store"


def test_a_store_is_built_once_and_reused(tmp_path):
    facts, folder = one_fact_store(tmp_path)
    built = record(folder)
    again = load_store([facts], path=folder)
    assert record(folder) == built and stores(folder) == [built["store"]]
    assert [r["o"] for r in sparql(ASK_ALL, store=again)] == ["first"]


def test_a_changed_source_file_rebuilds_the_store(tmp_path):
    facts, folder = one_fact_store(tmp_path)
    old = record(folder)["store"]
    facts.write_text(FACT.format(name="a", text="first") + FACT.format(name="b", text="second"))
    rebuilt = load_store([facts], path=folder)
    assert [r["o"] for r in sparql(ASK_ALL, store=rebuilt)] == ["first", "second"]
    assert stores(folder) == [record(folder)["store"]] and old not in stores(folder)


def test_another_set_of_files_rebuilds_the_store(tmp_path):
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text(FACT.format(name="a", text="one"))
    two.write_text(FACT.format(name="b", text="two"))
    folder = tmp_path / "store"
    load_store([one], path=folder)
    both = load_store([one, two], path=folder)
    assert [r["o"] for r in sparql(ASK_ALL, store=both)] == ["one", "two"]


def test_a_bad_file_leaves_the_previous_store_in_use_and_nothing_half_built(tmp_path):
    facts = tmp_path / "facts.ttl"
    facts.write_text(FACT.format(name="a", text="first"))
    folder = tmp_path / "store"
    load_store([facts], path=folder)
    before = record(folder)
    facts.write_text(FACT.format(name="a", text="first") + 'ex:b ex:says "unclosed .\n')
    with pytest.raises(NaseigraphError, match=rf"{facts}:3: Turtle syntax error"):
        load_store([facts], path=folder)
    assert record(folder) == before and stores(folder) == [before["store"]]


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(NaseigraphError, match="not a naseigraph store"):
        load_store(path=tmp_path)
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_query_and_sparql_with_store_print_what_they_print_without(tmp_path):
    folder = tmp_path / "store"
    for args in (
        ["query", "precursors-yielding", "-p", "phase=Na3P"],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"],
    ):
        plain, stored = naseigraph(*args), naseigraph(*args, "--store", folder)
        assert stored.returncode == 0, stored.stderr
        assert stored.stdout == plain.stdout
    assert (folder / RECORD).is_file()


def test_store_and_endpoint_together_or_graph_alone_are_refused(tmp_path):
    both = naseigraph("query", "graph-summary", "--store", tmp_path, "--endpoint", "http://x/q")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    alone = naseigraph("sparql", "ASK {}", "--graph", "http://example.org/g")
    assert alone.returncode == 2
    assert alone.stderr == "naseigraph: error: --graph goes with --endpoint\n"


def test_a_killed_first_build_is_recovered_and_its_leftovers_removed(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "store"
    command = [sys.executable, "-m", "naseigraph", "query", "graph-summary", "--store", str(folder)]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.4)  # wherever the build has got to: the next run must cope
    first.send_signal(signal.SIGKILL)
    first.wait()
    (folder / ".building-killed").mkdir(parents=True, exist_ok=True)  # as a kill mid-load leaves
    again = naseigraph("query", "graph-summary", "--store", folder)
    assert again.returncode == 0, again.stderr
    assert not list(folder.glob(".building-*"))
    assert len(list(folder.glob("store-*"))) == 1


def test_two_first_builds_at_once_both_succeed(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "store"
    command = [sys.executable, "-m", "naseigraph", "query", "graph-summary", "--store", str(folder)]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [err for _, err in results]
    assert len({out for out, _ in results}) == 1
    assert len(list(folder.glob("store-*"))) == 1 and not list(folder.glob(".building-*"))


def test_a_store_built_before_stores_were_compacted_is_rebuilt_once(tmp_path):
    facts, folder = one_fact_store(tmp_path)
    old = record(folder)
    assert old["sources"]["layout"] == "compacted"
    del old["sources"]["layout"]  # the record as the stores before it were written
    (folder / RECORD).write_text(json.dumps(old))
    again = load_store([facts], path=folder)
    assert record(folder)["store"] != old["store"] and stores(folder) == [record(folder)["store"]]
    assert [r["o"] for r in sparql(ASK_ALL, store=again)] == ["first"]
    load_store([facts], path=folder)
    assert stores(folder) == [record(folder)["store"]]  # and then reused
