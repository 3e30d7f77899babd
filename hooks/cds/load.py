"""Read a YAML data file into plain Python values, remembering where each value sits.

PyYAML's loaders are not enough for editors' files: they keep the last of two
duplicate keys without a word, turn `2023-02-30` into an exception and `2022-08-05`
into a `date`, and expand aliases into structures of any size. So the file is only
*composed* (libyaml's C parser, safe tags only) and the node tree is turned into
values here, with the line and column of every value kept for error messages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import DataError, Problem, field_path

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Scalars are converted with PyYAML's safe constructor, except timestamps: dates are
# kept as the text the editor wrote and checked later against the schema's patterns.
_SCALARS = yaml.constructor.SafeConstructor()
_STRING_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_KNOWN_SCALAR_TAGS = {
    _STRING_TAG,
    _TIMESTAMP_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass
class Document:
    """A data file read into values, with the position of every value and key."""

    path: str
    data: object
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def problem(self, path: tuple, message: str, *, at_key: bool = False) -> Problem:
        """A problem located at `path`, or at the nearest enclosing value we know."""
        table = self.key_positions if at_key and path in self.key_positions else self.positions
        probe = path
        while probe not in table and probe:
            probe = probe[:-1]
        line, column = table.get(probe, (0, 0))
        return Problem(self.path, line, column, field_path(path), message)


def read_document(path: Path, display_path: str) -> Document:
    """Read one YAML file; raise `DataError` listing what is wrong with it."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError([Problem(display_path, 0, 0, "", f"cannot be read: {error.strerror}.")])
    text = _decode(raw, display_path)
    _refuse_tabs(text, display_path)
    node = _compose(text, display_path)
    document = Document(display_path, None)
    document.data = _Builder(document).build(node, ())
    return document


def _decode(raw: bytes, display_path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataError(
            [
                Problem(
                    display_path,
                    line,
                    column,
                    "",
                    f"the file is not UTF-8 (byte 0x{raw[error.start]:02x} cannot be read). "
                    "Save it with the UTF-8 encoding.",
                )
            ]
        )
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise DataError([Problem(display_path, 0, 0, "", "the file is empty: it holds no data.")])
    return text


def _refuse_tabs(text: str, display_path: str) -> None:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Problem(
                    display_path,
                    number,
                    indent.index("\t") + 1,
                    "",
                    "a tab character is used for indentation; YAML needs spaces. "
                    "Replace the tab with spaces.",
                )
            )
    if problems:
        raise DataError(problems)


def _compose(text: str, display_path: str) -> yaml.Node:
    try:
        return yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = error.problem or "the file is not valid YAML"
        context = f" ({error.context})" if error.context else ""
        raise DataError(
            [
                Problem(
                    display_path,
                    line,
                    column,
                    "",
                    f"YAML syntax error: {what}{context}. Check indentation, colons and quotes "
                    "on this line and the one before it.",
                )
            ]
        )
    except yaml.YAMLError as error:
        raise DataError([Problem(display_path, 0, 0, "", f"YAML syntax error: {error}.")])


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, document: Document):
        self.document = document
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: tuple):
        value = self._value(node, path)
        if self.problems:
            raise DataError(self.problems)
        return value

    def _value(self, node: yaml.Node, path: tuple):
        self.document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        # The composer resolves an alias to the very node its anchor names, so meeting a
        # node twice means an alias: refusing it also defuses "billion laughs" files.
        if id(node) in self.seen:
            self._problem(path, "anchors and aliases (& and *) are not allowed in data files; "
                          "write the values out in full.")
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self._value(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: tuple) -> dict:
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(path, "merge keys (<<) are not allowed in data files; "
                              "write the values out in full.")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(path, "a key must be a plain name, not a list or mapping.")
                continue
            key = key_node.value
            key_path = (*path, key)
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in first_seen:
                self.problems.append(
                    Problem(
                        self.document.path,
                        line,
                        column,
                        field_path(key_path),
                        f"duplicate key `{key}`: it is already set on line {first_seen[key]}. "
                        "Keep one of the two.",
                    )
                )
                continue
            first_seen[key] = line
            self.document.key_positions[key_path] = (line, column)
            result[key] = self._value(value_node, key_path)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: tuple):
        if node.tag == _TIMESTAMP_TAG:
            return node.value
        if node.tag not in _KNOWN_SCALAR_TAGS:
            self._problem(path, f"the tag `{node.tag}` is not allowed; data files hold plain "
                          "text, numbers, lists and mappings only.")
            return None
        value = _SCALARS.construct_object(node)
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
            self.document.warnings.append(
                self.document.problem(
                    path,
                    "text was not in Unicode NFC (letters and accents stored apart, as some "
                    "keyboards do); it was normalised. Save the file as NFC to silence this.",
                )
            )
        return value

    def _problem(self, path: tuple, message: str) -> None:
        self.problems.append(self.document.problem(path, message))
