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
import urllib.parse
from pathlib import Path

import fastjsonschema
import jsonschema
from referencing import Registry, Resource

from .formatting import PLURAL_CATEGORIES, plural_categories
from .load import Document
from .problems import Problem

SCHEMA_FILES = ("common", "definitions", "indicators", "sources", "province", "interface", "glossary", "admin-units", "ranking")


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
def _registry(schema_dir: str) -> Registry:
    """Every schema by its file name, for the `$ref`s between them."""
    return Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema)) for name, schema in _schemas(schema_dir).items()
    )


@functools.lru_cache(maxsize=None)
def _validators(schema_dir: str) -> dict[str, jsonschema.Validator]:
    return {name: _Validator(schema, registry=_registry(schema_dir)) for name, schema in _schemas(schema_dir).items()}


@functools.lru_cache(maxsize=None)
def _id_validator(schema_dir: str) -> jsonschema.Validator:
    return _Validator({"$ref": "common.schema.json#/$defs/id"}, registry=_registry(schema_dir))


def is_id(text: str, schema_dir: Path) -> bool:
    """Whether `text` is an id as schema/common.schema.json defines one."""
    return _id_validator(str(schema_dir)).is_valid(text)


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
            return document.problem(path, self._type_message(schema, error.validator_value, found, path))
        if kind == "pattern":
            return document.problem(path, _pattern_message(schema, found))
        if kind == "enum":
            choices = ", ".join(f"`{choice}`" for choice in error.validator_value)
            hint = _nearest(str(found), [str(c) for c in error.validator_value])
            return document.problem(path, f"expected one of {choices}; found {self._found(found, path)}.{hint}")
        if kind in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
            word = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "above", "exclusiveMaximum": "below"}[kind]
            return document.problem(path, f"expected a number {word} {error.validator_value}; found {_describe(found)}.")
        if kind == "minLength":
            if path and path[-1] in _LANGUAGE_NAMES:
                return document.problem(path, f"expected the {_LANGUAGE_NAMES[path[-1]]} text; found an empty text (\"\"). Write the translation.")
            return document.problem(path, f"expected a text of at least {error.validator_value} characters; found {_describe(found)}.")
        if kind == "maxLength":
            return document.problem(path, _too_long_message(path, found, error.validator_value))
        if kind in {"minItems", "maxItems"}:
            word = "at least" if kind == "minItems" else "at most"
            items = f"item{'s' if error.validator_value != 1 else ''}"
            found_items = f"{len(found)} item{'s' if len(found) != 1 else ''}" if found else "an empty list"
            return document.problem(path, f"expected a list of {word} {error.validator_value} {items}; found {found_items}.")
        return document.problem(path, f"{error.message}.")

    def _found(self, found, path: tuple) -> str:
        """`found` described, with how it was written when YAML read it otherwise (`No` as false)."""
        spelling = self.document.spellings.get(path)
        if spelling is None or spelling.lower() == str(found).lower():
            return _describe(found)
        return f"`{spelling}`, which YAML reads as {_describe(found)}"

    def _type_message(self, schema: dict, expected, found, path: tuple) -> str:
        if _is_text_schema(schema):
            return f"expected a text in both languages, written as `{{vi: ..., en: ...}}`; found {self._found(found, path)}."
        expected_names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in expected_names)
        message = f"expected {wanted}; found {self._found(found, path)}."
        spelling = self.document.spellings.get(path)
        if isinstance(found, str) and set(expected_names) & {"number", "integer"}:
            message += _number_as_text_hint(found.strip(), path in self.document.plain_texts)
        elif spelling and "string" in expected_names:
            message += f' Put it in double quotes: "{spelling}".'
        elif isinstance(found, dict) and "string" in expected_names and self.schema_name == "interface":
            message += (" Only a text with a number in it (such as `rank_up`) has a form for each kind of number; "
                        "write this one as one text.")
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


# Numbers written in forms YAML 1.1 reads as text: an exponent without a decimal point or
# without a sign (1e3), an octal 0o prefix, a leading 0 before an 8 or a 9.
_EXPONENT = re.compile(r"([-+]?(?:\d+\.?\d*|\.\d+))[eE]([-+]?)(\d+)")
_OCTAL_0O = re.compile(r"[-+]?0o[0-7]+")
_LEADING_ZERO = re.compile(r"[-+]?0\d+")


def _number_as_text_hint(text: str, plain: bool) -> str:
    """What to write instead of a text found where a number belongs; `plain` when it was
    written without quotes (so the advice does not speak of quotes it does not have)."""
    exponent = _EXPONENT.fullmatch(text)
    if exponent and not ("." in exponent[1] and exponent[2]):
        mantissa, sign, power = exponent.groups()
        written = f"{mantissa if '.' in mantissa else mantissa + '.0'}e{sign or '+'}{power}"
        number = float(text)
        shown = str(int(number)) if number.is_integer() and abs(number) < LARGEST_NUMBER else repr(number)
        return (
            f" YAML reads `{text}` as a text: it reads an exponent only after a decimal point and with a sign "
            f"({written}). Write {shown}, or {written}."
        )
    if _OCTAL_0O.fullmatch(text):
        return f" YAML reads a number that starts with 0o as a text; write it in decimal: {int(text, 8)}."
    if _LEADING_ZERO.fullmatch(text):
        return f" Write it without the leading 0: {int(text)} (YAML reads a whole number that starts with 0 as octal)."
    if _NUMBER_LIKE.match(text):
        quotes = "" if plain else "without quotes, "
        return (
            f" Write numbers {quotes}with a dot for decimals and no thousands separator: "
            + ("948.4, not 948,4; 3743, not 3.743." if plain else '948.4, not "948,4"; 3743, not "3.743".')
        )
    return (
        f" Write the number itself{', in digits' if plain else ', without quotes'} (for example 948.4); if the source "
        "gives no number, leave this field out and explain in a `note`."
    )


