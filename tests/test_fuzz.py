"""Fuzzing the data pipeline: whatever an editor does to a province file, the build either
works or stops with clear messages, never with a traceback.

Hypothesis takes the real province files, breaks them at random (deletes keys, changes
types, swaps values, inserts junk, breaks dates, duplicates entries, garbles the YAML
text itself), writes the result into a copy of data/, and runs what the MkDocs hook runs:
`read_dataset`, then, when the data is accepted, the downloads and the pages of the
province through `cds.render.Renderer`. The only exception allowed is `DataError`, and
each of its problems must read `data/<file>:<line>:<column>: <field>: <message>`.

Reproducible in CI: `derandomize=True` draws the same examples on every run (300 by
default, about 10 s; set CDS_FUZZ_EXAMPLES to explore more), and no example database is kept.
"""

from __future__ import annotations

import copy
import math
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PROJECT_DIR, renderers_as_the_glue_makes, set_value_at, value_at

from cds.dataset import read_dataset
from cds.downloads import download_links
from cds.problems import DataError
from cds.routes import province_page_id

DATA_DIR = PROJECT_DIR / "data"
PROVINCES = {path.stem: path for path in sorted((DATA_DIR / "provinces").glob("*.yml"))}
REAL = {name: yaml.safe_load(path.read_text(encoding="utf-8")) for name, path in PROVINCES.items()}
TEXTS = {name: path.read_text(encoding="utf-8") for name, path in PROVINCES.items()}
PROBLEM = re.compile(r"^data/[^:\n]+(:\d+:\d+)?: [^\n]+$")

FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("CDS_FUZZ_EXAMPLES", "300")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- What goes in -------------------------------------------------------------------------------

KEYS = sorted(
    {"id", "name", "summary", "figures", "targets", "events", "indicator", "value", "value_range", "decimals",
     "qualifier", "out_of", "unit", "period", "as_of", "ranks", "position", "total", "change", "change_since",
     "scope", "source", "note", "title", "deadline", "progress", "achieved", "status", "document", "date",
     "kind", "documents", "sources", "vi", "en", "min", "max", "administrative_change", "merged_into",
     "resolution", "resolution_date", "figurs", "nots", "x"}
)
TRICKY_TEXT = [
    "948,4", "3.743", "nhiều", "2023-02-30", "2023-02-29", "2024-02-29", "2023-13-01", "0000-01", "0000-01-01",
    "2023-Q5", "2023-Q1", "2023-H2", "2023", "99999", "", " ", "nghe-an", "pci", "dti", "percent", "rank",
    "thcl-tang-toc-cds", "resolution", "about", "at-least", "in-progress", "national", "mekong-delta",
    "{date}", "{", "}", "<script>alert(1)</script>", "a: b", "- x", "e\u0301", "Nghe\u0301 An", "\u200b",
    "x" * 300,
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 63, 64, 0.5, 2.0, 1e300, 10**30]),
    st.sampled_from(TRICKY_TEXT),
    st.text(max_size=20),
)
JUNK = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(KEYS), SCALARS, max_size=3),
    st.fixed_dictionaries({"vi": st.text(max_size=8), "en": st.text(max_size=8)}),
)
# Values of the right type that an editor might still get wrong, or right: these keep many
# files valid, so that the pages are rendered with unusual but accepted data.
SAME_TYPE = {
    int: st.one_of(st.integers(min_value=-5, max_value=100), st.integers(min_value=-(10**12), max_value=10**12)),
    float: st.one_of(st.floats(min_value=-1e9, max_value=1e12, allow_nan=False), st.sampled_from([0.0, 0.001, 66.60, 1e15])),
    str: st.one_of(
        st.sampled_from(TRICKY_TEXT),
        st.sampled_from(["2023", "2023-01", "2024-02-29", "2023-Q4", "2023-H1", "1999-12-31", "2023-11"]),
        st.text(min_size=1, max_size=30),
    ),
}
BROKEN_DATES = ["2023-02-30", "2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "0000", "0000-01-01", "23-04-2023",
                "2023/04/05", "2023-4-5", "05/08/2022", "2023-Q0", "2023-H3", "tháng 4/2023", "2023-04-05T10:40", ""]
