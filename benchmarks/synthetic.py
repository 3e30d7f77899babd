"""A copy of the project with N synthetic provinces, made from the real province files.

Province i (1-based) is a copy of the i-th real file in name order, cycling
(bac-giang, hau-giang, nghe-an, thanh-hoa, bac-giang, ...), with its `id`, `name` and
`code` replaced by clearly synthetic ones (and the ids in its `key_figures` line, which
start with the province's id) and everything else (summary, figures, targets,
events, administrative_change) kept as written, so pages are as large and varied as
real ones. Only the top-level lines `id:`, `name:`, `code:` and `key_figures:` are rewritten, as
text, so the synthetic files are byte-for-byte the real files otherwise (same size, same
YAML style).

The synthetic provinces also appear in the rankings, as real provinces do: the project
gets synthetic administrative units (data/admin-units.yml: one per synthetic province,
two by two into a unit "since 2025"), and each ranking of data/rankings/ is rewritten
with one row per synthetic province (as many rows as provinces, a tie at 15th as in DTI
2022, the real file's first scores on the first rows). Every row then links to a
province page, so the ranking page is as heavy as a fully covered ranking of N provinces.
Nothing is ever written into the real project.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

PROJECT_PARTS = ("mkdocs.yml", "mkdocs.en.yml", "content", "data", "hooks", "overrides", "schema")
ID_LINE = re.compile(r"^id:[^\n]*$", re.M)
NAME_LINE = re.compile(r"^name:[^\n]*$", re.M)
CODE_LINE = re.compile(r"^code:[^\n]*$", re.M)
KEY_FIGURES_LINE = re.compile(r"^key_figures:[^\n]*$", re.M)
SUMMARY_BLOCK = re.compile(r'^summary:\n  vi: "(?:[^"\\]|\\.)*"\n  en: "(?:[^"\\]|\\.)*"$', re.M)


def synthetic_id(index: int) -> str:
    return f"synthetic-{index:04d}"


def synthetic_name(index: int) -> dict[str, str]:
    return {"vi": f"Tỉnh thử nghiệm {index}", "en": f"Synthetic province {index}"}


def synthetic_code(index: int) -> str:
    return f"{index:04d}"


def _unit(code: str, name: dict[str, str]) -> dict:
    return {"code": code, "name": name, "official_name": name["vi"], "kind": "province"}


def write_admin_units(path: Path, count: int) -> None:
    """One unit per synthetic province; units 1 and 2, 3 and 4 ... went into one unit in 2025.
    Written as JSON, which YAML reads as it is (every code a quoted text)."""
    units = [
        {**_unit(synthetic_code(i), synthetic_name(i)), "since_2025": _unit(synthetic_code((i + 1) // 2), synthetic_name((i + 1) // 2))}
        for i in range(1, count + 1)
    ]
    library = yaml.safe_load(path.read_text(encoding="utf-8"))["library"]
    path.write_text(json.dumps({"library": library, "provinces": units}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def rewrite_ranking(path: Path, count: int) -> None:
    """The ranking with one row per synthetic province, best first: positions as a
    competition ranking with a tie at 15th (no 16th), the real rows' scores on the first rows."""
    ranking = yaml.safe_load(path.read_text(encoding="utf-8"))
    real = ranking["rows"]
    rows, position = [], 0
    for index in range(1, count + 1):
        position = position if index == 16 else index  # rows 15 and 16 share 15th place
        row = {"position": position, "province": synthetic_code(index), "as_printed": synthetic_name(index)["vi"]}
        if index <= len(real):
            row.update({key: real[index - 1][key] for key in ("score", "components") if key in real[index - 1]})
        rows.append(row)
    ranking.pop("aliases", None)  # they name real provinces
    ranking.update(total=count, rows=rows)
    path.write_text(json.dumps(ranking, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def own_figure_ids(line: str, real_id: str, province_id: str) -> str:
    """A `key_figures: [...]` line naming the synthetic province's figures: a figure's id
    starts with its province's id (`nghe-an-dti-1` → `synthetic-0003-dti-1`)."""
    return re.sub(rf"(?<=[\[ ]){re.escape(real_id)}-", f"{province_id}-", line)


def copy_project(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, target / part)


def make_project(source: Path, target: Path, count: int) -> list[str]:
    """Copy the project to `target` with `count` synthetic provinces; returns their ids."""
    copy_project(source, target)
    real = sorted((source / "data" / "provinces").glob("*.yml"))
    if not real:
        raise SystemExit(f"no province files in {source / 'data' / 'provinces'}")
    texts = [path.read_text(encoding="utf-8") for path in real]
    real_ids = [yaml.safe_load(text)["id"] for text in texts]
    provinces = target / "data" / "provinces"
    shutil.rmtree(provinces)
    provinces.mkdir()
    ids = []
    for index in range(1, count + 1):
        text = texts[(index - 1) % len(texts)]
        province_id, name = synthetic_id(index), synthetic_name(index)
        new, found_id = ID_LINE.subn(f"id: {province_id}", text, count=1)
        new, found_name = NAME_LINE.subn(f'name: {{vi: "{name["vi"]}", en: "{name["en"]}"}}', new, count=1)
        new, found_code = CODE_LINE.subn(f'code: "{synthetic_code(index)}"', new, count=1)
        new = KEY_FIGURES_LINE.sub(lambda line: own_figure_ids(line.group(0), real_ids[(index - 1) % len(texts)], province_id), new, count=1)
        if not (found_id and found_name and found_code):
            raise SystemExit(
                f"{real[(index - 1) % len(texts)]}: expected top-level `id:`, `code:` and one-line `name:` lines to "
                "replace; benchmarks/synthetic.py needs updating for the new file layout."
            )
        data = yaml.safe_load(new)
        if data.get("id") != province_id or data.get("name") != name or data.get("code") != synthetic_code(index):
            raise SystemExit(f"synthetic province {province_id}: id/name/code not replaced as expected")
        (provinces / f"{province_id}.yml").write_text(new, encoding="utf-8")
        ids.append(province_id)
    write_admin_units(target / "data" / "admin-units.yml", count)
    for ranking in sorted((target / "data" / "rankings").glob("*.yml")):
        rewrite_ranking(ranking, count)
    return ids


def edit_summary(path: Path, token: str, scratch: Path) -> None:
    """Replace the province's summary (both languages) by text holding `token`, atomically
    (written beside the project, then renamed into place), as an editor would save it."""
    text = path.read_text(encoding="utf-8")
    summary = {"vi": f"Tóm tắt đã sửa {token}.", "en": f"Edited summary {token}."}
    new, found = SUMMARY_BLOCK.subn(
        f'summary:\n  vi: "{summary["vi"]}"\n  en: "{summary["en"]}"', text, count=1
    )
    if not found:  # another layout: rewrite the whole file (dates stay strings: they are quoted)
        data = yaml.safe_load(text)
        data["summary"] = summary
        new = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    temporary = scratch / (path.name + ".tmp")
    temporary.write_text(new, encoding="utf-8")
    temporary.replace(path)
