"""Reading YAML: the project's loader reads values as PyYAML's safe loader does, and refuses those
it reads otherwise than they seem to say (YAML 1.1 number forms), or that hold what no reader sees."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from conftest import PROJECT_DIR

from cds import load
from cds.problems import DataError

# Plain values whose type YAML 1.1 decides from their spelling, and lookalikes that stay text.
PLAIN_VALUES = """\
texts: [nghe-an, Nghệ An, "quoted 12", 'single 1.5', DTI, n/a, 09-NQ/TU, 202/2025/QH15]
numbers: [12, -3, +7, 0, 948.4, 1.0, 1e3, 1.5e-3, 0x1F, 0o17, 017, 1_000, 190:20:30, .5]
specials: [.inf, -.Inf, .nan, .NaN]
booleans: [true, false, yes, no, on, off, True, NO, y, n]
nulls: [null, ~, Null, ""]
dates: [2023, 2023-05, 2023-05-24, 2023-02-30, 2023-05-24T10:00:00Z, 2023-5-4]
nested: {vi: "một", en: two, list: [{a: 1}, [b, 2]]}
? plain key
: value
"""


def tags(node: yaml.Node) -> list:
    """Every node's kind, tag and value (for scalars), depth first."""
    if isinstance(node, yaml.ScalarNode):
        return [("scalar", node.tag, node.value)]
    if isinstance(node, yaml.SequenceNode):
        return [("sequence", node.tag)] + [tag for item in node.value for tag in tags(item)]
    return [("mapping", node.tag)] + [tag for key, value in node.value for tag in tags(key) + tags(value)]