def _too_long_message(path: tuple, found: str, limit: int) -> str:
    """`path` names the text (`summary.vi`, `documents[0]`, `title`)."""
    last = path[-1] if path else ""
    key = next((part for part in reversed(path[:-1]) if isinstance(part, str)), "text")
    if last == "id":
        return (
            f"expected an id of at most {limit} characters; found one of {len(found):,}. Shorten it: "
            "an id is part of page addresses and file names."
        )
    if last in _LANGUAGE_NAMES:
        what, field = f"the {_LANGUAGE_NAMES[last]} text", f"a `{key}`"
    else:
        what, field = "the text", f"an item of `{key}`" if isinstance(last, int) else f"a `{last}`"
    return (
        f"{what} is {len(found):,} characters long; {field} may be at most {limit:,} characters. "
        "Shorten it: the pages show every text in full."
    )


def _pattern_message(schema: dict, found) -> str:
    reason = _impossible_date(found, out_of_range=True) if isinstance(found, str) and _is_date_schema(schema) else None
    if reason:
        return _calendar_message(found, reason)
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
        return _calendar_message(value, reason) if reason else None
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


def _calendar_message(value: str, reason: str) -> str:
    return f'expected a date in the calendar; found "{value}", but {reason}. Check the day and the month.'


def _is_date_schema(schema: dict) -> bool:
    """The schema of a date or a period: its examples are dates."""
    examples = schema.get("examples") if isinstance(schema, dict) else None
    return any(isinstance(example, str) and _DATE_LIKE.match(example) for example in examples or ())


def _impossible_date(value: str, *, out_of_range: bool = False) -> str | None:
    """Why a text written as a date (YYYY, YYYY-MM or YYYY-MM-DD) is not in the calendar.

    A month or day out of range (13, 00, 32) is already refused by the schemas' patterns;
    `out_of_range` also explains it, for the pattern's message."""
    match = _DATE_LIKE.match(value)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        if not out_of_range:
            return None
        if not 1 <= month <= 12:
            return f"there is no month {match[2]}: months go from 01 to 12"
        if day == 0:
            return "there is no day 00: days start at 01"
    if year == 0:
        return "there is no year 0000"
    if day is not None and day > calendar.monthrange(year, month)[1]:
        month_name = datetime.date(2000, month, 1).strftime("%B")
        return f"{month_name} {year} has {calendar.monthrange(year, month)[1]} days"
    return None


# The fields pages mark when an entry says they were inferred (`inferred: [{field, reason}]`),
# by the list the entry is in: each is shown with the marker beside it.
_MARKED_FIELDS = {
    "sources": ("title", "author", "outlet", "published"),
    "figures": ("value", "value_range", "qualifier", "out_of", "unit", "period", "as_of"),
    "ranks": ("position", "total", "change", "change_since"),
    "targets": ("value", "value_range", "qualifier", "unit", "deadline", "status", "document"),
    "progress": ("achieved", "total", "as_of"),
    "later_progress": ("achieved", "total", "as_of"),
    "events": ("date", "documents", "sources"),
}
_NEVER_MARKED = {"inferred", "open_question", "note"}
# Entries inside entries that may carry flags of their own.
_NESTED_ENTRIES = {"figures": ("ranks",), "targets": ("progress", "later_progress")}


def inference_problems(document: Document) -> list[Problem]:
    """Each inferred field names a field its entry has and the page can mark, once. In a file
    whose entries are not listed above, a flag names any field of its entry."""
    data = document.data if isinstance(document.data, dict) else {}
    problems = []
    for key, items in data.items():
        for index, item in enumerate(_items(items)):
            problems += _inference_problems(document, (key, index), key, item)
            for nested in _NESTED_ENTRIES.get(key, ()):
                inner = item.get(nested)
                if isinstance(inner, dict):
                    problems += _inference_problems(document, (key, index, nested), nested, inner)
                for number, entry in enumerate(_items(inner)):
                    problems += _inference_problems(document, (key, index, nested, number), nested, entry)
    return problems


def _inference_problems(document: Document, path: tuple, kind: str, entry: dict) -> list[Problem]:
    flags = entry.get("inferred")
    if not isinstance(flags, list):
        return []
    marked = [name for name in _MARKED_FIELDS.get(kind, entry) if name in entry and name not in _NEVER_MARKED]
    what = _ENTRY_NAMES.get(kind, "entry")
    problems, seen = [], {}
    for number, flag in enumerate(_items(flags)):
        name = flag.get("field")
        if not isinstance(name, str):
            continue
        where = (*path, "inferred", number, "field")
        if name in seen:
            problems.append(
                document.problem(
                    where,
                    f"expected each field once in `inferred`; found `{name}` again (line {seen[name]}). "
                    "Give one reason per field: join the two.",
                )
            )
            continue
        seen[name] = document.positions.get(where, (0, 0))[0]
        if name in marked:
            continue
        choices = f"one of its fields the page marks ({_listed_names(marked)})" if marked else "a field the page marks, which this entry has none of"
        missing = f"which this {what} does not have" if name not in entry else "which the page does not mark as inferred"
        problems.append(
            document.problem(
                where,
                f"expected the name of the inferred field: {choices}; found `{name}`, {missing}. "
                "Name the field whose value the source does not state.",
            )
        )
    return problems


