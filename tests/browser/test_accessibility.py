"""axe-core in Chromium: no serious or critical accessibility violation on any kind of
page, in either language, in light and in dark mode (colour contrast included), on a
laptop and on a phone (where tables are stacks of cards and charts change layout).

axe-core comes with the `axe-playwright-python` package (requirements-test.txt), which
ships axe.min.js; it is injected into each page as a script, so nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, new_context

SERIOUS = ("serious", "critical")


def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def page_types(served) -> list[str]:
    """One page of each kind, per language: the home page, each section's index, one page
    in each section (`tinh/<id>/`), and the 404 page; found in the built site."""
    chosen: dict[tuple, str] = {}
    for path in served.pages():
        parts = path.removeprefix("en/").rstrip("/").split("/")
        kind = (served.language_of(path), parts[0] if parts != [""] else "", len(parts))
        chosen.setdefault(kind, path)
    return sorted(chosen.values()) + ["404.html", "en/404.html"]


def violations(page, script: str) -> list[str]:
    page.add_script_tag(content=script)
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values:"
        " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] in SERIOUS:
            for node in violation["nodes"][:5]:
                found.append(f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])}: {node['failureSummary']}")
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, served, mode, viewport):
    # axe is added to each page as an inline script, which the site's Content-Security-Policy
    # refuses (tests/browser/test_csp.py runs the pages under it): here it is set aside.
    context, recorder = new_context(browser, served, viewport=viewport, color_scheme=mode, bypass_csp=True)
    page = context.new_page()
    script = axe_script()
    problems = {}
    checked = page_types(served)
    assert len(checked) >= 10
    if viewport is PHONE:
        # On a phone, what changes is the tables (stacks of cards) and the charts around them.
        checked = [path for path in checked if path.endswith("/") and "<table" in (served.root / path / "index.html").read_text(encoding="utf-8")]
        assert len(checked) >= 6, checked
    for path in checked:
        page.goto(served.address(path))
        expected = "slate" if mode == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        found = violations(page, script)
        if found:
            problems[path] = found
    context.close()
    assert not problems, "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())
    assert not recorder.problems(), "\n".join(recorder.problems())


def built_pages(served):
    from bs4 import BeautifulSoup

    for path in served.pages() + ["404.html", "en/404.html"]:
        file = served.root / path / "index.html" if path.endswith("/") or not path else served.root / path
        yield path, BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def test_tables_have_captions_and_header_scopes(served):
    """On every page, each table in the content has a caption and each header cell a scope."""
    problems = []
    for path, soup in built_pages(served):
        for number, table in enumerate(soup.select("article table"), 1):
            caption = table.find("caption")
            if caption is None or not caption.get_text(strip=True):
                problems.append(f"{path}: table {number} has no caption")
            for th in table.find_all("th"):
                if th.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                    problems.append(f"{path}: table {number}: <th> {th.get_text(' ', strip=True)!r} has no scope")
    assert not problems, "\n".join(problems)


def test_language_links_carry_their_own_lang(served):
    """The language switch names each language in that language (WCAG 3.1.2)."""
    for path, soup in built_pages(served):
        links = soup.select("a.md-select__link")
        assert {link["hreflang"] for link in links} == {"vi", "en"}, path
        for link in links:
            assert link.get("lang") == link["hreflang"], path


@pytest.mark.parametrize("path", ["xep-hang/dti-2022/", "en/rankings/dti-2022/"])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_ranking_chart_is_readable_on_a_phone(browser, served, path, mode):
    """At 375 px every label of the chart of all provinces is shown at 11 px or more, the
    bars stand out from the page (3:1), and the page does not scroll sideways."""
    from .test_report_views import background, contrast, fill_of

    context, recorder = new_context(browser, served, viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=mode)
    page = context.new_page()
    page.goto(served.address(path))
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # A label's size on screen: names and positions are HTML text, the scale's numbers SVG
    # text in an SVG without a viewBox; each at its rendered size.
    sizes = page.eval_on_selector_all(
        "figure.cds-bar-chart :is(.cds-bar-label, .cds-bar-value, svg text)",
        """els => els.map(e => e instanceof SVGElement
            ? parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a
            : parseFloat(getComputedStyle(e).fontSize))""",
    )
    assert len(sizes) >= 2 * 63 and min(sizes) >= 11, min(sizes)
    assert contrast(fill_of(page, "figure.cds-bar-chart .cds-bar"), background(page)) >= 3
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
