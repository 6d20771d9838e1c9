"""The workbench's HTML pages: the templates (Jinja2, autoescaped), and how a page links to the
others, served (`/resource/X`) or as the static copy's files (`resource/X.html`).

Both `naseigraph serve` (naseigraph.web) and `export site` (naseigraph.site) render these; the
values come from the functions the command line uses.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pyoxigraph as ox

from naseigraph import queries, terms
from naseigraph.graph import PREFIXES

HERE = Path(__file__).parent
RESOURCE = PREFIXES["nsgr"]
# The workbench's path for each namespace whose terms get a card: nsgr:X at resource/X, the
# ontology's nsg:X (classes, properties, phenomena, concepts) at ontology/X.
PLACES = {"resource": RESOURCE, "ontology": PREFIXES["nsg"]}
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Links:
    """Where a page's links go: absolute paths on the server; relative `.html` files in the
    static copy (`root` leads from the page's folder to the copy's top)."""

    static: bool = False
    root: str = "/"

    def at(self, path: str) -> str:
        """A page or file of the workbench: "", "search", "queries/NAME", "static/..."."""
        if not self.static or path.startswith("static/"):
            return self.root + path
        return self.root + (path or "index") + ".html"

    def href(self, iri: str | None) -> str | None:
        """A node's link: its card for the graph's own resources, else the IRI itself."""
        if not iri:
            return None
        for place, namespace in PLACES.items():
            if iri.startswith(namespace) and iri != namespace:
                return self.at(f"{place}/{iri[len(namespace) :]}")
        return iri if iri.startswith(("http://", "https://")) else None


SERVED = Links()


def render(name: str, links: Links, **values) -> str:
    values.setdefault("review", None)
    return TEMPLATES.get_template(name).render(
        at=links.at,
        href=links.href,
        static=links.static,
        curie=terms.curie,
        topics=topics(),
        **values,
    )


def table(result) -> dict:
    """A result for a template: column names and rows of (text, IRI) cells, and the row-limit
    note; an ASK answer as a boolean."""
    if isinstance(result, ox.QueryBoolean):
        return {"boolean": bool(result)}
    names = [v.value for v in result.variables]
    cells = [[_cell(solution[n]) for n in names] for solution in result]
    note = None
    if getattr(result, "truncated", False):
        note = f"the row limit cut the result after {result.limit} rows"
    return {"names": names, "rows": cells, "note": note, "boolean": None}


def _cell(term) -> tuple[str, str | None]:
    return terms.shown(term), term.value if isinstance(term, ox.NamedNode) else None


@functools.cache
def topics() -> dict[str, list[queries.Query]]:
    """The canned queries by topic: the first tag of each."""
    grouped: dict[str, list[queries.Query]] = {}
    for query in queries.list_queries():
        grouped.setdefault(query.tags[0] if query.tags else "other", []).append(query)
    return dict(sorted(grouped.items()))


def views() -> tuple[str, ...]:
    from naseigraph.network import VIEWS

    return tuple(v for v in VIEWS if v != "full")  # the full view is a hairball of 1700 nodes


def shown(default) -> str:
    """A parameter's default as a form shows it."""
    return "" if default is None else str(default)
