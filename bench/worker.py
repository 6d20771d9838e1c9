"""One engine, one graph, in a process of its own: load it, run the canned queries, report.

Started by bench/run.py, so each engine's memory is measured alone (the kernel's peak resident
set of this process). Prints one JSON object per line as it goes, so the runner can stop a
query that runs too long and still keep what came before.

    python bench/worker.py oxigraph|oxigraph-disk|rdflib FILE... --queries q1 q2 ...
"""

from __future__ import annotations

import argparse
import gc
import json
import signal
import sys
import time
from functools import partial
from pathlib import Path


def report(**fields) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def memory() -> dict:
    """Resident set now and at its peak, in MiB, from the kernel's own accounting."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {k: int(status[f"Vm{k}"].split()[0]) / 1024 for k in ("RSS", "HWM")}


class Engine:
    """Load a graph and run a canned query's text on it, rows as plain Python values."""

    def __init__(self, kind: str, files: list[Path], store_dir: Path | None):
        self.kind, self.files, self.store_dir = kind, files, store_dir

    def load(self):
        from naseigraph.store import load, load_store

        if self.kind == "rdflib":
            self.graph = load(self.files)
        elif self.kind == "oxigraph":
            self.graph = load_store(self.files)
        else:  # oxigraph-disk: build the persistent store (the first command pays this once)
            self.graph = load_store(self.files, path=self.store_dir)
        return len(self.graph)

    def reopen(self) -> None:
        """Open the built store again, as every later command does."""
        from naseigraph.store import load_store

        del self.graph
        self.graph = load_store(self.files, path=self.store_dir)

    def prepare(self, name: str):
        """The query's text and bound parameters, read before the clock starts (the `.rq`
        file and its YAML header cost the same whichever engine runs the query)."""
        from naseigraph.queries import bind, get_query

        query = get_query(name)
        bindings = bind(query, {})
        if self.kind == "rdflib":
            from naseigraph.terms import to_rdflib

            bindings = {v.value: to_rdflib(t) for v, t in bindings.items()}
            return query.portable, bindings  # rdflib does not parse Oxigraph's LATERAL hints
        return query.text, bindings

    def run(self, name: str, text: str, bindings: dict) -> int:
        """The query run as naseigraph runs it, up to the rows as Python values."""
        if self.kind == "rdflib":
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
            from rdflib_oracle import plain, rdflib_query  # the tests' rdflib engine

            result = rdflib_query(text, self.graph, bindings, name)
            return len([{str(v): plain(row[v]) for v in result.vars} for row in result])
        from naseigraph.queries import execute, rows

        return len(rows(execute(text, self.graph, bindings)))


class QueryTimeoutError(BaseException):  # not caught by code that catches Exception
    pass


def _alarm(signum, frame):
    raise QueryTimeoutError


def timed(function, limit: float | None):
    """(seconds, result) of one call; rdflib is pure Python, so an alarm can stop it."""
    if limit:
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        started = time.perf_counter()
        result = function()
        return time.perf_counter() - started, result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=("oxigraph", "oxigraph-disk", "rdflib"))
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--queries", nargs="*", default=[])
    parser.add_argument("--load-runs", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=None, help="per query run, seconds")
    parser.add_argument("--store-dir", type=Path)
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    engine = Engine(args.engine, args.files, args.store_dir)
    report(event="start", memory=memory())
    loads = []
    for _ in range(args.load_runs):
        if args.engine == "oxigraph-disk" and loads:
            break  # a second build would only rebuild the same store
        engine.graph = None  # the previous load's graph goes before the next one is built
        gc.collect()
        seconds, triples = timed(engine.load, None)
        loads.append(seconds)
    report(event="load", seconds=loads, triples=triples, memory=memory())
    if args.engine == "oxigraph-disk":
        seconds, _ = timed(engine.reopen, None)
        report(event="reopen", seconds=[seconds])
    if args.engine == "rdflib":  # rdflib builds its SPARQL grammar on the first query
        seconds, _ = timed(lambda: list(engine.graph.query("ASK {}")), None)
        report(event="grammar", seconds=[seconds])
    for name in args.queries:
        times, count = [], None
        text, bindings = engine.prepare(name)
        try:
            for run in range(args.runs + 1):  # the first run warms up and is not counted...
                seconds, count = timed(partial(engine.run, name, text, bindings), args.timeout)
                if run or seconds > 1.0:  # ...unless it is slow enough to count on its own
                    times.append(seconds)
                if sum(times) > (5 if args.engine == "rdflib" else 20):
                    break  # enough runs to know the speed at this size
            report(event="query", name=name, seconds=times, rows=count)
        except QueryTimeoutError:
            report(event="query", name=name, seconds=times, rows=count, timeout=args.timeout)
    report(event="end", memory=memory())
    return 0


if __name__ == "__main__":
    sys.exit(main())
