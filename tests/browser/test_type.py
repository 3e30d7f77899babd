"""Type that suits Vietnamese (issue 10), in Chromium: text and code are drawn in the site's
own fonts (Noto Sans, Noto Sans Mono) with every Vietnamese letter, from the site itself;
stacked tone marks fit in their line; page titles have strong contrast in light and dark mode.

Zoomed screenshots of stacked marks in text and code go to test-output/screenshots/.
"""

from __future__ import annotations

import pytest

from test_fonts import CODE_FONT, TEXT_FONT, VIETNAMESE_ALPHABET

from .conftest import SCREENSHOTS, new_context
from .test_report_views import contrast

PAGES = {
    "province-vi": "tinh/nghe-an/",
    "province-en": "en/provinces/nghe-an/",
    "glossary-vi": "thuat-ngu/",
    "guide-vi": "huong-dan-bien-tap/",
    "guide-en": "en/editors-guide/",
}
# The alphabet written as the site writes text, bold text, inline code and a code block (in
# lines of 20 letters, where the capitals' marks stand under the small letters' descenders).
PROBE = (
    '<p id="cds-probe-text">{a}</p><p><strong id="cds-probe-bold">{a}</strong></p>'
    '<p><code id="cds-probe-code">{a}</code></p><pre><code id="cds-probe-pre">{lines}</code></pre>'
).format(a=VIETNAMESE_ALPHABET, lines="\n".join(VIETNAMESE_ALPHABET[i : i + 20] for i in range(0, len(VIETNAMESE_ALPHABET), 20)))
PROBE_FONTS = {"#cds-probe-text": TEXT_FONT, "#cds-probe-bold": TEXT_FONT, "#cds-probe-code": CODE_FONT, "#cds-probe-pre": CODE_FONT}
# The page's own text, by kind, and the font it must be drawn in (an element's fonts include
# those of the text inside it: a paragraph with code in it is measured as code and text).
PAGE_FONTS = {"article h1": TEXT_FONT, "article p:not(:has(code, kbd))": TEXT_FONT, "article th": TEXT_FONT, "article pre > code": CODE_FONT, "article p code": CODE_FONT}
# Every kind of text whose lines are measured against the marks they must hold.
LINES = ["article h1", "article h2", "article h3", "article p", "article li", "article th", "article td", "article dt", "article dd", "article p code", "article pre > code", "#cds-probe-pre"]


def open_with_probe(page, address: str) -> None:
    page.goto(address)
    page.evaluate("html => document.querySelector('article').insertAdjacentHTML('beforeend', html)", PROBE)
    page.evaluate("document.fonts.ready.then(() => document.fonts.status)")


def fonts_drawing(page, selector: str) -> list[dict]:
    """The fonts Chromium drew an element's own text with (DevTools protocol): family, whether
    it is a web font, and how many glyphs."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return fonts


@pytest.mark.parametrize("name", sorted(PAGES))
def test_text_and_code_are_drawn_in_the_sites_fonts(recorded, served, name):
    context, recorder = recorded
    page = context.new_page()
    open_with_probe(page, served.address(PAGES[name]))
    for selector, family in {**PROBE_FONTS, **PAGE_FONTS}.items():
        if selector in PAGE_FONTS and not page.locator(selector).count():
            continue  # not every page has code or tables
        fonts = fonts_drawing(page, selector)
        assert fonts and all(font["familyName"] == family and font["isCustomFont"] for font in fonts), f"{selector}: {fonts}"
    fonts = [url for url in recorder.requests if url.endswith(".woff2")]
    assert fonts and all(url.startswith(served.url + ("en/" if name.endswith("-en") else "") + "assets/fonts/") for url in fonts), fonts


MEASURE = """([selectors, alphabet]) => Promise.all(selectors.map(async (selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const style = getComputedStyle(element);
  const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  await document.fonts.load(font, alphabet);
  const context = document.createElement('canvas').getContext('2d');
  context.font = font;
  let ascent = 0, descent = 0, tallest = '', deepest = '';
  for (const letter of alphabet) {
    const box = context.measureText(letter);
    if (box.actualBoundingBoxAscent > ascent) { ascent = box.actualBoundingBoxAscent; tallest = letter; }
    if (box.actualBoundingBoxDescent > descent) { descent = box.actualBoundingBoxDescent; deepest = letter; }
  }
  const metrics = context.measureText('x');
  const content = metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent;
  let line = style.lineHeight === 'normal' ? content : parseFloat(style.lineHeight);
  // Inline text (code in a paragraph) sits on its block's lines, at least that far apart.
  let block = element;
  while (getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
  if (block !== element) line = Math.max(line, parseFloat(getComputedStyle(block).lineHeight) || 0);
  return {selector, font, line, ascent, descent, tallest, deepest,
          above: ascent - metrics.fontBoundingBoxAscent - (line - content) / 2,
          padding: parseFloat(style.paddingTop)};
}))"""


@pytest.mark.parametrize("name", ["province-vi", "glossary-vi", "guide-vi"])
def test_stacked_marks_fit_in_their_line(browser, recorded, served, name):
    """The tallest stacked mark (Ẳ, Ễ) over the deepest descender (y, ỵ) fits in one line's
    height, so marks of two lines never touch; in a code block, whose box clips what
    overflows, the first line's marks stay inside its padding."""
    context, _ = recorded
    page = context.new_page()
    open_with_probe(page, served.address(PAGES[name]))
    measured = [item for item in page.evaluate(MEASURE, [LINES, VIETNAMESE_ALPHABET]) if item]
    assert {"article h1", "article p", "#cds-probe-pre"} <= {item["selector"] for item in measured}
    for item in measured:
        assert item["ascent"] + item["descent"] <= item["line"], (
            f"{name} {item['selector']}: {item['tallest']} ({item['ascent']} px above the baseline) over {item['deepest']}"
            f" ({item['descent']} px below) needs more than its {item['line']} px line ({item['font']})"
        )
        if item["selector"].endswith("pre > code"):
            assert item["above"] <= item["padding"], item
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    zoomed, recorder = new_context(browser, served, device_scale_factor=4)
    page = zoomed.new_page()
    open_with_probe(page, served.address(PAGES[name]))
    page.locator("#cds-probe-pre").screenshot(path=SCREENSHOTS / f"type-marks-{name}.png")
    zoomed.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["province-vi", "glossary-vi", "guide-en"])
def test_page_titles_have_strong_contrast(browser, served, name, scheme):
    context, recorder = new_context(browser, served, color_scheme=scheme)
    page = context.new_page()
    page.goto(served.address(PAGES[name]))
    title = page.eval_on_selector("article h1", "el => getComputedStyle(el).color")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    ratio = contrast(opaque(title, background), background)
    assert ratio >= 7, f"{name} ({scheme}): title {title} on {background} is {ratio:.2f}:1"
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def opaque(colour: str, background: str) -> str:
    """A CSS rgb()/rgba() colour laid over an opaque background, as rgb()."""

    def channels(value: str) -> list[float]:
        return [float(part) for part in value[value.index("(") + 1 : value.index(")")].split(",")]

    *front, alpha = channels(colour) + ([1.0] if colour.startswith("rgb(") else [])
    back = channels(background)[:3]
    mixed = [round(f * alpha + b * (1 - alpha)) for f, b in zip(front, back)]
    return f"rgb({mixed[0]}, {mixed[1]}, {mixed[2]})"
