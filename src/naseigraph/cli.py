"""The `naseigraph` command: one sub-command per job, errors as one line and exit 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from naseigraph.graph import NaseigraphError

FORMATS = ("table", "csv", "tsv", "json", "md")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except NaseigraphError as error:
        print(f"naseigraph: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `naseigraph ... | head` is fine
        return 0


def _parser() -> argparse.ArgumentParser:
    from importlib.metadata import version

    parser = argparse.ArgumentParser(
        prog="naseigraph",
        description="The review's facts on artificial SEI for sodium-metal anodes, as a graph.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('naseigraph')}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

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
    validate.set_defaults(run=_validate)

    stats = commands.add_parser("stats", help="what is in the graph: counts by class and section")
    stats.add_argument("--format", choices=FORMATS, default="table")
    stats.set_defaults(run=_stats)

    queries = commands.add_parser("queries", help="list the canned queries and their parameters")
    queries.set_defaults(run=_queries)

    query = commands.add_parser("query", help="run a canned query")
    query.add_argument("name", help="the query's name (see `naseigraph queries`)")
    query.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    query.add_argument("--format", choices=FORMATS, default="table")
    query.set_defaults(run=_query)

    sparql = commands.add_parser("sparql", help="run your own SPARQL (text or a .rq file)")
    sparql.add_argument("query", help="SPARQL text, or the path of a file holding it")
    sparql.add_argument("--format", choices=FORMATS, default="table")
    sparql.set_defaults(run=_sparql)
    return parser


def _validate(args) -> int:
    from naseigraph.validation import validate

    report = validate(args.files or None, with_shipped=not args.alone)
    text = {"text": report.to_text, "json": report.to_json, "turtle": report.to_turtle}[
        args.format
    ]()
    print(text)
    return 0 if report.conforms else 1


def _stats(args) -> int:
    from naseigraph.graph import load_store
    from naseigraph.queries import run
    from naseigraph.tables import render

    store = load_store()
    for name in ("graph-summary", "facts-by-section"):
        print(render(run(name, store), args.format))
        if args.format == "table":
            print()
    return 0


def _queries(args) -> int:
    import shutil
    import textwrap

    from naseigraph.queries import list_queries

    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
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
            print(f"    -p {p.name}=<{p.type}{default}>  {p.help}")
    return 0


def _query(args) -> int:
    from naseigraph.queries import run
    from naseigraph.tables import render

    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise NaseigraphError(f"-p takes KEY=VALUE, not {item!r}")
        params[key.strip()] = value
    print(render(run(args.name, **params), args.format))
    return 0


def _sparql(args) -> int:
    from naseigraph.graph import load_store
    from naseigraph.queries import execute
    from naseigraph.tables import render

    text, source = args.query, "sparql"
    if text.endswith(".rq") or (len(text) < 4096 and "\n" not in text and Path(text).is_file()):
        path = Path(text)
        if not path.is_file():
            raise NaseigraphError(f"{path}: no such file")
        text, source = path.read_text(encoding="utf-8"), str(path)
    print(render(execute(text, load_store(), source=source), args.format))
    return 0