_ENTRY_NAMES = {
    "sources": "source",
    "figures": "figure",
    "ranks": "rank",
    "targets": "target",
    "progress": "progress report",
    "later_progress": "progress report",
    "events": "event",
}


def _listed_names(names: list[str]) -> str:
    shown = [f"`{name}`" for name in names]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def bounded_counts(document: Document) -> list[Problem]:
    """A rank cannot lie beyond its total, nor move by more places than the ranking has;
    progress cannot exceed the number of targets, and a status must agree with it."""
    problems = []
    data = document.data if isinstance(document.data, dict) else {}
    for index, figure in enumerate(_items(data.get("figures"))):
        for rank_index, rank in enumerate(_items(figure.get("ranks"))):
            problems += _rank_problems(document, ("figures", index, "ranks", rank_index), rank)
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
            elif message := _status_problem(target.get("status"), achieved, total):
                problems.append(document.problem(("targets", index, "status"), message))
        problems += _range_problems(document, ("targets", index, "value_range"), target.get("value_range"))
    return problems


def _rank_problems(document: Document, path: tuple, rank: dict) -> list[Problem]:
    position, total = rank.get("position"), rank.get("total")
    problems = []
    if _numbers(position, total) and position > total:
        problems.append(
            document.problem(
                (*path, "position"),
                f"expected a rank from 1 to its total {total}; found rank {position}, which is greater "
                "than the total. Check both numbers against the source.",
            )
        )
    if message := _rank_change_problem(position, total, rank.get("change")):
        problems.append(document.problem((*path, "change"), message))
    return problems


def report_problems(document: Document) -> list[Problem]:
    """What a figure's second sources and pillars, and a target's later reports, add must fit
    what they add to: another source reports the same national rank, a pillar ranks within
    the figure's total, a later report counts no more than it has, and comes after the one
    before it (the first being `progress`)."""
    problems = []
    data = document.data if isinstance(document.data, dict) else {}
    for index, figure in enumerate(_items(data.get("figures"))):
        problems += _other_report_problems(document, index, figure)
        problems += _pillar_problems(document, index, figure)
    for index, target in enumerate(_items(data.get("targets"))):
        problems += _later_progress_problems(document, index, target)
    return problems


def _national(ranks) -> dict | None:
    return next((rank for rank in _items(ranks) if rank.get("scope", "national") == "national"), None)


def _other_report_problems(document: Document, index: int, figure: dict) -> list[Problem]:
    own_source = figure.get("source")
    problems, seen = [], ({own_source: None} if isinstance(own_source, str) else {})
    own = _national(figure.get("ranks"))
    for number, other in enumerate(_items(figure.get("also_reported_by"))):
        path = ("figures", index, "also_reported_by", number)
        source = other.get("source")
        if isinstance(source, str) and source in seen:
            line = seen[source]
            problems.append(
                document.problem(
                    (*path, "source"),
                    f"expected another source than the figure's own `source`; found `{source}`, which the figure already cites. Remove it."
                    if line is None
                    else f"expected each source once in `also_reported_by`; found `{source}` again (line {line}). Remove one.",
                )
            )
        if isinstance(source, str):
            seen.setdefault(source, document.positions.get((*path, "source"), (0, 0))[0])
        for rank_index, rank in enumerate(_items(other.get("ranks"))):
            problems += _rank_problems(document, (*path, "ranks", rank_index), rank)
        theirs = _national(other.get("ranks"))
        if own and theirs and _numbers(own.get("position"), theirs.get("position")) and own["position"] != theirs["position"]:
            rank_index = _items(other.get("ranks")).index(theirs)
            problems.append(
                document.problem(
                    (*path, "ranks", rank_index, "position"),
                    f"expected the figure's national rank, {own['position']}, as `also_reported_by` lists sources that "
                    f"report the same figure; found {theirs['position']}. Where sources disagree, keep the figure as its "
                    "best source gives it, and state the disagreement in `open_question`.",
                )
            )
    return problems


def _pillar_problems(document: Document, index: int, figure: dict) -> list[Problem]:
    problems, seen = [], {}
    total = (_national(figure.get("ranks")) or {}).get("total")
    for number, pillar in enumerate(_items(figure.get("pillars"))):
        path = ("figures", index, "pillars", number)
        name, position = pillar.get("pillar"), pillar.get("position")
        if isinstance(name, str) and name in seen:
            problems.append(
                document.problem(
                    (*path, "pillar"),
                    f"expected each pillar once; found `{name}` again (line {seen[name]}). Keep one.",
                )
            )
        elif isinstance(name, str):
            seen[name] = document.positions.get((*path, "pillar"), (0, 0))[0]
        if _numbers(position, total) and position > total:
            problems.append(
                document.problem(
                    (*path, "position"),
                    f"expected a pillar's rank from 1 to the figure's total {total}; found {position}. "
                    "Check both numbers against the source.",
                )
            )
    return problems


