"""Read a YAML data file into plain Python values, remembering where each value sits.

PyYAML's loaders are not enough for editors' files: they keep the last of two
duplicate keys without a word, turn `2023-02-30` into an exception and `2022-08-05`
into a `date`, and expand aliases into structures of any size. So the file is only
*composed* (libyaml's C parser, safe tags only) and the node tree is turned into
values here, with the line and column of every value kept for error messages (or,
for a file expected to be valid, not kept: see `read_document`).

Two kinds of problem are told apart. A file that cannot be read at all (over 1 MB,
not UTF-8, empty, tabs, a YAML syntax error) raises `DataError` at once. A file that can be read
but holds something refused (a duplicate key, an alias, a tag, a number YAML 1.1 reads
otherwise than it seems to say, a text with invisible characters: see values.py) is still
turned into values, with the refused parts left out, and carries its problems in
`Document.problems`, so that the schema checks can run on the rest and the editor
sees every problem of the file in one run.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .problems import DataError, Problem, field_label, field_path
from .values import construct, number_problem, text_problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Scalars are converted with PyYAML's safe constructors, except timestamps: dates are
# kept as the text the editor wrote and checked later against the schema's patterns.
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
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_MAPPING_TAG = "tag:yaml.org,2002:map"
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_YAML_1_1_TAGS = yaml.resolver.Resolver()  # the safe loaders' implicit tags (YAML 1.1)


@lru_cache(maxsize=8192)
def _plain_tag(value: str) -> str:
    return _YAML_1_1_TAGS.resolve(yaml.ScalarNode, value, (True, False))


class _Loader(Loader):
    """The safe loader, answering libyaml's question "what is this value's tag?" faster.

    libyaml composes in C but asks Python for the tag of every value: a fifth of the time
    spent reading a file. The answer depends only on the value's kind, its text and
    whether it is written plain: fixed for quoted text, lists and mappings; for plain
    values (keys, numbers, dates, ids), which repeat from file to file, cached. The safe
    loaders have no path resolvers, so the calls that would keep track of them are skipped."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return _plain_tag(value) if implicit[0] else _STRING_TAG
        return _MAPPING_TAG if kind is yaml.MappingNode else _SEQUENCE_TAG

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


# Deeper than any data file needs; a guard against files built to exhaust the stack.
MAX_DEPTH = 40
_TOO_DEEP = f"lists or mappings are nested more than {MAX_DEPTH} deep; data files are never that deep."

# libyaml's words for the usual slips, and what an editor should look at instead.
_SYNTAX_HINTS = {
    "mapping values are not allowed in this context": (
        "a colon `:` where YAML does not expect one. A text that contains `: ` must be put in "
        'double quotes ("..."); otherwise check that this line is indented like the lines around it'
    ),
    "did not find expected key": (
        "this line is not indented like the lines around it: the keys of one mapping must start "
        "in the same column"
    ),
    "did not find expected '-' indicator": (
        "this line is not indented like the lines around it: a list item (`- `) in the same column "
        "as the items before it, or a key in the same column as the key that holds the list, is expected here"
    ),
    "could not find expected ':'": "a line that should read `key: value` has no colon after its key",
    "found unexpected end of stream": "a quote or bracket is opened and never closed",
    "did not find expected ',' or '}'": (
        "inside `{...}`, a text containing `:` or `,` must be put in double quotes (\"...\"); "
        "otherwise a `}` is missing"
    ),
    "did not find expected ',' or ']'": (
        "inside `[...]`, a text containing `,` or `:` must be put in double quotes (\"...\"); "
        "otherwise a `]` is missing"
    ),
    "did not find expected node content": "a value is missing, or a bracket is opened and never closed",
    "found character that cannot start any token": (
        "a character that cannot start a value, such as `@`, a backquote or a tab; put the text in double quotes"
    ),
    "found undefined alias": "anchors and aliases (& and *) are not allowed in data files; write the values out in full",
    "but found another document": (
        "the file holds more than one YAML document (a second `---` line); keep one document per file"
    ),
    "found unexpected document indicator": (
        "a line `---` or `...` inside a quoted text: a quote before it is probably not closed"
    ),
    "did not find expected <document start>": (
        "a line at the left margin that is not a `key: value`: indent it if it continues the text above, "
        "or add the missing `key:`"
    ),
    "block sequence entries are not allowed in this context": (
        "a list item (`- `) where a value was expected: start the list on the next line, indented under its key"
    ),
    "mapping keys are not allowed in this context": "a `? ` that YAML reads as a complex key; put the text in double quotes",
    "found a tab character that violates indentation": "a tab character in the indentation; YAML needs spaces",
    "found unexpected ':'": "a colon inside a text; put the text in double quotes",
    "did not find expected hexdecimal number": (
        "an incomplete `\\x` or `\\u` escape inside double quotes; write `\\\\` for a backslash, or use single quotes"
    ),
    "could not find expected directive name": "a line starting with `%`, which YAML reserves; put the text in double quotes",
    "found invalid Unicode character escape code": (
        "a `\\u` escape inside double quotes names no character (such as `\\ud800`, half of one); "
        "write the character itself instead"
    ),
    "found unknown escape character": (
        "a backslash `\\` inside double quotes starts an unknown escape; write `\\\\` for a backslash, "
        "or use single quotes"
    ),
}


