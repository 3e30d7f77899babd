"""The home page and the provinces index, in both languages, from the built HTML.

The home page tells the story at a glance: one card per province (its name linked to its
page, what became of it on 1 July 2025, its key figures, each with its period, rank and
source, and a lede of at most two sentences) and a chart of where each province stands in
the DTI 2022 ranking of all 63, each mark at its position in data/rankings/dti-2022.yml.
The provinces index is a list of its own: status, position, counts, freshness.
Expectations are read from the YAML files, independently of the hooks.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import PROJECT_DIR, renderers_as_the_glue_makes, text_of

HOMES = {"vi": "", "en": "en/"}
INDEXES = {"vi": "tinh/", "en": "en/provinces/"}
PROVINCE_PAGES = {"vi": "tinh/{}/", "en": "en/provinces/{}/"}
RANKING_PAGES = {"vi": "xep-hang/dti-2022/", "en": "en/rankings/dti-2022/"}
# A sentence ends at . ! ? or … followed by a space or the end (not the dot of 13.45%).
SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")


def read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ranking() -> dict:
    return read(PROJECT_DIR / "data" / "rankings" / "dti-2022.yml")


@pytest.fixture(scope="module")
def units() -> dict:
    return {unit["code"]: unit for unit in read(PROJECT_DIR / "data" / "admin-units.yml")["provinces"]}


def figures_by_id(province_id: str, province: dict) -> dict[str, dict]:
    """A province file's figures by their id: `<province>-<indicator>-<n>`, the n-th figure
    of that indicator in the file."""
    seen: Counter = Counter()
    found = {}
    for figure in province["figures"]:
        seen[figure["indicator"]] += 1
        found[f"{province_id}-{figure['indicator']}-{seen[figure['indicator']]}"] = figure
    return found


def resolved(path: str, href: str) -> str:
    """A link's target as a path from the site root."""
    return urlsplit(urljoin("http://site/" + path, href)).path.lstrip("/")


