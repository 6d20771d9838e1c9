"""A Virtuoso 7 server (Debian's virtuoso-opensource) of the tests' own, in a folder of its own.

Its configuration is Debian's, with the database, logs and ports moved into the folder, so it
never touches a system instance. The Graph Store endpoint takes `naseigraph push` once the
SPARQL user may update (granted through isql). bench/endpoints.py borrows it.
"""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import free_port

DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
WAIT = 60  # seconds for the server to come up


def configuration(folder: Path, sql_port: int, http_port: int) -> str:
    """Debian's virtuoso.ini with every file in `folder`, the two ports given, and room for
    every row of a canned query (Debian caps a result at 10,000 rows)."""
    text = DEBIAN_INI.read_text(encoding="utf-8")
    sections = re.split(r"(?m)^(?=\[)", text)
    out = []
    for section in sections:
        name = section.split("]", 1)[0].strip("[\n")
        stem = "virtuoso-temp" if name == "TempDatabase" else "virtuoso"
        for key, value in {
            "DatabaseFile": f"{folder}/{stem}.db",
            "TransactionFile": f"{folder}/{stem}.trx",
            "ErrorLogFile": f"{folder}/virtuoso.log",
            "LockFile": f"{folder}/{stem}.lck",
            "xa_persistent_file": f"{folder}/virtuoso.pxa",
            "ResultSetMaxRows": "1000000",
        }.items():
            section = re.sub(rf"(?m)^{key}\s*=.*$", f"{key} = {value}", section)
        if name == "Parameters":
            section = re.sub(r"(?m)^ServerPort\s*=.*$", f"ServerPort = {sql_port}", section)
        if name == "HTTPServer":
            section = re.sub(r"(?m)^ServerPort\s*=.*$", f"ServerPort = {http_port}", section)
        out.append(section)
    return "".join(out)


class Virtuoso:
    """`with Virtuoso(folder) as (sparql_url, graph_store_url):` a server until the block ends."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.sql_port, self.http_port = free_port(), free_port()

    def __enter__(self) -> tuple[str, str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(configuration(self.folder, self.sql_port, self.http_port))
        self.process = subprocess.Popen(
            ["virtuoso-t", "+configfile", str(ini), "+foreground"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.folder,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{self.http_port}"
        self._wait(base + "/sparql?query=ASK%7B%7D")
        grant = 'GRANT SPARQL_UPDATE TO "SPARQL";'
        subprocess.run(
            ["isql-vt", str(self.sql_port), "dba", "dba", f"exec={grant}"],
            check=True,
            capture_output=True,
            timeout=WAIT,
        )
        return base + "/sparql", base + "/sparql-graph-crud"

    def _wait(self, url: str) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "virtuoso.log").read_text(errors="replace")[-500:]
                raise RuntimeError(f"virtuoso-t stopped: {log}")
            try:
                with urllib.request.urlopen(url, timeout=5):  # loopback: our own server
                    return
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"virtuoso-t did not answer at {url} within {WAIT} s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


def compare(ours: list[dict], theirs: list[dict]) -> tuple[str, str]:
    """(status, what differs) of a server's rows against Oxigraph's in process: "same rows",
    "same rows, another order" or "different rows"; the columns that differ, with an example."""
    if theirs == ours:
        return "same rows", ""

    def key(row: dict) -> tuple:
        return tuple(sorted((k, repr(v)) for k, v in row.items()))

    if sorted(map(key, theirs)) == sorted(map(key, ours)):
        return "same rows, another order", ""
    columns = sorted({k for row in ours + theirs for k in row})
    differing = []
    for column in columns:
        mine = sorted(repr(row.get(column)) for row in ours)
        other = sorted(repr(row.get(column)) for row in theirs)
        if mine != other:
            example = next(
                (f"{a} for {b}" for a, b in zip(other, mine, strict=False) if a != b), ""
            )
            differing.append(f"{column} ({example})" if example else column)
    counts = f"{len(theirs)} rows for {len(ours)}"
    return "different rows", f"{counts}; " + "; ".join(differing[:3])


class Pushed:
    """A Virtuoso server holding the shipped graph in `graph`, started again after a query it
    did not answer in time (it goes on evaluating that query, and later ones then time out too).

    `endpoint()` is the query endpoint of the server now running; `restart()` replaces it.
    """

    def __init__(self, folder: Path, graph: str, timeout: float = 60):
        self.folder, self.graph, self.timeout, self.count = Path(folder), graph, timeout, 0
        self.server = None

    def endpoint(self):
        from naseigraph.remote import Endpoint, push_graph

        if self.server is None:
            self.count += 1
            self.server = Virtuoso(self.folder / f"server-{self.count}")
            sparql, crud = self.server.__enter__()
            push_graph(Endpoint(crud, self.graph, self.timeout))
            self.current = Endpoint(sparql, self.graph, self.timeout)
        return self.current

    def restart(self) -> None:
        self.close()

    def close(self) -> None:
        if self.server is not None:
            self.server.__exit__()
            self.server = None
