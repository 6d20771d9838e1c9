"""Shared fixtures: the shipped graph, loaded once per test session."""

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
