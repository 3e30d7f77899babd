"""A province page opens with its key figures (issue 10): the built pages, parsed.

The order a reader meets: the title, the key-figure cards, the summary, the charts
(progress towards targets, the timeline, the DTI rank over the years), then the detailed
tables, the sources and the downloads; the table of contents follows it. Each card shows
its figure's value (or rank), period, ranks and source. Nothing the data holds is lost on
the way: every figure, target, event, note, inference and open question is still on the
page, each open question once. Expectations are read from the YAML files themselves.
"""

from __future__ import annotations

import re

import pytest

from conftest import text_of

LANGUAGES = {"vi": ("tinh/", "chi-so/"), "en": ("en/provinces/", "en/indicators/")}
PROVINCES = ("bac-giang", "hau-giang", "nghe-an", "thanh-hoa")


def page(site, language: str, province_id: str):
    return site.page(f"{LANGUAGES[language][0]}{province_id}/")


def figures_by_id(province: dict) -> dict[str, dict]:
    """The province's figures by their page id: `<province>-<indicator>-<n>`, the n-th
    figure of that indicator in the file."""
    counts: dict[str, int] = {}
    found = {}
    for figure in province["figures"]:
        counts[figure["indicator"]] = counts.get(figure["indicator"], 0) + 1
        found[f"{province['id']}-{figure['indicator']}-{counts[figure['indicator']]}"] = figure
    return found


def national(figure: dict) -> dict | None:
    return next((rank for rank in figure.get("ranks", ()) if rank.get("scope", "national") == "national"), None)


def has_yearly_dti(province: dict) -> bool:
    return any(f["indicator"] == "dti" and re.fullmatch(r"\d{4}", f.get("period", "")) and national(f) for f in province["figures"])


def charted_targets(province: dict) -> list[dict]:
    return [t for t in province["targets"] if "progress" in t or "later_progress" in t or "status" in t]


def expected_sections(province: dict) -> list[str]:
    shown = {
        "key-figures": bool(province.get("key_figures")),
        "summary": True,
        "charts": bool(charted_targets(province) or province["events"] or has_yearly_dti(province)),
        "dti-over-time": has_yearly_dti(province),
        "indicators": bool(province["figures"]),
        "targets": bool(province["targets"]),
        "timeline": bool(province["events"]),
        "sources": True,
        "data": True,
    }
    return [section for section, present in shown.items() if present]


def expected_charts(province: dict) -> list[str]:
    shown = {
        "targets-progress": bool(charted_targets(province)),
        "timeline-chart": bool(province["events"]),
        "dti-chart": has_yearly_dti(province),
    }
    return [section for section, present in shown.items() if present]


def rank_text(rank: dict) -> str:
    return f"{rank['position']}/{rank['total']}" if "total" in rank else str(rank["position"])


# --- order ------------------------------------------------------------------------------------


