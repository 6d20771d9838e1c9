"""Shared fixtures: the shipped graph, loaded once per test session, and the command line."""

import subprocess
import sys
from pathlib import Path

import pytest

from naseigraph.graph import load, load_store, resource_dir

FIXTURES = Path(__file__).parent / "fixtures"
# What a fixture may point at without defining it: the review, its parts, references, substances.
CONTEXT = [resource_dir("data") / f for f in ("review.ttl", "references.ttl", "substances.ttl")]


@pytest.fixture(scope="session")
def graph():
    return load()


@pytest.fixture(scope="session")
def store():
    return load_store()


def naseigraph(*args, cwd=None, path="", timeout=None):
    """Run `python -m naseigraph ARGS` as a user would; PATH is empty unless a test needs a tool."""
    return subprocess.run(
        [sys.executable, "-m", "naseigraph", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"COLUMNS": "100", "PATH": path},
        timeout=timeout,
    )


def one_line_exit_2(done, message):
    """A refusal as the README promises it: exit 2, one line naming the problem, no traceback."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
