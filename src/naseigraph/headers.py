"""The `#+` header of a SPARQL file: YAML in comment lines that say what the query answers.

One reader for every folder of SPARQL files: queries/, the package's views/, ontology/qc/ and
ontology/clashes/. A header line starts with `#+ `; a plain `#` comment is SPARQL's own.
"""

from __future__ import annotations

from pathlib import Path

from naseigraph.graph import NaseigraphError


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
    import yaml

    text = path.read_text(encoding="utf-8")
    header, _ = split_header(text)
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise NaseigraphError(f"{path}: bad #+ header: {problem}") from None
    if not isinstance(meta, dict):
        raise NaseigraphError(f"{path}: the #+ header is not a mapping of keys to values")
    return meta, text
