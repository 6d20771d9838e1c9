"""The networkx views and every export format, each read back by a real reader.

Expected facts are read from the review: SbF3/DMC, BdmimBF4, CoF2, AlF3 (on a solid-state
electrolyte), triethylamine trihydrofluoride [54-59] and PTFE, rolled [117] or pressed with
diglyme [121], give NaF; "similar treat methods" with ZnCl2 and SnCl4 [62-64] are implied;
Bi(SO3CF3)3 forms Bi [81], which forms Na3Bi; red phosphorus gives a Na3P layer, 780 h [71].
"""

import json
import os
import stat
import subprocess
from collections import Counter
from pathlib import Path

import networkx as nx
import pydot
import pytest
from conftest import naseigraph as run_cli
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from naseigraph.exports import FORMATS, WRITERS, export, scrubbed
from naseigraph.graph import NaseigraphError, data_files, ontology_file
from naseigraph.network import VIEWS, citations, to_networkx
from naseigraph.outputs import write_atomically
from naseigraph.queries import run_query
from naseigraph.store import load, parse_turtle

NSGR = "https://w3id.org/naseigraph/resource/"


@pytest.fixture(scope="module")
def views():
    return {view: to_networkx(view) for view in VIEWS}


def naseigraph(*args, cwd=None):
    return run_cli(*args, cwd=cwd, path=os.environ.get("PATH", ""))  # DOT needs Graphviz


def forms(graph, phase):
    """(precursor label, method, refs, figure, implied) of each edge into `phase`."""
    return sorted(
        (graph.nodes[u]["label"], e["method"], e.get("refs"), e.get("figure"), e["implied"])
        for u, _, e in graph.in_edges(phase, data=True)
    )


# --- the views -------------------------------------------------------------------------------


def test_precursor_phase_view_holds_the_precursors_of_naf(views):
    graph = views["precursor-phase"]
    assert forms(graph, "nsgr:NaF") == [
        ("AlF3", "coating on a solid-state electrolyte", "58", None, False),
        ("BdmimBF4", "chemical pretreatment", "56", None, False),
        ("CoF2", "chemical pretreatment", "57", None, False),
        ("PTFE", "pressing", "121", "Figure 7b", False),
        ("PTFE", "rolling", "117", "Figure 7a", False),
        ("SbF3", "chemical pretreatment", "54, 55", None, False),
        ("triethylamine trihydrofluoride", "chemical pretreatment", "59", None, False),
    ]
    naf = graph.nodes["nsgr:NaF"]
    assert (naf["label"], naf["class"], naf["formula"], naf["role"]) == (
        "NaF",
        "halide",
        "NaF",
        "formed phase",
    )
    assert graph.nodes["nsgr:SbF3"]["role"] == "precursor"


def test_precursor_phase_view_marks_implied_pairs_and_chains(views):
    graph = views["precursor-phase"]
    implied = {
        graph.nodes[u]["label"]: e["implied"] for u, _, e in graph.in_edges("nsgr:NaCl", data=True)
    }
    assert implied["ZnCl2"] is True and implied["SnCl4"] is True
    assert implied["SnCl2"] is False
    assert graph.has_edge("nsgr:Bi-SO3CF3-3", "nsgr:Bi") and graph.has_edge("nsgr:Bi", "nsgr:Na3Bi")
    assert graph.nodes["nsgr:Bi"]["role"] == "precursor and formed phase"
    assert "nsgr:Na" not in graph  # sodium reacts, but no treatment uses it as a precursor


def test_precursor_phase_view_is_the_canned_query_row_by_row(views):
    """Every column of precursor-phase-pairs, read back from the view's edges."""
    graph = views["precursor-phase"]

    def curie(iri):
        return iri.replace(NSGR, "nsgr:")

    def listed(text, separator=", "):
        return tuple(sorted(filter(None, (text or "").split(separator))))

    def edge(u, v, e):
        ends = (graph.nodes[u]["label"], graph.nodes[v]["label"], e["via"], e["method"])
        said = (e["section"], e.get("refs"), e["implied"], graph.nodes[u]["iri"])
        made = (graph.nodes[v]["iri"], e["role"], tuple(e["reactions"].split()))
        return (*ends, *said, *made, listed(e.get("reaction_type")), listed(e.get("figure")))

    def row(r):
        ends = (r["precursor_label"], r["phase_label"], curie(r["treatment"]))
        said = (r["method"] or "unstated", r["section"], r["refs"], r["implied"], r["precursor"])
        made = (r["phase"], r["role"], tuple(sorted(map(curie, r["reactions"].split()))))
        panels = tuple(sorted({*listed(r["figure"]), *listed(r["reaction_figure"])}))
        return (*ends, *said, *made, listed(r["reaction_type"]), panels)

    mine = sorted(edge(u, v, e) for u, v, e in graph.edges(data=True))
    canned = sorted(row(r) for r in run_query("precursor-phase-pairs"))
    assert canned and mine == canned


