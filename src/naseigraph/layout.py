"""Where each node goes, in pixels at 1:1 zoom, for the HTML page and the figures: every
connected piece laid out alone, then the pieces packed in columns, room left for the labels."""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

ROW, LAYER_GAP, LABEL_ROOM = 22.0, 110.0, 215.0  # pixels: a text line, between layers, a label
CHAR, GUTTER = 6.8, 70.0  # pixels: the mean width of a character of the 11 px labels; between


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions of the nodes of a view. Precursor-phase and causes pieces are layered left to
    right (precursors, then what they form; causes, then their effects) so that every edge reads
    forwards, but for the one that closes each cycle of causes; other views use a force layout."""
    import networkx as nx

    pieces = sorted(nx.weakly_connected_components(graph), key=lambda c: (-len(c), min(c)))
    layered = graph.graph.get("view") in ("precursor-phase", "causes")
    boxes = [(_layered if layered else _spring)(graph.subgraph(piece)) for piece in pieces]
    packed = _pack(boxes, [_rooms(graph, box, layered) for box in boxes])
    return {n: (float(x), float(y)) for n, (x, y) in packed.items()}  # not numpy's float32


def _rooms(graph, box: dict, layered: bool) -> tuple[float, float]:
    """Room for labels left and right of a piece: the longest label at either side for
    layered pieces (precursors labelled on the left, phases on the right), half a label else."""
    if not layered:
        return LABEL_ROOM / 2, LABEL_ROOM / 2
    xs = [x for x, _ in box.values()]

    def room(edge: float) -> float:
        sides = [n for n, (x, _) in box.items() if x == edge]
        return 16 + CHAR * max(min(len(str(graph.nodes[n].get("label", n))), 32) for n in sides)

    return room(min(xs)), room(max(xs))


def _layered(piece) -> dict:
    import networkx as nx

    dag = nx.DiGraph(piece)
    while not nx.is_directed_acyclic_graph(dag):  # a vicious circle of causes: the edge that
        dag.remove_edge(*nx.find_cycle(dag)[-1][:2])  # closes it is drawn pointing back
    layers = [sorted(layer) for layer in nx.topological_generations(dag)]
    for _ in range(2):  # order each layer by where its neighbours sit: fewer crossings
        for k, layer in enumerate(layers):
            rank = {n: i for other in layers[:k] + layers[k + 1 :] for i, n in enumerate(other)}
            layer.sort(key=partial(_mean, dag, rank))
    tallest = max(len(layer) for layer in layers)
    return {
        node: (k * LAYER_GAP, -(i + (tallest - len(layer)) / 2) * ROW)
        for k, layer in enumerate(layers)
        for i, node in enumerate(layer)
    }


def _mean(dag, rank: dict, node) -> float:
    """The mean place of a node's neighbours in the other layers."""
    placed = [rank[n] for n in (*dag.predecessors(node), *dag.successors(node)) if n in rank]
    return sum(placed) / len(placed) if placed else 0.0


def _spring(piece) -> dict:
    """A force layout scaled so that a piece of n nodes spans about 70 sqrt(n) pixels:
    networkx's Fruchterman-Reingold, or igraph's from 500 nodes, where networkx's would need
    scipy and its ForceAtlas2 took 21 s on the shipped graph's 1357 nodes (igraph: 0.2 s)."""
    import networkx as nx

    simple = nx.Graph(piece.to_undirected())
    if len(simple) < 500:
        found = nx.spring_layout(simple, seed=7, iterations=200)
    else:
        found = _igraph_layout(simple)
    xs, ys = [p[0] for p in found.values()], [p[1] for p in found.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = 70 * math.sqrt(len(simple)) / span
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in found.items()}


GRID_FROM = 5000  # nodes: igraph's grid approximation of the repulsion, from this size
# igraph's default is 500; 250 gave the shipped graph the same two lobes in half the time.
ITERATIONS = 250


def _igraph_layout(simple) -> dict:
    """Fruchterman-Reingold by igraph, its random numbers seeded so that a graph gets the same
    picture every time (igraph draws from one module-wide generator: put back after). Exact
    repulsion up to GRID_FROM nodes: igraph's own default, the grid from 1000, drew the shipped
    graph's 1357 nodes as one ball, where the exact one shows the materials and the argument
    apart, as ForceAtlas2 did."""
    import random

    import igraph

    nodes = sorted(simple, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in simple.edges()])
    igraph.set_random_number_generator(random.Random(7))
    try:
        grid = "grid" if len(nodes) >= GRID_FROM else "nogrid"
        found = graph.layout_fruchterman_reingold(niter=ITERATIONS, grid=grid)
    finally:
        igraph.set_random_number_generator(random)
    return dict(zip(nodes, found.coords, strict=True))


def _pack(boxes: list[dict], rooms: list[tuple[float, float]]) -> dict:
    """Pieces into columns, each piece to the shortest column, as many columns as make the
    whole about 2.3 times as wide as high (a screen beside the details panel)."""
    sized = []
    for box, (left_room, right_room) in zip(boxes, rooms, strict=True):
        xs, ys = [p[0] for p in box.values()], [p[1] for p in box.values()]
        sized.append((box, min(xs), max(ys), max(xs) - min(xs), max(ys) - min(ys) + 2 * ROW,
                      left_room, right_room))  # fmt: skip
    best = None
    for count in range(1, len(boxes) + 1):
        columns: list[list] = [[] for _ in range(count)]
        heights = [0.0] * count
        for item in sized:
            k = heights.index(min(heights))
            columns[k].append(item)
            heights[k] += item[4]
        width = sum(_column_width(column) for column in columns)
        shape = abs(math.log(width / max(heights) / 2.3))
        if best is None or shape < best[0]:
            best = (shape, columns)
    positions, left = {}, 0.0
    for column in best[1]:
        top, start = 0.0, left + max((i[5] for i in column), default=0)
        for box, min_x, max_y, _, height, *_ in column:
            for node, (x, y) in box.items():
                positions[node] = (start + x - min_x, top - ROW + y - max_y)
            top -= height
        left += _column_width(column)
    return positions


def _column_width(column: list) -> float:
    """Widest left labels, widest piece, widest right labels, and a gutter: the page may be
    drawn smaller than 1:1, and the labels do not shrink with it."""
    return GUTTER + sum(max((item[k] for item in column), default=0) for k in (5, 3, 6))
