"""Check data files against the JSON Schemas in schema/ and against each other.

The schemas are the one definition of the data format: editors' IDEs read them
through the `# yaml-language-server: $schema=...` line, and the build validates
every file with them here. jsonschema's own messages are written for programmers,
so each error is rewritten as a plain sentence naming what was expected and what
was found; problems the schema cannot express (impossible dates, ranks beyond
their total, references between files, placeholders of interface strings) are
checked after it.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import functools
import json
import math
import re
import string
from pathlib import Path

import fastjsonschema
import jsonschema
from referencing import Registry, Resource

from .load import Document
from .problems import Problem

SCHEMA_FILES = ("common", "definitions", "indicators", "sources", "province", "interface", "glossary")


def _is_integer(checker, instance) -> bool:
    # JSON Schema counts 2.0 as an integer; a data file that says `decimals: 2.0` is a slip.
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@functools.lru_cache(maxsize=None)
def _schemas(schema_dir: str) -> dict[str, dict]:
    return {
        name: json.loads((Path(schema_dir) / f"{name}.schema.json").read_text(encoding="utf-8"))
        for name in SCHEMA_FILES
    }


@functools.lru_cache(maxsize=None)
def _validators(schema_dir: str) -> dict[str, jsonschema.Validator]:
    schemas = _schemas(schema_dir)
    registry = Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema)) for name, schema in schemas.items()
    )
    return {name: _Validator(schema, registry=registry) for name, schema in schemas.items()}


# --- The fast path: most files are valid ----------------------------------------------------
#
# jsonschema interprets the schema for every value, which is most of the time a build
# spends on its data. fastjsonschema compiles the same schema to Python once; a file it
# accepts is valid, and only a file it rejects goes through jsonschema, which lists every
# problem with its location for the explanations below.


def _inline(node, root: dict, schemas: dict[str, dict]):
    """`node` with every $ref replaced by what it points to (the schemas hold no cycles)."""
    if isinstance(node, list):
        return [_inline(item, root, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        target_root = schemas[file.removesuffix(".schema.json")] if file else root
        target = target_root
        for part in filter(None, pointer.split("/")):
            target = target[part]
        siblings = {k: _inline(v, root, schemas) for k, v in node.items() if k != "$ref"}
        return {"allOf": [_inline(target, target_root, schemas)], **siblings}
    return {k: _inline(v, root, schemas) for k, v in node.items() if k not in ("$defs", "$schema", "errorMessage")}


@functools.lru_cache(maxsize=None)
def _fast_validators(schema_dir: str) -> dict:
    schemas = _schemas(schema_dir)
    return {
        # Only a yes or no is wanted from it: no defaults written into the data, and no
        # detailed exceptions (anyOf tries its branches by raising them).
        name: fastjsonschema.compile(
            {**_inline(schema, schema, schemas), "$schema": "http://json-schema.org/draft-07/schema#"},
            use_default=False,
            detailed_exceptions=False,
        )
        for name, schema in schemas.items()
    }


def _scalars(value) -> list:
    """Every scalar in `value`, in no particular order."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            found.append(item)
    return found


