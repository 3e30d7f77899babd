"""Sources a reader can check, inferences marked in the data and on the pages, and the
corrections of issue 11, each checked on the built pages (parsed HTML) and in the data."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_DIR, text_of

LANGUAGES = {"vi": "tinh/", "en": "en/provinces/"}
NO_ADDRESS = {"vi": "Không có địa chỉ trang", "en": "No address shown"}
NO_DATE = {"vi": "Không ghi ngày đăng", "en": "No publication date shown"}
INFERRED = {"vi": "suy luận", "en": "inferred"}


def read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rankings() -> dict[str, dict]:
    return {path.stem: read(path) for path in sorted((PROJECT_DIR / "data" / "rankings").glob("*.yml"))}


def cited_ids(node) -> list[str]:
    """Every source id a data file cites: `source: id` and `sources: [ids]`, at any depth."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                found.append(value)
            elif key == "sources" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                found += value
            else:
                found += cited_ids(value)
    elif isinstance(node, list):
        for item in node:
            found += cited_ids(item)
    return found


def figure_ids(province_id: str, province: dict) -> list[str]:
    """The page's row id of each figure, in file order: `<province>-<indicator>-<n>`."""
    counts, ids = defaultdict(int), []
    for figure in province["figures"]:
        counts[figure["indicator"]] += 1
        ids.append(f"{province_id}-{figure['indicator']}-{counts[figure['indicator']]}")
    return ids


def flagged_entries(province_id: str, province: dict):
    """(element id on the province page, entry, what it is) for every entry that may carry flags."""
    for row_id, figure in zip(figure_ids(province_id, province), province["figures"]):
        yield row_id, figure, "figure"
        for rank in figure.get("ranks", []):
            yield row_id, rank, "rank"
    for index, target in enumerate(province["targets"]):
        row_id = f"{province_id}-target-{index + 1}"
        yield row_id, target, "target"
        if isinstance(target.get("progress"), dict):
            yield row_id, target["progress"], "progress"
        for report in target.get("later_progress", []):
            yield row_id, report, "progress"
    for index, event in enumerate(province["events"]):
        yield f"{province_id}-event-{index + 1}", event, "event"


def markers_in(element, field: str) -> list:
    return element.select(f'details.cds-inferred[data-field="{field}"]')


def has_marker_with(element, field: str, reason: str, language: str) -> bool:
    for marker in markers_in(element, field):
        summary = marker.find("summary")
        if summary["title"] == reason and text_of(marker.select_one(".cds-inferred-reason")) == " ".join(reason.split()):
            return INFERRED[language] in text_of(summary)
    return False


# --- Sources a reader can check -------------------------------------------------------------


def test_every_source_gives_its_address_or_says_why_there_is_none(data):
    for source_id, source in data["sources"].items():
        assert ("url" in source) != ("no_url" in source), source_id
        if "no_url" in source:
            assert source["no_url"]["vi"].strip() and source["no_url"]["en"].strip(), source_id


def test_every_figure_target_event_and_ranking_row_cites_a_checkable_source(data):
    cited = set()
    for province in data["provinces"].values():
        cited |= set(cited_ids(province))
    for ranking in rankings().values():
        cited |= set(cited_ids(ranking))
    assert {"thcl-tang-toc-cds", "na-so-ket-cds-2023", "nld-2023-thanh-hoa"} <= cited
    for source_id in cited:
        source = data["sources"][source_id]
        assert source.get("url", "").startswith(("https://", "http://")) or source.get("no_url"), source_id


def cited_sources(site, data):
    """(language, page path, list item, source) for every source cited on any page."""
    for file in site.html_files():
        path = site.path_of(file)
        language = "en" if path.startswith("en/") else "vi"
        for item in site.page(path).select('li[id^="source-"]'):
            yield language, path, item, data["sources"][item["id"].removeprefix("source-")]


