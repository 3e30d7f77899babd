"""The open-data files carry everything the data gives that the pages show, and the data
dictionary describes exactly what they hold.

Each province file of data/ is rebuilt twice, from its JSON download and from its CSV
download alone, and must come out as written: every figure with its ranks, pillars, other
sources, open question and inferred fields with their reasons; every target with its
progress and later reports; every event with its documents; every source with its English
title, its date or the date its figures run to, its address or why there is none; the
province's code, its unit since 2025, its merger, its lede and its key figures. A field
the downloads left out, or put in the wrong place, makes the rebuilt file differ. The
rankings are rebuilt the same way. Then the open-data page's dictionary is read as a reader
sees it, in both languages, and compared both ways with the columns and keys the files
actually have.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_DIR

from cds.dataset import read_dataset
from cds.downloads import write_downloads

def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    """The download files of the real data, as the build writes them."""
    site_dir = tmp_path_factory.mktemp("downloads")
    write_downloads(read_dataset(PROJECT_DIR / "data", PROJECT_DIR / "schema", PROJECT_DIR), site_dir)
    return site_dir / "data"


@pytest.fixture(scope="module")
def written() -> dict:
    data_dir = PROJECT_DIR / "data"
    return {
        "indicators": {i["id"]: i for i in read_yaml(data_dir / "indicators.yml")["indicators"]},
        "sources": {s["id"]: s for s in read_yaml(data_dir / "sources.yml")["sources"]},
        "units": {u["code"]: u for u in read_yaml(data_dir / "admin-units.yml")["provinces"]},
        "provinces": {p.stem: read_yaml(p) for p in sorted((data_dir / "provinces").glob("*.yml"))},
        "rankings": {p.stem: read_yaml(p) for p in sorted((data_dir / "rankings").glob("*.yml"))},
    }


def csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


# --- The data as the files give it back ---------------------------------------------------------


def kept(**fields) -> dict:
    """`fields` without those the data leaves out (None, empty lists)."""
    return {key: value for key, value in fields.items() if value is not None and value != [] and value != ""}


def as_written(province: dict, indicators: dict) -> dict:
    """A province file as the downloads can give it back: defaults spelled out (a rank's
    scope) and a unit that repeats its indicator's left out."""
    province = copy.deepcopy(province)

    def ranks(entry):
        for rank in entry.get("ranks", ()):
            rank.setdefault("scope", "national")

    for figure in province["figures"]:
        ranks(figure)
        for other in figure.get("also_reported_by", ()):
            ranks(other)
        if figure.get("unit") == indicators[figure["indicator"]]["unit"]:
            del figure["unit"]
    for target in province["targets"]:
        if "indicator" in target and target.get("unit") == indicators[target["indicator"]]["unit"]:
            del target["unit"]
    return province


def text(item: dict, prefix: str):
    """A text of the data from its two keys (`note_vi`, `note_en`), or None."""
    if item.get(f"{prefix}_vi") in (None, ""):
        return None
    return {"vi": item[f"{prefix}_vi"], "en": item[f"{prefix}_en"]}


def unit_of(unit_id, indicator_id, indicators: dict):
    """The `unit` a file gives: only where it is not its indicator's."""
    if not unit_id or (indicator_id and indicators[indicator_id]["unit"] == unit_id):
        return None
    return unit_id


def value_range(item: dict):
    return {"min": item["value_min"], "max": item["value_max"]} if item["value_min"] not in (None, "") else None


# --- From the JSON files ------------------------------------------------------------------------


def json_inferred(items: list) -> list:
    return [{"field": i["field"], "reason": {"vi": i["reason_vi"], "en": i["reason_en"]}} for i in items]


def json_rank(rank: dict) -> dict:
    return kept(
        position=rank["position"], total=rank["total"], change=rank["change"], change_since=rank["change_since"],
        scope=rank["scope"], inferred=json_inferred(rank["inferred"]),
    )


