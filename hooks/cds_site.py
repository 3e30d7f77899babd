"""MkDocs event handlers: the glue between MkDocs and the `cds` package beside this file.

Registered by `hooks:` in mkdocs.yml (Vietnamese, at the site root) and inherited by
mkdocs.en.yml (English, under /en/). Each language is a build of its own, with its
own interface language and search index. Once the default language's build has
written what all languages share (the downloads), the others start beside it (see
`_start_other_languages`) and `on_post_build` waits for them, so `mkdocs build`,
`serve` and `gh-deploy` handle every language. All of them write into a fresh folder
that replaces site_dir only once every language has succeeded (`_stage_site`,
cds/publish.py): a failed build leaves the previous site whole. MkDocs loads this module once per
process and runs every build through it: `_build` holds the state of one build of one
language and is reset in on_config.
"""

from __future__ import annotations

import datetime
import gc
import importlib
import logging
import multiprocessing
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from jinja2 import TemplateError
from markupsafe import escape
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler


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
from cds.problems import DataError, annotate  # noqa: E402
from cds.csp import with_script_hashes  # noqa: E402
from cds.downloads import download_links, write_downloads  # noqa: E402
from cds.failure import describe  # noqa: E402
from cds.handwritten import TableCaptions  # noqa: E402
from cds.publish import discard, publish, stage  # noqa: E402
from cds.render import TEMPLATE_CACHE, Renderer  # noqa: E402
from cds.routes import Language, build_routes, generated_pages  # noqa: E402
from cds.site_url import SiteUrlError, check_site_url  # noqa: E402

log = logging.getLogger("mkdocs.hooks.cds")


def _refresh_package() -> None:
    """MkDocs 1.6 loads a hook file once per process (it caches hook modules), so under
    `mkdocs serve` the check above must run again before each build; the names this file
    imported from `cds` are then taken from the fresh modules."""
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        _forget_changed_package()
        for name, value in list(globals().items()):
            module = getattr(value, "__module__", None)
            if isinstance(value, type(sys)) or not isinstance(module, str) or not hasattr(value, "__qualname__"):
                continue
            if module == "cds" or module.startswith("cds."):
                globals()[name] = getattr(importlib.import_module(module), value.__qualname__)
    finally:
        sys.path.remove(str(Path(__file__).parent))

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
SCHEMA_DIR = PROJECT_DIR / "schema"
TEMPLATE_DIR = PROJECT_DIR / "overrides" / "report"
# A hand-written page asks for a block of data with an HTML comment: <!-- data: comparison -->
FRAGMENT_MARKER = re.compile(r"<!--\s*data:\s*([a-z0-9-]+)\s*-->")

# The state of the build under way. MkDocs loads a hook file once per process and runs
# every build through it, both languages and each rebuild under `mkdocs serve`: the state
# is reset in on_config, and what a build hands on is taken out, not read in place.
_build: dict = {}
# The build being published (cds/publish.py): the first language's on_config stages a fresh
# folder, every language writes into it, on_post_build publishes it and on_build_error drops
# it. Kept apart from `_build`, which each language's on_config resets.
_publishing: dict = {}
# Whether this process runs `mkdocs serve`, which adds its live-reload script to each page
# it serves (see cds/csp.py). Never unset: the other languages' builds that this process
# starts (`_build_language`) announce themselves as builds.
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = _serving or command == "serve"


