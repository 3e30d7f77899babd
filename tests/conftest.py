"""Shared fixtures: the site built once with `mkdocs build --strict`, parsed with BeautifulSoup."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR / "hooks"))

# Everything a build needs; copied when a test must change files.
PROJECT_PARTS = ("mkdocs.yml", "mkdocs.en.yml", "content", "data", "hooks", "overrides", "schema")
TEST_SITE_URL = "https://example.github.io/cds-report/"
OUTPUT_DIR = PROJECT_DIR / "test-output"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` tag plain YAML does not know."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


@dataclass
class GlueRenderer:
    """A language's renderer, set up as hooks/cds_site.py sets it up for a build."""

    language: object  # cds.routes.Language
    routes: object  # cds.routes.Routes
    renderer: object  # cds.render.Renderer
    generated: dict  # page id → src_uri of the pages the hooks write

    def url(self, page_id: str) -> str:
        """The page's URL within its language's site, as MkDocs gives it to the hooks."""
        return self.routes.site_path(page_id, self.language.code)[len(self.language.prefix):]


def renderers_as_the_glue_makes(dataset, downloads: dict) -> list[GlueRenderer]:
    from cds.render import Renderer
    from cds.routes import Language, build_routes, generated_pages

    config = yaml.load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    languages = [Language.from_config(item) for item in config["extra"]["languages"]]
    province_ids, indicator_ids, ranking_ids = list(dataset.provinces), list(dataset.indicators), list(dataset.rankings)
    docs_dirs = {language.code: PROJECT_DIR / "content" / language.code for language in languages}
    routes = build_routes(languages, docs_dirs, province_ids, indicator_ids, ranking_ids)
    return [
        GlueRenderer(
            language,
            routes,
            Renderer(PROJECT_DIR / "overrides" / "report", dataset, routes, language.code, downloads),
            generated_pages(language, province_ids, indicator_ids, ranking_ids),
        )
        for language in languages
    ]


def mkdocs_env(**extra) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
    env.pop("SITE_URL", None)
    env.update(extra)
    return env


def value_at(data, path: tuple):
    """The value at `path` (mapping keys and list positions) inside parsed YAML."""
    for part in path:
        data = data[part]
    return data


def set_value_at(data, path: tuple, value) -> None:
    value_at(data, path[:-1])[path[-1]] = value


def run_mkdocs(project: Path, site_dir: Path, *args: str, site_url: str = TEST_SITE_URL, timeout: int = 300):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir), *args],
        cwd=project,
        env=mkdocs_env(SITE_URL=site_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def text_of(element) -> str:
    """An element's text as a reader sees it: whitespace collapsed, inline markup ignored."""
    return " ".join(element.get_text().split())


@dataclass
class Site:
    root: Path
    log: str
    _pages: dict = field(default_factory=dict)

    def page(self, path: str) -> BeautifulSoup:
        """A built page by its URL path from the site root, e.g. `en/provinces/nghe-an/`."""
        if path not in self._pages:
            file = self.root / path / "index.html" if not path.endswith(".html") else self.root / path
            self._pages[path] = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        return self._pages[path]

    def html_files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.html") if "assets" not in p.relative_to(self.root).parts)

    def path_of(self, file: Path) -> str:
        relative = file.relative_to(self.root).as_posix()
        return relative[: -len("index.html")] if relative.endswith("index.html") else relative


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    site_dir = tmp_path_factory.mktemp("site")
    result = run_mkdocs(PROJECT_DIR, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(site_dir, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def data() -> dict:
    """The data files as plain YAML, read independently of the hooks."""
    def read(path: Path):
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    data_dir = PROJECT_DIR / "data"
    return {
        "definitions": read(data_dir / "definitions.yml"),
        "indicators": {i["id"]: i for i in read(data_dir / "indicators.yml")["indicators"]},
        "sources": {s["id"]: s for s in read(data_dir / "sources.yml")["sources"]},
        "provinces": {p.stem: read(p) for p in sorted((data_dir / "provinces").glob("*.yml"))},
    }


@pytest.fixture(scope="session")
def strings() -> dict:
    """The interface strings (data/interface.yml) as plain YAML, by name."""
    return yaml.safe_load((PROJECT_DIR / "data" / "interface.yml").read_text(encoding="utf-8"))["strings"]


def copy_project(project: Path) -> Path:
    """Copy what a build needs into `project`, for tests that edit files."""
    project.mkdir()
    for part in PROJECT_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    return project


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A private copy of the project."""
    return copy_project(tmp_path / "project")
