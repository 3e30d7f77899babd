"""The Content-Security-Policy in the built HTML: one on every page, ahead of every script
and stylesheet; strict (no 'unsafe-inline', no 'unsafe-eval', nothing from elsewhere);
naming, by its SHA-256, each inline script the page holds and no other; and pages that
need nothing the policy refuses (no inline styles, no event-handler attributes).

The hashes here are computed from the pages as BeautifulSoup reads them, independently of
hooks/cds/csp.py. tests/browser/test_csp.py runs the policy in Chromium.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from mkdocs.exceptions import PluginError

from conftest import run_mkdocs
from test_serve import server  # noqa: F401  (the `mkdocs serve` fixture)

POLICY = {"http-equiv": lambda value: value and value.lower() == "content-security-policy"}
# The script types a browser runs; any other is a data block (Material's __config JSON).
RUN_TYPES = {None, "", "text/javascript", "application/javascript", "module"}


def policy_tags(page) -> list:
    return page.find_all("meta", attrs=POLICY)


def directives(policy: str) -> dict[str, list[str]]:
    result = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        assert name not in result, f"{name} twice in {policy!r}"
        result[name] = sources
    return result


def policy_of(page) -> dict[str, list[str]]:
    (tag,) = policy_tags(page)
    return directives(tag["content"])


def inline_scripts(page) -> list[str]:
    return [
        script.string or ""
        for script in page.find_all("script")
        if not script.has_attr("src") and (script.get("type") or "").strip().lower() in RUN_TYPES
    ]


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_every_page_has_one_policy_ahead_of_every_script_and_stylesheet(site):
    files = site.html_files()
    assert any(file.name == "404.html" for file in files) and len(files) > 20
    for file in files:
        path = site.path_of(file)
        page = site.page(path)
        tags = policy_tags(page)
        assert len(tags) == 1, f"{path}: {len(tags)} Content-Security-Policy tags"
        (tag,) = tags
        assert tag.parent is page.head, f"{path}: the policy is not in <head>"
        governed = page.find(lambda element: element.name in ("script", "style") or (element.name == "link" and "stylesheet" in element.get("rel", [])))
        assert governed is not None and tag in governed.find_all_previous("meta"), f"{path}: {governed} comes before the policy"
        # The charset still comes first, as a browser needs it within the first 1024 bytes.
        assert page.head.find("meta") is page.head.find("meta", charset=True), f"{path}: the charset is not first"


def test_the_policy_names_exactly_the_inline_scripts_of_its_page(site):
    hashed = 0
    for file in site.html_files():
        path = site.path_of(file)
        page = site.page(path)
        script_src = policy_of(page)["script-src"]
        expected = {sha256(text) for text in inline_scripts(page)}
        listed = {source for source in script_src if source.startswith("'sha256-")}
        assert listed == expected, f"{path}: the policy lists {sorted(listed)}, the page's inline scripts are {sorted(expected)}"
        assert script_src == ["'self'", *dict.fromkeys(script_src[1:])], f"{path}: script-src {script_src}"
        hashed += len(expected)
    assert hashed >= 2 * len(site.html_files())  # Material's scripts are on every page
    # The root 404 page's own inline script (its redirect to en/404.html) is among them.
    assert any("404.html" in text for text in inline_scripts(site.page("404.html")))


def test_the_policy_is_strict_and_the_same_on_every_page(site):
    policies = set()
    for file in site.html_files():
        path = site.path_of(file)
        policy = policy_tags(site.page(path))[0]["content"]
        for keyword in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'cds-inline-script-hashes'", "*", "http:", "https:", "blob:"):
            assert keyword not in policy.split(), f"{path}: {keyword} in {policy!r}"
        rules = directives(policy)
        assert rules["default-src"] == ["'none'"], path
        assert rules["base-uri"] == ["'none'"] and rules["form-action"] == ["'self'"], path
        # Apart from script-src's hashes, only 'self', and data: for images.
        for name, sources in rules.items():
            allowed = {"'none'", "'self'"} | ({"data:"} if name == "img-src" else set())
            extra = [s for s in sources if s not in allowed and not (name == "script-src" and s.startswith("'sha256-"))]
            assert not extra, f"{path}: {name} {extra}"
        policies.add(tuple((name, tuple(s for s in sources if not s.startswith("'sha256-"))) for name, sources in rules.items()))
    assert len(policies) == 1, policies


def test_no_page_needs_what_the_policy_refuses(site):
    """Inline styles, style attributes, event-handler attributes and javascript: links
    would all be refused (no 'unsafe-inline', no 'unsafe-hashes'): the pages have none."""
    for file in site.html_files():
        path = site.path_of(file)
        page = site.page(path)
        assert not page.find("style"), f"{path}: an inline <style>"
        for element in page.find_all(True):
            assert not element.has_attr("style"), f"{path}: style attribute on {element.name}: {element['style']!r}"
            handlers = [name for name in element.attrs if name.startswith("on")]
            assert not handlers, f"{path}: event handler {handlers} on {element.name}"
            for name in ("href", "src", "action"):
                assert not (element.get(name) or "").strip().lower().startswith("javascript:"), f"{path}: {name} on {element.name}"


def test_a_page_without_the_policy_stops_the_build(project_copy, tmp_path):
    """Every page extends overrides/main.html: if its policy goes, the build says so for
    the first page written (404.html, a template of its own, comes first), rather than
    publishing pages without it."""
    template = project_copy / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    start = text.index('  <meta http-equiv="Content-Security-Policy"')
    template.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    result = run_mkdocs(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "ERROR   -  404.html: the page has no Content-Security-Policy with 'cds-inline-script-hashes' in it (where the hashes"
        " of its inline scripts go): the policy is in the site_meta block of overrides/main.html, which every page extends."
    ) in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def with_script_hashes(html: str, **options) -> str:
    from cds.csp import with_script_hashes

    return with_script_hashes(html, "page/index.html", **options)


HEAD = '<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="script-src \'self\' \'cds-inline-script-hashes\'">'


def test_hashes_cover_the_scripts_a_browser_runs_and_only_those():
    from bs4 import BeautifulSoup

    html = HEAD + (
        '<script>a()</script>'
        '<script data-note="a > in a value">b()</script>'
        '<script type="module">c()</script>'
        '<script>a()</script>'  # the same script twice: named once
        '<script id="__config" type="application/json">{"base": "."}</script>'  # data: never run
        '<script src="x.js"></script>'
        '</head><body><scripts-list>not a script</scripts-list></body></html>'
    )
    policy = policy_of(BeautifulSoup(with_script_hashes(html), "html.parser"))["script-src"]
    assert policy == ["'self'", sha256("a()"), sha256("b()"), sha256("c()")]


def test_a_script_before_the_policy_stops_the_build():
    html = '<html><head><script>early()</script>' + HEAD.removeprefix("<html><head>") + "</head></html>"
    with pytest.raises(PluginError, match="page/index.html: a <script> comes before the Content-Security-Policy"):
        with_script_hashes(html)


def test_the_preview_allows_the_live_reload_script(server):  # noqa: F811
    """`mkdocs serve` adds its live-reload script, different at every request, to each page
    it serves: the preview's policy allows inline scripts, in both languages, and names no
    hash (which would make the browser ignore 'unsafe-inline')."""
    for language in ("vi", "en"):
        page = server.page(language)
        assert any("livereload(" in text for text in inline_scripts(page)), language
        script_src = policy_of(page)["script-src"]
        assert script_src == ["'self'", "'unsafe-inline'"], (language, script_src)
