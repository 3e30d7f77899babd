"""Check data files against the JSON Schemas in schema/ and against each other.

The schemas are the one definition of the data format: editors' IDEs read them
through the `# yaml-language-server: $schema=...` line, and the build validates
every file with them here. jsonschema's own messages are written for programmers,
so each error is rewritten as a plain sentence naming what was expected and what
was found; problems the schema cannot express (impossible dates, ranks beyond
their total, references between files) are checked after it.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import json
import re
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

from .load import Document
from .problems import Problem

SCHEMA_FILES = ("common", "definitions", "indicators", "sources", "province", "interface")


@functools.lru_cache(maxsize=None)
def _validators(schema_dir: str) -> dict[str, jsonschema.Validator]:
    schemas = {
        name: json.loads((Path(schema_dir) / f"{name}.schema.json").read_text(encoding="utf-8"))
        for name in SCHEMA_FILES
    }
    registry = Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema)) for name, schema in schemas.items()
    )
    return {
        name: jsonschema.Draft202012Validator(schema, registry=registry)
        for name, schema in schemas.items()
    }


def schema_problems(document: Document, schema_name: str, schema_dir: Path) -> list[Problem]:
    """Every way `document` breaks its schema, as plain-worded problems."""
    validator = _validators(str(schema_dir))[schema_name]
    problems = [_explain(error, document) for error in validator.iter_errors(document.data)]
    return _deduplicate(problems)


def _deduplicate(problems: list[Problem]) -> list[Problem]:
    seen, unique = set(), []
    for problem in problems:
        key = (problem.line, problem.column, problem.field, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


# --- Turning schema errors into sentences -------------------------------------------------------

_TYPE_NAMES = {
    "number": "a number",
    "integer": "a whole number",
    "string": "a text",
    "object": "a mapping of keys and values",
    "array": "a list (lines starting with `- `)",
    "boolean": "true or false",
}


def _describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _is_text_schema(schema: dict) -> bool:
    return set(schema.get("properties", {})) == {"vi", "en"}


def _explain(error: jsonschema.ValidationError, document: Document) -> Problem:
    path = tuple(error.absolute_path)
    schema, found, kind = error.schema, error.instance, error.validator
    if isinstance(schema, dict) and "errorMessage" in schema and kind in {"anyOf", "oneOf", "not", "allOf"}:
        return document.problem(path, schema["errorMessage"])
    if kind == "additionalProperties":
        return _unknown_keys(error, document, path)
    if kind == "required":
        missing = [name for name in error.validator_value if name not in found]
        if _is_text_schema(schema):
            return document.problem(
                path,
                f"a text needs both `vi` and `en`; `{'` and `'.join(missing)}` is missing. "
                "Add the translation.",
            )
        listed = ", ".join(f"`{name}`" for name in missing)
        return document.problem(path, f"required field{'s' if len(missing) > 1 else ''} {listed} missing.")
    if kind == "type":
        return document.problem(path, _type_message(schema, error.validator_value, found))
    if kind == "pattern":
        return document.problem(path, _pattern_message(schema, found))
    if kind == "enum":
        choices = ", ".join(f"`{choice}`" for choice in error.validator_value)
        hint = _nearest(str(found), [str(c) for c in error.validator_value])
        return document.problem(path, f"expected one of {choices}; found {_describe(found)}.{hint}")
    if kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        word = "at least" if "inimum" in kind else "at most"
        return document.problem(path, f"expected a number {word} {error.validator_value}; found {_describe(found)}.")
    if kind == "minLength":
        return document.problem(path, "expected a text; found an empty one.")
    if kind == "minItems":
        return document.problem(path, f"expected a list of at least {error.validator_value}; found an empty list.")
    if kind == "propertyNames":
        return document.problem(path, f"{error.message}.")
    return document.problem(path, f"{error.message}.")


def _type_message(schema: dict, expected, found) -> str:
    if _is_text_schema(schema):
        return (
            f"expected a text in both languages, written as `{{vi: ..., en: ...}}`; "
            f"found {_describe(found)}."
        )
    expected_names = [expected] if isinstance(expected, str) else list(expected)
    wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in expected_names)
    message = f"expected {wanted}; found {_describe(found)}."
    if isinstance(found, str) and set(expected_names) & {"number", "integer"}:
        message += (
            " Write numbers without quotes, with a dot for decimals and no thousands "
            "separator: 948.4, not \"948,4\"; 3743, not \"3.743\"."
        )
    return message


def _pattern_message(schema: dict, found) -> str:
    examples = schema.get("examples") or []
    shown = ", ".join(str(example) for example in examples[:3])
    what = schema.get("description", "a value in the expected form").split(":")[0].rstrip(".")
    return f"expected {what[0].lower()}{what[1:]} (for example {shown}); found {_describe(found)}."


def _unknown_keys(error: jsonschema.ValidationError, document: Document, path: tuple) -> Problem:
    known = list(error.schema.get("properties", {}))
    unknown = [key for key in error.instance if key not in known]
    key = unknown[0]
    hint = _nearest(key, known)
    others = f" (also unknown: {', '.join(f'`{k}`' for k in unknown[1:])})" if unknown[1:] else ""
    return document.problem(
        (*path, key),
        f"unknown key `{key}`{others}.{hint} Known keys here: {', '.join(f'`{k}`' for k in known)}.",
        at_key=True,
    )


def _nearest(word: str, candidates: list[str]) -> str:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" Did you mean `{match[0]}`?" if match else ""


# --- Checks the schema cannot express ------------------------------------------------------------

_DATE_LIKE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def impossible_dates(document: Document) -> list[Problem]:
    """Dates such as 2023-02-30 that match the pattern but are not in the calendar."""
    problems = []

    def visit(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*path, index))
        elif isinstance(value, str) and (match := _DATE_LIKE.match(value)):
            try:
                datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                problems.append(
                    document.problem(path, f'"{value}" is not a date in the calendar; check the day and month.')
                )

    visit(document.data, ())
    return problems


def bounded_counts(document: Document) -> list[Problem]:
    """A rank cannot lie beyond its total, nor progress beyond the number of targets."""
    problems = []
    data = document.data if isinstance(document.data, dict) else {}
    for index, figure in enumerate(_items(data.get("figures"))):
        for rank_index, rank in enumerate(_items(figure.get("ranks"))):
            position, total = rank.get("position"), rank.get("total")
            if _numbers(position, total) and position > total:
                problems.append(
                    document.problem(
                        ("figures", index, "ranks", rank_index, "position"),
                        f"rank {position} is greater than its total {total}; a rank runs from 1 to the total.",
                    )
                )
        value_range = figure.get("value_range")
        problems += _range_problems(document, ("figures", index, "value_range"), value_range)
    for index, target in enumerate(_items(data.get("targets"))):
        progress = target.get("progress") or {}
        achieved, total = progress.get("achieved"), progress.get("total")
        if isinstance(progress, dict) and _numbers(achieved, total) and achieved > total:
            problems.append(
                document.problem(
                    ("targets", index, "progress", "achieved"),
                    f"{achieved} targets achieved out of {total} is impossible; `achieved` cannot exceed `total`.",
                )
            )
        problems += _range_problems(document, ("targets", index, "value_range"), target.get("value_range"))
    return problems


def _range_problems(document: Document, path: tuple, value_range) -> list[Problem]:
    if isinstance(value_range, dict) and _numbers(value_range.get("min"), value_range.get("max")):
        if value_range["min"] > value_range["max"]:
            return [document.problem((*path, "min"), "`min` is greater than `max`; swap them.")]
    return []


def _items(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _numbers(*values) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def reference_problems(document: Document, known: dict[str, set[str]]) -> list[Problem]:
    """Ids that must name something defined elsewhere: indicators, sources, units, ..."""
    problems = []
    data = document.data if isinstance(document.data, dict) else {}

    def check(path: tuple, value, kind: str, where: str):
        if isinstance(value, str) and value not in known[kind]:
            hint = _nearest(value, sorted(known[kind]))
            problems.append(
                document.problem(path, f"`{value}` is not a {kind[:-1]} defined in {where}.{hint}")
            )

    change = data.get("administrative_change")
    if isinstance(change, dict):
        check(("administrative_change", "source"), change.get("source"), "sources", "data/sources.yml")
    for index, figure in enumerate(_items(data.get("figures"))):
        check(("figures", index, "indicator"), figure.get("indicator"), "indicators", "data/indicators.yml")
        check(("figures", index, "source"), figure.get("source"), "sources", "data/sources.yml")
        check(("figures", index, "unit"), figure.get("unit"), "units", "data/definitions.yml")
        for rank_index, rank in enumerate(_items(figure.get("ranks"))):
            scope = rank.get("scope")
            if scope != "national":
                check(("figures", index, "ranks", rank_index, "scope"), scope, "regions", "data/definitions.yml")
    for index, target in enumerate(_items(data.get("targets"))):
        check(("targets", index, "indicator"), target.get("indicator"), "indicators", "data/indicators.yml")
        check(("targets", index, "unit"), target.get("unit"), "units", "data/definitions.yml")
        check(("targets", index, "source"), target.get("source"), "sources", "data/sources.yml")
    for index, event in enumerate(_items(data.get("events"))):
        check(("events", index, "kind"), event.get("kind"), "event_kinds", "data/definitions.yml")
        for source_index, source in enumerate(event.get("sources") or []):
            check(("events", index, "sources", source_index), source, "sources", "data/sources.yml")
    for index, indicator in enumerate(_items(data.get("indicators"))):
        check(("indicators", index, "pillar"), indicator.get("pillar"), "pillars", "data/definitions.yml")
        check(("indicators", index, "unit"), indicator.get("unit"), "units", "data/definitions.yml")
    return problems


def duplicate_ids(document: Document, list_key: str) -> list[Problem]:
    """Ids within one list must be unique."""
    problems, first = [], {}
    data = document.data if isinstance(document.data, dict) else {}
    for index, item in enumerate(_items(data.get(list_key))):
        identifier = item.get("id")
        if not isinstance(identifier, str):
            continue
        if identifier in first:
            line = document.positions.get((list_key, first[identifier], "id"), (0, 0))[0]
            problems.append(
                document.problem((list_key, index, "id"), f"the id `{identifier}` is already used on line {line}; ids must be unique.")
            )
        else:
            first[identifier] = index
    return problems
