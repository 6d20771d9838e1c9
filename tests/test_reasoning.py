"""Reasoning: the shipped graph is consistent, each defined class gets the members the review
implies, a contradiction is reported with its cause, and queries run over the inferences.

HermiT needs Java; .ci/run installs it, so in CI (CI=true) these tests never skip.
"""

import os
import shutil

import pytest
from conftest import CONTEXT, FIXTURES
from conftest import naseigraph as run_cli
from rdflib import RDF, Graph, URIRef

from naseigraph.graph import PREFIXES, NaseigraphError, ontology_file
from naseigraph.inference import reason
from naseigraph.queries import run_query, sparql
from naseigraph.reasoners import _java_problem
from naseigraph.store import parse_turtle

NSG, NSGR = PREFIXES["nsg"], PREFIXES["nsgr"]
JAVA = shutil.which("java")
needs_java = pytest.mark.needs("java")
DEFINED = sorted(
    str(c).split("#")[1]
    for c in parse_turtle([ontology_file()]).subjects(URIRef(PREFIXES["owl"] + "equivalentClass"))
    if isinstance(c, URIRef)
)
# The definitions OWL 2 RL can evaluate (no datatype restriction on the printed formula).
RL_CLASSES = ["AlloyContainingLayer", "FormedPhase", "InorganicPolymerLayer", "InorganicSubstance"]
RL_CLASSES.append("Precursor")


def naseigraph(*args, java=True):
    return run_cli(*args, path=os.path.dirname(JAVA) if java and JAVA else "")


def members(store, cls: str) -> set[str]:
    rows = sparql(f"SELECT ?x WHERE {{ ?x a nsg:{cls} }}", store=store)
    return {row["x"].removeprefix(NSGR) for row in rows}


# ---- the shipped graph, as the review implies it ------------------------------------------