def test_every_page_shows_each_address_or_the_words_no_address_shown(site, data):
    seen = 0
    for language, path, item, source in cited_sources(site, data):
        link = item.select_one("a.cds-url")
        if "url" in source:
            assert link["href"] == source["url"] and NO_ADDRESS[language] not in text_of(item), (path, item["id"])
        else:
            assert link is None, (path, item["id"])
            assert f"{NO_ADDRESS[language]}:" in text_of(item), (path, item["id"])
            assert " ".join(source["no_url"][language].split()) in text_of(item)
        seen += 1
    assert seen >= 6


def test_the_seed_articles_addresses_are_those_their_stored_pages_show(data):
    """Checked with the search tool against stored copies with the same title and date (issue 11)."""
    sources = data["sources"]
    assert sources["na-so-ket-cds-2023"]["url"] == "https://doanhnghiephoinhap.vn/nghe-an-chuyen-doi-so-co-nhieu-chuyen-bien-nhung-chua-dap-ung-duoc-yeu-cau-muc-tieu-de-ra.html"
    assert sources["hg-cds-chu-truong-ket-qua"]["url"].startswith("https://baohaugiang.com.vn/")
    assert sources["bg-day-manh-cds"]["url"].startswith("https://stttt.bacgiang.gov.vn/")
    # No stored page shows article 000's address: none is written.
    assert "url" not in sources["thcl-tang-toc-cds"] and sources["thcl-tang-toc-cds"]["no_url"]


@pytest.mark.parametrize("province_id", ["nghe-an", "thanh-hoa", "bac-giang", "hau-giang"])
def test_english_pages_follow_vietnamese_titles_with_their_translation_in_brackets(site, data, province_id):
    english = site.page(f"en/provinces/{province_id}/")
    vietnamese = site.page(f"tinh/{province_id}/")
    items = english.select("ol.cds-sources > li")
    assert items
    for item in items:
        source = data["sources"][item["id"].removeprefix("source-")]
        title = item.find("cite")
        assert text_of(title) == source["title"] and title["lang"] == source["language"]
        if source["language"] == "vi":
            assert f"“{source['title']}” [{source['title_en']}]" in text_of(item)
            assert source["title_en"] not in text_of(vietnamese.select_one(f"li#{item['id']}"))


def test_nghe_an_english_page_cites_article_003_with_its_translation(site):
    item = site.page("en/provinces/nghe-an/").select_one("li#source-na-so-ket-cds-2023")
    assert text_of(item).startswith(
        "Hoàng Lan. “Nghệ An: Chuyển đổi số có nhiều chuyển biến nhưng chưa đáp ứng được yêu cầu, mục tiêu đề ra” "
        "[Nghe An: digital transformation has changed a lot but does not yet meet the requirements and goals set]. "
        "doanhnghiephoinhap.vn. 23 September 2023."
    )


# --- Inferences marked in the data and on the pages ---------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_inference_flag_shows_a_marker_with_its_reason(site, data, language):
    checked = 0
    for province_id, province in data["provinces"].items():
        page = site.page(f"{LANGUAGES[language]}{province_id}/")
        for element_id, entry, kind in flagged_entries(province_id, province):
            for flag in entry.get("inferred", []):
                element = page.find(id=element_id)
                assert element is not None, element_id
                assert has_marker_with(element, flag["field"], flag["reason"][language], language), (element_id, kind, flag["field"])
                checked += 1
        for item in page.select("ol.cds-sources > li"):
            source = data["sources"][item["id"].removeprefix("source-")]
            for flag in source.get("inferred", []):
                assert has_marker_with(item, flag["field"], flag["reason"][language], language), (source["id"], flag["field"])
                checked += 1
    assert checked >= 40


def test_markers_are_flow_content_outside_paragraphs_and_open_without_hover(site, data):
    for language, prefix in LANGUAGES.items():
        for province_id in data["provinces"]:
            for marker in site.page(f"{prefix}{province_id}/").select("details.cds-inferred"):
                # A <details> inside a <p> would end the paragraph in a browser and break the layout.
                assert marker.find_parent("p") is None, (province_id, marker)
                summary = marker.find("summary")
                assert summary["title"] and INFERRED[language] in text_of(summary)
                assert text_of(marker.select_one(".cds-inferred-reason")) == " ".join(summary["title"].split())