def _valid(document: Document, schema_name: str, schema_dir: Path) -> bool:
    # fastjsonschema counts 2.0 as an integer and this project does not: a file with a
    # whole number written with a decimal point takes the slow path, which says what it thinks.
    if any(type(value) is float and value.is_integer() for value in _scalars(document.data)):
        return False
    try:
        _fast_validators(str(schema_dir))[schema_name](document.data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def schema_problems(document: Document, schema_name: str, schema_dir: Path) -> list[Problem]:
    """Every way `document` breaks its schema, as plain-worded problems."""
    if _valid(document, schema_name, schema_dir):
        return []
    validator = _validators(str(schema_dir))[schema_name]
    errors = list(validator.iter_errors(document.data))
    # A value of the wrong type breaks every other rule about it: report the type alone.
    mistyped = {tuple(error.absolute_path) for error in errors if error.validator == "type"}
    errors = [e for e in errors if e.validator == "type" or tuple(e.absolute_path) not in mistyped]
    explainer = _Explainer(document, _schemas(str(schema_dir)), schema_name, _typos(errors))
    return _deduplicate([problem for error in errors if (problem := explainer.explain(error))])


def _deduplicate(problems: list[Problem]) -> list[Problem]:
    seen, unique = set(), []
    for problem in problems:
        key = (problem.line, problem.column, problem.field, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def _typos(errors) -> dict[tuple, dict[str, str]]:
    """Unknown keys that are a misspelling of a required key the same mapping lacks:
    path → {missing key: the unknown key that is probably it}."""
    typos: dict[tuple, dict[str, str]] = {}
    for error in errors:
        if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
            continue
        known = list(error.schema.get("properties", {}))
        required = error.schema.get("required", [])
        for key in error.instance:
            if key in known:
                continue
            match = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            if match and match[0] in required and match[0] not in error.instance:
                typos.setdefault(tuple(error.absolute_path), {})[match[0]] = key
    return typos


# --- Turning schema errors into sentences -------------------------------------------------------

_TYPE_NAMES = {
    "number": "a number",
    "integer": "a whole number",
    "string": "a text",
    "object": "a mapping of keys and values",
    "array": "a list (lines starting with `- `)",
    "boolean": "true or false",
    "null": "nothing",
}
_LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
_NUMBER_LIKE = re.compile(r"^[+-]?[\d\s.,]*\d[\d\s.,]*%?$")


def _describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and not math.isfinite(value):
        return "the number " + {"inf": ".inf", "-inf": "-.inf"}.get(str(value), ".nan")
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        if not value:
            return 'an empty text ("")'
        shown = value if len(value) <= 60 else value[:57] + "…"
        return f'the text "{shown}"'
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping ({})"
    return repr(value)


def _is_text_schema(schema) -> bool:
    return isinstance(schema, dict) and set(schema.get("properties", {})) == {"vi", "en"}


def _first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].rstrip(".")
    return sentence[:1].lower() + sentence[1:]


class _Explainer:
    def __init__(self, document: Document, schemas: dict[str, dict], schema_name: str, typos: dict):
        self.document, self.schemas, self.schema_name, self.typos = document, schemas, schema_name, typos

    def _resolve(self, schema, base: str):
        """Follow `$ref`s (within the schema files) to the schema that says what a value is."""
        for _ in range(10):
            if not isinstance(schema, dict) or "$ref" not in schema:
                return schema, base
            target, _, pointer = schema["$ref"].partition("#")
            resolved = {}
            # A ref without a file is relative to the schema it sits in, which may be common's.
            for candidate in ([target.removesuffix(".schema.json")] if target else [base, "common"]):
                resolved = self.schemas.get(candidate, {})
                for part in [p for p in pointer.split("/") if p]:
                    resolved = resolved.get(part, {}) if isinstance(resolved, dict) else {}
                if resolved:
                    base = candidate
                    break
            # Keywords beside a $ref (description, examples) describe this use of it.
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**resolved, **extra} if isinstance(resolved, dict) else resolved
        return schema, base

    def _example(self, schema: dict) -> str:
        own = schema.get("examples")
        schema, _ = self._resolve(schema, self.schema_name)
        if not own and _is_text_schema(schema):
            return '{vi: "...", en: "..."}'
        examples = own or (schema.get("examples") if isinstance(schema, dict) else None)
        if not examples:
            return ""
        return _flow(examples[0])

    def explain(self, error: jsonschema.ValidationError) -> Problem | None:
        document = self.document
        path = tuple(error.absolute_path)
        schema, found, kind = error.schema, error.instance, error.validator
        if "propertyNames" in error.absolute_schema_path:
            return document.problem(
                (*path, found),
                f"expected {_first_sentence(schema.get('description', 'a name'))} (for example "
                f"{', '.join(map(str, schema.get('examples', [])[:2])) or 'summary'}); found `{found}`.",
                at_key=True,
            )
        if isinstance(schema, dict) and "errorMessage" in schema and kind in {"anyOf", "oneOf", "not", "allOf"}:
            return document.problem(path, schema["errorMessage"])
        if kind in {"anyOf", "oneOf", "not"}:
            return document.problem(path, "this entry does not have any of the accepted forms; compare it with the examples in data/FORMAT.md.")
        if kind == "additionalProperties":
            return self._unknown_keys(error, path)
        if kind == "required":
            typo_fixes = self.typos.get(path, {})
            missing = [name for name in error.validator_value if name not in found and name not in typo_fixes]
            if not missing:
                return None  # reported as a misspelt key
            if _is_text_schema(schema):
                have = [language for language in ("vi", "en") if language in found]
                return document.problem(
                    path,
                    f"a text needs both `vi` and `en`; found only `{have[0]}`, so the "
                    f"{_LANGUAGE_NAMES[missing[0]]} text is missing. Add `{missing[0]}: ...` with the translation."
                    if len(have) == 1
                    else "a text needs both `vi` and `en`; found neither. Write it as `{vi: ..., en: ...}`.",
                )
            if len(missing) == 1:
                declared = schema.get("properties", {}).get(missing[0]) or schema.get("additionalProperties")
                example = self._example(declared if isinstance(declared, dict) else {})
                shown = f" (for example `{missing[0]}: {example}`)" if example else ""
                return document.problem(path, f"required field `{missing[0]}` is missing{shown}; add it.")
            listed = ", ".join(f"`{name}`" for name in missing)
            return document.problem(path, f"required fields {listed} are missing; add them.")
        if kind == "type":
            return document.problem(path, self._type_message(schema, error.validator_value, found))
        if kind == "pattern":
            return document.problem(path, _pattern_message(schema, found))
        if kind == "enum":
            choices = ", ".join(f"`{choice}`" for choice in error.validator_value)
            hint = _nearest(str(found), [str(c) for c in error.validator_value])
            return document.problem(path, f"expected one of {choices}; found {_describe(found)}.{hint}")
        if kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
            word = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "above", "exclusiveMaximum": "below"}[kind]
            return document.problem(path, f"expected a number {word} {error.validator_value}; found {_describe(found)}.")
        if kind == "minLength":
            if path and path[-1] in _LANGUAGE_NAMES:
                return document.problem(path, f"expected the {_LANGUAGE_NAMES[path[-1]]} text; found an empty text (\"\"). Write the translation.")
            return document.problem(path, f"expected a text of at least {error.validator_value} characters; found {_describe(found)}.")
        if kind == "minItems":
            return document.problem(path, f"expected a list of at least {error.validator_value} item{'s' if error.validator_value != 1 else ''}; found an empty list.")
        return document.problem(path, f"{error.message}.")

    def _type_message(self, schema: dict, expected, found) -> str:
        if _is_text_schema(schema):
            return f"expected a text in both languages, written as `{{vi: ..., en: ...}}`; found {_describe(found)}."
        expected_names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in expected_names)
        message = f"expected {wanted}; found {_describe(found)}."
        if isinstance(found, str) and set(expected_names) & {"number", "integer"}:
            if _NUMBER_LIKE.match(found.strip()):
                message += (
                    " Write numbers without quotes, with a dot for decimals and no thousands "
                    "separator: 948.4, not \"948,4\"; 3743, not \"3.743\"."
                )
            else:
                message += (
                    " Write the number itself, without quotes (for example 948.4); if the source "
                    "gives no number, leave this field out and explain in a `note`."
                )
        elif isinstance(found, float) and "integer" in expected_names and math.isfinite(found):
            message += " Write a whole number, without a decimal point."
        elif isinstance(found, (int, float)) and not isinstance(found, bool) and "string" in expected_names:
            if schema.get("pattern"):
                message += f' Write dates and periods in double quotes: "{found}".'
            else:
                message += f' Put it in double quotes: "{found}".'
        elif isinstance(found, str) and "array" in expected_names:
            message += f" Write it as a list: `[{found}]`."
        return message

    def _unknown_keys(self, error: jsonschema.ValidationError, path: tuple) -> Problem:
        document = self.document
        known = list(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in known]
        key = unknown[0]
        others = f" (also unknown: {', '.join(f'`{k}`' for k in unknown[1:])})" if unknown[1:] else ""
        if _is_text_schema(error.schema) and error.instance.get(key) is None:
            keys = list(error.instance)
            before = next((k for k in reversed(keys[: keys.index(key)]) if k in _LANGUAGE_NAMES), None)
            if before is not None and isinstance(error.instance.get(before), str):
                return document.problem(
                    (*path, key),
                    f"unknown key `{key}` in a text: a comma inside `{{vi: ..., en: ...}}` ends the text early. "
                    f'Put the whole text in double quotes: `{before}: "{error.instance[before]}, {key}"`.',
                    at_key=True,
                )
        match = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        if match:
            missing = match[0] not in error.instance and match[0] in error.schema.get("required", [])
            also = " (a required key, missing here)" if missing else ""
            hint = f"; did you mean `{match[0]}`{also}?"
        else:
            hint = "."
        return document.problem(
            (*path, key),
            f"unknown key `{key}`{others}{hint} Known keys here: {', '.join(f'`{k}`' for k in known)}.",
            at_key=True,
        )


