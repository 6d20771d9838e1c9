"""A filled-in template (naseigraph.template) as RDF, by the `x-rdf` annotations of its schema:
every field becomes the triples its annotation says, every name is resolved against the graph
it will join (substances, ontology terms, units, the source's sections, figures, references and
sentences), and whatever cannot be resolved is a Problem at the field's line."""

from __future__ import annotations

import difflib
import hashlib
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from naseigraph.graph import PREFIXES, REVIEW_DOI
from naseigraph.quantities import UnreadableError, match_unit, read
from naseigraph.queries import execute, rows, view
from naseigraph.store import new_graph
from naseigraph.template import Problem, Template, schema

NSG, NSGR = PREFIXES["nsg"], PREFIXES["nsgr"]
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def iri(curie: str) -> URIRef:
    prefix, name = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + name)


class Context(NamedTuple):
    """What the graph a template joins already holds, as the converter needs it."""

    substances: dict  # a name, subscripts as digits -> the IRIs it names
    terms: dict  # an ontology term's IRI -> the classes it is or falls under
    units: dict  # a quantity kind's IRI -> {unit IRI: symbol}
    symbols: dict  # a unit's IRI -> its symbol
    taken: set  # IRIs of nsgr: the graph already describes
    parts: dict  # (kind, number, part IRI or None) -> node IRI, of the review


def context(store: ox.Store) -> Context:
    """The lookups a conversion needs, read from `store` by views/curation/*.rq."""

    def listing(name, bindings=None):
        found = execute(view(f"curation/{name}"), store, bindings, source=f"curation {name}")
        return rows(found)

    substances: dict = {}
    for row in listing("substances"):
        for name in (row["name"], row["local"]):
            substances.setdefault(_key(name), set()).add(row["substance"])
    terms: dict = {}
    for row in listing("terms"):
        terms.setdefault(row["term"], set()).add(row["base"])
    units: dict = {}
    for row in listing("units"):
        units.setdefault(row["kind"], {})[row["unit"]] = row["symbol"]
    symbols = {unit: symbol for found in units.values() for unit, symbol in found.items()}
    taken = {row["node"] for row in listing("names")}
    review = {ox.Variable("source"): ox.NamedNode(NSGR + "review")}
    parts = {(r["kind"], r["number"], r["part"]): r["node"] for r in listing("parts", review)}
    return Context(substances, terms, units, symbols, taken, parts)


def _key(name: str) -> str:
    return name.translate(SUBSCRIPTS).strip()


def convert(template: Template, ctx: Context) -> tuple[Graph, list[Problem]]:
    """The template's triples, and what in it could not be made into RDF."""
    graph, problems, _ = convert_with_places(template, ctx)
    return graph, problems


def convert_with_places(template: Template, ctx: Context) -> tuple[Graph, list[Problem], dict]:
    """As `convert`, with the place in the template of each node it makes (its IRI: a
    Problem there), so a shape's finding on a node can name the template's line."""
    converter = _Converter(template, ctx)
    converter.run()
    places = {str(node): template.problem(place, "") for node, place in converter.made.items()}
    problems = sorted(set(converter.problems), key=lambda p: (p.line, p.field, p.message))
    return converter.graph, problems, places


def _defs() -> dict:
    return schema()["$defs"]


def resolved(spec: dict) -> dict:
    """A property's schema with its $ref followed (the property's own keys win)."""
    if "$ref" not in spec:
        return spec
    target = _defs()[spec["$ref"].rsplit("/", 1)[1]]
    return {**resolved(target), **{k: v for k, v in spec.items() if k != "$ref"}}


def properties(kind: str) -> dict:
    return {name: resolved(spec) for name, spec in _defs()[kind]["properties"].items()}


