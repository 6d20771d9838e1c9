"""Synthetic literature-scale graphs for the benchmark, shaped like the review's own data.

Every synthetic paper is an `nsg:Review` of its own (a DOI under 10.5555, the prefix Crossref
keeps for examples) with a figure and a reference list. Its facts are filed under the review's
sections 3.1 to 3.3 by layer class, because the shapes tie each layer class to its section (a
warning otherwise), while `prov:wasDerivedFrom` names the synthetic paper. Its systems copy
the chemistry of a system the review describes (the treatment's method, its precursors and
their roles, the reactions with reactants, products and type, the layer's class and
constituents), read from the shipped data at generation time, so precursors, phases and
methods occur as often as they do in the review. Around that chemistry the numbers are
synthetic: layer properties, cell tests with their conditions and lifetimes, drawn from ranges
like the review's. Nothing here is a fact; every label says "synthetic".

The shipped data is part of every benchmark graph, so the sizes (about 10k, 100k and 1M
triples) count the ontology, the review's facts and the synthetic papers together.

    python bench/generate.py --triples 100000 --seed 7 -o bench/graphs/synthetic-100k.ttl
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from naseigraph.graph import PREFIXES
from naseigraph.queries import sparql
from naseigraph.store import load_store

NSG, NSGR = PREFIXES["nsg"], PREFIXES["nsgr"]
HEADER = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
SECTIONS = {"InorganicLayer": "3-1", "OrganicLayer": "3-2", "HybridLayer": "3-3"}
REFERENCES = 4  # per paper
SYSTEMS = 8  # per paper
# Values like the review's: (quantity kind, unit, printed unit, low, high, decimals).
PROPERTIES = [
    ("IonicConductivity", "unit:MilliS-PER-CentiM", "mS cm-1", 0.01, 1.0, 2),
    ("YoungsModulus", "unit:GigaPA", "GPa", 1.0, 50.0, 1),
    ("Thickness", "unit:NanoM", "nm", 5, 500, 0),
]
CURRENT_DENSITIES = ["0.25", "0.5", "1", "1.0", "2", "3", "5"]
AREAL_CAPACITIES = ["0.25", "0.5", "0.75", "1", "1.0", "2", "3"]


@dataclass(frozen=True)
class System:
    """The chemistry of one of the review's systems, the template a synthetic system copies."""

    method: str
    roles: tuple[tuple[str, str], ...]  # (role property, precursor)
    reactions: tuple[tuple[tuple[str, ...], tuple[str, ...], str | None], ...]
    layer_class: str
    constituents: tuple[str, ...]


def templates() -> tuple[list[System], Counter, list[str]]:
    """The review's complete systems, its cell configurations by frequency, and its cathodes."""
    store = load_store()

    def ask(text):
        return sparql(text, store=store)

    by_treatment: dict[str, dict] = {}
    for row in ask(
        "SELECT ?t ?class ?lclass WHERE { ?t a ?class ; nsg:produces ?l . ?l a ?lclass ."
        " ?class rdfs:subClassOf nsg:Treatment . ?lclass rdfs:subClassOf nsg:ProtectiveLayer }"
    ):
        by_treatment[row["t"]] = {"method": row["class"], "layer": row["lclass"]}
    roles, reactions, constituents = {}, {}, {}
    for row in ask(
        "SELECT ?t ?role ?p WHERE { ?t ?role ?p . ?role rdfs:subPropertyOf* nsg:usesPrecursor }"
    ):
        roles.setdefault(row["t"], []).append((row["role"], row["p"]))
    for row in ask(
        "SELECT ?t ?r (GROUP_CONCAT(DISTINCT STR(?in); separator=' ') AS ?ins)"
        " (GROUP_CONCAT(DISTINCT STR(?out); separator=' ') AS ?outs) (SAMPLE(?type) AS ?kind)"
        " WHERE { ?t nsg:involvesReaction ?r . ?r nsg:hasReactant ?in ; nsg:hasProduct ?out ."
        " OPTIONAL { ?r nsg:reactionType ?type } } GROUP BY ?t ?r"
    ):
        entry = (tuple(sorted(row["ins"].split())), tuple(sorted(row["outs"].split())), row["kind"])
        reactions.setdefault(row["t"], []).append(entry)
    for row in ask("SELECT ?t ?c WHERE { ?t nsg:produces/nsg:hasConstituent ?c }"):
        constituents.setdefault(row["t"], set()).add(row["c"])
    systems = [
        System(
            info["method"],
            tuple(sorted(roles[t])),
            tuple(sorted(reactions[t], key=str)),
            info["layer"].rsplit("#", 1)[1],
            tuple(sorted(constituents[t])),
        )
        for t, info in sorted(by_treatment.items())
        if t in roles and t in reactions and t in constituents
    ]
    configurations = Counter(
        r["c"] for r in ask("SELECT ?c WHERE { ?test a nsg:CellTest ; nsg:cellConfiguration ?c }")
    )
    cathodes = sorted({r["c"] for r in ask("SELECT ?c WHERE { ?test nsg:cathode ?c }")})
    return systems, configurations, cathodes