def _flow(value) -> str:
    """A value as it would be written in a data file, on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"' if re.fullmatch(r"\d{4}(-.*)?", value) or ": " in value or ", " in value else value
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _pattern_message(schema: dict, found) -> str:
    examples = schema.get("examples") or []
    what = _first_sentence(schema.get("description", "a value in the expected form"))
    if examples and "(" not in what:
        what += f" (for example {', '.join(str(example) for example in examples[:3])})"
    return f"expected {what}; found {_describe(found)}."


def _nearest(word: str, candidates: list[str]) -> str:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" Did you mean `{match[0]}`?" if match else ""


# --- Checks the schema cannot express ------------------------------------------------------------

_DATE_LIKE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _walk(value, path=()):
    """Every scalar in a document, with its path, in the document's order."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
    else:
        yield path, value


# Larger numbers are no figure a source reports, and cannot be formatted exactly.
LARGEST_NUMBER = 10**15


def scalar_problems(document: Document) -> list[Problem]:
    """Values the schema lets through but no source can mean: dates such as 2023-02-30,
    which match the pattern but are not in the calendar; `.inf`, `.nan`, and numbers
    beyond a quadrillion."""
    # Looked for without paths first: most files have none, and paths are costly to make.
    if not any(_scalar_problem(value) for value in _scalars(document.data)):
        return []
    return [document.problem(path, message) for path, value in _walk(document.data) if (message := _scalar_problem(value))]


