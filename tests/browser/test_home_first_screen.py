"""The home page's first screen, in Chromium, in both languages.

At 1280×800 a reader sees, without scrolling, at least six key figures (`.cds-figure`, each
whole) and the chart of where the provinces stand in the national ranking. On a 375 px
phone the page does not scroll sideways and the chart's text, SVG and HTML alike, renders
at least 9 px high (tests measure the rendered boxes, as a reader sees them).
"""

from __future__ import annotations

import pytest

from .conftest import new_context

HOMES = {"vi": "", "en": "en/"}
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}

# What is whole inside the window, of the elements a selector finds.
WHOLLY_IN_VIEW = """
selector => [...document.querySelectorAll(selector)].filter(element => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
    && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
}).length
"""

# The rendered height of each piece of text in the chart: SVG text and the HTML around it.
CHART_TEXT_HEIGHTS = """
() => {
  const chart = document.querySelector("figure.cds-standing-chart");
  const texts = [...chart.querySelectorAll("svg text")].map(text => [text.textContent, text.getBoundingClientRect().height]);
  const html = [...chart.querySelectorAll(".cds-standing-names a, .cds-standing-axis, .cds-how-to-read, figcaption")];
  const range = document.createRange();
  for (const element of html) {
    range.selectNodeContents(element);
    const lines = [...range.getClientRects()].filter(box => box.width > 0);
    texts.push([element.textContent.trim().slice(0, 40), Math.min(...lines.map(box => box.height))]);
  }
  return texts;
}
"""


def open_home(browser, served, language: str, viewport: dict):
    context, recorder = new_context(browser, served, viewport=viewport)
    page = context.new_page()
    page.goto(served.address(HOMES[language]))
    page.locator("figure.cds-standing-chart svg").wait_for(state="visible")
    return context, recorder, page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_first_screen_at_1280_shows_six_figures_and_the_chart(browser, served, language):
    context, recorder, page = open_home(browser, served, language, LAPTOP)
    assert page.evaluate("window.scrollY") == 0
    figures = page.evaluate(WHOLLY_IN_VIEW, ".cds-figure")
    assert figures >= 6, f"{figures} key figures wholly in the first screen"
    assert page.evaluate(WHOLLY_IN_VIEW, "figure.cds-standing-chart") == 1
    assert page.evaluate(WHOLLY_IN_VIEW, "figure.cds-standing-chart circle.cds-mark") == page.locator("figure.cds-standing-chart circle.cds-mark").count() >= 4
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["375", "1280"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_chart_text_stays_readable_and_nothing_scrolls_sideways(browser, served, language, viewport):
    context, recorder, page = open_home(browser, served, language, viewport)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    heights = page.evaluate(CHART_TEXT_HEIGHTS)
    assert len(heights) >= 10, heights
    small = [(text, height) for text, height in heights if height < 9]
    assert not small, small
    # Every mark and its label stay inside the chart's column (the scale is drawn at its width).
    column = page.locator("figure.cds-standing-chart").bounding_box()
    for element in page.locator("figure.cds-standing-chart svg circle, figure.cds-standing-chart svg text").all():
        box = element.bounding_box()
        assert column["x"] - 1 <= box["x"] and box["x"] + box["width"] <= column["x"] + column["width"] + 1, (element.text_content(), box, column)
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
