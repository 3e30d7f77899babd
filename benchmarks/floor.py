"""The floor: the very same pages, hand-written, in a plain MkDocs + Material project.

From a built site (both languages) this writes, per language, a project with

* docs/<page>.md for every HTML page: front matter (title, description, tags, hide as the
  real page has them), the page's h1, then its article content as raw HTML, except that the
  article's top-level headings that have an id become Markdown headings with that id
  (`# Title {#id}`, `## Chỉ số {#indicators}`), so the `toc` extension gives the page the
  same table of contents and search sections it had (a heading without id stays raw HTML,
  as Markdown would give it an id and a search section; an h1 without id is Material's own,
  added outside page.content, so it is also marked `data-search-exclude`: search never sees it);
* the other files the real site ships (the open-data downloads, robots.txt,
  sitemap_index.xml, the site's own CSS and JavaScript) as static files in docs/;
* a mkdocs.yml with the real config's theme settings (Material, language, font, palette,
  features, icons ...), `extra` (generator; the language switch as Material's own
  `alternate` list), extra_css/extra_javascript, plugins, markdown_extensions,
  validation, site_url and the real nav as it is built (read back from the built home
  page, so pages the hooks add to the nav are in it); pages not in the real nav are
  listed in `not_in_nav`. No hooks, no custom_dir.

`check()` then compares every floor page's article with the real one, so any page the
conversion could not reproduce is reported rather than silently measured.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from htmlspans import article_slice, parse, primary_nav_slice

# Elements Material itself adds around page.content inside the article (partials/content.html).
MATERIAL_EXTRA_CLASSES = {"md-content__button", "md-tags", "md-source-file", "md-feedback"}
MATERIAL_EXTRA_IDS = {"__comments"}
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#])")
# Python-Markdown only keeps block-level raw HTML untouched; anything else at the top
# level is wrapped in <p>. Counted, so that a page the floor cannot reproduce shows up.
BLOCK_LEVEL = {
    "address", "article", "aside", "blockquote", "canvas", "center", "details", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "iframe", "main", "math", "menu", "nav", "noscript", "ol", "p",
    "pre", "section", "table", "ul", "script", "style", "video", "progress", "output",
}  # fmt: skip
# Elements the site's own templates add inside the article, after page.content
# (overrides/main.html, block content): in the floor they are part of the page's Markdown,
# marked `data-search-exclude` so that, as on the real site, search does not index them.
# check() compares the two search indexes, so an element missing here shows up.
SITE_TEMPLATE_CLASSES = {"cds-citation"}
THEME_STATIC = ("search/", "sitemap.xml", "sitemap.xml.gz", "404.html")


@dataclass
class LanguageSite:
    code: str
    prefix: str  # "" or "en/"
    config: dict  # the effective (INHERIT-resolved) config of this language
    root: Path  # the built site's root for this language (site/ or site/en/)


def load_effective_config(path: Path) -> dict:
    """The config as MkDocs reads it: INHERIT merged, !ENV resolved (MkDocs' own YAML loader)."""
    from mkdocs.utils.yaml import yaml_load

    with open(path, "rb") as handle:
        return yaml_load(handle)


def language_sites(project: Path, site: Path) -> list[LanguageSite]:
    main = load_effective_config(project / "mkdocs.yml")
    result = []
    for item in main["extra"]["languages"]:
        config = load_effective_config(project / item["config"])
        prefix = item.get("prefix", "")
        result.append(LanguageSite(item["code"], prefix, config, site / prefix if prefix else site))
    return result


def _html_pages(lang: LanguageSite, others: list[str]) -> list[str]:
    """Paths (relative to the language root) of the HTML pages built for this language."""
    pages = []
    for path in sorted(lang.root.rglob("*.html")):
        rel = path.relative_to(lang.root).as_posix()
        if any(rel.startswith(prefix) for prefix in others):
            continue
        pages.append(rel)
    return pages


def _source_paths(pages: list[str]) -> dict[str, str]:
    """HTML page → the Markdown file that MkDocs (use_directory_urls) turns into it:
    `a/index.html` comes from `a/index.md` if other pages live under a/, else from `a.md`."""
    under: dict[str, int] = {}
    for rel in pages:
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth]) + "/"
            under[folder] = under.get(folder, 0) + 1
    sources = {}
    for rel in pages:
        if rel == "index.html":
            sources[rel] = "index.md"
        elif rel.endswith("/index.html"):  # not 404.html, nor a static .html file
            folder = rel[: -len("index.html")]
            sources[rel] = folder + "index.md" if under[folder] > 1 else folder[:-1] + ".md"
    return sources


