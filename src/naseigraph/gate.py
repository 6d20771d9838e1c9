"""The front door of `naseigraph serve`: a small HTTP server that checks every query before
Oxigraph's server sees it.

The `oxigraph` server program (0.5) evaluates SERVICE by fetching whatever URL the query names
and has no option to refuse it, so it listens on a private loopback port only, and this front,
on the public address, checks each request: a query with SERVICE, or an update, is answered
HTTP 400 with one line, as a syntax error is. A query is evaluated here, in a child process
killed at the time limit (naseigraph.evaluator: HTTP 503), with the row limit; everything else
(the query page, GET /store) goes to the Oxigraph server unchanged.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from naseigraph.graph import NaseigraphError
from naseigraph.guard import DEFAULT_LIMIT, refuse

MAX_BODY = 1 << 20  # bytes of a request: a query longer than 1 MB is not a reader's query
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade", "host"}


class Front(ThreadingHTTPServer):
    daemon_threads = True  # an open connection does not keep `serve` alive after Ctrl-C

    def __init__(self, host: str, port: int, backend: tuple[str, int], timeout: float):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.backend, self.query_timeout = backend, timeout
        self.location = ""  # the store, once built: queries are evaluated here, killably
        super().__init__((host, port), Checked)


class Checked(BaseHTTPRequestHandler):
    """Refuse what must not run; hand the rest to the Oxigraph server, answer streamed back."""

    server: Front

    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self._pass(query.get("query", []) + query.get("update", []), b"", query)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._refuse(413, f"a request body over {MAX_BODY} bytes is refused")
        body = self.rfile.read(length)
        kind = self.headers.get_content_type()
        texts, form = [], urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            texts = form.get("query", []) + form.get("update", [])
        elif kind in ("application/sparql-query", "application/sparql-update"):
            texts = [body.decode("utf-8", "replace")]
            if kind == "application/sparql-query":
                form = {**form, "query": texts}
        return self._pass(texts, body, form)

    def do_PUT(self):  # a Graph Store upload: answered here, as Oxigraph's read-only server does
        left = int(self.headers.get("Content-Length") or 0)
        while left > 0 and (chunk := self.rfile.read(min(left, 1 << 16))):  # read, so the
            left -= len(chunk)  # client sees the answer rather than a reset connection
        self._refuse(403, "The server is read-only")

    do_DELETE = do_PUT  # noqa: N815

    def _pass(self, texts: list[str], body: bytes, form: dict | None = None) -> None:
        for text in texts:
            try:
                refuse(text, "query", allow_service=None)
            except NaseigraphError as error:
                return self._refuse(400, str(error))
        form = form or {}
        if len(form.get("query", [])) == 1 and urllib.parse.urlsplit(self.path).path == "/query":
            return self._evaluate(form["query"][0], form.get("default-graph-uri", []))
        backend = http.client.HTTPConnection(*self.server.backend, timeout=None)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            backend.request(self.command, self.path, body=body or None, headers=headers)
            answer = backend.getresponse()
            self.send_response(answer.status, answer.reason)
            for key, value in answer.getheaders():
                if key.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(key, value)
            self.send_header("Connection", "close")  # the end of the stream ends the body
            self.end_headers()
            while chunk := answer.read1(1 << 16):
                self.wfile.write(chunk)
        except (OSError, http.client.HTTPException):
            pass  # the client or the server went away: nothing left to tell either
        finally:
            backend.close()

    def _evaluate(self, text: str, graphs: list[str]) -> None:
        """Run a query in a child process, killed at the time limit; answer what it sends."""
        from naseigraph.evaluator import Stopped, evaluate

        accept = self.headers.get("Accept") or "application/sparql-results+json"
        try:
            kind, data, truncated = evaluate(
                self.server.location,
                text,
                graphs,
                accept,
                timeout=self.server.query_timeout,
                limit=DEFAULT_LIMIT,
            )
        except Stopped as stopped:
            return self._refuse(503, str(stopped))
        except ValueError as error:
            return self._refuse(400, f"query: {error}"[:400])
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if truncated:  # a client reading headers learns that the row limit cut the answer
            self.send_header("Naseigraph-Truncated", f"after {DEFAULT_LIMIT} rows")
        self.end_headers()
        with contextlib.suppress(OSError):  # a client that has gone
            self.wfile.write(data)

    def _refuse(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # no line per request on the terminal
        pass


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