def test_layers_view_links_a_layer_to_phases_method_and_values(views):
    graph = views["layers"]
    out = {
        (e["predicate"], graph.nodes[v]["label"])
        for _, v, e in graph.out_edges("nsgr:layer-red-p", data=True)
    }
    assert ("has constituent", "Na3P") in out
    assert ("made by", "method not stated") in out  # the review does not name the method
    values = {graph.nodes[v].get("textAsPrinted") for _, v in graph.out_edges("nsgr:layer-red-p")}
    assert {"~0.12 mS cm-1", "8.6 GPa", "780h"} <= values
    sbf3 = {graph.nodes[v]["label"] for _, v in graph.out_edges("nsgr:layer-sbf3")}
    assert {"NaF", "Na3Sb", "chemical pretreatment"} <= sbf3
    assert graph.nodes["nsg:ChemicalPretreatment"]["class"] == "method"


def test_full_view_is_every_fact_and_what_it_points_at():
    """Counted straight from the Turtle: every resource of the data files and every resource
    they point at is a node; every triple to a resource (not rdf:type) is an edge."""
    graph = to_networkx("full")
    data = parse_turtle(data_files())
    schema = set(parse_turtle([ontology_file()]).subjects())
    facts = {s for s in data.subjects() if isinstance(s, URIRef)} - schema
    links = [(s, p, o) for s, p, o in data if p != RDF.type and not isinstance(o, Literal)]
    named = {s for s, _, _ in links if isinstance(s, URIRef)}
    named |= {o for *_, o in links if isinstance(o, URIRef)} | facts
    blanks = {o for *_, o in links if isinstance(o, BNode)}
    assert graph.number_of_nodes() == len(named) + len(blanks)
    assert graph.number_of_edges() == len(links)
    assert {a["iri"] for _, a in graph.nodes(data=True) if "iri" in a} == {str(n) for n in named}
    value = graph.nodes["nsgr:value-red-p-lifetime"]
    assert (value["qudt_value"], value["textAsPrinted"], value["unit"]) == (780, "780h", "h")
    assert value["quantity"] == "cycling lifetime" and value["refs"] == "71"


def test_full_view_names_blank_nodes_the_same_every_time(views):
    again = to_networkx("full")
    garbled = sorted(n for n in again if n.startswith("_:"))
    assert garbled and garbled == sorted(n for n in views["full"] if n.startswith("_:"))
    assert "_:celltest-red-p.hasGarbledText.1" in garbled
    assert again.nodes["_:celltest-red-p.hasGarbledText.1"]["printedAs"] == "Na1|Na cells"


def test_unknown_view_is_refused():
    with pytest.raises(NaseigraphError, match="unknown view 'bipartite'"):
        to_networkx("bipartite")


def test_citations_are_the_review_reference_list():
    cited = citations()
    assert len(cited) == 127
    assert cited[54].startswith("Xu, Z. X.; Yang, J.")
    assert "Adv. Funct. Mater. 2019, 29, 1901924" in cited[54]


# --- graph formats, read back ----------------------------------------------------------------


def read_graphml(path):
    return nx.read_graphml(path, force_multigraph=True)


def read_gexf(path):
    return nx.read_gexf(path)


def read_node_link(path):
    return nx.node_link_graph(json.loads(path.read_text()), edges="edges")


def read_cytoscape(path):
    data = json.loads(path.read_text())
    graph = nx.MultiDiGraph()
    for node in data["elements"]["nodes"]:
        attrs = dict(node["data"])
        assert attrs.pop("name") == attrs["label"] and attrs.pop("value") == attrs["id"]
        graph.add_node(attrs.pop("id"), **attrs)
    for edge in data["elements"]["edges"]:
        attrs = dict(edge["data"])
        graph.add_edge(attrs.pop("source"), attrs.pop("target"), attrs.pop("key"), **attrs)
    return graph


