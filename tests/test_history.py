"""Each covered province over the years, and what became of its targets, in the built site.

The DTI section of a province page (#dti-over-time) has a table with one row per year a
source gives, each with its sources, and a chart where rank 1 is at the top, every point is
labelled, and a year ranked among another number of units (the DTI 2024 ranks the 34 units
formed in 2025) is drawn apart, joined to no other year. The targets table shows each later
report beside the first figure, with its date and source, or says that none was found.
Expectations are read from the YAML files themselves, independently of the hooks.
"""

from __future__ import annotations

import re

import pytest

from conftest import text_of

LANGUAGES = {"vi": "tinh/", "en": "en/provinces/"}
COVERED = ("nghe-an", "thanh-hoa", "bac-giang", "hau-giang")


def page(site, language: str, province_id: str):
    return site.page(f"{LANGUAGES[language]}{province_id}/")


def yearly_dti(province: dict) -> list[dict]:
    """The province's DTI figures with a national rank for a whole year, oldest first."""
    def national(figure):
        return next((r for r in figure.get("ranks", ()) if r.get("scope", "national") == "national"), None)

    found = [f for f in province["figures"] if f["indicator"] == "dti" and re.fullmatch(r"\d{4}", f.get("period", "")) and national(f)]
    return sorted(found, key=lambda f: f["period"])


def national(figure: dict) -> dict:
    return next(r for r in figure["ranks"] if r.get("scope", "national") == "national")


def rank_text(rank: dict, language: str) -> str:
    return f"{rank['position']}/{rank['total']}" if "total" in rank else str(rank["position"])


def points_of(polyline) -> set[tuple[float, float]]:
    pairs = polyline["points"].split()
    return {tuple(float(n) for n in pair.split(",")) for pair in pairs}


def marks(svg) -> dict[str, tuple[float, float, object]]:
    """Each point of the rank chart by its year: (x, y, its group)."""
    found = {}
    for group in svg.select("g.cds-rank-point"):
        mark = group.find("circle")
        if mark is not None:
            x, y = float(mark["cx"]), float(mark["cy"])
        else:  # a diamond: a square turned about its centre
            mark = group.find("rect")
            x, y = float(mark["x"]) + float(mark["width"]) / 2, float(mark["y"]) + float(mark["height"]) / 2
        found[group["data-period"]] = (x, y, group)
    return found


# --- the table ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", COVERED)
def test_each_covered_province_lists_its_dti_year_by_year_with_sources(site, data, language, province_id):
    figures = yearly_dti(data["provinces"][province_id])
    assert figures, province_id
    soup = page(site, language, province_id)
    heading = soup.select_one("h2#dti-over-time")
    assert heading is not None
    table = soup.select_one("table.cds-rank-history-table")
    assert table is not None and table.find("caption") is not None
    # The section sits between the summary and the detailed tables.
    headings = [h["id"] for h in soup.select("article h2[id]")]
    assert headings.index("summary") < headings.index("dti-over-time") < headings.index("indicators")
    rows = table.select("tbody tr")
    assert [row["data-period"] for row in rows] == [f["period"] for f in figures]
    listed = {li["id"] for li in soup.select("ol.cds-sources > li")}
    for row, figure in zip(rows, figures):
        assert row.find("th")["scope"] == "row"
        assert text_of(row.find_all("td")[0]).startswith(rank_text(national(figure), language))
        cited = [a["href"][1:] for a in row.select("a.cds-cite")]
        expected = [figure["source"], *(other["source"] for other in figure.get("also_reported_by", ()))]
        assert cited == [f"source-{source}" for source in expected], (province_id, figure["period"])
        assert set(cited) <= listed


def test_scores_and_pillar_ranks_are_shown_where_a_source_gives_them(site):
    for language, score in (("vi", "0,4880"), ("en", "0.4880")):
        row = page(site, language, "thanh-hoa").select_one('table.cds-rank-history-table tr[data-period="2021"]')
        cells = [text_of(td) for td in row.find_all("td")]
        assert score in cells[1]
        # Digital government, digital economy, digital society: rank (score).
        assert cells[2].startswith("12") and "5302" in cells[2]
        assert cells[3].startswith("22") and cells[4].startswith("12")
    head = [text_of(th) for th in page(site, "en", "thanh-hoa").select("table.cds-rank-history-table thead th")]
    assert head[3:6] == ["Digital government", "Digital economy", "Digital society"]
    # A province whose sources give no pillar has no pillar column.
    head = [text_of(th) for th in page(site, "en", "nghe-an").select("table.cds-rank-history-table thead th")]
    assert head == ["Year", "Rank", "Score", "Source"]


