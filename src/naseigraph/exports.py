"""The graph as files: GraphML, GEXF, Cytoscape.js JSON, node-link JSON, DOT, an HTML page
(a networkx view, see network.py) and Turtle, N-Triples, JSON-LD (the whole graph)."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from naseigraph.graph import NaseigraphError
from naseigraph.network import VIEWS, view_store
from naseigraph.outputs import check_output, write_atomically
from naseigraph.store import Parsed, one_source, parse_sources
from naseigraph.yed import graphml

if TYPE_CHECKING:  # networkx is imported by the functions that need it
    import networkx as nx

GRAPH_FORMATS = ("graphml", "gexf", "cytoscape", "json", "dot", "html")
RDF_FORMATS = ("turtle", "nt", "jsonld")
FORMATS = (*GRAPH_FORMATS, *RDF_FORMATS)


def export(
    fmt: str,
    path: Path | str | None = None,
    *,
    view: str | None = None,
    paths: Iterable[Path | str] | None = None,
    store: ox.Store | None = None,
    sources: Iterable[str] | None = None,
) -> str:
    """The graph as `fmt` text: a view (default full) for the graph formats, the whole graph
    for the RDF formats. The shipped data (or its `sources`), the Turtle files `paths`, or a
    loaded `store`. With
    `path`, also written there atomically (naseigraph.outputs): a failure leaves neither a
    partial file nor a clobbered one.

    >>> export("json", view="precursor-phase").startswith("{")
    True
    """
    check(fmt, view)
    one_source(paths, store)
    if path is not None:
        check_output(path)
    if fmt in RDF_FORMATS:
        text = _rdf(fmt, parse_sources(paths, sources) if store is None else store)
    else:
        view = view or "full"
        text = _drawn(fmt, view, view_store(view, paths, sources) if store is None else store)
    if path is not None:
        write_atomically(Path(path), text)
    return text


def _drawn(fmt: str, view: str, store: ox.Store) -> str:
    """A view of the graph in one of the graph formats."""
    from naseigraph.network import citations, view_of

    graph = scrubbed(view_of(view, store))
    # The rdflib graph the view was read from is held in reference cycles: collected now, it
    # is not still in memory while the page is laid out and drawn (15 MB less at the peak).
    gc.collect()
    if fmt == "html":
        from naseigraph.page import render

        return render(graph, citations(store))
    if fmt in ("graphml", "gexf", "cytoscape"):
        graph = pictured(graph)
    return WRITERS[fmt](graph)


def check(fmt: str, view: str | None = None) -> None:
    """Refuse an unknown format or view, or a view with an RDF format, in one line."""
    if fmt not in FORMATS:
        raise NaseigraphError(f"unknown export format '{fmt}' (choose from {', '.join(FORMATS)})")
    if view is not None and view not in VIEWS:
        raise NaseigraphError(f"unknown view '{view}' (choose from {', '.join(VIEWS)})")
    if fmt in RDF_FORMATS and view is not None:
        graph_formats = ", ".join(GRAPH_FORMATS)
        raise NaseigraphError(
            f"{fmt} is the whole graph; ", hint=f"a view is for {graph_formats}",
            flag=f"--view is for {graph_formats}",
        )  # fmt: skip


def scrubbed(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes GraphML and GEXF accept: no None, no lists, one type per key."""
    graph = graph.copy()
    for items in (
        [graph.graph],
        [attrs for _, attrs in graph.nodes(data=True)],
        [attrs for *_, attrs in graph.edges(keys=True, data=True)],
    ):
        for attrs in items:
            for key, value in list(attrs.items()):
                if value is None:
                    del attrs[key]
                elif isinstance(value, list | tuple | set):
                    attrs[key] = " | ".join(map(str, value))
        kinds: dict[str, set] = {}
        for attrs in items:
            for key, value in attrs.items():
                kinds.setdefault(key, set()).add(type(value))
        for attrs in items:
            for key, value in attrs.items():
                attrs[key] = _one_type(value, kinds[key])
    return graph


