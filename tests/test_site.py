"""`naseigraph export site`: the workbench as static files, read as a static host serves them.

What must be there is read from the review: NaF is formed from SbF3 [54, 55] (section 3.1);
reference 100 is printed with the DOI 10.1039/d3nr01306e.
"""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import naseigraph, one_line_exit_2

from naseigraph.queries import list_queries


class Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def links(page: Path) -> list[str]:
    parser = Hrefs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def test_the_copy_holds_the_front_page_every_card_query_and_view(site):
    assert (site / "index.html").is_file() and (site / "search.html").is_file()
    for query in list_queries():
        for suffix in ("html", "csv", "tsv", "json", "md"):
            assert (site / "queries" / f"{query.name}.{suffix}").is_file(), query.name
    for view in ("precursor-phase", "layers", "causes"):
        assert (site / "views" / f"{view}.html").is_file()
    assert (site / "resource" / "NaF.html").is_file() and (site / "resource" / "NaF.ttl").is_file()
    assert (site / "resource" / "ref-100.html").is_file()


def test_every_link_inside_the_copy_leads_to_a_file_of_it(site):
    pages = [site / "index.html", site / "search.html", *sorted(site.glob("*/*.html"))]
    pages = [p for p in pages if p.parent.name != "views"]  # the views hold no links
    broken = set()
    for page in pages:
        for link in links(page):
            if link.startswith(("https://", "http://", "data:", "#")):
                continue
            target = (page.parent / link.split("#")[0]).resolve()
            if not target.is_file():
                broken.add((page.name, link))
    assert broken == set()


def test_no_page_loads_anything_from_another_host(site):
    for page in [site / "index.html", site / "resource" / "NaF.html", site / "search.html"]:
        for link in links(page):
            if link.startswith(("http://", "https://")):  # only links a reader may follow
                assert not re.search(r"<(script|link|img)[^>]+" + re.escape(link), page.read_text())


def test_a_card_links_its_facts_sources_and_doi(site):
    naf = (site / "resource" / "NaF.html").read_text(encoding="utf-8")
    sbf3 = next(item for item in naf.split("<li>") if "with SbF3 forming NaF" in item)
    assert '<a href="../resource/section-3-1.html">3.1</a>' in sbf3
    assert '<a href="../resource/ref-54.html">54</a>' in sbf3
    ref = (site / "resource" / "ref-100.html").read_text(encoding="utf-8")
    assert 'href="https://doi.org/10.1039/d3nr01306e"' in ref


def test_a_querys_files_are_what_the_command_line_prints_at_its_defaults(site):
    for fmt in ("csv", "json"):
        done = subprocess.run(
            [sys.executable, "-m", "naseigraph", "query", "precursors-yielding", "--format", fmt],
            capture_output=True,
            env={"PATH": ""},
        )
        assert done.returncode == 0
        assert (site / "queries" / f"precursors-yielding.{fmt}").read_bytes() == done.stdout
    page = (site / "queries" / "precursors-yielding.html").read_text(encoding="utf-8")
    assert "At its defaults: phase = NaF." in page and "<form" not in page.split("<main>")[1]


@pytest.mark.parametrize("text", ["NaF", "dendrite", "alucone", "Yu's group", "Figure 7a"])
def test_the_search_index_finds_what_search_finds(site, text):
    from naseigraph.find import search
    from naseigraph.pages import Links

    index = (site / "static" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(index.removeprefix("window.naseigraphIndex = ").rstrip(";\n"))
    wanted = text.lower()
    found = {e[0] for e in entries if e[3] != "element" and wanted in e[4].lower()}
    static = Links(static=True, root="")  # the copy's own address of each card
    expected = {static.href(hit.iri) for hit in search(text, limit=None)}
    assert found == expected


def test_the_copy_replaces_only_a_folder_it_wrote(site, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious")
    done = naseigraph("export", "site", "-o", foreign)
    one_line_exit_2(done, "holds files naseigraph did not write")
    assert (foreign / "thesis.tex").read_text() == "precious" and len(list(foreign.iterdir())) == 1
    missing = naseigraph("export", "site")
    one_line_exit_2(missing, "export site writes a folder: give it with -o DIR")
