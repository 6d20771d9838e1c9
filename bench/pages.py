"""The first page of every canned query at 1M triples, against the whole listing.

    python bench/pages.py [--store DIR] [--runs 3] [-o bench/pages.md]

In one process, on the on-disk store of the shipped data with bench/graphs/search-1000000.ttl
(built there on first use, as `--store` builds it): each canned query that needs no reasoner,
run whole (the default row limit) and as its first page (`limit=100`, what `--limit 100` and
the workbench's query page ask for), interleaved, after a warm-up. Medians of `--runs`; the
first page is checked to hold rows of the whole listing (not always its first 100: where
ORDER BY ties, two evaluations may put equal-ranked rows in another order, and the page says
how many of its rows differ from the whole listing's head). A query that takes longer than
`--timeout` seconds is recorded as such and not run again.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from naseigraph.graph import NaseigraphError, data_files
from naseigraph.queries import list_queries, run_query
from naseigraph.store import load_store

HERE = Path(__file__).resolve().parent
GRAPH = HERE / "graphs" / "search-1000000.ttl"
PAGE = 100


def timed(name: str, store, timeout: float, **rows) -> tuple[float, list]:
    start = time.perf_counter()
    found = run_query(name, store=store, timeout=timeout, **rows)
    return time.perf_counter() - start, found


def measure(name: str, store, args) -> tuple[list, list, list, list]:
    """The whole listing and its first page (checked), then `args.runs` timings of each."""
    _, whole = timed(name, store, args.timeout)
    _, page = timed(name, store, args.timeout, limit=PAGE)
    assert all(row in whole for row in page), name
    full, first = [], []
    for _ in range(args.runs):
        full.append(timed(name, store, args.timeout)[0])
        first.append(timed(name, store, args.timeout, limit=PAGE)[0])
    return whole, page, full, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/naseigraph-pages-store"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("-o", "--output", type=Path, default=HERE / "pages.md")
    args = parser.parse_args()
    store = load_store([*data_files(), GRAPH], path=args.store)
    lines = [
        "# The first page of each canned query at 1M triples (bench/pages.py)",
        "",
        f"{len(store)} triples, on-disk store; medians of {args.runs} runs after a warm-up.",
        "",
        "| query | rows | whole listing | first 100 rows | ratio | page rows not at the head |",
        "|---|---|---|---|---|---|",
    ]
    for query in list_queries():
        if query.reason:
            continue
        try:
            whole, page, full, first = measure(query.name, store, args)
        except NaseigraphError:
            lines.append(f"| {query.name} | - | over {args.timeout:g} s | not run | - | - |")
            print(lines[-1], flush=True)
            continue
        moved = sum(a != b for a, b in zip(page, whole[:PAGE], strict=False))
        a, b = statistics.median(full) * 1000, statistics.median(first) * 1000
        cells = f"{len(whole)} | {a:.0f} ms | {b:.0f} ms | {b / a:.2f} | {moved}"
        lines.append(f"| {query.name} | {cells} |")
        print(lines[-1], flush=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
