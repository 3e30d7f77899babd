"""The charts of the built site, read as a reader reads them (parsed HTML).

An indicator page draws its figures in groups that can be compared: one ranking each (by
the number of units it ranks: the DTI ranked 63 provinces until 2023, and the 34 units
formed in 2025 in 2024), or one unit each; a group never shares another's scale or order,
and says what it compares. Every chart has a line saying how to read it, every value its
unit or total, and a link to its data. Expectations are read from the YAML files.
tests/browser/test_charts.py measures the rendered text and the contrast in Chromium.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from conftest import PROJECT_DIR, text_of

INDICATOR_PAGES = {"vi": "chi-so/{}/", "en": "en/indicators/{}/"}
PROVINCE_PAGES = {"vi": "tinh/{}/", "en": "en/provinces/{}/"}


def read(path: str) -> dict:
    return yaml.safe_load((PROJECT_DIR / "data" / path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def provinces() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((PROJECT_DIR / "data" / "provinces").glob("*.yml"))}


def national_ranks(provinces: dict, indicator: str) -> list[dict]:
    return [
        rank
        for province in provinces.values()
        for figure in province.get("figures", ())
        if figure["indicator"] == indicator
        for rank in figure.get("ranks", ())
        if rank.get("scope", "national") == "national"
    ]


def groups_of(chart) -> list[tuple[str, list]]:
    return [(text_of(group.select_one(".cds-bar-group-heading")), group.select("li.cds-bar-row")) for group in chart.select(".cds-bar-group")]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_dti_chart_keeps_the_34_unit_ranking_apart_from_the_63_province_years(site, provinces, language):
    chart = site.page(INDICATOR_PAGES[language].format("dti")).select_one("figure#chart-dti")
    expected = Counter(rank.get("total") for rank in national_ranks(provinces, "dti"))
    assert expected[63] and expected[34]  # the data this test is about
    found = Counter()
    scaled = [(heading, rows) for heading, rows in groups_of(chart) if rows and rows[0].select_one("rect.cds-bar")]
    for heading, rows in scaled:
        totals = {text_of(row.select_one(".cds-bar-value")).split("/")[1] for row in rows}
        assert len(totals) == 1, (heading, totals)  # one ranking per group, never two
        (total,) = totals
        assert re.search(rf"\b{total}\b", heading), heading  # the group says what it compares
        # Best first within the group, on a scale that ends at its own total.
        positions = [int(text_of(row.select_one(".cds-bar-value")).split("/")[0]) for row in rows]
        assert positions == sorted(positions)
        group = rows[0].find_parent(class_="cds-bar-group")
        assert text_of(group.select(".cds-bar-scale text")[-1]) == total
        found[int(total)] += len(rows)
    assert found == {total: n for total, n in expected.items() if total}
    # The 63-province years come first, the 34-unit ranking after them, in a group of its own.
    assert [re.search(r"\b(63|34)\b", heading).group(1) for heading, _ in scaled] == ["63", "34"]
    # A rank given without its total is listed, not drawn on a scale it does not have.
    unscaled = chart.select(".cds-bar-group--unscaled li")
    assert len(unscaled) == expected[None]
    assert all(row.select_one("rect") is None for row in unscaled)
    how_to_read = text_of(chart.select_one("p.cds-how-to-read"))
    assert how_to_read.startswith("1 =") and ("34" not in how_to_read)


def indicator_ids() -> list[str]:
    return [indicator["id"] for indicator in read("indicators.yml")["indicators"]]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_indicator_chart_says_how_to_read_it_and_gives_each_value_its_unit(site, language):
    units = {unit["id"]: unit["label"][language] for unit in read("definitions.yml")["units"]}
    indicators = {indicator["id"]: indicator for indicator in read("indicators.yml")["indicators"]}
    charts = 0
    for indicator_id, indicator in indicators.items():
        chart = site.page(INDICATOR_PAGES[language].format(indicator_id)).select_one("figure.cds-bar-chart")
        if chart is None:
            continue
        charts += 1
        assert text_of(chart.select_one("p.cds-how-to-read")), indicator_id
        assert chart.find("figcaption").find("a", attrs={"download": True}), indicator_id
        for heading, rows in groups_of(chart):
            values = [text_of(row.select_one(".cds-bar-value")) for row in rows]
            assert all(values), (indicator_id, heading)
            if rows and rows[0].select_one("rect.cds-bar-track") is None and rows[0].select_one("rect.cds-bar"):
                # Values: the group's unit is in its heading and on every value.
                unit = next(label for label in units.values() if label and label in heading)
                assert all(unit in value for value in values), (indicator_id, heading, values)
    assert charts >= 10


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_value_chart_draws_each_unit_on_a_scale_of_its_own(site, language):
    """GRDP is reported in trillions of VND and in billions of USD: two groups, two scales."""
    chart = site.page(INDICATOR_PAGES[language].format("grdp")).select_one("figure.cds-bar-chart")
    groups = chart.select(".cds-bar-group")
    assert len(groups) == 2
    assert groups[0].select(".cds-bar-scale text") != groups[1].select(".cds-bar-scale text")
    for group in groups:
        ticks = [text_of(t) for t in group.select(".cds-bar-scale text")]
        assert ticks[0] == "0"
        # Each bar ends within its own scale.
        for rect in group.select("rect.cds-bar"):
            assert 0 < float(rect["width"].removesuffix("%")) <= 100


@pytest.mark.parametrize("language", ["vi", "en"])
def test_timeline_and_rank_charts_say_how_to_read_them(site, provinces, language):
    for province_id, province in provinces.items():
        soup = site.page(PROVINCE_PAGES[language].format(province_id))
        if province.get("events"):
            timeline = soup.select_one(f"figure#timeline-chart-{province_id}")
            assert text_of(timeline.select_one("p.cds-how-to-read"))
            # Marks in per cent of the width shown, not in a viewBox that would shrink its text.
            svg = timeline.find("svg")
            assert not svg.has_attr("viewbox") and svg["width"] == "100%"
            assert all(circle["cx"].endswith("%") for circle in svg.select("circle"))
        history = soup.select_one(f"#rank-history-{province_id}")
        if history is not None:
            assert text_of(history.select_one("p.cds-how-to-read")).startswith("1 =")