def test_values_get_the_tags_the_safe_loader_gives():
    texts = [PLAIN_VALUES] + [path.read_text(encoding="utf-8") for path in sorted((PROJECT_DIR / "data").rglob("*.yml"))]
    for text in texts:
        expected = tags(yaml.compose(text, Loader=yaml.SafeLoader))
        assert tags(yaml.compose(text, Loader=load._Loader)) == expected
        assert tags(yaml.compose(text, Loader=load._Loader)) == expected  # and again, from the cache
    kinds = {tag for kind, tag, *value in tags(yaml.compose(PLAIN_VALUES, Loader=load._Loader))}
    assert {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"} <= kinds


# --- Values refused while reading ---------------------------------------------------------------
#
# The refusals happen after composing, so the tags above stay those of the safe loader:
# `010` is still tagged an int (8); the loader then refuses it instead of using 8.


def read(tmp_path, text: str) -> load.Document:
    path = tmp_path / "values.yml"
    path.write_text(text, encoding="utf-8")
    return load.read_document(path, "data/values.yml")


# Written plainly, YAML 1.1 reads each as a number other than the one it seems to say.
CHANGED_NUMBERS = {
    "010": 8, "-010": -8, "00": 0, "0_1": 1, "0x1F": 31, "-0x1F": -31, "0b111111": 63, "3:20": 200,
    "1:20:30": 4830, "1:20.5": 80.5, "1_000": 1000, "1__0": 10, "1_000.5": 1000.5,
}
# Numbers read as written, and texts: these must pass as they always have.
ORDINARY_VALUES = ["12", "-3", "+7", "0", "-0", "948.4", "1.0", "1.0e+3", "1.5e-3", ".5", "12.", "0.5", "010.5",
                   "66.60", "1e3", "0o17", "08", "nghe-an", "09-NQ/TU", "202/2025/QH15", "2023-05-24", "Nghệ An", "n/a"]


@pytest.mark.parametrize("written", sorted(CHANGED_NUMBERS))
def test_number_forms_yaml_reads_otherwise_are_refused(tmp_path, written):
    assert yaml.safe_load(f"x: {written}")["x"] == CHANGED_NUMBERS[written]  # what YAML 1.1 makes of it
    document = read(tmp_path, f"x: {written}\n")
    assert document.data == {"x": None}  # left out, not used as the number YAML read
    [problem] = document.problems
    assert (problem.line, problem.column, problem.field) == (1, 4, "x")
    assert problem.message.startswith(f"`{written}` would be read as the number {CHANGED_NUMBERS[written]} (YAML ")
    assert f'"{written}" in double quotes' in problem.message


def test_ordinary_numbers_and_texts_are_read_as_the_safe_loader_reads_them(tmp_path):
    text = "".join(f"v{index}: {value}\n" for index, value in enumerate(ORDINARY_VALUES))
    document = read(tmp_path, text)
    assert document.problems == []
    expected = yaml.safe_load(text)
    expected[f"v{ORDINARY_VALUES.index('2023-05-24')}"] = "2023-05-24"  # dates are kept as written (see the module's docstring)
    assert document.data == expected


def test_a_number_of_thousands_of_digits_is_refused_without_echoing_it(tmp_path):
    digits = "1234567890" * 500
    [problem] = read(tmp_path, f"x: {digits}\n").problems
    assert problem.message.startswith("this number is 5,000 digits long (`12345678901234567890…`); a number may have at most 20 digits.")
    assert len(problem.message) < 300 and "!!int" not in problem.message


# Characters no reader sees: the C0 and C1 controls but the line break, and Unicode's format
# characters, line and paragraph separators and surrogates.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def test_the_list_of_invisible_characters_is_complete():
    from cds import values

    matched = {code for code in range(0x110000) if values._INVISIBLE.match(chr(code))}
    invisible = {code for code in range(0x110000) if unicodedata.category(chr(code)) in INVISIBLE_CATEGORIES} - {0x0A}
    assert invisible <= matched
    # Beyond them, only characters this Python's Unicode database does not know yet (format
    # characters of later versions, such as U+13439 in Unicode 15).
    assert {unicodedata.category(chr(code)) for code in matched - invisible} <= {"Cn"}


@pytest.mark.parametrize(
    "written, message",
    [
        (r'"try\a out"', 'the text holds an invisible control character (U+0007) after "try"; delete it (inside double quotes, a backslash escape such as \\a, \\e, \\0 or \\x07 writes one).'),
        (r'"\e[31mred"', "the text holds an invisible control character (U+001B) at its start; delete it (inside double quotes, a backslash escape such as \\a, \\e, \\0 or \\x07 writes one)."),
        (r'"a\u202eb"', 'the text holds a bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE) after "a", which can show the text in another order than it is written; delete it (such characters come with text pasted from web pages, PDFs or word processors).'),
        ('"a\u2066b\u2069"', 'the text holds a bidirectional control character (U+2066 LEFT-TO-RIGHT ISOLATE) after "a" (2 such characters in this text), which can show the text in another order than it is written; delete it (such characters come with text pasted from web pages, PDFs or word processors).'),
        ('"pc\u200bi"', 'the text holds an invisible character (U+200B ZERO WIDTH SPACE) after "pc"; delete it (such characters come with text pasted from web pages, PDFs or word processors).'),
        (r'"a\tb"', 'the text holds a tab character after "a"; replace it with a space.'),
        ('"   "', 'expected a text; found only spaces ("   "). Write the text.'),
        ('"\u00a0"', 'expected a text; found only spaces ("\u00a0"). Write the text.'),
        (r'"\u200b\u2060"', 'expected a text; found only invisible characters ("\u200b\u2060"). Write the text.'),
        ('" \u200b "', 'expected a text; found only spaces and invisible characters (" \u200b "). Write the text.'),
        ('"Đà Nẵng "', 'the text ends with a space ("Đà Nẵng "); delete it: texts are compared and shown exactly as written.'),
        ('" da-nang"', 'the text starts with a space (" da-nang"); delete it: texts are compared and shown exactly as written.'),
        (r'"da-nang\n"', 'the text ends with a line break ("da-nang\n"); delete it: texts are compared and shown exactly as written.'),
    ],
)
def test_invisible_characters_and_stray_spaces_are_refused(tmp_path, written, message):
    document = read(tmp_path, f"x: {written}\n")
    assert document.data == {"x": None}
    assert [(problem.line, problem.column, problem.message) for problem in document.problems] == [(1, 4, message)]


def test_texts_with_visible_spacing_are_accepted(tmp_path):
    text = (
        'inside: "75\u00a0% of communes"\n'  # a non-breaking space between words
        "block: |\n  two lines,\n  kept apart\n"  # a block's last line break is YAML's: dropped
        "folded: >\n  one line\n  folded\n"
        'plain: "Nghệ An"\n'
    )
    document = read(tmp_path, text)
    assert document.problems == []
    assert document.data == {"inside": "75\u00a0% of communes", "block": "two lines,\nkept apart", "folded": "one line folded", "plain": "Nghệ An"}


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.yml"
    with path.open("wb") as file:
        file.truncate(20 * 1024 * 1024)  # sparse: 20 MB long, nothing written
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(DataError) as raised:
        load.read_document(path, "data/provinces/big.yml")
    assert [str(problem) for problem in raised.value.problems] == [
        "data/provinces/big.yml: the file is 20,971,520 bytes long; a data file may be at most 1,000,000 bytes (1 MB), "
        "far more than any real one needs. Check for text pasted into it by mistake."
    ]


def test_a_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "full.yml"
    head = "x: 1\n# "
    path.write_text(head + "-" * (load.MAX_FILE_BYTES - len(head) - 1) + "\n", encoding="utf-8")
    assert path.stat().st_size == load.MAX_FILE_BYTES
    assert load.read_document(path, "data/full.yml").data == {"x": 1}
