"""One self-contained HTML page for a networkx view: plotly.js inlined, nothing fetched."""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

from naseigraph.graph import NaseigraphError, install_hint
from naseigraph.layout import LABEL_ROOM, ROW, layout

if TYPE_CHECKING:
    import networkx as nx

TEMPLATE = Path(__file__).parent / "page.html"
# Colours that stay apart on a projector and for most colour-blind readers (Okabe-Ito first).
PALETTE = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D1F", "#7F3C8D",
    "#11A579", "#E73F74", "#3969AC", "#F2B701", "#80BA5A", "#A5AA99", "#CF1C90", "#4B4B8F",
    "#F97B72", "#008695", "#B07AA1", "#5F4690", "#99C945", "#DC587D", "#764E9F", "#ED645A",
]  # fmt: skip
LABELLED, HUBS = 80, 30  # up to 80 nodes every node is labelled; above, the 30 best linked
PLACES = {"precursor": "middle left", "formed phase": "middle right"}  # labels clear of edges


def render(graph: nx.MultiDiGraph, references: dict[int, str] | None = None) -> str:
    """The page: the drawing, a legend by class, search, filters and a details panel."""
    try:
        import jinja2
        import markupsafe
        import numpy  # noqa: F401  (networkx's layouts need it)
        import plotly.graph_objects as go
    except ImportError:
        raise NaseigraphError(
            f"the html format needs plotly, numpy and Jinja2: {install_hint('html')}"
        ) from None
    if graph.number_of_nodes() == 0:
        view = graph.graph.get("view", "full")
        raise NaseigraphError(f"the {view} view has no nodes in these files: nothing to draw")
    positions = layout(graph)
    group = colour_groups(graph)
    groups = sorted(set(group.values()))
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    figure = go.Figure(_edge_traces(graph, positions))
    for name in groups:
        figure.add_traces(_node_traces(graph, positions, group, name, colours[name]))
    figure.update_layout(_layout_options(positions))
    plot = figure.to_html(
        full_html=False,
        include_plotlyjs=True,
        div_id="graph",
        default_height="100%",
        config=_config(graph),
        post_script="naseigraphStart(document.getElementById('{plot_id}'));",
    )
    data = _page_data(graph, positions, group, colours, references or {})
    # One pass of an autoescaping engine: a value is never read again as template, so a
    # literal "{{plot}}" in the data stays text; only the two blocks built here are markup.
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(TEMPLATE.name).render(
        title=f"naseigraph: the {graph.graph.get('view', 'graph')} view",
        source=str(graph.graph.get("review", "")),
        data=markupsafe.Markup(_script_json(data)),
        plot=markupsafe.Markup(plot),
    )


def colour_groups(graph) -> dict[str, str]:
    """Each node's colour: its (first) class, while the view has no more classes than the
    palette has colours; past that, a kind with more than four classes (substances, say)
    gets one colour for all of them."""
    first = {
        n: (a.get("class") or "unclassified").split(", ")[0] for n, a in graph.nodes(data=True)
    }
    if len(set(first.values())) <= len(PALETTE):
        return first
    kinds = {n: a.get("kind") or first[n] for n, a in graph.nodes(data=True)}
    spread: dict[str, set] = {}
    for node, kind in kinds.items():
        spread.setdefault(kind, set()).add(first[node])
    return {n: first[n] if len(spread[kinds[n]]) <= 4 else kinds[n] for n in graph}