def test_open_questions_show_as_notes_of_their_own(site, data):
    questions = 0
    for language, prefix in LANGUAGES.items():
        for province_id, province in data["provinces"].items():
            page = site.page(f"{prefix}{province_id}/")
            shown = [text_of(note) for note in page.select(".cds-open-question")]
            for element_id, entry, _ in flagged_entries(province_id, province):
                if "open_question" in entry:
                    wanted = " ".join(entry["open_question"][language].split())
                    assert any(wanted in text for text in shown), element_id
                    questions += 1
    assert questions >= 2


def flags(entry: dict) -> dict[str, dict]:
    return {flag["field"]: flag["reason"] for flag in entry.get("inferred", [])}


def test_the_inferences_the_data_did_not_mark_are_now_flagged(data):
    nghe_an = data["provinces"]["nghe-an"]
    databases = next(t for t in nghe_an["targets"] if t.get("value") == 90 and t.get("document") == "1004/KH-UBND")
    assert databases["deadline"] == "2024" and "deadline" in flags(databases)
    group = next(t for t in nghe_an["targets"] if t.get("value_range") == {"min": 25, "max": 30})
    assert group["document"] == "09-NQ/TU" and "document" in flags(group)
    # Article 003 gives no cut-off date: every month its figures are dated by is inferred.
    months = [f for f in nghe_an["figures"] if f["source"] == "na-so-ket-cds-2023" and "as_of" in f]
    assert len(months) == 8 and all("as_of" in flags(f) for f in months)
    # The same for the other articles' "to date" counts.
    for province_id, source_id in (("thanh-hoa", "nld-2023-thanh-hoa"), ("hau-giang", "hg-cds-chu-truong-ket-qua")):
        dated = [f for f in data["provinces"][province_id]["figures"] if f["source"] == source_id and "as_of" in f]
        undated = [f for f in dated if f["as_of"] != "2021-12"]  # "tính đến cuối năm 2021" is stated
        assert undated and all("as_of" in flags(f) for f in undated), province_id
    assert "published" in flags(data["sources"]["nld-2023-thanh-hoa"])


def test_a_reason_is_not_repeated_in_the_note(data):
    for province_id, province in data["provinces"].items():
        for element_id, entry, _ in flagged_entries(province_id, province):
            for reason in flags(entry).values():
                for language in ("vi", "en"):
                    note = entry.get("note", {}).get(language, "")
                    assert reason[language] not in note and (not note or note not in reason[language]), element_id


# --- Corrections ------------------------------------------------------------------------------

OWN_TEXT_FILES = [
    *sorted((PROJECT_DIR / "data" / "provinces").glob("*.yml")),
    PROJECT_DIR / "data" / "sources.yml",
    PROJECT_DIR / "data" / "interface.yml",
    *sorted((PROJECT_DIR / "content").rglob("*.md")),
    *sorted((PROJECT_DIR / "overrides").rglob("*.html")),
    PROJECT_DIR / "README.md",
]
TOOK_EFFECT_ON_1_JULY = re.compile(
    r"(hiệu lực|effect|in force)[^.;]{0,30}(0?1/0?7/2025|1 July 2025|1/7)|(0?1/0?7/2025|1 July 2025)[^.;]{0,20}(hiệu lực|took effect|in force)",
    re.IGNORECASE,
)


def test_no_text_says_the_resolution_took_effect_on_1_july():
    for path in OWN_TEXT_FILES:
        text = path.read_text(encoding="utf-8")
        assert not TOOK_EFFECT_ON_1_JULY.search(text), (path, TOOK_EFFECT_ON_1_JULY.search(text))
    sources = read(PROJECT_DIR / "data" / "sources.yml")["sources"]
    resolution = next(s for s in sources if s["id"] == "nq-202-2025-qh15")
    assert resolution["published"] == "2025-06-12"
    assert "hiệu lực ngay từ ngày thông qua" in resolution["date_note"]["vi"] and "took effect on adoption" in resolution["date_note"]["en"]


