"""The editors' commands: a new province in one step, the translation check, the Unicode
fixer; and the schemas that editors' IDEs read."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import PROJECT_DIR, mkdocs_env, run_mkdocs

from cds.dataset import read_dataset
from cds.problems import DataError

TOOLS = PROJECT_DIR / "tools"


@pytest.fixture
def project(project_copy) -> Path:
    """A project copy with the Makefile and tools, whose `make` uses this test run's Python."""
    shutil.copytree(TOOLS, project_copy / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "requirements.txt", "requirements-test.txt"):
        shutil.copy2(PROJECT_DIR / name, project_copy / name)
    (project_copy / ".venv").mkdir()
    (project_copy / ".venv" / ".site-installed").touch()  # newer than requirements.txt: nothing to install
    return project_copy


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--silent", "--no-print-directory", f"BIN={Path(sys.executable).parent}", *args],
        cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=120,
    )


def tool(project: Path, name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(project / "tools" / name), *args],
        cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=120,
    )


# --- make province ------------------------------------------------------------------------------


def test_make_province_creates_a_page_in_both_languages(project, tmp_path):
    result = make(project, "province", "ID=da-nang", "VI=Đà Nẵng", "EN=Da Nang")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Created data/provinces/da-nang.yml." in result.stdout
    assert "http://127.0.0.1:8000/tinh/da-nang/" in result.stdout

    created = project / "data" / "provinces" / "da-nang.yml"
    lines = created.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../schema/province.schema.json"
    assert f"created on {datetime.date.today().isoformat()}" in lines[1]
    assert "id: da-nang" in lines
    assert 'name: {vi: "Đà Nẵng", en: "Da Nang"}' in lines

    site_dir = tmp_path / "site"
    build = run_mkdocs(project, site_dir)
    assert build.returncode == 0, build.stdout + build.stderr
    for path, name, listing in (("tinh/da-nang/", "Đà Nẵng", "tinh/"), ("en/provinces/da-nang/", "Da Nang", "en/provinces/")):
        page = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.find("h1").get_text(strip=True) == name
        assert name in page.select_one("p.cds-summary").get_text()
        index = BeautifulSoup((site_dir / listing / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert any(a.get_text(strip=True) == name for a in index.select("a")), listing


def test_a_typo_in_the_new_file_is_reported_with_its_line_and_the_right_spelling(project):
    assert make(project, "province", "ID=da-nang", "VI=Đà Nẵng", "EN=Da Nang").returncode == 0
    path = project / "data" / "provinces" / "da-nang.yml"
    text = path.read_text(encoding="utf-8").replace("\nfigures: []", "\nfigurs: []")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("figurs: []") + 1
    with pytest.raises(DataError) as raised:
        read_dataset(project / "data", project / "schema", project)
    [problem] = raised.value.problems
    assert str(problem).startswith(f"data/provinces/da-nang.yml:{line}:1: figurs: unknown key `figurs`; did you mean `figures`")


def test_the_commented_examples_are_valid_once_uncommented(project):
    """Editors copy the examples: each one must build as it is, once the `# ` is removed."""
    assert tool(project, "new_province.py", "da-nang", "--vi", "Đà Nẵng", "--en", "Da Nang").returncode == 0
    path = project / "data" / "provinces" / "da-nang.yml"
    lines, in_change = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# administrative_change:"):
            in_change = True
            lines.append(line[2:])
        elif in_change and line.startswith("#   "):
            lines.append(line[2:])
        else:
            in_change = False
            if line.startswith("  # "):
                lines.append("  " + line[4:])
            else:
                lines.append(line.removesuffix(" []") if line in ("figures: []", "targets: []", "events: []") else line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = read_dataset(project / "data", project / "schema", project)
    province = dataset.provinces["da-nang"]
    assert len(province.figures) == len(province.targets) == len(province.events) == 1
    assert province.administrative_change is not None


@pytest.mark.parametrize(
    "args, message",
    [
        (("ID=nghe-an", "VI=Nghệ An 2", "EN=Nghe An 2"), "error: data/provinces/nghe-an.yml already exists: edit that file, or choose another id."),
        (("ID=Da Nang", "VI=Đà Nẵng", "EN=Da Nang"), "error: `Da Nang` is not a valid id: use lowercase ASCII letters and digits, words joined by hyphens, such as `da-nang`."),
        (("ID=đà-nẵng", "VI=Đà Nẵng", "EN=Da Nang"), "error: `đà-nẵng` is not a valid id: use lowercase ASCII letters and digits, words joined by hyphens, such as `da-nang`."),
        (("VI=Đà Nẵng", "EN=Da Nang"), 'error: give the province\'s id (for Da Nang: ID=da-nang): make province ID=da-nang VI="Đà Nẵng" EN="Da Nang"'),
        (("ID=da-nang", "VI=Đà Nẵng"), 'error: give the province\'s name in both languages (EN is missing): make province ID=da-nang VI="Đà Nẵng" EN="Da Nang"'),
        (("ID=nghe-an-moi", "VI=Nghệ An", "EN=Nghe An (new)"), "error: a province named `Nghệ An` is already described in data/provinces/nghe-an.yml: edit that file instead."),
        (("ID=nghe-an-moi", "VI=Nghệ  an", "EN=Nghe An (new)"), "error: a province named `Nghệ  an` is already described in data/provinces/nghe-an.yml: edit that file instead."),
        (("ID=index", "VI=Chỉ mục", "EN=Index"), "error: `index` is a name the site uses for one of its own pages or folders: choose another id, such as the province's name."),
        (("ID=" + "da-nang-" * 8 + "x", "VI=Đà Nẵng", "EN=Da Nang"), f"error: `{'da-nang-' * 8}x` is too long for an id: at most 60 characters (it is part of page addresses)."),
    ],
)
def test_make_province_refuses_with_a_clear_message(project, args, message):
    before = sorted(p.name for p in (project / "data" / "provinces").iterdir())
    result = make(project, "province", *args)
    assert result.returncode != 0
    assert message in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "data" / "provinces").iterdir()) == before


# --- translations -------------------------------------------------------------------------------


def test_the_real_project_is_fully_translated():
    result = subprocess.run([sys.executable, str(TOOLS / "check_translations.py")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Every text and every hand-written page is in both languages."


def test_missing_translations_are_listed(project):
    province = project / "data" / "provinces" / "thanh-hoa.yml"
    lines = province.read_text(encoding="utf-8").splitlines()
    # Drop the English summary, and empty the English name.
    summary = lines.index("summary:")
    en_line = next(i for i in range(summary + 1, len(lines)) if lines[i].startswith("  en:"))
    del lines[en_line]
    name_line = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    lines[name_line] = 'name: {vi: "Thanh Hóa", en: ""}'
    province.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (project / "content" / "vi" / "lien-he.md").write_text("---\npage_id: contact\n---\n\n# Liên hệ\n", encoding="utf-8")
    (project / "content" / "en" / "notes.md").write_text("# Notes\n", encoding="utf-8")

    empty_column = lines[name_line].index('en: ""') + len("en: ") + 1
    result = make(project, "translations")
    assert result.returncode != 0
    assert result.stdout.splitlines() == [
        f"data/provinces/thanh-hoa.yml:{name_line + 1}:{empty_column}: name.en: the English text is empty.",
        f"data/provinces/thanh-hoa.yml:{summary + 2}:3: summary: the English text is missing.",
        "content/en/notes.md: no `page_id` in the front matter, so the page cannot be paired with its other language; add `page_id: <name>` (the same in both languages).",
        "content/vi/lien-he.md: page `contact` has no English version (no page in content/en/ has `page_id: contact`).",
    ]
    assert "4 missing translations." in result.stderr


def test_an_empty_plural_form_is_listed(project):
    """An interface text with a number has a form for each kind of number: each needs words."""
    path = project / "data" / "interface.yml"
    text = path.read_text(encoding="utf-8")
    written = 'en: {one: "{n} source", other: "{n} sources"}'
    assert written in text
    path.write_text(text.replace(written, 'en: {one: "", other: "{n} sources"}'), encoding="utf-8")
    result = tool(project, "check_translations.py")
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert re.fullmatch(r"data/interface\.yml:\d+:\d+: strings\.count_sources\.en\.one: the English text is empty\.", line)


def test_an_untranslated_copy_is_listed(project):
    path = project / "data" / "definitions.yml"
    text = path.read_text(encoding="utf-8")
    assert 'name: {vi: "Kinh tế số", en: "Digital economy"}' in text
    path.write_text(text.replace('en: "Digital economy"', 'en: "Kinh tế số"'), encoding="utf-8")
    result = tool(project, "check_translations.py")
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert re.fullmatch(r"data/definitions\.yml:\d+:\d+: pillar 2 \(line \d+\), name\.en: the English text is a copy of the Vietnamese; translate it\.", line)


def test_a_page_without_its_counterpart_fails_the_strict_build(project, tmp_path):
    (project / "content" / "vi" / "lien-he.md").write_text("---\npage_id: contact\n---\n\n# Liên hệ\n", encoding="utf-8")
    result = run_mkdocs(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "WARNING -  Translation missing: page `contact` has no English version (set the same `page_id` in both languages' front matter)." in result.stderr
    assert re.search(r"Aborted with \d+ warnings? in strict mode!", output)
    assert "Traceback" not in output


# --- Unicode ------------------------------------------------------------------------------------


def test_normalize_unicode_fixes_the_file(project, caplog):
    path = project / "data" / "provinces" / "nghe-an.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(unicodedata.normalize("NFD", original), encoding="utf-8")
    read_dataset(project / "data", project / "schema", project)
    assert any("text is not in Unicode NFC" in record.getMessage() for record in caplog.records)

    result = tool(project, "normalize_unicode.py", "data/provinces/nghe-an.yml")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"data/provinces/nghe-an\.yml: normalised to NFC \(\d+ lines changed\)\.\n", result.stdout)
    assert path.read_text(encoding="utf-8") == original
    caplog.clear()
    read_dataset(project / "data", project / "schema", project)
    assert not [record for record in caplog.records if "NFC" in record.getMessage()]
    assert tool(project, "normalize_unicode.py").stdout == ""  # nothing left to fix


# --- Schemas ------------------------------------------------------------------------------------

SCHEMAS = {path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8")) for path in (PROJECT_DIR / "schema").glob("*.schema.json")}


def _resolve(node: dict, base: str) -> tuple[dict, str]:
    while isinstance(node, dict) and "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        base = target.removesuffix(".schema.json") or base
        resolved = SCHEMAS[base]
        for part in filter(None, pointer.split("/")):
            resolved = resolved[part]
        node = {**resolved, **{key: value for key, value in node.items() if key != "$ref"}}
    return node, base


def _fields(node, base: str, where: str):
    """(dotted name, property schema as written) for every field of a schema."""
    node, base = _resolve(node, base)
    if not isinstance(node, dict):
        return
    for name, prop in node.get("properties", {}).items():
        if "placeholders" in prop:
            continue  # an interface string by its name (data/interface.yml `strings`), not a field
        yield f"{where}.{name}", prop
        yield from _fields(prop, base, f"{where}.{name}")
    if isinstance(node.get("items"), dict):
        yield from _fields(node["items"], base, f"{where}[]")
    if isinstance(node.get("additionalProperties"), dict):
        yield from _fields(node["additionalProperties"], base, f"{where}.*")


def test_every_field_of_every_schema_has_a_description_and_an_example():
    fields = [field for name, schema in SCHEMAS.items() for field in _fields(schema, name, name)]
    assert len(fields) > 60
    lacking = [name for name, prop in fields if not prop.get("description") or not prop.get("examples")]
    assert lacking == []


def test_every_schema_alternative_says_in_words_what_it_wants():
    """anyOf / oneOf / not would otherwise be reported in jsonschema's words."""

    def visit(node, where):
        if isinstance(node, dict):
            if any(key in node for key in ("anyOf", "oneOf", "not")):
                yield where, node
            for key, value in node.items():
                yield from visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from visit(value, f"{where}/{index}")

    found = [(where, node) for name, schema in SCHEMAS.items() for where, node in visit(schema, name)]
    assert found
    for where, node in found:
        assert node.get("errorMessage"), where


def test_every_data_file_names_its_schema_for_the_ide():
    for path in sorted((PROJECT_DIR / "data").rglob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (path.parent / match.group(1)).resolve().exists(), path


# --- The editors' guide -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["huong-dan-bien-tap/", "en/editors-guide/"])
def test_the_editors_guide_explains_every_field_and_the_commands(site, path):
    page = site.page(path)
    code = " ".join(element.get_text(" ") for element in page.select("article code, article pre"))
    words = set(re.findall(r"[a-z][a-z0-9_]*", code))
    names = {name.rsplit(".", 1)[-1] for schema, root in SCHEMAS.items() for name, _ in _fields(root, schema, schema)}
    names -= {"*"}
    assert names - words == set()
    text = page.select_one("article").get_text(" ")
    for command in ('make province ID=da-nang VI="Đà Nẵng" EN="Da Nang"', "make translations", "tools/normalize_unicode.py",
                    "# yaml-language-server: $schema=../../schema/province.schema.json"):
        assert command in text, command
    # Paired with its translation by page_id: the language switch leads to the other guide.
    other = "en/editors-guide/" if path == "huong-dan-bien-tap/" else "huong-dan-bien-tap/"
    switch = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
    assert switch["en" if other.startswith("en/") else "vi"].rstrip("/").endswith(other.rstrip("/").split("/")[-1])
