"""Canned queries as written at a commit before and as written now, side by side.

    python bench/plans.py [--before b0f2fb6] [--runs 3] [--timeout 30] [-o bench/plans.md]
                          [--graph bench/graphs/search-1000000.ttl] [--queries claims,studies]

In one process, on an in-memory store of the shipped data and --graph (1M triples by default):
each canned query that needs no reasoner (or those of --queries), its text at --before (read
with `git show`) and its text now, with the same default parameters, run alternately after a
warm-up; medians of --runs. The rows are compared as lists (order included). A run over
--timeout seconds is recorded as such and that side is not run again; each query is measured in
a forked child of this process (sharing the store), ended after it, so a query given up cannot
slow the next.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import time
from pathlib import Path

from naseigraph.graph import NaseigraphError, data_files
from naseigraph.queries import bind, execute, list_queries, rows
from naseigraph.store import load_store

HERE = Path(__file__).resolve().parent
GRAPH = HERE / "graphs" / "search-1000000.ttl"


def text_at(commit: str, name: str) -> str | None:
    shown = subprocess.run(
        ["git", "-C", str(HERE.parent), "show", f"{commit}:queries/{name}.rq"],
        capture_output=True,
        text=True,
    )
    return shown.stdout if shown.returncode == 0 else None


def timed(text: str, store, query, timeout: float):
    start = time.perf_counter()
    found = rows(execute(text, store, bind(query, {}), source=query.name, timeout=timeout))
    return time.perf_counter() - start, found


def measure(sides: dict, query, args) -> dict:
    """Per side, a (query text, store) pair: its seconds, or the timeout it ran over; and its
    rows."""
    times, found, late = {k: [] for k in sides}, {}, set()
    for _ in range(args.runs + 1):  # the first round warms up
        for side, (text, store) in sides.items():
            if side in late:
                continue
            try:
                seconds, found[side] = timed(text, store, query, args.timeout)
                times[side].append(seconds)
            except NaseigraphError:
                late.add(side)
    return {
        side: None if side in late else statistics.median(times[side][1:] or times[side])
        for side in sides
    } | {"rows": found}


def in_child(work, *args):
    """`work(*args)` in a forked child of this process (sharing the store), which is then ended:
    a query given up at its time limit goes on in its thread, and would slow every later run."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send(work(*args)))
    child.start()
    try:
        return receive.recv()
    finally:
        child.kill()
        child.join()


def cell(seconds: float | None, timeout: float) -> str:
    return f"over {timeout:g} s" if seconds is None else f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="b0f2fb6")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("-o", "--output", type=Path, default=HERE / "plans.md")
    parser.add_argument("--graph", type=Path, default=GRAPH)
    parser.add_argument("--queries", help="comma-separated names (default: all)")
    args = parser.parse_args()
    wanted = args.queries.split(",") if args.queries else None
    store = load_store([*data_files(), args.graph])
    lines = [
        "# Canned queries, before and after (bench/plans.py)",
        "",
        f"{len(store)} triples in memory (the shipped data and {args.graph.name});"
        f" the queries at {args.before} against the working tree;"
        f" medians of {args.runs} runs after a warm-up, alternating.",
        "",
        "| query | rows | before | now | now / before | same rows, in order |",
        "|---|---|---|---|---|---|",
    ]
    for query in list_queries():
        if query.reason or (wanted is not None and query.name not in wanted):
            continue
        texts = {"before": text_at(args.before, query.name), "now": query.text}
        if texts["before"] is None:
            texts.pop("before")
        got = in_child(measure, {k: (t, store) for k, t in texts.items()}, query, args)
        before, now, found = got.get("before"), got["now"], got["rows"]
        ratio = f"{now / before:.2f}" if before and now else "-"
        same = "yes" if found.get("before") == found.get("now") else "no"
        if "before" not in found or "now" not in found:
            same = "-"
        count = len(found["now"]) if "now" in found else "-"
        timings = cell(before, args.timeout), cell(now, args.timeout)
        cells = [query.name, count, *timings, ratio, same]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
        print(lines[-1], flush=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
