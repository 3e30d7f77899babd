"""The built site in Chromium, as a reader uses it: language switch, search, dark mode,
a phone-sized screen, the 404 page; with screenshots in test-output/screenshots/.

Every test runs in a fresh browser context (see conftest.py): at its end no request may
have left 127.0.0.1, failed, or logged a console error.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, new_context

PROVINCE = "nghe-an"
HOMES = {"vi": "", "en": "en/"}


def counterpart_in_head(page, language: str) -> str:
    """The page's hreflang link to `language`, as written in its <head>."""
    return page.locator(f'head link[hreflang="{language}"]').get_attribute("href")


def switch_language(page, language: str) -> None:
    """Open the header's language menu and choose `language`, as a reader does."""
    page.locator(".md-header .md-select > button").click()
    link = page.locator(f'.md-header .md-select__link[hreflang="{language}"]')
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()


def province_path(served, language: str) -> str:
    """The province page in `language`, found in the built site (`tinh/nghe-an/`)."""
    return next(path for path in served.pages() if path.endswith(f"/{PROVINCE}/") and served.language_of(path) == language)


def test_language_switch_on_every_page_leads_to_the_counterpart_and_back(recorded, served):
    context, recorder = recorded
    page = context.new_page()
    pages = served.pages()
    assert len([p for p in pages if served.language_of(p) == "vi"]) >= 4
    assert len([p for p in pages if served.language_of(p) == "en"]) >= 4
    switched_from = set()
    for path in pages:
        if path in switched_from:
            continue
        language = served.language_of(path)
        other = "en" if language == "vi" else "vi"
        page.goto(served.address(path))
        expected = counterpart_in_head(page, other)
        switch_language(page, other)
        switched_from.add(path)
        there = served.path_of(page.url)
        assert page.locator("html").get_attribute("lang") == other, (path, there)
        # The same page in the other language, as the hreflang link names it.
        assert urlsplit(page.url).path == urlsplit(expected).path, (path, there)
        if path != HOMES[language]:
            assert there != HOMES[other], f"{path}: the switch leads to the home page, not the counterpart"
        switch_language(page, language)
        switched_from.add(there)
        assert served.path_of(page.url) == path, f"{path} → {there} → {served.path_of(page.url)}"
        assert page.locator("html").get_attribute("lang") == language
    assert switched_from >= set(pages)


def search(page, query: str) -> list[str]:
    """Type `query` into the header's search box; the result links' paths, best first."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label.md-header__button[for="__search"]').click()
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=20)
    # Material links each result with ?h=<the words it matched>: wait for a result of the
    # whole query, then until the list stops changing as the last keystrokes are searched.
    word = query.split()[0].lower()
    page.wait_for_function(
        "word => { const a = document.querySelector('.md-search-result__item > .md-search-result__link');"
        " return a && decodeURIComponent(new URL(a.href).search).toLowerCase().includes('h=' + word); }",
        arg=word,
    )
    links = page.locator(".md-search-result__item > .md-search-result__link")
    results, previous = None, []
    for _ in range(25):
        if results == previous:
            break
        previous = results
        page.wait_for_timeout(400)
        results = [urlsplit(a.get_attribute("href")).path for a in links.all()]
    assert links.first.is_visible()
    return results


@pytest.mark.parametrize("query", ["Nghệ An", "nghe an"])
def test_vietnamese_search_finds_the_province_page_with_or_without_accents(recorded, served, query):
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(HOMES["vi"]))
    results = search(page, query)
    base = urlsplit(served.url).path
    assert results[0] == base + province_path(served, "vi"), results
    for result in results:
        assert result.startswith(base) and not result.startswith(base + "en/"), f"a Vietnamese search found {result}"


@pytest.mark.parametrize("query", ["Nghe An", "nghe an"])
def test_english_search_finds_english_pages_only(recorded, served, query):
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(province_path(served, "en")))
    results = search(page, query)
    base = urlsplit(served.url).path
    assert results[0] == base + province_path(served, "en"), results
    for result in results:
        assert result.startswith(base + "en/"), f"an English search found {result}"


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def toggle_palette(page) -> None:
    page.locator('form[data-md-component="palette"] label.md-header__button:visible').click()


def test_dark_mode_toggles_and_persists_across_navigation_reload_and_language(browser, served):
    context, recorder = new_context(browser, served, color_scheme="light")
    page = context.new_page()
    page.goto(served.address(HOMES["vi"]))
    assert scheme(page) == "default"
    toggle_palette(page)
    assert scheme(page) == "slate"
    # Follow a link in the navigation: still dark.
    with page.expect_navigation():
        section = province_path(served, "vi").split("/")[0] + "/"
        page.locator(f':is(.md-tabs, .md-nav--primary) a[href$="{section}"]:visible').first.click()
    assert scheme(page) == "slate"
    page.reload()
    assert scheme(page) == "slate"
    # The choice holds in the other language too: one site, one preference.
    switch_language(page, "en")
    assert scheme(page) == "slate"
    toggle_palette(page)
    assert scheme(page) == "default"
    switch_language(page, "vi")
    assert scheme(page) == "default"
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_phone_navigation_through_the_drawer(browser, served, language):
    context, recorder = new_context(browser, served, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served.address(HOMES[language]))
    drawer = page.locator('label.md-header__button[for="__drawer"]')
    assert drawer.is_visible()
    drawer.click()
    assert page.locator("#__drawer").is_checked()
    target = province_path(served, language)
    section = target.rsplit("/", 2)[0] + "/"  # tinh/ or en/provinces/
    link = page.locator(f'nav.md-nav--primary a.md-nav__link[href$="{section.removeprefix("en/")}"]').first
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    assert served.path_of(page.url) == section
    # The page fits the screen: nothing wider than the phone but the scrollable tables.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{section} is {width}px wide on a {PHONE['width']}px screen"
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_home_and_province_pages(browser, served, language, device):
    """Pictures for a person to look at; the test checks that the pages fit the screen."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    viewport = DESKTOP if device == "desktop" else PHONE
    options = {"is_mobile": True, "has_touch": True} if device == "phone" else {}
    context, recorder = new_context(browser, served, viewport=viewport, **options)
    page = context.new_page()
    for name, path in (("home", HOMES[language]), ("province", province_path(served, language))):
        page.goto(served.address(path))
        page.evaluate("document.fonts.ready")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path} is {width}px wide on a {viewport['width']}px screen"
        page.screenshot(path=SCREENSHOTS / f"{language}-{name}-{device}.png")  # the first screen
        page.screenshot(path=SCREENSHOTS / f"{language}-{name}-{device}-full.png", full_page=True)
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_missing_address_gets_the_404_page_in_its_language(recorded, served):
    context, recorder = recorded
    page = context.new_page()
    # GitHub Pages answers every missing address with the root 404.html (so does the test server).
    missing_vi = served.address("khong-co-trang-nay/")
    missing_en = served.address("en/no-such-page/")
    recorder.expected_status.update({missing_vi: 404, missing_en: 404})
    page.goto(missing_vi)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "404" in page.locator("h1").inner_text()
    # It speaks both languages, each in its own `lang`, and its links work at any depth.
    assert page.locator('.cds-not-found[lang="en"]').count() == 1
    with page.expect_navigation():
        page.locator('.cds-not-found[lang="en"] a').click()
    assert served.path_of(page.url) == HOMES["en"]
    # A reader of an English address is sent on to the English 404 page.
    page.goto(missing_en)
    page.wait_for_url(re.compile(r".*/en/404\.html$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "404" in page.locator("h1").inner_text()
    switch_language(page, "vi")
    assert served.path_of(page.url) == HOMES["vi"]