def province_from_json(item: dict, indicators: dict) -> dict:
    change = item["administrative_change"]
    return kept(
        id=item["province_id"],
        name={"vi": item["province_vi"], "en": item["province_en"]},
        code=item["province_code"],
        summary=text(item, "summary"),
        lede=text(item, "lede"),
        key_figures=item["key_figures"],
        administrative_change=kept(
            date=change["date"], merged_into=text(change, "merged_into"), resolution=change["resolution"],
            resolution_date=change["resolution_date"], source=change["source_id"],
        ) if change else None,
    ) | dict(  # a file lists its figures, targets and events, even where there are none
        figures=[
            kept(
                indicator=f["indicator_id"], value=f["value"], value_range=value_range(f), decimals=f["decimals"],
                qualifier=f["qualifier"], out_of=f["out_of"], unit=unit_of(f["unit_id"], f["indicator_id"], indicators),
                period=f["period"], as_of=f["as_of"], ranks=[json_rank(rank) for rank in f["ranks"]],
                pillars=[kept(pillar=p["pillar_id"], position=p["position"], value=p["value"], decimals=p["decimals"]) for p in f["pillars"]],
                source=f["source_id"],
                also_reported_by=[kept(source=o["source_id"], ranks=[json_rank(rank) for rank in o["ranks"]]) for o in f["also_reported_by"]],
                note=text(f, "note"), inferred=json_inferred(f["inferred"]), open_question=text(f, "open_question"),
            )
            for f in item["figures"]
        ],
        targets=[
            kept(
                title=text(t, "title"), indicator=t["indicator_id"], value=t["value"], value_range=value_range(t),
                qualifier=t["qualifier"], unit=unit_of(t["unit_id"], t["indicator_id"], indicators), deadline=t["deadline"],
                progress=kept(
                    achieved=t["progress_achieved"], total=t["progress_total"], as_of=t["progress_as_of"],
                    inferred=json_inferred(t["progress_inferred"]),
                ) if t["progress_achieved"] is not None else None,
                later_progress=[
                    kept(as_of=r["as_of"], achieved=r["achieved"], total=r["total"], source=r["source_id"], note=text(r, "note"), inferred=json_inferred(r["inferred"]))
                    for r in t["later_progress"]
                ],
                status=t["status"], document=t["document"], source=t["source_id"], note=text(t, "note"),
                inferred=json_inferred(t["inferred"]), open_question=text(t, "open_question"),
            )
            for t in item["targets"]
        ],
        events=events_in_file_order([
            (e["event_id"], kept(
                date=e["date"], kind=e["kind"], documents=e["documents"], title=text(e, "title"), summary=text(e, "summary"),
                sources=e["source_ids"], note=text(e, "note"), inferred=json_inferred(e["inferred"]), open_question=text(e, "open_question"),
            ))
            for e in item["events"]
        ]),
    )


def events_in_file_order(events: list[tuple[str, dict]]) -> list[dict]:
    """Pages (and downloads) list events by date; their ids number them as the file does."""
    return [event for _, event in sorted(events, key=lambda pair: int(pair[0].rsplit("-", 1)[1]))]


def source_from_json(item: dict) -> dict:
    return kept(
        id=item["id"], title=item["title"], title_en=item["title_en"], author=item["author"], outlet=item["outlet"],
        published=item["published"], data_until=item["data_until"], date_note=text(item, "date_note"), url=item["url"],
        no_url=text(item, "no_url"), inferred=json_inferred(item["inferred"]), language=item["language"],
    )


def test_each_province_file_comes_back_whole_from_its_json_download(files, written):
    site = json.loads((files / "cds-figures.json").read_bytes())
    assert [p["province_id"] for p in site["provinces"]] == list(written["provinces"])
    for province_id, province in written["provinces"].items():
        document = json.loads((files / "provinces" / f"{province_id}.json").read_bytes())
        [item] = document["provinces"]
        assert province_from_json(item, written["indicators"]) == as_written(province, written["indicators"]), province_id
        assert [s["id"] for s in document["sources"]] == cited(province)
        for source in document["sources"]:
            assert source_from_json(source) == written["sources"][source["id"]]
        # The same province, item for item, in the whole site's file, and its sources there once.
        assert next(p for p in site["provinces"] if p["province_id"] == province_id) == item
    assert [s["id"] for s in site["sources"]] == list(dict.fromkeys(i for p in written["provinces"].values() for i in cited(p)))


