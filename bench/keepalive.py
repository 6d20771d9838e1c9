"""Connections reused just before the client's idle expiry: the server's keep-alive against
uvicorn's default.

    python bench/keepalive.py [--seconds 60] [--clients 64] [-o bench/keepalive.md]

httpx drops a connection idle for 5 s (its default keepalive_expiry), and so did the
workbench, at uvicorn's default timeout_keep_alive of 5 s. Each of --clients clients (its own
httpx.AsyncClient, so its own connection) asks for a card, waits a random 4.98 to 5 s, and asks
again on the same connection, for --seconds. Both servers serve the shipped graph in the same
run, one after the other: `naseigraph serve` as shipped (naseigraph.server.KEEP_ALIVE) and the
same command with KEEP_ALIVE set to 5. Reported: requests, answers, and errors by kind. The
waits come from a seeded generator, the same for both.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import time
from pathlib import Path

import httpx
from serve import Served  # bench/serve.py: `naseigraph serve` on a free port

from naseigraph.graph import data_files
from naseigraph.server import KEEP_ALIVE

HERE = Path(__file__).resolve().parent
PAGE = "/resource/NaF"
SERVERS = {
    f"shipped (KEEP_ALIVE = {KEEP_ALIVE} s)": "pass",
    "uvicorn's default (5 s)": "import naseigraph.server; naseigraph.server.KEEP_ALIVE = 5",
}


def reuse(base: str, clients: int, seconds: float) -> dict:
    async def client(until: float, found: dict, waits: random.Random) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as session:
            while time.perf_counter() < until:
                try:
                    answer = await session.get(PAGE)
                    kind = "answered" if answer.status_code == 200 else f"HTTP {answer.status_code}"
                except httpx.HTTPError as error:
                    kind = type(error).__name__
                found[kind] = found.get(kind, 0) + 1
                await asyncio.sleep(5.0 - waits.uniform(0, 0.02))

    async def run_all() -> dict:
        found: dict[str, int] = {}
        waits, until = random.Random(7), time.perf_counter() + seconds
        await asyncio.gather(*(client(until, found, waits) for _ in range(clients)))
        return found

    return asyncio.run(run_all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("-o", "--output", type=Path, default=HERE / "keepalive.md")
    args = parser.parse_args()
    lines = [
        "# Idle connections reused just before httpx's 5 s expiry (bench/keepalive.py)",
        "",
        f"{args.clients} clients, one connection each, on loopback, {args.seconds:g} s per"
        f" server: a card, a wait of 4.98 to 5 s, again. Python {platform.python_version()},"
        f" httpx {httpx.__version__}.",
        "",
        "| server keep-alive | requests | answered | errors |",
        "|---|---|---|---|",
    ]
    for name, setup in SERVERS.items():
        with Served(list(data_files()), None, setup) as base:
            found = reuse(base, args.clients, args.seconds)
        errors = ", ".join(f"{n} {k}" for k, n in sorted(found.items()) if k != "answered")
        total = sum(found.values())
        lines.append(f"| {name} | {total} | {found.get('answered', 0)} | {errors or '0'} |")
        print(lines[-1], flush=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
