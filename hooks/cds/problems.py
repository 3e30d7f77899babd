"""How a bad data file is reported: every problem names file, line, column and field.

Editors are not programmers, so a problem is a sentence they can act on, never a
traceback. `DataError` carries every problem found, so one run lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str  # path as the editor knows it, relative to the project
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    field: str  # field path such as `figures[3].value`; "" for the whole file
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        field = f" {_one_line(self.field)}:" if self.field else ""
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