def _later_progress_problems(document: Document, index: int, target: dict) -> list[Problem]:
    problems = []
    progress = target.get("progress")
    before = (progress.get("as_of"), "the date of `progress`") if isinstance(progress, dict) else (None, "")
    for number, report in enumerate(_items(target.get("later_progress"))):
        path = ("targets", index, "later_progress", number)
        achieved, total, as_of = report.get("achieved"), report.get("total"), report.get("as_of")
        if _numbers(achieved, total) and achieved > total:
            problems.append(
                document.problem(
                    (*path, "achieved"),
                    f"expected at most {total} targets achieved (the `total`); found {achieved}. "
                    "`achieved` cannot exceed `total`.",
                )
            )
        earlier, what = before
        if isinstance(as_of, str) and isinstance(earlier, str) and _not_after(as_of, earlier):
            problems.append(
                document.problem(
                    (*path, "as_of"),
                    f'expected a date after {what}, "{earlier}"; found "{as_of}", which is '
                    f"{'the same' if as_of == earlier else 'earlier'}. A later report comes after the one before it: "
                    "check the date against its source, and list the reports oldest first.",
                )
            )
        if isinstance(as_of, str):
            before = (as_of, f"later report {number + 1}")
    return problems


def _not_after(date: str, earlier: str) -> bool:
    """Whether `date` is the same as `earlier` or before it, compared at the precision both
    give (2025 is after 2023-09-21; 2023-09 may be either, and is not refused)."""
    shared = min(len(date), len(earlier))
    return date == earlier or date[:shared] < earlier[:shared]


def _rank_change_problem(position, total, change) -> str | None:
    """`change` is the places gained (+) or lost (-): the rank before was position + change."""
    if not _numbers(position, change):
        return None
    if _numbers(total) and abs(change) >= total:
        return (
            f"expected a change of at most {total - 1} places, as {total} are ranked; found {change}. "
            "Check it against the source."
        )
    if position + change < 1:
        most = f"at most {position - 1} place{'s' * (position != 2)} lost, as rank {position} is only {position - 1} place{'s' * (position != 2)} below the first" if position > 1 else "no place lost at rank 1, the first"
        return f"expected {most}; found {change}. Check the sign: places gained are positive (7), places lost negative (-3)."
    return None


def _status_problem(status, achieved, total) -> str | None:
    """`status` and `progress` say the same: achieved (or exceeded) when every part is."""
    if not _numbers(achieved, total) or status not in ("achieved", "exceeded", "in-progress"):
        return None
    if status != "in-progress" and achieved < total:
        return (
            f"expected `status: {status}` only when every part is achieved; found {achieved} of {total} "
            "achieved in `progress`. Check both against the source: `in-progress` may be meant."
        )
    if status == "in-progress" and achieved == total:
        return (
            f"expected `status: in-progress` only while a part is left; found {achieved} of {total} achieved "
            "in `progress`. Check both against the source: `achieved` may be meant."
        )
    return None


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


# A sentence ends at ., ! or ? (closing quotes or brackets may follow) before more text.
_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=\S)")
LEDE_SENTENCES = 2


def key_figure_problems(document: Document) -> list[Problem]:
    """A province's `key_figures` name its own figures, each once (an id is
    `<province>-<indicator>-<n>`, the n-th figure of that indicator in the file, as
    dataset.py numbers them), and its `lede` is at most two sentences in each language."""
    data = document.data if isinstance(document.data, dict) else {}
    problems = []
    lede = data.get("lede")
    for language in ("vi", "en"):
        text = lede.get(language) if isinstance(lede, dict) else None
        if isinstance(text, str) and (count := len(_SENTENCE_BREAK.findall(text.strip())) + 1) > LEDE_SENTENCES:
            problems.append(
                document.problem(
                    ("lede", language),
                    f"expected at most {LEDE_SENTENCES} sentences; found {count} (a sentence ends at ., ! or ? "
                    "followed by a space). Keep the lede to the province's story in short: the rest belongs in `summary`.",
                )
            )
    chosen = data.get("key_figures")
    province_id = data.get("id")
    if not isinstance(chosen, list) or not isinstance(province_id, str):
        return problems
    counters: dict[str, int] = {}
    ids = []
    for figure in _items(data.get("figures")):
        if isinstance(indicator := figure.get("indicator"), str):
            counters[indicator] = counters.get(indicator, 0) + 1
            ids.append(f"{province_id}-{indicator}-{counters[indicator]}")
    first: dict[str, int] = {}
    for index, figure_id in enumerate(chosen):
        if not isinstance(figure_id, str):
            continue
        path = ("key_figures", index)
        if figure_id in first:
            line = document.positions.get(("key_figures", first[figure_id]), (0, 0))[0]
            problems.append(
                document.problem(
                    path,
                    f"expected each key figure once; found `{figure_id}` again (key figure {first[figure_id] + 1}, "
                    f"line {line}). Remove one, or choose another figure.",
                )
            )
            continue
        first[figure_id] = index
        if figure_id not in ids:
            problems.append(
                document.problem(
                    path,
                    f"expected the id of one of this file's figures (`{province_id}-<indicator>-<n>`, the n-th figure "
                    f"of that indicator in `figures`); found `{figure_id}`.{_nearest(figure_id, ids)}",
                )
            )
    return problems


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
    if "rows" in data:  # a ranking
        check(("indicator",), data.get("indicator"), "indicators", "data/indicators.yml")
        check(("source",), data.get("source"), "sources", "data/sources.yml")
    for index, figure in enumerate(data.get("figures") if isinstance(data.get("figures"), list) else []):
        if not isinstance(figure, dict):
            continue
        check(("figures", index, "indicator"), figure.get("indicator"), "indicators", "data/indicators.yml")
        check(("figures", index, "source"), figure.get("source"), "sources", "data/sources.yml")
        check(("figures", index, "unit"), figure.get("unit"), "units", "data/definitions.yml")
        for rank_index, rank in enumerate(figure.get("ranks") if isinstance(figure.get("ranks"), list) else []):
            if isinstance(rank, dict) and rank.get("scope") != "national":
                check(("figures", index, "ranks", rank_index, "scope"), rank.get("scope"), "regions", "data/definitions.yml")
        for number, pillar in enumerate(_items(figure.get("pillars"))):
            check(("figures", index, "pillars", number, "pillar"), pillar.get("pillar"), "pillars", "data/definitions.yml")
        for number, other in enumerate(_items(figure.get("also_reported_by"))):
            check(("figures", index, "also_reported_by", number, "source"), other.get("source"), "sources", "data/sources.yml")
            for rank_index, rank in enumerate(_items(other.get("ranks"))):
                if rank.get("scope") != "national":
                    path = ("figures", index, "also_reported_by", number, "ranks", rank_index, "scope")
                    check(path, rank.get("scope"), "regions", "data/definitions.yml")
    for index, target in enumerate(data.get("targets") if isinstance(data.get("targets"), list) else []):
        if not isinstance(target, dict):
            continue
        check(("targets", index, "indicator"), target.get("indicator"), "indicators", "data/indicators.yml")
        check(("targets", index, "unit"), target.get("unit"), "units", "data/definitions.yml")
        check(("targets", index, "source"), target.get("source"), "sources", "data/sources.yml")
        for number, report in enumerate(_items(target.get("later_progress"))):
            check(("targets", index, "later_progress", number, "source"), report.get("source"), "sources", "data/sources.yml")
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


