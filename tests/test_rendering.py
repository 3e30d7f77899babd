"""Hand-written pages render as their authors wrote them, in both languages.

Each page under content/<language>/ is read twice: as its Markdown source, and as the
built page a reader gets. The built text must show no Markdown left unrendered (a
visible `](`, `**` or backtick outside code), keep every word of its source (an example
such as `<id>` written where HTML is parsed disappears as an unknown tag), and fill every
table cell the source fills; the data dictionary on the open-data page is such a table.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PROJECT_DIR, TEST_SITE_URL, _ConfigLoader, text_of

CONFIG = yaml.load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
PREFIXES = {language["code"]: language.get("prefix", "") for language in CONFIG["extra"]["languages"]}
HAND_WRITTEN = [
    (code, source) for code in PREFIXES for source in sorted((PROJECT_DIR / "content" / code).glob("*.md"))
]
PAGE_IDS = [f"{code}/{source.name}" for code, source in HAND_WRITTEN]

# Markdown syntax that only shows in a page when it was not rendered.
RAW_MARKDOWN = re.compile(r"\]\(|\*\*|`")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
AUTOLINK = re.compile(r"<(https?://[^>]+)>")
# The HTML elements the pages use; anything else between angle brackets (`<id>`, `<tỉnh>`)
# is text the author meant readers to see.
HTML_ELEMENTS = (
    "a abbr b br caption code dd details div dl dt em figcaption figure i kbd li ol p pre "
    "small span strong sub summary sup table tbody td tfoot th thead time tr ul"
).split()
HTML_TAG = re.compile(r"</?(?:%s)\b[^>]*>" % "|".join(HTML_ELEMENTS))
# Markdown syntax, not text: what starts a heading, a quote or a list item, and rules.
LINE_MARKUP = re.compile(r"^[ \t]*(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+", re.MULTILINE)
SYNTAX_WORD = re.compile(r"[-*_|]{3,}")
EDGE_PUNCTUATION = ".,;:!?()\"'“”‘’…*"
TABLE_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
TABLE_CELL = re.compile(r"<(th|td)\b[^>]*>(.*?)</\1>", re.DOTALL)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL)


def built_path(code: str, source: Path) -> str:
    """The page's path from the site root, as MkDocs names it (directory URLs)."""
    return PREFIXES[code] + ("" if source.stem == "index" else f"{source.stem}/")


def language_of(path: str) -> str:
    """The language whose part of the site a path from the site root is in."""
    prefixed = [code for code, prefix in PREFIXES.items() if prefix and path.startswith(prefix)]
    return prefixed[0] if prefixed else next(code for code, prefix in PREFIXES.items() if not prefix)


def markdown_body(source: Path) -> str:
    """The page's Markdown without its front matter and comments (data-block markers)."""
    return COMMENT.sub("", FRONT_MATTER.sub("", source.read_text(encoding="utf-8")))


def source_words(markdown: str) -> list[str]:
    """The words a reader should see, from a piece of the Markdown source: link texts
    without their targets, known HTML tags dropped, code spans kept as written."""
    words = []
    for position, piece in enumerate(CODE_SPAN.split(markdown)):
        if position % 3 == 1:  # the backticks a code span is delimited by
            continue
        if position % 3 == 0:  # outside code spans
            piece = AUTOLINK.sub(r"\1", LINK.sub(r"\1", LINE_MARKUP.sub("", piece)))
            piece = re.sub(r"\\(.)", r"\1", HTML_TAG.sub(" ", piece))
        words += html.unescape(piece).split()
    stripped = (word.strip(EDGE_PUNCTUATION) for word in words if not SYNTAX_WORD.fullmatch(word))
    return [word for word in stripped if word]


def article(site, path: str):
    page = site.page(path)
    body = page.select_one("article.md-content__inner")
    assert body is not None, path
    return body


def visible_text(element, *, outside_code: bool = False) -> str:
    """What a reader sees of an element (permalink signs aside), optionally without code."""
    copy = BeautifulSoup(str(element), "html.parser")
    for hidden in copy.select("script, style, a.headerlink" + (", code, pre, kbd" if outside_code else "")):
        hidden.decompose()
    return text_of(copy)


def source_tables(markdown: str) -> list[list[list[str]]]:
    """The tables written in HTML in the source, as rows of cells (each cell's Markdown)."""
    return [
        [[cell for _, cell in TABLE_CELL.findall(row)] for row in TABLE_ROW.findall(table)]
        for table in re.findall(r"<table\b.*?</table>", markdown, re.DOTALL)
    ]


