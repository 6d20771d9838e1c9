"""Canned SPARQL queries (queries/*.rq) and free SPARQL over the graph, run on Oxigraph."""

from __future__ import annotations

import re
from collections import namedtuple
from pathlib import Path

import pyoxigraph as ox

from naseigraph.graph import PREFIXES, NaseigraphError, resource_dir
from naseigraph.guard import (
    DEFAULT_LIMIT,
    DEFAULT_TIMEOUT,
    Triples,
    check_offset,
    evaluate,
    refuse,
)
from naseigraph.headers import read_header, split_header
from naseigraph.store import load_store
from naseigraph.terms import is_iri, plain

XSD = PREFIXES["xsd"]
TYPES = ("string", "integer", "decimal", "iri", "boolean")


# Param and Query are collections' named tuples: dataclasses (with the inspect they import) and
# typing.NamedTuple (with typing) would cost a canned query 5 and 3 ms.
_PARAM = namedtuple(
    "Param", "name type default help optional choices", defaults=(None, "", False, None)
)
_QUERY = namedtuple("Query", "name title description params tags text reason", defaults=(False,))


class Param(_PARAM):
    """A query parameter (name, type: one of TYPES, default, help, optional, choices); an
    optional one left out stays unbound, so its filter lets all pass. `choices`, the values a
    form offers, is a tuple listed in the header or the name of views/choices/NAME.rq."""

    __slots__ = ()


class Query(_QUERY):
    """A canned query: its file stem is its name; its `#+` header says what it answers (title,
    description, params: a tuple of Param, tags, text); `reason` when it is written over
    inferred classes and runs on the reasoner's closure."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Query(name={self.name!r}, title={self.title!r})"

    @property
    def portable(self) -> str:
        """The text for any SPARQL 1.1 engine: without its plan hints for Oxigraph."""
        from naseigraph.plan_hints import portable

        return portable(self.text)

    @classmethod
    def from_file(cls, path: Path) -> Query:
        meta, text = read_header(path)
        if "title" not in meta:
            raise NaseigraphError(f"{path}: the #+ header has no title")
        params = tuple(
            Param(
                name,
                spec.get("type", "string"),
                spec.get("default"),
                spec.get("help", ""),
                bool(spec.get("optional", False)),
                _choices(spec.get("choices")),
            )
            for name, spec in (meta.get("params") or {}).items()
        )
        for param in params:
            if param.type not in TYPES:
                raise NaseigraphError(f"{path}: parameter {param.name} has type {param.type}")
        description = meta.get("description", "")
        tags, reason = tuple(meta.get("tags", ())), bool(meta.get("reason", False))
        return cls(path.stem, meta["title"], description, params, tags, text, reason)


SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def plain_digits(text: str) -> str:
    """A name as typed, with subscript digits as plain ones (Na₃P is Na3P)."""
    return text.translate(SUBSCRIPTS)


def _choices(given) -> tuple[str, ...] | str | None:
    return tuple(str(item) for item in given) if isinstance(given, list) else given


def choices(param: Param, store: ox.Store) -> list[str]:
    """The values a form offers for `param`: listed in the header, or read from the graph."""
    if param.choices is None:
        return []
    if isinstance(param.choices, tuple):
        return list(param.choices)
    listing = view(f"choices/{param.choices}")
    found = rows(execute(listing, store, source=f"choices {param.choices}"))
    return [row["value"] for row in found]


def view(name: str) -> str:
    """The SPARQL of a view the package runs itself: views/NAME.rq (card/NAME for a card)."""
    return (Path(__file__).parent / "views" / f"{name}.rq").read_text(encoding="utf-8")


def list_queries() -> list[Query]:
    """Every canned query, by name."""
    return [Query.from_file(path) for path in sorted(resource_dir("queries").glob("*.rq"))]


def get_query(name: str) -> Query:
    if not isinstance(name, str) or not name:
        raise NaseigraphError(f"a query's name is text such as 'halide-phases', not {name!r}")
    files = {path.stem: path for path in resource_dir("queries").glob("*.rq")}
    path = files.get(name)  # a name, never a path: "../x" or 3000 letters are just unknown
    if path is None:
        import difflib  # only for a misspelt name

        close = difflib.get_close_matches(name[:100], list(files), n=3, cutoff=0.5)
        if close:
            raise NaseigraphError(f"unknown query '{name}'. Did you mean: {', '.join(close)}?")
        raise NaseigraphError(
            f"unknown query '{name}'.", hint=" list_queries() names them.",
            flag=" See `naseigraph queries`.",
        )  # fmt: skip
    return Query.from_file(path)


def example(name: str) -> str:
    """A canned query as SPARQL 1.1 that runs on any engine: its parameters' defaults written
    in, no header, no plan hints (the same rows, Query.portable)."""
    from naseigraph.substitution import substitute

    query = get_query(name)
    _, body = split_header(query.portable)
    return substitute(body.strip() + "\n", bind(query, {}))


def bind(query: Query, values: dict[str, object]) -> dict[ox.Variable, object]:
    """Check the given parameters against the query's and turn them into RDF terms."""
    known = {p.name: p for p in query.params}
    for name in values:
        if name not in known:
            takes = ", ".join(known) or "no parameters"
            raise NaseigraphError(
                f"query '{query.name}' has no parameter '{name}' (takes: {takes})"
            )
    bindings = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None and param.optional:
            continue
        if value is None:
            needed = f"query '{query.name}' needs parameter '{param.name}' ({param.type})"
            raise NaseigraphError(needed, flag=f": -p {param.name}=VALUE")
        bindings[ox.Variable(param.name)] = _term(param, value, query.name)
    return bindings