@pytest.mark.parametrize("language, city, wrong", [("vi", "thành phố Cần Thơ", ("tỉnh Cần Thơ",)), ("en", "Can Tho city", ("Can Tho province",))])
def test_can_tho_is_called_a_city(site, language, city, wrong):
    page = site.page(f"{LANGUAGES[language]}hau-giang/")
    assert city in text_of(page.select_one(".cds-merged"))
    for path in OWN_TEXT_FILES:
        text = path.read_text(encoding="utf-8")
        for words in wrong:
            assert words not in text, (path, words)
    for path in ("", "en/", "tinh/hau-giang/", "en/provinces/hau-giang/"):
        assert all(words not in text_of(site.page(path)) for words in wrong)


def own_words(node):
    """Every text of a data file that the site writes itself (province and interface files
    quote no titles)."""
    if isinstance(node, dict):
        for value in node.values():
            yield from own_words(value)
    elif isinstance(node, list):
        for item in node:
            yield from own_words(item)
    elif isinstance(node, str):
        yield node


def test_the_2025_rearrangement_is_called_a_merger_into_a_new_unit_in_every_text(data):
    """Resolution 202/2025/QH15 arranges Bắc Giang and Bắc Ninh "thành tỉnh mới" (into a new
    province), and Hậu Giang, Sóc Trăng and Cần Thơ into a new city: a merger (hợp nhất), not an
    annexation (sáp nhập vào). The site says hợp nhất everywhere it speaks for itself."""
    texts = [text for province in data["provinces"].values() for text in own_words(province)]
    texts += list(own_words(read(PROJECT_DIR / "data" / "interface.yml")))
    texts += [path.read_text(encoding="utf-8") for path in sorted((PROJECT_DIR / "content").rglob("*.md"))]
    assert not [text for text in texts if "sáp nhập" in text.casefold()]
    assert not [text for text in texts if re.search(r"\bmerged into\b[^.]*(Bac Ninh|Can Tho)", text)]
    for province_id in ("bac-giang", "hau-giang"):
        province = data["provinces"][province_id]
        event = next(e for e in province["events"] if e["kind"] == "administrative-change")
        assert "hợp nhất" in event["title"]["vi"] and "hợp nhất" in province["summary"]["vi"]
        assert "merge" in event["title"]["en"] and "merged" in province["summary"]["en"]


def test_an_undated_source_says_so_once(site, data):
    undated = 0
    for language, path, item, source in cited_sources(site, data):
        said = text_of(item).casefold()
        count = said.count(NO_DATE[language].casefold())
        if "published" in source:
            assert count == 0
            continue
        undated += 1
        assert count == 1, (path, item["id"])
        # Nor again in other words (a note used to add "Bài không ghi ngày đăng.").
        assert said.count("ghi ngày đăng" if language == "vi" else "no publication date") == 1, (path, item["id"])
    assert undated >= 2


def reported(source: dict) -> str | None:
    return source.get("published") or source.get("data_until")


@pytest.mark.parametrize("language, label", [("vi", "Số liệu được đưa tin đến"), ("en", "Figures reported up to")])
def test_figures_reported_up_to_is_the_newest_source_reporting_a_figure(site, data, language, label):
    for province_id, province in data["provinces"].items():
        dates = [reported(data["sources"][figure["source"]]) for figure in province["figures"]]
        newest = max(date for date in dates if date)
        stamp = site.page(f"{LANGUAGES[language]}{province_id}/").select_one(".cds-updated")
        assert text_of(stamp).startswith(f"{label} ")
        assert stamp.find("time")["datetime"] == newest, province_id
    # The 2025 resolution reports no figure: it dates no province's figures.
    for province_id in ("bac-giang", "hau-giang"):
        stamp = site.page(f"{LANGUAGES[language]}{province_id}/").select_one(".cds-updated time")
        assert stamp["datetime"] != "2025-06-12"
    # Article 000 shows no date, but its figures run to December 2023 (`data_until`), later
    # than article 003 (23 September 2023): that cut-off is not ignored.
    nghe_an = [reported(data["sources"][f["source"]]) for f in data["provinces"]["nghe-an"]["figures"]]
    assert "2023-12" in nghe_an
    stamp = site.page(f"{LANGUAGES[language]}nghe-an/").select_one(".cds-updated time")
    assert stamp["datetime"] >= "2023-12"