def on_config(config):
    _refresh_package()
    try:
        check_site_url(config.site_url)
    except SiteUrlError as error:
        raise PluginError(str(error)) from None
    languages = [Language.from_config(item) for item in config.extra["languages"]]
    code = config.theme["language"]
    language = next((lang for lang in languages if lang.code == code), None)
    if language is None:
        raise PluginError(f"theme.language `{code}` is not listed in extra.languages of mkdocs.yml.")
    _build.clear()
    try:
        dataset = read_dataset(DATA_DIR, SCHEMA_DIR, PROJECT_DIR)
    except DataError as error:
        annotate(error.problems)  # on their lines in a pull request, when run in GitHub Actions
        raise PluginError(error.report()) from None
    docs_root = Path(config.docs_dir).parent
    province_ids, indicator_ids, ranking_ids = list(dataset.provinces), list(dataset.indicators), list(dataset.rankings)
    routes = build_routes(
        languages, {lang.code: docs_root / lang.code for lang in languages}, province_ids, indicator_ids, ranking_ids
    )
    for missing in routes.missing:
        log.warning(f"Translation missing: {missing} (set the same `page_id` in both languages' front matter).")
    site_url = config.site_url or ""
    root_url = site_url[: -len(language.prefix)] if language.prefix and site_url.endswith(language.prefix) else site_url
    files: dict = {}  # filled in on_files, once the download files exist
    renderer = Renderer(TEMPLATE_DIR, dataset, routes, code, files)
    _build.update(
        language=language,
        languages=languages,
        dataset=dataset,
        routes=routes,
        root_url=root_url,
        renderer=renderer,
        downloads=files,
        generated=generated_pages(language, province_ids, indicator_ids, ranking_ids),
        with_fragments={},  # src_uri → a hand-written page's HTML, until its full body is made
        build_date=renderer.formatter.date(datetime.date.today().isoformat()),
    )
    # Hand-written pages explain glossary abbreviations on hover: the `abbr` extension
    # takes them as its `glossary` option, as data (see Renderer.abbreviation_titles).
    config.mdx_configs["abbr"] = {**config.mdx_configs.get("abbr", {}), "glossary": renderer.abbreviation_titles()}
    # Their HTML tables take Markdown in their cells, caption included (see cds/handwritten.py).
    config.markdown_extensions.append(TableCaptions())
    if language == languages[0]:
        _stage_site(config)
    return config


def _stage_site(config) -> None:
    """Point this build, and so the other languages' builds under it, at a fresh folder
    beside site_dir: the previous site stays whole until every language has succeeded."""
    # In strict mode MkDocs stops on a warning only after on_post_build: count them too.
    warnings = CountHandler()
    warnings.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    _publishing.update(config=config, site_dir=config.site_dir, staging=stage(config.site_dir), warnings=warnings)
    config.site_dir = str(_publishing["staging"].folder)


def _end_publishing(*, succeeded: bool) -> None:
    """Publish the staged site, or drop it; the config points at site_dir again (gh-deploy
    pushes config.site_dir once the build is done)."""
    if not _publishing:
        return
    if succeeded:
        publish(_publishing["staging"])
        log.info(f"Published the site to {_publishing['site_dir']}")
    else:
        discard(_publishing["staging"])
    logging.getLogger("mkdocs").removeHandler(_publishing["warnings"])
    _publishing.pop("config").site_dir = _publishing["site_dir"]
    _publishing.clear()


def on_files(files, config):
    renderer = _build["renderer"]
    for page_id, src_uri in _build["generated"].items():
        # Province, indicator and ranking pages are reached from their index pages, not from
        # the sidebar: a sidebar listing every one of them on every page grows with the
        # square of the site (see benchmarks/README.md).
        listed = not page_id.startswith(("province/", "indicator/", "ranking/"))
        inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content=_front_matter(page_id, renderer), inclusion=inclusion))
    # The open-data files are the same in every language: the first language's build
    # writes them at the site root (its site_dir is clean by now), the others link to them.
    dataset = _build["dataset"]
    if not _build["language"].prefix:
        _build["downloads"].update(write_downloads(dataset, Path(config.site_dir)))
    else:
        _build["downloads"].update(download_links(dataset))
    # What is read by now (data, model, templates, MkDocs itself) lives until the build
    # ends: the cyclic garbage collector need not walk it again for every page (at a
    # thousand provinces that walk grows with the site), nor touch it in a forked build,
    # which would copy the memory it shares with this one. Unfrozen in on_post_build.
    gc.freeze()
    # From here on the languages no longer depend on each other.
    _start_other_languages(config)
    return files


