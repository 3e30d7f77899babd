"""An unexpected error (a mistake in a template, a bug in the hooks) told in one line and
located in the project's file where it happened, instead of a traceback.

Mistakes in the data are `DataError`s (problems.py) and MkDocs reports its own errors; this is
for everything else, so that a build never ends on a traceback.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import TemplateSyntaxError

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")


def describe(error: BaseException, project_dir: Path) -> str:
    """`overrides/report/province.html:12: UndefinedError: 'x' is undefined`: where (when
    known), what kind of error, and its message, on one line."""
    where = _location(error, project_dir)
    message = " ".join(str(getattr(error, "message", None) or error).split()) or "(no message)"
    return f"{where + ': ' if where else ''}{type(error).__name__}: {message}"


def _location(error: BaseException, project_dir: Path) -> str:
    """The innermost line of the project's own files the error went through, and the
    innermost template line when that is not the same one (code called by a template)."""
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return f"{_shown(Path(error.filename), project_dir)}:{error.lineno}"
    # Jinja puts a template's own lines into the traceback of an error raised while it renders.
    frames = [(Path(frame.filename), frame.lineno) for frame in traceback.extract_tb(error.__traceback__)]
    ours = [f"{_shown(path, project_dir)}:{line}" for path, line in frames if _is_ours(path, project_dir)]
    templates = [f"{_shown(path, project_dir)}:{line}" for path, line in frames if path.suffix in TEMPLATE_SUFFIXES]
    where = ours[-1] if ours else (templates[-1] if templates else "")
    if templates and templates[-1] != where:
        where += f" (from {templates[-1]})"
    return where


def _is_ours(path: Path, project_dir: Path) -> bool:
    try:
        relative = path.resolve().relative_to(project_dir)
    except ValueError:
        return False
    return not {".venv", "site-packages"} & set(relative.parts)


def _shown(path: Path, project_dir: Path) -> str:
    """A project file by its path from the project; another (Material's templates) as it is."""
    try:
        return path.resolve().relative_to(project_dir).as_posix()
    except ValueError:
        return str(path)
