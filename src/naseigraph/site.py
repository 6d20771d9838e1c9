"""`naseigraph export site -o DIR`: the workbench as plain files a lab can put on any static web
host or open from disk: the front page, a card for every resource, each canned query at its
defaults (with its CSV, TSV, JSON and Markdown), the views, and a search that runs in the page
from an index written with it.

The pages are the workbench's templates (naseigraph.pages) with relative links; their values
come from the functions the command line uses.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from naseigraph import cards, pages, queries, tables
from naseigraph.outputs import write_folder
from naseigraph.queries import execute, rows, view
from naseigraph.store import load_store

TOP, BELOW = pages.Links(static=True, root=""), pages.Links(static=True, root="../")
FORMATS = ("csv", "tsv", "json", "md")


def export_site(
    folder: Path | str, *, paths: Iterable[Path | str] | None = None, reasoner: str = "hermit"
) -> Path:
    """Write the static copy into `folder` (replaced whole; see outputs.write_folder)."""
    paths = None if paths is None else [Path(p) for p in paths]
    store = load_store(paths)
    review = cards.review(store)

    def fill(built: Path) -> None:
        for name in (*pages.PLACES, "queries", "views", "static"):
            (built / name).mkdir()
        _front(built, store, review)
        _queries(built, store, review, reasoner)
        _cards(built, store, review)
        _views(built, store)
        _static(built, store)

    return write_folder(folder, fill)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _front(built: Path, store, review) -> None:
    summary = pages.table(queries.run("graph-summary", store))
    _write(built / "index.html", pages.render("index.html", TOP, review=review,
                                              summary=summary, views=pages.views()))  # fmt: skip
    _write(built / "search.html", pages.render("search.html", TOP, review=review, q="",
                                               kind="", kinds={}, hits=None))  # fmt: skip


def _queries(built: Path, store, review, reasoner: str) -> None:
    for query in queries.list_queries():
        result = queries.run(query.name, store, reasoner=reasoner if query.reason else None)
        form = {p.name: pages.shown(p.default) for p in query.params}
        downloads = {fmt: f"{query.name}.{fmt}" for fmt in FORMATS}
        page = pages.render(
            "query.html", BELOW, review=review, query=query, form=form, choices={},
            downloads=downloads, error=None, result=pages.table(result), pager=None,
        )  # fmt: skip
        _write(built / "queries" / f"{query.name}.html", page)
        for fmt in FORMATS:
            _write(built / "queries" / f"{query.name}.{fmt}", tables.render(result, fmt) + "\n")


def _cards(built: Path, store, review) -> None:
    for row in rows(execute(view("carded"), store, source="export site")):
        iri = row["node"]
        card = cards.show(iri, store=store)[0]
        page = built / (TOP.href(iri) or "")
        _write(page, pages.render("card.html", BELOW, review=review, card=card, iri=iri))
        page.with_suffix(".ttl").write_bytes(cards.describe(iri, store))


def _views(built: Path, store) -> None:
    from naseigraph.exports import export

    for name in pages.views():
        _write(built / "views" / f"{name}.html", export("html", view=name, store=store))


def _static(built: Path, store) -> None:
    for name in ("workbench.css", "search.js"):
        shutil.copyfile(pages.HERE / "static" / name, built / "static" / name)
    entries = [
        [TOP.href(r["hit"]), r["kind"] or "", r["label"] or r["hit"], r["field"], r["value"]]
        for r in rows(execute(view("search-index"), store, source="the search index"))
    ]
    index = json.dumps(entries, ensure_ascii=False).replace("</", "<\\/")
    _write(built / "static" / "search-index.js", f"window.naseigraphIndex = {index};\n")
