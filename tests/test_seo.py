"""Search engines and sharing: descriptions, canonical URLs, Open Graph and Twitter cards,
hreflang, sitemaps, robots.txt and the 404 pages, all from site_url alone.

The `site` fixture builds with SITE_URL=https://example.github.io/cds-report/: a GitHub
Pages project site, under a sub-path. Pages are found in the built site.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import PROJECT_DIR, TEST_SITE_URL, run_mkdocs

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
# Letters only Vietnamese uses (with its tone and vowel marks): a Vietnamese description has some.
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def language_of(path: str) -> str:
    return "en" if path.startswith("en/") else "vi"


def pages(site) -> list[str]:
    """Every page of both languages but the 404 pages, as paths from the site root."""
    return [site.path_of(file) for file in site.html_files() if not file.name == "404.html"]


def meta(page, **attrs) -> str | None:
    tag = page.find("meta", attrs=attrs)
    return tag.get("content") if tag else None


def meta_all(page, **attrs) -> list[str]:
    return [tag.get("content") for tag in page.find_all("meta", attrs=attrs)]


def site_names(site) -> dict[str, str]:
    """Each language's site_name: the home page's title."""
    return {language: site.page(home).title.get_text(strip=True) for language, home in (("vi", ""), ("en", "en/"))}


def test_every_page_has_a_description_in_its_language(site):
    descriptions = {"vi": set(), "en": set()}
    for path in pages(site):
        page = site.page(path)
        description = meta(page, name="description")
        assert description and description.strip(), f"{path}: no meta description"
        language = language_of(path)
        descriptions[language].add(description)
        if language == "vi":
            assert VIETNAMESE_LETTERS.search(description), f"{path}: description is not in Vietnamese: {description!r}"
        else:
            letters = [c for c in description if c.isalpha()]
            foreign = [c for c in letters if VIETNAMESE_LETTERS.match(c)]
            assert len(foreign) <= 0.02 * len(letters), f"{path}: description is not in English: {description!r}"
    assert not descriptions["vi"] & descriptions["en"], "the same description in both languages"


def test_every_page_has_canonical_open_graph_and_twitter_tags(site):
    names = site_names(site)
    assert names["vi"] != names["en"]
    for path in pages(site):
        page = site.page(path)
        language = language_of(path)
        other = "en" if language == "vi" else "vi"
        url = TEST_SITE_URL + path
        canonical = page.find("link", rel="canonical")
        assert canonical and canonical["href"] == url, path
        assert meta(page, property="og:url") == url, path
        assert meta(page, property="og:type") == "website", path
        assert meta(page, property="og:site_name") == names[language], path
        assert meta(page, property="og:locale") == OG_LOCALES[language], path
        assert meta_all(page, property="og:locale:alternate") == [OG_LOCALES[other]], path
        title = meta(page, property="og:title")
        assert title and title in page.title.get_text(), path
        description = meta(page, property="og:description")
        full = meta(page, name="description")
        assert description and full.startswith(description.rstrip("…").rstrip()), path
        assert len(description) <= 301, path
        assert meta(page, name="twitter:card") == "summary", path
        assert meta(page, name="twitter:title") == title, path
        assert meta(page, name="twitter:description") == description, path


def test_every_address_in_the_head_starts_with_site_url(site):
    for file in site.html_files():
        path = site.path_of(file)
        page = site.page(path)
        addresses = [link["href"] for link in page.find_all("link", rel=["canonical", "alternate"])]
        addresses += [tag["content"] for tag in page.find_all("meta", property="og:url")]
        assert addresses, path
        for address in addresses:
            assert address.startswith(TEST_SITE_URL), (path, address)


def test_hreflang_is_written_so_material_ignores_it(site):
    """rel=" alternate" (leading space): still `alternate` to parsers and search engines,
    but not matched by Material's link[rel=alternate], which would fetch a sitemap.xml
    beside each page and take over the language switch."""
    for path in ("", "en/"):
        html = (site.root / path / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'<link rel="([^"]*)" hreflang=', html)
        assert links and all(rel == " alternate" for rel in links), links


def read_xml(site, path: str) -> ET.Element:
    file = site.root / path
    assert file.exists(), path
    return ET.fromstring(file.read_bytes())


def sitemap_entries(site) -> dict[str, dict[str, str]]:
    """loc → {hreflang: href} over every sitemap the index names."""
    index = read_xml(site, "sitemap_index.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    entries = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        url = loc.text.strip()
        assert url.startswith(TEST_SITE_URL), url
        sitemap_path = url[len(TEST_SITE_URL):]
        folder = sitemap_path.rsplit("sitemap.xml", 1)[0]
        urlset = read_xml(site, sitemap_path)
        assert urlset.tag == f"{SITEMAP}urlset"
        for node in urlset.findall(f"{SITEMAP}url"):
            page_url = node.find(f"{SITEMAP}loc").text.strip()
            # A sitemap lists only addresses under its own folder.
            assert page_url.startswith(TEST_SITE_URL + folder), (sitemap_path, page_url)
            assert page_url not in entries, f"{page_url} listed twice"
            entries[page_url] = {link.get("hreflang"): link.get("href") for link in node.findall(f"{XHTML}link") if link.get("rel") == "alternate"}
    return entries


def test_sitemaps_list_every_page_of_both_languages_with_hreflang(site):
    entries = sitemap_entries(site)
    expected = {TEST_SITE_URL + path for path in pages(site)}
    assert set(entries) == expected
    for url, alternates in entries.items():
        path = url[len(TEST_SITE_URL):]
        language = language_of(path)
        assert set(alternates) == {"vi", "en", "x-default"}, url
        assert alternates[language] == url
        assert alternates["x-default"] == alternates["vi"]
        for hreflang, href in alternates.items():
            assert href.startswith(TEST_SITE_URL), (url, href)
            assert href in entries, f"{url}: alternate {href} is not a page in the sitemaps"
            # Reciprocal, as search engines require, and the same as the page's own <head>.
            assert entries[href] == alternates, (url, href)
        head = {link["hreflang"]: link["href"] for link in site.page(path).find_all("link", rel="alternate") if link.get("hreflang")}
        assert head == alternates, url


def test_robots_txt_points_to_the_sitemap_index(site):
    lines = (site.root / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
    assert sitemaps == [TEST_SITE_URL + "sitemap_index.xml"]
    assert (site.root / "sitemap_index.xml").exists()
    # Written once, at the root: not by the English build into en/.
    assert not (site.root / "en" / "robots.txt").exists()
    assert not (site.root / "en" / "sitemap_index.xml").exists()


def links_of(page) -> list[str]:
    found = []
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        found += [element[attribute] for element in page.find_all(tag) if element.get(attribute)]
    return found


@pytest.mark.parametrize("path, language", [("404.html", "vi"), ("en/404.html", "en")])
def test_404_pages_work_at_any_depth(site, path, language):
    page = site.page(path)
    assert page.html["lang"] == language
    assert "404" in page.find("h1").get_text()
    assert meta(page, name="robots") == "noindex"
    assert page.find("link", rel="canonical") is None
    # Served for any missing address: every link must hold from any folder.
    base_path = urlsplit(TEST_SITE_URL).path
    for href in links_of(page):
        parts = urlsplit(href)
        if parts.scheme or href.startswith("#"):
            continue
        assert href.startswith(base_path), f"{path}: {href!r} is relative, wrong at other depths"
    switch = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
    assert switch == {"vi": base_path, "en": base_path + "en/"}


def test_root_404_speaks_both_languages_and_sends_english_readers_on(site):
    page = site.page("404.html")
    sections = {section["lang"]: section for section in page.select(".cds-not-found")}
    assert set(sections) == {"vi", "en"}
    assert sections["en"].find("a")["href"] == urlsplit(TEST_SITE_URL).path + "en/"
    script = " ".join(script.get_text() for script in page.find_all("script") if "location.replace" in script.get_text())
    assert '"' + urlsplit(TEST_SITE_URL).path + 'en/"' in script
    assert "404.html" in script
    # The English 404 page does not send anyone anywhere.
    assert not any("location.replace" in s.get_text() for s in site.page("en/404.html").find_all("script"))


def test_everything_follows_site_url_at_a_domain_root(tmp_path):
    """With a custom domain (site at the host's root) the same files come out right."""
    site_url = "https://cds.example.org/"
    result = run_mkdocs(PROJECT_DIR, tmp_path, site_url=site_url)
    assert result.returncode == 0, result.stdout + result.stderr
    robots = (tmp_path / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url}sitemap_index.xml" in robots
    index = ET.fromstring((tmp_path / "sitemap_index.xml").read_bytes())
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [site_url + "sitemap.xml", site_url + "en/sitemap.xml"]
    english = ET.fromstring((tmp_path / "en" / "sitemap.xml").read_bytes())
    assert all(loc.text.startswith(site_url + "en/") for loc in english.iter(f"{SITEMAP}loc"))
    home = BeautifulSoup((tmp_path / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("link", rel="canonical")["href"] == site_url + "en/"
    assert meta(home, property="og:url") == site_url + "en/"
    not_found = BeautifulSoup((tmp_path / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert {a["href"] for a in not_found.select("a.md-select__link")} == {"/", "/en/"}
    assert urljoin(site_url + "deep/missing/page/", not_found.select_one('.cds-not-found[lang="en"] a')["href"]) == site_url + "en/"
