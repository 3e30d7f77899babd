"""Ids name pages and files: they match their pattern as a whole, and never a name of the
site's own pages (the refusals themselves are in tests/errors/, id-*)."""

from __future__ import annotations

import json
import re

import fastjsonschema
import jsonschema
import pytest

from conftest import PROJECT_DIR

from cds import validate
from cds.load import Document

SCHEMA_DIR = PROJECT_DIR / "schema"


def _patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


def test_every_reserved_name_is_one_the_built_site_uses(site):
    """Each top-level folder or page of each language's site is reserved, and nothing else."""
    used = set()
    for root in (site.root, site.root / "en"):
        for entry in root.iterdir():
            name = entry.name.split(".")[0]
            if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
                used.add(name)
    used.add("vi")  # the Vietnamese site is at the root, but `vi` is its language's code
    assert used == validate.RESERVED_IDS


@pytest.mark.parametrize("name", sorted(validate.RESERVED_IDS))
def test_a_reserved_name_is_refused_as_a_province_id(name):
    document = Document("data/provinces/x.yml", {"id": name})
    problems = validate.reserved_id_problems(document, "province")
    assert [problem.field for problem in problems] == ["id"]
    assert f"found `{name}`, a name the site uses" in problems[0].message


def test_every_whole_value_pattern_ends_without_a_final_line_break():
    """`$` alone lets a final line break through in Python (jsonschema); `$(?!\\n)` does not."""
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        for pattern in _patterns(json.loads(path.read_text(encoding="utf-8"))):
            assert "$" not in pattern or pattern.endswith("$(?!\\n)"), (path.name, pattern)


@pytest.mark.parametrize("definition", ["id", "date", "period"])
def test_a_value_with_a_final_line_break_is_refused_by_both_validators(definition):
    schema = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))["$defs"][definition]
    value = schema["examples"][0]
    fast = fastjsonschema.compile(schema)
    assert jsonschema.Draft202012Validator(schema).is_valid(value)
    assert fast(value) == value
    assert not jsonschema.Draft202012Validator(schema).is_valid(value + "\n")
    with pytest.raises(fastjsonschema.JsonSchemaException):
        fast(value + "\n")


def test_the_schema_refuses_an_id_with_a_final_line_break_on_its_own():
    """Even were the reader to let it through, the schema refuses it (as editors' IDEs do)."""
    document = Document("data/provinces/da-nang.yml", {
        "id": "da-nang\n", "name": {"vi": "Đà Nẵng", "en": "Da Nang"},
        "summary": {"vi": "Tóm tắt.", "en": "Summary."}, "figures": [], "targets": [], "events": [],
    })
    problems = validate.schema_problems(document, "province", SCHEMA_DIR)
    assert [problem.field for problem in problems] == ["id"]
