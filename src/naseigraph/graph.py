"""What every module shares: the prefixes, the one error type, and where the ontology, data and
queries lie (in a wheel or in the checkout). Loading them is naseigraph.store's job."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, unquote

PREFIXES = {
    "nsg": "https://w3id.org/naseigraph/ontology#",
    "nsgr": "https://w3id.org/naseigraph/resource/",
    "nsgsh": "https://w3id.org/naseigraph/shapes#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "prov": "http://www.w3.org/ns/prov#",
    "bibo": "http://purl.org/ontology/bibo/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def prologue() -> str:
    """The project's prefixes as PREFIX lines, for a text that must declare them itself."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


class NaseigraphError(Exception):
    """A problem naseigraph reports to its user in one line (the CLI exits 2).

    The message names no command-line flag: `hint` says what to do about it in Python (it ends
    `str(error)`), `flag` what to do on the command line, where the CLI shows it instead.
    """

    def __init__(self, message: str, *, hint: str = "", flag: str = ""):
        super().__init__(message + hint)
        self.on_command_line = message + (flag or hint)


def resource_dir(name: str) -> Path:
    """The folder `ontology`, `data` or `queries`, in a wheel or in the checkout."""
    packaged = Path(__file__).parent / name  # a wheel carries them inside the package
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name  # checkout or editable install


def ontology_file() -> Path:
    return resource_dir("ontology") / "naseigraph.ttl"


def shapes_file() -> Path:
    return resource_dir("ontology") / "shapes.ttl"


def data_files() -> list[Path]:
    """The review's Turtle files (data/*.ttl): the default graph."""
    return sorted(resource_dir("data").glob("*.ttl"))


REVIEW_DOI = "10.20944/preprints202305.1544.v1"
DOI_IRI = "https://doi.org/"  # a source's named graph is its DOI as an IRI


def sources_dir() -> Path:
    """Where the curated sources lie, one Turtle file per source, named by its DOI
    percent-encoded (`naseigraph add --write` writes them): data/sources/, or the folder
    NASEIGRAPH_SOURCES names (a curator's working copy, a test's temporary folder)."""
    named = os.environ.get("NASEIGRAPH_SOURCES")
    return Path(named) if named else resource_dir("data") / "sources"


def source_files() -> dict[str, Path]:
    """Each curated source's DOI and its file, in DOI order (the review is not one of them:
    its files are data/*.ttl)."""
    found = {unquote(path.stem): path for path in sources_dir().glob("*.ttl") if path.is_file()}
    return dict(sorted(found.items()))


def source_file_name(doi: str) -> str:
    """The file name of a source: its DOI with every character but letters, digits and
    `._-~` percent-encoded, so that any DOI makes one flat, reversible name."""
    return quote(doi, safe="") + ".ttl"


def checked(paths: Iterable[Path | str] | Path | str) -> list[Path]:
    if isinstance(paths, str | Path):  # one file, not the characters of its name
        paths = [paths]
    try:
        paths = [Path(p) for p in paths]
    except TypeError:
        raise NaseigraphError(f"give Turtle files as paths, not {paths!r}") from None
    for path in paths:
        if path.is_dir():
            raise NaseigraphError(f"{path}: is a directory, not a Turtle file")
        if not path.is_file():
            raise NaseigraphError(f"{path}: no such file")
    return paths


def install_hint(extra: str) -> str:
    """How to install an extra: from PyPI for a wheel, from the checkout for a checkout."""
    if (Path(__file__).parent / "ontology").is_dir():
        return f"pip install 'naseigraph[{extra}]'"
    root = Path(__file__).resolve().parents[2]
    here = "." if Path.cwd().resolve() == root else str(root)
    return f"pip install '{here}[{extra}]'"


def syntax_error(path: Path, error: SyntaxError) -> NaseigraphError:
    where = f"{error.lineno}:" if error.lineno else ""
    reason = str(error.msg).split(": ", 1)[-1]
    if error.lineno == 1 and reason.startswith("\ufeff"):
        reason = "the file starts with a byte-order mark (U+FEFF); save it as UTF-8 without one"
    return NaseigraphError(f"{path}:{where} Turtle syntax error: {visible(reason)}")


def visible(text: str) -> str:
    """`text` with invisible characters (a BOM, a zero-width space, controls) as U+XXXX."""
    return "".join(c if c.isprintable() or c == " " else f"U+{ord(c):04X}" for c in text)
