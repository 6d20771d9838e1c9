"""`naseigraph show`: one thing's card, every line with its source, as read from the review."""

import json

import pytest
from conftest import naseigraph

from naseigraph import show
from naseigraph.graph import NaseigraphError


def lines(card, title):
    return [line for t, group in card.groups if t == title for line in group]


def texts(card, title):
    return [line.text for line in lines(card, title)]


@pytest.fixture(scope="module")
def red_p(store):
    (card,) = show("Na3P protective layer from red phosphorus", store=store)
    return card


def test_a_layer_card_says_how_it_is_made_and_what_was_measured(red_p):
    # Section 3.1 [71], Figure 4f: Yu's group treated Na with red phosphorus; the Na3P layer has
    # ~0.12 mS cm-1 and 8.6 GPa; Na||Na cells ran 780 h at 1.0 mA cm-2, 1.0 mAh cm-2.
    assert red_p.kind == "inorganic protective layer"
    assert "red phosphorus (reactant)" in texts(red_p, "How it is made")
    assert "red phosphorus + Na -> Na3P" in texts(red_p, "Reactions and phases")
    values = texts(red_p, "Reported values")
    assert any(
        v.startswith("ionic conductivity: 0.12 mS/cm") and "~0.12 mS cm-1" in v for v in values
    )
    assert any(v.startswith("Young's modulus: 8.6 GPa") for v in values)
    (test,) = texts(red_p, "Cell tests")
    assert "Na||Na symmetric cell" in test and "780h" in test
    conditions, results = test.split("Results:")
    assert "1.0 mA cm-2" in conditions and "1.0 mAh cm-2" in conditions and "780h" in results
    assert "reported by Yu's group (as printed)" in texts(red_p, "Who reported it")
    assert texts(red_p, "Figures") == ["Figure 4f"]
    (reference,) = texts(red_p, "References")
    assert reference.startswith("[71] Shi, P. C.;") and "Adv. Energy Mater. 2021" in reference


def test_every_line_of_a_layer_card_carries_its_source(red_p):
    for title, group in red_p.groups:
        if title in ("Figures", "References", "Read from"):
            continue
        for line in group:
            assert line.sections == ["3.1"] and line.refs == ["71"], (title, line.text)
    (conductivity,) = [v for v in lines(red_p, "Reported values") if "conductivity" in v.text]
    assert conductivity.figures == ["Figure 4f"]


def test_garbled_text_is_shown_as_printed_beside_its_reading(red_p):
    (test,) = lines(red_p, "Cell tests")
    assert [g["printed"] for g in test.garbled] == ["Na1|Na cells"]
    assert "Na||Na" in test.garbled[0]["read"]


def test_a_thickness_comes_with_its_number_of_deposition_cycles(store):
    # Section 3.1 [87-89]: 10, 25 and 50 ALD cycles give 1.4, 3.5 and 7 nm of Al2O3, which
    # converts into NaAlOx during cycling.
    (card,) = show("nsgr:layer-ald-al2o3", store=store)
    values = texts(card, "Reported values")
    for nm, cycles in (("1.4", "10"), ("3.5", "25"), ("7", "50")):
        assert any(
            v.startswith(f"thickness: {nm} nm") and f"deposition cycle count {cycles}" in v
            for v in values
        ), (nm, values)
    assert "Al2O3 -> NaAlOx (transformation during cycling)" in texts(card, "What forms later")
    (test,) = texts(card, "Cell tests")
    assert "unstated: areal capacity, cell configuration" in test and "3 mA cm-2" in test


def test_an_implied_fact_is_marked_with_the_reason(store):
    # "Similar treat methods have also been reported by ZnCl2 and SnCl4 [62-64]": the NaCl these
    # form is implied, not stated.
    (card,) = show("NaCl-rich interphase from SnCl4 (implied)", store=store)
    implied = [line for _, group in card.groups for line in group if line.implied is not None]
    assert implied and all(line.refs == ["62", "63", "64"] for line in implied)


