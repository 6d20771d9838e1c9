"""The questions researchers ask, answered by the canned queries, against rows read from the review.

Every expected row below was read from the review's text (its sections, captions and reference
list), not copied from a query's output; the comments quote the words it comes from.
"""

import pytest

from naseigraph.queries import run_query

NSGR = "https://w3id.org/naseigraph/resource/"


def ask(store, name, **params):
    return run_query(name, store=store, **params)


def key(iri):
    return iri.removeprefix(NSGR)


def split(text):
    return set(text.split(", ")) if text else set()


# ---- studies: by attribution and year --------------------------------------------------------


def test_studies_by_sun_et_al_are_the_four_the_review_attributes_to_them(store):
    # 3.1: "Sun et al. synthesized Na3PS4 ... P4S16" [67]; "In 2021, Sun et al. directly embedded
    # NaNO3" [70]; 3.3: "Lately in 2020, Sun et al. also coating the same Alucone via MLD between
    # Na and solid Na3SbS3 and Na3PS4 electrolytes" [126]; "More recently in 2023, Sun et al.
    # formed nano hybrid interfaces" [127]. Reference list: 67 Zhao, Y. J. Mate. Chem. A 2019;
    # 70 Wang, X. C. ACS Appl. Mater. Interfaces 2021; 126 Zhang, S. M. Adv. Funct. Mater. 2020;
    # 127 Pirayesh, P. Adv. Mater. 2023.
    rows = ask(store, "studies", by="Sun et al.")
    got = {(key(r["layer"]), r["refs"], r["references"], r["text_year"]) for r in rows}
    assert got == {
        ("layer-p4s16", "67", "[67] Zhao, Y. J. Mate. Chem. A 2019", None),
        ("layer-nano3", "70", "[70] Wang, X. C. ACS Appl. Mater. Interfaces 2021", "2021"),
        ("layer-alucone-sse", "126", "[126] Zhang, S. M. Adv. Funct. Mater. 2020", "2020"),
        ("layer-ald-mld-nanohybrid", "127", "[127] Pirayesh, P. Adv. Mater. 2023", "2023"),
    }
    assert {r["reported_by"] for r in rows} == {"Sun et al."}
    assert all(r["treatment_label"] for r in rows)
    assert len(rows) == len(got)


def test_studies_match_any_part_of_the_attribution_whatever_its_case(store):
    assert len(ask(store, "studies", by="SUN ET al")) == 4
    yu = {r["reported_by"] for r in ask(store, "studies", by="yu")}
    assert yu == {"Yu's group", "Yu et al."}  # 3.1 "the Yu's group", "the Yu et al."; 3.3 Yu et al.


def test_studies_by_group_and_year(store):
    # Yu's group: red P [71] (2021) and Na2Te [72] (2021); Yu et al.: Na rolled with Ga and Sn
    # foil [84-86], of which [86] is 2021 ([84] and [85] are 2022); the PTFE rolling [117] is 2023.
    rows = ask(store, "studies", by="Yu", year=2021)
    assert {key(r["layer"]) for r in rows} == {
        "layer-red-p",
        "layer-na2te",
        "layer-ga-rolling",
        "layer-sn-rolling",
    }
    assert {r["refs"] for r in rows} == {"71", "72", "84, 85, 86"}
    assert not ask(store, "studies", by="Sun et al.", year=2022)