def _escape_markdown(html: str) -> str:
    """Backslash-escape Markdown punctuation in the text (not the tags) of inline HTML."""
    parts = re.split(r"(<[^>]*>|&[#A-Za-z0-9]+;)", html)
    return "".join(part if i % 2 else MARKDOWN_SPECIAL.sub(r"\\\1", part) for i, part in enumerate(parts))


def _heading_markdown(node, source: str) -> str:
    level = HEADINGS[node.tag]
    inner = " ".join(HEADERLINK.sub("", node.inner(source)).split())
    attrs = []
    if node.attrs.get("id"):
        attrs.append("#" + node.attrs["id"])
    attrs += ["." + cls for cls in sorted(node.classes)]
    other = {k: v for k, v in node.attrs.items() if k not in ("id", "class")}
    attrs += [f'{k}="{v}"' for k, v in other.items()]
    suffix = " {" + " ".join(attrs) + "}" if attrs else ""
    return "#" * level + " " + _escape_markdown(inner) + suffix


def _search_excluded(node, source: str) -> str:
    """The element's HTML with `data-search-exclude` added to its start tag."""
    if "data-search-exclude" in node.attrs:
        return node.outer(source)
    start_tag = source[node.start : node.inner_start]
    cut = len(start_tag) - (2 if start_tag.endswith("/>") else 1)
    return start_tag[:cut] + " data-search-exclude" + source[node.start + cut : node.end]


@dataclass
class PageMarkdown:
    markdown: str
    inline_chunks: int  # top-level non-block HTML chunks (Markdown would wrap them in <p>)


def page_markdown(page_html: str, meta: dict) -> PageMarkdown:
    found = article_slice(page_html)
    if found is None:
        raise ValueError("no <article class=\"md-content__inner\"> in the page")
    source, _ = found
    article = parse(source).find("article")
    h1_done, title, blocks, inline_chunks = False, None, [], 0
    position = article.inner_start
    for node in article.children:
        gap = source[position : node.start]
        position = node.end
        if gap.strip():
            blocks.append(gap.strip())
        if node.classes & MATERIAL_EXTRA_CLASSES or node.attrs.get("id") in MATERIAL_EXTRA_IDS:
            continue
        if node.tag == "h1" and not h1_done:
            h1_done = True
            if node.attrs.get("id"):
                # A Markdown h1 (hand-written pages): `# Title {#id}` gives the same heading.
                title = _heading_markdown(node, source)
            else:
                # An h1 without id: Material's own, added around page.content (generated pages
                # have none in their content). Raw HTML, as a Markdown h1 would get an id and a
                # search section, and marked so that search skips it, as it never sees Material's.
                title = _search_excluded(node, source)
            continue
        if node.tag in HEADINGS and node.attrs.get("id"):
            blocks.append(_heading_markdown(node, source))
            continue  # (a heading without id stays raw HTML: Markdown would give it one)
        if node.tag not in BLOCK_LEVEL:
            inline_chunks += 1
        if node.classes & SITE_TEMPLATE_CLASSES:
            blocks.append(_search_excluded(node, source))
            continue
        blocks.append(node.outer(source))
    tail = source[position : article.inner_end]
    if tail.strip():
        blocks.append(tail.strip())
    front = {k: v for k, v in meta.items() if v}
    head = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1_000_000) + "---\n\n" if front else ""
    body = "\n\n".join(blocks)
    h1 = title + "\n\n" if title else ""
    return PageMarkdown(head + h1 + body + "\n", inline_chunks)


TITLE = re.compile(r"<title>(.*?)</title>", re.S)
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


# Parts of Material's page that front matter `hide:` marks `hidden`.
HIDDEN = {
    "navigation": re.compile(r'<div class="md-sidebar md-sidebar--primary"[^>]*\shidden[\s>]'),
    "toc": re.compile(r'<div class="md-sidebar md-sidebar--secondary"[^>]*\shidden[\s>]'),
    "footer": re.compile(r'<nav class="md-footer__inner[^>]*\shidden[\s>]'),
    "path": re.compile(r'<nav class="md-path"[^>]*\shidden[\s>]'),
    "tags": re.compile(r'<nav class="md-tags"[^>]*\shidden[\s>]'),
}


_TOC_LINK = re.compile(r'<a href="(#[^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>', re.S)


