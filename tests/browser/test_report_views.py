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
    chart = page.locator("figure.cds-chart svg[role=img]").first
    chart.wait_for(state="visible")
    # Chart marks take the theme's colour, distinct from the page behind them, and every
    # mark carries its label in text.
    mark = "svg .cds-bar" if kind == "indicator" else "svg .cds-mark"
    assert contrast(fill_of(page, mark), background(page)) >= 3, (fill_of(page, mark), background(page))
    labels = page.locator("svg .cds-chart-value" if kind == "indicator" else "svg .cds-mark-label")
    assert labels.count() >= 2 and all(text.strip() for text in labels.all_text_contents())
    page.screenshot(path=SCREENSHOTS / f"report-{language}-{kind}-{scheme}.png", full_page=True)
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("language, path", [("vi", "so-sanh/"), ("en", "en/compare/")])
def test_comparison_tables_sort_in_the_browser(recorded, served, language, path):
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(path))
    table = page.locator("table.cds-sortable").first
    header = table.locator("thead th").nth(2)  # the value column
    values_before = table.locator("tbody tr td.cds-num[data-sort]").first.get_attribute("data-sort")
    header.locator("button.cds-sort-button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    numbers = [float(v) for v in table.locator("tbody tr > td:nth-child(3)").evaluate_all("cells => cells.map(c => c.dataset.sort)") if v]
    assert numbers == sorted(numbers)
    header.locator("button.cds-sort-button").click()
    assert header.get_attribute("aria-sort") == "descending"
    numbers = [float(v) for v in table.locator("tbody tr > td:nth-child(3)").evaluate_all("cells => cells.map(c => c.dataset.sort)") if v]
    assert numbers == sorted(numbers, reverse=True)
    assert values_before is not None
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
