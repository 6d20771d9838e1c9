"""The `naseigraph` command: one sub-command per job, errors as one line and exit 2."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from naseigraph.graph import NaseigraphError

FORMATS = ("table", "csv", "tsv", "json", "md")
STATS = {"by-kind": "graph-summary", "by-section": "facts-by-section"}  # `stats --table`


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    args.status = 0  # a command sets its exit code here before it prints
    try:
        return args.run(args)
    except NaseigraphError as error:
        print(f"naseigraph: error: {error.on_command_line}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `naseigraph ... | head`: the reader has what it wanted
        # Python would complain again when it flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return args.status  # the verdict stays: a pipe closed early is no success
    except KeyboardInterrupt:  # Ctrl-C: a running query is abandoned with the process
        print("naseigraph: interrupted", file=sys.stderr)
        return 130


class _Version(argparse.Action):
    """--version, with the version read only when asked (importlib.metadata costs ~30 ms)."""

    def __call__(self, parser, *_):
        from importlib.metadata import version

        print(f"naseigraph {version('naseigraph')}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its help folded to the terminal by naseigraph.terminal: argparse's
    own way imports shutil for every command (2.5 ms)."""

    def _get_formatter(self):
        from naseigraph.terminal import terminal_width

        return self.formatter_class(prog=self.prog, width=terminal_width() - 2)


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `command` (a known name), only that command's group is built:
    argparse takes about 10 ms to build them all, as long as a canned query's own work."""
    parser = _Parser(
        prog="naseigraph",
        description="The review's facts on artificial SEI for sodium-metal anodes, as a graph.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    wanted = [group for names, group in COMMANDS if command in names]
    for group in wanted or [group for _, group in COMMANDS]:
        group(commands)
    return parser


def _checking_commands(commands) -> None:
    """`validate`, `qc`, `stats` and `queries`."""
    validate = commands.add_parser(
        "validate", help="check the graph (or your Turtle) against the shapes"
    )
    validate.add_argument(
        "files", nargs="*", type=Path, help="Turtle files; none: the shipped graph"
    )
    validate.add_argument("--format", choices=("text", "json", "turtle"), default="text")
    validate.add_argument(
        "--alone", action="store_true", help="validate FILES without the shipped data"
    )
    validate.add_argument(  # validate() checks the name (validation.ENGINES)
        "--engine", default="rudof",
        help="rudof: pyrudof and Oxigraph (default); pyshacl: the reference, slower",
    )  # fmt: skip
    validate.add_argument(
        "--timeout", type=float, metavar="SECONDS", help="per SPARQL query of the shapes (30)"
    )
    _source_option(validate)
    validate.set_defaults(run=_validate)

    qc = commands.add_parser("qc", help="run the ontology quality checks (ontology/qc/*.rq)")
    qc.add_argument("files", nargs="*", type=Path, help="your Turtle, checked with the graph")
    qc.add_argument("--format", choices=("text", "json"), default="text")
    qc.set_defaults(run=_qc)

    stats = commands.add_parser("stats", help="what is in the graph: counts by class and section")
    stats.add_argument("--format", choices=FORMATS, default="table")
    stats.add_argument(
        "--table",
        choices=tuple(STATS),
        help="one of the two tables (csv, tsv and json hold one table: they need it)",
    )
    _source_option(stats)
    stats.set_defaults(run=_stats)

    queries = commands.add_parser("queries", help="list the canned queries and their parameters")
    queries.set_defaults(run=_queries)


def _query_commands(commands) -> None:
    """`query` (a canned query) and `sparql` (your own), on the graph or a SPARQL server."""
    from naseigraph.reasoners import REASONERS

    query = commands.add_parser("query", help="run a canned query")
    query.add_argument("name", help="the query's name (see `naseigraph queries`)")
    query.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    query.add_argument("--format", choices=FORMATS, default="table")
    query.set_defaults(run=_query)

    sparql = commands.add_parser("sparql", help="run your own SPARQL (text or a .rq file)")
    sparql.add_argument("query", help="SPARQL text, or the path of a file holding it")
    sparql.add_argument("--format", choices=FORMATS, default="table")
    sparql.add_argument(
        "--allow-service",
        action="store_true",
        help="let SERVICE send requests to other servers (refused by default)",
    )
    sparql.set_defaults(run=_sparql)
    for command in (query, sparql):
        _engine_options(command)
        command.add_argument(
            "--reason", action="store_true", help="run over the graph with what HermiT infers"
        )
        command.add_argument("--reasoner", choices=REASONERS, help="with --reason: which one")


def _server_commands(commands) -> None:
    """`push` (the graph into a SPARQL server) and `serve` (the workbench)."""
    from naseigraph.reasoners import REASONERS

    push = commands.add_parser("push", help="load the graph into a SPARQL server (Graph Store PUT)")
    push.add_argument("--endpoint", required=True, metavar="URL", help="Graph Store endpoint URL")
    push.add_argument("--graph", metavar="IRI", help="named graph to replace (else the default)")
    push.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS")
    push.add_argument("--reason", action="store_true", help="add what HermiT infers")
    push.add_argument("--reasoner", choices=REASONERS, help="with --reason")
    push.set_defaults(run=_push)

    serve = commands.add_parser(
        "serve", help="the workbench in the browser: search, queries, cards, SPARQL (read-only)"
    )
    serve.add_argument(
        "files", nargs="*", type=Path, help="Turtle files to serve instead of the shipped data"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=7878, help="port to listen on (7878)")
    serve.add_argument("--store", type=Path, metavar="DIR", help="keep the server's store in DIR")
    serve.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="per query (30)"
    )
    serve.add_argument(
        "--max-rows", type=int, default=100_000, metavar="ROWS", help="per query (100000)"
    )
    serve.add_argument(
        "--reasoner", choices=REASONERS, default="hermit",
        help="for the inferred graph (hermit)",
    )  # fmt: skip
    serve.add_argument(
        "--parallel", type=int, metavar="N",
        help="queries evaluated at once, more wait their turn (one per CPU)",
    )  # fmt: skip
    _source_option(serve)
    serve.set_defaults(run=_serve)


