"""Publishing a build: every language is written into a fresh folder beside the site, which
takes the site's place only once all of them have succeeded.

A build that fails half-way (a template mistake, an error in one language's pages) thus
leaves the previous site exactly as it was, and no reader or `mkdocs serve` ever sees a
half-written one. The staging folder is a sibling of the site's, on the same file system,
so replacing the site is two renames, not a copy.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Staging:
    site_dir: Path  # where the site is published
    folder: Path  # where this build writes it


def stage(site_dir: str | os.PathLike) -> Staging:
    """A fresh, empty folder beside `site_dir` for the build to write into. One left behind
    by a build that was interrupted (Ctrl-C, a killed process) is cleared first."""
    site_dir = Path(site_dir).absolute()
    folder = site_dir.with_name(f".{site_dir.name}.building")
    _remove(folder)
    folder.mkdir(parents=True)
    return Staging(site_dir, folder)


def publish(staging: Staging) -> None:
    """The finished build replaces the site: the previous one is moved aside, the new one
    takes its name, then the previous one is deleted."""
    previous = staging.site_dir.with_name(f".{staging.site_dir.name}.previous")
    _remove(previous)
    had_site = staging.site_dir.exists() or staging.site_dir.is_symlink()
    if had_site:
        os.replace(staging.site_dir, previous)
    try:
        os.replace(staging.folder, staging.site_dir)
    except OSError:
        if had_site:  # the site must not be left missing
            os.replace(previous, staging.site_dir)
        raise
    _remove(previous)


def discard(staging: Staging) -> None:
    """A failed build's folder goes; the site stays as it was."""
    _remove(staging.folder)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
