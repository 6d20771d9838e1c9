"""The full view's exports, as the code was at a commit before and as it is now.

    python bench/exports.py [--before 6dcb1a4] [--runs 3] [-o bench/exports.md]

For each graph (the shipped data; with bench/graphs/seam-100k.ttl) and each format (GraphML,
the HTML page), `export(FORMAT, view="full")` in a cold process, alternating the code at
--before (a `git worktree` of that commit, first on PYTHONPATH) and the code of this checkout.
Reported: medians (min-max) of the export call and of the whole process, peak memory, the
GraphML's nodes and edges, which must be the same on both sides (the positions may differ), and
the page's size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GRAPHS = {"shipped": None, "100k": HERE / "graphs" / "seam-100k.ttl"}
FORMATS = ("graphml", "html")
CHILD = """
import json, resource, sys, time
started = time.perf_counter()
import naseigraph
from naseigraph import export
from naseigraph.graph import data_files
graph, fmt, out = sys.argv[1:4]
begun = time.perf_counter()
export(fmt, out, view="full", paths=[*data_files(), *([graph] if graph else [])])
done = time.perf_counter()
print(json.dumps({"export": done - begun, "process": done - started, "module": naseigraph.__file__,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def once(src: Path, graph: Path | None, fmt: str, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    args = [sys.executable, "-c", CHILD, str(graph or ""), fmt, str(out)]
    found = json.loads(subprocess.run(args, env=env, check=True, capture_output=True).stdout)
    assert Path(found["module"]).is_relative_to(src), found["module"]  # the intended code ran
    text = out.read_text(encoding="utf-8")
    if fmt == "graphml":
        found["written"] = f"{text.count('<node ')}, {text.count('<edge ')}"
    else:  # a page's picture is its positions, which may change: its size only
        found["written"] = f"{len(text.encode()) / 2**20:.1f} MiB"
    return found


def shown(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f}) s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="6dcb1a4")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-o", "--output", type=Path, default=HERE / "exports.md")
    args = parser.parse_args()
    lines = [
        f"# The full view's exports, at {args.before} and now (bench/exports.py)",
        "",
        f"Cold processes, the two alternating, {args.runs} runs each; python"
        f" {platform.python_version()}. Times: median (min-max) of the export call, then of"
        " the whole process (imports included).",
        "",
        "| graph | format | before: export | before: process | now: export | now: process"
        " | ratio | peak MiB (before / now) | written |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                        str(tree), args.before], check=True)  # fmt: skip
        try:
            sides = {"before": tree / "src", "now": ROOT / "src"}
            for name, graph in GRAPHS.items():
                for fmt in FORMATS:
                    runs = {side: [] for side in sides}
                    for _ in range(args.runs):
                        for side, src in sides.items():
                            out = Path(folder) / f"{side}.{fmt}"
                            runs[side].append(once(src, graph, fmt, out))
                    lines.append(row(name, fmt, runs))
                    print(lines[-1], flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=True)  # fmt: skip
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


def row(name: str, fmt: str, runs: dict) -> str:
    written = {r["written"] for side in runs.values() for r in side}
    if fmt == "graphml":
        assert len(written) == 1, f"{name}: the two sides wrote different graphs: {written}"
    cells = []
    for side in ("before", "now"):
        cells += [shown([r[key] for r in runs[side]]) for key in ("export", "process")]
    ratio = statistics.median(r["export"] for r in runs["before"]) / statistics.median(
        r["export"] for r in runs["now"]
    )
    peaks = "/".join(f"{max(r['peak_mib'] for r in runs[s]):.0f}" for s in ("before", "now"))
    said = " / ".join(sorted(written))
    return f"| {name} | {fmt} | {' | '.join(cells)} | {ratio:.2f}x | {peaks} | {said} |"


if __name__ == "__main__":
    main()
