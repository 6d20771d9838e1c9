"""The workbench in a real headless Chromium, as a researcher uses it: search, cards, a canned
query's form and its download, the SPARQL editor; every request that leaves 127.0.0.1 is
blocked and counted, and there must be none; no console errors; markup in the data stays text.

From the review: Jiao et al. made the free-standing, implantable NaF/PVDF film (FIAPL) to
protect Na [115], in section 3.3; MLD alucone layers are in section 3.3.

Screenshots of each page go to $NASEIGRAPH_SCREENSHOTS when it is set (the README's pictures
are taken so), else to the test's temporary folder.
"""

import json
import os
import time
from pathlib import Path

import pytest
from conftest import CONTEXT, FIXTURES, Served, chromium

WAIT = 30


@pytest.fixture(scope="module")
def base():
    with Served() as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    for driver in chromium(offline=False):
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        driver.downloads = downloads
        yield driver


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = os.environ.get("NASEIGRAPH_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


def visit(driver, url):
    driver.get(url)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete")


def wait_for(condition, what="the page"):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not get ready within {WAIT} s")


def requests_elsewhere(driver) -> list[str]:
    """Every network request (http, https, ws, wss) the browser made to a host other than
    127.0.0.1; the browser's own chrome:// pages and data: URLs are not requests."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    network = [u for u in urls if u.split(":", 1)[0] in ("http", "https", "ws", "wss")]
    return [u for u in network if not u.startswith("http://127.0.0.1:")]


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def link(driver, text: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.LINK_TEXT, text)


def test_search_a_card_and_follow_a_precursor_to_its_layer(browser, base, shots):
    from selenium.webdriver.common.by import By

    visit(browser, base + "/")
    browser.save_screenshot(str(shots / "front.png"))
    box = browser.find_element(By.ID, "q")
    box.send_keys("NaF")
    box.submit()
    wait_for(lambda: "/search" in browser.current_url and "hits for" in browser.page_source)
    browser.save_screenshot(str(shots / "search.png"))
    first = browser.find_element(By.CSS_SELECTOR, "table.hits tbody tr td a")
    assert first.text == "NaF"
    first.click()
    wait_for(lambda: browser.current_url.endswith("/resource/NaF"))
    browser.save_screenshot(str(shots / "card.png"))
    used = browser.find_element(
        By.XPATH, "//h2[text()='Used as a precursor']/following-sibling::ul"
    )
    used.find_element(By.PARTIAL_LINK_TEXT, "(FIAPL)").click()  # the treatment that uses NaF
    wait_for(lambda: browser.current_url.endswith("/resource/treatment-fiapl"))
    link(browser, "produces: NaF/PVDF free-standing implantable protective layer (FIAPL)").click()
    wait_for(lambda: "/resource/layer-" in browser.current_url)
    own = browser.find_element(By.CSS_SELECTOR, "p.own").text
    assert "section 3.3" in own and "ref 115" in own
    assert link(browser, "115").get_attribute("href").endswith("/resource/ref-115")
    browser.save_screenshot(str(shots / "layer.png"))
    assert requests_elsewhere(browser) == [] and console_errors(browser) == []


def test_a_canned_query_through_its_form_and_its_csv_download(browser, base, shots):
    from selenium.webdriver.common.by import By

    from naseigraph.queries import run
    from naseigraph.tables import render

    visit(browser, base + "/")
    link(browser, "Layers made by a method").click()
    wait_for(lambda: "/queries/layers-by-method" in browser.current_url)
    field = browser.find_element(By.ID, "p-method")
    field.clear()
    field.send_keys("MLD")
    field.submit()
    wait_for(lambda: "method=MLD" in browser.current_url)
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.results td")]
    assert "Al2O3-alucone nano hybrid interface (ALD/MLD)" in cells
    browser.save_screenshot(str(shots / "query.png"))
    link(browser, "CSV").click()
    saved = browser.downloads / "layers-by-method.csv"
    wait_for(saved.exists, "the download")
    wait_for(lambda: not list(browser.downloads.glob("*.crdownload")), "the download")
    expected = render(run("layers-by-method", method="MLD"), "csv") + "\n"
    assert saved.read_bytes().decode("utf-8") == expected
    assert requests_elsewhere(browser) == [] and console_errors(browser) == []


def test_sparql_from_the_editor(browser, base, shots):
    from selenium.webdriver.common.by import By

    visit(browser, base + "/sparql")
    editor = browser.find_element(By.NAME, "query")
    assert "PREFIX nsg: <https://w3id.org/naseigraph/ontology#>" in editor.get_attribute("value")
    editor.clear()
    editor.send_keys("SELECT ?phase WHERE { nsgr:reaction-sbf3 nsg:hasProduct ?phase }")
    editor.submit()
    wait_for(lambda: "2 rows" in browser.page_source)
    shown = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.results td a")}
    assert shown == {"nsgr:NaF", "nsgr:Na3Sb"}  # SbF3 + Na -> NaF + Na3Sb, section 3.1 [54, 55]
    browser.save_screenshot(str(shots / "sparql.png"))
    assert requests_elsewhere(browser) == [] and console_errors(browser) == []


def test_an_interactive_view_runs_in_the_page(browser, base, shots):
    visit(browser, base + "/views/precursor-phase")
    wait_for(lambda: browser.execute_script("return document.body.dataset.ready") == "true")
    browser.save_screenshot(str(shots / "view.png"))
    assert requests_elsewhere(browser) == [] and console_errors(browser) == []


def test_markup_in_the_data_stays_text(browser):
    with Served(FIXTURES / "web" / "markup-label.ttl", *CONTEXT) as (url, _):
        for path in ("/resource/evil-layer", "/search?q=onerror"):
            visit(browser, url + path)
            assert browser.execute_script("return window.__xss") is None
            assert (
                "<script>window.__xss=2</script>" in browser.find_element("tag name", "main").text
            )
    assert requests_elsewhere(browser) == [] and console_errors(browser) == []


def test_the_static_copy_searches_and_links_from_disk(browser, site, shots):
    from selenium.webdriver.common.by import By

    visit(browser, (site / "index.html").as_uri())
    box = browser.find_element(By.ID, "q")
    box.send_keys("NaF")
    box.submit()
    wait_for(lambda: "hits for" in browser.page_source, "the in-page search")
    browser.save_screenshot(str(shots / "static-search.png"))
    first = browser.find_element(By.CSS_SELECTOR, "table.hits tbody tr td a")
    assert first.text == "NaF"
    first.click()
    wait_for(lambda: browser.current_url.endswith("/resource/NaF.html"))
    sbf3 = browser.find_element(By.PARTIAL_LINK_TEXT, "with SbF3 forming NaF")
    item = sbf3.find_element(By.XPATH, "./..").text
    assert "section 3.1" in item and "refs 54, 55" in item
    link(browser, "54").click()
    wait_for(lambda: browser.current_url.endswith("/resource/ref-54.html"))
    assert "Xu, Z. X." in browser.find_element(By.TAG_NAME, "main").text
    visit(browser, (site / "queries" / "layers-by-method.html").as_uri())
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.results td")]
    assert "Thin ALD Al2O3 layer on Na (Na@Al2O3)" in cells  # at its default, ALD [87-89]
    assert requests_elsewhere(browser) == [] and console_errors(browser) == []