# The names the site gives its own pages and folders, in every language. A province's or
# an indicator's id names its page (tinh/<id>/, en/indicators/<id>/) and its download
# files: `index` would take the place of the list of provinces, and the others would be
# mistaken for the site's own addresses. tests/test_ids.py checks this list against the
# built site and the hand-written pages.
RESERVED_IDS = frozenset(
    {
        "index", "404", "assets", "search", "data", "sitemap", "robots", "vi", "en",
        "tinh", "chi-so", "so-sanh", "thuat-ngu", "du-lieu", "phuong-phap", "huong-dan-bien-tap",
        "provinces", "indicators", "compare", "glossary", "about", "editors-guide",
        "xep-hang", "rankings",
    }
)


def reserved_id_problems(document: Document, schema_name: str) -> list[Problem]:
    """Province and indicator ids that are names of the site's own pages."""
    data = document.data if isinstance(document.data, dict) else {}
    found = []
    if schema_name == "province":
        found.append((("id",), data.get("id"), "province"))
    if schema_name == "indicators":
        found += [(("indicators", index, "id"), item.get("id"), "indicator") for index, item in enumerate(_items(data.get("indicators")))]
    if schema_name == "ranking":
        found.append((("id",), data.get("id"), "ranking"))
    return [
        document.problem(
            path,
            f"expected an id of the {kind}'s own; found `{value}`, a name the site uses for one of its own pages "
            f"or folders. Choose another id, such as the {kind}'s name.",
        )
        for path, value, kind in found
        if isinstance(value, str) and value in RESERVED_IDS
    ]


# Dates that say when something happened or was measured (and, below, ranks' `change_since`,
# progress's `as_of`, a resolution's date). A target's deadline, and the day a merger takes
# effect, may lie ahead.
_PAST_DATES = {
    "figures": ("period", "as_of"),
    "events": ("date",),
    "sources": ("published",),
}
_PERIOD_START = {"Q1": "01", "Q2": "04", "Q3": "07", "Q4": "10", "H1": "01", "H2": "07"}
_DATE_OR_PERIOD = re.compile(r"[0-9]{4}(?:-(?:[0-9]{2}(?:-[0-9]{2})?|Q[1-4]|H[12]))?")


def future_date_problems(document: Document, today: str) -> list[Problem]:
    """Dates after the build date (`today`, YYYY-MM-DD): nothing has been reported from the
    future. A date is compared at its own precision ("2025" is not after 2025-06-01), a
    period by its first month."""
    data = document.data if isinstance(document.data, dict) else {}
    return [
        document.problem(
            path,
            f'expected a date no later than the build date ({today}); found "{value}", which is in the future. '
            "Check it against the source: the site reports only what has happened (a target's date to come is its `deadline`).",
        )
        for path, value in _dates(data)
        if _in_the_future(value, today)
    ]


def _dates(data: dict):
    """(path, value) of each date that says when something happened or was measured."""
    for key, names in _PAST_DATES.items():
        for index, item in enumerate(_items(data.get(key))):
            for name in names:
                yield (key, index, name), item.get(name)
    for index, figure in enumerate(_items(data.get("figures"))):
        for number, rank in enumerate(_items(figure.get("ranks"))):
            yield ("figures", index, "ranks", number, "change_since"), rank.get("change_since")
        for number, other in enumerate(_items(figure.get("also_reported_by"))):
            for rank_number, rank in enumerate(_items(other.get("ranks"))):
                path = ("figures", index, "also_reported_by", number, "ranks", rank_number, "change_since")
                yield path, rank.get("change_since")
    for index, target in enumerate(_items(data.get("targets"))):
        if isinstance(target.get("progress"), dict):
            yield ("targets", index, "progress", "as_of"), target["progress"].get("as_of")
        for number, report in enumerate(_items(target.get("later_progress"))):
            yield ("targets", index, "later_progress", number, "as_of"), report.get("as_of")
    if isinstance(data.get("administrative_change"), dict):
        yield ("administrative_change", "resolution_date"), data["administrative_change"].get("resolution_date")