# --- From the CSV files -------------------------------------------------------------------------

NUMBER_COLUMNS = re.compile(
    r"value|value_min|value_max|decimals|out_of|(regional_)?rank_(position|total|change)|pillar_.+_(position|value|decimals)"
    r"|progress_(achieved|total)|position|total|score|component_.+"
)


def cell(column: str, value: str):
    """A CSV cell as the data has it: empty is nothing, numbers are numbers."""
    if value == "":
        return None
    if NUMBER_COLUMNS.fullmatch(column):
        return int(value) if re.fullmatch(r"-?\d+", value) else float(value)
    return {"True": True, "False": False}.get(value, value) if column in ("tied", "since_2025_merged") else value


def typed(row: dict) -> dict:
    return {column: cell(column, value) for column, value in row.items()}


# What an inferred field's name starts with when it belongs to a rank, a progress figure or
# a source of the row (the longest first: `regional_rank_` before `rank_`).
FIELD_PREFIXES = ("regional_rank_", "rank_", "progress_", "source_")


def csv_inferred(rows: list[dict], prefix: str = "") -> list:
    """The inferences among `rows` of the fields with `prefix` (`rank_`), by their names in
    the data; with no prefix, of the row's own fields."""
    result = []
    for row in rows:
        field = row["inferred_field"]
        owner = next((p for p in FIELD_PREFIXES if field.startswith(p)), "")
        if owner == prefix:
            result.append({"field": field.removeprefix(prefix), "reason": text(row, "inferred_reason")})
    return result


def csv_ranks(row: dict, inferred: list[dict]) -> list[dict]:
    ranks = []
    for prefix, scope in (("rank", "national"), ("regional_rank", row["regional_rank_region"])):
        if row[f"{prefix}_position"] is not None:
            ranks.append(kept(
                position=row[f"{prefix}_position"], total=row[f"{prefix}_total"], change=row[f"{prefix}_change"],
                change_since=row[f"{prefix}_change_since"], scope=scope, inferred=csv_inferred(inferred, f"{prefix}_"),
            ))
    return ranks


def grouped(rows: list[dict]) -> list[tuple[dict, list[dict]]]:
    """Each row with the rows that belong to it (`inferred`, `document`, `also_reported_by`,
    `later_progress` rows come right after the row they are about, inferences after theirs)."""
    groups: list[tuple[dict, list[dict]]] = []
    for row in rows:
        if row["kind"] in ("inferred", "document", "also_reported_by", "later_progress"):
            groups[-1][1].append(row)
        else:
            groups.append((row, []))
    return groups


def following(rows: list[dict], kind: str) -> list[tuple[dict, list[dict]]]:
    """The rows of `kind` among `rows`, each with the inferences that follow it."""
    result: list[tuple[dict, list[dict]]] = []
    for row in rows:
        if row["kind"] == kind:
            result.append((row, []))
        elif row["kind"] == "inferred" and result and row["inferred_of"] == kind:
            result[-1][1].append(row)
    return result


def inferences_of(kind: str, row: dict, rows: list[dict], ids: tuple[str, ...]) -> list[dict]:
    """The inferred rows about `row`: they say what they are about and repeat its ids, and
    the row names their fields in its `inferred` column."""
    found = [r for r in rows if r["kind"] == "inferred" and r["inferred_of"] == kind and all(r[i] == row[i] for i in ids)]
    assert (row["inferred"] or "").split(";") == ([r["inferred_field"] for r in found] or [""]), row
    return found


