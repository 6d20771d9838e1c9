"""The curation template: the empty template a curator fills in (`naseigraph template`), read
back with the line of every field, and checked against its schema (ontology/template.schema.yaml,
JSON Schema, by the `jsonschema` package). Turning it into RDF is naseigraph.conversion's job."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

from naseigraph.graph import NaseigraphError, install_hint, resource_dir

Path_ = tuple  # a field's place: keys and list positions from the top, ("systems", 0, "key")


def schema_file() -> Path:
    return resource_dir("ontology") / "template.schema.yaml"


def template_file() -> Path:
    return resource_dir("ontology") / "template.yaml"


@cache
def schema() -> dict:
    import yaml

    return yaml.safe_load(schema_file().read_text(encoding="utf-8"))


class Problem(NamedTuple):
    """One thing wrong in a template: where (file, line, field) and what to write instead."""

    file: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class Template(NamedTuple):
    """A template's content and the line each field starts on."""

    file: Path
    data: dict
    lines: dict

    def problem(self, place: Path_, message: str) -> Problem:
        """A Problem at `place`, on the line of the nearest field that has one."""
        for end in range(len(place), -1, -1):
            if place[:end] in self.lines:
                return Problem(self.file, self.lines[place[:end]], field_name(place), message)
        return Problem(self.file, 1, field_name(place), message)


def field_name(place: Path_) -> str:
    """`systems[0].treatment.method` for ("systems", 0, "treatment", "method")."""
    text = ""
    for part in place:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def read_template(file: Path | str) -> Template:
    """The template in `file`, with the line of every field; a file that is not YAML, or not a
    mapping, raises one line with its place (the CLI exits 2)."""
    try:
        import yaml
    except ImportError:  # pragma: no cover - pyyaml is a dependency
        raise NaseigraphError("reading a template needs PyYAML") from None
    file = Path(file)
    if not file.is_file():
        raise NaseigraphError(f"{file}: no such file")
    text = file.read_text(encoding="utf-8")
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"{mark.line + 1}:" if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        raise NaseigraphError(f"{file}:{line} not valid YAML: {reason}") from None
    if not isinstance(data, dict):
        raise NaseigraphError(f"{file}:1: a template is a YAML mapping (source:, systems: ...)")
    lines: dict = {}
    duplicates: list[Problem] = []
    _walk(node, (), lines, duplicates, file)
    if duplicates:
        raise NaseigraphError(str(duplicates[0]))
    return Template(file, data, lines)


def _walk(node, place: Path_, lines: dict, duplicates: list, file: Path) -> None:
    import yaml

    lines.setdefault(place, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            name = key.value
            if name in seen:
                line = key.start_mark.line + 1
                duplicates.append(Problem(file, line, field_name((*place, name)), "given twice"))
            seen.add(name)
            lines[(*place, name)] = key.start_mark.line + 1
            _walk(value, (*place, name), lines, duplicates, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*place, index), lines, duplicates, file)


def check_schema(template: Template) -> list[Problem]:
    """What in `template` its schema does not allow, in file order, each said as what to write."""
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        raise NaseigraphError(
            "checking a template needs jsonschema", hint=f": {install_hint('curate')}"
        ) from None
    validator = Draft202012Validator(schema())
    problems = [
        template.problem(_place(error), _message(error))
        for error in validator.iter_errors(template.data)
    ]
    return sorted(problems, key=lambda p: (p.line, p.field))


def _place(error) -> Path_:
    """Where the error is: an unexpected field's own line, else the value's."""
    place = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            return (*place, extra[0])
    return place


def _message(error) -> str:
    """jsonschema's message, said as what to write instead where a curator would trip."""
    if error.validator == "type" and error.validator_value == "string":
        return f'{error.instance!r} is not text: write it in quotes ("{error.instance}")'
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return f"{error.message}; the fields here are: {', '.join(allowed)}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing: add it")
    if error.validator == "oneOf" and error.schema.get("oneOf"):
        return f"{error.instance!r} is neither a sentence's ordinal (5) nor {{n: 5, quote: ...}}"
    return error.message


def write_template(path: Path | str) -> Path:
    """Write the empty, commented template (with its worked example) to `path`, atomically."""
    from naseigraph.outputs import check_output, write_atomically

    target = check_output(Path(path))
    write_atomically(target, template_file().read_text(encoding="utf-8"))
    return target
