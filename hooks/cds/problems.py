"""How a bad data file is reported: every problem names file, line, column and field.

Editors are not programmers, so a problem is a sentence they can act on, never a
traceback. `DataError` carries every problem found, so one run lists them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str  # path as the editor knows it, relative to the project
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    field: str  # field path such as `figures[3].value`; "" for the whole file
    message: str
    # How the field is shown to editors, such as `figure 4 (line 36), value`; the field
    # path itself when empty.
    label: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        shown = self.label or self.field
        field = f" {_one_line(shown)}:" if shown else ""
        return f"{where}:{field} {_one_line(self.message)}"


def _one_line(text: str) -> str:
    """A problem is one line: line breaks and invisible characters quoted from the data
    are shown as escapes (\\n, \\u200b)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class DataError(Exception):
    """Raised with every problem found; the message lists them one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.field))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        files = len({p.file for p in self.problems})
        head = f"{count} problem{'s' if count != 1 else ''} in {files} data file{'s' if files != 1 else ''}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def field_path(path: tuple) -> str:
    """`("figures", 3, "value")` → `figures[3].value`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# What one item of each list in the data files is called, for messages.
_ITEM_NAMES = {
    "figures": "figure",
    "targets": "target",
    "events": "event",
    "ranks": "rank",
    "also_reported_by": "other source",
    "later_progress": "later report",
    "sources": "source",
    "indicators": "indicator",
    "pillars": "pillar",
    "units": "unit",
    "regions": "region",
    "event_kinds": "event kind",
    "terms": "term",
    "also": "other spelling",
    "rows": "row",
    "aliases": "alias",
    "components": "component",
    "inferred": "inference",
}


def field_label(path: tuple, item_line: int = 0) -> str:
    """How editors read a field: `("figures", 3, "ranks", 0, "position")` → `figure 4
    (line 36), rank 1, position`, counting items from 1 as people do; `item_line` is where
    the outermost item starts (0: not shown). Keys within an item keep their dots."""
    segments: list[list[str]] = []  # each shown as its keys joined by dots
    for index, part in enumerate(path):
        previous = path[index - 1] if index else None
        if not isinstance(part, int):
            if segments and not isinstance(previous, int):
                segments[-1].append(str(part))
            else:
                segments.append([str(part)])
            continue
        # The list's key names the item: `figures`, 3 → `figure 4`.
        key = previous if isinstance(previous, str) else None
        if key is not None:
            segments[-1].pop()
            if not segments[-1]:
                segments.pop()
        name = _ITEM_NAMES.get(key) or (f"{key} item" if key else "item")
        outermost = not any(isinstance(earlier, int) for earlier in path[:index])
        segments.append([f"{name} {part + 1}" + (f" (line {item_line})" if outermost and item_line else "")])
    return ", ".join(".".join(segment) for segment in segments)


# --- GitHub Actions: problems shown on their line in a pull request ---------------------------
#
# A workflow command printed on standard output, `::error file=…,line=…,col=…,title=…::message`,
# becomes an annotation on that line of the file (docs.github.com, "Workflow commands for
# GitHub Actions"). Its values are escaped as GitHub's own toolkit escapes them.


def _command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, level: str = "error") -> str:
    """`problem` as a GitHub Actions workflow command of `level` (`error`, `warning`)."""
    properties = {"file": problem.file}
    if problem.line:
        properties["line"] = str(problem.line)
        if problem.column:
            properties["col"] = str(problem.column)
    shown = problem.label or problem.field
    if shown:
        properties["title"] = _one_line(shown)
    listed = ",".join(f"{key}={_command_property(value)}" for key, value in properties.items())
    return f"::{level} {listed}::{_command_data(_one_line(problem.message))}"


def annotate(problems: list[Problem], level: str = "error") -> None:
    """Print each problem as an annotation when the build runs in GitHub Actions (which sets
    GITHUB_ACTIONS=true), besides the log; elsewhere print nothing."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    for problem in problems:
        print(annotation(problem, level), flush=True)
