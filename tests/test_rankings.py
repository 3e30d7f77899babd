"""The rankings of every province (data/rankings/) and the identities they rest on.

data/admin-units.yml is the library vietnamadminunits written out (tools/admin_units.py):
written again here, in memory, it must be the committed file. The DTI 2022 ranking must
be a whole ranking (63 rows, each province once, positions with ties as published), name
only provinces the library knows, by the names the source prints, and agree with every
covered province's own DTI 2022 figure. The built pages and downloads show all of it.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from collections import Counter

import pytest
import yaml

from conftest import PROJECT_DIR, text_of

from cds.rankings import comparable_name

RANKING = PROJECT_DIR / "data" / "rankings" / "dti-2022.yml"
PAGES = {"vi": "xep-hang/dti-2022/", "en": "en/rankings/dti-2022/"}
PROVINCE_PAGES = {"vi": "tinh/{}/", "en": "en/provinces/{}/"}


def read(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def units() -> dict[str, dict]:
    return {unit["code"]: unit for unit in read(PROJECT_DIR / "data" / "admin-units.yml")["provinces"]}


@pytest.fixture(scope="module")
def ranking() -> dict:
    return read(RANKING)


@pytest.fixture(scope="module")
def covered() -> dict[str, dict]:
    """code → province file, for the provinces the site covers."""
    files = [read(path) for path in sorted((PROJECT_DIR / "data" / "provinces").glob("*.yml"))]
    return {province["code"]: province for province in files}


# --- Who each province is -----------------------------------------------------------------


def test_the_admin_units_file_is_what_the_library_gives():
    spec = importlib.util.spec_from_file_location("admin_units_tool", PROJECT_DIR / "tools" / "admin_units.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    committed = (PROJECT_DIR / "data" / "admin-units.yml").read_text(encoding="utf-8")
    assert tool.admin_units_yaml() == committed, "data/admin-units.yml is out of date: run make admin-units"


def test_the_63_units_and_the_34_they_became(units):
    assert len(units) == 63
    assert len({unit["since_2025"]["code"] for unit in units.values()}) == 34
    # The facts the site states about its provinces (README, province files).
    assert units["24"]["name"]["vi"] == "Bắc Giang" and units["24"]["since_2025"]["official_name"] == "Tỉnh Bắc Ninh"
    assert units["93"]["name"]["vi"] == "Hậu Giang" and units["93"]["since_2025"]["official_name"] == "Thành phố Cần Thơ"
    assert units["93"]["since_2025"]["kind"] == "city"
    # English names as English usually writes them.
    assert {units[code]["name"]["en"] for code in ("01", "79", "48", "46", "31")} == {
        "Hanoi", "Ho Chi Minh City", "Da Nang", "Thua Thien Hue", "Hai Phong",
    }


def test_every_covered_province_has_its_library_code(units, covered):
    assert len(covered) == len(list((PROJECT_DIR / "data" / "provinces").glob("*.yml")))
    for code, province in covered.items():
        assert units[code]["name"]["vi"] == province["name"]["vi"], code


# --- The DTI 2022 ranking -----------------------------------------------------------------


def test_the_ranking_has_a_row_for_each_of_the_63_provinces(ranking, units):
    rows = ranking["rows"]
    assert ranking["total"] == 63 == len(rows)
    assert Counter(row["province"] for row in rows) == Counter(list(units))


def test_positions_are_as_published_with_ties(ranking):
    positions = [row["position"] for row in ranking["rows"]]
    # Competition ranking: each row is at its place in the list, or ties with the row above.
    for index, position in enumerate(positions):
        assert position == index + 1 or (index and position == positions[index - 1]), (index, position)
    assert positions[14:17] == [15, 15, 17]
    assert set(range(1, 64)) - set(positions) == {16}
    tied = [row["as_printed"] for row in ranking["rows"] if row["position"] == 15]
    assert tied == ["Thanh Hóa", "Yên Bái"]


def test_every_name_is_the_library_name_or_a_declared_alias(ranking, units):
    aliases = {(alias["province"], alias["as_printed"]) for alias in ranking.get("aliases", [])}
    for row in ranking["rows"]:
        library = comparable_name(units[row["province"]]["name"]["vi"])
        assert comparable_name(row["as_printed"]) == library or (row["province"], row["as_printed"]) in aliases, row
    assert aliases == {("46", "Thừa Thiên - Huế")}


def test_scores_only_where_the_source_gives_them(ranking):
    scored = [row for row in ranking["rows"] if "score" in row]
    assert [row["position"] for row in scored] == [1, 2, 3, 4, 5]
    assert [row["score"] for row in scored] == [0.8002, 0.7163, 0.7024, 0.6975, 0.6924]
    ids = [component["id"] for component in ranking["components"]]
    assert all(list(row["components"]) == ids for row in scored)


def test_each_covered_province_dti_2022_figure_is_its_row(ranking, covered):
    """A province file's own DTI 2022 rank (from a press report) and the official table agree."""
    rows = {row["province"]: row for row in ranking["rows"]}
    compared = 0
    for code, province in covered.items():
        assert code in rows, province["id"]
        for figure in province["figures"]:
            if figure["indicator"] != "dti" or figure.get("period") != "2022":
                continue
            for rank in figure.get("ranks", []):
                if rank.get("scope", "national") != "national":
                    continue
                assert rank["position"] == rows[code]["position"], province["id"]
                assert rank.get("total", 63) == ranking["total"], province["id"]
                compared += 1
            if "value" in figure and "score" in rows[code]:
                assert figure["value"] == rows[code]["score"], province["id"]
    assert compared >= 1