def expected_status(province: dict, units: dict, strings: dict, language: str) -> str:
    """What the home page and the index say became of the province on 1 July 2025."""
    change = province.get("administrative_change")
    if change:
        return change["merged_into"][language]
    unit = units[province["code"]]
    members = [other for other in units.values() if other["since_2025"]["code"] == unit["since_2025"]["code"]]
    assert unit["since_2025"]["code"] == unit["code"] and len(members) == 1, "a case this test does not cover yet"
    return strings["merger_unchanged"][language]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_home_has_a_card_for_each_province_with_its_key_figures(site, data, units, strings, language):
    home = site.page(HOMES[language])
    cards = home.select(".cds-home-province")
    assert len(cards) == len(data["provinces"])
    by_name = {text_of(card.select_one(".cds-home-province-name")): card for card in cards}
    for province_id, province in data["provinces"].items():
        card = by_name[province["name"][language]]
        # The name links to the province's page.
        link = card.select_one(".cds-home-province-name a")
        assert resolved(HOMES[language], link["href"]) == PROVINCE_PAGES[language].format(province_id)
        assert expected_status(province, units, strings, language) in text_of(card.select_one(".cds-merger-status"))
        # Its key figures, in the file's order: 3 or 4, each with its indicator, period, ranks and source.
        figures = figures_by_id(province_id, province)
        shown = card.select(".cds-figure")
        assert 3 <= len(shown) == len(province["key_figures"]) <= 4
        for figure_id, element in zip(province["key_figures"], shown):
            figure = figures[figure_id]
            indicator = data["indicators"][figure["indicator"]]
            assert text_of(element.select_one(".cds-card-name")) == indicator["name"][language]
            when = figure.get("period") or figure.get("as_of")
            period = element.select_one(".cds-card-period time")
            assert period["datetime"].startswith(when[:4]) and text_of(period), (figure_id, period)
            for rank in figure.get("ranks", []):
                shown_rank = f"{rank['position']}/{rank['total']}" if "total" in rank else str(rank["position"])
                assert shown_rank in text_of(element), (figure_id, shown_rank)
            source = element.select_one(".cds-card-source a")
            assert resolved(HOMES[language], source["href"]) == PROVINCE_PAGES[language].format(province_id)
            assert urlsplit(source["href"]).fragment == f"source-{figure['source']}"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_home_ledes_are_short_and_the_summaries_stay_on_the_province_pages(site, data, language):
    home = site.page(HOMES[language])
    ledes = {text_of(card.select_one(".cds-home-province-name")): card.select_one(".cds-lede") for card in home.select(".cds-home-province")}
    page_text = text_of(home)
    for province_id, province in data["provinces"].items():
        lede = text_of(ledes[province["name"][language]])
        assert lede == " ".join(province["lede"][language].split())
        assert 1 <= len(SENTENCE_END.findall(lede)) <= 2, lede
        summary = " ".join(province["summary"][language].split())
        assert summary not in page_text
        assert summary in text_of(site.page(PROVINCE_PAGES[language].format(province_id)))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_home_chart_puts_each_province_at_its_position_in_the_ranking(site, data, ranking, language):
    chart = site.page(HOMES[language]).select_one("figure.cds-chart.cds-standing-chart")
    assert chart is not None
    total = ranking["total"]
    by_code = {row["province"]: row for row in ranking["rows"]}
    covered = sorted(
        ((by_code[province["code"]], province) for province in data["provinces"].values()),
        key=lambda item: item[0]["position"],
    )
    marks = chart.select("svg circle.cds-mark")
    labels = chart.select("svg text.cds-rank-label")
    names = [text_of(a) for a in chart.select("ul.cds-standing-names a")]
    # One mark per province, best first, each at its position on a scale of 1 to the total.
    assert len(marks) == len(labels) == len(names) == len(data["provinces"])
    assert names == [province["name"][language] for _, province in covered]
    for mark, label, (row, _) in zip(marks, labels, covered):
        assert int(mark["data-position"]) == row["position"]
        assert float(mark["cx"].rstrip("%")) == pytest.approx((row["position"] - 1) / (total - 1) * 100, abs=0.01)
        assert text_of(label).startswith(f"{row['position']}/{total}")
        assert label["x"] == mark["cx"]
    # A labelled scale from 1 to the last position, and how to read it.
    ticks = [text_of(tick) for tick in chart.select("svg text.cds-standing-tick")]
    assert ticks[0] == "1" and ticks[-1] == str(total)
    assert str(total) in text_of(chart.select_one(".cds-standing-axis"))
    assert "1 =" in text_of(chart.select_one("p.cds-how-to-read"))
    # Its data and the full ranking are one click away.
    assert resolved(HOMES[language], chart.select_one("figcaption a[download]")["href"]) == "data/rankings/dti-2022.csv"
    more = chart.find_parent(class_="cds-standing-block").select_one(".cds-standing-more a")
    assert resolved(HOMES[language], more["href"]) == RANKING_PAGES[language]
    svg = chart.select_one("svg")
    assert svg["role"] == "img" and svg["width"] == "100%" and not svg.get("viewBox")
    assert all(f"{row['position']}/{total}" in svg.find("desc").get_text() for row, _ in covered)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_home_keeps_its_ways_on(site, language):
    home = site.page(HOMES[language])
    targets = {resolved(HOMES[language], a["href"]) for a in home.select("article a[href]")}
    compare, about = {"vi": ("so-sanh/", "phuong-phap/"), "en": ("en/compare/", "en/about/")}[language]
    assert {RANKING_PAGES[language], compare, about} <= targets
    # One sentence says what the site is.
    lead = text_of(home.select_one(".cds-home-lead"))
    assert len(SENTENCE_END.findall(lead)) == 1, lead
    # The wide comparison table is gone: the compare page compares, indicator by indicator.
    assert not home.select("table")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_provinces_index_is_a_list_of_its_own(site, data, units, strings, ranking, language):
    index = site.page(INDEXES[language])
    home = site.page(HOMES[language])
    items = index.select("ul.cds-province-list > li")
    assert len(items) == len(data["provinces"])
    # Not a copy of the home page: no cards, no ledes, no chart; counts and positions instead.
    assert not index.select(".cds-figure, .cds-lede, figure.cds-chart")
    assert not home.select("ul.cds-province-list")
    by_code = {row["province"]: row for row in ranking["rows"]}
    plural = (lambda key, n: strings[key]["vi"].format(n=n)) if language == "vi" else (
        lambda key, n: strings[key]["en"]["one" if n == 1 else "other"].format(n=n)
    )
    by_name = {text_of(item.find("a", recursive=False)): item for item in items}
    for province_id, province in data["provinces"].items():
        item = by_name[province["name"][language]]
        assert resolved(INDEXES[language], item.find("a", recursive=False)["href"]) == PROVINCE_PAGES[language].format(province_id)
        assert expected_status(province, units, strings, language) in text_of(item.select_one(".cds-merger-status"))
        row = by_code[province["code"]]
        position = item.select_one(".cds-province-rank a")
        assert text_of(position.find("strong")) == f"{row['position']}/{ranking['total']}"
        assert resolved(INDEXES[language], position["href"]) == RANKING_PAGES[language]
        assert urlsplit(position["href"]).fragment == f"code-{province['code']}"
        counts = text_of(item.select_one(".cds-province-counts"))
        assert plural("count_figures", len(province["figures"])) in counts
        assert plural("count_targets", len(province["targets"])) in counts
        assert plural("count_events", len(province["events"])) in counts
    # The provinces without a page: how many, and the ranking that has them all.
    others = index.select_one("p.cds-province-others")
    assert str(ranking["total"] - len(data["provinces"])) in text_of(others)
    assert resolved(INDEXES[language], others.find("a")["href"]) == RANKING_PAGES[language]


