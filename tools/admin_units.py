#!/usr/bin/env python3
"""Write data/admin-units.yml, the provinces' identities, from the library vietnamadminunits.

    make admin-units          # or: .venv/bin/python tools/admin_units.py

Who a province is (its official name, its GSO code, the unit it has belonged to since the
2025 rearrangement) is not typed by hand: it comes from `vietnamadminunits` (MIT; pinned in
requirements-test.txt), which holds the 63 provincial units as they were before 1 July 2025
with their GSO codes, the 34 units from then on, and which old unit went into which new one.
The build reads the YAML this writes and never imports the library, which pulls in numpy,
shapely and geopy and costs half a second to import; tests/test_rankings.py writes the file
again in memory and checks that the committed one is the same.

English names: the library has none. A name in English is the Vietnamese one without its
diacritics (Nghệ An → Nghe An, Hải Phòng → Hai Phong, as the state news agency's and the
city's own English pages write it), except for the few below that English writes otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TARGET = PROJECT_DIR / "data" / "admin-units.yml"
LIBRARY = "vietnamadminunits"

# Vietnamese short name → the usual English spelling, where it is not the name without diacritics.
ENGLISH_NAMES = {"Hà Nội": "Hanoi", "Hồ Chí Minh": "Ho Chi Minh City"}
# Legacy code → English name: the library's 63-province table names code 46 with the name
# the unit had when the table was made (Thành phố Huế); the years our rankings cover knew it
# as Thừa Thiên Huế province, which English writes Thua Thien Hue.
LEGACY_ENGLISH_NAMES = {"46": "Thua Thien Hue"}
# The library's full names begin with the kind of unit.
KINDS = {"Tỉnh ": "province", "Thành phố ": "city"}

HEADER = """\
# yaml-language-server: $schema=../schema/admin-units.schema.json
# Written by tools/admin_units.py (make admin-units) from the library {library} {version}:
# do not edit by hand. tests/test_rankings.py checks that it is what the library gives.
"""


def without_diacritics(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def _kind(official_name: str) -> str:
    for prefix, kind in KINDS.items():
        if official_name.startswith(prefix):
            return kind
    raise SystemExit(f"{LIBRARY}: `{official_name}` starts with neither of {', '.join(p.strip() for p in KINDS)}")


def _unit(entry: dict, english: str | None = None) -> dict:
    short, official = (unicodedata.normalize("NFC", entry[key]) for key in ("provinceShort", "province"))
    return {
        "code": entry["provinceCode"],
        "name": {"vi": short, "en": english or ENGLISH_NAMES.get(short) or without_diacritics(short)},
        "official_name": official,
        "kind": _kind(official),
    }


def admin_units() -> dict:
    """The file's content: the 63 units before 1 July 2025, each with the unit it went into."""
    from importlib.metadata import version

    from vietnamadminunits.converter.converter_2025 import DICT_PROVINCE as OLD_BY_NEW
    from vietnamadminunits.parser.parser_from_2025 import DICT_PROVINCE as NEW
    from vietnamadminunits.parser.parser_legacy import DICT_PROVINCE as LEGACY

    new_of = {old: new for new, olds in OLD_BY_NEW.items() for old in olds}
    if set(new_of) != set(LEGACY) or len(new_of) != sum(len(olds) for olds in OLD_BY_NEW.values()):
        raise SystemExit(f"{LIBRARY}: its 2025 mapping does not name each of the {len(LEGACY)} old units once")
    provinces = []
    for key, entry in sorted(LEGACY.items(), key=lambda item: item[1]["provinceCode"]):
        unit = _unit(entry, LEGACY_ENGLISH_NAMES.get(entry["provinceCode"]))
        unit["since_2025"] = _unit(NEW[new_of[key]])
        provinces.append(unit)
    return {"library": {"name": LIBRARY, "version": version(LIBRARY)}, "provinces": provinces}


def _flow(value) -> str:
    """A value on one line, as the other data files write names: `{vi: "Hà Nội", en: "Hanoi"}`.
    Every text in double quotes (a JSON string is one in YAML), so a code such as "08"
    stays a text."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def admin_units_yaml() -> str:
    content = admin_units()
    lines = [HEADER.format(library=content["library"]["name"], version=content["library"]["version"]).rstrip("\n")]
    lines.append(f"library: {_flow(content['library'])}")
    lines.append("provinces:")
    for unit in content["provinces"]:
        first = True
        for key, value in unit.items():
            lines.append(("  - " if first else "    ") + f"{key}: {_flow(value)}")
            first = False
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    text = admin_units_yaml()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        print(f"{TARGET.relative_to(PROJECT_DIR)} is {'up to date' if current == text else 'out of date: run make admin-units'}")
        return 0 if current == text else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"Wrote {TARGET.relative_to(PROJECT_DIR)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
