"""Every chart of the site as Chromium renders it, in both languages: at 375×812 and at
1280×800 every piece of its text is at least 9 px high on screen (the site aims at 11 px:
an SVG scaled down to fit a phone would shrink its text below that), no chart is wider
than the screen, and in light and dark mode its marks stand out from the page at 3:1.

The pages are found in the built site (every page with a chart; of the indicator pages,
which share one template, one of each make-up), so pages added later are covered too.
"""

from __future__ import annotations

import pytest

from .conftest import new_context
from .test_report_views import background, contrast

SIZES = {"phone": {"width": 375, "height": 812}, "laptop": {"width": 1280, "height": 800}}
CHARTS = "figure.cds-chart, svg.cds-progress"
# Every mark that carries data: bars, points, the rank line, progress.
MARKS = ".cds-bar, .cds-mark, .cds-progress-fill, .cds-line"

# The rendered height of each piece of text in a chart: an SVG <text> by its box (which a
# viewBox scales), HTML text by the box of its characters (a Range over its text nodes).
TEXT_HEIGHTS = """figures => figures.flatMap(figure => {
    const found = [];
    for (const t of figure.querySelectorAll('text')) {
        if (t.textContent.trim()) found.push({text: t.textContent.trim(), height: t.getBoundingClientRect().height});
    }
    const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim() || node.parentElement.closest('svg')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const line = range.getClientRects()[0];
        if (line) found.push({text: node.textContent.trim(), height: line.height});
    }
    return found;
})"""

MARK_COLOURS = """(marks) => marks.map(m => {
    const style = getComputedStyle(m);
    const paint = m.matches('.cds-line') ? style.stroke : style.fill;
    return {cls: m.getAttribute('class'), colour: paint};
})"""


# What sets an indicator chart's layout apart: ranges, ranks listed without a bar, short
# labels, more than one group of bars.
SHAPE_MARKERS = ("cds-bar-range", "cds-bar-group--unscaled", "cds-bar-group--short")


def chart_shape(html: str) -> tuple:
    groups = html.count('class="cds-bar-group"') + html.count('class="cds-bar-group ')
    return tuple(marker in html for marker in SHAPE_MARKERS) + (groups > 1,)


@pytest.fixture(scope="module")
def chart_pages(served) -> list[str]:
    """Every page with a chart, but of the indicator pages (one template, 57 of them per
    language) one of each shape per language, and the one with the most bars."""
    pages, indicator_pages = [], {}
    for path in served.pages():
        html = (served.root / path / "index.html").read_text(encoding="utf-8")
        if "cds-chart" not in html:
            continue
        if path.removeprefix("en/").startswith(("chi-so/", "indicators/")):
            indicator_pages.setdefault((served.language_of(path), chart_shape(html)), []).append((html.count("cds-bar-row"), path))
        else:
            pages.append(path)
    for same_shape in indicator_pages.values():
        pages.append(same_shape[0][1])
    for language in ("vi", "en"):
        pages.append(max(entry for (lang, _), entries in indicator_pages.items() if lang == language for entry in entries)[1])
    pages = sorted(set(pages))
    assert any(path.startswith("en/") for path in pages) and any(not path.startswith("en/") for path in pages)
    assert len(indicator_pages) >= 4, indicator_pages.keys()
    return pages


def reading_problems(page, path: str) -> list[str]:
    """Each chart has a visible line on how to read it and a link to its data, and each value
    its unit, or its total for a rank ("9/63"): never a bare number, except a rank the source
    gives without a total, listed apart under a note saying so."""
    problems = []
    for chart in page.locator("figure.cds-chart").all():
        name = chart.get_attribute("id")
        how = chart.locator(".cds-how-to-read")
        if how.count() == 0 or not how.first.is_visible() or not how.first.inner_text().strip():
            problems.append(f"{path}#{name}: no visible line on how to read it")
        if chart.locator("a[download]").count() == 0:
            problems.append(f"{path}#{name}: no link to its data")
        for value in chart.locator(".cds-bar-group:not(.cds-bar-group--unscaled) .cds-bar-value").all_inner_texts():
            if value.strip().replace(",", "").replace(".", "").isdigit():
                problems.append(f"{path}#{name}: the value {value!r} has no unit")
    return problems


def contrast_problems(page, path: str, scheme: str) -> list[str]:
    behind = background(page)
    marks = page.locator(f":is({CHARTS}) :is({MARKS})").evaluate_all(MARK_COLOURS)
    if not marks:
        return [f"{path}: no marks"]
    return [
        f"{path} ({scheme}): {cls} {colour} on {behind}: {contrast(colour, behind):.2f}:1"
        for cls, colour in {(m["cls"], m["colour"]) for m in marks}
        if contrast(colour, behind) < 3
    ]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_chart_is_readable_at_phone_and_laptop_size_in_light_and_dark_mode(browser, served, chart_pages, size):
    """On every page with a chart (both languages): the text sizes, the widths and the how
    to read them at this size; the marks' contrast, on the laptop, in light mode and then in
    dark mode (the scheme Material's palette toggle sets: colours are the same at any size)."""
    viewport = SIZES[size]
    phone = size == "phone"
    context, recorder = new_context(browser, served, viewport=viewport, is_mobile=phone, has_touch=phone, color_scheme="light")
    page = context.new_page()
    problems = []
    for path in chart_pages:
        page.goto(served.address(path), wait_until="domcontentloaded")
        page.evaluate("document.fonts.ready")
        texts = page.locator("figure.cds-chart").evaluate_all(TEXT_HEIGHTS)
        if not texts:
            problems.append(f"{path}: no chart text")
        problems += [f"{path}: {t['text']!r} is {t['height']:.1f} px high" for t in texts if t["height"] < 9]
        widest = page.locator("figure.cds-chart").evaluate_all("fs => Math.max(...fs.map(f => f.getBoundingClientRect().right))")
        if widest > viewport["width"]:
            problems.append(f"{path}: a chart reaches {widest:.0f} px")
        if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
            problems.append(f"{path}: the page scrolls sideways")
        problems += reading_problems(page, path)
        if not phone:
            problems += contrast_problems(page, path, "light")
            page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
            problems += contrast_problems(page, path, "dark")
    context.close()
    assert not problems, "\n".join(problems)
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_scheme_a_reader_prefers_gives_marks_that_stand_out(browser, served, scheme):
    """The same contrast where the scheme comes from the reader's system preference."""
    context, recorder = new_context(browser, served, color_scheme=scheme)
    page = context.new_page()
    problems = []
    for path in ("chi-so/dti/", "en/provinces/thanh-hoa/", "en/rankings/dti-2022/"):
        page.goto(served.address(path))
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
        problems += contrast_problems(page, path, scheme)
    context.close()
    assert not problems, "\n".join(problems)
    assert not recorder.problems(), "\n".join(recorder.problems())
