"""The Content-Security-Policy of a page: the hashes of its inline scripts, filled in.

GitHub Pages sends no headers of our choosing, so overrides/main.html writes the policy
as a `<meta http-equiv="Content-Security-Policy">` at the top of `<head>`, with
PLACEHOLDER where `script-src` lists the inline scripts allowed to run. Those scripts
(Material's `__md_scope` and palette scripts, the 404 page's redirect) embed values of
the page and its language, so each page's policy names the SHA-256 of the scripts that
page holds: computed once the page is written, by `with_script_hashes`.

It runs on every page: the page is searched for `<script` (a scan of the string) and
only the few tags found are given to the standard library's HTML parser.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

from mkdocs.exceptions import PluginError

# Written in the policy in overrides/main.html; shaped like a source expression, so that a
# browser would ignore it rather than misread the policy, but always replaced.
PLACEHOLDER = "'cds-inline-script-hashes'"
# `mkdocs serve` adds its live-reload script to each page as it serves it, different at
# every request: no hash can name it. The preview allows inline scripts (hashes would
# make browsers ignore 'unsafe-inline'); everything else in the policy holds as built.
SERVE_SOURCES = "'unsafe-inline'"
# The `type`s of a <script> that browsers run; any other type (Material's `__config`
# JSON) is a data block, which the policy does not govern.
SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
POLICY_HOME = "the site_meta block of overrides/main.html"


def with_script_hashes(html: str, where: str, *, serving: bool = False) -> str:
    """The page `html` (`where`: its file, for messages) with its policy naming the hash
    of each inline script it holds, or, under `mkdocs serve`, allowing inline scripts."""
    at = html.find(PLACEHOLDER)
    if at == -1:
        raise PluginError(
            f"{where}: the page has no Content-Security-Policy with {PLACEHOLDER} in it (where the "
            f"hashes of its inline scripts go): the policy is in {POLICY_HOME}, which every page extends."
        )
    first_script = html.find("<script")
    if first_script != -1 and first_script < at:
        raise PluginError(
            f"{where}: a <script> comes before the Content-Security-Policy, which governs only "
            f"what follows it: keep the policy in {POLICY_HOME}, Material's first block of <head>."
        )
    sources = SERVE_SOURCES if serving else " ".join(dict.fromkeys(map(script_hash, inline_scripts(html))))
    return html[:at] + sources + html[at + len(PLACEHOLDER):]


def script_hash(text: str) -> str:
    """The source expression allowing the inline script `text` (its exact characters)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str):
    """The text of every inline script a browser would run, in the order of the page."""
    start = html.find("<script")
    while start != -1:
        end = html.find("</script", start)
        if end == -1:  # unclosed: a browser runs the rest of the page as the script
            end = len(html)
        tag = _StartTag(html[start:end])
        if tag.name == "script" and "src" not in tag.attrs and tag.attrs.get("type", "").strip().lower() in SCRIPT_TYPES:
            yield html[start + len(tag.text):end]
        start = html.find("<script", end)


class _StartTag(HTMLParser):
    """The first start tag of a piece of HTML: its name, attributes and exact text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.name, self.text, self.attrs = "", "", {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if not self.name:
            self.name, self.text = tag, self.get_starttag_text()
            self.attrs = {key: value or "" for key, value in attrs}
