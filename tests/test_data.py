"""The shipped data against an independent reading of the review: systems, numbers, provenance."""

from decimal import Decimal

import pytest

from naseigraph.queries import sparql
from naseigraph.validation import validate

# Every artificial SEI system of sections 3.1-3.3, as read from the review (layer IRIs).
SYSTEMS = {
    "3.1": """sbf3 bdmimbf4 cof2 alf3-sse et3n-3hf sncl2 zncl2 sncl4 iodopropane bromopropane
        p4s16 mo6s8 mos2 nano3 red-p na2te pbr3 na3p-nabr-wu v2s3 vn vse vp2 biocl sn-tfsi2
        bi-otf3 agtfsi agcf3so3 ga-rolling sn-rolling ald-al2o3 o-cnt oncnf 2d-mxene 2d-graphene
        2d-silicene 2d-germanene 2d-phosphorene 2d-h-bn 2d-sns 2d-snse 2d-g-c3n4 mxene-cnt
        sn-mxene mg-mxene mxene-gc3n4""",
    "3.2": """f-pvdf dol-soaking dol-spraying ionic-membrane phs2na2 hcoona hcoona-cu mof-199
        zif-8 mg-mof-74 zif-62 sp2c-cof""",
    "3.3": """fcpl fiapl pvdf-naf-cu ptfe-rolling ptfe-diglyme pvdf-sn pan-sn pvdf-bi alucone-mld
        alucone-sse ald-mld-nanohybrid""",
}
LAYER_CLASS = {"3.1": "InorganicLayer", "3.2": "OrganicLayer", "3.3": "HybridLayer"}

# Every number the review prints about Na metal and the systems: (kind, value, unit, at least).
NUMBERS = [
    ("SpecificCapacity", "1166", "unit:MilliA-HR-PER-GM", 1),
    ("RedoxPotential", "-2.71", "unit:V", 1),
    ("Thickness", "8.86", "unit:MicroM", 1),
    ("ArealCapacity", "3.5", "nsg:MilliA-HR-PER-CentiM2", 2),  # industrial, sections 1 and 2.3
    ("ShearModulus", "31.4", "unit:GigaPA", 1),
    ("ShearModulus", "3.3", "unit:GigaPA", 1),
    ("IonicConductivity", "0.12", "unit:MilliS-PER-CentiM", 1),
    ("YoungsModulus", "8.6", "unit:GigaPA", 1),
    ("CyclingLifetime", "500", "unit:HR", 2),  # SnCl2, NaI
    ("CyclingLifetime", "250", "unit:HR", 1),
    ("CyclingLifetime", "780", "unit:HR", 1),
    ("CyclingLifetime", "700", "unit:HR", 1),
    ("CyclingLifetime", "1700", "unit:HR", 1),
    ("CyclingLifetime", "1000", "unit:HR", 1),
    ("CyclingLifetime", "2800", "unit:HR", 2),  # poly(DOL), PVDF-Sn
    ("CyclingLifetime", "1800", "unit:HR", 1),
    ("CyclingLifetime", "2500", "unit:HR", 1),
    ("CurrentDensity", "0.25", "nsg:MilliA-PER-CentiM2", 1),
    ("CurrentDensity", "1.0", "nsg:MilliA-PER-CentiM2", 5),  # NaBr, Na3P, Na2Te, DOL, PB@Cu
    ("CurrentDensity", "0.5", "nsg:MilliA-PER-CentiM2", 1),
    ("CurrentDensity", "3", "nsg:MilliA-PER-CentiM2", 2),  # ALD Al2O3, (1ALD-1MLD)10
    ("CurrentDensity", "2", "nsg:MilliA-PER-CentiM2", 1),
    ("ArealCapacity", "0.75", "nsg:MilliA-HR-PER-CentiM2", 1),
    ("ArealCapacity", "0.25", "nsg:MilliA-HR-PER-CentiM2", 1),
    ("ArealCapacity", "1.0", "nsg:MilliA-HR-PER-CentiM2", 6),  # 8.86 um, NaBr, Na3P, Na2Te, PB..
    ("ArealCapacity", "3", "nsg:MilliA-HR-PER-CentiM2", 1),
    ("Temperature", "75", "unit:DEG_C", 1),
    ("MeltingTemperature", "98", "unit:DEG_C", 1),
    ("Temperature", "85", "unit:DEG_C", 1),
    ("Thickness", "1.4", "unit:NanoM", 1),
    ("Thickness", "3.5", "unit:NanoM", 1),
    ("Thickness", "7", "unit:NanoM", 1),
    ("Thickness", "50", "unit:NanoM", 1),
    ("Thickness", "4", "unit:NanoM", 1),
    ("DepositionCycleCount", "10", "unit:NUM", 3),  # ALD, MLD, ALD/MLD
    ("DepositionCycleCount", "25", "unit:NUM", 3),
    ("DepositionCycleCount", "50", "unit:NUM", 1),
    ("DepositionCycleCount", "40", "unit:NUM", 1),
    ("DepositionCycleCount", "5", "unit:NUM", 1),
    ("CycleCount", "500", "unit:NUM", 1),
    ("Duration", "10", "unit:SEC", 1),
    ("BindingEnergy", "-2.3", "unit:EV", 1),
    ("BindingEnergy", "-2.13", "unit:EV", 1),
    ("BindingEnergy", "-2.49", "unit:EV", 1),
    ("BindingEnergy", "-2.497", "unit:EV", 1),
    ("BindingEnergy", "-3.5", "unit:EV", 1),
    ("CoulombicEfficiency", "99.73", "unit:PERCENT", 1),
]


