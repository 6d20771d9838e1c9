"""The workbench under load at 1M triples: three canned-query pages, 1, 8 and 32 clients.

    python bench/load.py [--seconds 60] [--clients 1,8,32] [-o bench/load.md]

`naseigraph serve` over the shipped data and bench/graphs/search-1000000.ttl with --store (the
store built once beforehand), on loopback. For each page and each number of clients, that many
clients (httpx, asyncio) request the page back to back for --seconds; each answer is read
whole and must be HTTP 200 with the page's table. Reported: requests per second, latency p50
and p95, errors. The client shares the machine's cores with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from serve import Served  # bench/serve.py: `naseigraph serve` on a free port

from naseigraph.graph import data_files

HERE = Path(__file__).resolve().parent
GRAPH = HERE / "graphs" / "search-1000000.ttl"
PAGES = {  # three sizes of answer: 9 rows, a page of 1,752, a page of 2,466
    "dft-values": "/queries/dft-values",
    "layers-by-class (hybrid)": "/queries/layers-by-class?layer_class=hybrid",
    "precursors-yielding (NaF)": "/queries/precursors-yielding?phase=NaF",
}


def load(base: str, path: str, clients: int, seconds: float) -> dict:
    async def client(session, until, found):
        while time.perf_counter() < until:
            started = time.perf_counter()
            try:
                answer = await session.get(path)
                ok = answer.status_code == 200 and "<table" in answer.text
                kind = f"HTTP {answer.status_code}"
            except httpx.HTTPError as error:
                ok, kind = False, type(error).__name__
            found["latency"].append(time.perf_counter() - started)
            if not ok:
                found["errors"][kind] = found["errors"].get(kind, 0) + 1

    async def run_all():
        found = {"latency": [], "errors": {}}
        limits = httpx.Limits(max_connections=clients)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as session:
            until = time.perf_counter() + seconds
            await asyncio.gather(*(client(session, until, found) for _ in range(clients)))
        return found

    started = time.perf_counter()
    found = asyncio.run(run_all())
    found["seconds"] = time.perf_counter() - started
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--store", type=Path, default=Path("/tmp/naseigraph-load-store"))
    parser.add_argument("-o", "--output", type=Path, default=HERE / "load.md")
    args = parser.parse_args()
    files = [*data_files(), GRAPH]
    build = "import sys, naseigraph; naseigraph.load_store(sys.argv[2:], path=sys.argv[1])"
    subprocess.run([sys.executable, "-c", build, str(args.store), *map(str, files)], check=True)
    lines = [
        "# The workbench under load at 1M triples (bench/load.py)",
        "",
        f"`naseigraph serve` with --store over {GRAPH.name} and the shipped data; each cell is"
        f" {args.seconds:g} s of back-to-back requests on loopback (httpx), the client on the"
        f" same 2 cores as the server. Python {platform.python_version()}.",
        "",
        "| page | clients | requests | per second | p50 | p95 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    with Served(files, args.store) as base:
        for name, path in PAGES.items():
            httpx.get(base + path, timeout=120)  # warm-up
            for clients in map(int, args.clients.split(",")):
                found = load(base, path, clients, args.seconds)
                latency = sorted(found["latency"])
                p50, p95 = statistics.median(latency), latency[int(0.95 * (len(latency) - 1))]
                rate = len(latency) / found["seconds"]
                cells = f"{len(latency)} | {rate:.1f} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms"
                errors = ", ".join(f"{n} {kind}" for kind, n in found["errors"].items()) or "0"
                lines.append(f"| {name} | {clients} | {cells} | {errors} |")
                print(lines[-1], flush=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