# Every member each defined class must have on the shipped graph, read from the review.
EXPECTED = {
    # "NaX (X=F, Cl, Br, I)" (section 3.1): the sodium halides the review discusses.
    "SodiumHalide": {"NaF", "NaCl", "NaBr", "NaI"},
    # The halides with fluorine in their printed formula: NaF and the precursors SbF3 [54],
    # CoF2 [57] and AlF3 [58]. BdmimBF4 is an ionic liquid, PVDF and PTFE are polymers.
    "Fluoride": {"NaF", "SbF3", "CoF2", "AlF3"},
    # NaF-rich interphases from SbF3 [54,55], BdmimBF4 [56], CoF2 [57], AlF3-coated SSE [58],
    # Et3N.3HF [59] (3.1); NaF with PVDF in FIAPL [115] and on Cu [116]; PTFE-derived NaF by
    # rolling [117] and by pressure and diglyme [121] (3.3). The NaF that the SEI on
    # Na@25Alucone shows [125] forms during cycling and is no constituent of the MLD layer.
    "FluorideContainingLayer": {
        "layer-sbf3",
        "layer-bdmimbf4",
        "layer-cof2",
        "layer-alf3-sse",
        "layer-et3n-3hf",
        "layer-fiapl",
        "layer-pvdf-naf-cu",
        "layer-ptfe-rolling",
        "layer-ptfe-diglyme",
    },
    # Na3Sb from SbF3 [54,55], the Na-Sn alloy from SnCl2 [61], Na9Sn4/Na14.7Sn4 from
    # Sn(TFSI)2 [80], Na3Bi from BiOCl [78], Na15Sn4 from Sn2+ pillared MXene [97], Na3Bi in
    # PB@Cu [124], and Na rolled with Ga and with Sn "alloy Na surface" [84-86] (a Na-Ga and a
    # Na-Sn alloy, composition not stated).
    # Bi(SO3CF3)3 and the Ag salts give metal seeds, not alloys [81-83].
    "AlloyContainingLayer": {
        "layer-sbf3",
        "layer-sncl2",
        "layer-sn-tfsi2",
        "layer-biocl",
        "layer-sn-mxene",
        "layer-pvdf-bi",
        "layer-ga-rolling",
        "layer-sn-rolling",
    },
    # Polymer beside an inorganic phase: Al2O3/PVDF (FCPL) [114], NaF/PVDF (FIAPL) [115],
    # PVDF/NaF on Cu [116], PVDF-Sn [122], PAN-Sn [123], PVDF-Bi [124] (3.3), and the PhS2Na2
    # layer of 3.2, whose treatment forms PPS beside NaCl and Na2Sy [107].
    "InorganicPolymerLayer": {
        "layer-fcpl",
        "layer-fiapl",
        "layer-pvdf-naf-cu",
        "layer-pvdf-sn",
        "layer-pan-sn",
        "layer-pvdf-bi",
        "layer-phs2na2",
    },
    # Every phase the review says a reaction forms (sections 2.1 to 3.3).
    "FormedPhase": {
        *("NaF", "NaCl", "NaBr", "NaI", "Na3Sb", "na-sn-alloy", "Na9Sn4", "Na14_7Sn4"),
        *("Na15Sn4", "Na3Bi", "Bi", "Ag", "Na3P", "Na3PS4", "NaxMo6S8", "Na2S", "Na3N"),
        *("NaNxOy", "vanadium", "Al2O3", "NaAlOx", "alucone", "Na2O", "HCOONa", "poly-dol"),
        *("CH3OCH2CH2ONa", "CH3CH2OCH2ONa", "RONa", "ionic-membrane", "pps", "Na2Sy"),
        *("PhS2Na2", "organic-carbon", "o-na-o-chain", "hnc-o-hnc-chain"),
        *("na-ga-alloy", "na-sn-alloy-rolling"),  # Na rolled with Ga, with Sn foil [84-86]
    },
}
# The precursors the review names, by section (a subset: a treatment may use more).
NAMED_PRECURSORS = {
    *("SbF3", "dmc", "bdmimbf4", "CoF2", "AlF3", "triethylamine-trihydrofluoride", "SnCl2"),
    *("ZnCl2", "SnCl4", "1-iodopropane", "1-bromopropane", "P4S16", "Mo6S8", "MoS2", "NaNO3"),
    *("red-phosphorus", "PBr3", "V2S3", "VN", "VSe", "VP2", "BiOCl", "Sn-TFSI-2", "Ga", "Sn"),
    *("Bi-SO3CF3-3", "AgTFSI", "AgCF3SO3", "trimethylaluminum", "O2", "Sn-2plus", "Mg-2plus"),
    *("diethylene-glycol-dimethyl-ether", "pvdf", "dol", "imidazolium-ionic-liquid-monomer"),
    *("S8", "para-dichlorobenzene", "tetrahydrofuran", "formic-acid", "mof-199", "zif-8"),
    *("mg-mof-74", "zif-62", "sp2c-cof", "Al2O3", "NaF", "ptfe", "diglyme", "pan", "Bi", "Cu"),
    "ethylene-glycol",
}
NEVER_PRECURSORS = {"Na", "NaCl", "Na3Sb", "Na3P", "Na3Bi", "Na3V2-PO4-3"}


@pytest.fixture(scope="module")
def inferred(hermit):
    """The session's store with what HermiT infers (shared with the canned query tests)."""
    return hermit


@needs_java
@pytest.mark.parametrize("cls", sorted(EXPECTED))
def test_the_defined_class_has_exactly_the_members_the_review_implies(inferred, cls):
    assert members(inferred, cls) == EXPECTED[cls]


@needs_java
def test_every_precursor_the_review_names_is_inferred_and_sodium_is_not(inferred):
    precursors = members(inferred, "Precursor")
    assert sorted(NAMED_PRECURSORS - precursors) == []
    assert precursors & NEVER_PRECURSORS == set()


