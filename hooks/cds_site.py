"""MkDocs event handlers: the glue between MkDocs and the `cds` package beside this file.

Registered by `hooks:` in mkdocs.yml (Vietnamese, at the site root) and inherited by
mkdocs.en.yml (English, under /en/). Each language is a build of its own, with its
own interface language and search index; after the default language's build,
`on_post_build` builds the others into their prefix, so `mkdocs build`, `serve` and
`gh-deploy` handle every language. MkDocs loads this module anew for each config,
so the state below belongs to one build of one language.
"""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc


def _forget_changed_package() -> None:
    """MkDocs re-runs this file for every build, but Python keeps the `cds` package it
    imported: forget it when one of its files changed, so `mkdocs serve` picks up edits."""
    package = sys.modules.get("cds")
    stamp = max(path.stat().st_mtime_ns for path in (Path(__file__).parent / "cds").glob("*.py"))
    if package is not None and getattr(package, "_loaded_stamp", None) != stamp:
        for name in [name for name in sys.modules if name == "cds" or name.startswith("cds.")]:
            del sys.modules[name]
    import cds

    cds._loaded_stamp = stamp


_forget_changed_package()

from cds.dataset import read_dataset  # noqa: E402  (after the stale package is forgotten)
from cds.problems import DataError  # noqa: E402
from cds.render import Renderer  # noqa: E402
from cds.routes import Language, build_routes, generated_pages, province_page_id  # noqa: E402

log = logging.getLogger("mkdocs.hooks.cds")

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
SCHEMA_DIR = PROJECT_DIR / "schema"
TEMPLATE_DIR = PROJECT_DIR / "overrides" / "report"
# A hand-written page asks for a block of data with an HTML comment: <!-- data: comparison -->
FRAGMENT_MARKER = re.compile(r"<!--\s*data:\s*([a-z0-9-]+)\s*-->")

_build: dict = {}


def on_config(config):
    languages = [Language.from_config(item) for item in config.extra["languages"]]
    code = config.theme["language"]
    language = next((lang for lang in languages if lang.code == code), None)
    if language is None:
        raise PluginError(f"theme.language `{code}` is not listed in extra.languages of mkdocs.yml.")
    try:
        dataset = read_dataset(DATA_DIR, SCHEMA_DIR, PROJECT_DIR)
    except DataError as error:
        raise PluginError(error.report()) from None
    docs_root = Path(config.docs_dir).parent
    routes = build_routes(languages, {lang.code: docs_root / lang.code for lang in languages}, list(dataset.provinces))
    for missing in routes.missing:
        log.warning(f"Translation missing: {missing} (set the same `page_id` in both languages' front matter).")
    site_url = config.site_url or ""
    root_url = site_url[: -len(language.prefix)] if language.prefix and site_url.endswith(language.prefix) else site_url
    _build.update(
        language=language,
        languages=languages,
        dataset=dataset,
        routes=routes,
        root_url=root_url,
        renderer=Renderer(TEMPLATE_DIR, dataset, routes, code),
        generated=generated_pages(language, list(dataset.provinces)),
    )
    _add_provinces_to_nav(config.nav or [], _build["generated"], dataset, code)
    return config


def _add_provinces_to_nav(nav: list, generated: dict[str, str], dataset, code: str) -> bool:
    """Append every province page to the nav section that holds the provinces index."""
    index_uri = generated["provinces"]
    for item in nav:
        children = next(iter(item.values())) if isinstance(item, dict) else None
        if item == index_uri or (isinstance(item, dict) and index_uri in item.values()):
            nav.extend(
                {province.name.in_(code): generated[province_page_id(province.id)]}
                for province in dataset.provinces.values()
            )
            return True
        if isinstance(children, list) and _add_provinces_to_nav(children, generated, dataset, code):
            return True
    return False


def on_files(files, config):
    renderer = _build["renderer"]
    for page_id, src_uri in _build["generated"].items():
        files.append(File.generated(config, src_uri, content=_front_matter(page_id, renderer)))
    return files


def _front_matter(page_id: str, renderer: Renderer) -> str:
    """Metadata of a generated page; its body is rendered in `on_page_content`."""
    title = renderer.page_title(page_id)
    meta = {"title": title, "page_id": page_id}
    province = _build["dataset"].provinces.get(page_id.removeprefix("province/"))
    if province:
        meta["description"] = renderer.formatter.text(province.summary)
        # Readers often type without diacritics; Material indexes tags with a high boost.
        meta["tags"] = sorted({_without_accents(province.name.vi), province.name.en})
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def _without_accents(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


def on_page_content(html, page, config, files):
    routes, renderer = _build["routes"], _build["renderer"]
    page_id = routes.page_id(_build["language"].code, page.file.src_uri)
    if page_id in _build["generated"]:
        if page_id == "provinces":
            rendered = renderer.provinces_page(page.url)
        else:
            rendered = renderer.province_page(_build["dataset"].provinces[page_id.removeprefix("province/")], page.url)
        page.toc = get_toc(rendered.toc_tokens)
        page.present_anchor_ids = rendered.anchor_ids
        return rendered.html
    return FRAGMENT_MARKER.sub(lambda match: _fragment(match, page), html)


def _fragment(match: re.Match, page) -> str:
    renderer = _build["renderer"]
    name = match.group(1)
    if name not in renderer.fragment_names():
        known = ", ".join(sorted(renderer.fragment_names()))
        raise PluginError(f"{page.file.src_path}: unknown data block `{name}` in `{match.group(0)}`; known blocks: {known}.")
    return renderer.fragment(name, page.url)


def on_page_context(context, page, config, nav):
    page_id = _build["routes"].page_id(_build["language"].code, page.file.src_uri)
    context["alternates"] = _build["routes"].alternates(page_id, _build["language"].code, _build["root_url"])
    return context


def on_template_context(context, template_name, config):
    # Pages without a counterpart (404.html, ...) switch to the other language's home.
    context.setdefault("alternates", _build["routes"].alternates(None, _build["language"].code, _build["root_url"]))
    return context


def on_post_build(config):
    if _build["language"] != _build["languages"][0]:
        return
    for language in _build["languages"][1:]:
        _build_language(language, config)


def _build_language(language: Language, config) -> None:
    """Build another language into its prefix of this build's site_dir."""
    other = load_config(
        config_file=str(PROJECT_DIR / language.config_file),
        site_dir=str(Path(config.site_dir) / language.prefix),
        site_url=(config.site_url or "") + language.prefix,
        strict=config.strict,
    )
    other.plugins.on_startup(command="build", dirty=False)
    try:
        build(other)
    finally:
        other.plugins.on_shutdown()
