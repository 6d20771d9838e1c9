"""`naseigraph diff`: edits of the review's own Turtle come back as exactly those facts, under the
system they concern; the same graph written another way is no change; bad input exits 2."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from naseigraph.cli import main
from naseigraph.graph import resource_dir

DATA = resource_dir("data")
ORGANIC = DATA / "organic.ttl"
ROOT = Path(__file__).parents[1]
# organic.ttl: nsgr:layer-dol-soaking's rdfs:label; the layer is what treatment-dol-soaking
# produces and what celltest-dol-soaking tests, whose result is value-dol-soaking-lifetime.
DOL_SOAKING = "poly(DOL) protective layer on Na made by soaking in DOL"


def diff(capsys, *args):
    """(exit code, standard output, standard error) of `naseigraph diff ARGS`."""
    code = main(["diff", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def edited(tmp_path, source: Path, *edits: tuple[str, str], extra: str = "") -> Path:
    """A copy of `source` with each (old, new) text replaced once (it must occur once)."""
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    copy = tmp_path / "new" / source.name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(text + extra, encoding="utf-8")
    return copy


def test_a_changed_value_a_removed_and_an_added_fact_are_listed_under_their_system(
    tmp_path, capsys
):
    # In value-dol-soaking-lifetime: `qudt:value 2800` loses a digit (a curator's slip) and its
    # `nsg:textAsPrinted "over 2800h"` is deleted; the layer gains an alternative label.
    new = edited(
        tmp_path,
        ORGANIC,
        ("    qudt:value 2800 ;\n", "    qudt:value 280 ;\n"),
        ('    nsg:textAsPrinted "over 2800h" ;\n', ""),
        extra='nsgr:layer-dol-soaking skos:altLabel "poly(DOL)"@en .\n',
    )
    code, out, _ = diff(capsys, ORGANIC, new)
    assert code == 1
    assert out == (
        "1 added, 1 removed, 1 changed in 1 system\n"
        "\n"
        f'system nsgr:layer-dol-soaking "{DOL_SOAKING}"\n'
        "  nsgr:layer-dol-soaking\n"
        '    added   skos:altLabel "poly(DOL)"@en\n'
        "  nsgr:value-dol-soaking-lifetime\n"
        '    removed nsg:textAsPrinted "over 2800h"\n'
        "    changed qudt:value 2800 -> 280\n"
    )

    code, out, _ = diff(capsys, ORGANIC, new, "--format", "json")
    found = json.loads(out)
    assert code == 1 and not found["same"]
    assert (found["added"], found["removed"], found["changed"]) == (1, 1, 1)
    (group,) = found["groups"]
    assert (group["group"], group["label"], group["system"]) == (
        "nsgr:layer-dol-soaking",
        DOL_SOAKING,
        True,
    )
    changed = {"kind": "changed", "subject": "nsgr:value-dol-soaking-lifetime"}
    changed |= {"predicate": "qudt:value", "old": "2800", "new": "280"}
    assert changed in group["changes"]
    assert found["prefixes"]["qudt"] == "http://qudt.org/schema/qudt/"


def test_one_of_several_values_replaced_is_a_removal_and_an_addition(tmp_path, capsys):
    # layer-dol-soaking has two observations: neither is "the" value that was changed.
    new = edited(tmp_path, ORGANIC, ('"lower interfacial resistance"', '"lower resistance"'))
    code, out, _ = diff(capsys, ORGANIC, new)
    assert code == 1
    assert out.splitlines()[0] == "1 added, 1 removed, 0 changed in 1 system"
    assert out.splitlines()[3:] == [
        "  nsgr:layer-dol-soaking",
        '    removed nsg:observation "lower interfacial resistance"',
        '    added   nsg:observation "lower resistance"',
    ]


def test_a_substances_value_in_a_checkout_is_listed_under_the_substance_as_written(
    tmp_path, capsys
):
    # inorganic-a.ttl: `nsgr:NaF nsg:hasProperty nsgr:value-naf-shear-modulus`, `qudt:value 31.4`;
    # 31.40 is the same number written otherwise, which the graph keeps as printed. NaF's label
    # is in substances.ttl, which a folder of the whole data brings.
    checkout = tmp_path / "data"
    shutil.copytree(DATA, checkout)
    edit = checkout / "inorganic-a.ttl"
    text = edit.read_text(encoding="utf-8")
    assert text.count("    qudt:value 31.4 ;\n") == 1
    edit.write_text(text.replace("    qudt:value 31.4 ;\n", "    qudt:value 31.40 ;\n"), "utf-8")
    code, out, _ = diff(capsys, DATA, checkout)
    assert code == 1
    assert out.splitlines() == [
        "0 added, 0 removed, 1 changed in 1 other subject",
        "",
        'nsgr:NaF "NaF"',
        "  nsgr:value-naf-shear-modulus",
        "    changed qudt:value 31.4 -> 31.40",
    ]


def test_a_garbled_text_edited_inside_its_blank_node_is_shown_under_its_holder(tmp_path, capsys):
    # treatment-f-pvdf (which produces layer-f-pvdf) holds one nsg:hasGarbledText [ ... ].
    new = edited(
        tmp_path,
        ORGANIC,
        ('nsg:printedAs "poly(1,1difluoroethylene)"', 'nsg:printedAs "poly(1,1-difluoroethylene)"'),
    )
    code, out, _ = diff(capsys, ORGANIC, new)
    assert code == 1
    assert out.splitlines()[2:] == [
        'system nsgr:layer-f-pvdf "f-PVDF fibre film interlayer with non-through pores"',
        "  nsgr:treatment-f-pvdf",
        '    changed nsg:hasGarbledText/nsg:printedAs "poly(1,1difluoroethylene)"'
        ' -> "poly(1,1-difluoroethylene)"',
    ]


def test_the_data_folder_against_itself_is_the_same(capsys):
    import rdflib

    oracle = rdflib.Graph()  # rdflib's own parser counts the triples
    for file in sorted(DATA.glob("*.ttl")):
        oracle.parse(file)
    code, out, _ = diff(capsys, DATA, DATA)
    assert code == 0
    assert out == f"the same: no fact added, removed or changed ({len(oracle)} triples)\n"


def reordered(source: Path, target: Path) -> None:
    """`source` as N-Triples (Turtle too) in reverse order, every blank node relabelled."""
    triples = [q.triple for q in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE)]
    relabel = {}
    for triple in triples:
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.BlankNode):
                relabel.setdefault(term, ox.BlankNode(f"other{len(relabel)}"))
    moved = [ox.Triple(*(relabel.get(term, term) for term in t)) for t in reversed(triples)]
    target.write_bytes(ox.serialize(moved, format=ox.RdfFormat.N_TRIPLES))


def test_a_file_reordered_with_its_blank_nodes_relabelled_is_the_same(tmp_path, capsys):
    other = tmp_path / "organic.ttl"
    reordered(ORGANIC, other)
    text = other.read_text(encoding="utf-8")
    assert "_:other0 " in text and "_:other7 " in text  # organic.ttl's eight garbled texts
    code, out, _ = diff(capsys, ORGANIC, other)
    assert (code, out.split(":")[0]) == (0, "the same")


def test_a_release_folder_is_read_by_its_trig_file(tmp_path, capsys):
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode("https://doi.org/10.20944/x"))
        for q in ox.parse(path=str(ORGANIC), format=ox.RdfFormat.TURTLE)
    ]
    release = tmp_path / "release"
    release.mkdir()
    (release / "naseigraph.trig").write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    (release / "README.md").write_text("what a release holds\n", encoding="utf-8")
    assert diff(capsys, ORGANIC, release)[0] == 0

    (release / "second.trig").write_bytes(b"")
    code, _, err = diff(capsys, ORGANIC, release)
    assert code == 2
    assert "holds several TriG files (naseigraph.trig, second.trig)" in err


def test_a_file_that_does_not_parse_exits_2_naming_its_line(tmp_path, capsys):
    bad = edited(tmp_path, ORGANIC, ("    qudt:value 2800 ;\n", "    qudt:value 2800 ] ;\n"))
    line = bad.read_text(encoding="utf-8").splitlines().index("    qudt:value 2800 ] ;") + 1
    code, out, err = diff(capsys, ORGANIC, bad)
    assert (code, out) == (2, "")
    assert err.startswith(f"naseigraph: error: {bad}:{line}: Turtle syntax error: ")
    assert len(err.splitlines()) == 1


def test_a_missing_path_exits_2(tmp_path, capsys):
    code, _, err = diff(capsys, tmp_path / "nowhere", ORGANIC)
    assert code == 2
    assert err == f"naseigraph: error: {tmp_path / 'nowhere'}: no such file or folder\n"


def readme_example() -> str:
    section = (ROOT / "README.md").read_text(encoding="utf-8")
    section = section.split("### Reviewing a change: `naseigraph diff`", 1)[1]
    return re.search(r"```shell\n(.*?)```", section, re.DOTALL).group(1)


@pytest.mark.parametrize("example", [readme_example()], ids=["README"])
def test_the_readme_example_prints_what_it_shows(tmp_path, example):
    # Run in a folder of its own where data/ is the shipped data, so no file lands elsewhere.
    (tmp_path / "data").symlink_to(DATA, target_is_directory=True)
    commands = [line[2:] for line in example.splitlines() if line.startswith("$ ")]
    shown = "".join(line + "\n" for line in example.splitlines() if not line.startswith("$ "))
    done = subprocess.run(
        ["bash", "-c", "\n".join(commands)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"},
    )
    assert done.stderr == ""
    assert done.stdout == shown