# --- the chart ------------------------------------------------------------------------------


@pytest.mark.parametrize("province_id", COVERED)
def test_every_covered_province_has_a_rank_chart_with_every_year_labelled(site, data, province_id):
    figures = yearly_dti(data["provinces"][province_id])
    for language in LANGUAGES:
        svg = page(site, language, province_id).select_one(f"#rank-history-{province_id} svg")
        assert svg is not None and svg["role"] == "img"
        assert svg.find("title").get_text() and svg.find("desc").get_text()
        found = marks(svg)
        assert list(found) == [f["period"] for f in figures]
        for figure in figures:
            label = text_of(found[figure["period"]][2].find("text"))
            assert label.startswith(rank_text(national(figure), language)), (province_id, label)
        # The axis says which way is best, and 1 is its top tick.
        assert "1 =" in text_of(svg.select_one(".cds-axis-title"))
        ticks = {text_of(t): float(t["y"]) for t in svg.select("text.cds-chart-label[text-anchor=end]")}
        assert min(ticks, key=ticks.get) == "1"
        assert text_of(svg.find_parent("figure").select_one("p.cds-how-to-read")).startswith("1 =")


def test_thanh_hoa_has_a_chart_and_better_ranks_are_drawn_higher(site):
    svg = page(site, "en", "thanh-hoa").select_one("#rank-history-thanh-hoa svg")
    found = marks(svg)
    assert found["2023"][1] < found["2021"][1] < found["2020"][1]  # 11th above 12th above 15th
    assert found["2020"][1] == found["2022"][1]  # 15th both years


@pytest.mark.parametrize("language, of_34", [("vi", "trong 34 đơn vị"), ("en", "of 34 units")])
def test_the_2024_ranking_of_34_units_is_drawn_apart_and_not_joined(site, language, of_34):
    svg = page(site, language, "thanh-hoa").select_one("#rank-history-thanh-hoa svg")
    found = marks(svg)
    joined = set().union(*(points_of(line) for line in svg.select("polyline")))
    x, y, group = found["2024"]
    assert (x, y) not in joined
    assert "cds-rank-point--apart" in group["class"]
    assert text_of(group.select_one(".cds-apart-label")) == of_34
    assert "34" in text_of(group.find("text"))
    # The 63-province years are joined, consecutively, by the line.
    assert {found[year][:2] for year in ("2020", "2021", "2022", "2023")} <= joined
    # Apart means past a divider, to the right of every year of the line.
    divider = float(svg.select_one("line.cds-divider")["x1"])
    assert all(found[year][0] < divider for year in ("2020", "2021", "2022", "2023")) and x > divider
    row = page(site, language, "thanh-hoa").select_one('table.cds-rank-history-table tr[data-period="2024"]')
    assert of_34 in text_of(row) and "5/34" in text_of(row)


def test_a_year_without_a_source_breaks_the_line(site):
    # Nghe An: 2020 and 2022 are given, 2021 is not: no line across the gap.
    svg = page(site, "en", "nghe-an").select_one("#rank-history-nghe-an svg")
    assert list(marks(svg)) == ["2020", "2022"]
    assert svg.select("polyline") == []


def test_a_year_that_is_an_open_question_is_joined_only_by_a_dashed_line(site):
    svg = page(site, "en", "bac-giang").select_one("#rank-history-bac-giang svg")
    found = marks(svg)
    solid = set().union(*(points_of(line) for line in svg.select("polyline:not(.cds-line--uncertain)")))
    dashed = [line for line in svg.select("polyline.cds-line--uncertain")]
    assert found["2023"][:2] not in solid and {found[y][:2] for y in ("2020", "2021", "2022")} <= solid
    assert len(dashed) == 1 and points_of(dashed[0]) == {found["2022"][:2], found["2023"][:2]}
    assert dashed[0].get("stroke-dasharray")
    assert "(?)" in text_of(found["2023"][2].find("text"))


