"""The workbench `naseigraph serve` serves: search, the canned queries as forms, a card at each
resource's own path, a SPARQL editor and endpoint, and the interactive views.

Starlette routes and autoescaped Jinja2 templates only: every answer comes from the functions
the command line uses (queries.run, cards.show, find.search, tables.render, exports.export), so
a page and its command give the same rows. A query the client writes runs in a child process
killed at the time limit (naseigraph.evaluator), after SERVICE and updates are refused. Queries
take turns, a few at a time (`Workbench.in_turn`); cards and search do not wait for one.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import anyio
import mimeparse
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from naseigraph import cards, evaluator, find, pages, queries, tables
from naseigraph.graph import NaseigraphError, prologue
from naseigraph.guard import DEFAULT_LIMIT, DEFAULT_TIMEOUT, TimeLimitError, refuse

HERE = Path(__file__).parent
MAX_BODY = 1 << 20  # bytes of a request body: a longer query is not a reader's query
PAGE = 100  # rows on a canned query's page; ?offset= turns the pages, a download holds them all
DOWNLOADS = {  # ?format= of a canned query: the CLI's --format, and its media type
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/sparql-results+json",
    "md": "text/markdown; charset=utf-8",
}
# Content negotiation: on a tie (*/*) mimeparse takes the last, so the default comes last.
CARD_TYPES = {"application/ld+json": ox.RdfFormat.JSON_LD, "text/turtle": ox.RdfFormat.TURTLE}
CARD_FORMATS = {"jsonld": "application/ld+json", "ttl": "text/turtle", "html": "text/html"}
PROTOCOL = [*evaluator.GRAPHS, *evaluator.RESULTS, "application/sparql-results+json"]
# Nothing is loaded from another host. Only the views (plotly, inlined in the page) run scripts.
POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
    " base-uri 'none'; frame-ancestors 'self'"
)
VIEW_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline';"
    " img-src data: blob:; font-src data:; base-uri 'none'; frame-ancestors 'self'"
)


@dataclass
class Workbench:
    """What every request shares: the store (opened once), where it lives, and the limits."""

    store: ox.Store
    location: str | None = None  # an on-disk store, which a query's child process reopens
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_LIMIT
    reasoner: str = "hermit"
    parallel: int = 1  # queries evaluated at once; more wait their turn
    _reasoning: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _drawing: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _views: dict = field(default_factory=dict, repr=False)
    _turns: anyio.Semaphore = field(init=False, repr=False)

    def __post_init__(self):
        self._turns = anyio.Semaphore(self.parallel)

    async def in_turn(self, work, *args):
        """`work(*args)` in a worker thread once one of the `parallel` turns is free. With every
        request's query running at once, 32 clients at 1M triples shared the cores until some
        ran past the time limit (bench/load-before-turns.md); in turns, the limit measures a
        query's own evaluation. A request waits at most the time limit for its turn, then
        gets 503."""
        try:
            with anyio.fail_after(self.timeout):
                await self._turns.acquire()
        except TimeoutError:
            running = "1 query is" if self.parallel == 1 else f"{self.parallel} queries are"
            raise TimeLimitError(
                f"the server is busy: {running} running, as many as it runs at once, and none"
                f" ended within {self.timeout:g} s (try again later)"
            ) from None
        try:
            return await run_in_threadpool(work, *args)
        finally:
            self._turns.release()

    def inferred(self) -> ox.Store:
        """The store with what the reasoner infers: computed once, by one request at a time."""
        with self._reasoning:
            return queries.reasoned(self.store, self.reasoner)

    def view(self, name: str) -> str:
        """The HTML page of a view, as `export html --view NAME` writes it (made once)."""
        from naseigraph.exports import export

        with self._drawing:
            if name not in self._views:
                self._views[name] = export("html", view=name, store=self.store)
            return self._views[name]

    @functools.cached_property
    def review(self) -> dict | None:
        return cards.review(self.store)


def create_app(workbench: Workbench) -> Starlette:
    routes = [
        Route("/", index),
        Route("/search", search),
        Route("/queries/{name}", canned),
        Route("/resource/{local:path}", resource),
        Route("/ontology/{local:path}", resource),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/sparql/inferred", sparql, methods=["GET", "POST"], name="inferred"),
        Route("/views/{name}", view),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    handlers = {NaseigraphError: _bad_request, HTTPException: _http_error}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.workbench = workbench
    app.add_middleware(Guarded)
    return app


class Guarded:
    """ASGI middleware: a request body over MAX_BODY is refused (413), whether it says its
    length or comes in chunks, and every answer carries the Content-Security-Policy."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"0")
        body = await _body(receive) if length.isdigit() and int(length) <= MAX_BODY else None
        if body is None:
            refused = PlainTextResponse(f"a request body over {MAX_BODY} bytes is refused\n", 413)
            return await refused(scope, receive, send)
        policy = VIEW_POLICY if scope["path"].startswith("/views/") else POLICY
        extra = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
        ]

        async def replay():  # the body, read once here, then whatever the client does next
            nonlocal body
            if body is not None:
                message, body = {"type": "http.request", "body": body, "more_body": False}, None
                return message
            return await receive()

        async def with_policy(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        return await self.app(scope, replay, with_policy)


async def _body(receive) -> bytes | None:
    """The request's whole body, or None once it passes MAX_BODY (or the client leaves)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > MAX_BODY:
            return None
        if not message.get("more_body", False):
            return b"".join(chunks)


# Pages ------------------------------------------------------------------------------------------


async def index(request: Request) -> HTMLResponse:
    return await _bench(request).in_turn(_index, request)


def _index(request: Request) -> HTMLResponse:
    bench = _bench(request)
    summary = queries.run("graph-summary", bench.store, timeout=bench.timeout)
    return _page(request, "index.html", summary=pages.table(summary), views=pages.views())


def search(request: Request) -> HTMLResponse:
    text, kind = request.query_params.get("q", ""), request.query_params.get("kind") or None
    hits = None
    if text.strip():
        hits = find.search(text, kind=kind, limit=None, store=_bench(request).store)
    return _page(request, "search.html", q=text, kind=kind or "", kinds=find.KINDS, hits=hits)


async def canned(request: Request) -> Response:
    return await _bench(request).in_turn(_canned, request)


def _canned(request: Request) -> Response:
    bench = _bench(request)
    try:
        query = queries.get_query(request.path_params["name"])
    except NaseigraphError as error:
        raise HTTPException(404, str(error)) from None
    given = dict(request.query_params)
    fmt = given.pop("format", None)
    if fmt is not None and fmt not in DOWNLOADS:
        raise NaseigraphError(f"format must be one of {', '.join(DOWNLOADS)}, not {fmt!r}")
    offset = _offset(given.pop("offset", "0"))
    form = {p.name: given.get(p.name, pages.shown(p.default)) for p in query.params}
    values = {k: v for k, v in given.items() if v != "" or not _optional(query, k)}
    page = {"query": query, "form": form, "choices": _offered(bench, query), "downloads": {}}
    # A download holds the whole result (to the row limit); the page shows PAGE rows at a time.
    rows = {} if fmt is not None else {"limit": min(PAGE, bench.max_rows), "offset": offset}
    try:
        result = _run(bench, query, values, **rows)
    except NaseigraphError as error:
        if fmt is not None:
            raise
        return _page(request, "query.html", _status(error), error=str(error), result=None, **page)
    if fmt is not None:
        return Response(tables.render(result, fmt) + "\n", media_type=DOWNLOADS[fmt])
    page["downloads"] = {f: f"?{urlencode({**given, 'format': f})}" for f in DOWNLOADS}
    table, pager = pages.table(result), _pager(given, result, offset)
    if pager:  # the page's own cut, said by the pager rather than as the row limit's
        table["note"] = None
    return _page(request, "query.html", error=None, result=table, pager=pager, **page)


def _offset(text: str) -> int:
    if not text.isdigit():
        raise NaseigraphError(f"offset must be a number of rows, 0 or more, not {text!r}")
    return int(text)


def _pager(given: dict, result, offset: int) -> dict | None:
    """Which rows the page shows, with links to the pages before and after, if there are any."""
    if not offset and not result.truncated:
        return None
    last = offset + len(result)
    around = {
        "previous": offset > 0 and f"?{urlencode({**given, 'offset': max(offset - PAGE, 0)})}",
        "next": result.truncated and f"?{urlencode({**given, 'offset': last})}",
    }
    shown = f"rows {offset + 1} to {last}" if len(result) else f"no rows after the first {offset}"
    return {"shown": shown, "rows": PAGE, **around}


def resource(request: Request) -> Response:
    bench = _bench(request)
    place = request.url.path.split("/")[1]
    iri = pages.PLACES[place] + request.path_params["local"]
    wanted = request.query_params.get("format")
    if wanted is not None and wanted not in CARD_FORMATS:
        raise NaseigraphError(f"format must be one of {', '.join(CARD_FORMATS)}, not {wanted!r}")
    kind = CARD_FORMATS[wanted] if wanted else _accepted(request, [*CARD_TYPES, "text/html"])
    missing = HTTPException(404, f"the graph holds nothing about {iri!r}")
    try:  # an IRI as the grammar has it (no space, no angle bracket, no newline)
        node = queries.iri_term(iri, "not an IRI")
    except NaseigraphError:
        raise missing from None
    if not cards.exists(bench.store, node):
        raise missing
    if kind in CARD_TYPES:
        data = cards.describe(iri, bench.store, CARD_TYPES[kind])
        return Response(data, media_type=kind, headers={"Vary": "Accept"})
    card = cards.show(iri, store=bench.store)[0]
    return _page(request, "card.html", card=card, iri=iri)


def view(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in pages.views():  # not the full view: a hairball of 1700 nodes, as on the site
        raise HTTPException(404, f"unknown view '{name}' (the views: {', '.join(pages.views())})")
    return HTMLResponse(_bench(request).view(name))


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol endpoint, and the editor page for a browser."""
    bench = _bench(request)
    fields = dict(request.query_params)
    graphs = request.query_params.getlist("default-graph-uri")
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if request.method == "POST":
        if kind == "application/x-www-form-urlencoded":
            form = await request.form()
            fields |= dict(form)
            graphs += form.getlist("default-graph-uri")
        elif kind in ("application/sparql-query", "application/sparql-update"):
            body = (await request.body()).decode("utf-8", "replace")
            fields["update" if kind.endswith("update") else "query"] = body
        else:
            given = kind or "no Content-Type"
            raise NaseigraphError(f"a POST carries a form or a SPARQL query, not {given}")
    if request.url.path == "/sparql/inferred":
        fields["inferred"] = "on"
    if "update" in fields:
        raise NaseigraphError("update: update requests are refused; naseigraph only reads")
    text = fields.get("query")
    accept = _accepted(request, ["text/html", *PROTOCOL])
    if accept == "text/html":
        return await _editor(request, bench, text, fields)
    if not text:
        raise NaseigraphError("query: give a SPARQL query as the query parameter")
    refuse(text, "query", allow_service=None)
    inferred = bool(fields.get("inferred"))
    media, data, truncated = await bench.in_turn(_evaluate, bench, inferred, text, graphs, accept)
    headers = {"Naseigraph-Truncated": f"after {bench.max_rows} rows"} if truncated else {}
    return Response(data, media_type=media, headers=headers)


async def _editor(request: Request, bench: Workbench, text: str | None, fields: dict):
    example = fields.get("example")
    if text is None and example:
        text = queries.example(example)
    shown = {"text": text or STARTER, "error": None, "result": None, "turtle": None, "cut": False}
    shown["inferred"] = bool(fields.get("inferred"))
    status = 200
    if text:
        try:
            refuse(text, "query", allow_service=None)
            accept = "application/sparql-results+json, text/turtle"
            media, data, cut = await bench.in_turn(
                _evaluate, bench, shown["inferred"], text, [], accept
            )
        except NaseigraphError as error:
            shown["error"], status = str(error), _status(error)
        else:
            shown["cut"] = cut
            if media == "text/turtle":
                shown["turtle"] = data.decode("utf-8")
            else:
                format = ox.QueryResultsFormat.JSON
                shown["result"] = pages.table(ox.parse_query_results(data, format=format))
    return _page(
        request,
        "sparql.html",
        status,
        examples=pages.topics(),
        limit=bench.max_rows,
        timeout=bench.timeout,
        **shown,
    )


# The editor's first text: the prefixes it predeclares, written out, and a query to start from.
STARTER = prologue()
STARTER += "\nSELECT ?layer ?label WHERE { ?layer a nsg:SEILayer ; rdfs:label ?label } LIMIT 20\n"


def _evaluate(bench: Workbench, inferred: bool, text: str, graphs: list[str], accept: str):
    """Run a client's query in a child process: on the inferred graph, the on-disk store (which
    the child reopens) or the in-memory one (which the forked child shares)."""
    source = bench.inferred() if inferred else bench.location or bench.store
    try:
        return evaluator.evaluate(
            source, text, graphs, accept, timeout=bench.timeout, limit=bench.max_rows
        )
    except evaluator.Stopped as stopped:
        raise HTTPException(503, str(stopped)) from None
    except ValueError as error:
        raise NaseigraphError(str(error)) from None


# Glue -------------------------------------------------------------------------------------------


def _bench(request: Request) -> Workbench:
    return request.app.state.workbench


def _run(bench: Workbench, query: queries.Query, values: dict, **rows):
    """The canned query as the CLI runs it; `rows` (limit, offset) a page of it."""
    if query.reason:
        bench.inferred()  # computed under the lock, then found in the reasoner's cache
    reasoner = bench.reasoner if query.reason else None
    limits = {"timeout": bench.timeout, "limit": bench.max_rows, **rows}
    return queries.run(query.name, bench.store, reasoner=reasoner, **limits, params=values)


def _optional(query: queries.Query, name: str) -> bool:
    return any(p.name == name and p.optional for p in query.params)


def _offered(bench: Workbench, query: queries.Query) -> dict[str, list[str]]:
    return {p.name: queries.choices(p, bench.store) for p in query.params if p.choices}


def _accepted(request: Request, offered: list[str]) -> str:
    """The media type to answer in, from the Accept header; the last offered when any will do."""
    header = request.headers.get("accept") or "*/*"
    try:
        best = mimeparse.best_match(offered, header)
    except (ValueError, mimeparse.MimeTypeParseException):
        best = ""
    if not best:
        raise HTTPException(406, f"this answers in {', '.join(offered)}; Accept asked for {header}")
    return best


def _page(request: Request, name: str, status: int = 200, **values) -> HTMLResponse:
    text = pages.render(name, pages.SERVED, review=_bench(request).review, **values)
    return HTMLResponse(text, status)


def _bad_request(request: Request, error: NaseigraphError) -> Response:
    return _answer(request, _status(error), str(error))


def _status(error: NaseigraphError) -> int:
    """400 for the asker's mistake; 503 for a query stopped at the time limit."""
    return 503 if isinstance(error, TimeLimitError) else 400


def _http_error(request: Request, error: HTTPException) -> Response:
    return _answer(request, error.status_code, str(error.detail), error.headers)


def _answer(request: Request, status: int, message: str, headers=None) -> Response:
    """An error as the client reads it: a page for a browser, one line of text otherwise."""
    if "text/html" in (request.headers.get("accept") or ""):
        page = pages.render("error.html", pages.SERVED, status=status, message=message)
        return HTMLResponse(page, status, headers=headers)
    return PlainTextResponse(message + "\n", status, headers=headers)