# What became of a province on 1 July 2025, in each case the unit list allows, as the cards
# and the index say it: (its unit's code, keep its `administrative_change`?, the words expected).
STATUS_CASES = [
    ("24", True, {"vi": "nay thuộc tỉnh Bắc Ninh từ 01/07/2025", "en": "part of Bac Ninh province since 1 July 2025"}),
    ("40", False, {"vi": "giữ nguyên khi sắp xếp tỉnh ngày 01/07/2025", "en": "unchanged by the mergers of 1 July 2025"}),
    # Cần Thơ, Hậu Giang and Sóc Trăng formed a new Cần Thơ (a merger, not an annexation).
    ("92", False, {"vi": "từ ngày 01/07/2025, hợp nhất với các tỉnh khác thành Cần Thơ mới", "en": "since 1 July 2025, merged with other provinces to form the new Can Tho"}),
    # Part of another unit, though its file gives no `administrative_change`: the unit list says so.
    ("93", False, {"vi": "Từ 1/7/2025 thuộc Cần Thơ", "en": "Since 1 July 2025, part of Can Tho"}),
]


@pytest.fixture(scope="module")
def dataset():
    from cds.dataset import read_dataset

    return read_dataset(PROJECT_DIR / "data", PROJECT_DIR / "schema", PROJECT_DIR)


@pytest.mark.parametrize("code, keep_change, expected", STATUS_CASES)
def test_status_says_what_became_of_the_province(dataset, code, keep_change, expected):
    from bs4 import BeautifulSoup

    province = dataset.provinces["bac-giang"]
    changed = dataclasses.replace(
        province, unit=dataset.admin_units[code], administrative_change=province.administrative_change if keep_change else None
    )
    edited = dataclasses.replace(dataset, provinces={**dataset.provinces, "bac-giang": changed})
    for glue in renderers_as_the_glue_makes(edited, {}):
        for fragment in ("province-cards", "province-list"):
            html = glue.renderer.fragment(fragment, "", search_body=True)
            soup = BeautifulSoup(html, "html.parser")
            statuses = [text_of(p) for p in soup.select(".cds-merger-status")]
            assert expected[glue.language.code] in statuses, (fragment, statuses)
