"""Links in the built site: every internal link and every #anchor leads somewhere, and
no page links to a page of the other language but through the language switch and the
hreflang links.

Pages are found in the built site (built under the sub-path of TEST_SITE_URL). The 404
pages are checked as GitHub Pages serves them: at an address deep in the site.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from conftest import TEST_SITE_URL

LINKED = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"))
SCHEMES_NOT_FETCHED = ("mailto", "tel", "javascript", "data")
# Where each page is requested from: its own address, or for a 404 page any missing one.
NOT_FOUND_AT = "no/such/folder/page/"


def language_of(path: str) -> str:
    return "en" if path.startswith("en/") else "vi"


def page_address(site, file: Path) -> str:
    path = site.path_of(file)
    if file.name == "404.html":
        return TEST_SITE_URL + ("en/" if path.startswith("en/") else "") + NOT_FOUND_AT
    return TEST_SITE_URL + path


def target_file(site, url: str) -> Path | None:
    """The file an address inside the site is served from, or None."""
    path = unquote(urlsplit(url).path)[len(urlsplit(TEST_SITE_URL).path):]
    candidate = site.root / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def internal_links(site):
    """(page file, element, attribute, absolute address) of every link to this site."""
    for file in site.html_files():
        page = site.page(site.path_of(file))
        base = page_address(site, file)
        for tag, attribute in LINKED:
            for element in page.find_all(tag):
                value = element.get(attribute)
                if not value or urlsplit(value).scheme in SCHEMES_NOT_FETCHED:
                    continue
                url = urljoin(base, value)
                if url.startswith(TEST_SITE_URL):
                    yield file, element, attribute, url


@cache
def ids_in(file: Path) -> frozenset[str]:
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    return frozenset(element["id"] for element in soup.find_all(id=True)) | frozenset(a["name"] for a in soup.find_all("a", attrs={"name": True}))


def test_every_internal_link_resolves_to_a_file(site):
    broken = []
    checked = 0
    for file, element, attribute, url in internal_links(site):
        checked += 1
        if target_file(site, url) is None:
            broken.append(f"{site.path_of(file)}: <{element.name} {attribute}={element[attribute]!r}> → {url}")
    assert checked > 100
    assert not broken, "\n".join(sorted(set(broken)))


def test_every_anchor_exists_in_its_page(site):
    missing = []
    checked = 0
    for file, element, attribute, url in internal_links(site):
        fragment = unquote(urlsplit(url).fragment)
        target = target_file(site, url)
        if not fragment or target is None or target.suffix != ".html":
            continue
        checked += 1
        if fragment not in ids_in(target):
            missing.append(f"{site.path_of(file)}: {element[attribute]!r}: no id {fragment!r} in {site.path_of(target)}")
    assert checked > 10
    assert not missing, "\n".join(sorted(set(missing)))


def test_no_page_links_to_the_other_language_but_the_switch_and_hreflang(site):
    crossing = []
    for file, element, attribute, url in internal_links(site):
        target = target_file(site, url)
        if target is None or target.suffix != ".html":
            continue  # assets and downloads belong to no language
        source_language = language_of(site.path_of(file))
        target_language = language_of(site.path_of(target))
        if source_language == target_language:
            continue
        rel = element.get("rel") or []
        if element.name == "link" and "alternate" in rel:
            continue  # hreflang
        if element.name == "a" and "md-select__link" in element.get("class", []):
            continue  # the language switch
        if file.name == "404.html" and element.get("hreflang") == target_language:
            continue  # the root 404 page speaks both languages
        crossing.append(f"{site.path_of(file)} ({source_language}): <{element.name} {attribute}={element[attribute]!r}> → {site.path_of(target)} ({target_language})")
    assert not crossing, "\n".join(sorted(set(crossing)))


def test_links_to_the_other_language_say_so(site):
    """The switch's and the 404 page's links to the other language carry its hreflang."""
    for file in site.html_files():
        page = site.page(site.path_of(file))
        for a in page.select("a.md-select__link, .cds-not-found a"):
            assert a.get("hreflang") in ("vi", "en"), (site.path_of(file), a)