def pillar_columns(row: dict) -> list[dict]:
    pillars = {}
    for column, value in row.items():
        match = re.fullmatch(r"pillar_(.+)_(position|value|decimals)", column)
        if match and value is not None:
            pillars.setdefault(match[1], {"pillar": match[1]})[match[2]] = value
    return list(pillars.values())


def figure_from_csv(row: dict, others: list[dict], indicators: dict) -> dict:
    own = inferences_of("figure", row, others, ("figure_id", "province_id", "source_id"))
    also = []
    for other, inferred in following(others, "also_reported_by"):
        assert other["figure_id"] == row["figure_id"] and other["period"] == row["period"], other
        inferences_of("also_reported_by", other, inferred, ("figure_id", "province_id", "source_id"))
        also.append(kept(source=other["source_id"], ranks=csv_ranks(other, inferred)))
    return kept(
        indicator=row["indicator_id"], value=row["value"], value_range=value_range(row), decimals=row["decimals"],
        qualifier=row["qualifier"], out_of=row["out_of"], unit=unit_of(row["unit_id"], row["indicator_id"], indicators),
        period=row["period"], as_of=row["as_of"], ranks=csv_ranks(row, own),
        pillars=pillar_columns(row),
        source=row["source_id"], also_reported_by=also, note=text(row, "note"), inferred=csv_inferred(own),
        open_question=text(row, "open_question"),
    )


def target_from_csv(row: dict, others: list[dict], indicators: dict) -> dict:
    own = inferences_of("target", row, others, ("target_id", "province_id"))
    later = []
    for report, inferred in following(others, "later_progress"):
        assert report["target_id"] == row["target_id"], report
        inferences_of("later_progress", report, inferred, ("target_id", "province_id", "source_id", "progress_as_of"))
        later.append(kept(
            as_of=report["progress_as_of"], achieved=report["progress_achieved"], total=report["progress_total"],
            source=report["source_id"], note=text(report, "note"), inferred=csv_inferred(inferred, "progress_"),
        ))
    return kept(
        title=text(row, "title"), indicator=row["indicator_id"], value=row["value"], value_range=value_range(row),
        qualifier=row["qualifier"], unit=unit_of(row["unit_id"], row["indicator_id"], indicators), deadline=row["deadline"],
        progress=kept(
            achieved=row["progress_achieved"], total=row["progress_total"], as_of=row["progress_as_of"],
            inferred=csv_inferred(own, "progress_"),
        ) if row["progress_achieved"] is not None else None,
        later_progress=later, status=row["status"], document=row["document"], source=row["source_id"],
        note=text(row, "note"), inferred=csv_inferred(own), open_question=text(row, "open_question"),
    )


def event_from_csv(row: dict, others: list[dict]) -> dict:
    own = inferences_of("event", row, others, ("event_id", "province_id"))
    documents = [r for r in others if r["kind"] == "document"]
    assert all(r["event_id"] == row["event_id"] for r in documents)
    return kept(
        date=row["date"], kind=row["event_kind"], documents=[r["document"] for r in documents], title=text(row, "title"),
        summary=text(row, "summary"), sources=row["source_ids"].split(";"), note=text(row, "note"),
        inferred=csv_inferred(own), open_question=text(row, "open_question"),
    )


def source_from_csv(row: dict, others: list[dict]) -> dict:
    own = inferences_of("source", row, others, ("source_id",))
    return kept(
        id=row["source_id"], title=row["source_title"], title_en=row["source_title_en"], author=row["source_author"],
        outlet=row["source_outlet"], published=row["source_published"], data_until=row["source_data_until"],
        date_note=text(row, "source_date_note"), url=row["source_url"], no_url=text(row, "source_no_url"),
        inferred=csv_inferred(own, "source_"), language=row["source_language"],
    )


