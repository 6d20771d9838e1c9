"""Cold `naseigraph search NaF`: on the shipped graph and at 1M triples with an on-disk store.

    python bench/search.py                 # writes bench/search.md
    python bench/search.py --triples 100000

Each run is a whole new process, as a user starts one. The alternative in the same run is the
raw engine: a short script that loads the same Turtle into pyoxigraph (or opens the same built
store) and runs the same SPARQL text (views/search.rq with the search's terms written in), so
the ratio is what naseigraph costs over the engine it wraps. Medians, with min and max, of
RUNS interleaved runs. The 1M graph is bench/generate.py's, seed 7, under bench/graphs/.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRAPHS = HERE / "graphs"
RUNS = 11
TEXT = "NaF"

# The raw engine: the same files, the same query text, nothing of naseigraph but its paths.
RAW = """
import sys, pyoxigraph as ox
from naseigraph.find import bindings_for
from naseigraph.graph import PREFIXES
from naseigraph.store import store_sources
from naseigraph.queries import view
from naseigraph.substitution import substitute
files = store_sources(sys.argv[2:] or None)
if sys.argv[1] == "-":
    store = ox.Store()
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
else:
    store = ox.Store.read_only(sys.argv[1])
text = substitute(view("search"), bindings_for("NaF"))
print(len(list(store.query(text, prefixes=PREFIXES))))
"""

# naseigraph's own search over a built store of the 1M graph (the CLI's --store takes the
# shipped data only; the API takes any files).
API = """
import sys
from naseigraph import search
from naseigraph.graph import data_files
from naseigraph.store import load_store
store = load_store([*data_files(), sys.argv[2]], path=sys.argv[1])
print(len(search("NaF", store=store, limit=None)))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--output", type=Path, default=HERE / "search.md")
    args = parser.parse_args(argv)
    py = sys.executable
    rows = [
        compare(
            "shipped graph, in memory",
            [py, "-m", "naseigraph", "search", TEXT, "--limit", "1000"],
            [py, "-c", RAW, "-"],
        )
    ]
    big = GRAPHS / f"search-{args.triples}.ttl"
    if not big.exists():
        say(f"generating {big}")
        GRAPHS.mkdir(exist_ok=True)
        generate = [py, HERE / "generate.py", "--triples", str(args.triples), "--seed", "7"]
        subprocess.run([*generate, "-o", big], check=True)
    with tempfile.TemporaryDirectory(prefix="naseigraph-search-") as folder:
        store = Path(folder) / "store"
        say("building the store")
        subprocess.run([py, "-c", API, store, big], check=True, capture_output=True)
        built = next(store.glob("store-*"))
        rows.append(
            compare(
                f"{args.triples:,} triples, --store",
                [py, "-c", API, store, big],
                [py, "-c", RAW, built, *map(str, data_files_with(big))],
            )
        )
    args.output.write_text(report(rows), encoding="utf-8")
    say(f"wrote {args.output}")
    return 0


def data_files_with(big: Path) -> list[Path]:
    from naseigraph.graph import data_files

    return [*data_files(), big]


def compare(label: str, ours: list, raw: list) -> dict:
    """Interleaved cold runs of both commands: medians, extremes and the ratio."""
    say(f"{label}: {RUNS} runs each")
    times: dict[str, list[float]] = {"naseigraph": [], "raw": []}
    for _ in range(RUNS):
        for name, command in (("naseigraph", ours), ("raw", raw)):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(found) for name, found in times.items()}
    return {"label": label, "times": times, "medians": medians}


def report(rows: list[dict]) -> str:
    import platform

    lines = [
        "# Cold search (`python bench/search.py`)",
        "",
        f"`search {TEXT}` in a new process each run, {RUNS} interleaved runs; the alternative is",
        "the raw engine (pyoxigraph, the same files or store and the same query text). Machine:",
        f"{platform.machine()}, Python {platform.python_version()}.",
        "",
        "| graph | naseigraph median (min-max) | raw engine median (min-max) | ratio |",
        "|---|---|---|---|",
    ]
    for row in rows:
        ours, raw = row["times"]["naseigraph"], row["times"]["raw"]
        ratio = row["medians"]["naseigraph"] / row["medians"]["raw"]
        lines.append(f"| {row['label']} | {_ms(ours)} | {_ms(raw)} | {ratio:.2f}x |")
    return "\n".join(lines) + "\n"


def _ms(values: list[float]) -> str:
    return (
        f"{statistics.median(values) * 1000:.0f} ms "
        f"({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
    )


def say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