@dataclass
class Document:
    """A data file read into values, with the position of every value and key."""

    path: str
    data: object
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    # Parts of the file that were read but refused; the values they held are left out.
    problems: list[Problem] = field(default_factory=list)
    # Kept with positions only, for the messages that depend on how a value was written:
    # the paths of texts written without quotes, and the spelling of each true, false or
    # empty value (`No`, `~`).
    plain_texts: set[tuple] = field(default_factory=set)
    spellings: dict[tuple, str] = field(default_factory=dict)

    def problem(self, path: tuple, message: str, *, at_key: bool = False) -> Problem:
        """A problem located at `path`, or at the nearest enclosing value we know."""
        table = self.key_positions if at_key and path in self.key_positions else self.positions
        probe = path
        while probe not in table and probe:
            probe = probe[:-1]
        line, column = table.get(probe, (0, 0))
        return Problem(self.path, line, column, field_path(path), message, self.label(path, line))

    def label(self, path: tuple, line: int = 0) -> str:
        """The field as editors read it, with the line its outermost list item starts on
        when that is not the problem's own line (`figure 4 (line 36), value`)."""
        first_index = next((index for index, part in enumerate(path) if isinstance(part, int)), None)
        item_line = self.positions.get(path[: first_index + 1], (0, 0))[0] if first_index is not None else 0
        return field_label(path, item_line if item_line != line else 0)


