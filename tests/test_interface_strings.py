"""The interface strings and the names the site fills into them.

schema/interface.schema.json lists every string the site shows and, for each, the
placeholders it fills in (`validate.interface_placeholders`, the one list). The build
holds data/interface.yml to that list; these tests hold the templates and hooks to it:
every call of `t(...)`, found by parsing them (Jinja2's AST for the templates, Python's
for the hooks), shows a listed string and passes exactly its placeholders, and every
listed string is shown somewhere.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest
import yaml
from jinja2 import nodes

from conftest import PROJECT_DIR

from cds import validate
from cds.dataset import interface_strings
from cds.formatting import Formatter, Number, plural_categories
from cds.load import read_document
from cds.model import CountedText, Text

SCHEMA_DIR = PROJECT_DIR / "schema"
DECLARED = validate.interface_placeholders(str(SCHEMA_DIR))
COUNTS = validate.interface_counts(str(SCHEMA_DIR))
# A part of a string's name computed at render time, such as the status in "status_" ~ status.
COMPUTED = "[a-z0-9_]+"


@dataclass(frozen=True)
class Call:
    """One call of `t` in a template or a hook."""

    where: str  # file:line
    names: tuple[str, ...]  # the strings it may show, when they are written out
    pattern: str  # a regular expression for a name put together at render time ("" if written out)
    keywords: frozenset[str]  # the placeholders it passes
    spread: bool  # passes `**values`, whose names cannot be read

    def shows(self, name: str) -> bool:
        return name in self.names or bool(self.pattern and re.fullmatch(self.pattern, name))


def template_calls(root: Path = PROJECT_DIR) -> list[Call]:
    """Every `f.t(...)` / `cds.f.t(...)` in overrides/ (not Material's own `lang.t`)."""
    environment = jinja2.Environment()
    calls = []
    for path in sorted((root / "overrides").rglob("*.html")):
        tree = environment.parse(path.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            function = call.node
            if not isinstance(function, nodes.Getattr) or function.attr != "t":
                continue
            if isinstance(function.node, nodes.Name) and function.node.name == "lang":
                continue
            key = call.args[0] if call.args else None
            names, pattern = (), ""
            if isinstance(key, nodes.Const):
                names = (key.value,)
            elif isinstance(key, nodes.Concat):
                pattern = "".join(re.escape(part.value) if isinstance(part, nodes.Const) else COMPUTED for part in key.nodes)
            calls.append(
                Call(
                    f"{path.relative_to(root)}:{call.lineno}",
                    names,
                    pattern,
                    frozenset(keyword.key for keyword in call.kwargs),
                    call.dyn_kwargs is not None,
                )
            )
    return calls


def _assigned_names(function: ast.AST, variable: str) -> tuple[str, ...]:
    """The string names a variable of `function` is given, as in `key = "rank_up" if up else "rank_down"`."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets):
            found += [c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return tuple(found)


def hook_calls(root: Path = PROJECT_DIR) -> list[Call]:
    """Every `….t(...)` and `t(...)` (an alias of `Formatter.t`) in hooks/, and every string
    read as it is, `….strings["name"]`, which fills in nothing."""
    calls = {}  # (file, line, column) → call: a call in a nested function is seen twice
    for path in sorted((root / "hooks").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        in_t = {id(node) for function in functions if function.name == "t" for node in ast.walk(function)}
        for read in ast.walk(tree):
            if isinstance(read, ast.Subscript) and isinstance(read.value, ast.Attribute) and read.value.attr == "strings":
                if id(read) in in_t:
                    continue  # Formatter.t itself
                key = read.slice
                names = (key.value,) if isinstance(key, ast.Constant) and isinstance(key.value, str) else ()
                calls[path, read.lineno, read.col_offset] = Call(f"{path.relative_to(root)}:{read.lineno}", names, "", frozenset(), False)
        # Outer functions first: a call inside a nested function is resolved in the innermost.
        for function in [tree, *functions]:
            for call in ast.walk(function):
                if not isinstance(call, ast.Call) or not call.args:
                    continue
                target = call.func
                if not ((isinstance(target, ast.Attribute) and target.attr == "t") or (isinstance(target, ast.Name) and target.id == "t")):
                    continue
                key, names, pattern = call.args[0], (), ""
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    names = (key.value,)
                elif isinstance(key, ast.JoinedStr):
                    pattern = "".join(re.escape(part.value) if isinstance(part, ast.Constant) else COMPUTED for part in key.values)
                elif isinstance(key, ast.Name):
                    names = _assigned_names(function, key.id)
                calls[path, call.lineno, call.col_offset] = Call(
                    f"{path.relative_to(root)}:{call.lineno}",
                    names,
                    pattern,
                    frozenset(keyword.arg for keyword in call.keywords if keyword.arg),
                    any(keyword.arg is None for keyword in call.keywords),
                )
    return list(calls.values())


CALLS = template_calls() + hook_calls()


def test_the_calls_are_found():
    """The scan itself: it sees the calls known to be there, in both kinds of file."""
    wheres = {call.where.split(":")[0] for call in CALLS}
    assert {"overrides/report/province.html", "overrides/partials/copyright.html", "hooks/cds/formatting.py", "hooks/cds/render.py", "hooks/cds/charts.py"} <= wheres
    as_of = [call for call in CALLS if call.names == ("as_of",)]
    assert as_of and all(call.keywords == {"date"} for call in as_of)
    assert any(call.pattern == "status_" + COMPUTED for call in CALLS)  # "status_" ~ target.status
    assert any(set(call.names) == {"rank_up", "rank_down"} for call in CALLS)  # key = "rank_up" if … else "rank_down"
    assert any(call.names == ("dataset_title",) and call.where.startswith("hooks/cds/downloads.py") for call in CALLS)


def call_problems(call: Call) -> list[str]:
    """What is wrong with one call, against the list."""
    if call.spread:
        return [f"{call.where}: pass each placeholder by name, not **values"]
    if not (call.names or call.pattern):
        return [f"{call.where}: the string's name cannot be read; write it out"]
    problems = [f"{call.where}: `{name}` is not listed in schema/interface.schema.json" for name in call.names if name not in DECLARED]
    shown = [name for name in DECLARED if call.shows(name)]
    if not shown and not problems:
        problems.append(f"{call.where}: no listed string matches `{call.pattern}`")
    problems += [
        f"{call.where}: `{name}` gets {sorted(call.keywords)}; the list has {list(DECLARED[name])}"
        for name in shown
        if call.keywords != set(DECLARED[name])
    ]
    return problems


def unused_strings(calls: list[Call]) -> list[str]:
    return [name for name in DECLARED if not any(call.shows(name) for call in calls)]


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call.where)
def test_each_call_shows_a_listed_string_with_its_placeholders(call):
    assert call_problems(call) == []


def test_every_listed_string_is_shown_somewhere():
    assert unused_strings(CALLS) == [], "listed in schema/interface.schema.json, shown by no template or hook"


def test_a_wrong_call_is_caught(tmp_path):
    """The checks above, on a template and a hook that get it wrong."""
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "page.html").write_text(
        '{{ f.t("as_of", day=d) }}\n{{ f.t("as_off", date=d) }}\n{{ f.t("summary", **values) }}\n'
        '{{ f.t("qualifier_" ~ q, number=n) }}\n{{ f.t(name) }}\n{{ lang.t("search") }}\n',
        encoding="utf-8",
    )
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "words.py").write_text(
        'def words(f, up):\n    key = "rank_up" if up else "rank_down"\n    return f.t(key, count=1) + f.t(f"period_half_{up}")\n',
        encoding="utf-8",
    )
    calls = template_calls(tmp_path) + hook_calls(tmp_path)
    assert [problem for call in calls for problem in call_problems(call)] == [
        "overrides/page.html:1: `as_of` gets ['day']; the list has ['date']",
        "overrides/page.html:2: `as_off` is not listed in schema/interface.schema.json",
        "overrides/page.html:3: pass each placeholder by name, not **values",
        "overrides/page.html:4: `qualifier_about` gets ['number']; the list has ['value']",
        "overrides/page.html:4: `qualifier_nearly` gets ['number']; the list has ['value']",
        "overrides/page.html:4: `qualifier_over` gets ['number']; the list has ['value']",
        "overrides/page.html:4: `qualifier_at_least` gets ['number']; the list has ['value']",
        "overrides/page.html:5: the string's name cannot be read; write it out",
        "hooks/words.py:3: `rank_up` gets ['count']; the list has ['n']",
        "hooks/words.py:3: `rank_down` gets ['count']; the list has ['n']",
        "hooks/words.py:3: `period_half_1` gets []; the list has ['year']",
        "hooks/words.py:3: `period_half_2` gets []; the list has ['year']",
    ]
    assert "summary" not in unused_strings(calls) and "as_of" not in unused_strings(calls)
    assert "methodology" in unused_strings(calls)


def test_the_list_is_the_interface_file():
    """Every string in data/interface.yml is listed, and has the listed placeholders."""
    document = read_document(PROJECT_DIR / "data" / "interface.yml", "data/interface.yml")
    assert list(document.data["strings"]) == list(DECLARED)
    assert validate.placeholder_problems(document, SCHEMA_DIR) == []
    strings = validate._schemas(str(SCHEMA_DIR))["interface"]["properties"]["strings"]
    assert all(isinstance(entry.get("placeholders"), list) for entry in strings["properties"].values())


def real_formatter(language: str) -> Formatter:
    data = yaml.safe_load((PROJECT_DIR / "data" / "interface.yml").read_text(encoding="utf-8"))["strings"]
    return Formatter(language, interface_strings(data, COUNTS))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_string_fills_in_what_the_site_passes(language):
    """With the names the schema lists, `t` fills every placeholder of the real strings,
    and a string with a count does so in the form of each kind of number."""
    formatter = real_formatter(language)
    for name, placeholders in DECLARED.items():
        counts = [number for numbers in plural_categories(language).values() for number in numbers[:2]] if name in COUNTS else [None]
        for count in counts:
            values = {placeholder: f"<{placeholder.upper()}>" for placeholder in placeholders}
            if count is not None:
                values[COUNTS[name]] = formatter.number(count)
            shown = formatter.t(name, **values)
            assert "{" not in shown and "}" not in shown, (name, shown)
            for value in values.values():
                assert value in shown, (name, shown)


def test_each_count_is_one_of_its_placeholders_and_has_its_forms():
    assert COUNTS, "no interface string declares a count"
    assert {"rank_up", "rank_down", "count_sources", "count_targets", "count_events"} <= set(COUNTS)
    for name, count in COUNTS.items():
        assert count in DECLARED[name], name
    strings = real_formatter("en").strings
    assert all(isinstance(strings[name], CountedText) for name in COUNTS)
    assert not any(isinstance(text, CountedText) for name, text in strings.items() if name not in COUNTS)


def test_english_counts_agree_with_their_number():
    """CLDR's English rules through Babel: 1 takes `one`; 0, 2 and 1.0 (a decimal shown) take `other`."""
    f = real_formatter("en")
    assert f.t("rank_up", n=f.number(1)) == "up 1 place"
    assert f.t("rank_up", n=f.number(2)) == "up 2 places"
    assert f.t("rank_down", n=f.number(1)) == "down 1 place"
    assert f.t("count_sources", n=f.number(0)) == "0 sources"
    assert f.t("count_sources", n=f.number(1)) == "1 source"
    assert f.t("count_sources", n=f.number(1.0, decimals=1)) == "1.0 sources"
    assert f.t("count_targets", n=1) == "1 target"  # a number as it is is written here
    assert f.t("count_events", n=f.number(1234)) == "1,234 events"
    assert f.t("provinces_reporting", n=f.number(1)) == "reported for 1 province"
    holds = f.t("figures_count", figures=f.t("count_figures", n=12), targets=f.t("count_targets", n=1),
                events=f.t("count_events", n=1), sources=f.t("count_sources", n=1))
    assert holds == "This page holds 12 figures, 1 target and 1 event, from 1 source."


def test_vietnamese_writes_every_number_the_same_way():
    f = real_formatter("vi")
    assert plural_categories("vi") == {"other": (0, 1, 2, 3)}
    assert f.t("rank_up", n=f.number(1)) == f.t("rank_up", n=1) == "tăng 1 bậc"
    assert f.t("rank_up", n=f.number(1234)) == "tăng 1.234 bậc"
    assert f.t("count_sources", n=f.number(2)) == "2 nguồn"


def test_a_number_keeps_its_value_as_shown():
    number = real_formatter("vi").number(948.4)
    assert isinstance(number, Number) and number == "948,4" and str(number.value) == "948.4"


def test_a_count_given_as_text_is_refused():
    f = real_formatter("en")
    with pytest.raises(TypeError, match="`rank_up`: its count `n` must be a number"):
        f.t("rank_up", n="1")


def test_t_writes_a_doubled_brace_once_even_without_placeholders():
    formatter = Formatter("en", {"note": Text(vi="{{x}}", en="Braces: {{x}}"), "as_of": Text(vi="{date}", en="as of {{ {date} }}")})
    assert formatter.t("note") == "Braces: {x}"
    assert formatter.t("as_of", date="2024") == "as of { 2024 }"