def _scalar_problem(value) -> str | None:
    if isinstance(value, str):
        reason = _impossible_date(value) if value[:1].isdigit() else None
        return f'expected a date in the calendar; found "{value}", but {reason}. Check the day and the month.' if reason else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a number a source can report; found {_describe(value)}."
    if abs(value) >= LARGEST_NUMBER:
        return (
            f"expected a number below {LARGEST_NUMBER:,}; found {_describe(value)}. "
            "Write large amounts in a larger unit (billion, trillion), as the source does."
        )
    return None


def _impossible_date(value: str) -> str | None:
    """Why a text written as a date (YYYY, YYYY-MM or YYYY-MM-DD) is not in the calendar."""
    match = _DATE_LIKE.match(value)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None  # the schema's pattern says what is wrong
    if year == 0:
        return "there is no year 0000"
    if day is not None and day > calendar.monthrange(year, month)[1]:
        month_name = datetime.date(2000, month, 1).strftime("%B")
        return f"{month_name} {year} has {calendar.monthrange(year, month)[1]} days"
    return None


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
                        f"expected a rank from 1 to its total {total}; found rank {position}, which is greater "
                        "than the total. Check both numbers against the source.",
                    )
                )
        value_range = figure.get("value_range")
        problems += _range_problems(document, ("figures", index, "value_range"), value_range)
    for index, target in enumerate(_items(data.get("targets"))):
        progress = target.get("progress")
        if isinstance(progress, dict):
            achieved, total = progress.get("achieved"), progress.get("total")
            if _numbers(achieved, total) and achieved > total:
                problems.append(
                    document.problem(
                        ("targets", index, "progress", "achieved"),
                        f"expected at most {total} targets achieved (the `total`); found {achieved}. "
                        "`achieved` cannot exceed `total`.",
                    )
                )
        problems += _range_problems(document, ("targets", index, "value_range"), target.get("value_range"))
    return problems


def _range_problems(document: Document, path: tuple, value_range) -> list[Problem]:
    if isinstance(value_range, dict) and _numbers(value_range.get("min"), value_range.get("max")):
        if value_range["min"] > value_range["max"]:
            return [
                document.problem(
                    (*path, "min"),
                    f"expected `min` to be at most `max` ({value_range['max']}); found {value_range['min']}. Swap them.",
                )
            ]
    return []