def test_a_substance_card_lists_what_forms_it_and_where_it_is(store):
    # Na3P: from red phosphorus [71] and, with NaBr, from PBr3 [73].
    (card,) = show("Na₃P", store=store)
    assert card.kind == "phosphide" and "formula Na3P" in texts(card, "What it is")
    formed = lines(card, "Formed by")
    assert sorted(line.refs[0] for line in formed) == ["71", "73"]
    contained = texts(card, "Contained in")
    assert "Na3P protective layer from red phosphorus (inorganic protective layer)" in contained


def test_a_precursor_card_gives_its_role(store):
    # Section 3.1 [67]: P4S16 reacts with Na in diethylene glycol dimethyl ether (the solvent).
    (card,) = show("diethylene glycol dimethyl ether", store=store)
    (use,) = texts(card, "Used as a precursor")
    assert use.startswith("solvent in: ") and "Na3PS4" in use


def test_a_reference_card_lists_every_fact_citing_it(store):
    (card,) = show("[71]", store=store)
    assert texts(card, "Reference")[0].startswith("[71] Shi, P. C.; Zhang, S. P.;")
    cited = [
        t for title, group in card.groups if title.startswith("Facts that cite") for t in group
    ]
    assert any(line.text == "Na3P protective layer from red phosphorus" for line in cited)


def test_an_attribution_as_printed_gives_its_systems(store):
    # "Yu's group": the Na3P layer [71] and the Na2Te layer [72] (section 3.1).
    (card,) = show("Yu's group", store=store)
    assert card.kind == "attribution as printed" and card.iri is None
    systems = texts(card, "Systems attributed to it")
    assert "Na3P protective layer from red phosphorus" in systems
    assert "Na2Te artificial interfacial layer" in systems


def test_a_section_card_holds_its_facts(store):
    (card,) = show("section 3.2", store=store)
    values = texts(card, "Holds: reported value")
    assert any("-2.497 eV" in v for v in values)  # CH3OCO2Na, by DFT [107]


def test_several_matches_are_listed_unless_all(store):
    with pytest.raises(NaseigraphError, match="names 2 things"):
        show("reaction type", store=store)
    assert len(show("reaction type", store=store, every=True)) == 2


def test_no_match_suggests_the_closest_labels(store):
    with pytest.raises(NaseigraphError, match=r"Closest: .*SnCl2"):
        show("SnCl3", store=store)


def test_the_command_line_card_text_md_and_json():
    done = naseigraph("show", "Na3P")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Na3P (phosphide)\nnsgr:Na3P\n")
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
    card = json.loads(naseigraph("show", "Na3P", "--format", "json").stdout)
    assert card["iri"] == "https://w3id.org/naseigraph/resource/Na3P"
    formed = next(g for g in card["groups"] if g["title"] == "Formed by")["lines"]
    assert all(line["fact"].startswith("https://w3id.org/naseigraph/resource/") for line in formed)
    assert naseigraph("show", "Na3P", "--format", "md").stdout.startswith("## Na3P\n")


@pytest.mark.parametrize("thing", ["reaction type", "no such thing at all"])
def test_the_command_line_refuses_with_one_line_and_exit_2(thing):
    done = naseigraph("show", thing)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_thing_of_two_classes_is_one_match(store):
    # SnS is a sulfide and one of the two-dimensional materials of [93-95].
    (card,) = show("SnS", store=store)
    assert {"sulfide", "two-dimensional material"} <= set(texts(card, "What it is"))


def test_a_sentence_card_lists_the_facts_read_from_it(store):
    # Section 1, sentence 14: dendrites pierce the separator and detach as dead Na [11, 12].
    (card,) = show("section 1, sentence 14", store=store)
    claims = lines(card, "Facts read from it: claim")
    assert claims and all(line.refs == ["11", "12"] for line in claims)
    (copyright_line,) = show("Figure 2 caption, sentence 2", store=store)
    assert texts(copyright_line, "Carries no fact")


def test_a_layer_card_says_each_thing_once(store):
    # PB@Cu (3.3 [124]): Li et al., 2022; Bi alloys with Na during cycling.
    (card,) = show("PB@Cu", store=store)
    assert texts(card, "Who reported it").count("in 2022 (as the text says)") == 1
    (later,) = texts(card, "What forms later")
    assert later.startswith("Na + Bi -> Na3Bi (") and "alloying" in later
    assert "Reactions and phases" not in dict(card.groups)
