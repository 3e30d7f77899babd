"""Report pages in a real browser: light and dark mode, sortable tables, printing on A4.

Screenshots and PDFs go to test-output/ for a person to look at."""

from __future__ import annotations

import pytest

from conftest import OUTPUT_DIR

from .conftest import SCREENSHOTS, new_context

REPORT_PAGES = {
    ("vi", "province"): "tinh/nghe-an/",
    ("en", "province"): "en/provinces/nghe-an/",
    ("vi", "indicator"): "chi-so/dti/",
    ("en", "indicator"): "en/indicators/dti/",
}
PRINTS = OUTPUT_DIR / "print"


def fill_of(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).fill")


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(colour: str) -> float:
        channels = [int(part) / 255 for part in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language, kind", sorted(REPORT_PAGES))
def test_report_pages_in_light_and_dark_mode(browser, served, language, kind, scheme):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, recorder = new_context(browser, served, color_scheme=scheme)
    page = context.new_page()
    page.goto(served.address(REPORT_PAGES[(language, kind)]))
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    chart = page.locator("figure.cds-chart").first
    chart.wait_for(state="visible")
    # Chart marks take the theme's colour, distinct from the page behind them, and every
    # mark carries its label in text.
    mark = ".cds-bar-plot .cds-bar" if kind == "indicator" else "svg .cds-mark"
    assert contrast(fill_of(page, mark), background(page)) >= 3, (fill_of(page, mark), background(page))
    labels = page.locator(".cds-bar-value" if kind == "indicator" else "svg .cds-mark-label")
    assert labels.count() >= 2 and all(text.strip() for text in labels.all_text_contents())
    page.screenshot(path=SCREENSHOTS / f"report-{language}-{kind}-{scheme}.png", full_page=True)
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


VALUES = "cells => cells.map(c => c.dataset.sort)"


@pytest.mark.parametrize("language, path", [("vi", "so-sanh/"), ("en", "en/compare/")])
def test_comparison_tables_sort_in_the_browser(recorded, served, language, path):
    """A table sorts by value within itself, and only where its values share a unit; a table
    whose values are in several units sorts by its other columns but not by value."""
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(path))
    tables = page.locator("table.cds-sortable[data-sortable]")
    assert tables.count() >= 2
    sortable = page.locator("table.cds-sortable:has(thead th:nth-child(2) button.cds-sort-button)").first
    others = [
        tables.nth(i).locator("tbody tr > th").all_text_contents()
        for i in range(tables.count())
        if tables.nth(i).get_attribute("data-indicator") != sortable.get_attribute("data-indicator")
    ]
    header = sortable.locator("thead th").nth(1)  # the value column
    header.locator("button.cds-sort-button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = sortable.locator("tbody tr > td:nth-child(2)").evaluate_all(VALUES)
    numbers = [float(v) for v in values if v]
    assert len(numbers) >= 2 and numbers == sorted(numbers)
    assert values[len(numbers):] == [""] * (len(values) - len(numbers))  # figures without a value last
    header.locator("button.cds-sort-button").click()
    assert header.get_attribute("aria-sort") == "descending"
    numbers = [float(v) for v in sortable.locator("tbody tr > td:nth-child(2)").evaluate_all(VALUES) if v]
    assert numbers == sorted(numbers, reverse=True)
    # The other tables kept their order: a sort stays within its table.
    assert others == [
        tables.nth(i).locator("tbody tr > th").all_text_contents()
        for i in range(tables.count())
        if tables.nth(i).get_attribute("data-indicator") != sortable.get_attribute("data-indicator")
    ]
    # Ranks sort by position.
    ranked = page.locator("table.cds-sortable:has(thead th:nth-child(4) button.cds-sort-button)").first
    ranked.locator("thead th").nth(3).locator("button.cds-sort-button").click()
    positions = [int(v) for v in ranked.locator("tbody tr > td:nth-child(4)").evaluate_all(VALUES) if v]
    assert len(positions) >= 2 and positions == sorted(positions)
    # Values in different units: no sort button on the value column, and the page says why.
    mixed = page.locator("section.cds-compare-block:has(.cds-compare-unsortable) table.cds-sortable").first
    assert mixed.locator("thead th").nth(1).locator("button").count() == 0
    assert mixed.locator("thead th").nth(1).get_attribute("aria-sort") is None
    assert page.locator("section.cds-compare-block:has(.cds-compare-unsortable) .cds-compare-unsortable").first.is_visible()
    province = mixed.locator("thead th").nth(0)
    province.locator("button.cds-sort-button").click()
    assert province.get_attribute("aria-sort") == "ascending"
    assert mixed.locator("thead th").nth(4).locator("button").count() == 0  # sources do not sort
    assert page.locator(".cds-sort-hint").first.is_visible()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_province_page_prints_on_a4_without_navigation(recorded, served, language):
    PRINTS.mkdir(parents=True, exist_ok=True)
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(REPORT_PAGES[(language, "province")]))
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    for kept in ("table.cds-figures", "table.cds-targets", "figure.cds-chart svg", "ol.cds-timeline", "ol.cds-sources"):
        assert page.locator(kept).first.is_visible(), kept
    pdf = page.pdf(path=str(PRINTS / f"{language}-province-nghe-an.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2