def _items(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _numbers(*values) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


_KIND_NAMES = {
    "indicators": "an indicator",
    "sources": "a source",
    "units": "a unit",
    "regions": "a region",
    "event_kinds": "an event kind",
    "pillars": "a pillar",
}


def reference_problems(document: Document, known: dict[str, set[str] | None]) -> list[Problem]:
    """Ids that must name something defined elsewhere: indicators, sources, units, ...

    A kind whose defining file could not be read is `None` in `known` and not checked."""
    problems = []
    data = document.data if isinstance(document.data, dict) else {}

    def check(path: tuple, value, kind: str, where: str):
        ids = known.get(kind)
        if ids is None or not isinstance(value, str) or value in ids:
            return
        name = _KIND_NAMES.get(kind, f"a {kind.rstrip('s')}")
        hint = _nearest(value, sorted(ids))
        advice = hint if hint else f" Add it to {where} first, or correct the id."
        problems.append(document.problem(path, f"expected the id of {name} defined in {where}; found `{value}`.{advice}"))

    change = data.get("administrative_change")
    if isinstance(change, dict):
        check(("administrative_change", "source"), change.get("source"), "sources", "data/sources.yml")
    for index, figure in enumerate(data.get("figures") if isinstance(data.get("figures"), list) else []):
        if not isinstance(figure, dict):
            continue
        check(("figures", index, "indicator"), figure.get("indicator"), "indicators", "data/indicators.yml")
        check(("figures", index, "source"), figure.get("source"), "sources", "data/sources.yml")
        check(("figures", index, "unit"), figure.get("unit"), "units", "data/definitions.yml")
        for rank_index, rank in enumerate(figure.get("ranks") if isinstance(figure.get("ranks"), list) else []):
            if isinstance(rank, dict) and rank.get("scope") != "national":
                check(("figures", index, "ranks", rank_index, "scope"), rank.get("scope"), "regions", "data/definitions.yml")
    for index, target in enumerate(data.get("targets") if isinstance(data.get("targets"), list) else []):
        if not isinstance(target, dict):
            continue
        check(("targets", index, "indicator"), target.get("indicator"), "indicators", "data/indicators.yml")
        check(("targets", index, "unit"), target.get("unit"), "units", "data/definitions.yml")
        check(("targets", index, "source"), target.get("source"), "sources", "data/sources.yml")
    for index, event in enumerate(data.get("events") if isinstance(data.get("events"), list) else []):
        if not isinstance(event, dict):
            continue
        check(("events", index, "kind"), event.get("kind"), "event_kinds", "data/definitions.yml")
        sources = event.get("sources")
        for source_index, source in enumerate(sources if isinstance(sources, list) else []):
            check(("events", index, "sources", source_index), source, "sources", "data/sources.yml")
    for index, indicator in enumerate(data.get("indicators") if isinstance(data.get("indicators"), list) else []):
        if not isinstance(indicator, dict):
            continue
        check(("indicators", index, "pillar"), indicator.get("pillar"), "pillars", "data/definitions.yml")
        check(("indicators", index, "unit"), indicator.get("unit"), "units", "data/definitions.yml")
    return problems


def duplicate_ids(document: Document, list_key: str) -> list[Problem]:
    """Ids within one list must be unique."""
    problems, first = [], {}
    data = document.data if isinstance(document.data, dict) else {}
    for index, item in enumerate(data.get(list_key) if isinstance(data.get(list_key), list) else []):
        if not isinstance(item, dict):
            continue
        identifier = item.get("id")
        if not isinstance(identifier, str):
            continue
        if identifier in first:
            line = document.positions.get((list_key, first[identifier], "id"), (0, 0))[0]
            problems.append(
                document.problem(
                    (list_key, index, "id"),
                    f"expected a new id; found `{identifier}`, which is already used on line {line}. Ids must be unique.",
                )
            )
        else:
            first[identifier] = index
    return problems


_FIELD = re.compile(r"^[a-z][a-z0-9_]*$")


def placeholder_problems(document: Document) -> list[Problem]:
    """Interface strings: placeholders are `{name}`, the same in both languages."""
    problems = []
    strings = document.data.get("strings") if isinstance(document.data, dict) else None
    for key, text in (strings.items() if isinstance(strings, dict) else ()):
        if not isinstance(text, dict):
            continue
        names = {}
        for language in ("vi", "en"):
            value = text.get(language)
            if not isinstance(value, str):
                continue
            path = ("strings", key, language)
            try:
                parsed = list(string.Formatter().parse(value))
            except ValueError:
                problems.append(
                    document.problem(path, "expected placeholders written as a name in braces, such as `{date}`; found a `{` or `}` "
                                     "that is not part of one. Remove it, or write `{{` or `}}` for a brace.")
                )
                continue
            found = set()
            for _, name, spec, conversion in parsed:
                if name is None:
                    continue
                found.add(name)
                if not _FIELD.match(name) or spec or conversion:
                    shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
                    problems.append(
                        document.problem(path, f"expected placeholders written as a name in braces, such as `{{date}}`; found `{shown}`.")
                    )
            names[language] = found
        if len(names) == 2 and names["vi"] != names["en"]:
            only_vi, only_en = sorted(names["vi"] - names["en"]), sorted(names["en"] - names["vi"])
            parts = [f"{{{n}}} only in the Vietnamese" for n in only_vi] + [f"{{{n}}} only in the English" for n in only_en]
            problems.append(
                document.problem(
                    ("strings", key),
                    f"expected the same placeholders in both languages; found {', '.join(parts)}. "
                    "Placeholders are filled in by the site: keep them, translated texts around them.",
                )
            )
    return problems
