#!/usr/bin/env python3
"""Rewrite data and content files in Unicode NFC, the form the build expects.

    python tools/normalize_unicode.py                       # every file under data/ and content/
    python tools/normalize_unicode.py data/provinces/da-nang.yml

Some keyboards (and macOS) store a Vietnamese letter as a base letter followed by its
accents ("ê" + "̣" for "ệ"); it looks the same but searches and comparisons miss it. The
build normalises such text and warns; this command fixes the files themselves. Nothing
else in the file changes.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def normalize_file(path: Path) -> int:
    """Rewrite `path` in NFC; return the number of lines that changed (0: left untouched)."""
    text = path.read_text(encoding="utf-8")
    fixed = unicodedata.normalize("NFC", text)
    if fixed == text:
        return 0
    path.write_text(fixed, encoding="utf-8", newline="")
    return sum(1 for old, new in zip(text.splitlines(), fixed.splitlines()) if old != new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="files to fix (default: all of data/ and content/)")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    files = [path.resolve() if path.exists() else project / path for path in args.files] or sorted(
        [*(project / "data").rglob("*.y*ml"), *(project / "content").rglob("*.md")]
    )
    status = 0
    for path in files:
        shown = path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)
        try:
            changed = normalize_file(path)
        except (OSError, UnicodeDecodeError) as error:
            print(f"{shown}: not changed: {error}", file=sys.stderr)
            status = 1
            continue
        if changed:
            print(f"{shown}: normalised to NFC ({changed} line{'s' if changed != 1 else ''} changed).")
    return status


if __name__ == "__main__":
    sys.exit(main())