class _Converter:
    def __init__(self, template: Template, ctx: Context):
        self.template, self.ctx = template, ctx
        self.graph = new_graph()
        self.problems: list[Problem] = []
        self.made: dict[URIRef, tuple] = {}  # each IRI the template makes, and where
        self.own_substances: dict = {}
        self.new_parts: set = set()

    def problem(self, place: tuple, message: str) -> None:
        self.problems.append(self.template.problem(place, message))

    def add(self, s, p, o) -> None:
        self.graph.add((s, p, o))

    # --- the source and its parts -------------------------------------------------------------

    def run(self) -> None:
        data = self.template.data
        self.source(data.get("source") or {})
        for index, item in enumerate(data.get("substances") or []):
            self.substance(item, ("substances", index))
        for index, item in enumerate(data.get("references") or []):
            self.reference(item, ("references", index))
        for index, item in enumerate(data.get("criteria") or []):
            self.entry("Criterion", item, ("criteria", index), {})
        for index, item in enumerate(data.get("systems") or []):
            self.system(item, ("systems", index))

    def source(self, source: dict) -> None:
        self.review = source.get("doi") == REVIEW_DOI
        # YAML reads an unquoted 2 or 2.1 as a number: the section is its text either way
        self.sections = {str(k): v for k, v in (source.get("sections") or {}).items()}
        if self.review:
            self.node, self.prefix = URIRef(NSGR + "review"), ""
            return
        key = source.get("key")
        if not key:
            self.problem(("source",), "a new paper needs key: (its short name, e.g. lu2021-dol)")
            key = "paper"
        self.node, self.prefix = URIRef(NSGR + key), f"{key}-"
        if str(self.node) in self.ctx.taken:
            self.problem(
                ("source", "key"), f"nsgr:{key} is already in the graph: choose another key"
            )
        self.add(self.node, RDF.type, iri("nsg:Paper"))
        self.add(self.node, iri("bibo:doi"), Literal(source.get("doi", "")))
        authors = source.get("authors") or []
        if authors:  # "Surname, A." names joined by "; ", so the list reads back unambiguously
            joiner = "; " if any("," in author for author in authors) else ", "
            self.add(self.node, iri("nsg:authorsAsPrinted"), Literal(joiner.join(authors)))
            self.add(self.node, iri("nsg:firstAuthor"), Literal(authors[0]))
        if source.get("year"):
            self.add(
                self.node, iri("dcterms:issued"), Literal(str(source["year"]), datatype=XSD.gYear)
            )
        first = authors[0] if authors else key
        surname = first.split(",")[0].strip() if "," in first else first.split()[-1]
        label = source.get("label") or f"{surname} {source.get('year', '')}".strip()
        self.add(self.node, iri("rdfs:label"), Literal(label, lang="en"))
        self.fields("Source", source, self.node, ("source",), skip={"sections"})

    def part(self, kind: str, number: str, place: tuple, within=None) -> URIRef | None:
        """The node of a section ("3.2"), figure (6), reference (105) or sentence (ordinal,
        within a section) of the source; for a new paper, made on first use."""
        if self.review:
            found = self.ctx.parts.get((kind, str(number), within and str(within)))
            if found is None:
                what = {"section": "section", "figure": "figure", "ref": "reference entry"}
                name = what.get(kind, f"sentence of {within}")
                self.problem(place, f"{number} is not a {name} of the review")
                return None
            return URIRef(found)
        return self.new_part(kind, str(number), place, within)

    def new_part(self, kind: str, number: str, place: tuple, within) -> URIRef | None:
        if kind == "ref":
            node = URIRef(f"{NSGR}{self.prefix}ref-{number}")
            if node not in self.new_parts:
                self.problem(place, f"reference {number} is not in references: add its entry")
                return None
            return node
        if kind == "sentence":
            return None  # made by sentence(), which has the quote
        node = URIRef(f"{NSGR}{self.prefix}{kind}-{number.replace('.', '-')}")
        if node in self.new_parts:
            return node
        self.new_parts.add(node)
        if kind == "section":
            title = self.sections.get(number)
            self.add(node, RDF.type, iri("nsg:PaperSection"))
            self.add(node, iri("nsg:sectionNumber"), Literal(number))
            label = f"Section {number}. {title}" if title else f"Section {number}"
            if title:
                self.add(node, iri("dcterms:title"), Literal(title))
        else:
            self.add(node, RDF.type, iri("nsg:PaperFigure"))
            self.add(node, iri("nsg:figureNumber"), Literal(int(number)))
            label = f"Figure {number}"
        self.add(node, iri("rdfs:label"), Literal(label, lang="en"))
        self.add(node, iri("dcterms:isPartOf"), self.node)
        return node

    def reference(self, item: dict, place: tuple) -> None:
        if self.review:
            self.problem(place, "the review's reference list is in the graph: cite it by number")
            return
        node = URIRef(f"{NSGR}{self.prefix}ref-{item['number']}")
        self.new_parts.add(node)
        self.add(node, RDF.type, iri("nsg:CitedReference"))
        self.add(node, iri("nsg:referenceNumber"), Literal(int(item["number"])))
        year = f" {item['year']}" if item.get("year") else ""
        label = f"[{item['number']}] {item['first_author'].split(',')[0]}{year}"
        self.add(node, iri("rdfs:label"), Literal(label, lang="en"))
        if item.get("year"):
            self.add(node, iri("dcterms:issued"), Literal(str(item["year"]), datatype=XSD.gYear))
        self.add(node, iri("dcterms:isReferencedBy"), self.node)
        self.fields("Reference", item, node, place)

    # --- substances -----------------------------------------------------------------------------

    def substance(self, item: dict, place: tuple) -> None:
        node = URIRef(NSGR + item.get("id", ""))
        if str(node) in self.ctx.taken:
            self.problem((*place, "id"), f"nsgr:{item['id']} is already in the graph: use its name")
            return
        for name in (item.get("id"), item.get("label"), item.get("formula")):
            if name:
                self.own_substances.setdefault(_key(name), set()).add(str(node))
        self.add(node, iri("prov:wasDerivedFrom"), self.node)
        self.fields("Substance", item, node, place)

    def resolve_substance(self, name: str, place: tuple) -> URIRef | None:
        found = self.own_substances.get(_key(name)) or self.ctx.substances.get(_key(name))
        if not found:
            near = difflib.get_close_matches(_key(name), list(self.ctx.substances), n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            self.problem(
                place, f"no substance {name!r} in the graph{hint}: add it under substances:"
            )
            return None
        if len(found) > 1:
            names = ", ".join(sorted(f.replace(NSGR, "nsgr:") for f in found))
            self.problem(place, f"{name!r} names several substances ({names}): write its IRI name")
            return None
        return URIRef(next(iter(found)))

    # --- systems and their entries --------------------------------------------------------------

    def system(self, item: dict, place: tuple) -> None:
        system = {
            "key": item.get("key", ""),
            "section": item.get("section"),
            "refs": item.get("refs"),
            "place": place,
        }
        nodes = {}
        for part in ("treatment", "layer"):
            if part in item:
                kind = part.capitalize()
                nodes[part] = self.entry(kind, item[part], (*place, part), system)
        if "treatment" in nodes and "layer" in nodes:
            link = _defs()["Treatment"]["x-link"]
            self.add(nodes["treatment"], iri(link["p"]), nodes["layer"])
        for name, spec in properties("System").items():
            rdf = spec.get("x-rdf") or {}
            if rdf.get("as") == "entries" and name in item:
                self.entries(spec, item[name], (*place, name), system, nodes)

    def entries(self, spec: dict, items: list, place: tuple, system: dict, parents: dict) -> None:
        rdf = spec["x-rdf"]
        for index, item in enumerate(items):
            where = (*place, index)
            node = self.entry(rdf["kind"], item, where, system, n=index + 1, siblings=len(items))
            parent = parents.get(rdf.get("from"))
            if rdf.get("from") == "about":
                parent = self.resolve_substance(item.get("about", ""), (*where, "about"))
            if parent is None or node is None:
                continue
            if "back" in rdf:
                self.add(node, iri(rdf["back"]), parent)
            else:
                self.add(parent, iri(rdf["p"]), node)

    def entry(self, kind: str, item: dict, place: tuple, system: dict, n=1, siblings=1):
        node = self.name(kind, item, place, system, n, siblings)
        if node is None:
            return None
        if "x-class" in _defs()[kind]:
            self.add(node, RDF.type, iri(_defs()[kind]["x-class"]))
        self.add(node, iri("prov:wasDerivedFrom"), self.node)
        section, at = self.inherited("section", item, place, system)
        section_node = self.part("section", section, at) if section else None
        if section_node is not None:
            self.add(node, iri("nsg:statedIn"), section_node)
        refs, at = self.inherited("refs", item, place, system)
        for number in refs or []:
            ref = self.part("ref", number, at)
            if ref is not None:
                self.add(node, iri("prov:hadPrimarySource"), ref)
        context = {"system": system, "section": section, "section_node": section_node}
        self.fields(kind, item, node, place, skip={"section", "refs"}, context=context)
        return node

    @staticmethod
    def inherited(field: str, item: dict, place: tuple, system: dict):
        """The entry's own `field`, or the system's, with the place a problem with it is at."""
        if field in item:
            return item[field], (*place, field)
        return system.get(field), (*system.get("place", ()), field)

    def name(self, kind, item, place, system, n, siblings) -> URIRef | None:
        values = {"system": system.get("key", ""), "id": item.get("id"), "n": n}
        for pattern in _defs()[kind]["x-iri"]:
            if "{id}" in pattern and not values["id"]:
                continue
            if "{n}" in pattern and siblings < 2:
                continue
            node = URIRef(NSGR + pattern.format(**values))
            break
        if str(node) in self.ctx.taken:
            self.problem(
                place,
                f"{node.replace(NSGR, 'nsgr:')} is already in the graph: choose another key or id",
            )
            return None
        if node in self.made:
            self.problem(
                place, f"{node.replace(NSGR, 'nsgr:')} is made twice: give each entry its own id"
            )
            return None
        self.made[node] = place
        return node

    # --- fields ---------------------------------------------------------------------------------

    def fields(self, kind, item, node, place, *, skip=(), context=None) -> None:
        for name, spec in properties(kind).items():
            rdf = spec.get("x-rdf")
            if name not in item or name in skip or not rdf or rdf.get("as") in ("entries", "about"):
                if rdf and rdf.get("as") == "entries" and name in item:
                    self.entries(spec, item[name], (*place, name), context["system"], {None: node})
                continue
            value = item[name]
            handler = getattr(self, f"as_{rdf['as']}")
            handler(node, rdf, value, (*place, name), item, context or {})

    def as_en(self, node, rdf, value, place, item, context):
        for text in value if isinstance(value, list) else [value]:
            self.add(node, iri(rdf["p"]), Literal(text, lang="en"))

    def as_text(self, node, rdf, value, place, item, context):
        for text in value if isinstance(value, list) else [value]:
            self.add(node, iri(rdf["p"]), Literal(text))

    def as_year(self, node, rdf, value, place, item, context):
        self.add(node, iri(rdf["p"]), Literal(str(value), datatype=XSD.gYear))

    def as_true(self, node, rdf, value, place, item, context):
        if value:
            self.add(node, iri(rdf["p"]), Literal(True))

    def as_substance(self, node, rdf, value, place, item, context):
        names = value if isinstance(value, list) else [value]
        for index, name in enumerate(names):
            where = (*place, index) if isinstance(value, list) else place
            found = self.resolve_substance(name, where)
            if found is not None:
                self.add(node, iri(rdf["p"]), found)

    def as_term(self, node, rdf, value, place, item, context):
        names = value if isinstance(value, list) else [value]
        for index, name in enumerate(names):
            where = (*place, index) if isinstance(value, list) else place
            term = self.term(name, rdf["of"], where)
            if term is not None:
                self.add(node, iri(rdf["p"]), term)

    def as_class(self, node, rdf, value, place, item, context):
        term = self.term(value, rdf["of"], place)
        if term is not None:
            self.add(node, RDF.type, term)

    def term(self, name: str, of: str, place: tuple) -> URIRef | None:
        """nsg:NAME (or unit:NAME), if the ontology has it as an `of`."""
        base = str(iri(of))
        for namespace in (NSG, PREFIXES["unit"]):
            if base in self.ctx.terms.get(namespace + name, ()):
                return URIRef(namespace + name)
        known = sorted(  # the base itself too: `method: Treatment` where none is stated
            t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t, b in self.ctx.terms.items() if base in b
        )
        near = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {near[0]}? " if near else ""
        self.problem(place, f"{name!r} is not a {of}: {hint}write one of {', '.join(known)}")
        return None

    def as_figure(self, node, rdf, value, place, item, context):
        number = value.split()[1].rstrip("abcdefghijklmnopqrstuvwxyz")
        figure = self.part("figure", number, place)
        if figure is not None:
            self.add(node, iri("nsg:shownIn"), figure)
            self.add(node, iri("nsg:figureLocator"), Literal(value))

    def as_sentences(self, node, rdf, value, place, item, context):
        for index, sentence in enumerate(value):
            found = self.sentence(sentence, (*place, index), context)
            if found is not None:
                self.add(node, iri(rdf["p"]), found)

    def sentence(self, sentence, place: tuple, context: dict) -> URIRef | None:
        """The node of a sentence: by ordinal in the entry's section, or {n, section|figure};
        for a new paper, made from the quote, of which only the fingerprint is kept."""
        given = {"n": sentence} if isinstance(sentence, int) else sentence
        part, label = self.sentence_part(given, place, context)
        if part is None:
            return None
        if self.review:
            if "quote" in given:
                self.problem(place, "the review's sentences are in its inventory: give the ordinal")
                return None
            return self.part("sentence", given["n"], place, within=part)
        if "quote" not in given:
            self.problem(place, "a new paper has no sentence inventory: write {n: 5, quote: ...}")
            return None
        from naseigraph.inventory import normalise

        name = f"figure-{given['figure']}" if "figure" in given else label.replace(".", "-")
        node = URIRef(f"{NSGR}{self.prefix}sentence-{name}-{given['n']}")
        fingerprint = hashlib.sha256(normalise(given["quote"]).encode("utf-8")).hexdigest()
        where = f"Figure {given['figure']}" if "figure" in given else f"section {label}"
        self.add(node, RDF.type, iri("nsg:Sentence"))
        self.add(node, iri("rdfs:label"), Literal(f"{where}, sentence {given['n']}", lang="en"))
        self.add(node, iri("nsg:inPart"), part)
        self.add(node, iri("nsg:ordinal"), Literal(int(given["n"])))
        self.add(node, iri("nsg:fingerprint"), Literal(fingerprint))
        return node

    def sentence_part(self, given: dict, place: tuple, context: dict):
        """The section or figure a sentence stands in, and the section's number."""
        if "figure" in given:
            return self.part("figure", str(given["figure"]), place), None
        if "section" in given:
            return self.part("section", given["section"], place), given["section"]
        if context.get("section_node") is None:
            self.problem(place, "a sentence needs the entry's section: give section:")
            return None, None
        return context["section_node"], context["section"]

    def as_garbled(self, node, rdf, value, place, item, context):
        for index, garbled in enumerate(value):
            blank = BNode()
            self.add(node, iri(rdf["p"]), blank)
            self.add(blank, RDF.type, iri("nsg:GarbledText"))
            self.add(blank, iri("nsg:printedAs"), Literal(garbled["printed"]))
            self.add(blank, iri("nsg:readAs"), Literal(garbled["read_as"]))
            for at, sentence in enumerate(garbled.get("sentences") or []):
                found = self.sentence(sentence, (*place, index, "sentences", at), context)
                if found is not None:
                    self.add(blank, iri("nsg:readFrom"), found)

    def as_quantity(self, node, rdf, value, place, item, context):
        """textAsPrinted, and the number, range, unit and qualifier read from it; a `value`,
        `min`, `max` or `unit` given beside it must say the same as the printed text."""
        self.add(node, iri(rdf["p"]), Literal(value))
        kind = str(iri("nsg:" + item.get("kind", "")))
        if kind not in self.ctx.units:
            return  # the kind itself is the problem, said at its field
        units = self.ctx.units[kind]
        try:
            printed = read(value, _defs()["Value"]["x-qualifiers"])
        except UnreadableError as error:
            printed = None
            if not any(k in item for k in ("value", "min", "max")):
                self.problem(place, str(error))
                return
        read_as = {}
        if printed is not None:
            read_as = {"value": printed.value, "min": printed.low, "max": printed.high}
        given = {k: str(item[k]) for k in ("value", "min", "max") if k in item}
        if printed is not None and given and not _agree(given, read_as):
            shown = ", ".join(f"{k}: {v}" for k, v in read_as.items() if v is not None)
            self.problem(place, f"{value!r} reads {shown}, which the given value contradicts")
        for field, predicate in (
            ("value", "qudt:value"),
            ("min", "nsg:minValue"),
            ("max", "nsg:maxValue"),
        ):
            number = (given or read_as).get(field)
            if number is not None:
                self.add(node, iri(predicate), _number(number))
        unit = self.unit(item, printed, units, place)
        if unit is not None:
            self.add(node, iri("qudt:hasUnit"), unit)
        if printed is not None and printed.qualifier and "qualifier" not in item:
            self.add(node, iri("nsg:qualifier"), iri("nsg:" + printed.qualifier))

    def unit(self, item, printed, units: dict, place) -> URIRef | None:
        """The given `unit` (which must be the printed one, where one is printed), or the unit
        of the kind that pint reads the printed unit as."""
        text = printed.unit if printed is not None else ""
        if "unit" in item:
            unit = self.term(item["unit"], "qudt:Unit", (*place[:-1], "unit"))
            if unit is not None and text:
                try:
                    match_unit(text, {str(unit): self.ctx.symbols.get(str(unit), "")})
                except UnreadableError:
                    self.problem(place, f"the printed unit {text!r} is not unit: {item['unit']}")
            return unit
        try:
            return URIRef(match_unit(text, units))
        except UnreadableError as error:
            self.problem(place, str(error))
            return None


def _agree(given: dict, read_as: dict) -> bool:
    """Whether the numbers given are the printed ones (as numbers: 1.0 is 1)."""
    try:
        return all(
            read_as.get(k) is not None and Decimal(v) == Decimal(read_as[k])
            for k, v in given.items()
        )
    except InvalidOperation:  # a value that is not a number contradicts any printed one
        return False


def _number(text: str) -> Literal:
    """A number as Turtle would write it: digits without a point an integer, else a decimal."""
    text = text.replace("\u2212", "-")
    return Literal(
        text, datatype=XSD.integer if "." not in text and "e" not in text.lower() else XSD.decimal
    )
