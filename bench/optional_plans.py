"""How Oxigraph plans the canned queries' reference lookup, measured on one synthetic graph.

    python bench/optional_plans.py [10k|100k|1m]      # default 1m; prints a Markdown table

Most canned queries list a fact's references with
`OPTIONAL { ?x prov:hadPrimarySource/nsg:referenceNumber ?number }`. Oxigraph (0.5) runs an
OPTIONAL as a loop over the rows before it only when its body is a single triple pattern;
this body is a two-step path, so it is evaluated over the whole graph and hash-joined. The
same lookup written as two nested single-pattern OPTIONALs is looped. This script times both
forms of every canned query that has the lookup (Oxigraph in memory, median of three after a
warm-up) and checks they give the same rows once each reference list is read as a set: the
rewrite changes the order of the numbers inside GROUP_CONCAT, which SPARQL leaves undefined.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

from naseigraph.graph import data_files
from naseigraph.queries import bind, execute, get_query, list_queries, rows
from naseigraph.store import load_store

HERE = Path(__file__).resolve().parent
LOOKUP = re.compile(r"OPTIONAL \{ (\?\w+) prov:hadPrimarySource/nsg:referenceNumber \?number \}")
NESTED = (
    r"OPTIONAL { \1 prov:hadPrimarySource ?source "
    r"OPTIONAL { ?source nsg:referenceNumber ?number } }"
)


def timed(text: str, store, bindings) -> tuple[float, list[dict]]:
    rows(execute(text, store, bindings))  # warm-up
    times, found = [], []
    for _ in range(3):
        started = time.perf_counter()
        found = rows(execute(text, store, bindings))
        times.append(time.perf_counter() - started)
    return statistics.median(times), found


def as_sets(found: list[dict]) -> list[str]:
    """Rows with every list (joined by ", " or "; ") read as a set, in a stable order."""
    out = []
    for row in found:
        cells = {
            k: sorted(re.split("; |, ", v)) if isinstance(v, str) else v for k, v in row.items()
        }
        out.append(repr(sorted(cells.items())))
    return sorted(out)


def main() -> int:
    size = sys.argv[1] if len(sys.argv) > 1 else "1m"
    store = load_store([*data_files(), HERE / "graphs" / f"synthetic-{size}.ttl"])
    print(f"| query ({size}) | as shipped | nested OPTIONALs | ratio | same rows as sets |")
    print("|---|---|---|---|---|")
    for name in (q.name for q in list_queries()):
        query = get_query(name)
        rewritten = LOOKUP.sub(NESTED, query.text)
        if rewritten == query.text or query.reason:
            continue
        bindings = bind(query, {})
        before, old = timed(query.text, store, bindings)
        after, new = timed(rewritten, store, bindings)
        same = "yes" if as_sets(old) == as_sets(new) else "NO"
        print(
            f"| {name} | {before * 1000:.0f} ms | {after * 1000:.0f} ms | "
            f"{before / after:.1f}x | {same} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