def toc_entries(page_html: str) -> list[tuple[str, str]]:
    """The table of contents in the right-hand sidebar: (anchor, title) in order."""
    start = page_html.find('class="md-sidebar md-sidebar--secondary"')
    end = page_html.find('<div class="md-content"', start)
    if start < 0:
        return []
    return [(href, " ".join(HEADERLINK.sub("", title).split())) for href, title in _TOC_LINK.findall(page_html[start:end])]


def hidden_parts(page_html: str) -> list[str]:
    return [name for name, pattern in HIDDEN.items() if pattern.search(page_html)]


def _page_meta(page_html: str, site_name: str, site_description: str, tags: list[str] | None) -> dict:
    meta = {}
    head = page_html[: page_html.find("</head>")]
    title = TITLE.search(head)
    # As found in the page: Material prints both without escaping them again.
    if title:
        text = title.group(1).strip()
        suffix = " - " + site_name
        if text.endswith(suffix):
            meta["title"] = text[: -len(suffix)]
    description = DESCRIPTION.search(head)
    if description:
        text = description.group(1)
        if text and text != site_description:
            meta["description"] = text
    if tags:
        meta["tags"] = tags
    hide = hidden_parts(page_html)
    if hide:
        meta["hide"] = hide
    return meta


def _nav(nav_html: str) -> list:
    """The primary navigation of a built page as a tree: ("page", title, href) or
    ("section", title, index_href or None, children)."""
    root = parse(nav_html)
    nav = root.find("nav", "md-nav--primary")
    ul = next(c for c in nav.children if c.tag == "ul")

    def title_of(nodes) -> str:
        for node in nodes:
            span = node if "md-ellipsis" in node.classes else node.find("span", "md-ellipsis")
            if span is not None:
                return " ".join(span.inner(nav_html).split())
        return ""

    def items(ul_node) -> list:
        result = []
        for li in ul_node.children:
            if li.tag != "li":
                continue
            nested = next(
                (c for c in li.children if c.tag == "nav" and "md-nav--secondary" not in c.classes), None
            )
            others = [c for c in li.children if c is not nested and not (c.tag == "nav")]
            if nested is not None:
                container = next((c for c in others if "md-nav__container" in c.classes), None)
                link = container.find("a") if container is not None else None
                label = nested.find("label", "md-nav__title")
                title = title_of(others) or (
                    " ".join(re.sub(r"<span[^>]*></span>", "", label.inner(nav_html)).split()) if label else ""
                )
                child_ul = next(c for c in nested.children if c.tag == "ul")
                result.append(("section", title, link.attrs.get("href") if link else None, items(child_ul)))
            else:
                link = next((c for c in others if c.tag == "a"), None)
                if link is None:
                    continue
                result.append(("page", title_of([link]), link.attrs["href"]))
        return result

    return items(ul)


def _href_to_rel(href: str) -> str:
    """A nav link (relative to the language's home page) → the page's HTML file."""
    path = urlsplit(urljoin("http://site/", href)).path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def _nav_config(tree: list, sources: dict[str, str], used: set[str]) -> list:
    config = []
    for item in tree:
        if item[0] == "page":
            _, title, href = item
            src = sources[_href_to_rel(href)]
            used.add(src)
            config.append({title: src})
        else:
            _, title, index_href, children = item
            entries = []
            if index_href is not None:
                src = sources[_href_to_rel(index_href)]
                used.add(src)
                entries.append(src)
            entries += _nav_config(children, sources, used)
            config.append({title: entries})
    return config


def _search_docs(lang: LanguageSite) -> list[dict] | None:
    """The real site's search index for this language (None: the site has no search)."""
    import json

    index = lang.root / "search" / "search_index.json"
    return json.loads(index.read_text(encoding="utf-8"))["docs"] if index.exists() else None


def _search_tags(docs: list[dict] | None) -> dict[str, list[str]]:
    return {doc["location"]: doc["tags"] for doc in docs or () if "#" not in doc["location"] and doc.get("tags")}


def _pages_out_of_search(docs: list[dict] | None, urls: list[str]) -> set[str]:
    """The pages the real index leaves out (`search: exclude` in their front matter)."""
    if docs is None:
        return set()
    indexed = {doc["location"] for doc in docs if "#" not in doc["location"]}
    return {url for url in urls if url not in indexed}


@dataclass
class FloorProject:
    code: str
    config_file: Path
    site_dir: Path
    pages: dict[str, str]  # HTML page (relative to language root) → docs source path
    inline_chunks: int


