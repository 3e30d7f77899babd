"""Printing (issue 10): A4, the site's name and the page's address on page 1, no heading left
at the foot of a page, no table row cut in two, charts printed with their labels in black on
white, in light and dark mode.

Chromium prints each page to PDF (page.pdf); Debian's poppler-utils read it back (pdftotext
for the text of each page, pdfinfo for the paper size) and draw its pages as PNG (pdftoppm)
into test-output/print/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import OUTPUT_DIR

from .conftest import new_context
from .test_report_views import contrast

PRINTS = OUTPUT_DIR / "print"
PROVINCES = {"vi": "tinh/nghe-an/", "en": "en/provinces/nghe-an/"}
# Pages of several sheets whose headings, without the print rules, fall at a page's foot.
LONG_PAGES = {"province-vi": PROVINCES["vi"], "province-en": PROVINCES["en"], "bac-giang-en": "en/provinces/bac-giang/", "guide-vi": "huong-dan-bien-tap/", "guide-en": "en/editors-guide/"}
A4_POINTS = (595.3, 841.9)  # 210 × 297 mm (Chromium rounds to whole pixels: 595.92 × 842.88)
HEADINGS = "article h1, article h2, article h3, article h4"
# The page's title opens page 1; its text ("Nghệ An") also ends many a caption.
SECTION_HEADINGS = "article h2, article h3, article h4"


def poppler(tool: str, *args: str) -> str:
    if not shutil.which(tool):
        pytest.fail(f"{tool} not found: apt-get install poppler-utils (make test does it when run as root)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def normalized(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def printed(browser, served, path: str, name: str, scheme: str = "light"):
    """The page opened in `scheme`, switched to print media; its PDF on the paper the page's
    own @page rule asks for (Letter otherwise), as a reader's Print button makes it (no
    background graphics); and the text of each of its pages."""
    PRINTS.mkdir(parents=True, exist_ok=True)
    context, recorder = new_context(browser, served, color_scheme=scheme)
    page = context.new_page()
    page.goto(served.address(path))
    page.evaluate("document.fonts.ready.then(() => true)")
    page.emulate_media(media="print")
    pdf = PRINTS / f"{name}-{scheme}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-").split("\f")  # a form feed ends each page
    return context, recorder, page, pdf, pages[:-1] if not pages[-1].strip() else pages


@pytest.mark.parametrize("language", sorted(PROVINCES))
def test_page_one_names_the_site_and_the_page(browser, served, language):
    path = PROVINCES[language]
    context, recorder, page, pdf, pages = printed(browser, served, path, f"province-{language}")
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", poppler("pdfinfo", str(pdf)))
    assert all(abs(float(side) - a4) < 2 for side, a4 in zip(size.groups(), A4_POINTS)), size.group(0)
    site_name = page.get_attribute('meta[property="og:site_name"]', "content")
    address = served.address(path)
    first = normalized(pages[0])
    assert normalized(site_name) in first and address in first, first[:300]
    # On screen the header says both; the printed line is only on paper.
    page.emulate_media(media="screen")
    assert not page.locator(".cds-print-header").is_visible()
    poppler("pdftoppm", "-r", "50", "-png", str(pdf), str(PRINTS / pdf.stem))
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("name", sorted(LONG_PAGES))
def test_no_heading_is_left_at_the_foot_of_a_page(browser, served, name):
    context, recorder, page, pdf, pages = printed(browser, served, LONG_PAGES[name], name)
    assert len(pages) >= 3, f"{pdf}: {len(pages)} pages"
    rules = page.evaluate(
        """(headings) => ({
            headings: [...document.querySelectorAll(headings)].map(h => getComputedStyle(h).breakAfter),
            rows: [...document.querySelectorAll('article tr')].map(tr => getComputedStyle(tr).breakInside),
        })""",
        HEADINGS,
    )
    assert rules["headings"] and set(rules["headings"]) == {"avoid"}, rules["headings"]
    assert set(rules["rows"]) <= {"avoid"}, set(rules["rows"])
    headings = [normalized(text) for text in page.locator(SECTION_HEADINGS).evaluate_all("hs => hs.map(h => h.innerText)") if text.strip()]
    for number, text in enumerate(pages[:-1], start=1):
        tail = normalized(" ".join(text.strip().splitlines()[-3:]))
        orphans = [heading for heading in headings if tail.endswith(heading)]
        assert not orphans, f"{pdf} page {number} ends with the heading {orphans[0]!r}"
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", sorted(PROVINCES))
def test_charts_print_their_labels_in_black_on_white(browser, served, language, scheme):
    context, recorder, page, pdf, pages = printed(browser, served, PROVINCES[language], f"charts-{language}", scheme)
    labels = page.locator("figure.cds-chart svg text").evaluate_all(
        """texts => texts.map(t => {
            const style = getComputedStyle(t);
            const mark = t.closest('g') && t.closest('g').querySelector('.cds-mark, .cds-bar');
            return {text: t.textContent, visible: t.checkVisibility({opacityProperty: true, visibilityProperty: true}),
                    fill: style.fill, label: t.classList.contains('cds-mark-label'),
                    behind: mark ? getComputedStyle(mark).fill : null};
        })"""
    )
    assert len(labels) >= 5, labels
    whole = normalized(" ".join(pages))
    for label in labels:
        assert label["visible"], label
        if label["label"]:  # a label on its mark: white on the dark teal, as in light mode
            assert label["behind"] and contrast(label["fill"], label["behind"]) >= 4.5, label
        else:
            assert label["fill"] == "rgb(0, 0, 0)", label
        assert normalized(label["text"]) in whole, f"{label['text']!r} is not in the printed text"
    assert page.evaluate("getComputedStyle(document.querySelector('article')).color") == "rgb(0, 0, 0)"
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