def _edge_traces(graph, positions) -> list:
    import plotly.graph_objects as go

    xs, ys = [], []
    for u, v in graph.edges():
        xs += [positions[u][0], positions[v][0], None]
        ys += [positions[u][1], positions[v][1], None]
    line = {"width": 0.7, "color": "rgba(80, 80, 80, 0.45)"}
    edges = go.Scatter(x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", showlegend=False)
    focus = go.Scatter(
        x=[], y=[], mode="lines", hoverinfo="skip", showlegend=False, meta="focus",
        line={"width": 2.2, "color": "rgba(213, 94, 0, 0.9)"},
    )  # fmt: skip
    return [edges, focus]


def _node_traces(graph, positions, group: dict, name: str, colour: str) -> list:
    """The nodes of one colour, and their legend entry: a marker alone, since a legend shows
    the first point's shape and this view's shapes tell roles, not classes."""
    import plotly.graph_objects as go

    nodes = [n for n in graph if group[n] == name]
    labelled = graph.number_of_nodes() <= LABELLED
    small = 8 if graph.number_of_nodes() <= 300 else 4  # a big view: smaller markers
    hubs = sorted(graph, key=lambda n: (-graph.degree(n), n))[:HUBS]
    symbols = {"precursor": "circle", "formed phase": "diamond", "method": "square"}
    key = go.Scatter(
        x=[None], y=[None], mode="markers", name=html.escape(name, quote=False), legendgroup=name,
        marker={"size": 10, "color": colour}, meta="legend", hoverinfo="skip",
    )  # fmt: skip
    return [
        key,
        go.Scatter(
            x=[positions[n][0] for n in nodes],
            y=[positions[n][1] for n in nodes],
            mode="markers+text",
            name=html.escape(name, quote=False),
            legendgroup=name,
            showlegend=False,
            meta="nodes",
            customdata=nodes,
            text=[
                html.escape(_short(graph.nodes[n]["label"], 32 if labelled else 24), quote=False)
                if labelled or n in hubs
                else ""
                for n in nodes
            ],
            hovertext=[html.escape(_hover(graph.nodes[n]), quote=False) for n in nodes],
            hoverinfo="text",
            textposition=[PLACES.get(graph.nodes[n].get("role", ""), "top center") for n in nodes],
            textfont={"size": 11, "color": "#222"},
            marker={
                "size": [min(small + 2.5 * math.sqrt(graph.degree(n)), 26) for n in nodes],
                "color": colour,
                "symbol": [symbols.get(graph.nodes[n].get("role", ""), "circle") for n in nodes],
                "line": {"width": 0.8, "color": "white"},
            },
            selected={"marker": {"opacity": 1}},
            unselected={"marker": {"opacity": 0.12}, "textfont": {"color": "rgba(0,0,0,0.15)"}},
        ),
    ]


def _short(label: str, width: int = 28) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _hover(attrs: dict) -> str:
    parts = [attrs.get("label", ""), attrs.get("class", ""), attrs.get("formula", "")]
    return " · ".join(p for p in dict.fromkeys(parts) if p)


def _layout_options(positions: dict) -> dict:
    """A clean canvas, one pixel across as one pixel up, with room for the outer labels."""
    xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    return {
        "template": "plotly_white",
        "showlegend": True,
        "legend": {
            "orientation": "h",
            "yanchor": "top",
            "y": -0.01,
            "itemsizing": "constant",
            "font": {"size": 12},
        },
        "hovermode": "closest",
        "dragmode": "pan",
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "xaxis": {**axis, "range": [min(xs) - LABEL_ROOM, max(xs) + LABEL_ROOM]},
        "yaxis": {**axis, "scaleanchor": "x", "range": [min(ys) - ROW, max(ys) + ROW]},
        "font": {"family": "DejaVu Sans, Arial, sans-serif"},
    }


def _config(graph) -> dict:
    view = graph.graph.get("view", "graph")
    return {
        "displaylogo": False,
        "scrollZoom": True,
        "responsive": True,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": f"naseigraph-{view}", "scale": 2},
    }


def _page_data(graph, positions, group, colours, references) -> dict:
    """Everything the page's script needs: nodes with their facts, edges, references."""
    sections: dict[str, set] = {n: set() for n in graph}
    edges = []
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        edges.append({"source": u, "target": v, "key": key, **attrs})
        for node in (u, v):
            sections[node].update(s for s in str(attrs.get("section", "")).split(", ") if s)
    nodes = []
    for node, attrs in graph.nodes(data=True):
        own = {s for s in str(attrs.get("section", "")).split(", ") if s}
        nodes.append(
            {
                "id": node,
                "group": group[node],
                "sections": sorted(own | sections[node]),
                "x": positions[node][0],
                "y": positions[node][1],
                "attrs": attrs,
            }
        )
    cited = {int(r) for e in edges + [n["attrs"] for n in nodes] for r in _refs(e)}
    return {
        "view": graph.graph.get("view", ""),
        "colours": colours,
        "nodes": nodes,
        "edges": edges,
        "references": {str(n): references[n] for n in sorted(cited) if n in references},
    }


def _refs(attrs: dict) -> list[str]:
    return [r for r in str(attrs.get("refs", "")).split(", ") if r.isdigit()]


def _script_json(data) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can end it or open a tag."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
