"""`naseigraph serve`: the graph behind a read-only SPARQL 1.1 server, Oxigraph's own.

naseigraph does not grow a server of its own: the `oxigraph` package from PyPI carries the same
engine as a server program. The graph is built into an on-disk store (naseigraph.store), which
the server opens read-only; it listens on 127.0.0.1 unless told otherwise.
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
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from naseigraph.graph import NaseigraphError, store_sources
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
            "the Oxigraph server program is not installed: pip install 'naseigraph[server]'"
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
    announce: Callable[[str], None] = print,
) -> int:
    """Serve the graph read-only until interrupted; `announce` gets the endpoint's address."""
    if not 0 < port < 65536:
        raise NaseigraphError(f"--port must be between 1 and 65535, not {port}")
    program = oxigraph_program()
    _check_free(host, port)
    directory = Path(store_dir) if store_dir else Path(tempfile.mkdtemp(prefix="naseigraph-"))
    try:
        location = prepare(directory, store_sources(paths))
        with tempfile.TemporaryFile() as log:
            command = [program, "serve-read-only", "--location", str(location)]
            server = subprocess.Popen(
                [*command, "--bind", address(host, port)], stdout=log, stderr=log
            )
            return _run(server, host, port, log, announce)
    finally:
        if not store_dir:
            shutil.rmtree(directory, ignore_errors=True)


def _run(server: subprocess.Popen, host: str, port: int, log, announce) -> int:
    """Wait for the server to listen, say where, and stop it on Ctrl-C or SIGTERM."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _wait_until_listening(server, host, port, log)
        url = f"http://{address(host, port)}"
        announce(f"SPARQL endpoint: {url}/query (read-only; a query page at {url}/)")
        if host not in ("127.0.0.1", "localhost", "::1"):
            sys.stderr.write(f"naseigraph: note: listening on {host}, not only on this machine\n")
        server.wait()
        raise NaseigraphError(f"the Oxigraph server stopped: {_last_line(log)}")
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(server)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _check_free(host: str, port: int) -> None:
    """Refuse a port something else listens on (else the probe below would find that one)."""
    try:
        socket.create_server((host, port)).close()
    except OSError as error:
        reason = error.strerror or str(error)
        raise NaseigraphError(f"cannot listen on {address(host, port)}: {reason}") from None


def _wait_until_listening(server: subprocess.Popen, host: str, port: int, log) -> None:
    probe = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
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
