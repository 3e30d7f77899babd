"""Language done by the libraries made for it: plural forms (CLDR through Babel), the
alphabetical order of each language (ICU's collation), the language switch.

The order is checked against the Vietnamese alphabet written out here (a ă â b c d đ e ê
… o ô ơ … u ư …, tones second), not against ICU itself, so that a library that sorts
otherwise (code points, or the plain Unicode collation of pyuca) fails these tests.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import PROJECT_DIR, renderers_as_the_glue_makes, text_of

from cds.dataset import read_dataset
from cds.downloads import download_links
from cds.formatting import Formatter, without_diacritics

# --- an independent oracle: the Vietnamese alphabet ---------------------------------------------

ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def vietnamese_order(text: str):
    """Letters by the alphabet (case aside), then tones; other characters (spaces,
    brackets) only separate words, which come before any letter."""
    letters, tones = [], []
    for character in unicodedata.normalize("NFC", text.lower()):
        decomposed = unicodedata.normalize("NFD", character)
        tone = next((TONES[mark] for mark in decomposed if mark in TONES), 0)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in TONES))
        letters.append(ALPHABET.index(base) + 1 if base in ALPHABET else 0)
        tones.append(tone)
    return letters, tones


def test_the_oracle_knows_the_alphabet():
    assert sorted(["Đà", "Dân", "Ê", "En"], key=vietnamese_order) == ["Dân", "Đà", "En", "Ê"]


# --- the formatter's order ---------------------------------------------------------------------

WORDS = ["Ấp", "An", "Ăn", "Bắc", "Đà", "Dân", "Ê", "En", "Ơn", "Ôm", "Om", "Ưu", "Uy", "Đề án 06", "Chính quyền số"]


def test_vietnamese_words_sort_in_the_vietnamese_alphabet():
    f = Formatter("vi", {})
    assert sorted(WORDS, key=f.sort_key) == [
        "An", "Ăn", "Ấp", "Bắc", "Chính quyền số", "Dân", "Đà", "Đề án 06", "En", "Ê", "Om", "Ôm", "Ơn", "Uy", "Ưu",
    ]
    assert sorted(WORDS, key=f.sort_key) == sorted(WORDS, key=vietnamese_order)


def test_tones_come_second():
    """A tone decides only between words that are otherwise the same: every `ma` before `mai`."""
    f = Formatter("vi", {})
    assert sorted(["mai", "mạ", "má", "ma", "mà"], key=f.sort_key) == ["ma", "mà", "má", "mạ", "mai"]
    assert sorted(["Đề án", "Đe", "Dê"], key=f.sort_key) == ["Dê", "Đe", "Đề án"]


def test_english_sorts_letters_whatever_their_case_or_accents():
    f = Formatter("en", {})
    assert sorted(["Project 06", "ICT", "IT", "information", "Ðe", "de", "Dé"], key=f.sort_key) == [
        "de", "Dé", "Ðe", "ICT", "information", "IT", "Project 06",
    ]


def test_without_diacritics_is_how_readers_type():
    assert without_diacritics("Nghệ An") == "Nghe An"
    assert without_diacritics("Đà Nẵng") == "Da Nang"
    assert without_diacritics("Thừa Thiên Huế") == "Thua Thien Hue"


# --- the built site -------------------------------------------------------------------------------


def glossary_entries(page) -> list[str]:
    """What each glossary entry shows first: its abbreviation, or its name."""
    return [text_of(dt).split(" · ")[0] for dt in page.select("dl.cds-glossary dt")]


def test_the_vietnamese_glossary_is_in_vietnamese_order(site):
    entries = glossary_entries(site.page("thuat-ngu/"))
    assert len(entries) > 20
    assert entries == sorted(entries, key=vietnamese_order)
    # "Đề án 06" after every D…, before E…: not last, where code points put it.
    position = entries.index("Đề án 06")
    assert all(vietnamese_order(entry) < vietnamese_order("Đ") for entry in entries[:position] if entry[0] in "Dd")
    assert entries[position + 1][0] not in "DdĐđ" and position < len(entries) - 1
    assert entries.index("CĐS") < entries.index("CNTT")


def english_order(text: str) -> str:
    """Letters whatever their case and accents; English readers take Đ for a D."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.replace("Đ", "D").replace("đ", "d").casefold()