def _term(param: Param, value: object, query: str):
    kind = {"iri": "an IRI or CURIE", "integer": "an integer"}.get(param.type, f"a {param.type}")
    problem = f"parameter '{param.name}' of query '{query}' must be {kind}, not {value!r}"
    text = str(value).strip()
    if param.type == "string":
        return ox.Literal(str(value))
    if param.type == "integer":
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+", text):
            raise NaseigraphError(problem)
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "decimal":
        from decimal import Decimal, InvalidOperation

        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NaseigraphError(problem) from None
        if not number.is_finite() or isinstance(value, bool):
            raise NaseigraphError(problem)
        # xsd:decimal has no exponent: 1e3 and 1.5E-3 are written out (1000, 0.0015)
        return ox.Literal(format(number, "f"), datatype=ox.NamedNode(XSD + "decimal"))
    if param.type == "boolean":
        if text.lower() not in ("true", "false"):
            raise NaseigraphError(problem)
        return ox.Literal(text.lower(), datatype=ox.NamedNode(XSD + "boolean"))
    return iri_term(text, problem)


def iri_term(text: str, problem: str) -> ox.NamedNode:
    """An IRI, or a CURIE of naseigraph's prefixes, as an RDF term; else `problem` is raised."""
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    if not is_iri(text):
        raise NaseigraphError(problem)
    return ox.NamedNode(text)


def execute(
    text: str,
    store: ox.Store | None,
    bindings: dict | None = None,
    *,
    source: str = "sparql",
    endpoint=None,
    allow_service: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
    offset: int = 0,
):
    """Run a SPARQL read query with the project's prefixes predeclared; updates are refused,
    and SERVICE unless `allow_service`. The result is read into memory, the first `offset`
    rows skipped and at most `limit` kept (naseigraph.guard: its `truncated` says whether more
    followed: a page of a long listing), and the evaluation is given up after `timeout`
    seconds (None: no limit).

    With `endpoint` (a URL or a naseigraph.remote.Endpoint) it runs on that SPARQL server,
    whose own timeout bounds the request.
    """
    refuse(text, source, allow_service=allow_service)
    check_offset(offset)
    if bindings:  # written into the text: Oxigraph plans far better with constants
        from naseigraph.substitution import substitute

        text = substitute(text, bindings)
    if endpoint is not None:
        from naseigraph import remote

        return remote.query(text, remote.as_endpoint(endpoint), limit=limit, offset=offset)
    if not isinstance(store, ox.Store):
        raise NaseigraphError(f"{source}: store must be a pyoxigraph Store, not {store!r}")
    try:
        return evaluate(
            lambda: store.query(text, prefixes=PREFIXES),
            timeout=timeout,
            limit=limit,
            source=source,
            offset=offset,
        )
    except SyntaxError as error:
        undeclared = _undeclared_prefix(text)
        if undeclared:
            raise NaseigraphError(
                f"{source}: the prefix '{undeclared}:' is not declared: add PREFIX {undeclared}:"
                f" <...> (predeclared: {', '.join(PREFIXES)})"
            ) from None
        message = " ".join(str(error.msg).split()).replace("error at ", "line:column ", 1)
        if len(message) > 160:  # the parser lists every character it would have accepted
            message = message[:157] + "..."
        raise NaseigraphError(f"{source}: SPARQL syntax error at {message}") from None
    except (OSError, RuntimeError) as error:
        raise NaseigraphError(f"{source}: the query failed: {error}") from None


