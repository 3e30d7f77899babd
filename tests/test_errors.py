"""Every bad input an editor can make ends in a clear message, never a traceback.

The cases live in tests/errors/ (see its README): each is a small data file and the exact
lines the build must print for it. Most run in-process through `read_dataset`, the
function the MkDocs hook calls; the ones marked `build: true` also run a real
`mkdocs build`. The last test fills every kind of text with HTML and script and checks
the built site shows it as text.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import mkdocs_env, run_mkdocs

from cds.dataset import read_dataset
from cds.problems import DataError

CASES_DIR = Path(__file__).parent / "errors"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if path.is_dir())
# file[:line:column]: [field.path:] message — the format every problem is printed in.
PROBLEM_LINE = re.compile(r"^data/[^:]+(:\d+:\d+)?: \S.*[.?!)]$")

# The mistakes the editors' workflow must explain; each has its case directory.
REQUIRED_CASES = {
    "yaml-syntax-unquoted-colon",
    "tab-indentation",
    "duplicate-key",
    "number-with-decimal-comma",
    "number-as-words",
    "impossible-date",
    "rank-greater-than-total",
    "progress-achieved-greater-than-total",
    "undefined-indicator",
    "undefined-source",
    "text-vi-without-en",
    "text-en-without-vi",
    "unknown-key-with-suggestion",
    "two-files-same-province",
    "empty-file",
    "not-utf8-windows-1258",
    "unicode-not-nfc",
    "python-object-tags",
    "billion-laughs",
    "many-problems-in-one-file",
}


def case_meta(name: str) -> dict:
    return yaml.safe_load((CASES_DIR / name / "case.yml").read_text(encoding="utf-8")) or {}


def case_lines(name: str, file_name: str, project: Path | None = None) -> list[str] | None:
    """The lines of expected.txt or warnings.txt; with `project`, `{line of "text"}` and
    `{line after "text"}` are replaced by where that text is in the line's file (for cases
    that edit a real file, whose length may change)."""
    path = CASES_DIR / name / file_name
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    if project is None:
        return lines

    def where(line: str):
        if "{line " not in line:
            return line
        file_lines = (project / line.split(":", 1)[0]).read_text(encoding="utf-8").splitlines()

        def number(match: re.Match) -> str:
            found = next(index for index, text in enumerate(file_lines) if match.group(2) in text)
            return str(found + 1 + (match.group(1) == "after"))

        return re.sub(r'\{line (of|after) "([^"]+)"\}', number, line)

    return [where(line) for line in lines]


def apply_case(project: Path, name: str) -> dict:
    """Put the case's files into the project copy; return its case.yml."""
    meta = case_meta(name)
    for directory in meta.get("clear", []):
        for path in (project / directory).iterdir():
            path.unlink()
    for file in meta.get("remove", []):
        (project / file).unlink()
    for edit in meta.get("edits", []):
        path = project / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["find"]) == 1, (name, edit["find"])
        path.write_text(text.replace(edit["find"], edit["replace"]), encoding="utf-8")
    for addition in meta.get("append", []):
        path = project / addition["file"]
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + addition["text"], encoding="utf-8")
    case_dir = CASES_DIR / name
    for path in sorted(case_dir.rglob("*")):
        relative = path.relative_to(case_dir)
        if path.is_file() and relative.parts[0] == "data":
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, project / relative)
    return meta


def test_the_corpus_covers_every_required_mistake():
    assert len(CASES) >= 30
    assert REQUIRED_CASES <= set(CASES), REQUIRED_CASES - set(CASES)
    for name in CASES:
        meta = case_meta(name)
        assert meta.get("description"), name
        data_files = [p for p in (CASES_DIR / name).rglob("*") if p.is_file() and "data" in p.relative_to(CASES_DIR / name).parts[:1]]
        assert data_files or meta.get("remove") or meta.get("clear") or meta.get("edits") or meta.get("append"), f"{name}: the case changes nothing"
        if name != "valid-base" and not (CASES_DIR / name / "warnings.txt").exists():
            assert case_lines(name, "expected.txt"), f"{name}: no expected.txt"


