"""`naseigraph serve`: the graph behind a read-only SPARQL 1.1 server, Oxigraph's own.

naseigraph does not grow a query engine of its own: the `oxigraph` package from PyPI carries the
same engine as a server program. The graph is built into an on-disk store (naseigraph.store),
which that server opens read-only on a private loopback port for its query page; the public
address (127.0.0.1 unless told otherwise) is naseigraph.gate's front, which refuses SERVICE and
updates and evaluates each query in a child process it kills at the time limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from naseigraph.gate import Front, browsable
from naseigraph.graph import NaseigraphError, install_hint, store_sources
from naseigraph.guard import DEFAULT_TIMEOUT
from naseigraph.store import prepare

READY_WITHIN = 30.0  # seconds for the server to start listening


def oxigraph_program() -> str:
    """The `oxigraph` server program: beside this Python first, then on the PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / name).is_file() and os.access(folder / name, os.X_OK):
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise NaseigraphError(
            f"the Oxigraph server program is not installed: {install_hint('server')}"
        )
    return found


def address(host: str, port: int) -> str:
    """host:port as a URL authority (an IPv6 address goes in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def serve(
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    store_dir: Path | str | None = None,
    paths: Iterable[Path | str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    announce: Callable[[str], None] = print,
) -> int:
    """Serve the graph read-only until interrupted; `announce` gets the endpoint's address.

    Each query may run `timeout` seconds (Oxigraph stops it there); SERVICE is always refused.
    """
    if not 0 < port < 65536:
        raise NaseigraphError(f"--port must be between 1 and 65535, not {port}")
    if not timeout >= 1:  # Oxigraph takes whole seconds
        raise NaseigraphError(f"--timeout must be at least 1 second, not {timeout}")
    program = oxigraph_program()
    front = _front(host, port, timeout)
    directory = Path(store_dir) if store_dir else Path(tempfile.mkdtemp(prefix="naseigraph-"))
    try:
        location = prepare(directory, store_sources(paths))
        inner = _free_loopback_port()
        with tempfile.TemporaryFile() as log:
            command = [program, "serve-read-only", "--location", str(location)]
            command += ["--bind", f"127.0.0.1:{inner}", "--timeout-s", str(round(timeout))]
            server = subprocess.Popen(command, stdout=log, stderr=log)
            front.backend, front.location = ("127.0.0.1", inner), str(location)
            return _run(server, front, host, inner, log, announce)
    finally:
        front.server_close()
        if not store_dir:
            shutil.rmtree(directory, ignore_errors=True)


def _front(host: str, port: int, timeout: float) -> Front:
    """The public listener, bound now: a busy port is refused before the store is built."""
    try:
        return Front(host, port, ("127.0.0.1", 0), timeout)
    except OSError as error:
        reason = error.strerror or str(error)
        raise NaseigraphError(f"cannot listen on {address(host, port)}: {reason}") from None


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(server: subprocess.Popen, front: Front, host: str, inner: int, log, announce) -> int:
    """Wait for the server to listen, say where, serve the front; stop on Ctrl-C or SIGTERM."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _wait_until_listening(server, inner, log)
        urls = browsable(host, front.server_address[1])
        url = urls[0]
        also = "".join(f", {other}/query" for other in urls[1:])
        announce(f"SPARQL endpoint: {url}/query{also} (read-only; a query page at {url}/)")
        if host not in ("127.0.0.1", "localhost", "::1"):
            sys.stderr.write(f"naseigraph: note: listening on {host}, not only on this machine\n")
        watcher = threading.Thread(target=_stop_front_with, args=(server, front), daemon=True)
        watcher.start()
        front.serve_forever(poll_interval=0.2)
        raise NaseigraphError(f"the Oxigraph server stopped: {_last_line(log)}")
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(server)


def _stop_front_with(server: subprocess.Popen, front: Front) -> None:
    server.wait()
    front.shutdown()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _wait_until_listening(server: subprocess.Popen, port: int, log) -> None:
    probe = "127.0.0.1"
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise NaseigraphError(f"the Oxigraph server did not start: {_last_line(log)}")
        try:
            socket.create_connection((probe, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise NaseigraphError(f"the Oxigraph server was not listening after {READY_WITHIN:g} s")


def _last_line(log) -> str:
    log.seek(0)
    lines = log.read().decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "no message"


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