def province_from_csv(rows: list[dict], indicators: dict) -> tuple[dict, list[dict]]:
    """The province and its sources, from the rows of its CSV file."""
    groups = grouped(rows)
    (head, nothing), *rest = groups
    assert head["kind"] == "province" and not nothing
    by_kind: dict[str, list] = {}
    for row, others in rest:
        by_kind.setdefault(row["kind"], []).append((row, others))
    assert set(by_kind) <= {"figure", "target", "event", "source"}, set(by_kind)
    province = kept(
        id=head["province_id"], name={"vi": head["province_vi"], "en": head["province_en"]}, code=head["province_code"],
        summary=text(head, "summary"),
        lede=text(head, "lede"),
        key_figures=head["key_figures"].split(";") if head["key_figures"] else None,
        administrative_change=kept(
            date=head["date"], merged_into=text(head, "merged_into"), resolution=head["document"],
            resolution_date=head["resolution_date"], source=head["source_id"],
        ) if head["merged_into_vi"] else None,
    ) | dict(
        figures=[figure_from_csv(row, others, indicators) for row, others in by_kind.get("figure", ())],
        targets=[target_from_csv(row, others, indicators) for row, others in by_kind.get("target", ())],
        events=events_in_file_order([(row["event_id"], event_from_csv(row, others)) for row, others in by_kind.get("event", ())]),
    )
    return province, [source_from_csv(row, others) for row, others in by_kind.get("source", ())]


def test_each_province_file_comes_back_whole_from_its_csv_download(files, written):
    for province_id, province in written["provinces"].items():
        rows = [typed(row) for row in csv_rows(files / "provinces" / f"{province_id}.csv")]
        rebuilt, sources = province_from_csv(rows, written["indicators"])
        assert rebuilt == as_written(province, written["indicators"]), province_id
        assert sources == [written["sources"][s["id"]] for s in sources]
        assert [s["id"] for s in sources] == cited(province)


def cited(province: dict) -> list[str]:
    """Every source a province file cites, once, in order of first use (as its page lists them)."""
    ids = [f["source"] for f in province["figures"] for f in (f, *f.get("also_reported_by", ()))]
    ids += [t["source"] for t in province["targets"] for t in (t, *t.get("later_progress", ()))]
    ids += [s for e in sorted(province["events"], key=lambda e: e["date"]) for s in e["sources"]]
    ids += [province["administrative_change"]["source"]] if "administrative_change" in province else []
    return list(dict.fromkeys(ids))


def test_the_site_and_indicator_csv_files_are_made_of_the_province_files(files, written):
    """The whole site's CSV file holds each province's rows as its own file does, then each
    source once; an indicator's file holds the rows of that indicator's figures."""
    site = csv_rows(files / "cds-figures.csv")
    expected, sources = [], {}
    for province_id in written["provinces"]:
        own = csv_rows(files / "provinces" / f"{province_id}.csv")
        expected += [row for row in own if not (row["kind"] == "source" or (row["kind"] == "inferred" and row["inferred_of"] == "source"))]
        for row, others in grouped([row for row in own if "source" in (row["kind"], row["inferred_of"])]):
            if row["kind"] == "source":
                sources.setdefault(row["source_id"], [row, *others])
    assert site == expected + [row for rows in sources.values() for row in rows]
    for indicator_id in written["indicators"]:
        rows = csv_rows(files / "indicators" / f"{indicator_id}.csv")
        figures = [row for row, _ in grouped(site) if row["kind"] == "figure" and row["indicator_id"] == indicator_id]
        assert [row for row in rows if row["kind"] == "figure"] == figures
        assert {row["figure_id"] for row in rows} == {row["figure_id"] for row in figures}


# --- What the pages show, found in the files ---------------------------------------------------


