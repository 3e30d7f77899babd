"""The Content-Security-Policy in Chromium: every kind of page, in both languages, loads
and works (search, the language switch, sortable tables, dark mode) without a single
violation of its policy, and the policy does refuse what it is there to refuse.

Violations are caught twice: by a `securitypolicyviolation` listener that an init script
puts on every document before any of the page's own scripts runs, and in the console
(Chromium logs an error for each refused script, style or request). The policy itself
comes from overrides/main.html and hooks/cds/csp.py; tests/test_csp.py reads it in the
built HTML.
"""

from __future__ import annotations

import pytest

from .conftest import new_context
from .test_accessibility import page_types
from .test_browser import HOMES, scheme, search, switch_language, toggle_palette

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cdsViolation([event.effectiveDirective, event.blockedURI, event.sourceFile + ":" + event.lineNumber,
                       event.sample].join(" | "));
});
"""
COMPARE = {"vi": "so-sanh/", "en": "en/compare/"}
MISSING = {"vi": "khong-co-trang-nay/", "en": "en/no-such-page/"}


class Watched:
    """A browser context whose every CSP violation, and every console message about the
    policy (errors and warnings alike), is recorded."""

    def __init__(self, browser, served, **options):
        self.context, self.recorder = new_context(browser, served, **options)
        self.violations: list[str] = []
        self.console: list[str] = []
        self.context.expose_function("cdsViolation", self._violation)
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.context.on("console", self._console)

    def _violation(self, description: str) -> None:
        self.violations.append(description)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(f"{message.type}: {message.text}")

    def problems(self) -> list[str]:
        return (
            [f"securitypolicyviolation: {item}" for item in self.violations]
            + [f"console: {item}" for item in self.console]
            + self.recorder.problems()
        )


@pytest.fixture
def watched(browser, served):
    """A fresh, watched context; at the end of the test, no violation, no CSP message, and
    nothing else wrong (conftest.Recorder: no foreign or failed request, no console error)."""
    watch = Watched(browser, served)
    yield watch
    watch.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def settle(page) -> None:
    """Wait until the page has loaded what it loads on its own (Material fetches the search
    index and starts its worker at load): every request the policy governs has been made."""
    page.wait_for_load_state("networkidle")


def test_every_kind_of_page_loads_without_a_violation(watched, served):
    paths = page_types(served)
    kinds = {path.removeprefix("en/").split("/")[0] for path in paths}
    # Home, provinces, indicators, compare, glossary, data, 404, in both languages.
    for kind in ("", "tinh", "chi-so", "so-sanh", "thuat-ngu", "du-lieu", "provinces", "indicators", "compare", "glossary", "data", "404.html"):
        assert kind in kinds, f"no page of kind {kind!r} among {paths}"
    page = watched.context.new_page()
    for path in paths:
        page.goto(served.address(path))
        settle(page)
        # One policy, read by the browser before any script or stylesheet of the page.
        placement = page.evaluate(
            """() => {
              const policies = document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]');
              const first = document.querySelector('script, style, link[rel~="stylesheet"]');
              return {count: policies.length, inHead: policies.length > 0 && policies[0].parentElement === document.head,
                      beforeFirst: policies.length > 0 && !!(policies[0].compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)};
            }"""
        )
        assert placement == {"count": 1, "inHead": True, "beforeFirst": True}, (path, placement)
        # Material's inline scripts ran: the first defines __md_scope, the bundle then swaps no-js for js.
        assert page.evaluate("typeof __md_scope === 'object' && document.documentElement.classList.contains('js')"), path
    assert not watched.problems(), "\n".join(watched.problems())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_missing_address_runs_the_404_page_scripts_without_a_violation(watched, served, language):
    """The root 404.html, served at any missing address, runs its own inline script: for an
    English address it sends the reader on to en/404.html. That redirect is the proof that
    its hash is right."""
    missing = served.address(MISSING[language])
    watched.recorder.expected_status[missing] = 404
    page = watched.context.new_page()
    page.goto(missing)
    if language == "en":
        page.wait_for_url("**/en/404.html")
    settle(page)
    assert page.locator("html").get_attribute("lang") == language
    assert "404" in page.locator("h1").inner_text()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_sorting_dark_mode_and_language_switch_work_under_the_policy(browser, served, language):
    watch = Watched(browser, served, color_scheme="light")
    page = watch.context.new_page()
    page.goto(served.address(HOMES[language]))
    settle(page)
    # Search: Material's worker, fed the index it fetched, answers a query.
    results = search(page, "Nghe An")
    assert results and all(path.endswith("/") for path in results), results
    # Sorting: sort-table.js, the site's one script, sorts a comparison table.
    page.goto(served.address(COMPARE[language]))
    table = page.locator("table.cds-sortable:has(thead th:nth-child(2) button.cds-sort-button)").first
    header = table.locator("thead th").nth(1)  # the value column
    header.locator("button.cds-sort-button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = table.locator("tbody tr > td:nth-child(2)").evaluate_all("cells => cells.map(c => c.dataset.sort)")
    numbers = [float(value) for value in values if value]
    assert len(numbers) >= 2 and numbers == sorted(numbers)
    # Dark mode: the toggle, then the palette script in <head> restoring the choice on reload.
    assert scheme(page) == "default"
    toggle_palette(page)
    assert scheme(page) == "slate"
    page.reload()
    settle(page)
    assert scheme(page) == "slate"
    # The language switch: to the same page in the other language, and back.
    other = "en" if language == "vi" else "vi"
    switch_language(page, other)
    assert page.locator("html").get_attribute("lang") == other
    assert scheme(page) == "slate"
    switch_language(page, language)
    assert served.path_of(page.url) == COMPARE[language]
    settle(page)
    watch.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


INJECTIONS = {
    # what a page gains  →  (the markup added before </body>, the directive that must refuse it, JS true if it took effect)
    "inline script": ("<script>window.cdsInjected = true;</script>", "script-src-elem", "window.cdsInjected === true"),
    "event handler": (
        '<img alt="" src="data:image/png;base64,AA==" onerror="window.cdsInjected = true">',  # not an image: onerror fires
        "script-src-attr",
        "window.cdsInjected === true",
    ),
    "script from elsewhere": ('<script src="https://example.org/injected.js"></script>', "script-src-elem", "false"),
    "inline style": (
        '<style>body { outline: 7px solid rgb(1, 2, 3) }</style>',
        "style-src-elem",
        "getComputedStyle(document.body).outlineWidth === '7px'",
    ),
    "style attribute": (
        '<p id="cds-probe" style="outline: 7px solid rgb(1, 2, 3)">probe</p>',
        "style-src-attr",
        "getComputedStyle(document.getElementById('cds-probe')).outlineWidth === '7px'",
    ),
    "image from elsewhere": ('<img alt="" src="https://example.org/pixel.png">', "img-src", "false"),
    # font-src 'self': the site's own fonts load (every other test here), anyone else's do not.
    "font from elsewhere": ('<link rel="preload" as="font" type="font/woff2" crossorigin href="https://example.org/font.woff2">', "font-src", "false"),
}


@pytest.mark.parametrize("injection", sorted(INJECTIONS))
def test_the_policy_refuses_what_was_not_built_into_the_page(browser, served, injection):
    """A copy of a built page with something added (as an attacker would, or a careless
    template): Chromium refuses it, reports the violation, and the addition has no effect."""
    markup, directive, took_effect = INJECTIONS[injection]
    path = "tinh/"
    html = (served.root / path / "index.html").read_text(encoding="utf-8")
    assert html.count("</body>") == 1
    watch = Watched(browser, served)
    page = watch.context.new_page()
    # Served instead of the built page (a page's routes come before the context's).
    page.route(served.address(path), lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html.replace("</body>", markup + "</body>")))
    page.goto(served.address(path))
    settle(page)
    assert not page.evaluate(took_effect), f"the injected {injection} took effect"
    refused = [item for item in watch.violations if item.split(" | ")[0] == directive]
    assert refused, f"no {directive} violation for the injected {injection}: {watch.violations}"
    assert len(watch.violations) == 1, watch.violations
    # The page's own scripts still ran.
    assert page.evaluate("typeof __md_scope === 'object' && document.documentElement.classList.contains('js')")
    # Nothing left the machine: the policy stopped it before any request.
    assert not watch.recorder.foreign, watch.recorder.foreign
    watch.context.close()
