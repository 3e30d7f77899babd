"""Checks of the rankings (data/rankings/) and of the province identities they rest on.

Who a province is comes from data/admin-units.yml, which tools/admin_units.py writes from
a library: a ranking row names its province by code and prints its name as the source
does, so both must agree with that file; a province file's `code` must be one of it. What
JSON Schema cannot say about a ranking is checked here: each province once, as many rows
as the ranking's `total`, and positions in the source's order with ties as competition
rankings have them (15, 15, 17: no 16th after two share 15th). Each check is one pass.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .load import Document
from .problems import Problem

ADMIN_UNITS_FILE = "data/admin-units.yml"
# What a source may print around a province's name: "TP. Đà Nẵng", "Tỉnh Nghệ An",
# "Thành phố Cần Thơ"; and "Thừa Thiên - Huế" or "Bà Rịa–Vũng Tàu" with any hyphen or dash.
_KIND_PREFIX = re.compile(r"^(?:tp\.|tp\s|tỉnh\s|thành phố\s)\s*")
_DASHES = re.compile(r"[-‐‑‒–—]")


def comparable_name(name: str) -> str:
    """A province's name as it is compared: without the kind of unit, hyphens and extra
    spaces, in one case and one Unicode form."""
    text = unicodedata.normalize("NFC", name).casefold().strip()
    text = _KIND_PREFIX.sub("", text)
    return " ".join(_DASHES.sub(" ", text).split())


def _items(value) -> list:
    return value if isinstance(value, list) else []


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def admin_units(document: Document) -> dict[str, dict]:
    """code → unit, from a checked data/admin-units.yml."""
    return {unit["code"]: unit for unit in document.data["provinces"]}


def admin_unit_problems(document: Document) -> list[Problem]:
    """data/admin-units.yml lists each code once (the schema checks the rest)."""
    problems, first = [], {}
    for index, unit in enumerate(_items(_mapping(document.data).get("provinces"))):
        code = _mapping(unit).get("code")
        if not isinstance(code, str):
            continue
        if code in first:
            problems.append(
                document.problem(
                    ("provinces", index, "code"),
                    f"expected each code once; found `{code}` again, already on line {_line(document, ('provinces', first[code], 'code'))}. "
                    "Write the file again with `make admin-units` instead of editing it.",
                )
            )
        first.setdefault(code, index)
    return problems


def _line(document: Document, path: tuple) -> int:
    return document.positions.get(path, (0, 0))[0]


def _unit_named(units: dict[str, dict], name: str) -> dict | None:
    compared = comparable_name(name)
    return next((unit for unit in units.values() if comparable_name(unit["name"]["vi"]) == compared), None)


def _unknown_code(units: dict[str, dict], code: str, name: str | None) -> str:
    named = _unit_named(units, name) if isinstance(name, str) else None
    hint = f' "{name}" is code {named["code"]} there.' if named else ""
    return (
        f"expected the code of a province in {ADMIN_UNITS_FILE} (its GSO code, in quotes); found `{code}`, which it does not list.{hint}"
    )


def ranking_problems(document: Document, units: dict[str, dict] | None) -> list[Problem]:
    """Every way a checked ranking file contradicts itself or data/admin-units.yml.
    `units` is None while that file has problems of its own: codes are checked once it is fixed."""
    data = _mapping(document.data)
    rows = _items(data.get("rows"))
    problems = _count_problem(document, data, rows)
    problems += _position_problems(document, rows)
    problems += _component_problems(document, data, rows)
    if units is not None:
        aliases, alias_problems = _aliases(document, data, units)
        problems += alias_problems
        problems += _row_province_problems(document, rows, units, aliases)
    return problems


def _count_problem(document: Document, data: dict, rows: list) -> list[Problem]:
    total = data.get("total")
    if not isinstance(total, int) or len(rows) == total:
        return []
    return [
        document.problem(
            ("total",),
            f"expected {total} rows under `rows`, one for each province ranked (`total: {total}`); found {len(rows)}. "
            "Add the missing rows or remove the extra ones, or correct `total` if the source ranks another number of provinces.",
        )
    ]


def _position_problems(document: Document, rows: list) -> list[Problem]:
    """The first row out of sequence: after it every position would be off, so only it is reported."""
    previous = None
    for index, row in enumerate(rows):
        position = _mapping(row).get("position")
        if not isinstance(position, int) or isinstance(position, bool):
            return []
        if position == index + 1 or position == previous:
            previous = position
            continue
        path = ("rows", index, "position")
        if previous is None:
            return [document.problem(path, f"expected position 1 for the first row; found {position}. Rows go in the source's order, best first.")]
        tied = index + 1 - previous  # rows sharing the previous position
        if position == previous + 1 and tied > 1:
            message = (
                f"expected position {index + 1}, or {previous} if this row ties with the one above; found {position}. "
                f"{tied} rows share position {previous}, so the next position is {index + 1}: a tie takes as many places "
                f"as rows share it (15, 15, 17, with no 16th)."
            )
        else:
            message = (
                f"expected position {index + 1} ({index} rows come before this one), or {previous} if this row ties "
                f"with the one above; found {position}. Rows go in the source's order, best first, and a position is "
                "skipped only after a tie (15, 15, 17). Check for a missing or misplaced row."
            )
        return [document.problem(path, message)]
    return []


def _component_problems(document: Document, data: dict, rows: list) -> list[Problem]:
    declared = [_mapping(item).get("id") for item in _items(data.get("components"))]
    problems = []
    for index, row in enumerate(rows):
        row = _mapping(row)
        if "score" in row and not isinstance(data.get("score"), dict):
            problems.append(
                document.problem(
                    ("rows", index, "score"),
                    "expected a `score:` section (with the score's `name`) at the top of the file before rows give a score; "
                    "found none. Add it, naming the score as the source does.",
                )
            )
        for key in _mapping(row.get("components")):
            if key not in declared:
                listed = ", ".join(f"`{name}`" for name in declared if isinstance(name, str)) or "none"
                problems.append(
                    document.problem(
                        ("rows", index, "components", key),
                        f"expected a component listed under `components` at the top of the file ({listed}); found `{key}`. "
                        "Correct the id, or add the component there with its name.",
                        at_key=True,
                    )
                )
    return problems


def _aliases(document: Document, data: dict, units: dict[str, dict]) -> tuple[dict[tuple[str, str], int], list[Problem]]:
    """(code, name as compared) → index of the alias declaring it; and the aliases' own problems."""
    aliases, problems = {}, []
    printed = {
        (row.get("province"), comparable_name(row["as_printed"]))
        for row in map(_mapping, _items(data.get("rows")))
        if isinstance(row.get("as_printed"), str)
    }
    for index, alias in enumerate(_items(data.get("aliases"))):
        code, name = _mapping(alias).get("province"), _mapping(alias).get("as_printed")
        if not isinstance(code, str) or not isinstance(name, str):
            continue
        if code not in units:
            problems.append(document.problem(("aliases", index, "province"), _unknown_code(units, code, None)))
            continue
        key = (code, comparable_name(name))
        if key in aliases:
            problems.append(document.problem(("aliases", index), f'expected each alias once; found "{name}" for code {code} again. Keep one.'))
        elif key not in printed:
            problems.append(
                document.problem(
                    ("aliases", index),
                    f'expected an alias that a row prints; found "{name}" for code {code}, which no row has as `as_printed`. '
                    "Remove it, or correct the row's name.",
                )
            )
        aliases.setdefault(key, index)
    return aliases, problems


