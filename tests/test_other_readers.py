"""GraphML, GEXF and Cytoscape files open whole in a second reader, with the page's picture."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import need

from naseigraph.exports import export

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
YFILES = "{http://www.yworks.com/xml/graphml}"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


def page_nodes(view: str) -> dict:
    """Each node's colour and position as the HTML page holds them."""
    text = export("html", view=view)
    start = text.index('id="naseigraph-data">') + len('id="naseigraph-data">')
    data = json.loads(text[start : text.index("</script>", start)])
    return {n["id"]: (data["colours"][n["group"]], n["x"], n["y"]) for n in data["nodes"]}


@pytest.fixture(scope="module", params=["full", "layers"])
def graphml(request):
    return request.param, ET.fromstring(export("graphml", view=request.param))


def test_graphml_edges_have_unique_ids(graphml):
    _, root = graphml
    ids = [edge.get("id") for edge in root.iter(f"{GRAPHML}edge")]
    assert len(ids) > 100 and len(set(ids)) == len(ids) and None not in ids


def test_graphml_carries_the_pages_picture_for_gephi_and_yed(graphml):
    view, root = graphml
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}
    page = page_nodes(view)
    for node in root.iter(f"{GRAPHML}node"):
        data = {keys.get(d.get("key")): d.text for d in node.iter(f"{GRAPHML}data")}
        if node.get("id").startswith("_:"):  # two garbled passages of one fact may swap names
            continue
        colour, x, y = page[node.get("id")]
        assert data["colour"] == colour
        assert float(data["x"]) == pytest.approx(x, abs=0.01)
        assert float(data["y"]) == pytest.approx(y, abs=0.01)
        red, green, blue = (int(data[c]) for c in "rgb")
        assert f"#{red:02X}{green:02X}{blue:02X}" == colour
        shape = node.find(f"{GRAPHML}data/{YFILES}ShapeNode")  # what yEd draws
        assert shape.find(f"{YFILES}Fill").get("color") == colour
        box = shape.find(f"{YFILES}Geometry")
        assert float(box.get("x")) + 15 == pytest.approx(x, abs=0.01)
        assert float(box.get("y")) + 15 == pytest.approx(-y, abs=0.01)  # yEd: y down


def test_gexf_carries_the_pages_picture_as_viz():
    root = ET.fromstring(export("gexf", view="layers"))
    page = page_nodes("layers")
    nodes = list(root.iter(f"{GEXF}node"))
    assert len(nodes) == len(page)
    for node in nodes:
        colour, x, y = page[node.get("id")]
        rgb = node.find(f"{VIZ}color")
        got = "#{:02X}{:02X}{:02X}".format(*tuple(int(rgb.get(c)) for c in "rgb"))
        position = node.find(f"{VIZ}position")
        assert got == colour
        assert float(position.get("x")) == pytest.approx(x, abs=0.01)
        assert float(position.get("y")) == pytest.approx(y, abs=0.01)
    edges = [e.get("id") for e in root.iter(f"{GEXF}edge")]
    assert len(set(edges)) == len(edges)


CYTOSCAPE = """
const cytoscape = require('cytoscape');
const data = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const made = cytoscape({ headless: true, elements: data.elements });
const loaded = cytoscape({ headless: true });
loaded.json(data);
const count = (cy) => [cy.nodes().length, cy.edges().length];
console.log(JSON.stringify({ constructor: count(made), json: count(loaded) }));
"""


@pytest.fixture(scope="module")
def cytoscape_js(tmp_path_factory):
    """The `cytoscape` npm package, installed with npm into a temporary folder."""
    npm, _ = need("npm", "node")
    folder = tmp_path_factory.mktemp("cytoscape")
    done = subprocess.run(
        [
            npm,
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(folder),
            "cytoscape@3",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("view", ["full", "precursor-phase"])
def test_cytoscape_js_keeps_every_element_both_ways(cytoscape_js, view, tmp_path):
    path = tmp_path / f"{view}.cyjs"
    data = json.loads(export("cytoscape", path, view=view))
    nodes, edges = len(data["elements"]["nodes"]), len(data["elements"]["edges"])
    script = cytoscape_js / "load.js"
    script.write_text(CYTOSCAPE)
    done = subprocess.run(
        ["node", str(script), str(path)], capture_output=True, text=True, cwd=cytoscape_js
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"constructor": [nodes, edges], "json": [nodes, edges]}