def test_hau_giang_dti_2021_keeps_its_sources_pillars_open_question_and_inferred_year(files, written):
    figure = next(f for f in written["provinces"]["hau-giang"]["figures"] if f["indicator"] == "dti" and f.get("period") == "2021")
    document = json.loads((files / "provinces" / "hau-giang.json").read_bytes())
    item = next(f for f in document["provinces"][0]["figures"] if f["indicator_id"] == "dti" and f["period"] == "2021")
    row = next(r for r in csv_rows(files / "provinces" / "hau-giang.csv") if r["kind"] == "figure" and r["figure_id"] == item["figure_id"])
    # The open question, as the data states it (the possible confusion of 2021 and 2022).
    assert "DTI 2022" in figure["open_question"]["vi"]
    assert (item["open_question_vi"], item["open_question_en"]) == (figure["open_question"]["vi"], figure["open_question"]["en"])
    assert (row["open_question_vi"], row["open_question_en"]) == (figure["open_question"]["vi"], figure["open_question"]["en"])
    # Its year is inferred, with the reason.
    [inference] = figure["inferred"]
    assert item["inferred"] == [{"field": "period", "reason_vi": inference["reason"]["vi"], "reason_en": inference["reason"]["en"]}]
    assert row["inferred"] == "period"
    # The pillar ranks and scores of dti.gov.vn's table.
    government = next(p for p in figure["pillars"] if p["pillar"] == "digital-government")
    assert (government["position"], government["value"]) == (16, 0.5142)
    assert {"pillar_id": "digital-government", "position": 16, "value": 0.5142, "decimals": 4} in item["pillars"]
    assert (row["pillar_digital-government_position"], row["pillar_digital-government_value"]) == ("16", "0.5142")
    # The article reporting the same rank, with what it adds: 11 places up on 2020, 2nd in the Mekong Delta.
    [other] = item["also_reported_by"]
    assert other["source_id"] == "hg-cds-chu-truong-ket-qua" == row["also_reported_by"]
    assert [(r["position"], r["change"], r["change_since"], r["scope"]) for r in other["ranks"]] == [(17, 11, "2020", "national"), (2, None, None, "mekong-delta")]


def test_nghe_an_later_progress_eleven_of_eleven_is_in_both_files(files, written):
    target = next(t for t in written["provinces"]["nghe-an"]["targets"] if t.get("progress", {}).get("total") == 11)
    [report] = target["later_progress"]
    assert (target["progress"]["achieved"], report["achieved"], report["total"]) == (8, 11, 11)
    document = json.loads((files / "provinces" / "nghe-an.json").read_bytes())
    item = next(t for t in document["provinces"][0]["targets"] if t["title_vi"] == target["title"]["vi"])
    [later] = item["later_progress"]
    assert (item["progress_achieved"], item["progress_total"]) == (8, 11)
    assert (later["achieved"], later["total"], later["as_of"], later["source_id"]) == (11, 11, report["as_of"], report["source"])
    assert [i["reason_en"] for i in later["inferred"]] == [i["reason"]["en"] for i in report.get("inferred", ())]
    rows = csv_rows(files / "provinces" / "nghe-an.csv")
    [csv_later] = [r for r in rows if r["kind"] == "later_progress" and r["target_id"] == item["target_id"]]
    assert (csv_later["progress_achieved"], csv_later["progress_total"], csv_later["source_id"]) == ("11", "11", report["source"])
    source = document["sources"][[s["id"] for s in document["sources"]].index(report["source"])]
    assert source["url"] == written["sources"][report["source"]]["url"]


def test_every_source_of_a_province_is_in_its_files_with_an_address_or_why_not(files, written):
    for province_id in written["provinces"]:
        document = json.loads((files / "provinces" / f"{province_id}.json").read_bytes())
        for source in document["sources"]:
            assert (source["url"] is None) != (source["no_url_vi"] is None), source["id"]
            assert source["language"] != "vi" or source["title_en"], source["id"]
    undated = next(s for s in written["sources"].values() if "data_until" in s and "no_url" in s)
    row = next(r for r in csv_rows(files / "cds-figures.csv") if r["kind"] == "source" and r["source_id"] == undated["id"])
    assert (row["source_data_until"], row["source_no_url_en"], row["source_title_en"]) == (undated["data_until"], undated["no_url"]["en"], undated["title_en"])