READERS = {
    "graphml": read_graphml,
    "gexf": read_gexf,
    "json": read_node_link,
    "cytoscape": read_cytoscape,
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fmt", sorted(READERS))
def test_graph_formats_read_back_with_every_node_edge_and_attribute(views, view, fmt, tmp_path):
    expected = scrubbed(views[view])
    path = tmp_path / f"{view}.{fmt}"
    path.write_text(WRITERS[fmt](expected), encoding="utf-8")
    found = READERS[fmt](path)
    assert found.number_of_nodes() == expected.number_of_nodes()
    assert found.number_of_edges() == expected.number_of_edges()
    for node, attrs in expected.nodes(data=True):
        assert {k: found.nodes[node].get(k) for k in attrs} == attrs
    assert _edges(found) == _edges(expected)


def _edges(graph):
    return Counter(
        (u, v, tuple(sorted((k, str(x)) for k, x in a.items() if k not in ("id", "networkx_key"))))
        for u, v, a in graph.edges(data=True)
    )


def test_graphml_keeps_types_for_gephi_and_cytoscape(views, tmp_path):
    path = tmp_path / "full.graphml"
    path.write_text(WRITERS["graphml"](scrubbed(views["full"])))
    found = read_graphml(path)
    assert found.nodes["nsgr:ref-54"]["referenceNumber"] == 54  # an integer, not text
    assert found.nodes["nsgr:value-red-p-ionic-conductivity"]["qudt_value"] == 0.12
    pairs = read_graphml(_written(tmp_path, views, "precursor-phase", "graphml"))
    assert {e["implied"] for *_, e in pairs.edges(data=True)} == {True, False}


def _written(tmp_path, views, view, fmt):
    path = tmp_path / f"{view}-{fmt}"
    path.write_text(WRITERS[fmt](scrubbed(views[view])))
    return path


def test_scrub_leaves_no_none_no_list_and_one_type_per_attribute():
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="A", size=1, note=None, tags=["x", "y"])
    graph.add_node("b", label="B", size=2.5, tags="z")
    clean = scrubbed(graph)
    assert clean.nodes["a"] == {"label": "A", "size": 1.0, "tags": "x | y"}
    assert clean.nodes["b"]["size"] == 2.5
    nx.read_graphml(_tmp_graphml(clean))  # GraphML accepts it


def _tmp_graphml(graph):
    import io

    return io.BytesIO(WRITERS["graphml"](graph).encode())


GRAPHVIZ = pytest.mark.needs("gvpr")