@needs_java
def test_inorganic_substances_are_inferred_from_their_kind(inferred):
    found = members(inferred, "InorganicSubstance")
    assert {"Na3P", "NaF", "Al2O3", "Sn", "Na3Bi", "red-phosphorus", "h-BN", "Na2Te"} <= found
    organic = {"pvdf", "ptfe", "poly-dol", "HCOONa", "dol", "mof-199", "trimethylaluminum"}
    assert found & (organic | {"NaNO3", "alucone", "bdmimbf4"}) == set()


def test_owl_rl_agrees_with_the_review_where_it_can_and_says_where_it_cannot():
    result = reason(reasoner="rl")
    assert result.consistent and result.clashes == []
    closure = result.closure()
    for cls in EXPECTED.keys() & set(RL_CLASSES):
        found = {str(s).removeprefix(NSGR) for s in closure.subjects(RDF.type, URIRef(NSG + cls))}
        assert found == EXPECTED[cls], cls
    assert result.outside_profile == [NSG + c for c in ("Fluoride", "FluorideContainingLayer")] + [
        NSG + "SodiumHalide"
    ]


# ---- one fixture per defined class --------------------------------------------------------


def test_every_defined_class_has_a_reasoning_fixture():
    fixtures = {p.stem for p in (FIXTURES / "reasoning").glob("*.ttl")}
    assert fixtures == set(DEFINED)


@pytest.fixture(scope="module")
def fixtures_graph() -> Graph:
    return parse_turtle([ontology_file(), *CONTEXT, *(FIXTURES / "reasoning").glob("*.ttl")])


def expected_from_fixture(cls: str) -> tuple[set[str], set[str]]:
    names = {
        str(s).removeprefix(f"{NSGR}fixture-{cls}-")
        for s in parse_turtle([FIXTURES / "reasoning" / f"{cls}.ttl"]).all_nodes()
        if str(s).startswith(f"{NSGR}fixture-{cls}-")
    }
    return {n for n in names if n.startswith("in-")}, {n for n in names if n.startswith("out-")}


def found_in(closure: Graph, cls: str) -> set[str]:
    prefix = f"{NSGR}fixture-{cls}-"
    return {
        str(s).removeprefix(prefix)
        for s in closure.subjects(RDF.type, URIRef(NSG + cls))
        if str(s).startswith(prefix)
    }


@pytest.fixture(scope="module")
def hermit_on_fixtures(fixtures_graph):
    result = reason(graph=fixtures_graph, reasoner="hermit")
    assert result.consistent, result.clashes
    return result.closure()


@needs_java
@pytest.mark.parametrize("cls", DEFINED)
def test_hermit_infers_exactly_the_fixture_members(hermit_on_fixtures, cls):
    inside, outside = expected_from_fixture(cls)
    assert inside and outside, "a fixture shows members and near misses"
    assert found_in(hermit_on_fixtures, cls) == inside


@pytest.fixture(scope="module")
def rl_on_fixtures(fixtures_graph):
    return reason(graph=fixtures_graph, reasoner="rl").closure()


@pytest.mark.parametrize("cls", RL_CLASSES)
def test_owl_rl_infers_the_same_fixture_members(rl_on_fixtures, cls):
    assert found_in(rl_on_fixtures, cls) == expected_from_fixture(cls)[0]


# ---- contradictions, reported with their cause --------------------------------------------

CONTRADICTIONS = {
    "layer-in-two-sections": (
        "nsgr:layer-sbf3 is both nsg:InorganicLayer (asserted in data/inorganic-a.ttl) and"
        " nsg:OrganicLayer (asserted in tests/fixtures/inconsistent/layer-in-two-sections.ttl)"
    ),
    "defined-class-under-disjoint": (
        "nsgr:layer-phs2na2 is both nsg:HybridLayer (as a nsg:InorganicPolymerLayer, by the"
        " definition of nsg:InorganicPolymerLayer) and nsg:OrganicLayer (asserted in"
        " data/organic.ttl), classes the ontology declares disjoint"
    ),
    "unsatisfiable-class": (
        "nsgr:layer-sn-rolling is both nsg:HybridLayer (as a nsg:AlloyContainingLayer, by the"
        " definition of nsg:AlloyContainingLayer) and nsg:InorganicLayer (asserted in"
        " data/inorganic-b.ttl)"
    ),
    "literal-out-of-range": (
        'nsgr:figure-4 nsg:figureNumber "four"@en: a value of datatype rdf:langString where the'
        " range of nsg:figureNumber is xsd:integer (in"
        " tests/fixtures/inconsistent/literal-out-of-range.ttl)"
    ),
}