OPTIONAL_KEYS = {"note", "ranks", "decimals", "qualifier", "out_of", "unit", "total", "change", "change_since",
                 "scope", "documents", "status", "document", "progress", "deadline", "administrative_change",
                 "value", "value_range", "as_of", "indicator", "resolution_date"}
TEXT_SNIPPETS = [
    "\t", ": ", '"', "'", "[", "]", "{", "}", "- ", "&a ", "*a ", "!!python/name:os.system ", "!!binary ",
    "\x00", "\x07", "\ufeff", "\n  - ", "\n---\n", "%YAML 1.1\n", "#", "? ", "|\n", ">\n", "<<: ", "@", "`",
    "\n\t", ",", "\\", "e\u0301",
]


def _paths(value, prefix=()):
    """The path of every value inside `value` (mapping keys and list positions)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))




def _retyped(value):
    """The same value in the wrong form, as editors write it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return int(value) if value.isdigit() else [value]
    if isinstance(value, list):
        return value[0] if value else None
    if isinstance(value, dict):
        return list(value.values())
    return "null"


@st.composite
def structural_mutation(draw, data):
    """Break the parsed data at one random place."""
    paths = [path for path in _paths(data) if path]
    if not paths:
        return
    path = draw(st.sampled_from(paths))
    parent, key = value_at(data, path[:-1]), path[-1]
    operation = draw(st.sampled_from(["delete", "replace", "swap", "duplicate", "insert", "retype", "same-type", "same-type", "drop-optional", "break-date"]))
    if operation == "break-date":
        dates = [p for p in paths if isinstance(value_at(data, p), str) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", value_at(data, p))]
        if dates:
            chosen = draw(st.sampled_from(dates))
            set_value_at(data, chosen, draw(st.sampled_from(BROKEN_DATES)))
    elif operation == "same-type":
        value = parent[key]
        kind = type(value) if type(value) in SAME_TYPE else None
        parent[key] = draw(SAME_TYPE[kind]) if kind else draw(JUNK)
    elif operation == "drop-optional":
        optional = [p for p in paths if isinstance(p[-1], str) and p[-1] in OPTIONAL_KEYS]
        if optional:
            chosen = draw(st.sampled_from(optional))
            del value_at(data, chosen[:-1])[chosen[-1]]
    elif operation == "delete":
        del parent[key]
    elif operation == "replace":
        parent[key] = draw(JUNK)
    elif operation == "swap":
        other = draw(st.sampled_from(paths))
        if other[: len(path)] != path and path[: len(other)] != other:
            first, second = copy.deepcopy(value_at(data, path)), copy.deepcopy(value_at(data, other))
            set_value_at(data, path, second)
            set_value_at(data, other, first)
    elif operation == "duplicate":
        if isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[draw(st.sampled_from(KEYS))] = copy.deepcopy(parent[key])
    elif operation == "insert":
        target = parent[key]
        if isinstance(target, dict):
            target[draw(st.sampled_from(KEYS))] = draw(JUNK)
        elif isinstance(target, list):
            target.insert(draw(st.integers(0, len(target))), draw(JUNK))
        else:
            parent[key] = draw(JUNK)
    else:
        parent[key] = _retyped(parent[key])


@st.composite
def broken_province(draw) -> tuple[str, bytes]:
    """A real province file, broken: (its id, the bytes to write)."""
    name = draw(st.sampled_from(sorted(PROVINCES)))
    if draw(st.integers(0, 4)) == 0:
        # Garble the text itself: YAML syntax, tabs, tags, control characters, bytes.
        text = TEXTS[name]
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(text)))
            if draw(st.booleans()):
                text = text[:at] + draw(st.sampled_from(TEXT_SNIPPETS)) + text[at:]
            else:
                text = text[:at] + text[at + draw(st.integers(1, 40)):]
        raw = text.encode("utf-8")
        if draw(st.integers(0, 9)) == 0:
            at = draw(st.integers(0, len(raw)))
            raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe1\xbb", b"\x80"])) + raw[at:]
        return name, raw
    data = copy.deepcopy(REAL[name])
    for _ in range(draw(st.integers(1, 3))):
        draw(structural_mutation(data))
    return name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