def _row_province_problems(document: Document, rows: list, units: dict[str, dict], aliases: dict) -> list[Problem]:
    problems, first = [], {}
    for index, row in enumerate(rows):
        row = _mapping(row)
        code, printed = row.get("province"), row.get("as_printed")
        if not isinstance(code, str):
            continue
        unit = units.get(code)
        if unit is None:
            problems.append(document.problem(("rows", index, "province"), _unknown_code(units, code, printed)))
            continue
        if code in first:
            earlier = first[code]
            problems.append(
                document.problem(
                    ("rows", index, "province"),
                    f"expected each province once; found code {code} ({unit['name']['vi']}) again, already in row {earlier + 1} "
                    f"(line {_line(document, ('rows', earlier))}). Keep one row per province.",
                )
            )
        first.setdefault(code, index)
        if not isinstance(printed, str):
            continue
        compared = comparable_name(printed)
        if compared == comparable_name(unit["name"]["vi"]) or (code, compared) in aliases:
            continue
        other = _unit_named(units, printed)
        hint = (
            f' "{printed}" is code {other["code"]} in {ADMIN_UNITS_FILE}: is the code wrong?'
            if other
            else f" If the source prints another name for this province, declare it under `aliases` (code {code}, as_printed \"{printed}\") with a note saying why."
        )
        problems.append(
            document.problem(
                ("rows", index, "as_printed"),
                f'expected the name of code {code} in {ADMIN_UNITS_FILE}, "{unit["name"]["vi"]}" ({unit["official_name"]}), '
                f'as the source prints it; found "{printed}".{hint}',
            )
        )
    return problems


def ranking_file_problems(rankings: list[Document]) -> list[Problem]:
    """A ranking file is named after its id (its page's address)."""
    problems = []
    for document in rankings:
        ranking_id = _mapping(document.data).get("id")
        stem = Path(document.path).stem
        if isinstance(ranking_id, str) and ranking_id != stem:
            problems.append(
                document.problem(("id",), f"expected the id to match the file name ({stem}.yml); found `{ranking_id}`. Rename the file to {ranking_id}.yml, or change the id to `{stem}`.")
            )
    return problems


def province_code_problems(provinces: list[Document], units: dict[str, dict] | None) -> list[Problem]:
    """A province's `code` is one of data/admin-units.yml, and two provinces do not share one."""
    if units is None:
        return []
    problems, owners = [], {}
    for document in sorted(provinces, key=lambda d: d.path):
        data = _mapping(document.data)
        code = data.get("code")
        if not isinstance(code, str):
            continue
        name = _mapping(data.get("name")).get("vi")
        if code not in units:
            problems.append(document.problem(("code",), _unknown_code(units, code, name)))
        elif code in owners:
            problems.append(
                document.problem(
                    ("code",),
                    f"expected a code of this province's own; found `{code}` ({units[code]['name']['vi']}), which {owners[code]} already has. "
                    f"Check the code in {ADMIN_UNITS_FILE}.",
                )
            )
        owners.setdefault(code, document.path)
    return problems
