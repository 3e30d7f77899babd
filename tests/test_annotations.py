"""In GitHub Actions (GITHUB_ACTIONS=true), each data problem is also printed as a workflow
command, `::error file=…,line=…,col=…,title=…::message`, which GitHub shows on that line of
the file in a pull request; warnings as `::warning …`. Elsewhere nothing extra is printed."""

from __future__ import annotations

import logging
import subprocess
import sys

from conftest import mkdocs_env
from test_errors import apply_case, case_lines

from cds.dataset import read_dataset
from cds.problems import Problem, annotation

# The corpus case's one problem, as GitHub reads it: the `,` of the title and the `%` of the
# message escaped; the message's own `,` and `:` kept (only properties escape them).
PERCENT_SIGN_ANNOTATION = (
    "::error file=data/provinces/da-nang.yml,line=9,col=12,title=figure 1 (line 8)%2C value::"
    'expected a number; found the text "12,5%25". Write numbers without quotes, with a dot for decimals '
    'and no thousands separator: 948.4, not "948,4"; 3743, not "3.743".'
)


def build(project, site_dir, **env) -> subprocess.CompletedProcess:
    environment = mkdocs_env(**env)
    if "GITHUB_ACTIONS" not in env:
        environment.pop("GITHUB_ACTIONS", None)  # the test suite itself may run in GitHub Actions
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site_dir)],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_data_error_is_annotated_on_its_line_in_github_actions(project_copy, tmp_path):
    apply_case(project_copy, "number-with-percent-sign")
    result = build(project_copy, tmp_path / "site", GITHUB_ACTIONS="true")
    assert result.returncode == 1, result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith("::")] == [PERCENT_SIGN_ANNOTATION]
    # The log still has the problem as editors read it.
    assert f"  {case_lines('number-with-percent-sign', 'expected.txt')[0]}" in result.stderr.splitlines()


def test_no_annotation_outside_github_actions(project_copy, tmp_path):
    apply_case(project_copy, "number-with-percent-sign")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode == 1
    assert "::error" not in result.stdout + result.stderr
    assert f"  {case_lines('number-with-percent-sign', 'expected.txt')[0]}" in result.stderr.splitlines()


def test_a_warning_is_annotated_as_a_warning(project_copy, monkeypatch, capsys, caplog):
    apply_case(project_copy, "unicode-not-nfc")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    caplog.set_level(logging.WARNING, logger="mkdocs.hooks.cds")
    read_dataset(project_copy / "data", project_copy / "schema", project_copy)
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "::warning file=data/provinces/da-nang.yml,line=3,col=12,title=name.vi::text is not in Unicode NFC: letters "
        "and their accents are stored apart, as some keyboards do (6 texts in this file; the first is here). It was "
        "normalised for this build; to fix the file, run `python tools/normalize_unicode.py data/provinces/da-nang.yml`."
    ]
    assert [record.getMessage() for record in caplog.records] == case_lines("unicode-not-nfc", "warnings.txt")


def test_a_warning_is_not_annotated_elsewhere(project_copy, monkeypatch, capsys):
    apply_case(project_copy, "unicode-not-nfc")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    read_dataset(project_copy / "data", project_copy / "schema", project_copy)
    assert capsys.readouterr().out == ""


def test_properties_escape_commas_colons_percent_signs_and_line_breaks():
    problem = Problem("data/a,b:c%\r\n.yml", 12, 5, "x", "50% done, next: 2\r\nlines", "figure 1 (line 8), value: 50%")
    assert annotation(problem, "warning") == (
        "::warning file=data/a%2Cb%3Ac%25%0D%0A.yml,line=12,col=5,title=figure 1 (line 8)%2C value%3A 50%25"
        # A problem is one line: its message shows a line break as \r\n, as the log does.
        "::50%25 done, next: 2\\r\\nlines"
    )


def test_a_whole_file_problem_has_no_line_or_title():
    assert annotation(Problem("data/sources.yml", 0, 0, "", "this required data file is missing.")) == (
        "::error file=data/sources.yml::this required data file is missing."
    )
    assert annotation(Problem("data/sources.yml", 4, 0, "sources", "m")) == "::error file=data/sources.yml,line=4,title=sources::m"