def test_a_merged_province_carries_its_unit_since_2025_and_the_resolution(files, written):
    province = written["provinces"]["hau-giang"]
    unit = written["units"][province["code"]]
    row = next(r for r in csv_rows(files / "provinces" / "hau-giang.csv") if r["kind"] == "province")
    assert (row["province_code"], row["since_2025_code"], row["since_2025_vi"]) == (province["code"], unit["since_2025"]["code"], unit["since_2025"]["name"]["vi"])
    assert row["since_2025_vi"] == "Cần Thơ" and row["since_2025_merged"] == "True"
    assert row["resolution_date"] == province["administrative_change"]["resolution_date"] == "2025-06-12"
    item = json.loads((files / "provinces" / "hau-giang.json").read_bytes())["provinces"][0]
    assert item["administrative_change"]["merged_into_vi"] == "thành phố Cần Thơ"
    assert item["reported_up_to"] == row["reported_up_to"]


# --- The rankings --------------------------------------------------------------------------------


def test_each_ranking_comes_back_from_its_downloads(files, written):
    covered = {p["code"]: p["id"] for p in written["provinces"].values()}
    members: dict[str, int] = {}
    for unit in written["units"].values():
        members[unit["since_2025"]["code"]] = members.get(unit["since_2025"]["code"], 0) + 1
    for ranking_id, ranking in written["rankings"].items():
        rows = [typed(row) for row in csv_rows(files / "rankings" / f"{ranking_id}.csv")]
        document = json.loads((files / "rankings" / f"{ranking_id}.json").read_bytes())
        assert document["rows"] == rows
        positions = [row["position"] for row in ranking["rows"]]
        aliases = {(a["province"], a["as_printed"]): a.get("note") for a in ranking.get("aliases", ())}
        for row, given in zip(rows, ranking["rows"], strict=True):
            unit = written["units"][given["province"]]
            since = unit["since_2025"]
            assert (row["position"], row["province_code"], row["as_printed"], row["score"]) == (given["position"], given["province"], given["as_printed"], given.get("score"))
            assert {c["id"]: row[f"component_{c['id']}"] for c in ranking.get("components", ())} == {
                c["id"]: given.get("components", {}).get(c["id"]) for c in ranking.get("components", ())
            }
            assert row["tied"] == (positions.count(given["position"]) > 1)
            assert (row["since_2025_code"], row["since_2025_vi"], row["since_2025_en"], row["since_2025_official_vi"]) == (
                since["code"], since["name"]["vi"], since["name"]["en"], since["official_name"]
            )
            assert row["since_2025_merged"] == (members[since["code"]] > 1)
            assert row["site_province_id"] == covered.get(given["province"])
            note = aliases.get((given["province"], given["as_printed"]))
            assert text(row, "printed_otherwise") == note
        if ranking_id == "dti-2022":  # Thanh Hóa and Yên Bái share 15th; there is no 16th
            assert [(r["position"], r["province_vi"]) for r in rows if r["tied"]] == [(15, "Thanh Hóa"), (15, "Yên Bái")]
            assert 16 not in [r["position"] for r in rows]
        section = document["ranking"]
        assert (section["about"], section["note"]) == (ranking.get("about"), ranking.get("note"))
        assert section["score_decimals"] == ranking.get("score", {}).get("decimals")
        assert source_from_json(section["source"]) == written["sources"][ranking["source"]]


# --- The data dictionary, as a reader sees it ---------------------------------------------------

DICTIONARY_PAGES = {"vi": "du-lieu/", "en": "en/data/"}


def codes(element) -> list[str]:
    return [code.get_text() for code in element.find_all("code")]


def name_pattern(name: str) -> re.Pattern:
    """A documented name, with an example in angle brackets (`component_<id>`) standing for any id."""
    return re.compile(re.sub(r"<[^<>]+>", "[a-z0-9-]+", re.escape(name)))


def documented_columns(page, *table_ids: str) -> list[str]:
    return [name for table_id in table_ids for th in page.select(f"table#{table_id} tbody th") for name in codes(th)]