def contradiction(name: str):
    return FIXTURES / "inconsistent" / f"{name}.ttl"


def test_every_contradiction_fixture_has_its_cause():
    assert {p.stem for p in (FIXTURES / "inconsistent").glob("*.ttl")} == set(CONTRADICTIONS)


@pytest.mark.parametrize("name", sorted(CONTRADICTIONS))
def test_owl_rl_reports_the_contradiction_and_its_cause(name):
    result = reason([contradiction(name)], reasoner="rl")
    assert not result.consistent and len(result.inferred) == 0
    assert any(CONTRADICTIONS[name] in line for line in result.clashes), result.clashes


@needs_java
@pytest.mark.parametrize(
    "name, unsatisfiable",
    [("unsatisfiable-class", ["AlloyContainingLayer"])],
)
def test_hermit_reports_the_contradiction_its_cause_and_the_unsatisfiable_classes(
    name, unsatisfiable
):
    result = reason([contradiction(name)], reasoner="hermit")
    assert not result.consistent
    assert result.unsatisfiable == [NSG + c for c in unsatisfiable]
    assert any(CONTRADICTIONS[name] in line for line in result.clashes), result.clashes


# ---- the command line ---------------------------------------------------------------------


@needs_java
def test_reason_says_the_graph_is_consistent_and_lists_every_named_precursor(tmp_path):
    done = naseigraph("reason")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("HermiT: consistent.")
    start = next(i for i, line in enumerate(lines) if line.startswith("  nsg:Precursor ("))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("      "))
    listed = " ".join(lines[start:end]).split(": ", 1)[1].replace("nsgr:", "").split(", ")
    assert {name.strip() for name in listed} >= NAMED_PRECURSORS
    assert "Na" not in listed