# --- What the build does with it ---------------------------------------------------------------


class _Workspace:
    """data/ in a temporary directory: the real files (copied: the build follows no link out of
    the project), and one broken province file.

    The directory lives as long as the test module, so the unchanged files are read and
    checked once (the pipeline caches them by path, size and modification time). Each
    broken file gets a modification time of its own, so it is never taken for the last one."""

    def __init__(self):
        self._directory = tempfile.TemporaryDirectory()
        self.root = Path(self._directory.name)
        self.data_dir = self.root / "data"
        (self.data_dir / "provinces").mkdir(parents=True)
        for path in DATA_DIR.glob("*.yml"):
            shutil.copy2(path, self.data_dir / path.name)
        self._stamp = 1_000_000_000 * 10**9

    def put(self, name: str, raw: bytes) -> None:
        provinces = self.data_dir / "provinces"
        for path in provinces.iterdir():
            path.unlink()
        for other, path in PROVINCES.items():
            if other != name:
                shutil.copy2(path, provinces / path.name)  # the same size and time: read from the cache
        target = provinces / f"{name}.yml"
        target.write_bytes(raw)
        self._stamp += 1
        os.utime(target, ns=(self._stamp, self._stamp))


_workspace: _Workspace | None = None


def _the_workspace() -> _Workspace:
    global _workspace
    if _workspace is None:
        _workspace = _Workspace()
    return _workspace


def _render_as_the_glue_does(dataset, province_id: str) -> None:
    """What hooks/cds_site.py does with an accepted dataset, for the province's pages."""
    files = download_links(dataset)  # the open-data files, serialised and measured as the build does
    assert files
    province = dataset.provinces[province_id]
    for glue in renderers_as_the_glue_makes(dataset, files):
        page_ids = [province_page_id(province_id), "provinces"]
        page_ids += [f"indicator/{figure.indicator.id}" for figure in province.figures if f"indicator/{figure.indicator.id}" in glue.generated]
        for page_id in list(dict.fromkeys(page_ids))[:5]:
            glue.renderer.page_title(page_id)
            glue.renderer.page_description(page_id)
            rendered = glue.renderer.page(page_id, glue.url(page_id))
            assert rendered.html.strip()


def _check(name: str, raw: bytes) -> str:
    workspace = _the_workspace()
    workspace.put(name, raw)
    try:
        dataset = read_dataset(workspace.data_dir, PROJECT_DIR / "schema", workspace.root)
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert PROBLEM.match(str(problem)), str(problem)
            assert problem.line == 0 or problem.column >= 1, str(problem)
            assert "Traceback" not in problem.message and "object at 0x" not in problem.message
        return "refused"
    if name in dataset.provinces:
        _render_as_the_glue_does(dataset, name)
        return "rendered"
    return "accepted"


@FUZZ_SETTINGS
@given(broken_province())
def test_broken_province_files_give_clear_errors_or_a_page(case):
    _check(*case)


def test_the_real_files_pass_the_same_check():
    """The check itself: the unbroken files are accepted and rendered."""
    for name, path in PROVINCES.items():
        assert _check(name, path.read_bytes()) == "rendered"


def test_the_fuzzer_produces_both_outcomes():
    """A fuzzer that only ever produces refused files would test nothing past validation."""
    outcomes = []

    @settings(max_examples=60, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(broken_province())
    def collect(case):
        outcomes.append(_check(*case))

    collect()
    assert "refused" in outcomes and "rendered" in outcomes, outcomes


def test_numbers_that_cannot_be_shown_are_refused():
    """Found by this fuzzer: 1e25 made Babel fail while the page was rendered."""
    assert math.isinf(yaml.safe_load("x: .inf")["x"])  # YAML has them; sources never report them
    for value in (float("inf"), float("nan"), 1e25, -(10**20)):
        data = copy.deepcopy(REAL["nghe-an"])
        data["figures"][0]["value"] = value
        assert _check("nghe-an", yaml.safe_dump(data, allow_unicode=True).encode()) == "refused", value
