"""What naseigraph costs over the engine it wraps: cold processes, the same work, interleaved.

    python bench/overhead.py [--runs 15] [--store DIR] [-o bench/overhead.md]

Each pair of jobs does the same work in a fresh process, once through naseigraph and once in a
script that imports only pyoxigraph (the raw engine): load the same Turtle (or open the same
on-disk store), run the same query text (parameters substituted as naseigraph substitutes them,
the same prefixes) and print every row; each pair is run once first and must print as many
rows (the loads as many triples), else the bench stops. Runs alternate naseigraph, raw,
naseigraph, raw; the report gives medians, min-max, peak resident memory (os.wait4) and the
ratio of medians.

- `query`: `naseigraph query precursors-yielding -p phase=NaF` on the shipped graph, the
  console script run as a user starts it (`python -m naseigraph` where it is not installed).
- `import`: the modules a canned query imports (pyoxigraph among them) against `import pyoxigraph`.
- `1M --store`: the same query over the shipped data and bench/graphs/search-1000000.ttl in an
  on-disk store (built once under --store, as `--store` builds it). The command line's --store
  holds the shipped data only, so this side runs `naseigraph.load_store(files, path=DIR)`,
  `run` and the table writer, as `naseigraph query --store` does.
- `1M load`: the shipped data and bench/graphs/search-1000000.ttl loaded into an in-memory
  store (`naseigraph.load_store`) against the raw script's `bulk_load` of the same files, with
  no query; each prints the number of triples.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from seam import run, summary  # bench/seam.py: one timed cold process

import naseigraph
from naseigraph.graph import PREFIXES, data_files
from naseigraph.queries import bind, get_query
from naseigraph.store import store_sources
from naseigraph.substitution import substitute

HERE = Path(__file__).resolve().parent
BIG = HERE / "graphs" / "search-1000000.ttl"
NAME, PARAMS = "precursors-yielding", {"phase": "NaF"}
PROGRAM = Path(sys.executable).parent / "naseigraph"  # the console script, beside this Python
COMMAND = [str(PROGRAM)] if PROGRAM.exists() else ["-m", "naseigraph"]

# The raw engine: read the job from a JSON file, load or open, query, print every row.
RAW = """import json, sys
import pyoxigraph as ox
job = json.load(open(sys.argv[1]))
if job["store"]:
    store = ox.Store.read_only(job["store"])
else:
    store = ox.Store()
    for path in job["files"]:
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE)
if job["query"] is None:  # the load alone: the number of triples
    print(len(store))
    sys.exit()
result = store.query(job["query"], prefixes=job["prefixes"])
names = [v.value for v in result.variables]
print("\\t".join(names))
for row in result:
    print("\\t".join("" if row[n] is None else row[n].value for n in names))"""

API = """import sys
from pathlib import Path
from naseigraph.graph import data_files
from naseigraph.queries import run
from naseigraph.store import load_store
from naseigraph.tables import render
store = load_store([*data_files(), Path(sys.argv[1])], path=sys.argv[2])
print(render(run("precursors-yielding", store=store, phase="NaF"), "table"))"""


LOAD = """import sys
from pathlib import Path
from naseigraph.graph import data_files
from naseigraph.store import load_store
print(len(load_store([*data_files(), Path(sys.argv[1])])))"""


IMPORTS = "import naseigraph.cli, naseigraph.queries, naseigraph.store, naseigraph.tables"


def jobs(folder: Path, store: Path) -> list[tuple[str, list[str], list[str]]]:
    """(name, naseigraph's arguments to python, the raw engine's) for each pair."""
    query = get_query(NAME)
    text = substitute(query.text, bind(query, PARAMS))
    common = {"query": text, "prefixes": PREFIXES}
    shipped = folder / "shipped.json"
    # the files naseigraph loads: the ontology too, which the query's class and property
    # patterns need (without it the raw side found no row)
    files = [str(p) for p in store_sources()]
    shipped.write_text(json.dumps({**common, "files": files, "store": None}))
    raw = folder / "raw.py"
    raw.write_text(RAW)
    pairs = [
        (
            "query (shipped graph)",
            [*COMMAND, "query", NAME, "-p", "phase=NaF"],
            [str(raw), str(shipped)],
        ),
        # what a canned query imports: its modules, pyoxigraph among them
        ("import", ["-c", IMPORTS], ["-c", "import pyoxigraph"]),
    ]
    if BIG.exists():
        # built once, as --store builds it, in a child: a parent's peak memory would be counted
        # in every child it starts (ru_maxrss survives exec)
        subprocess.run(
            [sys.executable, "-c", API, str(BIG), str(store)], check=True, capture_output=True
        )
        location = next(p for p in store.iterdir() if p.is_dir())
        big = folder / "big.json"
        big.write_text(json.dumps({**common, "files": [], "store": str(location)}))
        pairs.append(("1M --store", ["-c", API, str(BIG), str(store)], [str(raw), str(big)]))
        loaded = [str(f) for f in store_sources([*data_files(), BIG])]
        load = folder / "load.json"
        load.write_text(json.dumps({"query": None, "files": loaded, "store": None}))
        pairs.append(("1M load", ["-c", LOAD, str(BIG)], [str(raw), str(load)]))
    return pairs


def same_rows(name: str, ours: list[str], theirs: list[str]) -> None:
    """Stop unless both sides print rows and as many: naseigraph's table ends "(N rows)", the
    raw script prints a header line and one line per row (the load prints one number)."""

    def printed(args: list[str]) -> str:
        done = subprocess.run([sys.executable, *args], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{name}: {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    mine, raw = printed(ours), printed(theirs)
    if name.endswith("load"):
        counts = (int(mine), int(raw))
    else:
        counts = (int(re.search(r"\((\d+) rows?\)$", mine)[1]), len(raw.splitlines()) - 1)
    if counts[0] != counts[1] or not counts[1]:
        raise SystemExit(f"{name}: not the same work: naseigraph {counts[0]}, raw {counts[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--store", type=Path, default=Path("/tmp/naseigraph-overhead-store"))
    parser.add_argument("-o", "--output", type=Path, default=HERE / "overhead.md")
    args = parser.parse_args()
    lines = [
        "# naseigraph over the raw engine, cold processes (bench/overhead.py)",
        "",
        f"Medians of {args.runs} interleaved runs; python {sys.version.split()[0]}.",
        "",
        "| job | naseigraph | MiB | raw pyoxigraph | MiB | ratio |",
        "|---|---|---|---|---|---|",
    ]
    # bytecode compiled now, as an installed package has it (PYTHONDONTWRITEBYTECODE may be set)
    package = Path(naseigraph.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp), str(Path(tmp) / "unused")
        for name, ours, theirs in jobs(folder, args.store):
            if name != "import":
                same_rows(name, ours, theirs)
            done = {"ours": [], "raw": []}
            for _ in range(args.runs):
                done["ours"].append(run(sys.executable, ours, 120, out))
                done["raw"].append(run(sys.executable, theirs, 120, out))
            (a, am, a_mib, _), (b, bm, b_mib, _) = summary(done["ours"]), summary(done["raw"])
            ratio = f"{am / bm:.2f}x" if am and bm else "-"
            lines.append(f"| {name} | {a} s | {a_mib} | {b} s | {b_mib} | {ratio} |")
            print(lines[-1], flush=True)
    lines += ["", "Times in seconds: median (min-max)."]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
