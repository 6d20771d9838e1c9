"""A query from the command line loads only what it uses: no SHACL, OWL, rdflib or plotting,
nor PyYAML (headers come from queries/headers.json), dataclasses, typing or shutil
(bench/overhead.md)."""

import json
import subprocess
import sys

import pytest

HEAVY = ["pyshacl", "owlready2", "networkx", "matplotlib", "rdflib", "yaml", "dataclasses"]
# and the standard library's typing and shutil (3 and 2.5 ms of a cold canned query)
HEAVY += ["typing", "shutil"]

# Runs the command in a fresh interpreter, then reports which heavy packages it imported.
PROBE = """
import contextlib, io, json, sys
from naseigraph.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print(json.dumps({"code": code, "heavy": heavy, "printed": len(out.getvalue())}))
"""


def imported_by(*args):
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}", *map(str, args)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "100", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["query", "precursors-yielding"],
        ["query", "symmetric-cell-lifetimes", "-p", "current_density=1", "--format", "json"],
        ["sparql", "SELECT ?s WHERE { ?s a nsg:HybridLayer }", "--format", "csv"],
        ["queries"],
        ["stats"],
    ],
    ids=" ".join,
)
def test_a_query_imports_nothing_heavy(args):
    report = imported_by(*args)
    assert report["code"] == 0 and report["printed"] > 0
    assert report["heavy"] == []


def test_a_query_on_a_persistent_store_imports_nothing_heavy(tmp_path):
    built = imported_by("query", "precursors-yielding", "--store", tmp_path / "store")
    assert built["code"] == 0 and built["heavy"] == ["shutil"]  # a build tidies with shutil
    reused = imported_by("query", "precursors-yielding", "--store", tmp_path / "store")
    assert reused["code"] == 0 and reused["heavy"] == []


def test_the_probe_would_see_a_heavy_import():
    # pySHACL needs rdflib: if the probe missed them, the tests above prove nothing.
    report = imported_by("validate", "--engine", "pyshacl")
    assert {"pyshacl", "rdflib"} <= set(report["heavy"])


def test_validation_on_the_default_engine_needs_neither_pyshacl_nor_rdflib():
    report = imported_by("validate")
    # typing and shutil come with the importlib.metadata that pyrudof's own __init__ imports;
    # naseigraph's records are named tuples, not dataclasses (with inspect, 6 ms of 0.5 s)
    assert report["code"] == 0 and report["heavy"] == ["shutil", "typing"]
