"""The workbench's speed: a card and a canned-query page, served, on the shipped graph and at 1M
triples with --store; and 50 concurrent clients for a minute.

    python bench/serve.py                  # writes bench/serve.md
    python bench/serve.py --seconds 10     # a shorter sustained run

Latency is the time from sending a request to reading the whole answer on loopback (httpx), as
a browser sees it; the median of RUNS interleaved requests, after one warm-up of each. The
alternative in the same run is the function the page calls, in this process on the same store
(cards.show for a card; queries.run and the CSV writer for a query), so the ratio is what the
web layer costs over the command line's work. The 1M graph is bench/generate.py's, seed 7.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
GRAPHS = HERE / "graphs"
RUNS = 31
PAGES = {  # what a researcher opens, and the function each page calls
    "card of NaF": "/resource/NaF",
    "card of the SbF3/DMC layer": "/resource/layer-sbf3",
    "precursors-yielding page": "/queries/precursors-yielding?phase=NaF",
    "precursors-yielding CSV": "/queries/precursors-yielding?phase=NaF&format=csv",
}
MIX = [  # the sustained run: every kind of page, the endpoint included
    "/",
    "/search?q=NaF",
    "/resource/NaF",
    "/resource/ref-54",
    "/queries/precursors-yielding?phase=NaF",
    "/queries/layers-by-method?method=ALD&format=csv",
    "/sparql?query=SELECT%20%3Fl%20WHERE%20%7B%20nsgr%3ANaF%20rdfs%3Alabel%20%3Fl%20%7D",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("-o", "--output", type=Path, default=HERE / "serve.md")
    args = parser.parse_args()
    big = GRAPHS / f"search-{args.triples}.ttl"
    if not big.is_file():
        generate = [sys.executable, HERE / "generate.py", "--triples", str(args.triples)]
        subprocess.run([*generate, "--seed", "7", "-o", big], check=True)
    from naseigraph.graph import data_files

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        rows += measure("shipped graph, in memory", [], None)
        files = [*data_files(), big]  # the synthetic papers cite the review's own resources
        rows += measure(f"{args.triples:,} triples, --store", files, Path(folder) / "store")
    load = sustained(args.clients, args.seconds)
    write(args.output, rows, load, args)


def measure(graph: str, files: list[Path], store: Path | None) -> list[tuple]:
    from naseigraph.cards import show
    from naseigraph.queries import run
    from naseigraph.store import load_store
    from naseigraph.tables import render

    with Served(files, store) as base, httpx.Client(base_url=base, timeout=120) as client:
        local = load_store(files or None, path=store)  # the server's store, read-only beside
        work = {
            "card of NaF": lambda: show("nsgr:NaF", store=local),
            "card of the SbF3/DMC layer": lambda: show("nsgr:layer-sbf3", store=local),
            "precursors-yielding page": lambda: run("precursors-yielding", local, phase="NaF"),
            "precursors-yielding CSV": lambda: render(
                run("precursors-yielding", local, phase="NaF"), "csv"
            ),
        }
        served = {name: [] for name in PAGES}
        direct = {name: [] for name in PAGES}
        for name, path in PAGES.items():  # warm-up: first queries, templates, caches
            assert client.get(path).status_code == 200, path
            work[name]()
        for _ in range(RUNS):
            for name, path in PAGES.items():
                served[name].append(timed(lambda path=path: client.get(path).raise_for_status()))
                direct[name].append(timed(work[name]))
    return [(graph, name, served[name], direct[name]) for name in PAGES]


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


class Served:
    """`naseigraph serve` on a free port, until the block ends."""

    def __init__(self, files: list[Path], store: Path | None, setup: str = "pass"):
        self.args = [*map(str, files), *(["--store", str(store)] if store else [])]
        self.setup = setup  # Python run in the server's process before the command

    def __enter__(self) -> str:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        start = f"import sys; {self.setup}; from naseigraph.cli import main; sys.exit(main())"
        command = [sys.executable, "-c", start, "serve", "--port", str(port), *self.args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        if not self.process.stdout.readline():  # printed once the store is loaded and it listens
            raise SystemExit(f"the server did not start: {' '.join(command)}")
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(30)


def sustained(clients: int, seconds: float) -> dict:
    """`clients` clients, each requesting the MIX in turn for `seconds`: errors and latencies."""

    async def client(session: httpx.AsyncClient, until: float, found: dict, offset: int):
        turn = offset
        while time.perf_counter() < until:
            path = MIX[turn % len(MIX)]
            turn += 1
            started = time.perf_counter()
            try:
                answer = await session.get(path)
                ok = answer.status_code == 200
            except httpx.HTTPError:
                ok = False
            found["latency"].append(time.perf_counter() - started)
            found["errors"] += 0 if ok else 1

    async def run_all(base: str) -> dict:
        found = {"latency": [], "errors": 0}
        limits = httpx.Limits(max_connections=clients)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as session:
            until = time.perf_counter() + seconds
            await asyncio.gather(*(client(session, until, found, n) for n in range(clients)))
        return found

    with Served([], None) as base:
        httpx.get(base + "/resource/NaF", timeout=60)
        started = time.perf_counter()
        found = asyncio.run(run_all(base))
        found["seconds"] = time.perf_counter() - started
    return found


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def write(path: Path, rows: list[tuple], load: dict, args) -> None:
    import platform

    lines = [
        "# The workbench (`python bench/serve.py`)",
        "",
        f"Each page requested {RUNS} times, interleaved, after one warm-up, over loopback (httpx,",
        "the whole answer read); the alternative is the function the page calls, in process on",
        f"the same store. Machine: {platform.machine()}, Python {platform.python_version()}.",
        "",
        "| graph | page | served median (min-max) | function median | ratio |",
        "|---|---|---|---|---|",
    ]
    for graph, name, served, direct in rows:
        median, alone = statistics.median(served), statistics.median(direct)
        lines.append(
            f"| {graph} | {name} | {ms(median)} ms ({ms(min(served))}-{ms(max(served))}) |"
            f" {ms(alone)} ms | {median / alone:.2f}x |"
        )
    latency = sorted(load["latency"])
    p50, p95 = statistics.median(latency), latency[int(0.95 * (len(latency) - 1))]
    lines += [
        "",
        f"Sustained: {args.clients} concurrent clients for {load['seconds']:.0f} s on the shipped",
        f"graph, each requesting {len(MIX)} kinds of page in turn (front, search, two cards, a",
        "query page, a CSV download, a SPARQL query):"
        f" {len(latency)} requests ({len(latency) / load['seconds']:.0f}/s),"
        f" {load['errors']} errors, latency median {ms(p50)} ms, p95 {ms(p95)} ms,"
        f" max {ms(latency[-1])} ms.",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