def _validate(args) -> int:
    from naseigraph.validation import validate

    if args.source and args.files:
        raise NaseigraphError("--source keeps the shipped sources: give it without FILES")
    report = validate(
        args.files or None,
        with_shipped=not args.alone,
        sources=args.source,
        engine=args.engine,
        timeout=_timeout(args),
    )
    text = {"text": report.to_text, "json": report.to_json, "turtle": report.to_turtle}[
        args.format
    ]()
    args.status = 0 if report.conforms else 1
    print(text)
    return args.status


def _qc(args) -> int:
    from naseigraph.quality import qc

    found = qc(args.files or None)
    print(found.to_json() if args.format == "json" else found.to_text())
    return 0 if found.passed else 1


def _stats(args) -> int:
    from naseigraph.queries import run
    from naseigraph.store import load_store
    from naseigraph.tables import render

    chosen = [args.table] if args.table else list(STATS)
    if len(chosen) > 1 and args.format in ("csv", "tsv", "json"):
        raise NaseigraphError(
            f"--format {args.format} holds one table: add --table by-kind or --table by-section"
        )
    store = load_store(sources=args.source)
    for table in chosen:
        print(render(run(STATS[table], store), args.format))
        if args.format == "table" and len(chosen) > 1:
            print()
    return 0