def test_studies_of_a_year_by_reference_year_or_the_year_the_text_gives(store):
    # References of 2017 in the list: 1, 66, 69, 87, 88, 94, 95, 106, 114, 125. Cited for:
    # NaI and NaBr [65, 66]; Na2S from MoS2 [69]; ALD Al2O3 [87-89] ("Early in 2017"); the nine
    # 2D films [93-95]; the ionic membrane [106]; FCPL [114] ("In 2017, Kim et al."); MLD alucone
    # [125] ("in 2017, Zhao et al."). Reference 1 is cited for no system.
    rows = ask(store, "studies", year=2017)
    films = {"mxene", "graphene", "silicene", "germanene", "phosphorene", "h-bn", "sns", "snse"}
    films = {f"layer-2d-{m}" for m in films | {"g-c3n4"}}
    assert {key(r["layer"]) for r in rows} == films | {
        "layer-iodopropane",
        "layer-bromopropane",
        "layer-mos2",
        "layer-ald-al2o3",
        "layer-ionic-membrane",
        "layer-fcpl",
        "layer-alucone-mld",
    }
    by_layer = {key(r["layer"]): r for r in rows}
    assert by_layer["layer-fcpl"]["text_year"] == "2017"
    assert by_layer["layer-alucone-mld"]["refs"] == "90, 125"  # MLD statement [90] and Zhao [125]


def test_studies_without_filters_list_every_system_once(store):
    rows = ask(store, "studies")
    assert len(rows) == len({r["layer"] for r in rows}) == 68


# ---- substances by element -------------------------------------------------------------------

SN_ROWS = {
    # 3.1 "Huang et al. adopted SnCl2 to treat Na with the formation of NaCl/Na-Sn alloy" [61]
    ("SnCl2", "layer-sncl2", "reactant", ""),
    ("Na-Sn alloy", "layer-sncl2", "product, constituent", ""),
    # "Similar treat methods have also been reported by ZnCl2 and SnCl4 [62-64]"
    ("SnCl4", "layer-sncl4", "reactant", ""),
    # "by taking advantage of Sn(TFSI)2, the Na-Sn alloy interphase rich in Na9Sn4 and Na14.7Sn4
    # ... due to its fast ion transport property"
    ("Sn(TFSI)2", "layer-sn-tfsi2", "reactant", ""),
    ("Na9Sn4", "layer-sn-tfsi2", "product, constituent", "ion conduction"),
    ("Na14.7Sn4", "layer-sn-tfsi2", "product, constituent", "ion conduction"),
    # "alloy Na surface with Ga liquid metal and Sn foil via in suit rolling" [84-86]
    ("Sn", "layer-sn-rolling", "reactant", ""),
    ("Na-Sn alloy (Sn foil rolling)", "layer-sn-rolling", "product, constituent", ""),
    # "SnS, SnSe and g-C3N4 film" among the 2D films [93-95]
    ("SnS", "layer-2d-sns", "reactant, constituent", ""),
    ("SnSe", "layer-2d-snse", "reactant, constituent", ""),
    # "The Sn2+ can act as sodiophilic seeds and form highly conductivity Na15Sn4 alloy" [97]
    ("Sn2+", "layer-sn-mxene", "reactant, constituent", "nucleation seeds, sodiophilicity"),
    ("Na15Sn4", "layer-sn-mxene", "product, constituent", "high conductivity (kind not stated)"),
    # 3.3 "the sodiophilic Sn metal can offer sufficient Na+ ions and high mechanical modulus" [122]
    ("Sn", "layer-pvdf-sn", "reactant, constituent", "mechanical strength, sodiophilicity"),
    # "benefit from the low nucleation barrier of Sn seeds" [123]
    ("Sn", "layer-pan-sn", "reactant, constituent", "nucleation seeds"),
}


@pytest.mark.parametrize("element", ["Sn", "sn", "SN"])
def test_substances_with_tin_and_the_part_each_plays(store, element):
    rows = ask(store, "substances-by-element", element=element)
    got = {
        (r["substance_label"], key(r["layer"]), r["plays"], ", ".join(sorted(split(r["roles"]))))
        for r in rows
    }
    assert got == SN_ROWS
    assert len(rows) == len(got)