# --- The pages ----------------------------------------------------------------------------


def table_rows(page):
    return page.select("table.cds-ranking tbody tr")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_shows_every_province_with_ties(site, ranking, units, covered, language):
    page = site.page(PAGES[language])
    rows = table_rows(page)
    assert len(rows) == 63
    positions = [int(text_of(row.select_one("td")).split()[0]) for row in rows]
    assert positions == [row["position"] for row in ranking["rows"]]
    assert positions[14:17] == [15, 15, 17]
    assert [text_of(row.select_one("td")) for row in rows[14:16]] == (["15 đồng hạng"] * 2 if language == "vi" else ["15 tied"] * 2)
    for row, data in zip(rows, ranking["rows"]):
        unit = units[data["province"]]
        name = unit["official_name"] if language == "vi" else unit["name"]["en"]
        assert text_of(row.select_one("th")).startswith(("◆ " if data["province"] in covered else "") + name)
        since = text_of(row.select("td")[-1])
        assert since.startswith(unit["since_2025"]["official_name"] if language == "vi" else unit["since_2025"]["name"]["en"])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_covered_provinces_are_marked_and_linked(site, ranking, covered, language):
    page = site.page(PAGES[language])
    marked = {row["id"].removeprefix("code-"): row for row in table_rows(page) if "cds-covered" in row.get("class", [])}
    assert set(marked) == set(covered)
    for code, row in marked.items():
        link = row.select_one("th a")
        target = (site.root / PAGES[language] / link["href"]).resolve()
        assert target == (site.root / PROVINCE_PAGES[language].format(covered[code]["id"])).resolve()
        assert row.select_one(".cds-covered-mark")  # a mark besides colour
    chart = page.select_one(f"figure#chart-{ranking['id']}")
    rows = chart.select("li.cds-bar-row")
    assert len(rows) == 63 and all(row.select_one("rect.cds-bar") for row in rows)
    linked = chart.select("li.cds-bar-row--covered")
    assert len(linked) == len(covered)
    for row in linked:
        assert text_of(row.select_one(".cds-bar-label a")).startswith("◆ ")  # a mark besides colour
    how_to_read = text_of(chart.select_one(".cds-how-to-read"))
    assert how_to_read.startswith("1 = ")


