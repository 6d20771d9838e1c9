"""yEd's own GraphML extension: yEd ignores plain GraphML data for drawing, and reads a node's
place, size, colour and label only from a `y:ShapeNode` under a `nodegraphics` key. Gephi
reads the plain `x`, `y`, `r`, `g`, `b` data the file also carries."""

from __future__ import annotations

import xml.etree.ElementTree as ET

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
YFILES = "http://www.yworks.com/xml/graphml"
SIZE = 30.0  # pixels: a node's box in yEd


def with_yed_graphics(text: str, graph) -> str:
    """GraphML `text` of `graph` with a y:ShapeNode per node (yEd's y axis points down)."""
    ET.register_namespace("", GRAPHML)
    ET.register_namespace("y", YFILES)
    root = ET.fromstring(text)
    key = ET.Element(
        f"{{{GRAPHML}}}key", {"for": "node", "id": "yed", "yfiles.type": "nodegraphics"}
    )
    root.insert(0, key)
    for element in root.iter(f"{{{GRAPHML}}}node"):
        attrs = graph.nodes[element.get("id")]
        if "x" not in attrs:
            continue
        data = ET.SubElement(element, f"{{{GRAPHML}}}data", {"key": "yed"})
        shape = ET.SubElement(data, f"{{{YFILES}}}ShapeNode")
        ET.SubElement(
            shape,
            f"{{{YFILES}}}Geometry",
            {
                "x": f"{attrs['x'] - SIZE / 2:.2f}",
                "y": f"{-attrs['y'] - SIZE / 2:.2f}",
                "width": f"{SIZE:g}",
                "height": f"{SIZE:g}",
            },
        )
        ET.SubElement(
            shape, f"{{{YFILES}}}Fill", {"color": attrs["colour"], "transparent": "false"}
        )
        label = ET.SubElement(shape, f"{{{YFILES}}}NodeLabel")
        label.text = str(attrs.get("label", ""))
        ET.SubElement(shape, f"{{{YFILES}}}Shape", {"type": "ellipse"})
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