@pytest.mark.parametrize("name", CASES)
def test_error_case(name, project_copy, monkeypatch, caplog):
    meta = apply_case(project_copy, name)
    expected = case_lines(name, "expected.txt", project_copy)
    expected_warnings = case_lines(name, "warnings.txt", project_copy) or []
    # Anything a YAML tag could run would run here, where the marker file is looked for.
    monkeypatch.chdir(project_copy)
    caplog.set_level(logging.WARNING, logger="mkdocs.hooks.cds")
    started = time.monotonic()
    if expected is not None:
        with pytest.raises(DataError) as raised:
            read_dataset(project_copy / "data", project_copy / "schema", project_copy)
        printed = [str(problem) for problem in raised.value.problems]
        assert printed == expected
        for line in printed:
            assert PROBLEM_LINE.match(line), line
        files = {problem.file for problem in raised.value.problems}
        head = raised.value.report().splitlines()[0]
        assert head == f"{len(expected)} problem{'s' * (len(expected) != 1)} in {len(files)} data file{'s' * (len(files) != 1)}:"
    else:
        dataset = read_dataset(project_copy / "data", project_copy / "schema", project_copy)
        assert "da-nang" in dataset.provinces
        assert [record.getMessage() for record in caplog.records] == expected_warnings
    assert time.monotonic() - started < meta.get("max_seconds", 10)
    if meta.get("marker"):
        assert not (project_copy / meta["marker"]).exists(), "a YAML tag was executed"


def test_text_not_in_nfc_is_normalised(project_copy):
    apply_case(project_copy, "unicode-not-nfc")
    raw = (project_copy / "data/provinces/da-nang.yml").read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", raw)
    dataset = read_dataset(project_copy / "data", project_copy / "schema", project_copy)
    province = dataset.provinces["da-nang"]
    assert province.name.vi == unicodedata.normalize("NFC", "Đà Nẵng") == "Đà Nẵng"
    assert unicodedata.is_normalized("NFC", province.summary.vi)


