"""The element symbols of each substance, read from its printed formula by molmass.

A curator's tool: `python -m naseigraph.elements -o data/elements.ttl` writes one
`nsg:containsElement "Sn"` triple per element of every substance, so that `search Sn` and the
`substances-by-element` query match the same substances, on any engine, without parsing
formulas at query time. Formulas are parsed by molmass (Christoph Gohlke's formula parser: it
knows every element, isotopes, charges and groups such as Ph); a symbol never matches inside
another one, so S is not in SnCl2 and C is not in CoF2. Not parsed, and so matching no element:
abbreviations (TFSI, PVDF, MOF, COF are words, not formulas) and R, the alkyl group.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# The review's formulas leave some indices open (NaAlOx, NaNxOy, Na2Sy): an index, not an element.
OPEN_INDEX = re.compile(r"(?<=[A-Za-z)])[xyz]")
# An abbreviation inside a formula, such as (TFSI)2 or the TFSI of AgTFSI: dropped, and the rest
# of the formula is read. (molmass would read a bare TFSI as a peptide sequence.)
ABBREVIATION_IN_FORMULA = re.compile(r"\(?[A-Z]{3,}\)?\d*")
# In a label, a token of two or more capitals and nothing else is an abbreviation (PVDF, COF).
ABBREVIATION = re.compile(r"[A-Z]{2,}")


def formula_symbols(formula: str) -> set[str]:
    """The elements of a printed formula: {'Sn', 'Cl'} for SnCl2; empty where it does not parse."""
    from molmass import ELEMENTS, Formula, FormulaError

    text = OPEN_INDEX.sub("", formula)
    stripped = ABBREVIATION_IN_FORMULA.sub("", text)
    for attempt in (text, stripped if stripped != text else ""):
        if not attempt:
            continue
        try:
            composition = Formula(attempt).composition()
        except (FormulaError, ValueError, KeyError):
            continue
        return {_element(symbol) for symbol in composition} & {e.symbol for e in ELEMENTS}
    return set()


def _element(symbol: str) -> str:
    """molmass writes isotopes as [2H]; the element is what follows the mass number."""
    return re.sub(r"^\[\d+([A-Za-z]+)\]$", r"\1", symbol)


def label_symbols(label: str) -> set[str]:
    """The elements a label names: formulas in it (Na-Sn alloy, Ph-S-Na, Sn(TFSI)2, O, N
    functioned ...) and element names (red phosphorus, vanadium)."""
    from molmass import ELEMENTS

    names = {element.name.lower(): element.symbol for element in ELEMENTS}
    found: set[str] = set()
    for token in re.split(r"[\s,/@]+", label):
        for part in filter(None, token.split("-")):
            if part.lower() in names:
                found.add(names[part.lower()])
            elif part[0].isupper() and not ABBREVIATION.fullmatch(part):
                found |= formula_symbols(part)
    return found


def substance_symbols(formula: str | None, labels: list[str]) -> set[str]:
    """A substance's elements: from its formula where it has one, else from its labels."""
    if formula:
        return formula_symbols(formula)
    return set().union(*map(label_symbols, labels))


SUBSTANCES = """
SELECT ?substance (SAMPLE(?formula) AS ?printed) (GROUP_CONCAT(?label; separator="|") AS ?labels)
WHERE {
  ?substance a ?kind . ?kind rdfs:subClassOf* nsg:ChemicalSubstance .
  { ?substance rdfs:label ?label } UNION { ?substance skos:altLabel ?label }
  OPTIONAL { ?substance nsg:formula ?formula }
} GROUP BY ?substance ORDER BY ?substance
"""


def to_turtle(store) -> str:
    """data/elements.ttl for the substances of `store` (the shipped data without this file)."""
    lines = [
        "@prefix nsg:  <https://w3id.org/naseigraph/ontology#> .",
        "@prefix nsgr: <https://w3id.org/naseigraph/resource/> .",
        "",
        "# The element symbols of each substance's printed formula (or of a formula or element",
        "# name in its label), read by molmass: written by `python -m naseigraph.elements -o",
        "# data/elements.ttl`; do not edit by hand. A reading of the formulas, not a statement",
        "# of the review. Substances none of whose text parses have no line.",
        "",
    ]
    for row in store.query(SUBSTANCES, prefixes=_prefixes()):
        formula = row["printed"].value if row["printed"] is not None else None
        symbols = sorted(substance_symbols(formula, row["labels"].value.split("|")))
        if symbols:
            local = row["substance"].value.rsplit("/", 1)[1]
            listed = " , ".join(f'"{s}"' for s in symbols)
            lines.append(f"nsgr:{local} nsg:containsElement {listed} .")
    return "\n".join(lines) + "\n"


def _prefixes() -> dict:
    from naseigraph.graph import PREFIXES

    return PREFIXES


def main(argv: list[str] | None = None) -> int:
    from naseigraph.graph import data_files
    from naseigraph.outputs import write_atomically
    from naseigraph.store import load_store

    parser = argparse.ArgumentParser(prog="python -m naseigraph.elements", description=__doc__)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the Turtle to write")
    args = parser.parse_args(argv)
    sources = [path for path in data_files() if path.name != args.output.name]
    text = to_turtle(load_store(sources))
    write_atomically(args.output, text)
    print(f"wrote {args.output}: {text.count(' nsg:containsElement ')} substances")
    return 0


if __name__ == "__main__":
    sys.exit(main())
