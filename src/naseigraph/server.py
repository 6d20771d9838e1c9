"""`naseigraph serve`: the workbench (naseigraph.web) on uvicorn, read-only, on 127.0.0.1 unless
told otherwise.

The store is loaded once (in memory, or an on-disk `--store DIR`) and shared by every request.
The socket is bound before anything is loaded, so a busy port is one line at once.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from naseigraph.graph import NaseigraphError, install_hint
from naseigraph.guard import DEFAULT_LIMIT, DEFAULT_TIMEOUT, whole
from naseigraph.store import load_store

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Seconds an idle connection is kept open. At uvicorn's 5 s, which is also httpx's idle expiry,
# clients reusing a connection just before 5 s met the server closing it: 47 of 704 such
# requests failed (bench/keepalive.md). The server must outlast its clients' pools.
KEEP_ALIVE = 30


def serve(
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    store_dir: Path | str | None = None,
    paths: Iterable[Path | str] | None = None,
    sources: Iterable[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_LIMIT,
    reasoner: str = "hermit",
    parallel: int | None = None,
    announce: Callable[[str], None] = print,
) -> int:
    """Serve the workbench until interrupted; `announce` gets the addresses to browse to.
    `sources` keeps the graph to those sources (DOIs; "review"), as `load_store` does.
    `parallel` queries are evaluated at once (by default one per CPU this process may use);
    more wait their turn, at most `timeout` seconds."""
    try:
        import uvicorn

        from naseigraph.web import Workbench, create_app
    except ImportError:
        raise NaseigraphError(f"serve needs the server extra: {install_hint('server')}") from None
    if not 0 < port < 65536:
        raise NaseigraphError(f"the port must be between 1 and 65535, not {port}", flag=" (--port)")
    if not timeout > 0:
        said = f"the timeout must be a positive number of seconds, not {timeout}"
        raise NaseigraphError(said, flag=" (--timeout)")
    if not whole(max_rows, 1):
        said = f"the row limit must be a positive number of rows, not {max_rows}"
        raise NaseigraphError(said, flag=" (--max-rows)")
    parallel = usable_cpus() if parallel is None else parallel
    if not whole(parallel, 1):
        said = f"the number of queries evaluated at once must be 1 or more, not {parallel}"
        raise NaseigraphError(said, flag=" (--parallel)")
    listener = _listen(host, port)
    try:
        paths = None if paths is None else [Path(p) for p in paths]
        store = load_store(paths, path=store_dir, sources=sources)
        location = _location(store_dir, paths, sources)
        bench = Workbench(store, location, timeout, max_rows, reasoner, parallel)
        config = uvicorn.Config(
            create_app(bench),
            log_level="warning",
            timeout_keep_alive=KEEP_ALIVE,
            timeout_graceful_shutdown=5,
        )
        urls = browsable(host, listener.getsockname()[1])
        if host not in LOOPBACK:  # said first: the address line means it is ready
            sys.stderr.write(f"naseigraph: note: listening on {host}, not only on this machine\n")
            sys.stderr.flush()
        announce(f"naseigraph workbench: {', '.join(urls)} (read-only; SPARQL at {urls[0]}/sparql)")
        uvicorn.Server(config).run(sockets=[listener])
        return 0
    finally:
        listener.close()


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the system says), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: a reply written as head then body is not held back
    # 40 ms by Nagle's algorithm waiting on the client's delayed ACK (measured: bench/serve.md).
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind((host, port))
        listener.listen(128)
    except OSError as error:
        listener.close()
        reason = error.strerror or str(error)
        raise NaseigraphError(f"cannot listen on {_authority(host, port)}: {reason}") from None
    return listener


def _location(store_dir, paths, sources=None) -> str | None:
    """The folder of the on-disk store, which each query's child process opens read-only."""
    if store_dir is None:
        return None
    from naseigraph.persistent import prepare
    from naseigraph.store import loader, store_sources

    files = store_sources(paths, sources)
    return str(prepare(Path(store_dir), files, loader(files)))


def browsable(host: str, port: int) -> list[str]:
    """The base URLs one can browse to when the server listens on `host`: for 0.0.0.0 or ::,
    this machine's own addresses (loopback first), since the wildcard is no address at all."""
    if host not in ("0.0.0.0", "::", ""):
        return [f"http://{_authority(host, port)}"]
    family = socket.AF_INET6 if host == "::" else socket.AF_INET
    found = ["::1" if family == socket.AF_INET6 else "127.0.0.1"]
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, family, socket.SOCK_STREAM)
        found += [info[4][0] for info in infos]
    except OSError:
        pass
    with socket.socket(family, socket.SOCK_DGRAM) as probe:  # the address of the default route
        try:
            probe.connect(("2001:db8::1" if family == socket.AF_INET6 else "192.0.2.1", 9))
            found.append(probe.getsockname()[0])
        except OSError:  # no route: no network, loopback only
            pass
    wild = ("0.0.0.0", "::")
    addresses = [
        a
        for n, a in enumerate(dict.fromkeys(found))
        if a not in wild and not a.startswith("fe80") and (n == 0 or not a.startswith("127."))
    ]
    return [f"http://{_authority(a, port)}" for a in addresses]


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