def test_the_alias_bomb_is_refused_without_being_expanded(project_copy):
    apply_case(project_copy, "billion-laughs")
    text = (project_copy / "data/provinces/da-nang.yml").read_text(encoding="utf-8")
    assert text.count("*l") == 81  # 9 ** 10 "lol"s if it were expanded
    started = time.monotonic()
    with pytest.raises(DataError):
        read_dataset(project_copy / "data", project_copy / "schema", project_copy)
    assert time.monotonic() - started < 2


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build` as an editor runs it (no --strict on the command line)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site_dir)],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("name", [name for name in CASES if case_meta(name).get("build")])
def test_mkdocs_build_stops_with_the_messages(name, project_copy, tmp_path):
    meta = apply_case(project_copy, name)
    expected = case_lines(name, "expected.txt", project_copy)
    site_dir = tmp_path / "site"
    started = time.monotonic()
    result = mkdocs_build(project_copy, site_dir)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    files = len({line.split(":", 1)[0] for line in expected})
    head = f"{len(expected)} problem{'s' * (len(expected) != 1)} in {files} data file{'s' * (files != 1)}:"
    lines = result.stderr.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("ERROR") and line.endswith(head))
    assert lines[start + 1 : start + 1 + len(expected)] == [f"  {line}" for line in expected]
    assert "Aborted with a BuildError!" in output
    assert not site_dir.exists(), "the build wrote a site despite the errors"
    assert time.monotonic() - started < 60
    if meta.get("marker"):
        assert not (project_copy / meta["marker"]).exists(), "a YAML tag was executed"


def test_text_not_in_nfc_warns_in_the_build_log(project_copy, tmp_path):
    """The normalised text builds, but the warning stops the build: mkdocs.yml is strict."""
    apply_case(project_copy, "unicode-not-nfc")
    result = mkdocs_build(project_copy, tmp_path / "site")
    warning = case_lines("unicode-not-nfc", "warnings.txt")[0]
    assert f"WARNING -  {warning}" in result.stderr
    output = result.stdout + result.stderr
    assert re.search(r"Aborted with \d+ warnings? in strict mode!", output), output
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


# --- HTML and script in every text of the data ------------------------------------------------

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>\" onmouseover=\"alert(1)' onfocus='alert(1)"


def _poison_texts(value):
    """Append the payload to every bilingual text, wherever it sits."""
    if isinstance(value, dict):
        if set(value) == {"vi", "en"} and all(isinstance(text, str) for text in value.values()):
            return {language: f"{text} {PAYLOAD}" for language, text in value.items()}
        return {key: _poison_texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_poison_texts(item) for item in value]
    return value


def _rewrite(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(change(data), allow_unicode=True, sort_keys=False), encoding="utf-8")


def _poison_sources(data: dict) -> dict:
    for source in data["sources"]:
        for key in ("title", "author", "outlet"):
            source[key] = f"{source.get(key, 'x')} {PAYLOAD}"
        source["date_note"] = {"vi": "ghi chú", "en": "note"}
        source["url"] = "https://example.com/?q=\"><script>alert(1)</script>"
    return _poison_texts(data)


def _poison_province(data: dict) -> dict:
    for event in data["events"]:
        event["documents"] = [f"{document} {PAYLOAD}" for document in event.get("documents", ["09-NQ/TU"])]
        event.setdefault("note", {"vi": "ghi chú", "en": "note"})
    for target in data["targets"]:
        target["document"] = f"{target.get('document', '09-NQ/TU')} {PAYLOAD}"
        target.setdefault("note", {"vi": "ghi chú", "en": "note"})
    for figure in data["figures"]:
        figure.setdefault("note", {"vi": "ghi chú", "en": "note"})
    if "administrative_change" in data:
        data["administrative_change"]["resolution"] += f" {PAYLOAD}"
    return _poison_texts(data)


def _poison_indicators(data: dict) -> dict:
    for indicator in data["indicators"]:
        indicator.setdefault("comparability", {"vi": "so sánh", "en": "comparability"})
    return _poison_texts(data)


def test_html_in_every_text_is_shown_as_text(project_copy, tmp_path):
    data_dir = project_copy / "data"
    # Pillars, units, regions, event kinds, interface strings, and any other shared file.
    for path in sorted(data_dir.glob("*.yml")):
        if path.name not in {"sources.yml", "indicators.yml"}:
            _rewrite(path, _poison_texts)
    _rewrite(data_dir / "sources.yml", _poison_sources)
    _rewrite(data_dir / "indicators.yml", _poison_indicators)
    for path in sorted((data_dir / "provinces").glob("*.yml")):
        _rewrite(path, _poison_province)

    site_dir = tmp_path / "site"
    result = run_mkdocs(project_copy, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr

    pages = [p for p in site_dir.rglob("*.html") if "assets" not in p.relative_to(site_dir).parts]
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(site_dir).as_posix()
        for element in soup.find_all(True):
            assert not (element.name == "script" and "alert" in element.get_text()), (where, str(element)[:200])
            assert not (element.name == "img" and element.get("src") == "x"), (where, str(element.parent)[:200])
            for attribute, value in element.attrs.items():
                assert not attribute.startswith("on"), (where, element.name, attribute, value)
                assert "alert(1)" not in attribute, (where, element.name, attribute)
        assert not soup.find_all(["svg", "iframe", "object"], string=re.compile("alert"))

    # The payload is there, as text, wherever the data is shown.
    for path, selectors in {
        # name, summary, interface strings (h2), pillar names (h3), indicator names, unit labels and
        # notes (figures), targets, events and their kinds, sources, page title, header
        "tinh/nghe-an/": ["h1", "p.cds-summary", "article h2", "article h3", "table.cds-figures", "table.cds-targets", "ol.cds-timeline", ".cds-kind", "ol.cds-sources", "title", "nav"],
        "en/provinces/nghe-an/": ["h1", "p.cds-summary", "article h2", "article h3", "table.cds-figures", "table.cds-targets", "ol.cds-timeline", ".cds-kind", "ol.cds-sources", "title", "nav"],
        "tinh/bac-giang/": [".cds-merged"],
    }.items():
        soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        for selector in selectors:
            element = soup.select_one(selector)
            assert element is not None, (path, selector)
            assert "<script>alert(1)</script><img src=x onerror=alert(1)>" in element.get_text(), (path, selector)
        description = soup.find("meta", attrs={"name": "description"})
        assert PAYLOAD in description["content"]

    # Material's search shows titles and tags from its index as HTML: they are escaped too.
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    for document in index["docs"]:
        for field in ("title", "text"):
            assert "<script" not in document.get(field, "") and "<img" not in document.get(field, ""), document["location"]
        for tag in document.get("tags", []):
            assert "<" not in tag, document["location"]