def test_substances_with_sulfur_are_no_tin_compound_without_sulfur(store):
    rows = ask(store, "substances-by-element", element="S")
    labels = {r["substance_label"] for r in rows}
    assert {"SnS", "Na3PS4", "Na2S", "MoS2", "Mo6S8", "P4S16", "V2S3", "S8", "Na3SbS3"} <= labels
    assert not labels & {"Sn", "SnCl2", "SnCl4", "Sn2+", "SnSe", "Na15Sn4", "Na9Sn4", "Na-Sn alloy"}
    # Na3PS4 is the layer Sun et al. made from P4S16 [67] and the solid electrolyte the alucone
    # interlayer meets [126].
    na3ps4 = {(key(r["layer"]), r["plays"]) for r in rows if r["substance_label"] == "Na3PS4"}
    assert na3ps4 == {
        ("layer-p4s16", "product, constituent"),
        ("layer-alucone-sse", "electrolyte of a cell test"),
    }


def test_substances_with_nitrogen_are_no_sodium_only_compound(store):
    rows = ask(store, "substances-by-element", element="N")
    labels = {r["substance_label"] for r in rows}
    assert {"Na3N", "NaNO3", "VN", "g-C3N4", "h-BN"} <= labels
    assert not labels & {"Na", "NaF", "Na2O", "Na3P", "Na3Sb", "Na2S", "NaCl"}
    nano3 = {(r["substance_label"], r["roles"]) for r in rows if key(r["layer"]) == "layer-nano3"}
    # "The Na3N and NaN8O9 provides good SEI stability and Na+ conductivity, while the remained
    # NaNO3 remain as a SEI stabilized for long term cycling" [70]
    assert {(s, ", ".join(sorted(split(r)))) for s, r in nano3} == {
        ("Na3N", "SEI or interface stabiliser, ion conduction"),
        ("NaNxOy", "SEI or interface stabiliser, ion conduction"),
        ("NaNO3", "SEI or interface stabiliser, remains after cycling"),
    }


# ---- substances by class ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind",
    ["nsg:FrameworkMaterial", "framework material", "FrameworkMaterial", "NSG:frameworkmaterial"],
)
def test_framework_materials_and_where_they_are(store, kind):
    # 3.2: MOF-199 and ZIF-8 on Cu [109], Mg-based MOF-74 [110], ZIF-62 from liquid MOF [111],
    # the sp2c-COF functioned separator that induces the SEI [16].
    rows = ask(store, "substances-by-class", kind=kind)
    got = {(r["substance_label"], key(r["layer"]), r["plays"]) for r in rows}
    assert got == {
        ("MOF-199", "layer-mof-199", "reactant, constituent"),
        ("ZIF-8", "layer-zif-8", "reactant, constituent"),
        ("Mg-based MOF-74", "layer-mg-mof-74", "reactant, constituent"),
        ("ZIF-62", "layer-zif-62", "reactant, constituent"),
        ("sp2 carbon COF", "layer-sp2c-cof", "reactant"),  # on the separator, not in the SEI
    }
    assert {r["class_label"] for r in rows} == {"framework material"}
    shield = [r["roles"] for r in rows if r["substance_label"] == "MOF-199"]
    assert shield == ["physical barrier to dendrites"]  # "a compact and robust shield"


def test_pvdf_and_ptfe_among_the_polymers(store):
    rows = ask(store, "substances-by-class", kind="polymer")
    pvdf = {key(r["layer"]) for r in rows if r["substance_label"] == "PVDF"}
    # f-PVDF [102], FCPL [114], FIAPL [115], PVDF/NaF on Cu [116], PVDF-Sn [122], PB@Cu [124]
    assert pvdf == {
        "layer-f-pvdf",
        "layer-fcpl",
        "layer-fiapl",
        "layer-pvdf-naf-cu",
        "layer-pvdf-sn",
        "layer-pvdf-bi",
    }
    ptfe = {(key(r["layer"]), r["plays"]) for r in rows if r["substance_label"] == "PTFE"}
    assert ptfe == {("layer-ptfe-rolling", "reactant"), ("layer-ptfe-diglyme", "reactant")}
    pvdf_roles = {key(r["layer"]): r["roles"] or "" for r in rows if r["substance_label"] == "PVDF"}
    flexible = {layer for layer, roles in pvdf_roles.items() if "flexibility" in roles}
    # "flexible PVDF polymer", "could accommodate the volume expansion", "flexible to accommodate
    # surface expansion", "flexible PVDF, which could accommodate severe volume change"
    assert flexible == {"layer-fcpl", "layer-fiapl", "layer-pvdf-sn", "layer-pvdf-bi"}


