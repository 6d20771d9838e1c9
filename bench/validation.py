"""The two validation engines side by side: the same shapes and data, cold processes.

    python bench/validation.py [--runs 7] [--runs-100k 3] [--deadline 300]

Each run is `python -m naseigraph validate --engine E ...`, timed whole (imports included),
with its peak resident memory (os.wait4), runs of the two engines alternating. Graphs: the
shipped graph; 100k triples (bench/generate.py, seed 7, bench/graphs/seam-100k.ttl) on top of
it; and the same 100k with every invalid and warning fixture added, so that the report holds
157 findings. "same report" says whether both engines printed the same bytes in every
run (the report's lines and summary). The report goes to bench/validation.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from seam import GRAPH, run, side

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures"
ENGINES = ("rudof", "pyshacl")


def cases() -> list[tuple[str, list[str], str]]:
    broken = sorted(FIXTURES.glob("invalid/*.ttl")) + sorted(FIXTURES.glob("warning/*.ttl"))
    return [
        ("shipped graph", [], "runs"),
        ("100k", [str(GRAPH)], "runs_100k"),
        (f"100k + {len(broken)} broken fixtures", [str(GRAPH), *map(str, broken)], "runs_100k"),
    ]


def measure(args) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "unused")
        for name, files, runs in cases():
            seen = {engine: [] for engine in ENGINES}
            for _ in range(getattr(args, runs)):
                for engine in ENGINES:
                    command = ["-m", "naseigraph", "validate", "--engine", engine, *files]
                    done = run(sys.executable, command, args.deadline, out, codes=(0, 1))
                    seen[engine].append(done)
                    print(name, engine, seen[engine][-1], file=sys.stderr)
            rows.append({"case": name, **seen})
    return rows


def _cell(results: list[dict], key: str) -> str:
    values = [r[key] for r in results if key in r]
    if not values:
        return next((r.get("error") or f"over {r['late']} s" for r in results), "-")
    middle = statistics.median(values)
    if key != "seconds":
        return f"{middle:.0f}"
    return f"{middle:.3g} ({min(values):.3g}-{max(values):.3g})"


def _ratio(results_a: list[dict], results_b: list[dict], key: str) -> str:
    a = [r[key] for r in results_a if key in r]
    b = [r[key] for r in results_b if key in r]
    return f"{statistics.median(b) / statistics.median(a):.1f}x" if a and b else "-"


def report(rows: list[dict], args, started: datetime) -> str:
    commit = side(sys.executable)["commit"]
    load = os.getloadavg()[0]
    lines = [
        "# Validation engines side by side (bench/validation.py)",
        "",
        f"- naseigraph at {commit}; {started:%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores, load"
        f" average {load:.2f} at the end; runs alternate the engines; deadline {args.deadline} s",
        "- rudof: pyrudof (SHACL Core) with Oxigraph (SHACL-SPARQL), the default; pyshacl:"
        " `--engine pyshacl`, the reference",
        "",
        "Cold processes, imports included. Seconds: median (min-max); MiB: median peak resident"
        " memory; ratio: pyshacl over rudof (how many times faster rudof is, how many times the"
        " memory pySHACL takes).",
        "",
        "| graph | n | rudof s | pyshacl s | speed-up | rudof MiB | pyshacl MiB | memory ratio"
        " | same report |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        rudof, pyshacl = row["rudof"], row["pyshacl"]
        digests = {r.get("digest") for r in rudof + pyshacl}
        same = "yes" if len(digests) == 1 and None not in digests else "no"
        lines.append(
            f"| {row['case']} | {len(rudof)} | {_cell(rudof, 'seconds')} |"
            f" {_cell(pyshacl, 'seconds')} | {_ratio(rudof, pyshacl, 'seconds')} |"
            f" {_cell(rudof, 'mib')} | {_cell(pyshacl, 'mib')} | {_ratio(rudof, pyshacl, 'mib')}"
            f" | {same} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--runs-100k", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=300.0)
    args = parser.parse_args()
    if not GRAPH.exists():
        generate = [sys.executable, str(HERE / "generate.py"), "--triples", "100000"]
        subprocess.run([*generate, "--seed", "7", "-o", str(GRAPH)], check=True)
    side(sys.executable)  # bytecode compiled before the first timed run
    started = datetime.now(UTC)
    rows = measure(args)
    (HERE / "validation.md").write_text(report(rows, args, started), encoding="utf-8")
    print(f"wrote {HERE / 'validation.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
