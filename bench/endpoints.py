"""The canned queries on SPARQL servers: the rows each server returns against Oxigraph's.

    python bench/endpoints.py [-o bench/endpoints.md]

Starts Virtuoso 7 (Debian's virtuoso-opensource, in a temporary folder: tests/virtuoso.py),
loads the shipped graph into a named graph with `naseigraph push`, and runs every canned query
that needs no reasoner there (`--endpoint ... --graph ...`) and on Oxigraph in process, at
their default parameters. Each query's rows are compared: the same, the same in another order,
different (which columns, with an example), or an error (the server's message). A server that
did not answer within 60 s is replaced by a new one before the next query. The Oxigraph
server's rows are tested equal for every canned query in tests/test_server.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the tests' Virtuoso helper

from virtuoso import Pushed, compare  # noqa: E402

from naseigraph.graph import NaseigraphError  # noqa: E402
from naseigraph.queries import list_queries, run_query  # noqa: E402
from naseigraph.store import load_store  # noqa: E402

GRAPH = "urn:naseigraph:review"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=HERE / "endpoints.md")
    args = parser.parse_args()
    store = load_store()
    lines = [
        "# Canned queries on Virtuoso 7 (bench/endpoints.py)",
        "",
        "Rows at the default parameters, against Oxigraph's in process.",
        "",
        "| query | Virtuoso | what differs |",
        "|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        server = Pushed(Path(folder), GRAPH, timeout=60)
        try:
            for query in list_queries():
                if query.reason:
                    continue
                ours = run_query(query.name, store=store)
                try:
                    theirs = run_query(query.name, endpoint=server.endpoint())
                    status, why = compare(ours, theirs)
                except NaseigraphError as error:
                    status, why = "fails", str(error)[:200]
                    server.restart()  # it may still be busy with this query
                why = why.replace("|", "\\|").replace("\n", " ")
                lines.append(f"| {query.name} | {status} | {why} |")
                print(lines[-1], flush=True)
        finally:
            server.close()
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
