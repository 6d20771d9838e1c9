"""The `#+` header of a SPARQL file: YAML in comment lines that say what the query answers.

One reader for every folder of SPARQL files: queries/, the package's views/, ontology/qc/ and
ontology/clashes/. A header line starts with `#+ `; a plain `#` comment is SPARQL's own.

A folder may hold `headers.json`, its headers already parsed (queries/ does: `python -m
naseigraph.headers queries` writes it, and a test keeps it current). Importing PyYAML costs a
canned query about 15 ms, as much as loading the whole graph; the index is used only where it
holds a header's exact text, so a stale or missing index costs time, never a wrong answer.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

from naseigraph.graph import NaseigraphError

INDEX = "headers.json"


def split_header(text: str) -> tuple[str, str]:
    """(the `#+` header as YAML text, the query without it) of a SPARQL file's text.

    >>> split_header("#+ title: Halides\\nSELECT * WHERE { ?s ?p ?o }")
    ('title: Halides', 'SELECT * WHERE { ?s ?p ?o }')
    """
    lines = text.splitlines()
    ours = [line.startswith("#+ ") or line == "#+" for line in lines]  # "#+x" is a comment
    header = "\n".join(line[3:] for line, mine in zip(lines, ours, strict=True) if mine)
    return header, "\n".join(line for line, mine in zip(lines, ours, strict=True) if not mine)


def read_header(path: Path) -> tuple[dict, str]:
    """(the header of the SPARQL file at `path` as a dict, the file's whole text)."""
    text = path.read_text(encoding="utf-8")
    header, _ = split_header(text)
    known = _index(path.parent).get(path.name)
    if known is not None and known["header"] == header:
        return known["meta"], text
    return parse_header(header, path), text


def parse_header(header: str, path: Path) -> dict:
    """The `#+` header text of the file at `path`, read as YAML into a dict."""
    import yaml

    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise NaseigraphError(f"{path}: bad #+ header: {problem}") from None
    if not isinstance(meta, dict):
        raise NaseigraphError(f"{path}: the #+ header is not a mapping of keys to values")
    return meta


@cache
def _index(folder: Path) -> dict:
    try:
        return json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def index(folder: Path) -> str:
    """The `headers.json` of a folder of SPARQL files, as text: each file's header, parsed."""
    entries = {}
    for path in sorted(folder.glob("*.rq")):
        header, _ = split_header(path.read_text(encoding="utf-8"))
        entries[path.name] = {"header": header, "meta": parse_header(header, path)}
    return json.dumps(entries, indent=1, ensure_ascii=False) + "\n"  # keys in written order


if __name__ == "__main__":  # python -m naseigraph.headers FOLDER: write FOLDER/headers.json
    from naseigraph.outputs import write_atomically

    for name in sys.argv[1:]:
        write_atomically(Path(name) / INDEX, index(Path(name)))