def test_a_class_reaches_its_subclasses(store):
    rows = ask(store, "substances-by-class", kind="nsg:Salt")
    labels = {r["substance_label"] for r in rows}
    assert {"NaF", "SnCl2", "HCOONa", "BdmimBF4", "NaNO3"} <= labels  # halide, organic Na, IL
    assert {r["class_label"] for r in rows} == {"salt"}
    two_d = {r["substance_label"] for r in ask(store, "substances-by-class", kind="TwoDMaterial")}
    assert {"SnS", "SnSe", "g-C3N4", "h-BN", "Ti3C2 MXene", "graphene"} <= two_d
    assert ask(store, "substances-by-class", kind="nsg:Fluoride") == []  # inferred, not asserted


# ---- solvents, hosts and substrates ----------------------------------------------------------


def test_solvents_hosts_and_substrates_with_their_reagents(store):
    rows = ask(store, "precursor-roles")
    got = {
        (r["precursor_part"], r["precursor_label"], r["reagents"], key(r["treatment"]), r["refs"])
        for r in rows
    }
    assert got == {
        # "chemical pretreatment of Na with SbF3/DMC solution" [54, 55]
        ("solvent", "DMC", "SbF3", "treatment-sbf3", "54, 55"),
        # "reacting Na with P4S16 in diethylene glycol dimethyl ether" [67]
        ("solvent", "diethylene glycol dimethyl ether", "P4S16", "treatment-p4s16", "67"),
        # "treat Na metal with S8 and para-dichlorobenzene (p-DB) in tetrahydrofuran" [107]
        ("solvent", "tetrahydrofuran", "para-dichlorobenzene, S8", "treatment-phs2na2", "107"),
        # "pressure and diglyme-induced defluorination" of PTFE [121]
        ("solvent", "diglyme", "PTFE", "treatment-ptfe-diglyme", "121"),
        # "Sn2+ pillared Ti3C2 MXene" [97]; "Mg2+ decorated Ti3C2 MXene" [98]
        ("host", "Ti3C2 MXene", "Sn2+", "treatment-sn-mxene", "97"),
        ("host", "Ti3C2 MXene", "Mg2+", "treatment-mg-mxene", "98"),
        # "MXene act as the highly conductive substrate" [99]
        ("substrate", "Ti3C2 MXene", "g-C3N4", "treatment-mxene-gc3n4", "99"),
        # "AlF3 coated solid-state electrolyte" [58]
        ("substrate", "solid-state electrolyte", "AlF3", "treatment-alf3-sse", "58"),
        # "format modified collectors" [108]: the formate's source is not named
        ("substrate", "Cu", "not stated", "treatment-hcoona-cu", "108"),
        # "MOF-199 and ZIF-8 as a coating layer on Cu substrate" [109]
        ("substrate", "Cu", "MOF-199", "treatment-mof-199", "109"),
        ("substrate", "Cu", "ZIF-8", "treatment-zif-8", "109"),
        # "The same PVDF/NaF layer was also coated on Cu substrate" [116]
        ("substrate", "Cu", "NaF, PVDF", "treatment-pvdf-naf-cu", "116"),
        # "PVDF and Sn by coating on Cu collector" [122]; "PVDF and metal Bi layer on Cu" [124]
        ("substrate", "Cu", "PVDF, Sn", "treatment-pvdf-sn", "122"),
        ("substrate", "Cu", "Bi, PVDF", "treatment-pvdf-bi", "124"),
    }
    assert len(rows) == len(got)
    solvents = ask(store, "precursor-roles", part="Solvent")
    assert {r["precursor_label"] for r in solvents} == {
        "DMC",
        "diethylene glycol dimethyl ether",
        "tetrahydrofuran",
        "diglyme",
    }