def _queries(args) -> int:
    import textwrap

    from naseigraph.queries import list_queries
    from naseigraph.terminal import terminal_width

    width = min(terminal_width(), 100)  # 80 when not a terminal
    for query in list_queries():
        print(f"{query.name}: {query.title}")
        if query.description:
            print(
                textwrap.fill(
                    query.description, width, initial_indent="    ", subsequent_indent="    "
                )
            )
        for p in query.params:
            default = ", optional" if p.optional else ""
            default += "" if p.default is None else f", default {p.default}"
            line = f"-p {p.name}=<{p.type}{default}>  {p.help}"
            print(textwrap.fill(line, width, initial_indent="    ", subsequent_indent="        "))
    return 0


def _query(args) -> int:
    from naseigraph.queries import run

    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise NaseigraphError(f"-p takes KEY=VALUE, not {item!r}")
        params[key.strip()] = value
    engine, reason = _engine(args), _reasoning(args)
    result = run(args.name, **engine, reasoner=reason, **_limits(args), params=params)
    _show(result, args.format)
    return 0


def _sparql(args) -> int:
    from naseigraph.queries import execute

    text, source = args.query, "sparql"
    if _names_a_file(text):
        path = Path(text)
        if not path.is_file():
            raise NaseigraphError(f"{path}: no such file")
        try:
            text, source = path.read_text(encoding="utf-8"), str(path)
        except UnicodeDecodeError as error:
            byte = error.object[error.start]
            raise NaseigraphError(
                f"{path}: not UTF-8 text (byte 0x{byte:02x} at offset {error.start});"
                " save it as UTF-8"
            ) from None
        except OSError as error:
            raise NaseigraphError(f"{path}: cannot read: {error.strerror}") from None
    engine = _reasoned_engine(args)
    limits = {**_limits(args), "allow_service": args.allow_service}
    _show(execute(text, **engine, source=source, **limits), args.format)
    return 0


def _show(result, fmt: str) -> None:
    """The result, and a note when the row limit cut it (in the table, else on stderr)."""
    from naseigraph.tables import render

    text, note = render(result, fmt), _cut_note(result)
    if note and fmt == "table":  # in place of the "(N rows)" line
        text = text.rsplit("\n", 1)[0] + f"\n({note})"
    print(text)
    if note and fmt != "table":
        print(f"naseigraph: note: {note}", file=sys.stderr)


def _cut_note(result) -> str | None:
    """What to tell the reader when the result is a page of a longer one, else None."""
    offset, truncated = getattr(result, "offset", 0), getattr(result, "truncated", False)
    if not offset and truncated:
        return f"the row limit cut the result after {result.limit} rows (raise it with --limit)"
    if not offset:
        return None
    if not len(result):
        return f"no rows after the first {offset}"
    shown = f"rows {offset + 1} to {offset + len(result)}"
    return f"{shown}; more follow: --offset {offset + len(result)}" if truncated else shown


def _limits(args) -> dict:
    from naseigraph.guard import DEFAULT_LIMIT

    if args.limit is not None and args.limit < 1:
        raise NaseigraphError(f"--limit must be a positive number of rows, not {args.limit}")
    return {"timeout": _timeout(args), "limit": args.limit or DEFAULT_LIMIT, "offset": args.offset}


def _timeout(args) -> float:
    from naseigraph.guard import DEFAULT_TIMEOUT

    timeout = DEFAULT_TIMEOUT if args.timeout is None else args.timeout
    if not timeout > 0:  # also refuses nan
        raise NaseigraphError(f"--timeout must be a positive number of seconds, not {timeout}")
    return timeout


def _source_option(command) -> None:
    command.add_argument(
        "--source",
        action="append",
        metavar="DOI",
        help="only this source's facts (repeat for several; `review` for the review)",
    )


def _engine_options(command) -> None:
    _source_option(command)
    where = command.add_mutually_exclusive_group()
    where.add_argument(
        "--store", type=Path, metavar="DIR", help="on-disk store, built once and reused"
    )
    where.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 query endpoint")
    command.add_argument("--graph", metavar="IRI", help="with --endpoint: query this named graph")
    command.add_argument(
        "--timeout", type=float, metavar="SECONDS", help="give the query up after this long (30)"
    )
    command.add_argument(
        "--limit", type=int, metavar="ROWS", help="keep at most this many rows (100000)"
    )
    command.add_argument(
        "--offset", type=int, default=0, metavar="ROWS", help="skip this many rows first (0)"
    )