def _in_the_future(value, today: str) -> bool:
    if not isinstance(value, str) or not _DATE_OR_PERIOD.fullmatch(value):
        return False
    start = value[:5] + _PERIOD_START[value[5:]] if value[5:] in _PERIOD_START else value
    return start > today[: len(start)]


def source_url_problems(document: Document) -> list[Problem]:
    """A source's `url` is a web address a browser can open: http or https, a site's name,
    no spaces (the schema only sees that it starts with https:// or http://)."""
    data = document.data if isinstance(document.data, dict) else {}
    problems = []
    for index, source in enumerate(_items(data.get("sources"))):
        url = source.get("url")
        if isinstance(url, str) and url.startswith(("http://", "https://")) and (reason := _url_fault(url)):
            problems.append(
                document.problem(
                    ("sources", index, "url"),
                    f"expected a web address such as https://nld.com.vn/...; found {_describe(url)}, {reason}. "
                    "Copy the address again from the browser's address bar.",
                )
            )
    return problems


_HOST_LABEL = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")


def _url_fault(url: str) -> str | None:
    if any(character.isspace() or not character.isprintable() for character in url):
        return "which holds a space or a line break"
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # a `[` or `]` out of place
        return "which is not a web address (a `[` or `]` is out of place)"
    try:
        parts.port
    except ValueError:
        return f"in which `:{parts.netloc.rpartition(':')[2]}` after the site's name is not a port number (remove it, or correct it)"
    host = parts.hostname or ""
    if not host:
        return "which has no site's name after the //"
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return f"whose site's name `{host}` is incomplete or misspelt (a site's name has dots, as in nld.com.vn)"
    return None


def abbreviation_problems(document: Document) -> list[Problem]:
    """Glossary abbreviations that would be explained where they are not meant: one that
    is an ordinary word (`of` would be explained in every "of" of the site), or one given
    twice (only the last explanation would be shown)."""
    data = document.data if isinstance(document.data, dict) else {}
    problems, first = [], {}
    for index, term in enumerate(_items(data.get("terms"))):
        also = term.get("also") if isinstance(term.get("also"), list) else []
        spellings = [(("terms", index, "abbreviation"), term.get("abbreviation"))]
        spellings += [(("terms", index, "also", number), spelling) for number, spelling in enumerate(also)]
        for path, spelling in spellings:
            if not isinstance(spelling, str) or len(spelling) < 2:
                continue
            # Written as an abbreviation: a digit, or a capital letter after the first character
            # (`It` and `Of` are words at the start of a sentence).
            if not (any(c.isdigit() for c in spelling) or any(c.isupper() for c in spelling[1:])):
                problems.append(
                    document.problem(
                        path,
                        f"expected an abbreviation written as one, with a digit or a capital letter after the first "
                        f"(DTI, VNeID, 5G); found {_describe(spelling)}, an ordinary word, which would be explained "
                        "wherever it appears in the pages. Write it as the texts do, or remove it.",
                    )
                )
            elif spelling in first:
                term_id, line = first[spelling]
                problems.append(
                    document.problem(
                        path,
                        f"expected each abbreviation once in the glossary; found {_describe(spelling)} again, already "
                        f"given for the term `{term_id}` on line {line}: only one explanation can be shown on hover. "
                        "Keep it in one term.",
                    )
                )
            else:
                first[spelling] = (term.get("id"), document.positions.get(path, (0, 0))[0])
    return problems


def duplicate_figures(document: Document, units: dict[str, str]) -> list[Problem]:
    """A province states each figure once: the same indicator, period (or as_of) and unit
    given twice, or a rank in the same ranking (scope) twice, is a copy or a contradiction.
    `units` is each indicator's unit, which a figure has unless it gives its own."""
    data = document.data if isinstance(document.data, dict) else {}
    problems, first = [], {}  # first: what a figure states → where it is first stated
    for index, figure in enumerate(_items(data.get("figures"))):
        indicator = figure.get("indicator")
        when = ("period", figure.get("period")) if "period" in figure else ("as of", figure.get("as_of"))
        if not isinstance(indicator, str) or not isinstance(when[1], str):
            continue
        stated = []
        unit = figure.get("unit", units.get(indicator))
        if ("value" in figure or "value_range" in figure) and isinstance(unit, (str, type(None))):
            stated.append(((indicator, when, "unit", unit), ("figures", index)))
        for number, rank in enumerate(_items(figure.get("ranks"))):
            scope = rank.get("scope", "national")
            if isinstance(scope, str):
                stated.append(((indicator, when, f"ranking ({scope})"), ("figures", index, "ranks", number)))
        for key, path in stated:
            earlier = first.setdefault(key, path)
            if earlier is path:
                continue
            name = f"figure {earlier[1] + 1}" if len(earlier) == 2 else f"rank {earlier[3] + 1} of figure {earlier[1] + 1}"
            problems.append(
                document.problem(
                    path,
                    f"expected each figure once; found a copy of {name} (line {document.positions.get(earlier, (0, 0))[0]}): "
                    f"the same indicator `{indicator}`, {when[0]} {when[1]} and {key[2]}. Keep one; where two sources "
                    "differ, keep the one that reports it best and mention the other in its `note`.",
                )
            )
    return problems


_FIELD = re.compile(r"[a-z][a-z0-9_]*")


