"""Each of these was a traceback or a misleading line; now one clear line, exit 2."""

from __future__ import annotations

import pytest
from conftest import naseigraph, one_line_exit_2

import naseigraph as api
from naseigraph.graph import NaseigraphError, install_hint


def test_a_latin1_query_file(tmp_path):
    query = tmp_path / "latin.rq"
    query.write_bytes('SELECT * WHERE { ?s ?p "café" }'.encode("latin-1"))
    one_line_exit_2(naseigraph("sparql", query), "not UTF-8 text (byte 0xe9 at offset 27)")


def test_a_missing_query_file_is_named_as_missing(tmp_path):
    one_line_exit_2(
        naseigraph("sparql", "missing.sparql", cwd=tmp_path), "missing.sparql: no such file"
    )


def test_a_bad_endpoint_url():
    done = naseigraph("sparql", "ASK {}", "--endpoint", "http://[::1:bad/")
    one_line_exit_2(done, "the endpoint is not a valid URL")


def test_an_undeclared_prefix_is_named():
    done = naseigraph("sparql", "SELECT * WHERE { ?s foo:bar ?o }")
    one_line_exit_2(done, "the prefix 'foo:' is not declared")


def test_a_directory_given_as_turtle(tmp_path):
    one_line_exit_2(naseigraph("validate", tmp_path), "is a directory, not a Turtle file")


def test_a_byte_order_mark_is_said_in_words(tmp_path):
    bom = tmp_path / "bom.ttl"
    bom.write_bytes(b"\xef\xbb\xbf@prefix ex: <http://e/> .\nex:a ex:b ex:c .\n")
    done = naseigraph("validate", bom, "--alone")
    one_line_exit_2(done, "starts with a byte-order mark (U+FEFF)")
    assert "\ufeff" not in done.stderr


def test_api_misuse_is_a_naseigraph_error(tmp_path):
    with pytest.raises(NaseigraphError, match="a query's name is text"):
        api.run_query(None)
    with pytest.raises(NaseigraphError, match=r"x\.ttl: no such file"):
        api.validate("x.ttl")  # one file, not the characters of its name
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\n")
    assert api.validate(str(mine), with_shipped=False).conforms


def test_the_install_hint_fits_a_checkout(monkeypatch, tmp_path):
    from pathlib import Path

    root = Path(api.__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    assert install_hint("html") == "pip install '.[html]'"
    monkeypatch.chdir(tmp_path)
    assert install_hint("html") == f"pip install '{root}[html]'"


def test_no_java_suggests_the_query_spelling(monkeypatch):
    import shutil

    from naseigraph import reasoners

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(NaseigraphError, match='OWL 2 RL \\(reasoner="rl"\\)') as caught:
        reasoners.dl_inferences(None, "hermit")
    assert caught.value.on_command_line.endswith("(on query and sparql: --reason --reasoner rl)")


@pytest.mark.parametrize(
    "call",
    [
        lambda: api.run_query("graph-summary", timeout="a"),
        lambda: api.validate(123),
        lambda: api.validate([None]),
        lambda: api.export("json", 3),
        lambda: api.sparql("ASK {}", store=3),
        lambda: api.run_query("graph-summary", limit=0),
    ],
)
def test_every_api_misuse_raises_a_naseigraph_error(call):
    with pytest.raises(NaseigraphError):
        call()
