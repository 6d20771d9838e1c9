"""On-disk stores as `--store` built them before and as it builds them now, compacted.

    python bench/compaction.py [--triples 1000000] [--runs 3] [--timeout 30] [--only A,B] [-o FILE]

The shipped data and bench/graphs/search-N.ttl (bench/generate.py, seed 7) are bulk-loaded into
an on-disk store and flushed, as naseigraph.persistent built a store before; a copy of it is
then compacted with pyoxigraph's `Store.optimize()`, as it builds one now. The report gives the
load and compaction times, each store's size on disk and its number of SST files. Then every
canned query that needs no reasoner runs with its default parameters on both stores, opened
read-only as `--store` opens them: alternating, a warm-up and --runs timed runs, each query in
a forked child (bench/plans.py) so that one given up at --timeout cannot slow the next; the rows
are compared in order (rows read as `naseigraph query` reads them, its default row limit).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from plans import cell, in_child, measure

from naseigraph.graph import data_files
from naseigraph.queries import list_queries
from naseigraph.store import bulk_load, store_sources

HERE = Path(__file__).resolve().parent
SIDES = ("plain", "compacted")


def build(folder: Path, graph: Path) -> list[str]:
    """Both stores under `folder`, and the report's lines on how they were made."""
    started = time.perf_counter()
    store = ox.Store(str(folder / "plain"))
    bulk_load(store, store_sources([*data_files(), graph]))
    store.flush()
    del store  # closed, so that it can be copied
    loaded = time.perf_counter() - started
    shutil.copytree(folder / "plain", folder / "compacted")
    started = time.perf_counter()
    store = ox.Store(str(folder / "compacted"))
    store.optimize()
    store.flush()
    del store
    compacted = time.perf_counter() - started
    sizes = {side: _size(folder / side) for side in SIDES}
    made = (
        f"- bulk load and flush: {loaded:.1f} s; compaction (`Store.optimize()`): {compacted:.1f} s"
    )
    return [
        made,
        *(f"- {k}: {mib:.0f} MiB on disk, {n} SST files" for k, (mib, n) in sizes.items()),
    ]


def _size(folder: Path) -> tuple[float, int]:
    files = [f for f in folder.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files) / 2**20, sum(f.suffix == ".sst" for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--only", default="", help="these queries only (comma-separated)")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "compaction.md")
    args = parser.parse_args()
    graph = HERE / "graphs" / f"search-{args.triples}.ttl"
    if not graph.exists():
        generate = [sys.executable, str(HERE / "generate.py"), "--triples", str(args.triples)]
        subprocess.run([*generate, "--seed", "7", "-o", str(graph)], check=True)
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(dir=HERE / "graphs") as tmp:
        made = build(Path(tmp), graph)
        stores = {side: ox.Store.read_only(str(Path(tmp) / side)) for side in SIDES}
        lines = [
            "# On-disk stores, compacted or not (bench/compaction.py)",
            "",
            f"- {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores; {graph.name} (seed 7) with"
            f" the shipped data: {len(stores['plain'])} triples",
            *made,
            f"- canned queries: default parameters, medians of {args.runs} runs after a warm-up,"
            f" the two stores alternating; over {args.timeout:g} s is given up",
            "",
            "| query | rows | plain | compacted | compacted / plain | same rows, in order |",
            "|---|---|---|---|---|---|",
        ]
        only = set(filter(None, args.only.split(",")))
        for query in list_queries():
            if query.reason or (only and query.name not in only):
                continue
            got = in_child(measure, {k: (query.text, s) for k, s in stores.items()}, query, args)
            plain, compacted, found = got["plain"], got["compacted"], got["rows"]
            ratio = f"{compacted / plain:.2f}" if plain and compacted else "-"
            same = "yes" if len(found) == 2 and found["plain"] == found["compacted"] else "no"
            count = len(found["compacted"]) if "compacted" in found else "-"
            timings = cell(plain, args.timeout), cell(compacted, args.timeout)
            lines.append(
                "| " + " | ".join(map(str, [query.name, count, *timings, ratio, same])) + " |"
            )
            print(lines[-1], flush=True)
        del stores
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
