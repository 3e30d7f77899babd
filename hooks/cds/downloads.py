"""The open-data files: every figure as CSV and JSON, for the whole site and per province,
and each ranking of every province (data/rankings/) as CSV and JSON.

Machine-readable on purpose: numbers are plain numbers with a dot (948.4), dates are
ISO strings, ids are stable, and each row carries its indicator, unit, period, ranks,
province and source. Written once, at the site root (`data/`), for both languages.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from .model import Dataset, Figure, Province, Ranking, RankingRow, Source

LICENCE = "CC BY 4.0"
DOWNLOAD_DIR = "data"

FIGURE_COLUMNS = (
    "figure_id",
    "province_id",
    "province_vi",
    "province_en",
    "indicator_id",
    "indicator_vi",
    "indicator_en",
    "pillar_id",
    "value",
    "value_min",
    "value_max",
    "qualifier",
    "out_of",
    "unit_id",
    "unit_vi",
    "unit_en",
    "period",
    "as_of",
    "rank_position",
    "rank_total",
    "rank_change",
    "regional_rank_position",
    "regional_rank_total",
    "regional_rank_region",
    "source_id",
    "source_title",
    "source_author",
    "source_outlet",
    "source_published",
    "source_url",
    "note_vi",
    "note_en",
)


@dataclass(frozen=True)
class Download:
    """A download file as pages link to it: where it is, its type and its size."""

    path: str  # from the site root, e.g. data/cds-figures.csv
    media_type: str
    size: int


def _figure_row(figure: Figure, province: Province) -> dict:
    national = figure.national_rank
    regional = next((rank for rank in figure.ranks if rank.region is not None), None)
    source = figure.source
    return {
        "figure_id": figure.id,
        "province_id": province.id,
        "province_vi": province.name.vi,
        "province_en": province.name.en,
        "indicator_id": figure.indicator.id,
        "indicator_vi": figure.indicator.name.vi,
        "indicator_en": figure.indicator.name.en,
        "pillar_id": figure.indicator.pillar.id,
        "value": figure.value,
        "value_min": figure.value_range.min if figure.value_range else None,
        "value_max": figure.value_range.max if figure.value_range else None,
        "qualifier": figure.qualifier,
        "out_of": figure.out_of,
        "unit_id": figure.unit.id,
        "unit_vi": figure.unit.label.vi,
        "unit_en": figure.unit.label.en,
        "period": figure.period,
        "as_of": figure.as_of,
        "rank_position": national.position if national else None,
        "rank_total": national.total if national else None,
        "rank_change": national.change if national else None,
        "regional_rank_position": regional.position if regional else None,
        "regional_rank_total": regional.total if regional else None,
        "regional_rank_region": regional.region.id if regional else None,
        "source_id": source.id,
        "source_title": source.title,
        "source_author": source.author,
        "source_outlet": source.outlet,
        "source_published": source.published,
        "source_url": source.url,
        "note_vi": figure.note.vi if figure.note else None,
        "note_en": figure.note.en if figure.note else None,
    }


# Spreadsheet programs run a cell that starts with one of these as a formula (=, +, -, @),
# and some also after spaces, tabs or line breaks, which they may trim on import.
_FORMULA_START = re.compile(r"\s*[=+\-@]|[\t\r\n]")


def spreadsheet_text(text: str) -> str:
    """A text cell as OWASP's advice on CSV injection has it: one a spreadsheet would read
    as a formula is shown as text by a leading single quote. Numbers are not text: a
    negative number stays a number."""
    return "'" + text if _FORMULA_START.match(text) else text


def _write_csv(rows: list[dict], out: BinaryIO, columns: tuple[str, ...] = FIGURE_COLUMNS) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    # A byte-order mark lets spreadsheet programs open the Vietnamese text as UTF-8.
    text.write("\ufeff")
    # Every text in double quotes, numbers bare: a spreadsheet that splits rows at another
    # separator (`;` where the decimal mark is a comma) cannot start a cell inside a text.
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: "" if value is None else spreadsheet_text(value) if isinstance(value, str) else value for key, value in row.items()}
        )
    text.detach()


def _write_json(document: dict, out: BinaryIO) -> None:
    """`document` as JSON, written piece by piece: a value that is an iterator becomes a
    list with one item per line, each item through json's fast C encoder, so the whole
    site's file (tens of megabytes at a thousand provinces) never exists as one string."""
    text = io.TextIOWrapper(out, encoding="utf-8")
    for index, (key, value) in enumerate(document.items()):
        text.write(("{\n" if index == 0 else ",\n") + json.dumps(key) + ": ")
        if isinstance(value, Iterator):
            opening = "[\n"
            for item in value:
                text.write(opening + json.dumps(item, ensure_ascii=False))
                opening = ",\n"
            text.write("[]" if opening == "[\n" else "\n]")
        else:
            text.write(json.dumps(value, ensure_ascii=False))
    text.write("\n}\n")
    text.detach()


