"""Every bad input an editor can make ends in a clear message, never a traceback.

The cases live in tests/errors/ (see its README): each is a small data file and the exact
lines the build must print for it. Most run in-process through `read_dataset`, the
function the MkDocs hook calls; the ones marked `build: true` also run a real
`mkdocs build`. That no text shows as anything but text: tests/test_injection.py.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import mkdocs_env

from cds.dataset import read_dataset
from cds.problems import DataError

CASES_DIR = Path(__file__).parent / "errors"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if path.is_dir())
# file[:line:column]: [field.path:] message — the format every problem is printed in.
PROBLEM_LINE = re.compile(r"^data(/[^:]+)?(:\d+:\d+)?: \S.*[.?!)]$")
# The files of a case directory that describe it; every other file is dropped into the copy.
CASE_FILES = {"case.yml", "expected.txt", "warnings.txt", "notes.txt"}

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
    "id-reserved-index",
    "id-too-long",
    "file-symlink-outside",
    "file-fifo",
    "file-wrong-extension-upper",
    "file-editor-emacs-lock",
    "contradiction-duplicate-figure",
    "contradiction-future-event",
    "ranking-unknown-province",
    "ranking-duplicate-province",
    "ranking-position-gap",
    "ranking-tie-then-no-gap",
    "ranking-name-mismatch",
    "ranking-rows-not-total",
    "province-code-unknown",
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


def _listed(value) -> list:
    """A case.yml key that holds one item or a list of them."""
    return value if isinstance(value, list) else [value] if value else []


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
        if path.is_file() and relative.as_posix() not in CASE_FILES:
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, project / relative)
    for link in _listed(meta.get("symlink")):
        path = project / link["path"]
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(link["target"])
    for fifo in _listed(meta.get("fifo")):
        (project / fifo).unlink(missing_ok=True)
        os.mkfifo(project / fifo)
    return meta


def read_case_dataset(project: Path, meta: dict):
    """`read_dataset` as the MkDocs hook calls it, on the build date the case gives (`today`)."""
    today = datetime.date.fromisoformat(str(meta["today"])) if meta.get("today") else None
    return read_dataset(project / "data", project / "schema", project, today=today)


def test_the_corpus_covers_every_required_mistake():
    assert len(CASES) >= 30
    assert REQUIRED_CASES <= set(CASES), REQUIRED_CASES - set(CASES)
    for name in CASES:
        meta = case_meta(name)
        assert meta.get("description"), name
        data_files = [p for p in (CASES_DIR / name).rglob("*") if p.is_file() and p.relative_to(CASES_DIR / name).as_posix() not in CASE_FILES]
        changes = ("remove", "clear", "edits", "append", "symlink", "fifo")
        assert data_files or any(meta.get(key) for key in changes), f"{name}: the case changes nothing"
        accepted = meta.get("expect") == "success" or any((CASES_DIR / name / file).exists() for file in ("warnings.txt", "notes.txt"))
        if not accepted:
            assert case_lines(name, "expected.txt"), f"{name}: no expected.txt"


@pytest.mark.parametrize("name", CASES)
def test_error_case(name, project_copy, monkeypatch, caplog):
    meta = apply_case(project_copy, name)
    expected = case_lines(name, "expected.txt", project_copy)
    expected_warnings = case_lines(name, "warnings.txt", project_copy) or []
    expected_notes = case_lines(name, "notes.txt", project_copy) or []
    # Anything a YAML tag could run would run here, where the marker file is looked for.
    monkeypatch.chdir(project_copy)
    caplog.set_level(logging.INFO, logger="mkdocs.hooks.cds")
    started = time.monotonic()
    if expected is not None:
        with pytest.raises(DataError) as raised:
            read_case_dataset(project_copy, meta)
        printed = [str(problem) for problem in raised.value.problems]
        assert printed == expected
        for line in printed:
            assert PROBLEM_LINE.match(line), line
        files = {problem.file for problem in raised.value.problems}
        head = raised.value.report().splitlines()[0]
        assert head == f"{len(expected)} problem{'s' * (len(expected) != 1)} in {len(files)} data file{'s' * (len(files) != 1)}:"
    else:
        dataset = read_case_dataset(project_copy, meta)
        assert "da-nang" in dataset.provinces
        assert [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING] == expected_warnings
    assert [record.getMessage() for record in caplog.records if record.levelno == logging.INFO] == expected_notes
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


def test_a_file_gone_since_its_folder_was_listed_is_reported(project_copy, monkeypatch):
    """An editor saving a file may remove it for a moment (vim renames it to a backup first)."""
    target = project_copy / "data" / "provinces" / "nghe-an.yml"
    list_folder = os.scandir

    class Listing(list):
        def __enter__(self):
            return self

        def __exit__(self, *exception):
            return False

    def list_then_remove(path):
        entries = Listing(list_folder(path))
        if Path(path) == target.parent:
            target.unlink()
        return entries

    monkeypatch.setattr(os, "scandir", list_then_remove)
    with pytest.raises(DataError) as raised:
        read_dataset(project_copy / "data", project_copy / "schema", project_copy)
    assert [str(problem) for problem in raised.value.problems] == [
        "data/provinces/nghe-an.yml: cannot be read: No such file or directory."
    ]


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

