"""The built bilingual site: pages, locale formatting, timelines, language links, privacy."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import TEST_SITE_URL, text_of

LANGUAGES = {"vi": {"prefix": "", "provinces": "tinh/"}, "en": {"prefix": "en/", "provinces": "en/provinces/"}}


def province_path(language: str, province_id: str) -> str:
    return f"{LANGUAGES[language]['provinces']}{province_id}/"


def test_build_is_strict_and_has_no_warnings(site):
    assert "WARNING" not in site.log
    assert "ERROR" not in site.log
    # Both languages were built by the one `mkdocs build`.
    assert (site.root / "index.html").exists() and (site.root / "en" / "index.html").exists()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_province_has_a_page_in_each_language(site, data, language):
    for province_id, province in data["provinces"].items():
        page = site.page(province_path(language, province_id))
        assert page.html["lang"] == language
        assert page.find("h1").get_text(strip=True) == province["name"][language]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_figure_target_and_event_is_on_its_province_page(site, data, language):
    for province_id, province in data["provinces"].items():
        page = site.page(province_path(language, province_id))
        rows = page.select("table.cds-figures tbody tr")
        assert len(rows) == len(province["figures"]), province_id
        indicator_names = [text_of(row.find("th").find("a")) for row in rows]
        expected = [data["indicators"][f["indicator"]]["name"][language] for f in province["figures"]]
        assert sorted(indicator_names) == sorted(expected)
        assert len(page.select("table.cds-targets tbody tr")) == len(province["targets"])
        assert len(page.select("ol.cds-timeline > li")) == len(province["events"])


def value_cell(page, indicator_name: str) -> list[str]:
    return [
        row.select_one("td.cds-num").get_text(" ", strip=True)
        for row in page.select("table.cds-figures tbody tr")
        if text_of(row.find("th").find("a")) == indicator_name
    ]


# Figures exactly as the articles give them, and as each locale must show them.
@pytest.mark.parametrize(
    "province_id, needle_vi, needle_en",
    [
        ("nghe-an", "948,4 triệu USD", "948.4 million USD"),
        ("nghe-an", "3.743/3.806", "3,743/3,806"),
        ("nghe-an", "66,60", "66.60"),
        ("nghe-an", "57.891", "57,891"),
        ("nghe-an", "7,38%", "7.38%"),
        ("thanh-hoa", "98,5%", "98.5%"),
        ("thanh-hoa", "11.361", "11,361"),
        ("bac-giang", "42,13%", "42.13%"),
        ("bac-giang", "181,9", "181.9"),
        ("hau-giang", "13,94%", "13.94%"),
        ("hau-giang", "28,5", "28.5"),
    ],
)
def test_figures_are_formatted_for_each_locale(site, province_id, needle_vi, needle_en):
    cells_vi = " | ".join(td.get_text(" ", strip=True) for td in site.page(province_path("vi", province_id)).select("td.cds-num"))
    cells_en = " | ".join(td.get_text(" ", strip=True) for td in site.page(province_path("en", province_id)).select("td.cds-num"))
    assert needle_vi in cells_vi
    assert needle_en in cells_en
    assert needle_en not in cells_vi or needle_en == needle_vi


def test_every_value_in_the_data_is_shown_on_its_page_in_locale_format(site, data):
    """Each figure's row shows its number with the locale's separators."""
    from babel.numbers import format_decimal

    for province_id, province in data["provinces"].items():
        for language, locale in (("vi", "vi"), ("en", "en_GB")):
            page = site.page(province_path(language, province_id))
            for figure in province["figures"]:
                if "value" not in figure:
                    continue
                decimals = figure.get("decimals")
                pattern = "#,##0" + ("." + "0" * decimals if decimals else "") if decimals is not None else None
                expected = format_decimal(figure["value"], format=pattern, locale=locale)
                name = data["indicators"][figure["indicator"]]["name"][language]
                assert any(expected in cell for cell in value_cell(page, name)), (province_id, language, name, expected)


def test_ranks_show_position_and_total(site):
    vi = site.page(province_path("vi", "nghe-an"))
    en = site.page(province_path("en", "nghe-an"))
    for page in (vi, en):
        ranks = [span.get_text(" ", strip=True) for span in page.select(".cds-rank")]
        assert any(rank.startswith("52/63") for rank in ranks)
        assert any(rank.startswith("23/63") for rank in ranks)


def test_dates_are_formatted_per_locale_and_machine_readable(site, data):
    vi = site.page(province_path("vi", "nghe-an"))
    en = site.page(province_path("en", "nghe-an"))
    vi_times = {t["datetime"]: t.get_text(strip=True) for t in vi.select("ol.cds-timeline time")}
    en_times = {t["datetime"]: t.get_text(strip=True) for t in en.select("ol.cds-timeline time")}
    assert vi_times["2022-08-05"] == "05/08/2022"
    assert en_times["2022-08-05"] == "5 August 2022"
    for province_id, province in data["provinces"].items():
        for language in LANGUAGES:
            items = site.page(province_path(language, province_id)).select("ol.cds-timeline > li")
            stamps = [item.find("time")["datetime"] for item in items]
            assert stamps == sorted(str(e["date"]) for e in province["events"])
            for stamp in stamps:
                assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", stamp)


def test_timeline_is_an_ordered_list(site):
    page = site.page(province_path("en", "nghe-an"))
    timeline = page.select_one("#timeline").find_next_sibling("ol")
    assert timeline is not None and "cds-timeline" in timeline["class"]
    assert all(child.name == "li" for child in timeline.find_all(recursive=False))


def test_each_figure_links_to_a_listed_source(site, data):
    for province_id in data["provinces"]:
        for language in LANGUAGES:
            page = site.page(province_path(language, province_id))
            listed = {li["id"] for li in page.select("ol.cds-sources > li")}
            for row in page.select("table.cds-figures tbody tr"):
                cite = row.select_one("a.cds-cite")
                assert cite["href"].startswith("#source-")
                assert cite["href"][1:] in listed


def test_sources_are_cited_as_the_articles_give_them(site, data):
    for language in LANGUAGES:
        page = site.page(province_path(language, "thanh-hoa"))
        item = page.select_one("#source-nld-2023-thanh-hoa")
        assert item.find("cite").get_text() == "Cơ hội bứt phá từ kinh tế số"
        assert item.find("a")["href"] == data["sources"]["nld-2023-thanh-hoa"]["url"]
    # Which sources have an address, and what the others say instead: tests/test_sources.py.


def test_disagreeing_sources_are_both_shown(site):
    for language in LANGUAGES:
        page = site.page(province_path(language, "nghe-an"))
        dti_targets = [
            row for row in page.select("table.cds-targets tbody tr") if row.select_one(".cds-disagree")
        ]
        assert len(dti_targets) == 2
        values = {row.select_one("td.cds-num").get_text(strip=True) for row in dti_targets}
        assert any("25–30" in v for v in values) and any("30–32" in v for v in values)
        cited = {row.select_one("a.cds-cite")["href"] for row in dti_targets}
        assert len(cited) == 2  # each target with its own source


@pytest.mark.parametrize("province_id, merged_vi, merged_en", [("bac-giang", "Bắc Ninh", "Bac Ninh"), ("hau-giang", "Cần Thơ", "Can Tho")])
def test_merged_provinces_say_so_and_keep_their_figures(site, province_id, merged_vi, merged_en):
    vi = site.page(province_path("vi", province_id)).select_one(".cds-merged").get_text(" ", strip=True)
    en = site.page(province_path("en", province_id)).select_one(".cds-merged").get_text(" ", strip=True)
    assert merged_vi in vi and "202/2025/QH15" in vi and "01/07/2025" in vi
    assert merged_en in en and "202/2025/QH15" in en and "1 July 2025" in en


def test_unmerged_provinces_have_no_merger_notice(site):
    assert site.page(province_path("vi", "nghe-an")).select_one(".cds-merged") is None


def test_every_page_has_lang_and_hreflang_for_both_languages(site):
    for file in site.html_files():
        page = site.page(site.path_of(file))
        path = site.path_of(file)
        language = "en" if path.startswith("en/") else "vi"
        assert page.html["lang"] == language, path
        links = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate") if link.get("hreflang")}
        assert set(links) == {"vi", "en", "x-default"}, path
        for href in links.values():
            assert href.startswith(TEST_SITE_URL), (path, href)
        assert links["x-default"] == links["vi"]
        if path != "404.html" and path != "en/404.html":
            assert links[language] == TEST_SITE_URL + path


def language_switch(page) -> dict[str, str]:
    return {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}


def test_language_switch_leads_to_the_same_page_and_back(site):
    checked = 0
    for file in site.html_files():
        path = site.path_of(file)
        if path.endswith("404.html"):
            continue
        page = site.page(path)
        language = "en" if path.startswith("en/") else "vi"
        other = "vi" if language == "en" else "en"
        switch = language_switch(page)
        assert set(switch) == {"vi", "en"}
        for a in page.select("a.md-select__link"):
            assert a["lang"] == a["hreflang"]
        target = urlsplit(urljoin("http://site/" + path, switch[other])).path.lstrip("/")
        assert (site.root / target / "index.html").exists(), (path, target)
        counterpart = site.page(target)
        assert counterpart.html["lang"] == other
        back = urlsplit(urljoin("http://site/" + target, language_switch(counterpart)[language])).path.lstrip("/")
        assert back == path
        # The counterpart is the same page, not the other language's home page.
        if path not in ("", "en/"):
            assert target not in ("", "en/")
        checked += 1
    assert checked >= 2 * 6


@pytest.mark.parametrize("path, placeholder", [("", "Tìm kiếm"), ("en/", "Search")])
def test_material_interface_is_in_the_page_language(site, path, placeholder):
    page = site.page(path)
    assert page.select_one("input.md-search__input")["placeholder"] == placeholder


RESOURCE_ATTRIBUTES = {"link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src", "embed": "src", "object": "data"}


def test_no_page_loads_anything_from_another_host(site):
    for file in site.html_files():
        page = site.page(site.path_of(file))
        for tag, attribute in RESOURCE_ATTRIBUTES.items():
            for element in page.find_all(tag):
                url = element.get(attribute)
                # hreflang and canonical links name this site's own URLs; they load nothing.
                if not url or (tag == "link" and set(element.get("rel", [])) & {"alternate", "canonical"}):
                    continue
                assert not urlsplit(url).netloc, (site.path_of(file), tag, url)
        for style in page.find_all(style=True):
            assert "url(http" not in style["style"]
    for css in site.root.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), css
        assert "fonts.googleapis" not in text, css


def test_text_from_the_data_is_plain_text(site):
    # A summary is plain text: the only markup inside is the site's own <abbr> for acronyms.
    for language in LANGUAGES:
        for path in ("nghe-an", "thanh-hoa"):
            summary = site.page(province_path(language, path)).select_one("p.cds-summary")
            assert {element.name for element in summary.find_all()} <= {"abbr"}
            assert all(set(element.attrs) == {"title"} for element in summary.find_all())
