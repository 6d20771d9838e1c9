"""The figures, drawn from canned queries, read back from their SVG text.

From the review: Na||Na symmetric cells with a stated current density are NaI from
1-iodopropane (500 h at 0.25 mA cm-2, 0.75 mAh cm-2) and NaBr from 1-bromopropane (250 h at
1.0 mA cm-2) [65, 66], Na3P from red phosphorus (780 h at 1.0 mA cm-2) [71], all section 3.1,
and poly(DOL) (over 2800 h at 1 mA cm-2) [105], section 3.2. The SnCl2 (over 500 h) [61] and
Sn(TFSI)2 (1700 h) [80] results state no current density.
"""

import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from naseigraph.graph import NaseigraphError
from naseigraph.plots import lifetime_points, plot
from naseigraph.queries import run_query

SVG = "{http://www.w3.org/2000/svg}"


def texts(path) -> str:
    return "\n".join("".join(t.itertext()) for t in ET.parse(path).iter(f"{SVG}text"))


def test_lifetime_points_are_the_symmetric_cells_with_a_stated_current_density(store):
    found, unstated = lifetime_points(store)
    points = {
        (p["layer_label"], p["current_density_value"], p["hours"], p["layer_class"], p["refs"])
        for p in found
    }
    assert unstated == 2  # the Na-Sn alloy (1700 h) and NaCl/Na-Sn (500 h): no current density
    assert points == {
        ("NaI-rich interphase from 1-iodopropane", Decimal("0.25"), 500, "inorganic", "65, 66"),
        ("NaBr-rich interphase from 1-bromopropane", Decimal("1"), 250, "inorganic", "65, 66"),
        ("Na3P protective layer from red phosphorus", Decimal("1"), 780, "inorganic", "71"),
        (
            "poly(DOL) protective layer on Na made by soaking in DOL",
            Decimal("1"),
            2800,
            "organic",
            "105",
        ),
    }


def test_lifetimes_figure_labels_every_point_and_says_what_is_left_out(tmp_path):
    path = plot("lifetimes", tmp_path / "lifetimes.svg")
    shown = texts(path)
    for label in ("NaI-rich interphase from", "Na3P protective layer from red", "over 2800h"):
        assert label in shown
    assert "500h · 0.75 mAh cm-2 · refs. 65, 66" in shown
    assert "areal capacity not stated" in shown  # poly(DOL): the review gives none
    assert "SnCl2" not in shown and "Sn(TFSI)2" not in shown
    caption = " ".join(shown.split())  # the caption is wrapped
    assert "Not shown: 2 symmetric-cell results without a stated current density." in caption
    assert "inorganic layer (section 3.1)" in shown and "organic layer (section 3.2)" in shown
    assert "doi:10.20944/preprints202305.1544.v1" in caption


def test_precursor_phase_figure_shows_every_pair_of_the_canned_query(tmp_path, store):
    path = plot("precursor-phase", tmp_path / "pairs.svg", store=store)
    shown = set(texts(path).splitlines())
    rows = run_query("precursor-phase-pairs", store=store)
    assert {r["precursor_label"] for r in rows} | {r["phase_label"] for r in rows} <= shown
    assert {"NaF", "SbF3", "triethylamine trihydrofluoride", "section 3.3", "implied"} <= shown


def test_png_and_the_same_svg_every_run(tmp_path):
    from PIL import Image

    png = plot("lifetimes", tmp_path / "lifetimes.png")
    assert Image.open(png).format == "PNG" and Image.open(png).size[0] >= 1200
    first = plot("precursor-phase", tmp_path / "a.svg").read_bytes()
    assert plot("precursor-phase", tmp_path / "b.svg").read_bytes() == first


@pytest.mark.parametrize(
    "name, file, message",
    [
        ("lifetime", "x.png", "unknown plot 'lifetime' (choose from lifetimes, precursor-phase)"),
        ("lifetimes", "x.jpg", "x.jpg: give a file ending in .png, .svg, .pdf"),
        ("lifetimes", "no/such/x.png", "no/such/x.png: no such directory no/such"),
    ],
)
def test_bad_plot_input_is_one_line_exit_2_and_writes_nothing(name, file, message, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "naseigraph", "plot", name, "-o", file],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr == f"naseigraph: error: {message}\n"
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(NaseigraphError, match="unknown plot"):
        plot("histogram", tmp_path / "x.png")


def test_without_matplotlib_the_command_names_the_extra(tmp_path):
    code = (
        "import sys; sys.modules['matplotlib'] = None; sys.modules['matplotlib.figure'] = None\n"
        "from naseigraph.cli import main\n"
        "sys.exit(main(['plot', 'lifetimes', '-o', 'lifetimes.png']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2
    root = Path(__file__).resolve().parents[1]  # a checkout: install from it, not from PyPI
    assert done.stderr == f"naseigraph: error: plots need matplotlib: pip install '{root}[plot]'\n"
    assert list(tmp_path.iterdir()) == []


def test_plot_from_the_command_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "naseigraph", "plot", "lifetimes", "-o", "life.svg"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "wrote life.svg\n"
    assert "Na3P protective layer from red" in texts(tmp_path / "life.svg")
