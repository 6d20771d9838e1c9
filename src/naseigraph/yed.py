"""yEd's own GraphML extension: yEd ignores plain GraphML data for drawing, and reads a node's
place, size, colour and label only from a `y:ShapeNode` under a `nodegraphics` key. Gephi
reads the plain `x`, `y`, `r`, `g`, `b` data the file also carries."""

from __future__ import annotations

YFILES = "http://www.yworks.com/xml/graphml"
SIZE = 30.0  # pixels: a node's box in yEd


def graphml(graph) -> str:
    """GraphML of `graph` by networkx, with a y:ShapeNode per placed node (yEd's y axis points
    down), added to networkx's element tree before it is written once: reading the written
    text back to add them was half the writing at 100k triples (15 of 32 s, profiled)."""
    from xml.etree.ElementTree import SubElement, indent, tostring

    from networkx.readwrite.graphml import GraphMLWriter

    writer = GraphMLWriter(named_key_ids=True, edge_id_from_attribute="id")
    writer.add_graph_element(graph)
    # networkx writes its namespaces as plain attributes and its tags unprefixed: so do these.
    writer.xml.set("xmlns:y", YFILES)
    key = {"for": "node", "id": "yed", "yfiles.type": "nodegraphics"}
    writer.xml.insert(0, writer.myElement("key", key))
    for element in writer.xml.iter("node"):
        attrs = graph.nodes[element.get("id")]
        if "x" in attrs:
            _shape(SubElement(element, "data", {"key": "yed"}), attrs)
    indent(writer.xml, space="  ")  # written as text: networkx's str() escapes non-ASCII
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(writer.xml, "unicode") + "\n"


def _shape(data, attrs: dict) -> None:
    from xml.etree.ElementTree import SubElement

    shape = SubElement(data, "y:ShapeNode")
    box = {"x": f"{attrs['x'] - SIZE / 2:.2f}", "y": f"{-attrs['y'] - SIZE / 2:.2f}"}
    SubElement(shape, "y:Geometry", {**box, "width": f"{SIZE:g}", "height": f"{SIZE:g}"})
    SubElement(shape, "y:Fill", {"color": attrs["colour"], "transparent": "false"})
    SubElement(shape, "y:NodeLabel").text = str(attrs.get("label", ""))
    SubElement(shape, "y:Shape", {"type": "ellipse"})