def _engine(args) -> dict:
    """Where a query runs: on a SPARQL server, a persistent store, or a store loaded now."""
    from naseigraph.store import load_store

    if args.endpoint:
        from naseigraph.remote import Endpoint

        if args.source:
            raise NaseigraphError("--source picks the local sources; on an endpoint use --graph")
        return {"store": None, "endpoint": Endpoint(args.endpoint, args.graph, _timeout(args))}
    if args.graph:
        raise NaseigraphError("--graph goes with --endpoint")
    return {"store": load_store(path=args.store, sources=args.source), "endpoint": None}


def _push(args) -> int:
    from naseigraph.remote import Endpoint, push_graph

    endpoint = Endpoint(args.endpoint, args.graph, args.timeout)
    triples = push_graph(endpoint, reasoner=_reasoning(args))
    target = f"graph <{args.graph}>" if args.graph else "the default graph"
    print(f"pushed {triples} triples to {target} at {args.endpoint}")
    return 0


def _serve(args) -> int:
    from naseigraph.server import serve

    return serve(
        args.host,
        args.port,
        store_dir=args.store,
        paths=args.files or None,
        sources=args.source,
        timeout=args.timeout,
        max_rows=args.max_rows,
        reasoner=args.reasoner,
        parallel=args.parallel,
        announce=lambda line: print(line, flush=True),
    )


def _finding_commands(commands) -> None:
    """`show` (a card of one thing), `search` (ranked hits) and `coverage` (of the text)."""
    show = commands.add_parser("show", help="everything about one thing, each line with its source")
    show.add_argument("thing", help='an IRI, CURIE, label, formula or attribution ("Sun et al.")')
    show.add_argument("--all", action="store_true", help="a card for every match")
    show.add_argument("--format", choices=("text", "md", "json"), default="text")
    _source_option(show)
    show.set_defaults(run=_show_card)

    search = commands.add_parser("search", help="find things by name, formula, element or text")
    search.add_argument("text", help="a label, formula, element symbol (Sn), attribution or words")
    search.add_argument("--kind", help="only this kind: substance, layer, claim, reference ...")
    search.add_argument("--format", choices=("text", "json", "csv"), default="text")
    search.add_argument("--limit", type=int, default=20, help="at most this many hits (20)")
    _source_option(search)
    search.set_defaults(run=_search)

    coverage = commands.add_parser(
        "coverage", help="which sentences of the review carry a fact, and uncited references"
    )
    coverage.add_argument("--format", choices=("text", "json"), default="text")
    coverage.add_argument(
        "--summary", action="store_true", help="the table, and only the uncovered sentences"
    )
    _source_option(coverage)
    coverage.set_defaults(run=_coverage)
    for command in (show, search, coverage):
        command.add_argument(
            "--store", type=Path, metavar="DIR", help="on-disk store, built once and reused"
        )


def _show_card(args) -> int:
    from naseigraph.cards import show
    from naseigraph.terminal import terminal_width

    cards = show(args.thing, every=args.all, store=_local_store(args))
    if args.format == "json":
        print(
            cards[0].to_json()
            if len(cards) == 1
            else "[" + ",\n".join(c.to_json() for c in cards) + "]"
        )
        return 0
    width = terminal_width() if sys.stdout.isatty() else 80
    texts = [c.to_markdown() if args.format == "md" else c.to_text(width) for c in cards]
    print("\n\n".join(texts))
    return 0


def _search(args) -> int:
    from naseigraph.find import render, search

    hits = search(args.text, kind=args.kind, limit=args.limit, store=_local_store(args))
    print(render(hits, args.format))
    if hits.total > len(hits) and args.format != "text":  # the table says it itself
        print(f"{len(hits)} of {hits.total} hits shown: --limit {hits.total}", file=sys.stderr)
    return 0