# ---- what forms later --------------------------------------------------------------------------


def test_what_forms_during_cycling_in_the_sei_or_later_and_what_remains(store):
    rows = ask(store, "forms-later")
    got = [
        (r["when"], key(r["layer"]), r["from"], r["becomes"], r["implied"], r["refs"]) for r in rows
    ]
    assert sorted(got) == sorted(
        [
            # "the Al2O3 can convert into highly conductive NaAlOx during cycling" [87-89]
            ("during cycling", "layer-ald-al2o3", "Al2O3", "NaAlOx", False, "87, 88, 89"),
            # "Then it was converted into PhS2Na2 upon cycling" ("it" read as PPS: implied) [107]
            (
                "during cycling",
                "layer-phs2na2",
                "poly(phenylene sulfides)",
                "Na benzenedithiolate",
                True,
                "107",
            ),
            # "confirmed the alloying/dealloying of Bi" in the CV and discharge curves [124]
            ("during cycling", "layer-pvdf-bi", "Bi, Na", "Na3Bi", False, "124"),
            # "the SEI on Na@25Alucone showed higher contents of beneficial NaF and Na2O" [125]
            (
                "in the SEI formed on the layer",
                "layer-alucone-mld",
                "not stated",
                "Na2O, NaF",
                False,
                "125",
            ),
            # "Then the Na alkoxides transformed into RONa by further reacting with Na" [105]
            (
                "later step of the treatment",
                "layer-dol-soaking",
                "CH3CH2OCH2ONa, CH3OCH2CH2ONa, Na",
                "RONa",
                False,
                "105",
            ),
            # "Finally, the RONa and HCOONa in turn reacting with DOL continuously" (product
            # read as poly(DOL): implied) [105]
            (
                "later step of the treatment",
                "layer-dol-soaking",
                "1,3-dioxolane, HCOONa, RONa",
                "poly(DOL)",
                True,
                "105",
            ),
            # "the diglyme can bonds with Na easily to form chains of O-Na-O, which reacting with
            # PTFE film rapidly" [121]
            (
                "later step of the treatment",
                "layer-ptfe-diglyme",
                "O-Na-O chains, PTFE",
                "NaF, organic carbon",
                False,
                "121",
            ),
            # "the remained NaNO3 remain as a SEI stabilized for long term cycling" [70]
            ("remains after cycling", "layer-nano3", "NaNO3", "remains itself", False, "70"),
            # "the Na3P phase can still be remained after repeated plating/striping" [71]
            ("remains after cycling", "layer-red-p", "Na3P", "remains itself", False, "71"),
        ]
    )
    assert [r["when"] for r in rows][:3] == ["during cycling"] * 3  # in order of when


# ---- the metal a layer protects and the cell it targets ---------------------------------------


def test_layers_made_for_solid_state_and_anode_free_batteries(store):
    solid = ask(store, "layer-targets", target="solid-state")
    # "AlF3 coated solid-state electrolyte" [58]; "liquid MOFs of ZIF-62 ... for solid
    # batteries" [111]; Alucone "between Na and solid Na3SbS3 and Na3PS4 electrolytes" [126]
    assert {(key(r["layer"]), r["refs"]) for r in solid} == {
        ("layer-alf3-sse", "58"),
        ("layer-zif-62", "111"),
        ("layer-alucone-sse", "126"),
    }
    assert {r["targets"] for r in solid} == {"solid-state battery"}
    anode_free = ask(store, "layer-targets", target="Anode-free")
    # "the HCOONa interface can also extend to anode free batteries with format modified
    # collectors" [108]
    assert [(key(r["layer"]), r["targets"]) for r in anode_free] == [
        ("layer-hcoona-cu", "anode-free battery")
    ]