@pytest.mark.parametrize(("code", "source"), HAND_WRITTEN, ids=PAGE_IDS)
def test_no_markdown_is_left_unrendered(site, code, source):
    body = article(site, built_path(code, source))
    for element in body.find_all(string=RAW_MARKDOWN):
        if element.find_parent(["code", "pre", "kbd", "script", "style"]) is None:
            pytest.fail(f"{source.relative_to(PROJECT_DIR)}: unrendered Markdown in {element.parent.name}: {element!r}")
    # An element still carrying md_in_html's attribute was passed through as raw HTML.
    assert not body.select("[markdown]"), [str(tag)[:120] for tag in body.select("[markdown]")]


@pytest.mark.parametrize(("code", "source"), HAND_WRITTEN, ids=PAGE_IDS)
def test_every_word_of_the_source_is_shown(site, code, source):
    shown = visible_text(article(site, built_path(code, source)))
    lost = [word for word in source_words(markdown_body(source)) if word not in shown]
    assert not lost, f"{source.relative_to(PROJECT_DIR)}: not shown: {lost}"


@pytest.mark.parametrize(("code", "source"), HAND_WRITTEN, ids=PAGE_IDS)
def test_every_table_cell_shows_its_source(site, code, source):
    """Rows are found by their first cell; each cell of the row must show all its words."""
    body = article(site, built_path(code, source))
    built_rows = {}
    for row in body.select("table tr"):
        cells = row.find_all(["th", "td"], recursive=False)
        built_rows.setdefault(" ".join(source_words(visible_text(cells[0]))), cells)
    for table in source_tables(markdown_body(source)):
        for cells in table:
            key = " ".join(source_words(cells[0]))
            assert key in built_rows, f"{source.name}: row `{key}` is missing"
            shown = built_rows[key]
            assert len(shown) == len(cells), f"{source.name}: row `{key}` has {len(shown)} cells, not {len(cells)}"
            for written, cell in zip(cells, shown):
                words = source_words(written)
                text = visible_text(cell)
                assert text or not words, f"{source.name}: row `{key}`: empty cell, source has {written!r}"
                lost = [word for word in words if word not in text]
                assert not lost, f"{source.name}: row `{key}`: {lost} not shown in {text!r}"


@pytest.mark.parametrize(("code", "source"), HAND_WRITTEN, ids=PAGE_IDS)
def test_tables_keep_their_captions(site, code, source):
    """A caption outside its table (Markdown wraps it in a paragraph) is dropped by browsers."""
    shown = [" ".join(source_words(visible_text(caption))) for caption in article(site, built_path(code, source)).select("table > caption")]
    for written in CAPTION.findall(markdown_body(source)):
        assert " ".join(source_words(written)) in shown, f"{source.name}: caption {written!r} is not in its table"


def test_the_data_dictionary_is_rendered_in_both_languages(site):
    """The open-data page's dictionary: examples in angle brackets shown, links to the
    indicators page of the page's own language."""
    indicators = {"vi": "chi-so/", "en": "en/indicators/"}
    for code, path in (("vi", "du-lieu/"), ("en", "en/data/")):
        body = article(site, path)
        rows = body.select("table tbody tr")
        assert len(rows) > 10, path
        figure_id = rows[0].find("td").find("code")
        assert re.fullmatch(r"<[^<>]+>-<[^<>]+>-<[^<>]+>", figure_id.get_text()), figure_id
        links = [a["href"] for a in body.select("table a[href]")]
        assert links, path
        targets = {urlsplit(urljoin(TEST_SITE_URL + path, href)).path for href in links}
        assert targets == {urlsplit(TEST_SITE_URL).path + indicators[code]}, (path, links)


@pytest.mark.parametrize(("code", "source"), HAND_WRITTEN, ids=PAGE_IDS)
def test_markdown_links_lead_to_pages_of_the_same_language(site, code, source):
    path = built_path(code, source)
    body = article(site, path)
    for text, target in LINK.findall(markdown_body(source)):
        if urlsplit(target).scheme:
            continue
        anchors = [a for a in body.find_all("a", href=True) if text_of(a) == " ".join(text.split())]
        assert anchors, f"{source.name}: link `{text}` is not a link"
        for anchor in anchors:
            address = urlsplit(urljoin(TEST_SITE_URL + path, anchor["href"])).path
            relative = address.removeprefix(urlsplit(TEST_SITE_URL).path)
            assert not relative.endswith(".md"), anchor
            assert language_of(relative) == code, (source.name, anchor["href"])
            assert (site.root / relative / "index.html").exists() or (site.root / relative).is_file(), anchor