def matched_both_ways(documented: list[str], found: set[str]) -> tuple[set, set]:
    """Names found that no documented name describes, and documented names that describe none found."""
    patterns = {name: name_pattern(name) for name in documented}
    undocumented = {name for name in found if not any(p.fullmatch(name) for p in patterns.values())}
    unused = {name for name, p in patterns.items() if not any(p.fullmatch(f) for f in found)}
    return undocumented, unused


def json_paths(value, path: str, into: dict[str, set]) -> None:
    """Each object's path (`provinces[].figures[]`) with the keys it has; a text in both
    languages (`{vi, en}`) is a value, not an object."""
    if isinstance(value, dict) and set(value) != {"vi", "en"}:
        into.setdefault(path, set()).update(value)
        for key, item in value.items():
            json_paths(item, f"{path}.{key}" if path else key, into)
    elif isinstance(value, list):
        for item in value:
            json_paths(item, f"{path}[]", into)


def documented_keys(page, figure_columns: list[str], ranking_columns: list[str]) -> dict[str, set]:
    """Each documented object (by the first column's names) with the keys the second lists;
    a figure has the first table's keys too, a ranking's row the ranking file's columns."""
    keys: dict[str, set] = {}
    for table_id in ("json-keys", "ranking-json-keys"):
        for row in page.select(f"table#{table_id} tbody tr"):
            listed = set(codes(row.find_all("td")[0]))
            for path in codes(row.find("th")):
                keys[path] = listed | (set(figure_columns) if path == "provinces[].figures[]" else set()) | (set(ranking_columns) if path == "rows[]" else set())
    return keys


def test_the_dictionary_lists_every_column_the_csv_files_have_and_no_other(site):
    data = site.root / "data"
    headers = {path.relative_to(data).as_posix(): next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))) for path in data.rglob("*.csv")}
    figures = {name: header for name, header in headers.items() if not name.startswith("rankings/")}
    rankings = {name: header for name, header in headers.items() if name.startswith("rankings/")}
    assert len({tuple(header) for header in figures.values()}) == 1, "every figures CSV file has the same columns"
    kinds = {row["kind"] for row in csv_rows(data / "cds-figures.csv")}
    for language, path in DICTIONARY_PAGES.items():
        page = site.page(path)
        columns = documented_columns(page, "csv-figure-columns", "csv-more-columns")
        assert len(columns) == len(set(columns)), (language, "a column documented twice")
        assert matched_both_ways(columns, set(headers["cds-figures.csv"])) == (set(), set()), language
        ranking = documented_columns(page, "ranking-csv-columns")
        assert matched_both_ways(ranking, {c for header in rankings.values() for c in header}) == (set(), set()), language
        assert set(documented_columns(page, "csv-kinds")) == kinds, language


def test_the_dictionary_lists_every_key_the_json_files_have_and_no_other(site):
    data = site.root / "data"
    found: dict[str, set] = {}  # each object's path (the file's name for its root) → its keys
    for file in sorted(data.rglob("*.json")):
        paths: dict[str, set] = {}
        json_paths(json.loads(file.read_bytes()), "", paths)
        for path, keys in paths.items():
            # Inferred fields are documented once, by their list's name, wherever they are.
            name = file.relative_to(data).as_posix() if path == "" else re.sub(r".*\.(?=(progress_)?inferred\[\]$)", "", path)
            found.setdefault(name, set()).update(keys)
    for language, path in DICTIONARY_PAGES.items():
        page = site.page(path)
        documented = documented_keys(page, documented_columns(page, "csv-figure-columns"), documented_columns(page, "ranking-csv-columns"))
        described: dict[str, set] = {name: set() for name in documented}  # documented object → the keys found in it
        for name, keys in found.items():
            matches = [d for d in documented if name_pattern(d).fullmatch(name)]
            assert len(matches) == 1, (language, name, "is documented as", matches)
            described[matches[0]] |= keys
        for name, keys in described.items():
            assert keys, (language, name, "is documented but in no file")
            assert matched_both_ways(sorted(documented[name]), keys) == (set(), set()), (language, name)
