"""How pySHACL (and every rdflib consumer) should get its rdflib graph from the one load.

    pip install oxrdflib  # for this comparison only: naseigraph does not depend on it
    python bench/rdflib_bridge.py [EXTRA.ttl ...] [--runs 3]

Three routes, the same shapes and data (the ontology, the shipped data and EXTRA), timed in one
process, interleaved, with the size of pySHACL's report as a check that they agree:
- parsed: the files parsed once by Oxigraph, triple by triple, into an in-memory rdflib graph
  (naseigraph.store.Parsed: naseigraph's route; every literal as written);
- store copy: the files bulk-loaded into an Oxigraph store, then one pass over its quads into
  an in-memory rdflib graph (naseigraph.store.rdflib_graph);
- oxrdflib: the same store wrapped as an rdflib graph by oxrdflib's OxigraphStore, no copy.
Both store routes see numbers in the store's canonical form ("1.0" becomes "1").
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyshacl
from rdflib import Graph

from naseigraph.graph import data_files, shapes_file
from naseigraph.store import load_store, parse_sources, parse_turtle, rdflib_graph


def parsed(files):
    return parse_sources(files).graph()


def store_copy(files):
    return rdflib_graph(load_store(files))


def oxrdflib(files):
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    store = OxigraphStore(store=load_store(files))
    return Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)  # the store's default graph


ROUTES = {"parsed": parsed, "store copy": store_copy, "oxrdflib": oxrdflib}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("extra", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = [*data_files(), *args.extra]
    shapes = parse_turtle([shapes_file()])
    times: dict = {name: {"load": [], "pySHACL": []} for name in ROUTES}
    found: dict = {}
    sizes: dict = {}
    for _ in range(args.runs):
        for name, route in ROUTES.items():
            start = time.perf_counter()
            graph = route(files)
            middle = time.perf_counter()
            _, results, _ = pyshacl.validate(
                graph, shacl_graph=shapes, inference="none", advanced=True
            )
            times[name]["load"].append(middle - start)
            times[name]["pySHACL"].append(time.perf_counter() - middle)
            found[name] = len(results)
            sizes[name] = len(graph)
    print(f"triples {sizes}, {args.runs} runs, report sizes {found}")
    print("| route | load to rdflib (median) | pySHACL (median) | total |")
    print("|---|---|---|---|")
    for name, parts in times.items():
        load, check = (statistics.median(parts[k]) for k in ("load", "pySHACL"))
        print(f"| {name} | {load:.2f} s | {check:.2f} s | {load + check:.2f} s |")


if __name__ == "__main__":
    main()