class Writer:
    """Turtle statements, one subject at a time, counted as they are written."""

    def __init__(self, out):
        self.out, self.triples = out, 0

    def node(self, subject: str, *pairs: tuple[str, object]) -> None:
        kept = [(p, _term(o)) for p, o in pairs if o is not None]
        self.out.write(f"{subject} " + " ;\n    ".join(f"{p} {o}" for p, o in kept) + " .\n")
        # An object list "a , b" is two triples; a [ ... ] node adds its own three.
        self.triples += sum(o.count(" , ") + 1 + 3 * o.startswith("[") for _, o in kept)


def _term(value) -> str:
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return f"<{value}>"
    if isinstance(value, Literal):
        return value.text
    return value  # already Turtle: a CURIE or a number


class Literal:
    def __init__(self, text: str, datatype: str | None = None, lang: str | None = None):
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        suffix = f"^^{datatype}" if datatype else f"@{lang}" if lang else ""
        self.text = f'"{escaped}"{suffix}'


def text(value: str) -> Literal:
    return Literal(value)


def label(value: str) -> Literal:
    return Literal(value, lang="en")


def paper(w: Writer, k: int, rng: random.Random) -> list[str]:
    """The paper, its figure and references; returns the reference IRIs."""
    iri = f"nsgr:bench-p{k}"
    year = 2015 + k % 9
    w.node(
        iri,
        ("a", "nsg:Review"),
        ("rdfs:label", label(f"Synthetic paper {k} (benchmark data, not a source)")),
        ("dcterms:title", text(f"Synthetic study {k} of artificial SEI layers on Na metal")),
        ("bibo:doi", text(f"10.5555/naseigraph-bench.{k}")),
        ("dcterms:issued", Literal(f"{year}-0{1 + k % 9}-15", "xsd:date")),
    )
    w.node(
        f"{iri}-figure-1",
        ("a", "nsg:ReviewFigure"),
        ("rdfs:label", label(f"Synthetic paper {k}, Figure 1")),
        ("nsg:figureNumber", "1"),
        ("dcterms:isPartOf", iri),
    )
    refs = []
    for j in range(1, REFERENCES + 1):
        ref, cited = f"{iri}-ref-{j}", year - rng.randint(0, 5)
        refs.append(ref)
        w.node(
            ref,
            ("a", "nsg:CitedReference"),
            ("rdfs:label", label(f"[{j}] Author{k}x{j} {cited}")),
            ("nsg:referenceNumber", str(j)),
            ("nsg:firstAuthor", text(f"Author{k}x{j}, A.")),
            ("dcterms:title", text(f"Synthetic cited work {j} of paper {k}")),
            ("nsg:journal", text("Synthetic Journal")),
            ("dcterms:issued", Literal(str(cited), "xsd:gYear")),
            ("bibo:volume", text(str(rng.randint(1, 60)))),
            ("bibo:pages", text(f"{rng.randint(1, 900)}-{rng.randint(901, 999)}")),
            ("dcterms:isReferencedBy", iri),
        )
    return refs


def provenance(k: int, section: str, refs: list[str], rng: random.Random) -> list[tuple]:
    cited = sorted(rng.sample(refs, rng.choice((1, 1, 2))))
    return [
        ("nsg:statedIn", f"nsgr:section-{section}"),
        ("prov:wasDerivedFrom", f"nsgr:bench-p{k}"),
        ("prov:hadPrimarySource", " , ".join(cited)),
    ]


def value(w, iri, kind, unit, printed, amount, about, where) -> None:
    w.node(
        iri,
        ("a", "nsg:ReportedValue"),
        ("rdfs:label", label(f"{about}: {printed} (synthetic)")),
        ("qudt:hasQuantityKind", f"nsg:{kind}"),
        ("qudt:value", amount),  # as the review writes: 1 an integer, 1.0 a decimal
        ("qudt:hasUnit", unit),
        ("nsg:textAsPrinted", text(printed)),
        ("nsg:basis", "nsg:Measured"),
        *where,
    )


