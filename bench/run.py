"""The whole benchmark in one command: graphs, engines, validation, reasoning, exports.

    python bench/run.py                 # 10k, 100k and 1M triples; writes bench/RESULTS.md
    python bench/run.py --sizes 10k     # a quick look

Each measurement runs in a process of its own (bench/worker.py for the query engines), so its
peak resident memory is its own. Times are medians over repeated runs with min and max; slow
rdflib runs are cut off by a per-query timeout and recorded as such. The graphs are generated
with a fixed seed (bench/generate.py) under bench/graphs/, which git ignores; the raw figures
go to bench/graphs/results.json and the report to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
GRAPHS = HERE / "graphs"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
SEED = 7
# Per-query timeouts for rdflib (seconds), by size: enough to time what finishes, bounded so
# the matrix ends in well under 30 minutes.
RDFLIB_TIMEOUT = {"10k": 30, "100k": 20, "1m": 8}
RUNS = {"10k": 5, "100k": 5, "1m": 3}  # timed runs per query on Oxigraph, after a warm-up
TASK_TIMEOUT = {"10k": 120, "100k": 240, "1m": 240}  # validation, reasoning, one export
# At 1M only these exports run: each graph format builds the same networkx projection first,
# so graphml stands for them, and nt for the RDF ones (at 100k, html alone took minutes).
EXPORTS_AT_1M = ("graphml", "nt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="comma-separated: 10k,100k,1m")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [s.strip().lower() for s in args.sizes.split(",")]
    started = time.monotonic()
    results = {"machine": machine(), "seed": SEED, "sizes": {}, "cli": cold_commands()}
    for size in sizes:
        say(f"== {size}")
        results["sizes"][size] = measure_size(size)
    results["minutes"] = (time.monotonic() - started) / 60
    GRAPHS.mkdir(exist_ok=True)
    (GRAPHS / "results.json").write_text(json.dumps(results, indent=1))
    from report import write_report  # bench/report.py: the figures as Markdown

    write_report(results, args.output)
    say(f"wrote {args.output} in {results['minutes']:.1f} min")
    return 0


def say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def machine() -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if "model name" in line),
        platform.processor() or "unknown CPU",
    )
    memory = next((line.split()[1] for line in _lines("/proc/meminfo") if "MemTotal" in line), 0)
    packages = ["naseigraph", "pyoxigraph", "oxigraph", "rdflib", "pyrudof", "pyshacl", "owlready2"]
    packages += ["reasonable", "networkx"]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 1024**2, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": {p: _version(p) for p in packages},
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _version(package: str) -> str:
    try:
        return version(package)
    except Exception:
        return "not installed"


# ---- the command line, cold, on the shipped graph ---------------------------------------------


def cold_commands() -> dict:
    """Wall time and peak memory of whole `naseigraph` processes, as a user starts them."""
    program = Path(sys.executable).parent / "naseigraph"
    command = [str(program)] if program.exists() else [sys.executable, "-m", "naseigraph"]
    store = Path(tempfile.mkdtemp(prefix="naseigraph-bench-"))
    try:
        subprocess.run(
            [*command, "query", "graph-summary", "--store", store], check=True, capture_output=True
        )  # builds the persistent store once
        cases = {
            "query precursors-yielding": (["query", "precursors-yielding"], 15),
            "query precursors-yielding --store DIR": (
                ["query", "precursors-yielding", "--store", str(store)],
                15,
            ),
            "validate": (["validate"], 5),
        }
        measured = {}
        for label, (args, runs) in cases.items():
            say(f"cold: naseigraph {label}")
            measured[label] = [_process([*command, *args]) for _ in range(runs)]
        return measured
    finally:
        shutil.rmtree(store, ignore_errors=True)


def _process(command: list[str]) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return {
        "seconds": time.perf_counter() - started,
        "peak_mib": usage.ru_maxrss / 1024,
        "status": os.waitstatus_to_exitcode(status),
    }


# ---- one size ---------------------------------------------------------------------------------


def measure_size(size: str) -> dict:
    from naseigraph.graph import data_files
    from naseigraph.queries import list_queries

    GRAPHS.mkdir(exist_ok=True)
    synthetic = GRAPHS / f"synthetic-{size}.ttl"
    say(f"generating {synthetic.name}")
    subprocess.run(
        [
            sys.executable,
            HERE / "generate.py",
            "--triples",
            str(SIZES[size]),
            "--seed",
            str(SEED),
            "-o",
            synthetic,
        ],
        check=True,
        capture_output=True,
    )
    files = [*map(str, data_files()), str(synthetic)]
    plain = [q.name for q in list_queries() if not q.reason]
    inferred = [q.name for q in list_queries() if q.reason]
    out, runs = {"file_mib": synthetic.stat().st_size / 2**20}, RUNS[size]
    say("oxigraph (memory)")
    out["oxigraph"] = engine("oxigraph", files, plain, runs=runs, load_runs=3)
    say("oxigraph (on disk, --store)")
    with tempfile.TemporaryDirectory(prefix="naseigraph-store-") as folder:
        out["oxigraph-disk"] = engine(
            "oxigraph-disk", files, plain, runs=3, load_runs=1, store_dir=Path(folder) / "store"
        )
    say("rdflib (memory)")
    out["rdflib"] = engine(
        "rdflib",
        files,
        plain,
        runs=3,
        load_runs=1 if size == "1m" else 3,
        timeout=RDFLIB_TIMEOUT[size],
    )
    out["validation"] = task(size, "validation", VALIDATION, synthetic)
    out["reasoning"] = task(size, "reasoning", REASONING, synthetic)
    closure = GRAPHS / f"closure-{size}.nt"
    if out["reasoning"].get("closure") and inferred:
        say("queries over inferred classes (RL closure)")
        out["inferred-oxigraph"] = engine("oxigraph", [str(closure)], inferred, runs=runs)
        out["inferred-rdflib"] = engine(
            "rdflib", [str(closure)], inferred, runs=3, timeout=RDFLIB_TIMEOUT[size]
        )
    if size == "100k":
        out["binding"] = binding(synthetic)
    out["exports"] = exports(size, synthetic)
    return out


BINDING = """
import json, sys, time
from naseigraph.graph import PREFIXES, data_files
from naseigraph.store import load_store
from naseigraph.queries import bind, execute, get_query
store = load_store([*data_files(), sys.argv[1]])
query = get_query(sys.argv[2])
bindings = bind(query, {})
times = []
while len(times) < 3 and sum(times) < 5:
    started = time.perf_counter()
    if sys.argv[3] == "substitutions":  # pyoxigraph's own SEP-0007 binding
        found = list(store.query(query.text, prefixes=PREFIXES, substitutions=bindings))
    else:  # naseigraph's: the terms written into the text (substitution.py)
        found = list(execute(query.text, store, bindings))
    times.append(time.perf_counter() - started)
