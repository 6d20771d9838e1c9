"""HermiT on the shipped graph with the JVM's default options and with those naseigraph sets.

`naseigraph reason` starts one short-lived JVM per run. This measures the HermiT command line
that owlready2 runs (the same jar and arguments) on the shipped graph as N-Triples, once with
the defaults and once with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC (src/naseigraph/
reasoners.py), alternating, and reports the median wall time and the CPU time (user + system)
of each.

    python bench/hermit_jvm.py [--runs 5]

Results and the machine they came from: bench/reasoning.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import owlready2.reasoning as owl

from naseigraph.store import load

OPTIONS = {"defaults": [], "naseigraph": ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]}


def run_once(options: list[str], triples: Path) -> tuple[float, float]:
    command = ["java", *options, "-Xmx2000M", "-cp", owl._HERMIT_CLASSPATH]
    command += ["org.semanticweb.HermiT.cli.CommandLine", "-c", "-O", "-D", "-I"]
    command += [f"file://{triples}", "-Y", "--ignoreUnsupportedDatatypes"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    print(f"{java.splitlines()[0]}; {platform.machine()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        triples = Path(folder) / "graph.nt"
        load().serialize(triples, format="nt", encoding="utf-8")
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in OPTIONS}
        for _ in range(args.runs):
            for name, options in OPTIONS.items():
                times[name].append(run_once(options, triples))
    print("| JVM options | wall s (median) | CPU s (median) | runs |")
    print("|---|---|---|---|")
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} {' '.join(OPTIONS[name])} | {wall:.2f} | {cpu:.2f} | {len(runs)} |")


if __name__ == "__main__":
    main()