def _coverage(args) -> int:
    from naseigraph.sentence_coverage import coverage

    report = coverage(store=_local_store(args))
    print(report.to_json() if args.format == "json" else report.to_text(summary=args.summary))
    return 0 if report.complete else 1


def _local_store(args):
    """The graph in memory, or the on-disk store of --store DIR."""
    from naseigraph.store import load_store

    return load_store(path=args.store, sources=args.source)


def _picture_commands(commands) -> None:
    """`export` (files for Gephi, Cytoscape, yEd, Graphviz, a browser; RDF) and `plot`."""
    export = commands.add_parser(
        "export", help="write the graph for Gephi, Cytoscape, yEd, Graphviz, a browser or RDF tools"
    )
    export.add_argument(
        "format",
        help="graphml, gexf, cytoscape, json, dot, html, turtle, nt, jsonld, or site (the"
        " workbench as static files: -o DIR)",
    )
    export.add_argument("-o", "--output", type=Path, metavar="PATH", help="file (default: stdout)")
    export.add_argument("--view", help="full (default), precursor-phase, layers or causes")
    _source_option(export)
    export.set_defaults(run=_export)

    plot = commands.add_parser("plot", help="draw a figure: lifetimes or precursor-phase")
    plot.add_argument("name", help="lifetimes or precursor-phase")
    plot.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png|.svg|.pdf")
    plot.set_defaults(run=_plot)


def _export(args) -> int:
    if args.format == "site":
        return _export_site(args)
    from naseigraph.exports import export

    text = export(args.format, args.output, view=args.view, sources=args.source)
    if args.output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        print(f"wrote {args.output}")
    return 0


def _export_site(args) -> int:
    from naseigraph.site import export_site

    if args.output is None:
        raise NaseigraphError("export site writes a folder: give it with -o DIR")
    if args.view is not None:
        raise NaseigraphError("export site holds every view; --view is for the graph formats")
    print(f"wrote {export_site(args.output)}")
    return 0


def _plot(args) -> int:
    from naseigraph.plots import plot

    print(f"wrote {plot(args.name, args.output)}")
    return 0


def _reasoning_commands(commands) -> None:
    """`reason` (is the graph consistent, what follows) and `docs` (the ontology reference)."""
    from naseigraph.reasoners import REASONERS

    reason = commands.add_parser(
        "reason", help="check the graph is consistent and list what a reasoner infers"
    )
    reason.add_argument("files", nargs="*", type=Path, help="your Turtle, on top of the graph")
    reason.add_argument("--reasoner", choices=REASONERS, default="hermit", help="(hermit)")
    reason.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the graph and its inferences"
    )
    reason.set_defaults(run=_reason)

    docs = commands.add_parser("docs", help="write the ontology reference (HTML) into a folder")
    docs.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    docs.set_defaults(run=_docs)


def _reasoning(args) -> str | None:
    """The reasoner a query should run over, or None."""
    if args.reasoner and not args.reason:
        raise NaseigraphError("--reasoner goes with --reason")
    return (args.reasoner or "hermit") if args.reason else None


def _reasoned_engine(args) -> dict:
    from naseigraph.queries import reasoned

    engine = _engine(args)
    engine["store"] = reasoned(engine["store"], _reasoning(args), engine["endpoint"])
    return engine


def _reason(args) -> int:
    from naseigraph.inference import reason, report, write_turtle
    from naseigraph.outputs import check_output

    if args.output:
        check_output(args.output)  # before the reasoner runs, not after
    result = reason(args.files, reasoner=args.reasoner)
    args.status = 1 if not result.consistent or result.unsatisfiable else 0
    print(report(result))
    if not result.consistent:
        return 1  # and nothing is written: an inconsistent graph entails everything
    if args.output:
        write_turtle(result.closure(), args.output)
        print(f"\nwrote {args.output}: {len(result.graph) + len(result.inferred)} triples")
    return 1 if result.unsatisfiable else 0