print(json.dumps({"seconds": times, "rows": len(found)}))
"""


def binding(synthetic: Path) -> dict:
    """Each parameterised query with pyoxigraph's substitutions and with terms in the text."""
    from naseigraph.queries import list_queries

    measured = {}
    for query in list_queries():
        if not query.params or query.reason:
            continue
        say(f"binding: {query.name}")
        measured[query.name] = {
            mode: _script(BINDING, [str(synthetic), query.name, mode], 60)
            for mode in ("substitutions", "text")
        }
    return measured


def engine(kind, files, queries, *, runs, load_runs=1, timeout=None, store_dir=None) -> dict:
    """Run bench/worker.py, restarting it past a query that overruns its deadline."""
    result = {"queries": {}}
    pending, first = list(queries), True
    while True:
        command = [
            sys.executable,
            str(HERE / "worker.py"),
            kind,
            *files,
            "--runs",
            str(runs),
            "--load-runs",
            str(load_runs if first else 1),
            "--queries",
            *pending,
        ]
        if timeout:
            command += ["--timeout", str(timeout)]
        if store_dir:
            command += ["--store-dir", str(store_dir)]
        stuck = _follow(command, result, pending, first, deadline=max(120, 4 * (timeout or 30)))
        if stuck is None:
            return result
        result["queries"][stuck] = {"seconds": [], "rows": None, "timeout": "killed"}
        pending.remove(stuck)
        first = False
        if not pending:
            return result


