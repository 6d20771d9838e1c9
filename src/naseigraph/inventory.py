"""The review's sentence inventory: split its text, fingerprint each sentence, write Turtle.

A curator's tool, run over the review's text (which the product never reads itself):

    python -m naseigraph.inventory REVIEW.txt -o data/sentences.ttl

Sections 1-4 and every figure caption are split into sentences by pySBD, a rule-based splitter
(the Golden Rules set) that knows "et al.", "e.g." and decimal numbers. Tried against syntok on
this review, pySBD made 2 wrong cuts in the body, both at garbled text ("etc. )" in 3.2 and "Wei
et. al"), where syntok missed four boundaries after "[57, 60]." and "75 °C." and cut at
semicolons; pySBD cuts the captions' panel lists ("(j) liquid Ga [85] and (k) ...") into pieces.
Its cuts stay as it makes them, so the inventory can always be made again from the text.
Each sentence becomes a node with its section or figure, its ordinal there and the
SHA-256 of its normalised text; the text is not copied. Tests split the text again and compare.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from naseigraph.graph import NaseigraphError
from naseigraph.outputs import write_atomically

HEADING = re.compile(r"^#+\s*(?:\*\*)?(\d(?:\.\d)?)\.?\s+(.+?)(?:\*\*)?\s*$")
CAPTION = re.compile(r"^(?:\*\*)?Figure (\d+)\.(?:\*\*)?\s*(.*)$")
BACK_MATTER = re.compile(r"^\*\*(Author Contributions|Funding):")
TAGS = re.compile(r"</?(?:sub|sup)>|\*\*")


@dataclass(frozen=True)
class Sentence:
    part: str  # "3.1" for a section, "Figure 4" for a caption
    ordinal: int
    text: str  # normalised: markup removed, white space folded

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def key(self) -> str:
        """The local name of its IRI: sentence-3-1-4, sentence-figure-4-2."""
        part = self.part.replace("Figure ", "figure-").replace(".", "-")
        return f"sentence-{part}-{self.ordinal}"


def normalise(text: str) -> str:
    """What a fingerprint is taken of, and what printed strings are looked for in."""
    return " ".join(TAGS.sub("", text).replace("\\*", "*").split())


def parts(text: str) -> dict[str, list[str]]:
    """The lines of each section (1 to 4) and of each figure caption, in order.

    A caption starts after its "Figure N." label. Page numbers (a line of digits) and stray
    one-letter lines of the conversion are dropped;
    the abstract, before section 1, and the back matter, after section 4, are not in the body.
    """
    found: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        heading, caption = HEADING.match(line), CAPTION.match(line)
        if BACK_MATTER.match(line):
            current = None
        elif heading and heading.group(1)[0] in "1234":
            current = heading.group(1)
            found.setdefault(current, [])
        elif caption and current is not None:
            found.setdefault(f"Figure {caption.group(1)}", []).append(caption.group(2))
        elif current is not None and len(line) > 1 and not line.isdigit():
            found[current].append(line)
    return found


def split(text: str) -> list[Sentence]:
    """Every sentence of sections 1-4 and of the figure captions, in the text's order."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    sentences = []
    for part, lines in parts(text).items():
        body = normalise(" ".join(lines))
        pieces = [normalise(piece) for piece in segmenter.segment(body)]
        sentences += [Sentence(part, n, piece) for n, piece in enumerate(filter(None, pieces), 1)]
    return sentences


def to_turtle(sentences: list[Sentence]) -> str:
    lines = [
        "@prefix nsg:  <https://w3id.org/naseigraph/ontology#> .",
        "@prefix nsgr: <https://w3id.org/naseigraph/resource/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        "# The review's sentences (sections 1-4 and figure captions): written by",
        "# `python -m naseigraph.inventory REVIEW.txt -o data/sentences.ttl`; do not edit by hand.",
        "# Each holds its place and a fingerprint of its text, never the text.",
        "",
    ]
    for s in sentences:
        section = s.part.startswith("Figure")
        part = s.part.replace("Figure ", "figure-") if section else "section-" + s.part
        where = f"{s.part} caption" if section else f"section {s.part}"
        lines += [
            f"nsgr:{s.key} a nsg:Sentence ;",
            f'    rdfs:label "{where}, sentence {s.ordinal}"@en ;',
            f"    nsg:inPart nsgr:{part.replace('.', '-')} ;",
            f"    nsg:ordinal {s.ordinal} ;",
            f'    nsg:fingerprint "{s.fingerprint}" .',
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m naseigraph.inventory", description=__doc__)
    parser.add_argument("review", type=Path, help="the review's plain text")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the Turtle to write")
    args = parser.parse_args(argv)
    try:
        text = args.review.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"inventory: error: {args.review}: {error}", file=sys.stderr)
        return 2
    sentences = split(text)
    try:
        write_atomically(args.output, to_turtle(sentences))
    except NaseigraphError as error:
        print(f"inventory: error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.output}: {len(sentences)} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