def _one_type(value, kinds: set):
    if len(kinds) == 1 and kinds <= {bool, int, float, str}:
        return value
    if kinds <= {int, float}:
        return float(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def pictured(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The view as the HTML page draws it, for Gephi, yEd and Cytoscape to open the same
    picture: each node's position (x right, y up, in the page's pixels) and colour as `x`,
    `y`, `r`, `g`, `b` and `colour`; each edge a unique `id` (e0, e1, ...), since GraphML
    readers such as Gephi's drop edges that repeat one."""
    from naseigraph.layout import layout
    from naseigraph.page import PALETTE, colour_groups

    graph = graph.copy()
    if graph.number_of_nodes():
        positions, group = layout(graph), colour_groups(graph)
        colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(sorted(set(group.values())))}
        for node, attrs in graph.nodes(data=True):
            colour = colours[group[node]]
            red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
            x, y = positions[node]
            attrs.update(
                x=round(float(x), 2), y=round(float(y), 2), r=red, g=green, b=blue, colour=colour
            )
    for n, (*_, attrs) in enumerate(graph.edges(keys=True, data=True)):
        attrs["id"] = f"e{n}"
    return graph


def _rdf(fmt: str, loaded: Parsed | ox.Store) -> str:
    """The whole graph, blank nodes named by their content (RDFC-1.0 canonical labels: the
    same file every run), serialised by Oxigraph. From the files, every literal is as written
    (a store keeps numbers in their canonical form)."""
    from naseigraph.graph import PREFIXES

    if isinstance(loaded, Parsed):
        dataset = ox.Dataset(ox.Quad(*triple) for triple in loaded.all())
    else:
        dataset = ox.Dataset(loaded.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    triples = sorted(
        (quad.triple for quad in dataset),
        key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject), str(t.predicate),
                       str(t.object)),
    )  # fmt: skip
    format_ = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}.get(fmt)
    format_ = format_ or ox.RdfFormat.JSON_LD
    prefixes = None if fmt == "nt" else PREFIXES
    return ox.serialize(triples, format=format_, prefixes=prefixes).decode("utf-8")


def _gexf(graph) -> str:
    """GEXF 1.2 with the page's picture as `viz:` colour, position and size."""
    import networkx as nx

    graph = graph.copy()
    for node, attrs in graph.nodes(data=True):
        if "x" in attrs:
            colour = {"r": attrs["r"], "g": attrs["g"], "b": attrs["b"], "a": 1.0}
            position = {"x": attrs["x"], "y": attrs["y"], "z": 0.0}
            size = min(8 + 2.5 * graph.degree(node) ** 0.5, 26)  # the page's marker size
            attrs["viz"] = {"color": colour, "position": position, "size": size}
    return "\n".join(nx.generate_gexf(graph)) + "\n"


def _cytoscape(graph) -> str:
    """Cytoscape.js JSON: every element with an `id` (`cy.json()` drops an edge without one),
    nodes at the page's positions (y down, as Cytoscape draws)."""
    import networkx as nx

    data = nx.cytoscape_data(graph, name="label")
    data["data"] = dict(data["data"])  # Cytoscape.js wants an object; networkx gives pairs
    for node in data["elements"]["nodes"]:
        if "x" in node["data"]:
            node["position"] = {"x": node["data"]["x"], "y": -node["data"]["y"]}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _node_link(graph) -> str:
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _dot(graph) -> str:
    """Graphviz DOT with integer node names (a CURIE such as nsgr:NaF would read as node:port),
    the CURIE as the node's id and its label as label; backslashes kept as printed."""
    import pydot

    def quoted(attrs):
        return {
            k: '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
            for k, v in attrs.items()
        }

    dot = pydot.Dot(graph.graph.get("view", "naseigraph"), graph_type="digraph", rankdir="LR")
    dot.set_node_defaults(shape="box", style="rounded")
    number = {node: str(n) for n, node in enumerate(graph)}
    for node, attrs in graph.nodes(data=True):
        dot.add_node(pydot.Node(number[node], **quoted({"id": node, **attrs})))
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        dot.add_edge(
            pydot.Edge(
                number[u], number[v], **quoted({"key": key, **attrs, "label": attrs["predicate"]})
            )
        )
    return dot.to_string()


WRITERS = {
    "graphml": graphml,
    "gexf": _gexf,
    "cytoscape": _cytoscape,
    "json": _node_link,
    "dot": _dot,
}
