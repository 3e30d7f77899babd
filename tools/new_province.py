#!/usr/bin/env python3
"""Start a new province file: data/provinces/<id>.yml, ready to fill in and valid as written.

    make province ID=da-nang VI="Đà Nẵng" EN="Da Nang"
    python tools/new_province.py da-nang --vi "Đà Nẵng" --en "Da Nang"

The file is made from tools/templates/province.yml: the schema line for the editor's IDE,
today's date, the name in both languages, an honest placeholder summary, empty lists of
figures, targets and events, and a commented example of each field. The new file is checked
like every data file before the command ends; the page appears at the next build.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "templates" / "province.yml"
USAGE = 'make province ID=da-nang VI="Đà Nẵng" EN="Da Nang"'


class Refused(Exception):
    """A reason not to create the file, worded for the editor."""


def suggested_id(name: str) -> str:
    """`Đà Nẵng` → `da-nang`."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _id_schema(project: Path) -> dict:
    common = json.loads((project / "schema" / "common.schema.json").read_text(encoding="utf-8"))
    return common["$defs"]["id"]


def _reserved_ids(project: Path) -> frozenset[str]:
    """The names of the site's own pages, which the build refuses as ids."""
    sys.path.insert(0, str(project / "hooks"))
    from cds.validate import RESERVED_IDS

    return RESERVED_IDS


def _compared(name: str) -> str:
    """A name as the build compares names: case and spaces aside."""
    return " ".join(unicodedata.normalize("NFC", name.casefold()).split())


def _province_paths(project: Path) -> dict[str, str]:
    """The URL segment of province pages in each language, from mkdocs.yml."""
    import yaml

    class ConfigLoader(yaml.SafeLoader):
        pass

    ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)
    found = {item["code"]: item["paths"]["provinces"] for item in config["extra"]["languages"]}
    return {"vi": found.get("vi", "tinh"), "en": found.get("en", "provinces")}


def _existing_names(project: Path) -> dict[str, str]:
    """casefolded name → the file that already uses it."""
    import yaml

    names = {}
    for path in sorted((project / "data" / "provinces").glob("*.y*ml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for language in ("vi", "en"):
                names[_compared(data["name"][language])] = path.relative_to(project).as_posix()
        except Exception:  # a broken file is reported by the build, not here
            continue
    return names


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's quoting is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render(province_id: str, name_vi: str, name_en: str, today: datetime.date, paths: dict[str, str]) -> str:
    values = {
        "id": province_id,
        "name_vi": _quoted(name_vi),
        "name_en": _quoted(name_en),
        "summary_vi": _quoted(f"Chưa có số liệu về chuyển đổi số của {name_vi}: trang này vừa được tạo."),
        "summary_en": _quoted(f"No figures on digital transformation in {name_en} yet: this page has just been created."),
        "comment_name": f"{name_vi} / {name_en}",
        "date": today.isoformat(),
        "path_vi": paths["vi"],
        "path_en": paths["en"],
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    leftover = re.findall(r"\{\{\w+\}\}", text)
    assert not leftover, f"unfilled placeholders in {TEMPLATE}: {leftover}"
    return text


def create(project: Path, province_id: str, name_vi: str, name_en: str, today: datetime.date | None = None) -> Path:
    """Write data/provinces/<id>.yml; raise `Refused` with the reason if it cannot be made."""
    name_vi = unicodedata.normalize("NFC", (name_vi or "").strip())
    name_en = unicodedata.normalize("NFC", (name_en or "").strip())
    province_id = (province_id or "").strip()
    if not province_id:
        hint = f" (for {name_en or name_vi}: ID={suggested_id(name_en or name_vi)})" if (name_en or name_vi) else ""
        raise Refused(f"give the province's id{hint}: {USAGE}")
    id_schema = _id_schema(project)
    if not re.fullmatch(id_schema["pattern"], province_id):
        raise Refused(
            f"`{province_id}` is not a valid id: use lowercase ASCII letters and digits, words joined by "
            f"hyphens, such as `{suggested_id(name_en or name_vi or province_id) or 'da-nang'}`."
        )
    if len(province_id) > id_schema["maxLength"]:
        raise Refused(f"`{province_id}` is too long for an id: at most {id_schema['maxLength']} characters (it is part of page addresses).")
    if province_id in _reserved_ids(project):
        raise Refused(f"`{province_id}` is a name the site uses for one of its own pages or folders: choose another id, such as the province's name.")
    if not name_vi or not name_en:
        missing = " and ".join(label for label, name in (("VI", name_vi), ("EN", name_en)) if not name)
        raise Refused(f"give the province's name in both languages ({missing} is missing): {USAGE}")
    for name in (name_vi, name_en):
        if "\n" in name or len(name) > 80:
            raise Refused(f"`{name[:80]}` is not a province name: one line, at most 80 characters.")
    target = project / "data" / "provinces" / f"{province_id}.yml"
    relative = target.relative_to(project).as_posix()
    if target.exists() or target.with_suffix(".yaml").exists():
        raise Refused(f"{relative} already exists: edit that file, or choose another id.")
    names = _existing_names(project)
    for name in (name_vi, name_en):
        if _compared(name) in names:
            raise Refused(f"a province named `{name}` is already described in {names[_compared(name)]}: edit that file instead.")
    text = render(province_id, name_vi, name_en, today or datetime.date.today(), _province_paths(project))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def check(project: Path, target: Path) -> list[str]:
    """Problems the build would report with the new file (normally none)."""
    sys.path.insert(0, str(project / "hooks"))
    from cds.dataset import read_dataset
    from cds.problems import DataError

    try:
        read_dataset(project / "data", project / "schema", project)
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], usage=f"{USAGE}\n       %(prog)s ID --vi NAME --en NAME")
    parser.add_argument("id", nargs="?", default="", help="the province's id: lowercase ASCII, words joined by hyphens (da-nang)")
    parser.add_argument("--vi", default="", help="the name in Vietnamese, with diacritics (Đà Nẵng)")
    parser.add_argument("--en", default="", help="the name in English (Da Nang)")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    project = args.project.resolve()
    try:
        target = create(project, args.id, args.vi, args.en)
    except Refused as refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 1
    relative = target.relative_to(project).as_posix()
    problems = check(project, target)
    own = [line for line in problems if line.startswith(relative + ":")]
    if own:
        target.unlink()
        print(f"error: the new file would not build, so it was not kept:\n  " + "\n  ".join(own), file=sys.stderr)
        return 1
    paths = _province_paths(project)
    print(f"Created {relative}.")
    print("Next: write the summary and add figures, targets and events (the comments in the file show how),")
    print(f"then run `make serve` and open http://127.0.0.1:8000/{paths['vi']}/{target.stem}/ "
          f"(English: http://127.0.0.1:8000/en/{paths['en']}/{target.stem}/).")
    if problems:
        print(f"Note: other data files have problems ({len(problems)}); `make build` lists them.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