def system(w, k, s, template: System, refs, context, rng: random.Random) -> None:
    """One synthetic system: treatment, reactions, layer, its properties and cell tests."""
    configurations, cathodes = context
    base = f"nsgr:bench-p{k}-s{s}"
    section = SECTIONS[template.layer_class]
    where = provenance(k, section, refs, rng)
    reactions = [f"{base}-reaction-{i}" for i in range(len(template.reactions))]
    roles = {}
    for role, precursor in template.roles:
        roles.setdefault(role, []).append(f"<{precursor}>")
    method = template.method.rsplit("#", 1)[1]
    w.node(
        f"{base}-treatment",
        ("a", f"<{template.method}>"),
        ("rdfs:label", label(f"Synthetic {method} treatment {k}.{s}")),
        *[(f"<{role}>", " , ".join(found)) for role, found in sorted(roles.items())],
        ("nsg:involvesReaction", " , ".join(reactions)),
        ("nsg:produces", f"{base}-layer"),
        *where,
    )
    for iri, (reactants, products, kind) in zip(reactions, template.reactions, strict=True):
        implied = rng.random() < 0.05
        w.node(
            iri,
            ("a", "nsg:Reaction"),
            ("rdfs:label", label(f"Synthetic reaction {k}.{s}")),
            ("nsg:hasReactant", " , ".join(f"<{r}>" for r in reactants)),
            ("nsg:hasProduct", " , ".join(f"<{p}>" for p in products)),
            ("nsg:reactionType", f"<{kind}>" if kind else None),
            ("nsg:implied", "true" if implied else None),
            ("skos:editorialNote", label("synthetic: marked implied") if implied else None),
            *where,
        )
    properties = [p for p in PROPERTIES if rng.random() < 0.4]
    shown = rng.random() < 0.3
    w.node(
        f"{base}-layer",
        ("a", f"nsg:{template.layer_class}"),
        ("rdfs:label", label(f"Synthetic {method} layer {k}.{s}")),
        ("nsg:hasConstituent", " , ".join(f"<{c}>" for c in template.constituents)),
        ("nsg:hasProperty", " , ".join(f"{base}-{p[0]}" for p in properties) or None),
        ("nsg:observation", text("synthetic observation") if rng.random() < 0.5 else None),
        ("nsg:shownIn", f"nsgr:bench-p{k}-figure-1" if shown else None),
        ("nsg:figureLocator", text(f"Figure 1{'abcdef'[s % 6]}") if shown else None),
        *where,
    )
    for kind, unit, shown_unit, low, high, decimals in properties:
        amount = (
            f"{rng.uniform(low, high):.{decimals}f}" if decimals else str(rng.randint(low, high))
        )
        value(
            w,
            f"{base}-{kind}",
            kind,
            unit,
            f"{amount} {shown_unit}",
            amount,
            f"layer {k}.{s}",
            where,
        )
    for t in range(rng.choice((1, 1, 2))):
        cell_test(w, f"{base}-test-{t}", f"{base}-layer", where, configurations, cathodes, rng)


def cell_test(w, iri, layer, where, configurations: Counter, cathodes, rng) -> None:
    configuration = rng.choices(list(configurations), weights=list(configurations.values()))[0]
    conditions, unstated = [], []
    for kind, unit, shown, choices, aspect in (
        (
            "CurrentDensity",
            "nsg:MilliA-PER-CentiM2",
            "mA cm-2",
            CURRENT_DENSITIES,
            "CurrentDensityAspect",
        ),
        (
            "ArealCapacity",
            "nsg:MilliA-HR-PER-CentiM2",
            "mAh cm-2",
            AREAL_CAPACITIES,
            "ArealCapacityAspect",
        ),
    ):
        if rng.random() < 0.8:
            amount = rng.choice(choices)
            conditions.append(f"{iri}-{kind}")
            value(w, conditions[-1], kind, unit, f"{amount} {shown}", amount, "cell test", where)
        else:
            unstated.append(f"nsg:{aspect}")
    hours = str(rng.randrange(50, 3000, 10))
    value(
        w, f"{iri}-lifetime", "CyclingLifetime", "unit:HR", f"{hours}h", hours, "cell test", where
    )
    garbled = rng.random() < 0.03
    w.node(
        iri,
        ("a", "nsg:CellTest"),
        ("rdfs:label", label("Synthetic cell test")),
        ("nsg:testedLayer", layer),
        ("nsg:cellConfiguration", f"<{configuration}>"),
        ("nsg:hasCondition", " , ".join(conditions) or None),
        ("nsg:unspecified", " , ".join(unstated) or None),
        ("nsg:hasResult", f"{iri}-lifetime"),
        (
            "nsg:cathode",
            f"<{rng.choice(cathodes)}>"
            if configuration.endswith(("#FullCell", "#AnodeFreeCell"))
            else None,
        ),
        (
            "nsg:hasGarbledText",
            '[ a nsg:GarbledText ; nsg:printedAs "Nal | Na" ; nsg:readAs "Na||Na (synthetic)" ]'
            if garbled
            else None,
        ),
        *where,
    )


def generate(target: int, seed: int, out: Path) -> int:
    """Write about `target` triples in all (ontology and shipped data included) to `out`."""
    systems, configurations, cathodes = templates()
    base = len(load_store())
    rng = random.Random(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(HEADER + f"# Synthetic benchmark data (seed {seed}), not facts.\n")
        w, k = Writer(stream), 0
        while base + w.triples < target:
            k += 1
            refs = paper(w, k, rng)
            for s in range(1, SYSTEMS + 1):
                system(w, k, s, rng.choice(systems), refs, (configurations, cathodes), rng)
    os.chmod(temporary, 0o644)  # mkstemp makes it private
    os.replace(temporary, out)
    return base + w.triples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many in all")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    total = generate(args.triples, args.seed, args.output)
    sys.stdout.write(f"{args.output}: about {total} triples with the ontology and shipped data\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
