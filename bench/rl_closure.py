"""The OWL 2 RL closure for `naseigraph reason --reasoner rl`: owlrl against `reasonable`.

Each engine runs in a fresh interpreter per measurement, on the shipped graph and on copies of
its facts (every resource IRI renamed per copy, the ontology once), and reports the wall time
of the closure alone (the graph already parsed), the peak resident memory of the process, the
triples it returns, and whether the two agree on the naseigraph class memberships. It also
counts literals an engine returns changed (a plain literal typed, a language tag lost).

    python bench/rl_closure.py [--copies 1 4] [--runs 3]

Results and the machine they came from: bench/reasoning.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
from rdflib import Graph, Literal, RDF, URIRef
from naseigraph.graph import PREFIXES, data_files, ontology_file
from naseigraph.store import parse_turtle

engine, copies = sys.argv[1], int(sys.argv[2])
NSGR = PREFIXES["nsgr"]
graph = parse_turtle([ontology_file()])
facts = parse_turtle(data_files())
for k in range(copies):
    def rename(term):
        mine = isinstance(term, URIRef) and term.startswith(NSGR)
        return URIRef(f"{term}-copy{k}") if mine else term
    for s, p, o in facts:
        graph.add((rename(s), p, rename(o)))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if engine == "owlrl":
    import owlrl
    closure = Graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    out = set(closure)
else:
    import reasonable
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(graph)
    out = set(reasoner.reason())
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
asserted = set(graph)
literals = {t for t in asserted if isinstance(t[2], Literal)}
types = sorted(
    f"{s} {o}" for s, p, o in out
    if p == RDF.type and str(o).startswith(PREFIXES["nsg"]) and isinstance(s, URIRef)
)
print(json.dumps({
    "seconds": seconds, "peak_mb": peak / 1024, "extra_mb": (peak - before) / 1024,
    "asserted": len(asserted), "returned": len(out),
    "literals_changed": len(literals - out), "types": types,
}))
"""


def measure(engine: str, copies: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, engine, str(copies)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {platform.machine()}, {platform.platform()}")
    columns = [
        "copies",
        "engine",
        "asserted",
        "returned",
        "closure_s_median",
        "peak_MB",
        "literals_changed",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|")
    for copies in args.copies:
        results = {}
        for engine in ("reasonable", "owlrl"):
            runs = [measure(engine, copies) for _ in range(args.runs)]
            results[engine] = runs[0]
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            first = runs[0]
            print(
                f"| {copies} | {engine} | {first['asserted']} | {first['returned']} |"
                f" {seconds:.2f} | {peak:.0f} | {first['literals_changed']} |"
            )
        same = results["reasonable"]["types"] == results["owlrl"]["types"]
        print(f"| {copies} | same naseigraph class memberships | {same} | | | | |")


if __name__ == "__main__":
    main()