def write_floor(project: Path, site: Path, floor: Path) -> list[FloorProject]:
    """Write one plain project per language under `floor/<code>/`; their site_dirs are
    `floor/site/` and `floor/site/<prefix>`, like the real site."""
    langs = language_sites(project, site)
    prefixes = [lang.prefix for lang in langs if lang.prefix]
    main_site_url = langs[0].config.get("site_url") or ""
    alternate = [
        {"name": item["name"], "link": "/" + item.get("prefix", ""), "lang": item["code"]}
        for item in load_effective_config(project / "mkdocs.yml")["extra"]["languages"]
    ]
    result = []
    for lang in langs:
        others = [p for p in prefixes if p != lang.prefix]
        config = lang.config
        docs = floor / lang.code / "docs"
        docs.mkdir(parents=True)
        html_pages = _html_pages(lang, others)
        sources = _source_paths(html_pages)
        urls = {rel: "" if rel == "index.html" else rel[: -len("index.html")] for rel in sources}
        docs_indexed = _search_docs(lang)
        tags = _search_tags(docs_indexed)
        excluded = _pages_out_of_search(docs_indexed, list(urls.values()))
        inline_chunks = 0
        site_name = config["site_name"]
        for rel, src in sources.items():
            page_html = (lang.root / rel).read_text(encoding="utf-8")
            url = urls[rel]
            meta = _page_meta(page_html, site_name, config.get("site_description", ""), tags.get(url))
            if url in excluded:
                meta["search"] = {"exclude": True}
            converted = page_markdown(page_html, meta)
            inline_chunks += converted.inline_chunks
            target = docs / src
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(converted.markdown, encoding="utf-8")
        # Everything else the real site ships for this language, except what MkDocs and
        # Material generate themselves (search index, sitemap, theme assets, 404 page).
        extra_assets = set(config.get("extra_css", [])) | {
            (item if isinstance(item, str) else item["path"]) for item in config.get("extra_javascript", [])
        }
        for path in sorted(lang.root.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(lang.root).as_posix()
            if any(rel.startswith(prefix) for prefix in others) or rel in sources:
                continue
            if rel.startswith(THEME_STATIC) or (rel.startswith("assets/") and rel not in extra_assets):
                continue
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        # The nav as built (hooks may add to it), read from the built home page.
        nav_html = primary_nav_slice((lang.root / "index.html").read_text(encoding="utf-8"))
        if nav_html is None:
            raise ValueError(f"{lang.root / 'index.html'}: no primary navigation found")
        used: set[str] = set()
        nav = _nav_config(_nav(nav_html), sources, used)
        not_in_nav = sorted(set(sources.values()) - used)
        floor_config = {
            "site_name": site_name,
            "site_description": config.get("site_description"),
            "site_url": (main_site_url + lang.prefix) if main_site_url else None,
            "docs_dir": "docs",
            "site_dir": str(floor / "site" / lang.prefix) if lang.prefix else str(floor / "site"),
            "theme": {k: v for k, v in config["theme"].items() if k != "custom_dir"},
            "extra": {
                **{k: v for k, v in config.get("extra", {}).items() if k not in ("languages", "alternate")},
                **({"alternate": alternate} if "alternate" in config.get("extra", {}) else {}),
            },
            "extra_css": config.get("extra_css", []),
            "extra_javascript": config.get("extra_javascript", []),
            "plugins": config.get("plugins", []),
            "markdown_extensions": config.get("markdown_extensions", []),
            "validation": config.get("validation", {}),
            "nav": nav,
            "not_in_nav": "\n".join("/" + src for src in not_in_nav),
        }
        floor_config = {k: v for k, v in floor_config.items() if v not in (None, "", [], {})}
        config_file = floor / lang.code / "mkdocs.yml"
        config_file.write_text(
            "# Generated by benchmarks/floor.py: the same pages, hand-written; no hooks.\n"
            + yaml.safe_dump(floor_config, allow_unicode=True, sort_keys=False, width=1_000_000),
            encoding="utf-8",
        )
        result.append(
            FloorProject(lang.code, config_file, Path(floor_config["site_dir"]), sources, inline_chunks)
        )
    return result


# --- Checking that the floor built the same pages ---------------------------------------------

_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>")
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


def _canonical(html: str) -> str:
    """Article HTML with the differences that do not matter removed: heading permalinks,
    attribute order, and whitespace between and inside tags."""
    html = HEADERLINK.sub("", html)

    def tag(match):  # (data-search-exclude is left out: check() compares the search indexes)
        attrs = sorted(
            (name.lower(), (value or '""').strip("\"'"))
            for name, value in _ATTR.findall(match.group(2))
            if name.lower() != "data-search-exclude"
        )
        return "<" + match.group(1).lower() + "".join(f' {n}="{v}"' for n, v in attrs) + ">"

    html = _START_TAG.sub(tag, html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", html).strip()


def _article_body(page_html: str) -> str:
    source, _ = article_slice(page_html)
    article = parse(source).find("article")
    parts, h1_done = [], False
    for node in article.children:
        if node.classes & MATERIAL_EXTRA_CLASSES or node.attrs.get("id") in MATERIAL_EXTRA_IDS:
            continue
        if node.tag == "h1" and not h1_done:
            h1_done = True
            continue
        parts.append(node.outer(source))
    return "".join(parts)


def _nav_pairs(page_html: str) -> list[tuple]:
    nav_html = primary_nav_slice(page_html)

    def flat(tree):
        for item in tree:
            if item[0] == "page":
                yield ("page", item[1], _href_to_rel(item[2]))
            else:
                yield ("section", item[1], item[2] and _href_to_rel(item[2]))
                yield from flat(item[3])

    return list(flat(_nav(nav_html))) if nav_html else []


def check(real_site: Path, floors: list[FloorProject], real_prefixes: dict[str, str]) -> list[str]:
    """Differences between the real site and the floor: pages whose article differs, and
    the nav of each language's home page. An empty list means the floor is faithful."""
    problems = []
    for floor in floors:
        prefix = real_prefixes[floor.code]
        real_root = real_site / prefix if prefix else real_site
        for rel in floor.pages:
            real = (real_root / rel).read_text(encoding="utf-8")
            built = floor.site_dir / rel
            if not built.exists():
                problems.append(f"{prefix}{rel}: not built by the floor")
                continue
            mine = built.read_text(encoding="utf-8")
            for what, pattern in (("title", TITLE), ("description", DESCRIPTION)):
                x, y = pattern.search(real), pattern.search(mine)
                if (x and x.group(1)) != (y and y.group(1)):
                    problems.append(f"{prefix}{rel}: {what} differs: real {x and x.group(1)!r}, floor {y and y.group(1)!r}")
            if toc_entries(real) != toc_entries(mine):
                problems.append(f"{prefix}{rel}: table of contents differs: real {toc_entries(real)[:8]}, floor {toc_entries(mine)[:8]}")
            if hidden_parts(real) != hidden_parts(mine):
                problems.append(f"{prefix}{rel}: hidden parts differ: real {hidden_parts(real)}, floor {hidden_parts(mine)}")
            a, b = _canonical(_article_body(real)), _canonical(_article_body(mine))
            if a != b:
                at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                problems.append(
                    f"{prefix}{rel}: article differs at character {at}: real …{a[max(0, at - 60) : at + 60]}… "
                    f"floor …{b[max(0, at - 60) : at + 60]}…"
                )
        problems += _search_differences(real_root, floor.site_dir, prefix)
        real_nav = _nav_pairs((real_root / "index.html").read_text(encoding="utf-8"))
        floor_nav = _nav_pairs((floor.site_dir / "index.html").read_text(encoding="utf-8"))
        if real_nav != floor_nav:
            problems.append(f"{prefix}index.html: the floor's nav differs from the real nav")
    return problems


def _search_differences(real_root: Path, floor_root: Path, prefix: str) -> list[str]:
    """The floor's search index must hold the same documents as the real one, so that
    the search plugin does the same work on both sides."""
    import json

    def docs(root: Path) -> dict:
        path = root / "search" / "search_index.json"
        if not path.exists():
            return {}
        return {doc["location"]: doc for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]}

    real, mine = docs(real_root), docs(floor_root)
    problems = [f"{prefix}search index: {location!r} only in the real site" for location in real.keys() - mine.keys()]
    problems += [f"{prefix}search index: {location!r} only in the floor" for location in mine.keys() - real.keys()]
    for location in real.keys() & mine.keys():
        if real[location] != mine[location]:
            fields = sorted(k for k in real[location].keys() | mine[location].keys() if real[location].get(k) != mine[location].get(k))
            problems.append(f"{prefix}search index: {location!r} differs in {', '.join(fields)}")
    return problems


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))