@pytest.mark.parametrize("view", ["precursor-phase", "layers"])  # pydot takes 20 s on full
def test_dot_reads_back_with_pydot_and_ids_for_every_node(views, view):
    expected = scrubbed(views[view])
    (dot,) = pydot.graph_from_dot_data(WRITERS["dot"](expected))
    nodes = [n for n in dot.get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    assert len(nodes) == expected.number_of_nodes()
    assert len(dot.get_edges()) == expected.number_of_edges()
    for node in nodes:
        attrs = {k: _unquote(v) for k, v in node.get_attributes().items()}
        original = expected.nodes[attrs["id"]]
        assert attrs["label"] == original["label"]
        assert attrs.get("class") == original.get("class")
    labels = Counter(_unquote(e.get_attributes()["label"]) for e in dot.get_edges())
    assert labels == Counter(p for *_, p in expected.edges(data="predicate"))


def _unquote(value: str) -> str:
    if value.startswith('"') and value.endswith('"'):
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


@GRAPHVIZ
@pytest.mark.parametrize("view", VIEWS)
def test_graphviz_reads_every_node_and_edge_of_the_dot_export(views, view, tmp_path):
    expected = scrubbed(views[view])
    path = tmp_path / f"{view}.dot"
    path.write_text(WRITERS["dot"](expected))
    program = (
        'N { printf("N\\t%s\\t%s\\t%s\\n", aget($, "id"), aget($, "label"), aget($, "class")) }'
    )
    program += ' E { printf("E\\t%s\\n", aget($, "label")) }'
    done = subprocess.run(["gvpr", program, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = [line.split("\t") for line in done.stdout.splitlines()]
    nodes = {(n, label, cls or None) for kind, n, label, cls in (x for x in lines if x[0] == "N")}
    assert nodes == {(n, a["label"], a.get("class")) for n, a in expected.nodes(data=True)}
    edges = Counter(x[1] for x in lines if x[0] == "E")
    assert edges == Counter(p for *_, p in expected.edges(data="predicate"))


@GRAPHVIZ
def test_graphviz_lays_out_the_dot_export_with_labels_intact(views, tmp_path):
    path = tmp_path / "pairs.dot"
    path.write_text(WRITERS["dot"](scrubbed(views["precursor-phase"])))
    done = subprocess.run(["dot", "-Tjson", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    laid = json.loads(done.stdout)
    assert len(laid["objects"]) == views["precursor-phase"].number_of_nodes()
    assert {o["label"] for o in laid["objects"]} >= {"NaF", "triethylamine trihydrofluoride"}
    assert {o["id"] for o in laid["objects"]} >= {"nsgr:NaF", "nsgr:SbF3"}


def test_dot_escapes_quotes_and_backslashes():
    graph = nx.MultiDiGraph(view="odd")
    graph.add_node("ex:a", label='say "hi" \\n not a newline')
    graph.add_node("ex:b", label="b")
    graph.add_edge("ex:a", "ex:b", "k", predicate="p: q")
    (dot,) = pydot.graph_from_dot_data(WRITERS["dot"](graph))
    (a,) = [n for n in dot.get_nodes() if n.get_name() == "0"]
    assert _unquote(a.get_attributes()["label"]) == 'say "hi" \\n not a newline'


# --- RDF formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_are_isomorphic_to_the_graph(fmt, parser, graph):
    text = export(fmt)
    back = Graph().parse(data=text, format=parser)
    assert len(back) == len(graph)
    assert isomorphic(back, graph)


def test_rdf_export_keeps_literals_exactly_as_written():
    # rdflib's own Turtle writer would print this double as 1.602177e-19.
    back = Graph().parse(data=export("turtle"), format="turtle")
    multiplier = URIRef("http://qudt.org/schema/qudt/conversionMultiplier")
    found = {str(o) for o in back.objects(URIRef("http://qudt.org/vocab/unit/EV"), multiplier)}
    assert found == {"1.602176634e-19"}
    values = URIRef("http://qudt.org/schema/qudt/value")
    assert str(back.value(URIRef(NSGR + "value-red-p-current-density"), values)) == "1.0"
    assert export("turtle") == export("turtle")  # blank nodes named by content


# --- the command line: stdout, files, errors -------------------------------------------------


def test_export_to_stdout_parses(tmp_path):
    done = naseigraph("export", "json", "--view", "precursor-phase")
    assert done.returncode == 0, done.stderr
    graph = nx.node_link_graph(json.loads(done.stdout), edges="edges")
    assert graph.nodes["nsgr:NaF"]["label"] == "NaF"


def test_export_to_a_file_from_another_directory(tmp_path):
    done = naseigraph(
        "export", "graphml", "--view", "precursor-phase", "-o", "pairs.graphml", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "wrote pairs.graphml\n"
    graph = read_graphml(tmp_path / "pairs.graphml")
    assert graph.nodes["nsgr:NaF"]["class"] == "halide"
    mode = stat.S_IMODE((tmp_path / "pairs.graphml").stat().st_mode)
    assert mode & 0o044 == 0o044  # readable by others, as any file the user writes
    assert [p.name for p in tmp_path.iterdir()] == ["pairs.graphml"]  # no temporary left


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "svg"], "unknown export format 'svg' (choose from graphml, gexf,"),
        (["export", "graphml", "--view", "everything"], "unknown view 'everything'"),
        (["export", "turtle", "--view", "layers"], "turtle is the whole graph; --view is for"),
        (["export", "gexf", "-o", "no/such/dir/x.gexf"], "no such directory no/such/dir"),
        (["export", "gexf", "-o", "."], ".: is a directory"),
    ],
)
def test_bad_export_input_is_one_line_exit_2_and_writes_nothing(args, message, tmp_path):
    done = naseigraph(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "pairs.gexf"
    target.write_text("the old export")

    def broken(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(NaseigraphError, match=r"pairs.gexf: cannot write: No space left on device"):
        write_atomically(target, "the new export")
    assert target.read_text() == "the old export"
    assert [p.name for p in tmp_path.iterdir()] == ["pairs.gexf"]


def test_an_interrupted_write_leaves_no_temporary(tmp_path, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "chmod", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "x.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_every_format_is_a_documented_choice():
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for fmt in FORMATS:
        assert f"`{fmt}`" in text
    for view in VIEWS:
        assert f"`{view}`" in text
    assert "naseigraph export" in text and "naseigraph plot" in text
    assert naseigraph("export", "--help").returncode == 0


def test_export_takes_your_own_turtle(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix nsg: <https://w3id.org/naseigraph/ontology#> .\n"
        "@prefix nsgr: <https://w3id.org/naseigraph/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'nsgr:x a nsg:Metal ; rdfs:label "X" ; nsg:hasProperty nsgr:y .\n'
        'nsgr:y a nsg:ReportedValue ; rdfs:label "Y" .\n'
    )
    graph = to_networkx("full", paths=[mine])
    assert sorted(graph) == ["nsgr:x", "nsgr:y"]
    assert list(graph.edges(keys=True)) == [("nsgr:x", "nsgr:y", "nsg:hasProperty")]
    text = export("nt", paths=[mine])
    assert isomorphic(Graph().parse(data=text, format="nt"), load([mine]))