def read_document(path: Path, display_path: str, *, positions: bool = True) -> Document:
    """Read one YAML file; raise `DataError` if it cannot be read at all.

    Problems with parts of a readable file are in the returned `Document.problems`.
    Without `positions`, the line and column of each value are not kept (faster, and
    much smaller): for a file expected to be valid, read again with them if it is not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError([Problem(display_path, 0, 0, "", _too_large_file(size))])
        raw = path.read_bytes()
    except OSError as error:
        raise DataError([Problem(display_path, 0, 0, "", f"cannot be read: {error.strerror}.")])
    text = _decode(raw, display_path)
    _refuse_tabs(text, display_path)
    node, first_alias = _compose(text, display_path)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value):
        raise DataError([Problem(display_path, 0, 0, "", "the file is empty: it holds no data, only blank lines or comments.")])
    document = Document(display_path, None)
    builder = _Builder(document, first_alias, positions)
    document.data = builder.build(node, ())
    document.problems = builder.problems
    return document


# Thirty times the largest data file today: room for every province and source to come,
# and a stop for a file that is not data (a pasted book, a log) before it is read.
MAX_FILE_BYTES = 1_000_000


def _too_large_file(size: int) -> str:
    return (
        f"the file is {size:,} bytes long; a data file may be at most {MAX_FILE_BYTES:,} bytes (1 MB), "
        "far more than any real one needs. Check for text pasted into it by mistake."
    )


def _decode(raw: bytes, display_path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, error.start) + 1 : error.start].decode("utf-8", "replace")) + 1
        raise DataError(
            [
                Problem(
                    display_path,
                    line,
                    column,
                    "",
                    f"the file is not UTF-8: byte 0x{raw[error.start]:02x} here is not UTF-8 text "
                    "(the file was probably saved as Windows-1258, Latin-1 or UTF-16). "
                    "Save it again with the UTF-8 encoding.",
                )
            ]
        )
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise DataError([Problem(display_path, 0, 0, "", "the file is empty: it holds no data, only blank lines or comments.")])
    return text


def _refuse_tabs(text: str, display_path: str) -> None:
    if "\t" not in text:
        return
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


def _compose(text: str, display_path: str) -> tuple[yaml.Node | None, tuple[int, int] | None]:
    """The node tree, and the position of the first alias in the file (if any)."""
    try:
        first_alias = _scan_events(text, display_path) if _needs_scan(text) else None
        return yaml.compose(text, Loader=_Loader), first_alias
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 1)
        problem = (error.problem or "").strip()
        unclosed = _unclosed_quote(text, line)
        if unclosed:
            raise DataError(
                [Problem(display_path, *unclosed, "", "YAML syntax error: this double quote is never closed; add the closing `\"` at the end of the text.")]
            )
        hint = next((words for known, words in _SYNTAX_HINTS.items() if problem.startswith(known)), None)
        if hint is None:
            context = f" ({error.context})" if error.context else ""
            hint = f"{problem or 'the file is not valid YAML'}{context}. Check indentation, colons and quotes on this line and the one before it"
        raise DataError([Problem(display_path, line, column, "", f"YAML syntax error: {hint}.")])
    except yaml.reader.ReaderError as error:
        line, column = _byte_position(text, error.position)
        character = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
        raise DataError(
            [
                Problem(
                    display_path,
                    line,
                    column,
                    "",
                    f"the file holds an invisible control character (U+{character:04X}) that YAML does not "
                    "accept; delete it (it often comes with text pasted from a PDF or a web page).",
                )
            ]
        )
    except RecursionError:
        raise DataError([Problem(display_path, 0, 0, "", _TOO_DEEP)])
    except yaml.YAMLError as error:
        raise DataError([Problem(display_path, 0, 0, "", f"YAML syntax error: {error}.")])


def _unclosed_quote(text: str, error_line: int) -> tuple[int, int] | None:
    """The line and column of a double quote opened and not closed on its line, before
    the line where YAML noticed the error (an unclosed quote runs on to the next one)."""
    lines = text.splitlines()
    for number in range(min(error_line, len(lines)) - 1, 0, -1):
        line = lines[number - 1]
        if line.lstrip().startswith("#"):
            continue
        quotes = [m.start() for m in re.finditer(r'(?<!\\)"', line)]
        if len(quotes) % 2 == 1 and re.match(r'^\s*(-\s+)?[^"#]*[:\[{,-]\s*"', line[: quotes[0] + 1] if quotes else ""):
            return number, quotes[0] + 1
    return None


# libyaml's composer crashes somewhere past 30,000 levels of nesting (measured: 20,000
# compose, 50,000 crash). Every level needs at least one `[`, `{`, `-`, `?` or line break,
# so their count bounds the depth: below this, a file cannot nest dangerously deep.
SAFE_STRUCTURE_COUNT = 5000


def _needs_scan(text: str) -> bool:
    """Whether the file must be looked at event by event before it is composed: it may
    hold an alias (to locate it), or be nested deep enough to crash the composer. Most
    files need not, which spares them a second parse."""
    if "*" in text:
        return True
    structure = text.count("[") + text.count("{") + text.count("-") + text.count("?") + text.count("\n")
    return structure >= SAFE_STRUCTURE_COUNT


def _scan_events(text: str, display_path: str) -> tuple[int, int] | None:
    """Where the first alias (`*name`) is, if any.

    libyaml composes nodes recursively in C: a file nested thousands deep would crash
    Python itself. The parser is not recursive, so its events are looked at first."""
    depth, first_alias = 0, None
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent) and first_alias is None:
            first_alias = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise DataError([Problem(display_path, mark.line + 1, mark.column + 1, "", _TOO_DEEP)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return first_alias


def _byte_position(text: str, position: int) -> tuple[int, int]:
    """libyaml's C reader counts bytes of UTF-8; the Python reader counts characters."""
    raw = text.encode("utf-8")
    if Loader is not yaml.SafeLoader and 0 <= position <= len(raw):
        before = raw[:position].decode("utf-8", "replace")
    else:
        before = text[:position]
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions if asked."""

    def __init__(self, document: Document, first_alias: tuple[int, int] | None = None, positions: bool = True):
        self.document = document
        self.first_alias = first_alias
        self.positions = positions
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.aliases: list[tuple] = []  # paths where an alias was met
        self.unnormalised: list[tuple] = []  # paths of texts that were not NFC

    def build(self, node: yaml.Node, path: tuple):
        value = self._value(node, path, 0)
        if self.aliases:
            count = len(self.aliases)
            more = f" This file uses {count} aliases; the first is here." if count > 1 else ""
            message = "anchors and aliases (& and *) are not allowed in data files; write the values out in full." + more
            if self.first_alias:
                line = self.first_alias[0]
                self.problems.append(
                    Problem(self.document.path, *self.first_alias, field_path(self.aliases[0]), message, self.document.label(self.aliases[0], line))
                )
            else:
                self._problem(self.aliases[0], message)
        if self.unnormalised:
            count = len(self.unnormalised)
            more = f" ({count} texts in this file; the first is here)" if count > 1 else ""
            self.document.warnings.append(
                self.document.problem(
                    self.unnormalised[0],
                    "text is not in Unicode NFC: letters and their accents are stored apart, as some "
                    f"keyboards do{more}. It was normalised for this build; to fix the file, run "
                    f"`python tools/normalize_unicode.py {self.document.path}`.",
                )
            )
        return value

    def _value(self, node: yaml.Node, path: tuple, depth: int):
        if self.positions:
            self.document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        # The composer resolves an alias to the very node its anchor names, so meeting a
        # node twice means an alias: refusing it also defuses "billion laughs" files.
        if id(node) in self.seen:
            self.aliases.append(path)
            return None
        self.seen.add(id(node))
        if depth >= MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            # The same verdict as _scan_events gives a file too deep to compose safely.
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            raise DataError([Problem(self.document.path, line, column, "", _TOO_DEEP)])
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAPPING_TAG:
                return self._refuse_tag(node, path)
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQUENCE_TAG:
                return self._refuse_tag(node, path)
            return [self._value(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(path, "merge keys (<<) are not allowed in data files; "
                              "write the values out in full.")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or id(key_node) in self.seen:
                where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self.problems.append(
                    Problem(self.document.path, *where, field_path(path),
                            "a key must be a plain name, not a list, a mapping or an alias.", self.document.label(path, where[0]))
                )
                continue
            self.seen.add(id(key_node))
            if key_node.tag not in _KNOWN_SCALAR_TAGS:
                self._refuse_tag(key_node, path)
                continue
            # Interned: the same few dozen keys repeat in every file, and a thousand files
            # would otherwise keep a copy of each per occurrence.
            key = sys.intern(unicodedata.normalize("NFC", key_node.value))
            key_path = (*path, key)
            if key in first_seen:
                self.problems.append(
                    Problem(
                        self.document.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        field_path(key_path),
                        f"duplicate key `{key}`: it is already set on line {first_seen[key].start_mark.line + 1}. "
                        "Keep one of the two.",
                        self.document.label(key_path, key_node.start_mark.line + 1),
                    )
                )
                continue
            first_seen[key] = key_node
            if self.positions:
                self.document.key_positions[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self._value(value_node, key_path, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: tuple):
        if node.tag == _STRING_TAG:
            # Most values are text, which is the node's own value: no constructor needed.
            value = node.value
            if not node.style:  # plain: None from PyYAML's parser, "" from libyaml's
                if self.positions:
                    self.document.plain_texts.add(path)
            elif node.style in "|>" and value.endswith("\n"):
                value = value[:-1]  # the line break that ends a block of text is YAML's, not the editor's
            problem = text_problem(value)
            if problem:
                self._problem(path, problem)
                return None
            if not value.isascii() and not unicodedata.is_normalized("NFC", value):
                value = unicodedata.normalize("NFC", value)
                self.unnormalised.append(path)
            return value
        if node.tag == _TIMESTAMP_TAG:
            return node.value
        if node.tag not in _KNOWN_SCALAR_TAGS:
            return self._refuse_tag(node, path)
        if node.tag in _NUMBER_TAGS:
            problem = number_problem(node.value, node.tag)
            if problem:
                self._problem(path, problem)
                return None
        elif self.positions and node.value:
            self.document.spellings[path] = node.value
        try:
            value = construct(node)
        except (ValueError, KeyError, TypeError, OverflowError, yaml.YAMLError):
            self._problem(path, f"`{node.value}` cannot be read as {_tag_name(node.tag)}; remove the tag and write the value plainly.")
            return None
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
            self.unnormalised.append(path)
        return value

    def _refuse_tag(self, node: yaml.Node, path: tuple) -> None:
        self._problem(path, f"the tag `{_tag_name(node.tag)}` is not allowed; data files hold plain "
                      "text, numbers, lists and mappings only. Remove the tag.")
        return None

    def _problem(self, path: tuple, message: str) -> None:
        self.problems.append(self.document.problem(path, message))