def _docs(args) -> int:
    from naseigraph.docs import write_docs

    print(f"wrote {write_docs(args.output)}")
    return 0


def _release_commands(commands) -> None:
    """`release` (the graph as a versioned dataset to cite and load without naseigraph)."""
    release = commands.add_parser(
        "release", help="write the graph as a dataset to cite: RDF, CSV tables, their descriptions"
    )
    release.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="a new or empty folder"
    )
    release.set_defaults(run=_release)


def _release(args) -> int:
    from naseigraph.release import release

    folder = release(args.output)
    files = sorted(path.name for path in folder.iterdir())
    print(f"wrote {folder}: {len(files)} files")
    print("\n".join(f"  {name}" for name in files))
    return 0


def _names_a_file(text: str) -> bool:
    """Whether a `sparql` argument names a file (existing, or one word with a query file's
    suffix); SPARQL text can be too long to be a path."""
    if re.fullmatch(r"[^\s{}]+\.(rq|sparql|txt)", text):
        return True
    try:
        return "\n" not in text and Path(text).is_file()
    except OSError:
        return False


def _diff_commands(commands) -> None:
    """`diff`: the facts two versions of the graph differ by, for reviewing a change."""
    diff = commands.add_parser(
        "diff", help="facts added, removed and changed between two versions, by system"
    )
    for name, which in (("old", "the old version"), ("new", "the new version")):
        diff.add_argument(name, type=Path, help=f"{which}: a .ttl, .trig or .nq file, or a folder")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.set_defaults(run=_diff)


def _diff(args) -> int:
    from naseigraph.changes import diff

    found = diff(args.old, args.new)
    args.status = 0 if found.same else 1
    print(found.to_json() if args.format == "json" else found.to_text())
    return args.status


def _curation_commands(commands) -> None:
    """`template` (the empty curation template) and `add` (a filled-in one, into the graph)."""
    template = commands.add_parser(
        "template",
        help="write the empty curation template, commented, with a worked example",
        description="Write the curation template. Every field is described in the template's"
        " schema, ontology/template.schema.yaml (JSON Schema), in the checkout or the package.",
    )
    template.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    template.set_defaults(run=_template)
    add = commands.add_parser(
        "add", help="check a filled-in template against the graph; --write adds it as a source"
    )
    add.add_argument("template", type=Path, help="the filled-in template (YAML)")
    add.add_argument(
        "--write",
        action="store_true",
        help="write it under data/sources/ (or $NASEIGRAPH_SOURCES), atomically",
    )
    add.add_argument("--curator", metavar="NAME", help="who curated it (default: the template's)")
    add.add_argument("--orcid", metavar="ID", help="the curator's ORCID iD")
    add.set_defaults(run=_add)


def _template(args) -> int:
    from naseigraph.template import write_template

    print(f"wrote {write_template(args.output)}")
    return 0


def _add(args) -> int:
    from naseigraph.curation import add, to_text

    addition = add(args.template, write=args.write, curator=args.curator, orcid=args.orcid)
    args.status = 0 if addition.ok else 1
    print(to_text(addition, written=args.write and addition.ok))
    return args.status


# Each group of commands and the names it adds, in the order `naseigraph --help` lists them.
COMMANDS = (
    (("validate", "qc", "stats", "queries"), _checking_commands),
    (("template", "add"), _curation_commands),
    (("diff",), _diff_commands),
    (("query", "sparql"), _query_commands),
    (("export", "plot"), _picture_commands),
    (("reason", "docs"), _reasoning_commands),
    (("release",), _release_commands),
    (("show", "search", "coverage"), _finding_commands),
    (("push", "serve"), _server_commands),
)
