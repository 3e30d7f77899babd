#!/usr/bin/env python3
"""List every text that is missing or empty in one language, and every hand-written page
without its counterpart in the other language.

    make translations
    python tools/check_translations.py

Texts are the `{vi: ..., en: ...}` pairs of every file under data/. Hand-written pages
are the Markdown files of content/vi and content/en, paired by the `page_id` of their front
matter (`index.md` is the home page of each language). Each finding is one line,
`file:line:column: field: what is missing`, like the build's own messages. Exit code 0
when everything is in both languages, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = {"vi": "Vietnamese", "en": "English"}
# Marks only Vietnamese uses (in NFD: hook above, dot below, horn, breve, đ, and a circumflex
# with a tone on top): an "English" text holding them was not translated.
_VIETNAMESE_LETTERS = re.compile("[\u0309\u0323\u031b\u0306đĐ]|\u0302[\u0300\u0301\u0303\u0309\u0323]")


def _walk(value, path=()):
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _looks_like_a_text(mapping: dict) -> bool:
    return bool(mapping) and set(mapping) <= set(LANGUAGES)


def data_findings(project: Path) -> list[str]:
    sys.path.insert(0, str(project / "hooks"))
    from cds.load import read_document
    from cds.problems import DataError

    findings = []
    data_dir = project / "data"
    for path in sorted([*data_dir.glob("*.y*ml"), *(data_dir / "provinces").glob("*.y*ml")]):
        display = path.relative_to(project).as_posix()
        try:
            document = read_document(path, display)
        except DataError as error:
            findings += [f"{problem} (the file could not be read, so its texts were not checked)" for problem in error.problems]
            continue
        for path_to, mapping in _walk(document.data):
            if not _looks_like_a_text(mapping):
                continue
            for code, language in LANGUAGES.items():
                value = mapping.get(code)
                if code not in mapping:
                    findings.append(str(document.problem(path_to, f"the {language} text is missing.")))
                elif isinstance(value, dict) and value:
                    # An interface text with a number in it: a form for each kind of number.
                    findings += [
                        str(document.problem((*path_to, code, category), f"the {language} text is empty."))
                        for category, form in value.items()
                        if not isinstance(form, str) or not form.strip()
                    ]
                elif not isinstance(value, str) or not value.strip():
                    findings.append(str(document.problem((*path_to, code), f"the {language} text is empty.")))
            vi, en = mapping.get("vi"), mapping.get("en")
            if isinstance(vi, str) and vi.strip() and vi == en and _VIETNAMESE_LETTERS.search(unicodedata.normalize("NFD", en)):
                findings.append(str(document.problem((*path_to, "en"), "the English text is a copy of the Vietnamese; translate it.")))
    return findings


def page_findings(project: Path) -> list[str]:
    from mkdocs.utils.meta import get_data

    pages: dict[str, dict[str, str]] = {}
    findings = []
    for code in LANGUAGES:
        docs_dir = project / "content" / code
        for path in sorted(docs_dir.rglob("*.md")):
            relative = path.relative_to(project).as_posix()
            if path.relative_to(docs_dir).as_posix() == "index.md":
                pages.setdefault("home", {})[code] = relative
                continue
            _, meta = get_data(path.read_text(encoding="utf-8"))
            page_id = meta.get("page_id")
            if not page_id:
                findings.append(f"{relative}: no `page_id` in the front matter, so the page cannot be paired with its other language; add `page_id: <name>` (the same in both languages).")
                continue
            pages.setdefault(str(page_id), {})[code] = relative
    for page_id, by_language in sorted(pages.items()):
        for code, language in LANGUAGES.items():
            if code not in by_language:
                have = next(iter(by_language.values()))
                findings.append(f"{have}: page `{page_id}` has no {language} version (no page in content/{code}/ has `page_id: {page_id}`).")
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    findings = data_findings(project) + page_findings(project)
    for line in findings:
        print(line)
    if findings:
        print(f"{len(findings)} missing translation{'s' if len(findings) != 1 else ''}.", file=sys.stderr)
        return 1
    print("Every text and every hand-written page is in both languages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
