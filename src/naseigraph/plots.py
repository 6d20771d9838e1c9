"""Figures for a slide or a paper, drawn from canned queries so that figure and query agree."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from naseigraph.graph import NaseigraphError, install_hint
from naseigraph.outputs import check_output, write_atomically

PLOTS = ("lifetimes", "precursor-phase")
SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
# The review's three classes of artificial SEI (sections 3.1, 3.2, 3.3): one look each.
CLASSES = {
    "inorganic": ("#0072B2", "o"),
    "organic": ("#E69F00", "s"),
    "hybrid": ("#009E73", "^"),
}


def plot(name: str, path: Path | str, *, store=None) -> Path:
    """Draw figure `name` into `path` (.png, .svg or .pdf), written atomically."""
    path = Path(path)
    if name not in PLOTS:
        raise NaseigraphError(f"unknown plot '{name}' (choose from {', '.join(PLOTS)})")
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise NaseigraphError(f"{path}: give a file ending in {', '.join(SUFFIXES)}")
    check_output(path)
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise NaseigraphError(f"plots need matplotlib: {install_hint('plot')}") from None
    from naseigraph.store import load_store

    store = load_store() if store is None else store
    figure = Figure(layout="constrained")
    DRAW[name](figure, store)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt in ("svg", "pdf") else {}  # the same bytes every run
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "naseigraph"}):  # editable text
        figure.savefig(buffer, format=fmt, dpi=200, metadata=metadata)
    write_atomically(path, buffer.getvalue())
    return path


def lifetime_points(store=None) -> tuple[list[dict], int]:
    """The rows of the canned query symmetric-cell-lifetimes that have a stated current
    density (its `current_density_value`), and how many have none. A result without a stated
    density never gets one; each row carries its layer's class."""
    from naseigraph.queries import run_query

    rows = run_query("symmetric-cell-lifetimes", store=store)
    points = [row for row in rows if row["current_density_value"] is not None]
    return points, len(rows) - len(points)


def _lifetimes(figure, store) -> None:
    points, unstated = lifetime_points(store)
    figure.set_size_inches(8, 5.6)
    axes = figure.add_subplot()
    for name, (colour, marker) in CLASSES.items():
        mine = [p for p in points if p["layer_class"] == name]
        if mine:
            axes.scatter(
                [float(p["current_density_value"]) for p in mine],
                [float(p["hours"]) for p in mine],
                s=90, c=colour, marker=marker, edgecolors="white", linewidths=0.8, zorder=3,
                label=f"{name} layer (section {_section(mine)})",
            )  # fmt: skip
    for p in points:
        label = textwrap.fill(p["layer_label"], 34)
        capacity = p["areal_capacity_as_printed"]
        capacity = "areal capacity not stated" if capacity == "unstated" else capacity
        refs = f"ref{'s' if ',' in p['refs'] else ''}. {p['refs']}"
        details = f"{p['printed']} · {capacity} · {refs}"
        axes.annotate(
            f"{label}\n{details}", (float(p["current_density_value"]), float(p["hours"])),
            xytext=(10, 0), textcoords="offset points", va="center", fontsize=8.5,
        )  # fmt: skip
    axes.set_xlim(0, max(float(p["current_density_value"]) for p in points) * 1.9)
    axes.set_ylim(0, max(float(p["hours"]) for p in points) * 1.15)
    axes.set_xlabel("current density (mA cm$^{-2}$)")
    axes.set_ylabel("cycling lifetime (h)")
    axes.set_title("Na||Na symmetric cells: lifetime against current density", loc="left")
    axes.grid(alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", frameon=False, title="artificial SEI")
    note = f"As printed in {_review(store)}; areal capacity in the label."
    if unstated:
        note += f" Not shown: {unstated} symmetric-cell results without a stated current density."
    figure.text(0.0, 0.0, textwrap.fill(note, 110), fontsize=7.5, color="#555", va="bottom")
    figure.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))


def _review(store) -> str:
    from naseigraph.queries import execute, rows, view

    return "; ".join(f"{r['label']}, doi:{r['doi']}" for r in rows(execute(view("review"), store)))


def _section(points: list[dict]) -> str:
    return ", ".join(sorted({p["section"] for p in points}))


def _precursor_phase(figure, store) -> None:
    """The precursor-phase pairs as small bipartite pieces: precursors left, what they form
    right, laid out like the HTML page; an implied pair dashed, colour by review section."""
    import networkx as nx

    from naseigraph.layout import layout
    from naseigraph.network import to_networkx

    view = to_networkx("precursor-phase", store=store)
    graph = nx.DiGraph(view="precursor-phase")  # a pair is implied if all its treatments are
    for u, v, edge in view.edges(data=True):
        pair = (view.nodes[u]["label"], view.nodes[v]["label"])
        implied = edge["implied"] and graph.get_edge_data(*pair, {}).get("implied", True)
        graph.add_edge(*pair, implied=implied, section=edge["section"])
    for _, attrs in view.nodes(data=True):
        graph.nodes[attrs["label"]]["role"] = attrs["role"]
    where = layout(graph)
    xs, ys = [p[0] for p in where.values()], [p[1] for p in where.values()]
    width, height = (max(xs) - min(xs)) / 80 + 3.2, (max(ys) - min(ys)) / 80 + 1.4
    figure.set_size_inches(width, height)
    axes = figure.add_subplot()
    colours = {"3.1": CLASSES["inorganic"][0], "3.2": CLASSES["organic"][0]}
    colours["3.3"] = CLASSES["hybrid"][0]
    for u, v, edge in graph.edges(data=True):
        axes.plot(
            [where[u][0], where[v][0]], [where[u][1], where[v][1]],
            color=colours.get(edge["section"], "#888"), lw=1.1, alpha=0.8,
            ls=(0, (3, 2)) if edge["implied"] else "-", zorder=1,
        )  # fmt: skip
    for node, attrs in graph.nodes(data=True):
        x, y = where[node]
        precursor, phase = attrs["role"] == "precursor", attrs["role"] == "formed phase"
        axes.scatter([x], [y], s=22, c="#333", marker="D" if phase else "o", zorder=2)
        place = {"ha": "right" if precursor else "left" if phase else "center"}
        offset = (-6, 0) if precursor else (6, 0) if phase else (0, 7)
        axes.annotate(node, (x, y), xytext=offset, textcoords="offset points", va="center",
                      fontsize=8.5, **place)  # fmt: skip
    axes.set_xlim(min(xs) - 200, max(xs) + 200)
    axes.set_ylim(min(ys) - 20, max(ys) + 20)
    axes.set_axis_off()
    axes.set_title(
        "Precursors (●) and the phases (◆) their treatments form, by review section",
        loc="left", fontsize=11,
    )  # fmt: skip
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=c, lw=1.5, label=f"section {s}") for s, c in colours.items()]
    handles.append(Line2D([], [], color="#888", lw=1.5, ls=(0, (3, 2)), label="implied"))
    figure.legend(handles=handles, loc="outside upper right", ncols=4, frameon=False, fontsize=8.5)


DRAW = {"lifetimes": _lifetimes, "precursor-phase": _precursor_phase}
