"""Element symbols of the printed formulas (data/elements.ttl), read by molmass."""

import pytest

from naseigraph.elements import formula_symbols, label_symbols, main
from naseigraph.graph import resource_dir


@pytest.mark.parametrize(
    "formula, symbols",
    [
        ("SnCl2", {"Sn", "Cl"}),
        ("CoF2", {"Co", "F"}),  # cobalt, not carbon and oxygen
        ("Na14.7Sn4", {"Na", "Sn"}),
        ("NaNxOy", {"Na", "N", "O"}),  # x and y are indices the review leaves open
        ("Bi(SO3CF3)3", {"Bi", "S", "O", "C", "F"}),
        ("Sn2+", {"Sn"}),
        ("Sn(TFSI)2", {"Sn"}),  # TFSI is an abbreviation, not T, F, S and I
        ("VN", {"V", "N"}),
    ],
)
def test_formula_symbols(formula, symbols):
    assert formula_symbols(formula) == symbols


@pytest.mark.parametrize(
    "label, symbols",
    [
        ("Na-Sn alloy", {"Na", "Sn"}),
        ("PAN-Sn protective layer", {"Sn"}),  # PAN is an abbreviation
        ("PVDF", set()),  # not P, V, D and F
        ("sp2 carbon COF", {"C"}),  # COF is an abbreviation; carbon an element's name
        ("red phosphorus", {"P"}),
    ],
)
def test_label_symbols(label, symbols):
    assert label_symbols(label) == symbols


def test_the_shipped_file_is_what_the_formulas_give(tmp_path):
    out = tmp_path / "elements.ttl"
    assert main(["-o", str(out)]) == 0
    shipped = resource_dir("data") / "elements.ttl"
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8"), (
        "data/elements.ttl is stale: run `python -m naseigraph.elements -o data/elements.ttl`"
    )
