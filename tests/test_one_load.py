"""Each command parses its sources once: the ontology, every data file and the user's files.

Parsing goes through naseigraph.store (Parsed reads with pyoxigraph.parse, load_store with
Store.bulk_load); rdflib's parser is never used on a source file. The counters wrap those
entry points and the rdflib parser, then run a command in this process.
"""

from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from conftest import FIXTURES

from naseigraph import cli, quality, store
from naseigraph.graph import data_files, ontology_file


@pytest.fixture
def parses(monkeypatch):
    counted: Counter = Counter()
    real_parse, real_bulk = pyoxigraph.parse, store.bulk_load
    real_rdflib = rdflib.Graph.parse

    def parse(*args, path=None, **kwargs):
        if path is not None:
            counted[Path(path).resolve()] += 1
        return real_parse(*args, path=path, **kwargs)

    def bulk_load(into, files, **kwargs):
        files = list(files)
        counted.update(Path(f).resolve() for f in files)
        return real_bulk(into, files, **kwargs)

    def rdflib_parse(self, source=None, *args, **kwargs):
        if source is not None or kwargs.get("location"):
            counted["rdflib: " + str(source or kwargs.get("location"))] += 1
        return real_rdflib(self, source, *args, **kwargs)

    monkeypatch.setattr(pyoxigraph, "parse", parse)
    monkeypatch.setattr(store, "bulk_load", bulk_load)
    monkeypatch.setattr(quality, "bulk_load", bulk_load)
    monkeypatch.setattr(rdflib.Graph, "parse", rdflib_parse)
    return counted


MINE = FIXTURES / "qc" / "missing-domain.ttl"


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", MINE],
        ["reason", "--reasoner", "rl"],
        ["export", "html"],
        ["export", "html", "--view", "precursor-phase"],
        ["export", "graphml", "--view", "layers"],
        ["export", "turtle"],
        ["query", "precursors-yielding", "-p", "phase=NaF"],
        ["stats"],
        ["show", "NaF"],
        ["search", "NaF"],
        ["qc"],
        ["qc", MINE],
        ["plot", "precursor-phase"],
        ["coverage", "--summary"],
        ["docs"],
    ],
    ids=lambda a: " ".join(map(str, a)),
)
def test_each_source_file_is_parsed_once(args, parses, tmp_path, capsys):
    if args[0] in ("export", "plot", "docs"):
        args = [*args, "-o", tmp_path / ("out.svg" if args[0] == "plot" else "out")]
    code = cli.main([str(a) for a in args])
    capsys.readouterr()
    assert code in (0, 1)
    sources = {ontology_file().resolve(), *(f.resolve() for f in data_files())}
    if MINE in args:
        sources.add(MINE.resolve())
    # pyLODE reads its own vocabularies with rdflib when first used: not a source of ours
    rdflib_parses = [k for k in parses if isinstance(k, str) and "/pylode/rdf/" not in k]
    assert not rdflib_parses
    parses = Counter({k: n for k, n in parses.items() if not isinstance(k, str)})
    assert all(n == 1 for n in parses.values()), parses
    assert set(parses) <= sources | {(ontology_file().parent / "shapes.ttl").resolve()}
    assert ontology_file().resolve() in parses