def test_the_english_glossary_is_in_english_order(site):
    entries = glossary_entries(site.page("en/glossary/"))
    assert entries == sorted(entries, key=english_order)


@pytest.mark.parametrize("path, language", [("chi-so/", "vi"), ("en/indicators/", "en")])
def test_indicators_are_listed_by_name_within_each_pillar(site, path, language):
    lists = site.page(path).select("ul.cds-indicator-list")
    assert lists
    for listed in lists:
        names = [text_of(a) for a in listed.select("li > a")]
        if language == "vi":
            assert names == sorted(names, key=vietnamese_order), names
        else:
            assert names == sorted(names, key=english_order), names


@pytest.mark.parametrize("path", ["tinh/", "en/provinces/"])
def test_provinces_are_listed_by_name(site, path):
    names = [text_of(a) for a in site.page(path).select("ul.cds-province-list > li > a")]
    assert len(names) >= 4
    assert names == sorted(names, key=vietnamese_order)


COUNTED_NOUNS = "places|provinces|sources|targets|events|figures|units"


def test_english_counts_agree_with_their_number(site):
    """No "1 places", "1 sources"…: every count in the English site takes its CLDR form."""
    wrong, found_one = [], False
    for file in site.html_files():
        if not site.path_of(file).startswith("en/"):
            continue
        text = " ".join(site.page(site.path_of(file)).get_text().split())
        wrong += [f"{site.path_of(file)}: {match}" for match in re.findall(rf"(?<![\d.,])1 (?:{COUNTED_NOUNS})\b", text)]
        found_one = found_one or "up 1 place" in text
    assert not wrong
    assert found_one  # Bắc Giang rose one place: the singular is really shown


def test_a_province_page_counts_what_it_holds_in_words_that_agree(site, data):
    """"This page holds 20 figures, 1 target and 1 event, from 4 sources."""
    for province_id, province in data["provinces"].items():
        shown = text_of(site.page(f"en/provinces/{province_id}/").select_one(".cds-meta"))
        counts = {noun: len(province.get(field, [])) for noun, field in (("figure", "figures"), ("target", "targets"), ("event", "events"))}
        for noun, count in counts.items():
            assert f"{count} {noun}{'' if count == 1 else 's'}" in shown, shown
        assert shown.startswith("This page holds ") and " from " in shown, shown


# --- the language switch ------------------------------------------------------------------------

NAMES = {"vi": "Tiếng Việt", "en": "English"}


def test_every_page_names_its_language_in_the_switch(site):
    for file in site.html_files():
        path = site.path_of(file)
        language = "en" if path.startswith("en/") else "vi"
        label = site.page(path).select_one(".md-header .md-select > button .cds-language__name")
        assert label is not None and text_of(label) == NAMES[language], path


@pytest.fixture(scope="module")
def glue():
    dataset = read_dataset(PROJECT_DIR / "data", PROJECT_DIR / "schema", PROJECT_DIR)
    return renderers_as_the_glue_makes(dataset, download_links(dataset))


def test_generated_pages_have_the_same_anchors_in_both_languages(site, glue):
    """What lets the switch keep the #anchor there (overrides/partials/alternate.html)."""
    vi, en = glue
    checked = 0
    for page_id in vi.generated:
        pages = [site.page(vi.routes.site_path(page_id, code)) for code in ("vi", "en")]
        ids = [{element["id"] for element in page.select("article [id]")} for page in pages]
        assert ids[0] == ids[1], page_id
        for page in pages:
            links = page.select(".md-select__link")
            assert links and all(link.has_attr("data-cds-keep-anchor") for link in links), page_id
        checked += 1
    assert checked > 60 and set(vi.generated) == set(en.generated)


def test_hand_written_pages_switch_without_the_anchor(site):
    """Their ids are slugs of headings in their own language: the other page has none of them."""
    for path in ("", "du-lieu/", "phuong-phap/", "en/", "en/data/", "en/about/", "404.html"):
        links = site.page(path).select(".md-select__link")
        assert links and not any(link.has_attr("data-cds-keep-anchor") for link in links), path
    vi_ids = {element["id"] for element in site.page("du-lieu/").select("article h2[id]")}
    en_ids = {element["id"] for element in site.page("en/data/").select("article h2[id]")}
    assert vi_ids and en_ids and not vi_ids & en_ids