def test_shipped_data_conforms_without_warnings():
    report = validate()
    assert report.conforms, report.to_text()
    assert report.findings == [], report.to_text()


@pytest.mark.parametrize("section", SYSTEMS)
def test_every_system_of_the_section_is_there_and_classed_by_it(store, section):
    rows = sparql(
        f"""SELECT ?layer WHERE {{ ?layer a nsg:{LAYER_CLASS[section]} ;
                nsg:statedIn/nsg:sectionNumber "{section}" . }}""",
        store=store,
    )
    found = {r["layer"].rsplit("/layer-", 1)[-1] for r in rows}
    assert set(SYSTEMS[section].split()) <= found


def test_the_graph_holds_exactly_the_review_systems(store):
    # Every protective layer in the graph is one the review describes (SYSTEMS, read from the
    # review section by section), and none of those is missing.
    layers = "SELECT ?layer WHERE { ?layer a/rdfs:subClassOf* nsg:ProtectiveLayer }"
    rows = sparql(layers, store=store)
    found = {r["layer"].rsplit("/layer-", 1)[-1] for r in rows}
    assert found == {key for keys in SYSTEMS.values() for key in keys.split()}


@pytest.mark.parametrize("kind, number, unit, least", NUMBERS, ids=lambda x: str(x))
def test_every_printed_number_is_a_value(store, kind, number, unit, least):
    rows = sparql(
        f"SELECT ?v ?x WHERE {{ ?v qudt:hasQuantityKind nsg:{kind} ; qudt:hasUnit {unit} ;"
        " qudt:value ?x . }",
        store=store,
    )
    matching = [r for r in rows if Decimal(str(r["x"])) == Decimal(number)]
    assert len(matching) >= least, rows


def test_red_phosphorus_result_carries_its_conditions_and_provenance(store):
    rows = sparql(
        """SELECT ?hours ?cd ?ac ?section ?ref ?figure ?config WHERE {
             ?test nsg:testedLayer nsgr:layer-red-p ; nsg:cellConfiguration ?config ;
                   nsg:statedIn/nsg:sectionNumber ?section ;
                   prov:hadPrimarySource/nsg:referenceNumber ?ref .
             nsgr:layer-red-p nsg:shownIn/nsg:figureNumber ?figure .
             ?test
               nsg:hasResult [ qudt:hasQuantityKind nsg:CyclingLifetime ; qudt:value ?hours ] ;
               nsg:hasCondition [ qudt:hasQuantityKind nsg:CurrentDensity ; qudt:value ?cd ] ,
                                [ qudt:hasQuantityKind nsg:ArealCapacity ; qudt:value ?ac ] . }""",
        store=store,
    )
    assert rows == [
        {
            "hours": 780,
            "cd": Decimal("1.0"),
            "ac": Decimal("1.0"),
            "section": "3.1",
            "ref": 71,
            "figure": 4,
            "config": "https://w3id.org/naseigraph/ontology#SymmetricCell",
        }
    ]


@pytest.mark.parametrize(
    "printed", ["Nal | Na batteries", "NallNa cells", "NaN8O9", "in suit", "FPCL", "O+CNT"]
)
def test_garbled_text_is_kept_as_printed(store, printed):
    rows = sparql(
        "SELECT ?p ?r WHERE { ?g a nsg:GarbledText ; nsg:printedAs ?p ; nsg:readAs ?r }",
        store=store,
    )
    assert any(printed in r["p"] for r in rows)


def test_conditions_the_review_omits_are_unspecified_not_guessed(store):
    # "nondendritic morphology over 500h in Nal | Na batteries" gives no current or capacity.
    assert sparql(
        """ASK { ?t nsg:testedLayer nsgr:layer-sncl2 ;
                 nsg:unspecified nsg:CurrentDensityAspect , nsg:ArealCapacityAspect .
                 FILTER NOT EXISTS { ?t nsg:hasCondition ?c } }""",
        store=store,
    )


def test_similar_treatments_are_marked_implied(store):
    assert sparql("ASK { nsgr:reaction-zncl2 nsg:implied true }", store=store)


def test_sodium_metal_is_never_a_precursor(store):
    assert not sparql(
        "ASK { ?t ?role nsgr:Na . ?role rdfs:subPropertyOf* nsg:usesPrecursor }", store=store
    )


def test_reference_list_is_complete_as_printed(store):
    rows = sparql(
        "SELECT ?n ?title ?journal ?year WHERE { ?r a nsg:CitedReference ; nsg:referenceNumber ?n ;"
        " dcterms:title ?title ; nsg:journal ?journal ; dcterms:issued ?year } ORDER BY ?n",
        store=store,
    )
    assert [r["n"] for r in rows] == list(range(1, 128))
    assert rows[70]["title"].startswith("Red phosphorous-derived protective layers")
    assert (rows[70]["journal"], rows[70]["year"]) == ("Adv. Energy Mater.", "2021")


def test_every_cited_reference_exists_and_every_fact_has_a_section(store):
    assert not sparql(
        "ASK { ?f prov:hadPrimarySource ?r FILTER NOT EXISTS { ?r nsg:referenceNumber ?n } }",
        store=store,
    )
    assert not sparql(
        """ASK { ?f a ?c . ?c rdfs:subClassOf* ?top .
                 VALUES ?top { nsg:Treatment nsg:Reaction nsg:ReportedValue nsg:CellTest }
                 FILTER NOT EXISTS { ?f nsg:statedIn ?s } }""",
        store=store,
    )


def test_review_is_identified_by_its_doi(store):
    assert sparql("SELECT ?d WHERE { nsgr:review bibo:doi ?d }", store=store) == [
        {"d": "10.20944/preprints202305.1544.v1"}
    ]
