"""The README tells the truth: its commands run and print what it shows."""

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def sessions():
    """Each `$ naseigraph ...` command of a console block, with the output shown under it."""
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        yield from re.findall(r"^\$ (.+)\n((?:(?!\$ ).*\n)*)", block, re.MULTILINE)


@pytest.mark.parametrize("command, output", list(sessions()), ids=lambda x: str(x)[:40])
def test_console_output_is_real(command, output):
    args = shlex.split(command)
    assert args[0] == "naseigraph"
    done = subprocess.run(
        [sys.executable, "-m", "naseigraph", *args[1:]],
        capture_output=True,
        text=True,
        env={"PATH": ""},  # not a terminal: tables are 80 wide
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == output
    assert max(map(len, output.splitlines()), default=0) <= 80


def test_the_two_commands_are_what_ci_runs():
    main, tests = re.findall(r"```\n(pip install .+)\n```", README)[:2]
    ci = (ROOT / ".ci" / "run").read_text()
    assert tests in ci.splitlines()
    assert main.split("&& ")[1] in ci


def test_python_example_runs():
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False)
    assert result.attempted >= 3 and result.failed == 0


def test_speed_figures_are_quoted_from_the_benchmark_results():
    # The README's table of targets is copied from bench/RESULTS.md, row for row, so a figure
    # in the README is one a rerun of `python bench/run.py` wrote.
    section = README.split("## Speed and size", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    results = (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8").splitlines()
    assert len(rows) >= 7
    assert [row for row in rows if row not in results] == []


def test_the_screenshots_are_there_and_the_browser_test_takes_each():
    shown = re.findall(r"!\[[^\]]*\]\((tests/screenshots/[^)]+\.png)\)", README)
    assert len(shown) >= 8
    taken = (ROOT / "tests" / "test_workbench_browser.py").read_text(encoding="utf-8")
    for path in shown:
        assert (ROOT / path).is_file(), path
        assert f'"{Path(path).name}"' in taken, path  # a picture the test run takes


def layout_section() -> str:
    return README.split("## Layout", 1)[1].split("\n## ", 1)[0]


def test_the_layout_names_every_module_and_no_other():
    package = ROOT / "src" / "naseigraph"
    modules = {p.name for p in package.glob("*.py")}
    named = set(re.findall(r"\b([a-z_]+\.py)\b", layout_section())) - {"rdflib_oracle.py"}
    assert named == modules


def test_data_readme_names_the_data_files_that_exist():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b([a-z0-9-]+\.ttl)\b", text))
    assert named == {p.name for p in (ROOT / "data").glob("*.ttl")}