RANKING_COLUMNS = (
    "ranking_id",
    "indicator_id",
    "period",
    "total",
    "position",
    "tied",
    "province_code",
    "province_vi",
    "province_en",
    "province_official_vi",
    "as_printed",
    "score",
)
# After the components' columns (`component_<id>`, one per component the ranking has):
RANKING_END_COLUMNS = (
    "since_2025_code",
    "since_2025_vi",
    "since_2025_en",
    "since_2025_official_vi",
    "site_province_id",
    "source_id",
    "source_title",
    "source_url",
)


def ranking_columns(ranking: Ranking) -> tuple[str, ...]:
    return RANKING_COLUMNS + tuple(f"component_{c.id}" for c in ranking.components) + RANKING_END_COLUMNS


def _ranking_row(ranking: Ranking, row: RankingRow) -> dict:
    unit, since = row.unit, row.unit.since_2025
    components = row.components or (None,) * len(ranking.components)
    return {
        "ranking_id": ranking.id,
        "indicator_id": ranking.indicator.id,
        "period": ranking.period,
        "total": ranking.total,
        "position": row.position,
        "tied": row.tied,
        "province_code": unit.code,
        "province_vi": unit.name.vi,
        "province_en": unit.name.en,
        "province_official_vi": unit.official_name,
        "as_printed": row.as_printed,
        "score": row.score,
        **{f"component_{c.id}": value for c, value in zip(ranking.components, components)},
        "since_2025_code": since.code,
        "since_2025_vi": since.name.vi,
        "since_2025_en": since.name.en,
        "since_2025_official_vi": since.official_name,
        "site_province_id": row.province.id if row.province else None,
        "source_id": ranking.source.id,
        "source_title": ranking.source.title,
        "source_url": ranking.source.url,
    }


def _ranking_document(ranking: Ranking, rows: list[dict], columns: tuple[str, ...]) -> dict:
    return {
        "title": {"vi": ranking.title.vi, "en": ranking.title.en},
        "licence": LICENCE,
        "ranking": {
            "id": ranking.id,
            "indicator_id": ranking.indicator.id,
            "period": ranking.period,
            "total": ranking.total,
            "score_name": {"vi": ranking.score_name.vi, "en": ranking.score_name.en} if ranking.score_name else None,
            "components": [{"id": c.id, "name_vi": c.name.vi, "name_en": c.name.en} for c in ranking.components],
            "note": {"vi": ranking.note.vi, "en": ranking.note.en} if ranking.note else None,
            "source": _source(ranking.source),
        },
        "columns": list(columns),
        "rows": iter(rows),
    }


def _source(source: Source) -> dict:
    return {
        "id": source.id,
        "title": source.title,
        "author": source.author,
        "outlet": source.outlet,
        "published": source.published,
        "url": source.url,
        "language": source.language,
    }


def _document(rows: list[dict], provinces: list[Province], title: dict) -> dict:
    return {
        "title": title,
        "licence": LICENCE,
        "columns": list(FIGURE_COLUMNS),
        "figures": iter(rows),
        "targets": (
            {
                "target_id": target.id,
                "province_id": province.id,
                "title_vi": target.title.vi,
                "title_en": target.title.en,
                "indicator_id": target.indicator.id if target.indicator else None,
                "value": target.value,
                "value_min": target.value_range.min if target.value_range else None,
                "value_max": target.value_range.max if target.value_range else None,
                "unit_id": target.unit.id if target.unit else None,
                "deadline": target.deadline,
                "progress_achieved": target.progress.achieved if target.progress else None,
                "progress_total": target.progress.total if target.progress else None,
                "progress_as_of": target.progress.as_of if target.progress else None,
                # Later reports on the same targets, oldest first, each with its source.
                "later_progress": [
                    {"as_of": report.as_of, "achieved": report.achieved, "total": report.total, "source_id": report.source.id}
                    for report in target.later_progress
                ],
                "status": target.status,
                "document": target.document,
                "source_id": target.source.id,
            }
            for province in provinces
            for target in province.targets
        ),
        "events": (
            {
                "event_id": event.id,
                "province_id": province.id,
                "date": event.date,
                "kind": event.kind.id,
                "documents": list(event.documents),
                "title_vi": event.title.vi,
                "title_en": event.title.en,
                "source_ids": [source.id for source in event.sources],
            }
            for province in provinces
            for event in province.events
        ),
        "sources": iter([_source(s) for s in {s.id: s for p in provinces for s in p.sources}.values()]),
    }