@functools.lru_cache(maxsize=None)
def interface_placeholders(schema_dir: str) -> dict[str, tuple[str, ...]]:
    """Each interface string the site shows → the placeholders it fills in. The one list is
    `strings.properties` in schema/interface.schema.json; tests/test_interface_strings.py
    checks it against every call of `t` in the templates and hooks."""
    declared = _schemas(schema_dir)["interface"]["properties"]["strings"]["properties"]
    return {name: tuple(entry["placeholders"]) for name, entry in declared.items()}


@functools.lru_cache(maxsize=None)
def interface_counts(schema_dir: str) -> dict[str, str]:
    """Each interface string with a number in it → the placeholder that holds the number
    (`count` in schema/interface.schema.json): its words agree with that number, so it has
    a form for each CLDR plural category of the language (English "1 source", "2 sources")."""
    declared = _schemas(schema_dir)["interface"]["properties"]["strings"]["properties"]
    return {name: entry["count"] for name, entry in declared.items() if "count" in entry}


def placeholder_problems(document: Document, schema_dir: Path) -> list[Problem]:
    """Interface strings: every string the site shows is there and no other, and each has,
    in both languages, exactly the placeholders the site fills in; a string with a count
    has the plural forms its language needs, each with those placeholders."""
    strings = document.data.get("strings") if isinstance(document.data, dict) else None
    if not isinstance(strings, dict):
        return []  # the schema's problem
    declared = interface_placeholders(str(schema_dir))
    counts = interface_counts(str(schema_dir))
    problems = _string_name_problems(document, strings, declared)
    for key, text in strings.items():
        if key not in declared or not isinstance(text, dict):
            continue
        for language in ("vi", "en"):
            path, value = ("strings", key, language), text.get(language)
            if key in counts:
                problems += _plural_problems(document, path, value, declared[key])
                continue
            message = _placeholder_message(value, declared[key]) if isinstance(value, str) else None
            if message:
                problems.append(document.problem(path, message))
    return problems


def _plural_problems(document: Document, path: tuple, value, fills: tuple[str, ...]) -> list[Problem]:
    """A counted text in one language (`path` ends with it): one form for each plural
    category the language's numbers take (Babel's CLDR rules), no other, each with the
    placeholders `fills`. One text stands for every number in a language with one form."""
    language = path[-1]
    categories = plural_categories(language)
    name = _LANGUAGE_NAMES[language]
    if isinstance(value, str):
        if list(categories) == ["other"]:
            message = _placeholder_message(value, fills)
            return [document.problem(path, message)] if message else []
        example = "{" + ", ".join(f'{category}: "…"' for category in categories) + "}"
        return [document.problem(path, (
            f"expected a form for each kind of number {name} writes differently, as `{example}`: "
            f"{_plural_list(categories)}; found one text for every number. Write each form, with {_listed(fills)}."))]
    if not isinstance(value, dict) or not set(value) <= set(PLURAL_CATEGORIES):
        return []  # the schema's problem (a form under a name CLDR does not have)
    problems = []
    missing = [category for category in categories if category not in value]
    if missing:
        additions = ", and ".join(f'`{category}: "…"` with the words for {_sample_numbers(categories[category])}' for category in missing)
        problems.append(document.problem(path, (
            f"expected a form for each kind of number {name} writes differently: {_plural_list(categories)}; "
            f"found no {_listed_words(missing, 'or')}. Add {additions}.")))
    unused = [category for category in value if category not in categories]
    if unused:
        them = "it" if len(unused) == 1 else "them"
        takes = (", where every number takes the same words: one text is enough (or `other` alone)"
                 if list(categories) == ["other"] else f": its numbers take {_plural_list(categories)}")
        problems.append(document.problem((*path, unused[0]), (
            f"found the form {_listed_words(unused)}, which no number takes in {name}{takes}. Remove {them}."), at_key=True))
    for category, form in value.items():
        message = _placeholder_message(form, fills) if isinstance(form, str) and category in categories else None
        if message:
            problems.append(document.problem((*path, category), message))
    return problems


def _plural_list(categories: dict[str, tuple[int, ...]]) -> str:
    """`one` (for 1) and `other` (for 0, 2, 3, 4 …)."""
    shown = [f"`{category}` (for {_sample_numbers(numbers)})" for category, numbers in categories.items()]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _sample_numbers(numbers: tuple[int, ...]) -> str:
    """The whole numbers that take a plural category: `1`, `0, 2, 3, 4 …`."""
    if not numbers:
        return "numbers with decimals"
    return ", ".join(map(str, numbers)) + (" …" if len(numbers) > 3 else "")


def _listed_words(names, conjunction: str = "and") -> str:
    """`one`, `two` and `few`."""
    shown = [f"`{name}`" for name in names]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {conjunction} {shown[-1]}"


def _string_name_problems(document: Document, strings: dict, declared: dict[str, tuple[str, ...]]) -> list[Problem]:
    """Strings no page shows (most often a misspelt name: reported as such, once) and
    strings the pages show that are missing."""
    missing = [name for name in declared if name not in strings]
    problems, misspelt = [], set()
    for key in strings:
        if key in declared:
            continue
        match = difflib.get_close_matches(str(key), [name for name in missing if name not in misspelt], n=1, cutoff=0.6)
        if match:
            misspelt.add(match[0])
            hint = f"; did you mean `{match[0]}` (a string the pages show, missing here)? Rename it."
        else:
            hint = (", so it would never appear. Remove it; a new string needs a change to the site's "
                    "templates (and its entry in schema/interface.schema.json).")
        problems.append(document.problem(("strings", key), f"unknown string `{key}`: no page shows it{hint}", at_key=True))
    for name in missing:
        if name not in misspelt:
            example = "".join(f"... {{{placeholder}}} " for placeholder in declared[name]) + "..."
            problems.append(
                document.problem(
                    ("strings",),
                    f'required string `{name}` is missing (for example `{name}: {{vi: "{example}", en: "{example}"}}`); add it.',
                )
            )
    return problems