def _undeclared_prefix(text: str) -> str | None:
    """The first prefix a query uses but neither declares nor finds among naseigraph's."""
    from naseigraph.lexer import code_only

    code = code_only(text)
    declared = set(PREFIXES) | set(re.findall(r"PREFIX\s+([^\s:]*):", code, re.IGNORECASE))
    for used in re.findall(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|$)", code):
        if used not in declared and used != "":
            return used
    return None


def run(
    name: str,
    store: ox.Store | None = None,
    *,
    endpoint=None,
    reasoner: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
    offset: int = 0,
    params: dict[str, object] | None = None,
    **more,
):
    """The raw Oxigraph result of a canned query (on a SPARQL server with `endpoint`).

    The query's parameters come as keywords, or as `params`, a dict that may hold any names
    (as typed by a user: a parameter called `endpoint` or `timeout` is then the query's, and
    refused as unknown, never taken for an option of this function).

    `reasoner` ("hermit", "pellet" or "rl") runs it over the graph with what that reasoner
    infers; a query whose header says `reason: true` always does (HermiT unless told), except
    on an endpoint.
    """
    query = get_query(name)
    bindings = bind(query, {**(params or {}), **more})
    store = store if store is not None or endpoint is not None else load_store()
    if query.reason and endpoint is None:
        reasoner = reasoner or "hermit"
    store = reasoned(store, reasoner, endpoint)
    source = f"query '{name}'"
    limits = {"timeout": timeout, "limit": limit, "offset": offset}
    text = query.text if endpoint is None else query.portable  # a server may not know LATERAL
    result = execute(text, store, bindings, source=source, endpoint=endpoint, **limits)
    if query.reason and endpoint is not None and not len(result):
        _check_inferences(endpoint, source)
    return result


def _check_inferences(endpoint, source: str) -> None:
    """No rows from a query over inferred classes: say so if the server holds no inferences
    (nsg:Precursor is a defined class, asserted by no fact, so only a reasoner puts it there)."""
    probe = execute("ASK { ?s a nsg:Precursor }", None, endpoint=endpoint, source=source)
    if not bool(probe):
        raise NaseigraphError(
            f"{source} reads inferred classes, and the endpoint holds none (no nsg:Precursor):"
            " load the graph with its inferences",
            hint=" (push_graph with a reasoner)",
            flag=", `naseigraph push --endpoint URL --reason`",
        )


def reasoned(store: ox.Store | None, reasoner: str | None, endpoint=None) -> ox.Store | None:
    """`store` with what the reasoner ("hermit", "pellet" or "rl"; None: none) infers."""
    if not reasoner:
        return store
    if endpoint is not None:
        raise NaseigraphError("reasoning runs on the local graph, not on a SPARQL endpoint")
    from naseigraph.inference import inferred_store

    return inferred_store(store, reasoner)


def run_query(
    name: str,
    *,
    store: ox.Store | None = None,
    endpoint=None,
    reasoner: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
    offset: int = 0,
    **params,
) -> list[dict]:
    """Run a canned query and return its rows as dicts of plain Python values.

    >>> rows = run_query("precursors-yielding", phase="NaF")
    >>> "SbF3" in {row["precursor_label"] for row in rows}
    True
    """
    limits = {"timeout": timeout, "limit": limit, "offset": offset}
    result = run(name, store, endpoint=endpoint, reasoner=reasoner, **limits, **params)
    return rows(result)


def sparql(
    text: str,
    *,
    store: ox.Store | None = None,
    endpoint=None,
    reasoner: str | None = None,
    allow_service: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_LIMIT,
    offset: int = 0,
):
    """Run any SPARQL read query: SELECT gives rows, ASK a bool, CONSTRUCT/DESCRIBE triples.

    Rows and triples come as a list whose `truncated` is True when `limit` cut them.
    """
    refuse(text, allow_service=allow_service)
    store = store if store is not None or endpoint is not None else load_store()
    result = execute(
        text,
        reasoned(store, reasoner, endpoint),
        endpoint=endpoint,
        allow_service=allow_service,
        timeout=timeout,
        limit=limit,
        offset=offset,
    )
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, Triples | ox.QueryTriples):
        return Rows((tuple(plain(term) for term in triple) for triple in result), result)
    return rows(result)


class Rows(list):
    """Rows (or triples) as plain values; `truncated`: whether more rows followed the limit;
    `offset`: how many were skipped before them."""

    def __init__(self, items=(), result=None):
        super().__init__(items)
        self.truncated = bool(getattr(result, "truncated", False))
        self.offset = getattr(result, "offset", 0)


def rows(solutions) -> Rows:
    names = [v.value for v in solutions.variables]
    # a solution iterates over its values in the variables' order: half the cost of s[name]
    return Rows((dict(zip(names, map(plain, s), strict=True)) for s in solutions), solutions)