# --- overlapping sources and open questions ---------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_hau_giang_2021_shows_both_sources_and_the_open_question(site, data, strings, language):
    soup = page(site, language, "hau-giang")
    row = soup.select_one('table.cds-rank-history-table tr[data-period="2021"]')
    cited = [a["href"] for a in row.select("a.cds-cite")]
    assert cited == ["#source-dti-gov-vn-tong-the", "#source-hg-cds-chu-truong-ket-qua"]
    # The article's own words stay beside its link: 17/63, up 11 places on 2020.
    assert "17/63" in text_of(row.find_all("td")[-1]) and "11" in text_of(row.find_all("td")[-1])
    # The year is inferred, and says why, visibly.
    assert row.select_one('details.cds-inferred[data-field="period"] .cds-inferred-reason')
    note = soup.select_one(row.select_one("a.cds-note-ref")["href"])
    question = note.select_one(".cds-open-question")
    assert strings["open_question"][language] in text_of(question)
    expected = data["provinces"]["hau-giang"]["figures"][0]["open_question"][language]
    assert " ".join(expected.split()) in text_of(question)
    label = marks(soup.select_one("#rank-history-hau-giang svg"))["2021"][2]
    assert "(?)" in text_of(label)


@pytest.mark.parametrize("language", LANGUAGES)
def test_bac_giang_2023_is_kept_as_filed_and_marked_as_an_open_question(site, strings, language):
    soup = page(site, language, "bac-giang")
    row = soup.select_one('table.cds-rank-history-table tr[data-period="2023"]')
    assert text_of(row.find_all("td")[0]).startswith("9")
    assert row.select_one('details.cds-inferred[data-field="period"]')
    note = soup.select_one(row.select_one("a.cds-note-ref")["href"])
    assert strings["open_question"][language] in text_of(note.select_one(".cds-open-question"))
    # The official 2022 ranking, which the question points to, is a row of its own.
    assert soup.select_one('table.cds-rank-history-table tr[data-period="2022"] a[href="#source-dti-xep-hang-2022"]')


# --- what became of the targets ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", COVERED)
def test_every_target_shows_its_later_progress_or_says_none_was_found(site, data, strings, language, province_id):
    soup = page(site, language, province_id)
    rows = soup.select("table.cds-targets tbody tr")
    targets = data["provinces"][province_id]["targets"]
    assert len(rows) == len(targets)
    none_found = strings["no_later_report"][language]
    for row, target in zip(rows, targets):
        cell = row.find_all("td")[2]
        reports = target.get("later_progress", [])
        if not reports:
            assert text_of(cell.select_one(".cds-no-later")) == none_found
            continue
        assert cell.select_one(".cds-no-later") is None
        items = cell.select("ol.cds-later-reports > li")
        assert len(items) == len(reports)
        for item, report in zip(items, reports):
            separator = "/" if language == "vi" else " of "
            assert f"{report['achieved']}{separator}{report['total']}" in text_of(item)
            assert item.find("svg", class_="cds-progress") is not None
            assert item.select_one("a.cds-cite")["href"] == f"#source-{report['source']}"
            assert soup.select_one(f"ol.cds-sources > li#source-{report['source']}") is not None
            if any(flag["field"] == "as_of" for flag in report.get("inferred", ())):
                assert item.select_one('details.cds-inferred[data-field="as_of"]') is not None


@pytest.mark.parametrize("language, first, later", [("vi", "8/11", "11/11"), ("en", "8 of 11", "11 of 11")])
def test_the_first_figure_stays_beside_the_later_one(site, language, first, later):
    row = page(site, language, "nghe-an").select_one("table.cds-targets tbody tr#nghe-an-target-3")
    cell = row.find_all("td")[2]
    texts = [text_of(span) for span in cell.select(".cds-progress-text")]
    assert first in texts[0] and later in texts[1]
    # Two bars, the first figure's and the later report's, in that order.
    bars = cell.select("svg.cds-progress")
    assert [bar["id"] for bar in bars] == ["progress-nghe-an-target-3", "progress-nghe-an-target-3-later-1"]
    assert "21/09/2023" in text_of(cell) or "21 September 2023" in text_of(cell)