def _front_matter(page_id: str, renderer: Renderer) -> str:
    """Metadata of a generated page; its body is rendered in `on_page_content`."""
    meta = {"title": _html(renderer.page_title(page_id)), "description": _html(renderer.page_description(page_id))}
    # Data pages are wide tables: the header's tabs navigate, the left sidebar makes room.
    meta["hide"] = ["navigation"]
    tags = renderer.search_tags(page_id)
    if tags:
        # Material's search indexes tags with a high boost (the tags plugin is off: pages show none).
        meta["tags"] = [_html(tag) for tag in tags]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def _html(text):
    """Material's templates put titles and descriptions into the page as HTML, unescaped:
    text from the data is escaped first, so it shows as written and never adds markup."""
    return str(escape(text)) if isinstance(text, str) else text


def on_env(env, config, files):
    # Material's templates too are compiled once per process, not once per language.
    env.bytecode_cache = TEMPLATE_CACHE
    return env


def on_page_content(html, page, config, files):
    """The body the search plugin indexes. For the pages and blocks the hooks write, that
    is their searchable text only: the search plugin (in on_page_context) then skips
    parsing tables and charts it would not index anyway, and until the full body is
    rendered (our on_page_context, after it) a page holds kilobytes, not its whole HTML."""
    page_id = _build["routes"].page_id(_build["language"].code, page.file.src_uri)
    if page_id in _build["generated"]:
        rendered = _render_page(page_id, page, search_body=True)
        page.toc = get_toc(rendered.toc_tokens)
        page.present_anchor_ids = rendered.anchor_ids
        return rendered.html
    if FRAGMENT_MARKER.search(html):
        _build["with_fragments"][page.file.src_uri] = html
        return _with_fragments(html, page, search_body=True)
    return html


@event_priority(-100)  # after the search plugin has indexed the search body (priority 0)
def on_page_context(context, page, config, nav):
    page_id = _build["routes"].page_id(_build["language"].code, page.file.src_uri)
    if page_id in _build["generated"]:
        page.content = _render_page(page_id, page, search_body=False).html
    elif page.file.src_uri in _build["with_fragments"]:
        page.content = _with_fragments(_build["with_fragments"].pop(page.file.src_uri), page, search_body=False)
    context["alternates"] = _build["routes"].alternates(page_id, _build["language"].code, _build["root_url"])
    # A generated page has the same ids in every language: the switch may keep the #anchor.
    context["anchors_match"] = page_id in _build["generated"]
    return _with_report_context(context)


def _render_page(page_id: str, page, *, search_body: bool):
    try:
        return _build["renderer"].page(page_id, page.url, search_body=search_body)
    except TemplateError as error:
        raise PluginError(_template_problem(error, page_id)) from None


def _template_problem(error: TemplateError, page_id: str) -> str:
    """A template mistake, located in its template file, without a traceback."""
    return f"{describe(error, PROJECT_DIR)} (while rendering `{page_id}`)"


def _with_fragments(html: str, page, *, search_body: bool) -> str:
    """A hand-written page's HTML with its data blocks (`<!-- data: name -->`) filled in."""
    renderer = _build["renderer"]
    names = renderer.fragment_names()  # lists the template folder: once per page

    def fragment(match: re.Match) -> str:
        name = match.group(1)
        if name not in names:
            known = ", ".join(sorted(names))
            raise PluginError(f"{page.file.src_path}: unknown data block `{name}` in `{match.group(0)}`; known blocks: {known}.")
        return renderer.fragment(name, page.url, search_body=search_body)

    return FRAGMENT_MARKER.sub(fragment, html)


def on_post_page(output, page, config):
    # The page is written: let its HTML go, so memory stays flat as the site grows.
    page.content = None
    return with_script_hashes(output, page.file.dest_uri, serving=_serving)


def on_post_template(output_content, template_name, config):
    # Pages made from a template alone (404.html) have their policy too.
    if not template_name.endswith(".html"):
        return output_content
    return with_script_hashes(output_content, template_name, serving=_serving)


def on_template_context(context, template_name, config):
    # Pages without a counterpart (404.html, ...) switch to the other language's home.
    context.setdefault("alternates", _build["routes"].alternates(None, _build["language"].code, _build["root_url"]))
    context.setdefault("anchors_match", False)
    if template_name == "404.html":
        # GitHub Pages serves 404.html at any missing address, at any depth: link by path from the host's root.
        context["alternates"] = [{**alt, "href": urlsplit(alt["absolute"]).path} for alt in context["alternates"]]
    elif template_name == "sitemap.xml":
        context["sitemap_alternates"] = _sitemap_alternates(context["pages"])
    return _with_report_context(context)


