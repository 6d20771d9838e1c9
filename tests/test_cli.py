"""The command line as a user meets it: exit codes, one-line errors, formats that parse back."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, naseigraph, one_line_exit_2
from rdflib import Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")


def test_validate_shipped_graph_conforms():
    done = naseigraph("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("Conforms: 0 violations, 0 warnings")


def test_validate_user_file_with_violations_exits_1_with_one_line_per_finding():
    done = naseigraph("validate", FIXTURES / "invalid" / "ReportedValueShape-unitKind.ttl")
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert lines[-1].startswith("Does not conform: 1 violations")
    assert lines[0].startswith("Violation: nsgr:fixture-value")
    assert lines[0].endswith("(nsgsh:ReportedValueShape-unitKind)")


def test_validate_json_and_turtle_reports_parse(tmp_path):
    bad = FIXTURES / "invalid" / "CellTestShape-result.ttl"
    report = json.loads(naseigraph("validate", "--format", "json", bad).stdout)
    assert report["conforms"] is False
    assert [f["shape"] for f in report["findings"]] == ["nsgsh:CellTestShape-result"]
    graph = Graph().parse(data=naseigraph("validate", "--format", "turtle", bad).stdout)
    assert [c.toPython() for c in graph.objects(None, SH.conforms)] == [False]


def test_validate_bad_turtle_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "x\n')
    done = naseigraph("validate", bad)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert f"{bad}:3:" in done.stderr
    assert bad.read_text().endswith('"x\n')  # the source is untouched


def test_validate_missing_file_exits_2():
    done = naseigraph("validate", "no-such-file.ttl")
    assert done.returncode == 2
    assert done.stderr == "naseigraph: error: no-such-file.ttl: no such file\n"


def test_stats_counts_layers_by_section():
    done = naseigraph("stats", "--format", "csv", "--table", "by-kind")
    assert done.returncode == 0
    assert "artificial protective layer,68" in done.stdout.replace("\r", "")


def commands():
    """The sub-commands the parser knows: every one must be documented."""
    import argparse

    from naseigraph.cli import _parser

    (group,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(group.choices)


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_and_is_in_the_readme(command):
    assert naseigraph(command, "--help").returncode == 0
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert f"naseigraph {command}" in readme


def test_runs_from_another_directory(tmp_path):
    done = naseigraph("query", "precursors-yielding", "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "precursor-yielding"], "Did you mean: precursors-yielding"),
        (
            ["query", "symmetric-cell-lifetimes", "-p", "current_density=fast"],
            "parameter 'current_density' of query 'symmetric-cell-lifetimes' must be a decimal",
        ),
        (["query", "precursors-yielding", "-p", "colour=red"], "has no parameter 'colour'"),
        (["sparql", "SELECT ?s\nWHERE { ?s ?p }"], "SPARQL syntax error at line:column 2:"),
        (["sparql", "DROP ALL"], "update requests are refused"),
        (["sparql", "missing.rq"], "missing.rq: no such file"),
    ],
)
def test_bad_query_input_is_one_line_and_exit_2(args, message):
    done = naseigraph(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_query_formats(fmt):
    done = naseigraph("query", "halide-phases", "--format", fmt)
    assert done.returncode == 0 and "NaF" in done.stdout


def test_sparql_from_a_file_and_construct_gives_turtle(tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l ; nsg:formula 'NaF' }"
    )
    done = naseigraph("sparql", query)
    assert done.returncode == 0
    graph = Graph().parse(data=done.stdout, format="turtle")
    assert len(graph) == 1


def test_the_exit_code_survives_a_reader_that_stops_early(tmp_path):
    """`validate many.ttl --alone | head -1`: the verdict (1) is kept when the pipe closes."""
    many = tmp_path / "many.ttl"
    fixture = (FIXTURES / "invalid" / "CitedReferenceShape-year.ttl").read_text()
    prefixes = "".join(line + "\n" for line in fixture.splitlines() if line.startswith("@prefix"))
    body = fixture[fixture.index("nsgr:fixture-ref") :]
    many.write_text(prefixes + "".join(body.replace("fixture-ref", f"r{n}") for n in range(800)))
    command = [sys.executable, "-m", "naseigraph", "validate", str(many), "--alone"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        first = process.stdout.readline()
        process.stdout.close()  # as `head -1` does
        err = process.stderr.read()
        process.wait(timeout=120)
    assert first and process.returncode == 1, err
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_stats_gives_one_document_per_format(tmp_path):
    import json

    done = naseigraph("stats", "--format", "json", "--table", "by-section")
    assert done.returncode == 0
    assert json.loads(done.stdout)["head"]["vars"][0] == "number"
    both = naseigraph("stats", "--format", "csv")
    assert both.returncode == 2 and "add --table by-kind or --table by-section" in both.stderr
    assert naseigraph("stats", "--format", "csv", "--table", "by-kind").stdout.startswith("what,")


@pytest.mark.parametrize("columns", ["80", "100", "120"])
def test_tables_fit_the_terminal(columns):
    import os

    env = {"PATH": "", "COLUMNS": columns}
    for args in (["query", "cell-tests"], ["stats"], ["query", "precursors-yielding"]):
        done = subprocess.run(
            [sys.executable, "-m", "naseigraph", *args], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
        assert max(map(len, done.stdout.splitlines())) <= int(columns), (args, os.linesep)


def test_offset_turns_the_pages_of_a_listing():
    whole = naseigraph("query", "claims", "--format", "csv").stdout.splitlines()
    done = naseigraph("query", "claims", "--format", "csv", "--limit", "10", "--offset", "10")
    assert done.returncode == 0 and done.stdout.splitlines() == [whole[0], *whole[11:21]]
    assert done.stderr == "naseigraph: note: rows 11 to 20; more follow: --offset 20\n"
    rows = len(whole) - 1
    table = naseigraph("query", "claims", "--limit", "10", "--offset", str(rows - 2))
    assert table.stdout.rstrip().endswith(f"(rows {rows - 1} to {rows})")
    one_line_exit_2(naseigraph("query", "claims", "--offset", "-1"), "(--offset)")