def test_each_bar_is_as_long_as_its_position_so_ties_have_one_length(site, ranking):
    """1 = best: the shorter the bar, the better; a bar runs from 0 to its position in a
    track to the last one, and every bar carries its position out of the total as text."""
    chart = site.page(PAGES["en"]).select_one(f"figure#chart-{ranking['id']}")
    rows = chart.select("li.cds-bar-row")
    for row, data in zip(rows, ranking["rows"]):
        width = float(row.select_one("rect.cds-bar")["width"].removesuffix("%"))
        assert width == pytest.approx(data["position"] / ranking["total"] * 100, abs=0.01)
        assert row.select_one("rect.cds-bar-track")["width"] == "100%"
        assert text_of(row.select_one(".cds-bar-value")) == f"{data['position']}/{ranking['total']}"
    ticks = [text_of(t) for t in chart.select(".cds-bar-scale text")]
    assert ticks[0] == "1" and ticks[-1] == str(ranking["total"])


def test_the_chart_keeps_its_labels_at_the_size_of_the_text(site):
    """Names and values are HTML text; the scale is an SVG without a viewBox, so nothing
    scales its numbers down on a phone (charts.css gives them 13 px).
    tests/browser/test_charts.py measures them in Chromium."""
    chart = site.page(PAGES["vi"]).select_one("figure.cds-bar-chart")
    assert chart.select("li .cds-bar-label") and not chart.select("li text")
    for svg in chart.select("svg"):
        assert not svg.has_attr("viewbox")
    css = (PROJECT_DIR / "overrides" / "assets" / "stylesheets" / "charts.css").read_text(encoding="utf-8")
    size = int(re.search(r"\.cds-bar-plot \.cds-chart-label \{[^}]*font-size: (\d+)px", css).group(1))
    assert size >= 11


def test_the_page_cites_its_source_with_its_address(site, ranking, data):
    source = data["sources"][ranking["source"]]
    for path in PAGES.values():
        citation = site.page(path).select_one(f"#source-{source['id']}")
        assert citation.select_one("a.cds-url")["href"] == source["url"] == "https://dti.gov.vn/xep-hang-2022"
        assert source["title"] in text_of(citation)


@pytest.mark.parametrize("path, index", [("chi-so/dti/", "xep-hang/"), ("en/indicators/dti/", "en/rankings/"), ("", "xep-hang/"), ("en/", "en/rankings/")])
def test_the_ranking_is_linked_from_the_indicator_and_home_pages(site, path, index):
    page = site.page(path)
    ranking = "dti-2022/"
    hrefs = {(site.root / path / a["href"]).resolve() for a in page.select("article a[href]")}
    assert (site.root / index / ranking).resolve() in hrefs
    listing = site.page(index)
    assert (site.root / index / ranking).resolve() in {(site.root / index / a["href"]).resolve() for a in listing.select("article a[href]")}


def test_the_downloads_parse_back_to_the_data(site, ranking, units):
    rows = ranking["rows"]
    raw = (site.root / "data" / "rankings" / "dti-2022.csv").read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(raw)))
    assert [(int(r["position"]), r["province_code"], r["as_printed"]) for r in table] == [
        (row["position"], row["province"], row["as_printed"]) for row in rows
    ]
    assert [float(r["score"]) for r in table if r["score"]] == [row["score"] for row in rows if "score" in row]
    assert [r["since_2025_code"] for r in table] == [units[row["province"]]["since_2025"]["code"] for row in rows]
    document = json.loads((site.root / "data" / "rankings" / "dti-2022.json").read_text(encoding="utf-8"))
    assert document["ranking"]["source"]["url"] == "https://dti.gov.vn/xep-hang-2022"
    assert [(r["position"], r["province_code"], r["score"]) for r in document["rows"]] == [
        (row["position"], row["province"], row.get("score")) for row in rows
    ]
    assert document["rows"][0]["component_digital-awareness"] == rows[0]["components"]["digital-awareness"]
    for path in ("du-lieu/", "en/data/"):
        links = {a["href"].rsplit("/", 1)[-1] for a in site.page(path).select("article a[download]")}
        assert {"dti-2022.csv", "dti-2022.json"} <= links
