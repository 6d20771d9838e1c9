"""Two checkouts of naseigraph side by side: the same cold jobs, before and after a change.

    python bench/seam.py --before-python /tmp/seam-before-venv/bin/python \\
        [--after-python /work/venv/bin/python] [--runs 5] [--runs-100k 3] [--deadline 300]

A checkout is named by its interpreter: the python of a venv where that checkout is installed
editable (`python -m venv V && V/bin/pip install -e "CHECKOUT[html]"`). The script asks each
interpreter where it imports naseigraph from and reports that checkout and its commit;
--after-python defaults to the interpreter running this script. Every measurement is a fresh
process (`python -m naseigraph ...`, or `python -c` over the API where the command line takes
no file), timed whole, imports included, with its peak resident memory from os.wait4. Runs
alternate before, after, before, after; a run past --deadline is killed and recorded as over
the deadline, and that side runs the job no more. If the full html page overruns at 100k (it
took 16 min and 5 GiB at 781ce6d), the precursor-phase view is exported in a row of its own;
`--view-100k precursor-phase` skips the wait for the full one. The 100k graph is generated
(bench/generate.py, seed 7, by the after checkout) as bench/graphs/seam-100k.ttl (ignored by git),
and loaded together with each checkout's shipped data. The report goes to bench/seam.md.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRAPH = HERE / "graphs" / "seam-100k.ttl"
QUERY_ARGS = ["precursors-yielding", "-p", "phase=NaF"]
QUERY = """import sys, naseigraph
from naseigraph.graph import data_files
store = naseigraph.load_store([*data_files(), sys.argv[1]])
rows = naseigraph.run_query("precursors-yielding", store=store, phase="NaF")
print(len(rows), "rows") if rows else sys.exit("no rows")"""
EXPORT = """import sys, naseigraph
from naseigraph.graph import data_files
naseigraph.export("html", sys.argv[2], view=sys.argv[3], paths=[*data_files(), sys.argv[1]])"""


def jobs(size: str, out: str, view: str) -> list[tuple[str, list[str]]]:
    """(name, arguments to python) for each job on the shipped graph or at 100k."""
    cli, g = ["-m", "naseigraph"], str(GRAPH)
    if size == "shipped":
        return [
            ("validate", [*cli, "validate"]),
            ("reason --reasoner rl", [*cli, "reason", "--reasoner", "rl"]),
            ("export html", [*cli, "export", "html", "-o", out]),
            ("query precursors-yielding", [*cli, "query", *QUERY_ARGS]),
        ]
    return [
        ("validate FILE", [*cli, "validate", g]),
        ("reason --reasoner rl FILE", [*cli, "reason", "--reasoner", "rl", g]),
        (f"export html --view {view} (API)", ["-c", EXPORT, g, out, view]),
        ("query precursors-yielding (API)", ["-c", QUERY, g]),
    ]


FALLBACK = "precursor-phase"  # the view exported at 100k when the full one overruns


def run(python: str, args: list[str], deadline: float, out: str, codes=(0,)) -> dict:
    """One cold process: wall seconds, its own peak RSS (MiB), and a digest of what it wrote;
    an exit code outside `codes` is recorded as an error."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(
            [python, *args],
            stdout=stdout,
            stderr=stderr,
            cwd=Path(out).parent,
            start_new_session=True,
        )
        late = threading.Event()

        def kill():
            late.set()
            with contextlib.suppress(ProcessLookupError):  # it ended just now
                os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(deadline, kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        if late.is_set():
            return {"late": deadline}
        stdout.seek(0), stderr.seek(0)
        digest = hashlib.sha256(stdout.read())
        if child.returncode not in codes:
            lines = stderr.read().decode(errors="replace").strip().splitlines() or ["?"]
            return {"error": f"exit {child.returncode}: {lines[-1][:160]}"}
    if os.path.exists(out):
        digest.update(Path(out).read_bytes())
        os.unlink(out)
    return {"seconds": seconds, "mib": usage.ru_maxrss / 1024, "digest": digest.hexdigest()}


def side(python: str) -> dict:
    """Where this interpreter imports naseigraph from: its checkout, commit and state."""
    probe = "import naseigraph, pathlib; print(pathlib.Path(naseigraph.__file__).parent)"
    found = subprocess.run([python, "-c", probe], capture_output=True, text=True)
    if found.returncode:
        sys.exit(f"{python} cannot import naseigraph: {found.stderr.strip()[-300:]}")
    package = Path(found.stdout.strip())
    top = package.parents[1] if package.parent.name == "src" else package.parent

    def git(*args):
        command = ["git", "--no-optional-locks", "-C", str(top), *args]  # reads, never writes
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "no git"
    dirty = ", uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    # Bytecode compiled now, so the first timed run does not pay for it.
    subprocess.run([python, "-m", "compileall", "-q", str(package)], capture_output=True)
    return {"python": python, "checkout": str(top), "commit": commit + dirty}


def measure(sides: dict, size: str, runs: int, options, out: str) -> list[dict]:
    rows, queue = [], jobs(size, out, options.view_100k)
    while queue:
        name, args = queue.pop(0)
        done: dict[str, list[dict]] = {"before": [], "after": []}
        for _ in range(runs):
            for which in ("before", "after"):
                if not any("late" in r or "error" in r for r in done[which]):
                    done[which].append(run(sides[which]["python"], args, options.deadline, out))
                    last = done[which][-1]
                    brief = f"{last['seconds']:.2f} s" if "seconds" in last else str(last)[1:-1]
                    print(f"{size}: {name}: {which} {brief}", file=sys.stderr, flush=True)
        rows.append({"size": size, "job": name, **done})
        if args[-1] == "full" and any("late" in r for rs in done.values() for r in rs):
            queue.insert(0, (name.replace("full", FALLBACK), [*args[:-1], FALLBACK]))
    return rows


def summary(results: list[dict]) -> tuple[str, float | None, str, float | None]:
    """A side's seconds as 'median (min-max)' and their median, its MiB and theirs; or why not."""
    for r in results:
        if "late" in r or "error" in r:
            why = f"over deadline ({r['late']:g} s)" if "late" in r else f"failed: {r['error']}"
            return why.replace("|", "\\|"), None, "-", None
    seconds, mib = [r["seconds"] for r in results], [r["mib"] for r in results]
    median, peak = statistics.median(seconds), statistics.median(mib)
    return f"{_t(median)} ({_t(min(seconds))}-{_t(max(seconds))})", median, f"{peak:.0f}", peak


def _t(seconds: float) -> str:
    """Seconds to three significant figures: 0.0934, 2.44, 14.7."""
    return f"{seconds:.3g}"


def ratio(before: float | None, after: float | None) -> str:
    return f"{after / before:.2f}" if before and after else "-"


def report(sides, rows, args, started, graph_note) -> str:
    lines = [
        "# naseigraph before and after (bench/seam.py)",
        "",
        *(
            f"- {k}: `{s['checkout']}` at {s['commit']}, python `{s['python']}`"
            for k, s in sides.items()
        ),
        f"- {graph_note}",
        f"- {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average"
        f" {os.getloadavg()[0]:.2f} at the end; runs interleaved before/after, deadline"
        f" {args.deadline:g} s per run; this report took {(time.monotonic() - started) / 60:.1f}"
        " min",
        "",
        "Cold processes (imports included). Seconds: median (min-max) over n runs; MiB: median"
        " peak resident memory; ratios are after/before of the medians. Output: whether stdout"
        " (and the exported file) were byte-identical in every run of both sides.",
        "",
        "| graph | job | n | before s | after s | ratio | before MiB | after MiB | ratio"
        " | output |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        before, b, before_mib, bm = summary(row["before"])
        after, a, after_mib, am = summary(row["after"])
        digests = {r.get("digest") for r in row["before"] + row["after"]}
        same = "-" if None in digests else "same" if len(digests) == 1 else "differs"
        n = "/".join(str(sum("seconds" in r for r in row[k])) for k in ("before", "after"))
        lines.append(
            f"| {row['size']} | {row['job']} | {n} | {before} | {after} | {ratio(b, a)}"
            f" | {before_mib} | {after_mib} | {ratio(bm, am)} | {same} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before-python", required=True, help="python of the before checkout")
    parser.add_argument("--after-python", default=sys.executable, help="(this interpreter)")
    parser.add_argument("--runs", type=int, default=5, help="per job on the shipped graph (5)")
    parser.add_argument("--runs-100k", type=int, default=3, help="per job at 100k (3)")
    parser.add_argument("--deadline", type=float, default=300, help="seconds per run (300)")
    parser.add_argument("--view-100k", default="full", help="of the html page at 100k (full)")
    parser.add_argument("--sizes", default="shipped,100k", help="shipped,100k (both)")
    parser.add_argument("-o", "--output", type=Path, default=HERE / "seam.md")
    args = parser.parse_args(argv)
    started = time.monotonic()
    sides = {"before": side(args.before_python), "after": side(args.after_python)}
    sizes = [s.strip() for s in args.sizes.split(",")]
    graph_note = "100k graph: not measured"
    if "100k" in sizes:
        for which in ("after", "before"):  # the after checkout's generator, if it still runs
            generator = Path(sides[which]["checkout"]) / "bench" / "generate.py"
            command = [sides[which]["python"], generator, "--triples", "100000", "-o", GRAPH]
            made = subprocess.run([*command, "--seed", "7"], capture_output=True, text=True)
            graph_note = f"100k graph by the {which} checkout's bench/generate.py (seed 7): "
            if made.returncode == 0:
                break
        graph_note += made.stdout.strip() or made.stderr.strip().splitlines()[-1]
    rows = []
    with tempfile.TemporaryDirectory(prefix="naseigraph-seam-") as folder:
        for size in sizes:
            runs = args.runs if size == "shipped" else args.runs_100k
            rows += measure(sides, size, runs, args, str(Path(folder) / "graph.html"))
    text = report(sides, rows, args, started, graph_note)
    args.output.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
