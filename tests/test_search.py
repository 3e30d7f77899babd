"""What the search index holds for the pages the hooks write.

Material's search plugin indexes a page's body in on_page_context. For generated pages
and data blocks the hooks hand it a *search body* (the page without the parts marked
`data-search-exclude`: tables, charts, source lists) and give the page its full body
afterwards (see hooks/cds_site.py). These tests hold that to its promise: the index is
exactly what Material would take from the full body, and readers get the full body.
"""

from __future__ import annotations

import json
import re

import pytest
from material.plugins.search.plugin import Parser

from conftest import PROJECT_DIR, renderers_as_the_glue_makes, text_of

from cds.dataset import read_dataset
from cds.downloads import download_links


@pytest.fixture(scope="module")
def glue():
    dataset = read_dataset(PROJECT_DIR / "data", PROJECT_DIR / "schema", PROJECT_DIR)
    return renderers_as_the_glue_makes(dataset, download_links(dataset))


def indexed(html: str) -> list[tuple[str, str, str]]:
    """(anchor, title, text) of each section Material's search plugin would index."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [
        (section.id, "".join(section.title).strip(), "".join(section.text).strip())
        for section in parser.data
        if not section.is_excluded()
    ]


def bodies(glue):
    """(language, what, search body, full body) of every generated page and data block."""
    for language in glue:
        for page_id in language.generated:
            url = language.url(page_id)
            search = language.renderer.page(page_id, url, search_body=True)
            full = language.renderer.page(page_id, url)
            yield language.language.code, page_id, search, full
        for name in sorted(language.renderer.fragment_names()):
            search = language.renderer.fragment(name, "", search_body=True)
            yield language.language.code, f"fragment {name}", search, language.renderer.fragment(name, "")


def test_the_search_body_is_indexed_as_the_full_body_would_be(glue):
    checked = 0
    for code, what, search, full in bodies(glue):
        search_html = search if isinstance(search, str) else search.html
        full_html = full if isinstance(full, str) else full.html
        assert indexed(search_html) == indexed(full_html), f"{code} {what}"
        if not isinstance(search, str):
            assert search.sections == full.sections, f"{code} {what}: the table of contents differs"
        checked += 1
    assert checked > 2 * 60  # every indicator page in both languages, and more


def test_the_search_body_leaves_out_what_search_skips(glue):
    for code, what, search, full in bodies(glue):
        search_html = search if isinstance(search, str) else search.html
        full_html = full if isinstance(full, str) else full.html
        assert "data-search-exclude" not in search_html, f"{code} {what}"
        for tag in ("<table", "<svg"):
            assert tag not in search_html, f"{code} {what}: {tag}"
        if "<table" in full_html:
            assert len(search_html) < len(full_html) / 2, f"{code} {what}"


def test_readers_get_the_full_body_and_search_its_text(site, data):
    province = data["provinces"]["nghe-an"]
    page = site.page("tinh/nghe-an/")
    article = page.select_one("article")
    # The full body: tables of figures, the targets' progress bars, the timeline chart.
    assert len(article.select("table.cds-figures tbody tr")) == len(province["figures"])
    assert article.select_one("table.cds-targets svg[role=img]") is not None
    assert article.select_one("figure.cds-chart svg[role=img]") is not None
    # The index: the page's sections with their text, and nothing from the tables.
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"] if doc["location"].startswith("tinh/nghe-an/")}
    headings = {f"tinh/nghe-an/#{h['id']}": text_of(h) for h in article.select("h2[id], h3[id]")}
    assert set(headings) <= set(entries)
    for location, heading in headings.items():
        assert entries[location]["title"] == heading
    assert text_of(article.select_one(".cds-summary")) in " ".join(entries["tinh/nghe-an/#summary"]["text"].split())
    timeline = entries["tinh/nghe-an/#timeline"]["text"]
    for event in province["events"]:
        assert " ".join(event["title"]["vi"].split()) in " ".join(timeline.split())
    first_row = text_of(article.select_one("table.cds-figures tbody tr td"))
    assert not any(first_row in doc["text"] for doc in entries.values())


@pytest.mark.parametrize("root, indicators", [("", "chi-so"), ("en/", "indicators")])
def test_acronyms_are_indexed_as_words_and_as_their_indicator_page_tags(site, root, indicators):
    """Readers type "DTI", not "(dti)": the index splits words at brackets and punctuation,
    and an indicator page is tagged with the acronym its name gives itself, which Material's
    search boosts above any title (tests/browser/test_language_and_search.py searches)."""
    index = json.loads((site.root / root / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    assert index["config"]["fields"]["tags"]["boost"] > index["config"]["fields"]["title"]["boost"]
    pages = {doc["location"]: doc for doc in index["docs"] if "#" not in doc["location"]}
    for acronym in ("DTI", "PCI", "PAPI"):
        page = pages[f"{indicators}/{acronym.lower()}/"]
        assert acronym in [word for word in separator.split(page["title"]) if word]
        assert page["tags"] == [acronym]
    tagged = {location for location, doc in pages.items() if acronym in doc.get("tags", [])}
    assert tagged == {f"{indicators}/papi/"}  # only the indicator's own page


@pytest.mark.parametrize("root, guide, dictionary", [("", "huong-dan-bien-tap/", "du-lieu/"), ("en/", "editors-guide/", "data/")])
def test_the_editors_guide_stays_out_of_the_readers_search(site, root, guide, dictionary):
    """Every page loads the index: the manual for the data's editors, its largest page,
    stays out of it (`search: exclude` in its front matter); the data dictionary, which
    reusers search for column names, stays in."""
    assert site.page(root + guide).select_one("article h1") is not None
    index = json.loads((site.root / root / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [location for location in locations if location.startswith(guide)]
    assert dictionary in locations and any(location.startswith(dictionary + "#") for location in locations)