def _files(dataset: Dataset) -> Iterator[tuple[str, str, str, Callable[[BinaryIO], None]]]:
    """(key, path, media type, writer) of every download file: at a thousand provinces
    the files add up to hundreds of megabytes, so each is written out as it is made."""
    provinces = list(dataset.provinces.values())
    title = {"vi": dataset.strings["dataset_title"].vi, "en": dataset.strings["dataset_title"].en}
    rows_by_province = {p.id: [_figure_row(f, p) for f in p.figures] for p in provinces}
    all_rows = [row for rows in rows_by_province.values() for row in rows]
    yield "site.csv", f"{DOWNLOAD_DIR}/cds-figures.csv", "text/csv", partial(_write_csv, all_rows)
    yield "site.json", f"{DOWNLOAD_DIR}/cds-figures.json", "application/json", lambda out: _write_json(_document(all_rows, provinces, title), out)
    for province in provinces:
        rows = rows_by_province[province.id]
        yield f"{province.id}.csv", f"{DOWNLOAD_DIR}/provinces/{province.id}.csv", "text/csv", partial(_write_csv, rows)
        yield (
            f"{province.id}.json",
            f"{DOWNLOAD_DIR}/provinces/{province.id}.json",
            "application/json",
            lambda out, rows=rows, province=province: _write_json(_document(rows, [province], title), out),
        )
    by_indicator: dict[str, list[dict]] = {indicator_id: [] for indicator_id in dataset.indicators}
    for row in all_rows:
        by_indicator[row["indicator_id"]].append(row)
    for indicator_id, rows in by_indicator.items():
        yield f"indicator/{indicator_id}.csv", f"{DOWNLOAD_DIR}/indicators/{indicator_id}.csv", "text/csv", partial(_write_csv, rows)
    for ranking in dataset.rankings.values():
        columns = ranking_columns(ranking)
        rows = [_ranking_row(ranking, row) for row in ranking.rows]
        yield f"ranking/{ranking.id}.csv", f"{DOWNLOAD_DIR}/rankings/{ranking.id}.csv", "text/csv", partial(_write_csv, rows, columns=columns)
        yield (
            f"ranking/{ranking.id}.json",
            f"{DOWNLOAD_DIR}/rankings/{ranking.id}.json",
            "application/json",
            lambda out, ranking=ranking, rows=rows, columns=columns: _write_json(_ranking_document(ranking, rows, columns), out),
        )


class _ByteCounter(io.RawIOBase):
    """A file that keeps nothing and counts the bytes written to it."""

    def __init__(self):
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)


# The last dataset's downloads: the second language's build links to the files the
# first one wrote, without serialising them again.
_written: tuple[Dataset, dict[str, Download]] | None = None


def write_downloads(dataset: Dataset, site_dir: Path) -> dict[str, Download]:
    """Write every download file under `site_dir`; return what pages need to link them."""
    global _written
    infos = {}
    for key, path, media_type, write in _files(dataset):
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            write(out)
            infos[key] = Download(path, media_type, out.tell())
    _written = (dataset, infos)
    return infos


def download_links(dataset: Dataset) -> dict[str, Download]:
    """The downloads of `dataset` as written by the first language's build, or measured
    now when this build runs alone (`mkdocs build -f mkdocs.en.yml`)."""
    if _written is not None and _written[0] is dataset:
        return _written[1]
    infos = {}
    for key, path, media_type, write in _files(dataset):
        counter = _ByteCounter()
        with io.BufferedWriter(counter) as out:
            write(out)
            out.flush()
            infos[key] = Download(path, media_type, counter.size)
    return infos