def test_the_date_of_a_province_page_leaves_out_sources_of_targets_events_and_mergers():
    from cds.model import AdministrativeChange, Figure, Indicator, Pillar, Province, Source, Text, Unit

    text = Text("x", "x")
    indicator = Indicator("i", Pillar("p", text, text), text, Unit("u", text), text)
    article = Source("article", "A", "vi", outlet="o", data_until="2023-12")
    dated = Source("dated", "B", "vi", outlet="o", published="2023-09-23")
    resolution = Source("resolution", "C", "vi", outlet="o", published="2025-06-12")
    figures = tuple(Figure(f"f{n}", "p", indicator, indicator.unit, source, value=1, period="2023") for n, source in enumerate((dated, article)))
    change = AdministrativeChange("2025-07-01", text, "202/2025/QH15", resolution)
    province = Province("p", text, text, figures, (), (), administrative_change=change)
    assert province.reported_up_to is article and article.reported == "2023-12"
    assert Province("q", text, text, (), (), (), administrative_change=change).reported_up_to is None


def test_the_bac_giang_summary_keeps_awareness_and_skills_especially_in_remote_areas(data, site):
    summary = data["provinces"]["bac-giang"]["summary"]
    assert "nhận thức lẫn kỹ năng số, nhất là ở vùng sâu, vùng xa" in summary["vi"]
    assert "digital awareness and skills are both still weak, especially in remote areas" in summary["en"]
    assert "nhất là ở vùng sâu, vùng xa" in text_of(site.page("tinh/bac-giang/").select_one("p.cds-summary"))
    assert "especially in remote areas" in text_of(site.page("en/provinces/bac-giang/").select_one("p.cds-summary"))


def test_the_nghe_an_export_target_is_the_terms_not_an_annual_one(data, site):
    target = next(t for t in data["provinces"]["nghe-an"]["targets"] if t.get("indicator") == "exports")
    for language, words in (("vi", "hằng năm"), ("en", "annual")):
        assert words not in target["title"][language].casefold()
        assert "2020-2025" in target["title"][language]
    assert target["status"] == "exceeded" and "deadline" not in target
    assert "năm đầu của nhiệm kỳ 2020-2025" in target["note"]["vi"] and "first year of the 2020-2025 term" in target["note"]["en"]
    assert "Export target of the 2020-2025 term" in text_of(site.page("en/provinces/nghe-an/").select_one("table.cds-targets"))


# The sentence of article 000 that the target restates (a short quotation, for the check only).
DATABASES_SENTENCE = "Phấn đấu 90% cơ sở dữ liệu quốc gia được kết nối, ứng dụng trên địa bàn tỉnh theo lộ trình của Chính phủ."


def longest_shared_run(one: str, other: str) -> int:
    """The most consecutive words two texts share."""
    a, b = re.findall(r"\w+%?", one.casefold()), re.findall(r"\w+%?", other.casefold())
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
    return best


def test_the_databases_target_is_in_our_own_words(data):
    target = next(t for t in data["provinces"]["nghe-an"]["targets"] if t.get("document") == "1004/KH-UBND")
    assert longest_shared_run("90% cơ sở dữ liệu quốc gia được kết nối, ứng dụng trên địa bàn tỉnh", DATABASES_SENTENCE) == 16
    # "cơ sở dữ liệu quốc gia" (national database) is a fixed term of six syllables.
    assert longest_shared_run(target["title"]["vi"], DATABASES_SENTENCE) <= 6
    assert longest_shared_run(target["note"]["vi"], DATABASES_SENTENCE) <= 6