def _placeholder_message(text: str, fills: tuple[str, ...]) -> str | None:
    """What is wrong with the placeholders of one interface text, which should be exactly
    `fills`; None if nothing is."""
    here = f"the site fills in {_listed(fills)} here" if fills else "the site fills in nothing in this text"
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return (f"expected placeholders written as a name in braces ({here}); found a `{{` or `}}` that is not "
                "part of one. Remove it, or write `{{` or `}}` for a brace.")
    found: dict[str, str] = {}  # name → as written
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        if fills and (not _FIELD.fullmatch(name) or spec or conversion):
            return f"expected placeholders written as a name in braces ({here}); found `{{{shown}}}`."
        found.setdefault(name, shown)
    missing = [name for name in fills if name not in found]
    unknown = [shown for name, shown in found.items() if name not in fills]
    them = "it" if len(missing or unknown) == 1 else "them"
    if missing and unknown:
        return (f"expected {_listed(fills)}, which the site fills in; found {_listed(unknown)} instead of "
                f"{_listed(missing)}. Placeholders keep their names in every language: write "
                f"{_listed(missing)}, and translate only the words around {them}.")
    if missing:
        return (f"expected {_listed(fills)}, which the site fills in; found no {_listed(missing, 'or')}, so the "
                f"page would leave {them} out. Put {them} back in the sentence.")
    if unknown:
        expected = f"expected only {_listed(fills)}, which the site fills in" if fills else (
            "expected no placeholder, as the site fills in nothing in this text")
        which = ", which it does not fill in" if fills else ""
        return (f"{expected}; found {_listed(unknown)}{which}. Remove {them}, or double the "
                f"braces (`{{{{{unknown[0]}}}}}`) to show {them} as written.")
    return None


def _listed(names, conjunction: str = "and") -> str:
    """`{a}`, `{b}` and `{c}`."""
    shown = [f"`{{{name}}}`" for name in names]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {conjunction} {shown[-1]}"


# An abbreviation is explained wherever a text has it as a whole word (Formatter.segments
# and Python-Markdown's `abbr` extension both look for it between word boundaries), so it
# begins and ends with a letter or a digit. Between them: spaces, dots, hyphens, slashes, `&`.
_ABBREVIATION = re.compile(r"[^\W_]+(?:[ .&/-]+[^\W_]+)*")
_ABBREVIATION_CHARACTER = re.compile(r"[^\W_]|[ .&/-]")
# At least one letter: a number alone would also be found inside Python-Markdown's
# placeholders for raw HTML (`wzxhzdk:0`), and break every table and data block of a page.
_LETTER = re.compile(r"[^\W\d_]")
# A term's name is the text readers see on hover: one line, and no markup, which would show as written.
_NOT_IN_A_NAME = re.compile(r"[\n\r\v\f\x85\u2028\u2029<>]")


def glossary_problems(document: Document) -> list[Problem]:
    """Glossary spellings that could never be found in a text as a whole word (a line
    break, `]`, `*`, `<` ...), and names that are not one line of plain text."""
    problems = []
    data = document.data if isinstance(document.data, dict) else {}
    for index, term in enumerate(_items(data.get("terms"))):
        also = term.get("also") if isinstance(term.get("also"), list) else []
        spellings = [(("terms", index, "abbreviation"), term.get("abbreviation"))]
        spellings += [(("terms", index, "also", number), spelling) for number, spelling in enumerate(also)]
        for path, spelling in spellings:
            if isinstance(spelling, str) and spelling and not (_ABBREVIATION.fullmatch(spelling) and _LETTER.search(spelling)):
                problems.append(document.problem(path, _abbreviation_message(spelling)))
        name = term.get("name") if isinstance(term.get("name"), dict) else {}
        for language in ("vi", "en"):
            text = name.get(language)
            if isinstance(text, str) and (found := _NOT_IN_A_NAME.search(text)):
                advice = (
                    "Write it on one line." if found.group() not in "<>"
                    else "Remove the markup: here `<b>` or `<!-- data: … -->` would show as written."
                )
                problems.append(
                    document.problem(
                        ("terms", index, "name", language),
                        f"expected the term's name as plain text on one line, as readers see it on hover "
                        f"over the abbreviation; found {_character(found.group())} in {_describe(text)}. {advice}",
                    )
                )
    return problems


def _abbreviation_message(spelling: str) -> str:
    wrong = next((c for c in spelling if not _ABBREVIATION_CHARACTER.fullmatch(c)), None)
    if wrong:
        found = f"{_character(wrong)} in"
    elif _LETTER.search(spelling):
        found = "a space or punctuation at the start or end of"
    else:
        found = "no letter in"
    return (
        "expected an abbreviation as texts write it: letters and digits (at least one letter), with spaces, dots, hyphens, "
        f"slashes or `&` between them (for example DTI, PAR INDEX, R&D); found {found} {_describe(spelling)}. "
        "Only a whole word of a text is explained on hover."
    )


def _character(character: str) -> str:
    if character in "\n\r\v\f\x85\u2028\u2029":
        return "a line break"
    if character == "\t":
        return "a tab"
    if not character.isprintable():
        return f"the invisible character U+{ord(character):04X}"
    return f"`{character}`" if character != "`" else "a backquote (`)"