def _sitemap_alternates(files) -> dict[str, list[dict]]:
    """src_uri → the page's address in every language that has it (hreflang in overrides/sitemap.xml)."""
    routes, code = _build["routes"], _build["language"].code
    result = {}
    for file in files:
        page_id = routes.page_id(code, file.src_uri)
        paths = {lang.code: routes.site_path(page_id, lang.code) for lang in routes.languages} if page_id else {}
        links = [{"lang": lang, "href": _build["root_url"] + path} for lang, path in paths.items() if path is not None]
        if len(links) > 1:
            result[file.src_uri] = links + [{"lang": "x-default", "href": links[0]["href"]}]
    return result


def on_pre_build(config):
    # One site: the reader's choices (dark mode) hold in every language, not per language's base URL.
    config.extra.setdefault("scope", urlsplit(_build["root_url"]).path or "/")
    # Templates in overrides/ (not files to copy); they cover every language, so only the
    # default language's build writes them, at the site root (the others render them empty).
    config.theme.static_templates.update(("robots.txt", "sitemap_index.xml"))


def _with_report_context(context):
    """What overrides/partials need around every page: words, and the build date."""
    context["cds"] = {"f": _build["renderer"].formatter, "build_date": _build["build_date"]}
    return context


def _start_other_languages(config) -> None:
    """Build the other languages beside this one: on Linux each in a forked process, which
    starts warm (data, templates, imports) and runs on another core; elsewhere, or on one
    core, one after the other in on_post_build."""
    if _build["language"] != _build["languages"][0]:
        return
    parallel = sys.platform == "linux" and (os.cpu_count() or 1) > 1
    _build["others"] = [
        (language, _fork(language, config) if parallel else None) for language in _build["languages"][1:]
    ]


def _fork(language: Language, config) -> multiprocessing.Process:
    process = multiprocessing.get_context("fork").Process(
        target=_build_language_and_exit, args=(language, config), name=f"mkdocs-{language.code}"
    )
    process.start()
    return process


def _build_language_and_exit(language: Language, config) -> None:
    _publishing.clear()  # this process writes into the staged site; the parent publishes it
    try:
        _build_language(language, config)
    except Abort as error:  # MkDocs has logged what went wrong
        log.error(f"{language.name}: {error.format_message()}")
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - reported as a build error, not a traceback
        log.error(f"{language.name}: {describe(error, PROJECT_DIR)}")
        sys.exit(1)


@event_priority(-100)  # last: the search plugin writes its index in on_post_build
def on_post_build(config):
    gc.unfreeze()  # what this build leaves behind can be collected (mkdocs serve builds again)
    failed = []
    # Popped: the hook module lives as long as the process (MkDocs caches it), so a later
    # build, or a build forked from this one, must not find these processes.
    for language, process in _build.pop("others", []):
        if process is None:
            _build_language(language, config)
            continue
        process.join()
        if process.exitcode != 0:
            failed.append(language.name)
    if failed:
        raise PluginError(f"The {', '.join(failed)} site did not build; see the messages above.")
    # Every language has succeeded: publish, unless strict mode is about to stop the build
    # on a warning (MkDocs checks after on_post_build; on_build_error then drops the staging).
    if _publishing.get("config") is config and not (config.strict and _publishing["warnings"].get_counts()):
        _end_publishing(succeeded=True)


@event_priority(-100)  # last: after every plugin has cleaned up
def on_build_error(error):
    gc.unfreeze()
    for _, process in _build.pop("others", []):
        if process is not None and process.is_alive():
            process.terminate()
            process.join()
    _end_publishing(succeeded=False)
    if not isinstance(error, MkDocsException):
        # MkDocs reports its own errors in a line; any other it would end on a traceback.
        log.error(describe(error, PROJECT_DIR))
        raise Abort("Aborted with a BuildError!") from None


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