def test_every_covered_province_has_three_or_four_key_figures_and_a_short_lede(data):
    for province_id in PROVINCES:
        province = data["provinces"][province_id]
        assert 3 <= len(province["key_figures"]) <= 4, province_id
        assert set(province["key_figures"]) <= set(figures_by_id(province)), province_id
        for language in ("vi", "en"):
            assert len(re.findall(r"[.!?]\s+\S", province["lede"][language])) <= 1, (province_id, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", PROVINCES)
def test_sections_and_table_of_contents_follow_the_reading_order(site, data, language, province_id):
    province = data["provinces"][province_id]
    soup = page(site, language, province_id)
    article = soup.select_one("article")
    assert [h["id"] for h in article.select("h2[id]")] == expected_sections(province)
    charts = article.select_one("h2#charts")
    under_charts = []
    for heading in charts.find_all_next(["h2", "h3"]):
        if heading.name == "h2":
            break
        under_charts.append(heading["id"])
    assert under_charts == expected_charts(province)
    # The cards come right under the title, before anything else of the page's own.
    title = article.find("h1")
    assert title.find_next(["h2", "p", "div", "table", "figure"]) is article.select_one("h2#key-figures")
    cards = article.select_one(".cds-cards")
    assert cards.find_previous(["h1", "h2"]) is article.select_one("h2#key-figures")
    assert cards.find_next("h2")["id"] == "summary"
    # A merger notice follows the cards, and is one short paragraph.
    notice = article.select_one(".cds-merged")
    assert (notice is not None) == ("administrative_change" in province)
    if notice is not None:
        assert notice.name == "p" and notice.find_previous(class_="cds-cards") is cards
        assert notice.find_next("h2")["id"] == "summary"
    # The table of contents lists the same sections, in the same order.
    headings = [h["id"] for h in article.select("h2[id], h3[id]")]
    toc = [a["href"].split("#", 1)[1] for a in soup.select("nav.md-nav--secondary a.md-nav__link[href*='#']")]
    assert toc == headings


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", PROVINCES)
def test_charts_come_before_the_detailed_tables(site, language, province_id):
    article = page(site, language, province_id).select_one("article")
    first_table = article.select_one("table.cds-table")
    for chart in article.select("figure.cds-chart"):
        assert chart.find_previous("h2")["id"] == "charts", chart.get("id")
        assert first_table in chart.find_all_next("table"), chart.get("id")


# --- the cards --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", PROVINCES)
def test_cards_show_value_period_rank_and_source_of_each_key_figure(site, data, strings, language, province_id):
    province = data["provinces"][province_id]
    figures = figures_by_id(province)
    soup = page(site, language, province_id)
    cards = soup.select(".cds-cards > .cds-card")
    assert len(cards) == len(province["key_figures"])
    listed_sources = {li["id"] for li in soup.select("ol.cds-sources > li")}
    for card, figure_id in zip(cards, province["key_figures"]):
        figure = figures[figure_id]
        indicator = data["indicators"][figure["indicator"]]
        assert "cds-figure" in card["class"]
        name = card.select_one(".cds-card-name a")
        assert text_of(name) == indicator["name"][language]
        assert name["href"] == f"../../{LANGUAGES[language][1].removeprefix('en/')}{figure['indicator']}/"
        row = soup.select_one(f"tr#{figure_id}")  # the figure's own row in its pillar's table
        value = text_of(card.select_one(".cds-card-value"))
        if "value" in figure or "value_range" in figure:
            assert value == text_of(row.select_one("td.cds-num")), figure_id
        else:  # a figure that is only a rank shows the rank as its number
            assert value.startswith(rank_text(figure["ranks"][0])), figure_id
        period = card.select_one(".cds-card-period time")
        assert period["datetime"] == re.sub(r"-[QH]\d$", "", figure.get("period") or figure["as_of"])
        lines = [text_of(line) for line in card.select(".cds-card-rank")]
        assert len(lines) == len(figure.get("ranks", ()))
        regions = {region["id"]: region["name"][language] for region in data["definitions"]["regions"]}
        for rank in figure.get("ranks", ()):
            scope = rank.get("scope", "national")
            where = strings["scope_national"][language] if scope == "national" else regions[scope]
            assert any(where in line and (rank_text(rank) in line or rank_text(rank) in value) for line in lines), (figure_id, rank)
        source = card.select_one(".cds-card-source a")
        assert source["href"] == f"#source-{figure['source']}" and f"source-{figure['source']}" in listed_sources
        assert source["title"].startswith(data["sources"][figure["source"]]["title"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_card_keeps_the_inference_marker_of_its_figure(site, data, strings, language):
    # Thanh Hoa's DTI 2023: the number ranked (63) is inferred.
    province = data["provinces"]["thanh-hoa"]
    card = page(site, language, "thanh-hoa").select(".cds-cards > .cds-card")[0]
    assert province["key_figures"][0] == "thanh-hoa-dti-4"
    mark = card.select_one(".cds-card-value .cds-inferred-mark")
    assert mark is not None and strings["inferred"][language] in text_of(mark)
    reason = figures_by_id(province)["thanh-hoa-dti-4"]["ranks"][0]["inferred"][0]["reason"][language]
    assert mark["title"] == reason


# --- nothing lost ----------------------------------------------------------------------------


def visible_text(soup) -> str:
    return text_of(soup.select_one("article"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", PROVINCES)
def test_every_figure_target_event_and_note_is_still_on_the_page(site, data, language, province_id):
    province = data["provinces"][province_id]
    soup = page(site, language, province_id)
    text = visible_text(soup)
    for figure_id, figure in figures_by_id(province).items():
        row = soup.select_one(f"table.cds-figures tr#{figure_id}")
        assert row is not None, figure_id
        if "note" in figure:
            assert " ".join(figure["note"][language].split()) in text_of(row), figure_id
    for index, target in enumerate(province["targets"]):
        row = soup.select_one(f"table.cds-targets tr#{province_id}-target-{index + 1}")
        assert row is not None and " ".join(target["title"][language].split()) in text_of(row)
        if "note" in target:
            assert " ".join(target["note"][language].split()) in text_of(row)
    events = soup.select("ol.cds-timeline > li")
    assert len(events) == len(province["events"])
    for event in province["events"]:
        assert " ".join(event["summary"][language].split()) in text
        if "note" in event:
            assert " ".join(event["note"][language].split()) in text
    # Every reason for an inferred value is written out on the page (markers open on a tap).
    reasons = []

    def walk(value):
        if isinstance(value, dict):
            for entry in value.get("inferred", ()):
                reasons.append(entry["reason"][language])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk({key: province[key] for key in ("figures", "targets", "events")})
    assert reasons
    written = {text_of(r) for r in soup.select(".cds-inferred-reason")}
    for reason in reasons:
        assert " ".join(reason.split()) in written, reason


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", PROVINCES)
def test_each_open_question_is_written_out_once(site, data, language, province_id):
    province = data["provinces"][province_id]
    soup = page(site, language, province_id)
    questions = [
        item["open_question"][language]
        for key in ("figures", "targets", "events")
        for item in province[key]
        if "open_question" in item
    ]
    shown = [text_of(q) for q in soup.select("article .cds-open-question")]
    assert len(shown) == len(questions)
    for question in questions:
        assert sum(" ".join(question.split()) in text for text in shown) == 1, question


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id, period", [("hau-giang", "2021"), ("bac-giang", "2023")])
def test_the_rank_history_links_to_the_open_question_at_its_figure(site, data, strings, language, province_id, period):
    soup = page(site, language, province_id)
    row = soup.select_one(f'table.cds-rank-history-table tr[data-period="{period}"]')
    link = row.select_one("a.cds-note-ref")
    assert text_of(link) == strings["open_question_at_figure"][language]
    assert row.select_one(".cds-open-question") is None  # not written out a second time
    target = soup.select_one(link["href"])
    assert target.name == "tr" and target.find_parent("table")["class"] == ["cds-table", "cds-figures"]
    figure = figures_by_id(data["provinces"][province_id])[target["id"]]
    assert figure["period"] == period and figure["indicator"] == "dti"
    assert " ".join(figure["open_question"][language].split()) in text_of(target.select_one(".cds-open-question"))


# --- the progress chart ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", PROVINCES)
def test_progress_chart_shows_every_target_a_source_reports_progress_on(site, data, strings, language, province_id):
    province = data["provinces"][province_id]
    soup = page(site, language, province_id)
    chart = soup.select_one(f"figure.cds-chart#targets-chart-{province_id}")
    charted = charted_targets(province)
    if not charted:
        assert chart is None
        return
    assert text_of(chart.select_one(".cds-how-to-read")) == strings["targets_chart_how_to_read"][language]
    scale = [text_of(t) for t in chart.select(".cds-tp-scale svg text")]
    assert scale == ["0%", "50%", "100%"]
    rows = chart.select("li.cds-tp-row")
    assert len(rows) == len(charted)
    indices = [province["targets"].index(target) + 1 for target in charted]
    for row, target, index in zip(rows, charted, indices):
        label = row.select_one("a.cds-tp-label")
        assert label["href"] == f"#{province_id}-target-{index}" and soup.select_one(label["href"]) is not None
        assert text_of(label) == " ".join(target["title"][language].split())
        latest = (target.get("later_progress") or [target.get("progress")])[-1]
        value = text_of(row.select_one(".cds-tp-value"))
        if latest:
            achieved, total = latest["achieved"], latest["total"]
            assert (f"{achieved}/{total}" if language == "vi" else f"{achieved} of {total}") in value
            assert f"{round(100 * achieved / total)}%" in value  # the unit with the value
            bar = row.select_one(".cds-tp-bar svg")
            assert bar["width"] == "200" and bar["aria-hidden"] == "true"  # the words beside it say the same
            assert float(bar.select_one(".cds-progress-fill")["width"]) == pytest.approx(200 * achieved / total - 1, abs=0.6)
        if "status" in target:
            assert strings["status_" + target["status"].replace("-", "_")][language] in value
    caption = chart.find("figcaption")
    assert caption.find("a", href=True, download=True) is not None
    left = len(province["targets"]) - len(charted)
    assert (str(left) in text_of(caption)) == bool(left)


# --- tables on phones ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("province_id", PROVINCES)
def test_targets_and_rank_history_cells_carry_their_column_label(site, language, province_id):
    soup = page(site, language, province_id)
    tables = soup.select("table.cds-targets, table.cds-rank-history-table")
    assert tables
    for table in tables:
        headers = [text_of(th) for th in table.select("thead th")]
        for row in table.select("tbody tr"):
            cells = row.find_all(["th", "td"], recursive=False)
            assert [cell.get("data-label") for cell in cells] == headers[: len(cells)], (province_id, row.get("id"))
