"""The interactive page, opened in a real headless Chromium with the network blocked.

What the page must show comes from the review: NaF is formed from SbF3/DMC [54, 55] (ref 54 is
Xu, Z. X. et al., Adv. Funct. Mater. 2019), BdmimBF4 [56], CoF2 [57], AlF3 [58],
triethylamine trihydrofluoride [59] and PTFE, rolled (Figure 7a) [117] or pressed [121].
"""

import json
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import chromium

from naseigraph.exports import export
from naseigraph.network import to_networkx

EVIL = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>'


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    written = {}
    for view in ("precursor-phase", "full"):
        written[view] = folder / f"{view}.html"
        export("html", written[view], view=view)
    return written


@pytest.fixture(scope="module")
def browser():
    """Chromium through chromedriver, offline."""
    yield from chromium(offline=True)


def open_page(driver, path):
    driver.get_log("performance")  # forget earlier pages' requests and messages
    driver.get_log("browser")
    driver.get(path.as_uri())
    for _ in range(200):
        if driver.execute_script("return document.body.dataset.ready") == "true":
            return
        time.sleep(0.05)
    raise AssertionError(f"the page never got ready: {driver.get_log('browser')}")


def requests(driver) -> list[str]:
    """Every URL the browser asked for since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


# The node markers plotly drew: its SVG groups, each bound (d3 __data__) to the trace it draws.
NODE_GROUPS = """[...document.querySelectorAll('.scatterlayer .trace')]
  .filter(group => group.__data__[0].trace.meta === 'nodes')"""
DRAWN = f"return {NODE_GROUPS}.reduce((n, g) => n + g.querySelectorAll('path.point').length, 0)"


def search(driver, text):
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text)
    return driver.find_elements(By.CSS_SELECTOR, "#results button")


def details(driver) -> str:
    return driver.execute_script("return document.getElementById('details').innerText")


def test_the_page_draws_every_node_and_asks_the_network_for_nothing(browser, pages):
    for view, path in pages.items():
        open_page(browser, path)
        assert requests(browser) == [path.as_uri()]
        # A fetch the page's Content-Security-Policy refused would show here, not above.
        assert [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
        assert browser.execute_script(DRAWN) == to_networkx(view).number_of_nodes()
        assert browser.execute_script("return typeof Plotly") == "object"


def test_search_naf_click_it_and_see_its_precursors_with_their_sources(browser, pages, tmp_path):
    open_page(browser, pages["precursor-phase"])
    found = search(browser, "NaF")
    assert found[0].text.startswith("NaF")
    found[0].click()
    shown = details(browser)
    assert shown.splitlines()[0] == "NaF"
    assert "7 links" in shown.lower()  # a heading, in capitals on the screen
    for precursor in ("SbF3", "BdmimBF4", "CoF2", "AlF3", "triethylamine trihydrofluoride"):
        assert f"formed from {precursor}" in shown
    assert "section 3.1 · refs 54, 55" in shown
    assert "[54] Xu, Z. X.; Yang, J.; Zhang, T." in shown and "Adv. Funct. Mater. 2019" in shown
    assert "section 3.3 · Figure 7a · refs 117" in shown
    lit = browser.execute_script(
        "return document.getElementById('graph').data.filter(t => t.meta === 'nodes')"
        ".reduce((n, t) => n + (t.selectedpoints || []).length, 0)"
    )
    assert lit == 1 + 6  # NaF and its six precursors (PTFE twice, one node)
    shot = tmp_path / "naf.png"
    assert browser.save_screenshot(str(shot))
    assert _mostly_not_blank(shot)


def test_a_click_on_the_drawn_node_shows_its_facts(browser, pages):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, pages["precursor-phase"])
    point = browser.execute_script(
        f"""for (const group of {NODE_GROUPS}) {{
          const j = group.__data__[0].trace.customdata.indexOf('nsgr:SbF3');
          if (j >= 0) return group.querySelectorAll('path.point')[j];
        }}"""
    )
    ActionChains(browser).move_to_element(point).click().perform()
    shown = details(browser)
    assert shown.splitlines()[0] == "SbF3"
    assert "forms → NaF" in shown and "forms → Na3Sb" in shown
    assert "chemical pretreatment · Chemical pretreatment of Na with SbF3/DMC solution" in shown


def test_filters_by_class_and_section_dim_the_rest(browser, pages):
    from selenium.webdriver.support.ui import Select

    graph = to_networkx("precursor-phase")
    open_page(browser, pages["precursor-phase"])
    lit = (
        "return document.getElementById('graph').data.filter(t => t.meta === 'nodes')"
        ".reduce((n, t) => n + (t.selectedpoints || []).length, 0)"
    )
    Select(browser.find_element("id", "group")).select_by_value("halide")
    halides = [n for n, a in graph.nodes(data=True) if a["class"].split(", ")[0] == "halide"]
    assert browser.execute_script(lit) == len(halides)
    Select(browser.find_element("id", "group")).select_by_value("")
    Select(browser.find_element("id", "section")).select_by_value("3.2")
    organic = {n for u, v, s in graph.edges(data="section") if s == "3.2" for n in (u, v)}
    assert browser.execute_script(lit) == len(organic)


def test_subscripts_may_be_typed_either_way(browser, pages):
    open_page(browser, pages["precursor-phase"])
    assert search(browser, "Na₃P")[0].text.startswith("Na3P")


def test_a_label_with_markup_shows_as_text_and_runs_nothing(browser, tmp_path):
    mine = tmp_path / "evil.ttl"
    label = EVIL.replace("\\", "\\\\").replace('"', '\\"')
    mine.write_text(
        "@prefix nsg: <https://w3id.org/naseigraph/ontology#> .\n"
        "@prefix nsgr: <https://w3id.org/naseigraph/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'nsgr:evil a nsg:Metal ; rdfs:label "{label}" ; nsg:formula "</script>" ;\n'
        "    nsg:hasProperty nsgr:value .\n"
        'nsgr:value a nsg:ReportedValue ; rdfs:label "<i>a value</i>" .\n'
    )
    page = tmp_path / "evil.html"
    export("html", page, view="full", paths=[mine])
    assert "<script>window.__xss" not in page.read_text()
    open_page(browser, page)
    assert browser.execute_script(DRAWN) == 2
    search(browser, "bold")[0].click()
    assert details(browser).splitlines()[0] == EVIL
    assert browser.execute_script("return window.__xss") is None
    assert browser.execute_script("return document.querySelectorAll('img, b, i').length") == 0
    texts = "return [...document.querySelectorAll('.scatterlayer .textpoint text')]"
    drawn = browser.execute_script(texts + ".map(t => t.textContent)")
    assert EVIL[:24] in " ".join(drawn)  # the drawing's label is the text, shortened


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "action", "poster", "data") and value:
                self.found.append(f"{tag} {name}={value}")
        if tag == "link":
            self.found.append(f"link {dict(attrs)}")


def test_the_page_names_no_outside_resource(pages):
    text = pages["precursor-phase"].read_text(encoding="utf-8")
    parser = _Resources()
    parser.feed(text)
    assert parser.found == []
    assert "default-src 'none'" in text  # and the browser would refuse any fetch
    assert not re.search(r"""<script[^>]+src=""", text)


def test_the_page_needs_the_html_extra_and_says_so(tmp_path):
    code = (
        "import sys; sys.modules['plotly'] = None\n"
        "from naseigraph.cli import main\n"
        "sys.exit(main(['export', 'html', '--view', 'precursor-phase', '-o', 'page.html']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2
    root = Path(__file__).resolve().parents[1]  # a checkout: install from it, not from PyPI
    assert done.stderr == (
        f"naseigraph: error: the html format needs plotly, numpy and Jinja2: "
        f"pip install '{root}[html]'\n"
    )
    assert list(tmp_path.iterdir()) == []


def _mostly_not_blank(png) -> bool:
    """A drawing, not an empty or error page: many colours, and not nearly all white."""
    from PIL import Image

    image = Image.open(png).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    white = sum(n for n, colour in colours if min(colour) > 245)
    return len(colours) > 200 and white < 0.97 * image.width * image.height


def test_template_placeholders_in_the_data_stay_text(browser, tmp_path):
    mine = tmp_path / "braces.ttl"
    mine.write_text(
        "@prefix nsg: <https://w3id.org/naseigraph/ontology#> .\n"
        "@prefix nsgr: <https://w3id.org/naseigraph/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'nsgr:braces a nsg:Metal ; rdfs:label "{{plot}} {{data}} {{title}} {% raw %}" ;\n'
        "    nsg:hasProperty nsgr:value .\n"
        'nsgr:value a nsg:ReportedValue ; rdfs:label "{{source}}" .\n'
    )
    page = tmp_path / "braces.html"
    export("html", page, view="full", paths=[mine])
    text = page.read_text()
    assert text.count("Plotly.newPlot") == 1  # the drawing once, not again inside the data
    open_page(browser, page)
    assert browser.execute_script(DRAWN) == 2
    search(browser, "plot")[0].click()
    assert details(browser).splitlines()[0] == "{{plot}} {{data}} {{title}} {% raw %}"


def test_a_view_with_no_nodes_is_one_line(tmp_path):
    from naseigraph.graph import NaseigraphError

    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    with pytest.raises(NaseigraphError, match="the full view has no nodes"):
        export("html", paths=[empty])