@needs_java
def test_reason_on_a_contradiction_exits_1_says_why_and_writes_nothing(tmp_path):
    out = tmp_path / "inferred.ttl"
    done = naseigraph("reason", contradiction("layer-in-two-sections"), "-o", out)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("HermiT: INCONSISTENT.")
    assert "nsgr:layer-sbf3 is both nsg:InorganicLayer" in done.stdout
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_reason_writes_the_graph_with_its_inferences_as_turtle(tmp_path):
    out = tmp_path / "inferred.ttl"
    done = naseigraph("reason", "--reasoner", "rl", "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"wrote {out}: {len(Graph().parse(out))} triples")
    written = Graph().parse(out, format="turtle")
    assert (URIRef(NSGR + "SbF3"), RDF.type, URIRef(NSG + "Precursor")) in written
    assert (URIRef(NSGR + "Na"), RDF.type, URIRef(NSG + "Precursor")) not in written
    assert [p.name for p in tmp_path.iterdir()] == ["inferred.ttl"]  # no temporary file left


def test_reason_refuses_an_output_it_cannot_write_before_reasoning(tmp_path):
    done = naseigraph("reason", "--reasoner", "rl", "-o", tmp_path / "missing" / "out.ttl")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "no such directory" in done.stderr


def test_without_java_hermit_is_refused_in_one_line_that_suggests_rl():
    done = naseigraph("reason", java=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "needs Java" in done.stderr and "--reasoner rl" in done.stderr


@needs_java
def test_pellet_either_reasons_or_says_in_one_line_which_java_it_needs():
    done = naseigraph("reason", "--reasoner", "pellet")
    if done.returncode == 0:
        assert done.stdout.startswith("Pellet: consistent.")
    else:
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1 and "Java" in done.stderr


def test_a_too_old_java_is_named_with_the_version_pellet_needs():
    # What owlready2 0.50/0.51 report when their Pellet meets Java 17.
    message = (
        'Java error message is:\nException in thread "main" java.lang.UnsupportedClassVersionError:'
        " org/apache/jena/riot/lang/LangRDFXML has been compiled by a more recent version of the"
        " Java Runtime (class file version 69.0), this version of the Java Runtime only recognizes"
        " class file versions up to 61.0\n\tat java.base/java.lang.ClassLoader.defineClass1"
    )
    message, hint, flag = _java_problem("pellet", message)
    error = NaseigraphError(message, hint=hint, flag=flag)
    said = "pellet as bundled with owlready2 needs Java 25 and this Java is 17: use "
    assert str(error) == said + 'reasoner="hermit" or "rl"'  # in Python
    assert error.on_command_line == said + "--reasoner hermit or rl"  # on the command line


def test_reasoner_goes_with_reason():
    done = naseigraph("query", "precursors-yielding", "--reasoner", "rl")
    assert done.returncode == 2 and done.stderr == (
        "naseigraph: error: --reasoner goes with --reason\n"
    )


def test_an_unknown_reasoner_is_refused():
    with pytest.raises(NaseigraphError, match="unknown reasoner 'fact'"):
        reason(reasoner="fact")


# ---- queries over the inferred graph ------------------------------------------------------


def test_sparql_with_reason_sees_the_inferred_classes(store):
    ask = "ASK { nsgr:SbF3 a nsg:Precursor }"
    assert sparql(ask, store=store) is False
    assert sparql(ask, store=store, reasoner="rl") is True


def test_count_by_class_with_reason_counts_every_precursor(store):
    used = sparql(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {"
        " ?t ?role ?s . ?role rdfs:subPropertyOf* nsg:usesPrecursor }",
        store=store,
    )[0]["n"]
    counts = {
        r["label"]: r["count"] for r in run_query("count-by-class", store=store, reasoner="rl")
    }
    assert counts["precursor"] == used
    plain = {r["label"] for r in run_query("count-by-class", store=store)}
    assert "precursor" not in plain


def by_layer(rows):
    return {r["layer"].removeprefix(NSGR): r for r in rows}


@needs_java
def test_fluoride_layers(store):
    rows = by_layer(run_query("fluoride-layers", store=store))
    assert set(rows) == EXPECTED["FluorideContainingLayer"]
    assert {r["fluorides"] for r in rows.values()} == {"NaF"}
    refs = {k: set(r["refs"].split(", ")) for k, r in rows.items()}
    assert refs["layer-sbf3"] == {"54", "55"} and refs["layer-ptfe-diglyme"] == {"121"}
    assert rows["layer-fiapl"]["also_contains"] == "PVDF"
    classes = {k: (r["review_class"], r["section"]) for k, r in rows.items()}
    assert classes["layer-cof2"] == ("inorganic", "3.1")
    assert classes["layer-ptfe-rolling"] == ("hybrid", "3.3")


@needs_java
def test_alloy_layers(store):
    rows = by_layer(run_query("alloy-layers", store=store))
    assert set(rows) == EXPECTED["AlloyContainingLayer"]
    alloys = {k: set(r["alloys"].split(", ")) for k, r in rows.items()}
    assert alloys["layer-sn-tfsi2"] == {"Na9Sn4", "Na14.7Sn4"}
    assert alloys["layer-biocl"] == alloys["layer-pvdf-bi"] == {"Na3Bi"}
    # "alloy Na surface with Ga liquid metal and Sn foil" [84-86]: alloys named by their
    # elements, composition not stated.
    assert alloys["layer-ga-rolling"] == {"Na-Ga alloy"}
    assert alloys["layer-sn-rolling"] == {"Na-Sn alloy (Sn foil rolling)"}
    assert "not named" not in {r["alloys"] for r in rows.values()}
    assert rows["layer-ga-rolling"]["method"] == "rolling"
    assert rows["layer-biocl"]["method"] == "unstated"  # "adopted ... BiOCl as precursors"
    assert rows["layer-sncl2"]["precursors"] == "SnCl2"


@needs_java
def test_inorganic_polymer_layers(store):
    rows = by_layer(run_query("inorganic-polymer-layers", store=store))
    assert set(rows) == EXPECTED["InorganicPolymerLayer"]
    pairs = {k: (r["polymers"], set(r["inorganic"].split(", "))) for k, r in rows.items()}
    assert pairs["layer-fcpl"] == ("PVDF", {"Al2O3"})
    assert pairs["layer-pan-sn"] == ("PAN", {"Sn"})
    assert pairs["layer-pvdf-bi"] == ("PVDF", {"Bi", "Na3Bi"})
    assert pairs["layer-phs2na2"] == ("poly(phenylene sulfides)", {"NaCl", "Na2Sy"})
    assert rows["layer-phs2na2"]["review_class"] == "organic"


@needs_java
def test_precursors_with_their_treatments(store):
    rows = {r["precursor"].removeprefix(NSGR): r for r in run_query("precursors", store=store)}
    assert set(rows) >= NAMED_PRECURSORS and not set(rows) & NEVER_PRECURSORS
    # PTFE by rolling [117] and by pressure and diglyme [121]; Cu under MOF-199 and ZIF-8
    # [109], HCOONa [108], PVDF/NaF [116], PVDF-Sn [122] and PVDF-Bi [124].
    assert rows["ptfe"]["treatments"] == 2 and rows["Cu"]["treatments"] == 6
    assert rows["SbF3"]["layers"] == "NaF/Na3Sb hybrid interphase from SbF3/DMC"


@pytest.mark.parametrize("command", ["reason", "docs"])
def test_the_commands_have_help_and_are_in_the_readme(command):
    assert naseigraph(command, "--help").returncode == 0
    readme = (FIXTURES.parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"naseigraph {command}" in readme


def test_reason_names_a_missing_or_broken_file_in_one_line(tmp_path):
    done = naseigraph("reason", "--reasoner", "rl", tmp_path / "missing.ttl")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"naseigraph: error: {tmp_path / 'missing.ttl'}: no such file\n"
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix nsg: <https://w3id.org/naseigraph/ontology#> .\nnsg:a nsg:b "x\n')
    done = naseigraph("reason", "--reasoner", "rl", broken)
    assert done.returncode == 2 and done.stderr.startswith(f"naseigraph: error: {broken}:")
    assert done.stderr.count("\n") == 1


def test_a_reasoner_runs_with_short_lived_jvm_options_and_a_users_own_win(monkeypatch):
    from naseigraph import reasoners

    seen = []

    class Owlready2:  # records the options the JVM would start with
        @staticmethod
        def sync_reasoner_hermit(world, **_):
            seen.append(os.environ.get("JAVA_TOOL_OPTIONS"))
            if world == "broken":
                raise RuntimeError("the reasoner failed")

        sync_reasoner_pellet = sync_reasoner_hermit

    monkeypatch.delenv("JAVA_TOOL_OPTIONS", raising=False)
    reasoners._run(Owlready2, None, "hermit")
    with pytest.raises(RuntimeError):
        reasoners._run(Owlready2, "broken", "pellet")
    assert seen == ["-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"] * 2
    assert "JAVA_TOOL_OPTIONS" not in os.environ  # taken away again, after a failure too
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-Xmx1g")
    reasoners._run(Owlready2, None, "pellet")
    assert seen[-1] == "-Xmx1g" and os.environ["JAVA_TOOL_OPTIONS"] == "-Xmx1g"