def _follow(command, result, pending, first, deadline) -> str | None:
    """Read the worker's reports; the name of the query it was killed in, or None."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(x) for x in process.stdout] + [lines.put(None)], daemon=True
    ).start()
    limit = time.monotonic() + 600  # loading 1M triples into rdflib takes about half a minute
    while True:
        try:
            line = lines.get(timeout=max(0.1, limit - time.monotonic()))
        except queue.Empty:
            if time.monotonic() < limit:
                continue
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return pending[0] if pending else None
        if line is None:
            break
        event = json.loads(line)
        kind = event.pop("event")
        if kind == "query":
            name = event.pop("name")
            result["queries"][name] = event
            pending.remove(name)
            say(f"  {name}: {_brief(event)}")
        elif kind in ("load", "reopen", "grammar", "start", "end") and (first or kind == "end"):
            result[kind] = event
        limit = time.monotonic() + deadline
    if process.wait() != 0:
        result["error"] = process.stderr.read()[-500:]
    return None


def _brief(event: dict) -> str:
    if event.get("timeout"):
        return f"timeout ({event['timeout']} s)"
    times = sorted(event["seconds"])
    return f"{times[len(times) // 2] * 1000:.1f} ms, {event['rows']} rows" if times else "?"


# ---- validation, reasoning, export: each in a process of its own, with a deadline --------------

PEAK = """
def peak():
    status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
    return int(status) / 1024
"""

VALIDATION = (
    PEAK
    + """
import json, sys, time
started = time.perf_counter()
from naseigraph.validation import validate
report = validate([sys.argv[1]], with_shipped=True)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "conforms": report.conforms, "triples": report.triples,
                  "violations": report.count("Violation"), "warnings": report.count("Warning"),
                  "peak_mib": peak()}))
"""
)

REASONING = (
    PEAK
    + """
import json, sys, time
from pathlib import Path
try:
    from naseigraph.inference import reason
except ImportError:
    print(json.dumps({"missing": "naseigraph.inference is not there"})); sys.exit()
started = time.perf_counter()
result = reason([sys.argv[1]], reasoner="rl")
seconds = time.perf_counter() - started
closure = result.closure()
closure.serialize(destination=sys.argv[2], format="nt", encoding="utf-8")
print(json.dumps({"seconds": seconds, "consistent": result.consistent, "peak_mib": peak(),
                  "asserted": len(result.graph), "inferred": len(result.inferred),
                  "closure": len(closure)}))
"""
)

EXPORT = (
    PEAK
    + """
import json, sys, time
import os
from naseigraph import export
from naseigraph.graph import data_files
started = time.perf_counter()
export(sys.argv[2], sys.argv[3], paths=[*data_files(), sys.argv[1]])
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak(),
                  "mib": os.path.getsize(sys.argv[3]) / 2**20}))
"""
)


def task(size: str, name: str, script: str, *args) -> dict:
    say(f"{name}")
    extra = [str(GRAPHS / f"closure-{size}.nt")] if name == "reasoning" else []
    return _script(script, [*map(str, args), *extra], TASK_TIMEOUT[size])


def _script(script: str, args: list[str], timeout: float) -> dict:
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        found = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
        return {**(found[0] if found else {}), "timeout": timeout}
    found = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    if process.returncode != 0 or not found:
        return {"error": (err.strip().splitlines() or ["no output"])[-1]}
    merged = {}
    for part in found:
        merged.update(part)
    return merged


def exports(size: str, synthetic: Path) -> dict:
    formats = _export_formats()
    if formats is None:
        return {"missing": "naseigraph has no export yet"}
    done = {}
    with tempfile.TemporaryDirectory(prefix="naseigraph-export-") as folder:
        for fmt in formats:
            if size == "1m" and fmt not in EXPORTS_AT_1M:
                done[fmt] = {"skipped": "not run at 1M (see EXPORTS_AT_1M in bench/run.py)"}
                continue
            say(f"export {fmt}")
            target = Path(folder) / f"graph.{fmt}"
            done[fmt] = _script(EXPORT, [str(synthetic), fmt, str(target)], TASK_TIMEOUT[size])
            target.unlink(missing_ok=True)

    return done


def _export_formats() -> tuple | None:
    """The export formats, from whichever module carries naseigraph's export."""
    import importlib

    for name in ("naseigraph.exports", "naseigraph.export"):
        try:
            return importlib.import_module(name).FORMATS
        except (ImportError, AttributeError):
            continue
    return None


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
