"""The language switch and search, as a reader uses them in Chromium.

The switch names the page's language in words and, on a page built from the data, keeps
the reader's #anchor (overrides/partials/alternate.html, language-switch.js). Search
finds what readers type: an indicator's acronym ranks its page first in both languages
(Material's search, with acronyms indexed as words and as the page's tags).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, PHONE, new_context
from .test_browser import search, switch_language

NAMES = {"vi": "Tiếng Việt", "en": "English"}
PROVINCE = {"vi": "tinh/nghe-an/", "en": "en/provinces/nghe-an/"}
INDICATORS = {"vi": "chi-so/", "en": "en/indicators/"}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_switch_names_the_page_language(browser, served, language, viewport):
    options = {"is_mobile": True, "has_touch": True} if viewport is PHONE else {}
    context, recorder = new_context(browser, served, viewport=viewport, **options)
    page = context.new_page()
    page.goto(served.address(PROVINCE[language]))
    button = page.locator(".md-header .md-select > button")
    label = button.locator(".cds-language__name")
    assert label.is_visible()
    assert label.inner_text().strip() == NAMES[language]
    # The label is inside the header, whole, not cut off at the screen's edge.
    box = label.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert page.evaluate("el => el.scrollWidth <= el.clientWidth", label.element_handle())
    # Its accessible name starts with the words it shows, then says what it does.
    assert button.get_attribute("aria-label").startswith(NAMES[language] + " – ")
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("anchor", ["targets", "pillar-digital-government", "sources"])
def test_switching_keeps_the_anchor_on_a_page_built_from_the_data(recorded, served, anchor):
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(PROVINCE["vi"]) + "#" + anchor)
    assert page.locator(f"#{anchor}").count() == 1
    switch_language(page, "en")
    assert served.path_of(page.url) == PROVINCE["en"]
    assert urlsplit(page.url).fragment == anchor
    # The browser went to the heading: it is at the top of the window, under the header.
    page.wait_for_function("id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 200", arg=anchor)
    # And back again, still at the same place.
    switch_language(page, "vi")
    assert served.path_of(page.url) == PROVINCE["vi"] and urlsplit(page.url).fragment == anchor


def test_an_anchor_followed_on_the_page_is_kept_too(recorded, served):
    """The reader follows a link of the table of contents, then switches."""
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(PROVINCE["en"]))
    page.evaluate("location.hash = 'timeline'")
    switch_language(page, "vi")
    assert served.path_of(page.url) == PROVINCE["vi"] and urlsplit(page.url).fragment == "timeline"


def test_a_hand_written_page_switches_to_the_top_of_its_counterpart(recorded, served):
    """Its ids are its own language's headings (`tai-ve`, `downloads`): no anchor to keep."""
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address("du-lieu/"))
    first = page.locator("article h2[id]").first.get_attribute("id")
    page.goto(served.address("du-lieu/") + "#" + first)
    switch_language(page, "en")
    assert served.path_of(page.url) == "en/data/" and urlsplit(page.url).fragment == ""


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("query", ["DTI", "PCI", "PAPI", "dti"])
def test_an_acronym_finds_its_indicator_page_first(recorded, served, language, query):
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(INDICATORS[language]))
    results = search(page, query)
    base = urlsplit(served.url).path
    assert results[0] == base + INDICATORS[language] + query.lower() + "/", results