def test_every_layer_protects_na_and_says_where_that_is_only_implied(store):
    rows = {key(r["layer"]): r for r in ask(store, "layer-targets")}
    assert len(rows) == 68 and {r["metal"] for r in rows.values()} == {"Na"}
    # On Na itself: "chemical pretreatment of Na with SbF3/DMC", "a thin Al2O3 protective layer
    # was achieved on Na", "a Na3P protective layer to stable Na metal", "between Na and solid
    # Na3SbS3 and Na3PS4 electrolytes".
    for layer in ("layer-sbf3", "layer-ald-al2o3", "layer-red-p", "layer-alucone-sse"):
        assert rows[layer]["metal_implied"] is False, layer
    # On a Cu collector or a separator: only implied.
    for layer in ("layer-pvdf-sn", "layer-mof-199", "layer-hcoona-cu", "layer-sp2c-cof"):
        assert rows[layer]["metal_implied"] is True, layer
    assert rows["layer-red-p"]["targets"] is None  # potassium is another metal, not a cell


# ---- values with their conditions ------------------------------------------------------------


def test_thicknesses_with_the_deposition_cycles_they_belong_to(store):
    rows = ask(store, "values-in-context", kind="thickness")
    got = {(str(r["value"]), r["unit_symbol"], r["conditions"], r["optimum"]) for r in rows}
    assert got == {
        # 2.3: "the thickness would increase 8.86µm under 1 mAh cm-2 deposition of Na"
        ("8.86", "µm", "areal capacity: 1 mAh cm-2", False),
        # 3.1: "the thickness of 10, 25, and 50 cycles of ALD Al2O3 is confirmed to be 1.4, 3.5,
        # and 7 nm, respectively"
        ("1.4", "nm", "deposition cycle count: 10", False),
        ("3.5", "nm", "deposition cycle count: 25", False),
        ("7", "nm", "deposition cycle count: 50 cycles", False),
        # 3.2: "The obtained ionic membrane (about 50 nm thick)"
        ("50", "nm", None, False),
        # 3.3: "the (1ALD-1MLD)10 alloy interfaces show the best performances ... the optimal
        # thickness of the Al2O3-alucone alloy interface for Na metal is 4 nm"
        (
            "4",
            "nm",
            "deposition cycle count: 1 layer of Al2O3 with 1 layer alucone (1ALD-1MLD); "
            "deposition cycle count: 10",
            True,
        ),
    }
    four = [r for r in rows if str(r["value"]) == "4"]
    assert four[0]["implied"] is True  # which sample the 4 nm is, is read, not printed


def test_the_optima_the_review_names(store):
    rows = ask(store, "values-in-context")
    optima = {(r["kind_label"], str(r["value"]), r["printed"]) for r in rows if r["optimum"]}
    assert optima == {
        ("deposition cycle count", "25", "25"),  # "the 25 MLD cycles ... optimized for the best"
        ("deposition cycle count", "10", "10"),  # "(1ALD-1MLD)10 ... show the best performances"
        ("thickness", "4", "4 nm"),  # "the optimal thickness ... is 4 nm"
    }


def test_a_cell_result_carries_the_test_conditions(store):
    rows = ask(store, "values-in-context", kind="lifetime")
    by_hours = {(str(r["value"]), r["conditions"]) for r in rows}
    # "the Na1|Na cells with the Na3P artificial layer present a nondendritic morphology for
    # 780h at 1.0 mA cm-2, 1.0 mAh cm-2"; "Under 0.25 mAh cm-2, the Na | Na | Cells can
    # physically mitigated dendrite growth for 1700h"
    assert ("780", "areal capacity: 1.0 mAh cm-2; current density: 1.0 mA cm-2") in by_hours
    assert ("1700", "areal capacity: 0.25 mAh cm-2") in by_hours
    assert len(rows) == 11  # 500 (twice), 250, 780, 700, 1700, 1000, 2800 (twice), 1800, 2500
