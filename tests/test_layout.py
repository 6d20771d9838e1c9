"""The layout of a large piece (igraph's Fruchterman-Reingold, from 500 nodes): the same picture
every time, every node placed, and nobody else's random numbers drawn."""

import math
import random

import networkx as nx

from naseigraph.layout import layout
from naseigraph.network import view_of


def test_the_full_view_is_one_large_piece_laid_out_the_same_twice(store):
    view = view_of("full", store)
    biggest = max(nx.weakly_connected_components(view), key=len)
    assert len(biggest) >= 500  # the shipped graph's full view takes the igraph path
    state = random.getstate()
    first, second = layout(view), layout(view)
    assert random.getstate() == state  # igraph drew from its own seeded generator
    assert first == second
    assert set(first) == set(view)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    xs = [first[n][0] for n in biggest]
    # scaled as the small pieces are: about 70 sqrt(n) pixels across
    assert 0.5 < (max(xs) - min(xs)) / (70 * math.sqrt(len(biggest))) <= 1.0
