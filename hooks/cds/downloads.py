"""The open-data files: every figure, target, event and source as CSV and JSON, for the
whole site and per province, and each ranking of every province (data/rankings/) as CSV
and JSON.

Machine-readable on purpose: numbers are plain numbers with a dot (948.4), dates are
ISO strings, ids are stable, and each figure row carries its indicator, unit, period, ranks,
province and source. Written once, at the site root (`data/`), for both languages.

The JSON files nest what the data nests (a figure's ranks, pillars, other sources and
inferred fields). The CSV files are one flat table: a `kind` column says what each row is
(a figure, a target, an event, a source ...), and what a row holds in a list that has texts
in it (an event's documents, the reasons of inferred fields) comes in rows of its own, right
after it, so that every cell holds one text of the data and nothing else.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Optional

from .model import Dataset, Event, Figure, Inference, Province, Rank, Ranking, RankingRow, Source, Target, Text, national_rank_of

LICENCE = "CC BY 4.0"
DOWNLOAD_DIR = "data"

# The columns of a figure row of the CSV files, which are also the keys of each item of
# `figures` in the JSON files (which add the nested ones: ranks, pillars, ...).
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
    "decimals",
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
    "rank_change_since",
    "regional_rank_position",
    "regional_rank_total",
    "regional_rank_region",
    "regional_rank_change",
    "regional_rank_change_since",
    "source_id",
    "source_title",
    "source_author",
    "source_outlet",
    "source_published",
    "source_url",
    "note_vi",
    "note_en",
    "open_question_vi",
    "open_question_en",
)
# A pillar's columns in a figure row: `pillar_<id>_position`, `pillar_<id>_value`, ...
PILLAR_PARTS = ("position", "value", "decimals")
# After the figure columns and the pillar columns (for each pillar some figure gives, as the
# DTI's), the columns of the other kinds of rows.
CSV_END_COLUMNS = (
    "also_reported_by",
    "target_id",
    "title_vi",
    "title_en",
    "deadline",
    "status",
    "document",
    "progress_achieved",
    "progress_total",
    "progress_as_of",
    "disagrees_with",
    "event_id",
    "date",
    "event_kind",
    "event_kind_vi",
    "event_kind_en",
    "summary_vi",
    "summary_en",
    "source_ids",
    "source_title_en",
    "source_language",
    "source_data_until",
    "source_date_note_vi",
    "source_date_note_en",
    "source_no_url_vi",
    "source_no_url_en",
    "province_code",
    "province_official_vi",
    "since_2025_code",
    "since_2025_vi",
    "since_2025_en",
    "since_2025_official_vi",
    "since_2025_merged",
    "merged_into_vi",
    "merged_into_en",
    "resolution_date",
    "lede_vi",
    "lede_en",
    "key_figures",
    "reported_up_to",
    "reported_up_to_source_id",
    "inferred",
    "inferred_of",
    "inferred_field",
    "inferred_reason_vi",
    "inferred_reason_en",
)


def csv_columns(dataset: Dataset) -> tuple[str, ...]:
    """Every column of the CSV files of figures, in order."""
    scored = {score.pillar.id for p in dataset.provinces.values() for figure in p.figures for score in figure.pillars}
    pillars = tuple(f"pillar_{pillar}_{part}" for pillar in dataset.pillars if pillar in scored for part in PILLAR_PARTS)
    return ("kind",) + FIGURE_COLUMNS + pillars + CSV_END_COLUMNS


@dataclass(frozen=True)
class Download:
    """A download file as pages link to it: where it is, its type and its size."""

    path: str  # from the site root, e.g. data/cds-figures.csv
    media_type: str
    size: int


# --- Pieces shared by the rows and the JSON items --------------------------------------------


def _texts(prefix: str, text: Optional[Text]) -> dict:
    """A text of the data as two keys, one per language: `note_vi`, `note_en`."""
    return {f"{prefix}_vi": text.vi if text else None, f"{prefix}_en": text.en if text else None}


def _inferences(inferred: tuple[Inference, ...]) -> list[dict]:
    """The JSON form of `inferred`: each field, by its name in the data, with its reason."""
    return [{"field": i.field, "reason_vi": i.reason.vi, "reason_en": i.reason.en} for i in inferred]


def _rank_item(rank: Rank) -> dict:
    return {
        "position": rank.position,
        "total": rank.total,
        "change": rank.change,
        "change_since": rank.change_since,
        "scope": rank.region.id if rank.region else "national",
        "inferred": _inferences(rank.inferred),
    }


def _column_ranks(ranks: tuple[Rank, ...]) -> tuple[tuple[str, Rank | None], tuple[str, Rank | None]]:
    """The two ranks a figure's columns hold, by their columns' prefix: the national rank and
    the first regional one (either may be missing)."""
    national = national_rank_of(ranks)
    regional = next((rank for rank in ranks if rank.region is not None), None)
    return ("rank", national), ("regional_rank", regional)


def _rank_columns(ranks: tuple[Rank, ...]) -> dict:
    """The national rank and the first regional one, as the figure columns hold them."""
    shown = _column_ranks(ranks)
    columns = {}
    for prefix, rank in shown:
        columns |= {
            f"{prefix}_position": rank.position if rank else None,
            f"{prefix}_total": rank.total if rank else None,
            f"{prefix}_change": rank.change if rank else None,
            f"{prefix}_change_since": rank.change_since if rank else None,
        }
    _, regional = shown[1]
    columns["regional_rank_region"] = regional.region.id if regional else None
    return columns


def _rank_inferences(ranks: tuple[Rank, ...]) -> list[tuple[str, Inference]]:
    """The inferred fields of the ranks the columns hold, named by column (`rank_total`)."""
    return [
        (f"{prefix}_{inference.field}", inference)
        for prefix, rank in _column_ranks(ranks)
        if rank
        for inference in rank.inferred
    ]


def _source_columns(source: Source) -> dict:
    return {
        "source_id": source.id,
        "source_title": source.title,
        "source_author": source.author,
        "source_outlet": source.outlet,
        "source_published": source.published,
        "source_url": source.url,
    }


def _province_columns(province: Province) -> dict:
    return {"province_id": province.id, "province_vi": province.name.vi, "province_en": province.name.en}


def _figure_fields(figure: Figure, province: Province) -> dict:
    """The flat fields of a figure: the FIGURE_COLUMNS, in order."""
    ranks = _rank_columns(figure.ranks)
    return {
        "figure_id": figure.id,
        **_province_columns(province),
        "indicator_id": figure.indicator.id,
        "indicator_vi": figure.indicator.name.vi,
        "indicator_en": figure.indicator.name.en,
        "pillar_id": figure.indicator.pillar.id,
        "value": figure.value,
        "value_min": figure.value_range.min if figure.value_range else None,
        "value_max": figure.value_range.max if figure.value_range else None,
        "decimals": figure.decimals,
        "qualifier": figure.qualifier,
        "out_of": figure.out_of,
        "unit_id": figure.unit.id,
        "unit_vi": figure.unit.label.vi,
        "unit_en": figure.unit.label.en,
        "period": figure.period,
        "as_of": figure.as_of,
        **{key: ranks[key] for key in FIGURE_COLUMNS if key in ranks},
        **_source_columns(figure.source),
        **_texts("note", figure.note),
        **_texts("open_question", figure.open_question),
    }


# --- JSON items --------------------------------------------------------------------------------


def _figure_item(figure: Figure, fields: dict) -> dict:
    return {
        **fields,
        "ranks": [_rank_item(rank) for rank in figure.ranks],
        "pillars": [
            {"pillar_id": score.pillar.id, "position": score.position, "value": score.value, "decimals": score.decimals}
            for score in figure.pillars
        ],
        "also_reported_by": [
            {"source_id": other.source.id, "ranks": [_rank_item(rank) for rank in other.ranks]} for other in figure.also_reported_by
        ],
        "inferred": _inferences(figure.inferred),
    }


def _target_item(target: Target, province: Province) -> dict:
    progress = target.progress
    return {
        "target_id": target.id,
        "province_id": province.id,
        "title_vi": target.title.vi,
        "title_en": target.title.en,
        "indicator_id": target.indicator.id if target.indicator else None,
        "value": target.value,
        "value_min": target.value_range.min if target.value_range else None,
        "value_max": target.value_range.max if target.value_range else None,
        "qualifier": target.qualifier,
        "unit_id": target.unit.id if target.unit else None,
        "deadline": target.deadline,
        "progress_achieved": progress.achieved if progress else None,
        "progress_total": progress.total if progress else None,
        "progress_as_of": progress.as_of if progress else None,
        "progress_inferred": _inferences(progress.inferred) if progress else [],
        # Later reports on the same targets, oldest first, each with its source.
        "later_progress": [
            {
                "as_of": report.as_of,
                "achieved": report.achieved,
                "total": report.total,
                "source_id": report.source.id,
                **_texts("note", report.note),
                "inferred": _inferences(report.inferred),
            }
            for report in target.later_progress
        ],
        "status": target.status,
        "document": target.document,
        "source_id": target.source.id,
        **_texts("note", target.note),
        **_texts("open_question", target.open_question),
        "disagrees_with": list(target.disagrees_with),
        "inferred": _inferences(target.inferred),
    }


def _event_item(event: Event, province: Province) -> dict:
    return {
        "event_id": event.id,
        "province_id": province.id,
        "date": event.date,
        "kind": event.kind.id,
        "kind_vi": event.kind.name.vi,
        "kind_en": event.kind.name.en,
        "documents": list(event.documents),
        "title_vi": event.title.vi,
        "title_en": event.title.en,
        **_texts("summary", event.summary),
        **_texts("note", event.note),
        **_texts("open_question", event.open_question),
        "source_ids": [source.id for source in event.sources],
        "inferred": _inferences(event.inferred),
    }


def _source(source: Source) -> dict:
    return {
        "id": source.id,
        "title": source.title,
        "title_en": source.title_en,
        "author": source.author,
        "outlet": source.outlet,
        "published": source.published,
        "data_until": source.data_until,
        **_texts("date_note", source.date_note),
        "url": source.url,
        **_texts("no_url", source.no_url),
        "language": source.language,
        "inferred": _inferences(source.inferred),
    }


def _province_fields(province: Province) -> dict:
    """Who the province is (data/admin-units.yml), what the page says of it, and the date
    its figures were reported up to: the flat fields its CSV row and JSON item share."""
    unit = province.unit
    since = unit.since_2025 if unit else None
    newest = province.reported_up_to
    return {
        **_province_columns(province),
        "province_code": unit.code if unit else None,
        "province_official_vi": unit.official_name if unit else None,
        "since_2025_code": since.code if since else None,
        "since_2025_vi": since.name.vi if since else None,
        "since_2025_en": since.name.en if since else None,
        "since_2025_official_vi": since.official_name if since else None,
        "since_2025_merged": unit.merged if since else None,
        **_texts("summary", province.summary),
        **_texts("lede", province.lede),
        "reported_up_to": newest.reported if newest else None,
        "reported_up_to_source_id": newest.id if newest else None,
    }


def _province_item(province: Province) -> dict:
    change = province.administrative_change
    return {
        **_province_fields(province),
        "key_figures": [figure.id for figure in province.key_figures],
        "administrative_change": {
            "date": change.date,
            **_texts("merged_into", change.merged_into),
            "resolution": change.resolution,
            "resolution_date": change.resolution_date,
            "source_id": change.source.id,
        }
        if change
        else None,
    }


# --- CSV rows ----------------------------------------------------------------------------------


def _inference_rows(of: str, ids: dict, named: Iterable[tuple[str, Inference]]) -> list[dict]:
    """One row per inferred field of a row of kind `of`, with that row's ids."""
    return [
        {"kind": "inferred", **ids, "inferred_of": of, "inferred_field": field, **_texts("inferred_reason", i.reason)}
        for field, i in named
    ]


def _with_inferences(kind: str, row: dict, ids: tuple[str, ...], named: list[tuple[str, Inference]]) -> list[dict]:
    """`row` flagged with the names of its inferred fields (`;`-joined), then their reasons."""
    if not named:
        return [row]
    row["inferred"] = ";".join(field for field, _ in named)
    return [row, *_inference_rows(kind, {key: row[key] for key in ids}, named)]


# What an `also_reported_by` row repeats of the figure it is about.
_FIGURE_IDS = ("figure_id", "province_id", "province_vi", "province_en", "indicator_id", "indicator_vi", "indicator_en", "pillar_id")


def _figure_rows(figure: Figure, fields: dict) -> list[dict]:
    row = {
        "kind": "figure",
        **fields,
        **{
            f"pillar_{score.pillar.id}_{part}": value
            for score in figure.pillars
            for part, value in zip(PILLAR_PARTS, (score.position, score.value, score.decimals))
        },
        "also_reported_by": ";".join(other.source.id for other in figure.also_reported_by) or None,
    }
    ids = ("figure_id", "province_id", "source_id")
    rows = _with_inferences("figure", row, ids, [(i.field, i) for i in figure.inferred] + _rank_inferences(figure.ranks))
    for other in figure.also_reported_by:
        also = {
            "kind": "also_reported_by",
            **{key: fields[key] for key in _FIGURE_IDS},
            "period": figure.period,
            "as_of": figure.as_of,
            **_rank_columns(other.ranks),
            **_source_columns(other.source),
        }
        rows += _with_inferences("also_reported_by", also, ids, _rank_inferences(other.ranks))
    return rows


def _target_rows(target: Target, province: Province) -> list[dict]:
    progress = target.progress
    row = {
        "kind": "target",
        "target_id": target.id,
        **_province_columns(province),
        "title_vi": target.title.vi,
        "title_en": target.title.en,
        "indicator_id": target.indicator.id if target.indicator else None,
        "indicator_vi": target.indicator.name.vi if target.indicator else None,
        "indicator_en": target.indicator.name.en if target.indicator else None,
        "value": target.value,
        "value_min": target.value_range.min if target.value_range else None,
        "value_max": target.value_range.max if target.value_range else None,
        "qualifier": target.qualifier,
        "unit_id": target.unit.id if target.unit else None,
        "unit_vi": target.unit.label.vi if target.unit else None,
        "unit_en": target.unit.label.en if target.unit else None,
        "deadline": target.deadline,
        "progress_achieved": progress.achieved if progress else None,
        "progress_total": progress.total if progress else None,
        "progress_as_of": progress.as_of if progress else None,
        "status": target.status,
        "document": target.document,
        **_source_columns(target.source),
        **_texts("note", target.note),
        **_texts("open_question", target.open_question),
        "disagrees_with": ";".join(target.disagrees_with) or None,
    }
    ids = ("target_id", "province_id")
    named = [(i.field, i) for i in target.inferred] + [(f"progress_{i.field}", i) for i in (progress.inferred if progress else ())]
    rows = _with_inferences("target", row, ids, named)
    for report in target.later_progress:
        later = {
            "kind": "later_progress",
            "target_id": target.id,
            **_province_columns(province),
            "progress_achieved": report.achieved,
            "progress_total": report.total,
            "progress_as_of": report.as_of,
            **_source_columns(report.source),
            **_texts("note", report.note),
        }
        rows += _with_inferences("later_progress", later, ids + ("source_id", "progress_as_of"), [(f"progress_{i.field}", i) for i in report.inferred])
    return rows


def _event_rows(event: Event, province: Province) -> list[dict]:
    row = {
        "kind": "event",
        "event_id": event.id,
        **_province_columns(province),
        "date": event.date,
        "event_kind": event.kind.id,
        "event_kind_vi": event.kind.name.vi,
        "event_kind_en": event.kind.name.en,
        "title_vi": event.title.vi,
        "title_en": event.title.en,
        **_texts("summary", event.summary),
        **_texts("note", event.note),
        **_texts("open_question", event.open_question),
        "source_ids": ";".join(source.id for source in event.sources),
    }
    ids = ("event_id", "province_id")
    rows = _with_inferences("event", row, ids, [(i.field, i) for i in event.inferred])
    # Each document in a row of its own: a document number is a text of the data.
    return rows + [{"kind": "document", **{key: row[key] for key in ids}, "document": document} for document in event.documents]


def _source_rows(source: Source) -> list[dict]:
    row = {
        "kind": "source",
        **_source_columns(source),
        "source_title_en": source.title_en,
        "source_language": source.language,
        "source_data_until": source.data_until,
        **_texts("source_date_note", source.date_note),
        **_texts("source_no_url", source.no_url),
    }
    return _with_inferences("source", row, ("source_id",), [(f"source_{i.field}", i) for i in source.inferred])


def _province_row(province: Province) -> dict:
    change = province.administrative_change
    return {
        "kind": "province",
        **_province_fields(province),
        "key_figures": ";".join(figure.id for figure in province.key_figures) or None,
        **(
            {
                "date": change.date,
                **_texts("merged_into", change.merged_into),
                "document": change.resolution,
                "resolution_date": change.resolution_date,
                **_source_columns(change.source),
            }
            if change
            else {}
        ),
    }


# --- Writing -----------------------------------------------------------------------------------


# Spreadsheet programs run a cell that starts with one of these as a formula (=, +, -, @),
# and some also after spaces, tabs or line breaks, which they may trim on import.
_FORMULA_START = re.compile(r"\s*[=+\-@]|[\t\r\n]")


def spreadsheet_text(text: str) -> str:
    """A text cell as OWASP's advice on CSV injection has it: one a spreadsheet would read
    as a formula is shown as text by a leading single quote. Numbers are not text: a
    negative number stays a number."""
    return "'" + text if _FORMULA_START.match(text) else text


def _csv_header(columns: tuple[str, ...]) -> bytes:
    # A byte-order mark lets spreadsheet programs open the Vietnamese text as UTF-8.
    return "\ufeff".encode() + _csv_lines([dict(zip(columns, columns))], columns)


@functools.cache
def _column_numbers(columns: tuple[str, ...]) -> dict[str, int]:
    return {column: number for number, column in enumerate(columns)}


def _csv_lines(rows: Iterable[dict], columns: tuple[str, ...]) -> bytes:
    """`rows` as lines of CSV, in UTF-8, a row's missing keys as empty cells."""
    index = _column_numbers(columns)
    buffer = io.StringIO()
    # Every text in double quotes, numbers bare: a spreadsheet that splits rows at another
    # separator (`;` where the decimal mark is a comma) cannot start a cell inside a text.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        cells = [""] * len(columns)
        for key, value in row.items():
            if value is not None:
                cells[index[key]] = spreadsheet_text(value) if isinstance(value, str) else value
        writer.writerow(cells)
    return buffer.getvalue().encode()


def _write_csv(rows: list[dict], out: BinaryIO, columns: tuple[str, ...]) -> None:
    out.write(_csv_header(columns))
    out.write(_csv_lines(rows, columns))


@dataclass(frozen=True)
class _Encoded:
    """A list of a JSON document whose items are already encoded (UTF-8 JSON texts)."""

    items: Iterable[bytes]


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _write_json(document: dict, out: BinaryIO) -> None:
    """`document` as JSON, written piece by piece: a value that is an iterator (or a list
    already encoded) becomes a list with one item per line, each item through json's fast
    C encoder, so the whole site's file (tens of megabytes at a thousand provinces) never
    exists as one string."""
    for index, (key, value) in enumerate(document.items()):
        out.write(("{\n" if index == 0 else ",\n").encode() + _json(key) + b": ")
        if isinstance(value, (Iterator, _Encoded)):
            items = value.items if isinstance(value, _Encoded) else map(_json, value)
            opening = b"[\n"
            for item in items:
                out.write(opening + item)
                opening = b",\n"
            out.write(b"[]" if opening == b"[\n" else b"\n]")
        else:
            out.write(_json(value))
    out.write(b"\n}\n")


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
    "printed_otherwise_vi",
    "printed_otherwise_en",
    "score",
)
# After the components' columns (`component_<id>`, one per component the ranking has):
RANKING_END_COLUMNS = (
    "since_2025_code",
    "since_2025_vi",
    "since_2025_en",
    "since_2025_official_vi",
    "since_2025_merged",
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
        **_texts("printed_otherwise", row.printed_otherwise),
        "score": row.score,
        **{f"component_{c.id}": value for c, value in zip(ranking.components, components)},
        "since_2025_code": since.code,
        "since_2025_vi": since.name.vi,
        "since_2025_en": since.name.en,
        "since_2025_official_vi": since.official_name,
        "since_2025_merged": unit.merged,
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
            "about": {"vi": ranking.about.vi, "en": ranking.about.en} if ranking.about else None,
            "score_name": {"vi": ranking.score_name.vi, "en": ranking.score_name.en} if ranking.score_name else None,
            "score_decimals": ranking.score_decimals,
            "components": [{"id": c.id, "name_vi": c.name.vi, "name_en": c.name.en} for c in ranking.components],
            "note": {"vi": ranking.note.vi, "en": ranking.note.en} if ranking.note else None,
            "source": _source(ranking.source),
        },
        "columns": list(columns),
        "rows": iter(rows),
    }


class _Output:
    """A download file being written: it counts its bytes, and writes them to `file` if
    there is one (a build that only links the files measures them without writing)."""

    def __init__(self, path: str, media_type: str, file: Optional[BinaryIO]):
        self.path, self.media_type, self.file, self.size = path, media_type, file, 0

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.file:
            self.file.write(data)

    def close(self) -> Download:
        if self.file:
            self.file.close()
        return Download(self.path, self.media_type, self.size)


@dataclass(frozen=True)
class _ProvinceFiles:
    """A province's part of the files, encoded once: its own files, the site's and the
    indicators' are made of the same pieces."""

    csv: list[bytes]  # its province row, figures (each with its rows), targets and events
    csv_figures: list[tuple[str, bytes]]  # (indicator id, a figure's rows), also in `csv`
    json: bytes  # its item of `provinces`, with its figures, targets and events


def _encode(province: Province, columns: tuple[str, ...]) -> _ProvinceFiles:
    figures_csv, figures_json = [], []
    for figure in province.figures:
        fields = _figure_fields(figure, province)
        figures_csv.append((figure.indicator.id, _csv_lines(_figure_rows(figure, fields), columns)))
        figures_json.append(_figure_item(figure, fields))
    rest = [row for target in province.targets for row in _target_rows(target, province)]
    rest += [row for event in province.events for row in _event_rows(event, province)]
    item = {
        **_province_item(province),
        "figures": figures_json,
        "targets": [_target_item(target, province) for target in province.targets],
        "events": [_event_item(event, province) for event in province.events],
    }
    csv_pieces = [_csv_lines([_province_row(province)], columns), *(block for _, block in figures_csv), _csv_lines(rest, columns)]
    return _ProvinceFiles(csv_pieces, figures_csv, _json(item))


def _document(title: dict, provinces: Iterable[bytes], sources: Iterable[bytes]) -> dict:
    return {
        "title": title,
        "licence": LICENCE,
        "columns": list(FIGURE_COLUMNS),
        "provinces": _Encoded(provinces),
        "sources": _Encoded(sources),
    }


def _write_files(dataset: Dataset, open_file: Callable[[str], Optional[BinaryIO]]) -> dict[str, Download]:
    """Write every download file, each opened by `open_file(path)`, in one pass over the
    provinces: at a thousand provinces the files add up to hundreds of megabytes, so each
    province's part is encoded once, written to every file it belongs to, and let go."""
    outputs: dict[str, _Output] = {}

    def output(key: str, path: str, media_type: str) -> _Output:
        outputs[key] = _Output(f"{DOWNLOAD_DIR}/{path}", media_type, open_file(f"{DOWNLOAD_DIR}/{path}"))
        return outputs[key]

    title = {"vi": dataset.strings["dataset_title"].vi, "en": dataset.strings["dataset_title"].en}
    columns = csv_columns(dataset)
    header = _csv_header(columns)
    site_csv = output("site.csv", "cds-figures.csv", "text/csv")
    site_csv.write(header)
    by_indicator = {i: output(f"indicator/{i}.csv", f"indicators/{i}.csv", "text/csv") for i in dataset.indicators}
    for out in by_indicator.values():
        out.write(header)
    sources: dict[str, tuple[bytes, bytes]] = {}  # id → its CSV rows and its JSON item, in order of first use

    def provinces() -> Iterator[bytes]:
        """Each province's JSON item for the site's file, once its own files are written."""
        for province in dataset.provinces.values():
            part = _encode(province, columns)
            for source in province.sources:
                if source.id not in sources:
                    sources[source.id] = (_csv_lines(_source_rows(source), columns), _json(_source(source)))
            own_sources = [sources[source.id] for source in province.sources]
            own_csv = output(f"{province.id}.csv", f"provinces/{province.id}.csv", "text/csv")
            for piece in (header, *part.csv, *(rows for rows, _ in own_sources)):
                own_csv.write(piece)
            own_csv.close()
            own_json = output(f"{province.id}.json", f"provinces/{province.id}.json", "application/json")
            _write_json(_document(title, [part.json], [item for _, item in own_sources]), own_json)
            own_json.close()
            for piece in part.csv:
                site_csv.write(piece)
            for indicator_id, rows in part.csv_figures:
                by_indicator[indicator_id].write(rows)
            yield part.json

    def site_sources() -> Iterator[bytes]:
        """The site's sources, each once: called after `provinces()` has met them all."""
        for _, item in sources.values():
            yield item

    site_json = output("site.json", "cds-figures.json", "application/json")
    _write_json(_document(title, provinces(), site_sources()), site_json)
    for rows, _ in sources.values():
        site_csv.write(rows)
    for ranking in dataset.rankings.values():
        ranking_cols = ranking_columns(ranking)
        rows = [_ranking_row(ranking, row) for row in ranking.rows]
        out = output(f"ranking/{ranking.id}.csv", f"rankings/{ranking.id}.csv", "text/csv")
        _write_csv(rows, out, ranking_cols)
        out = output(f"ranking/{ranking.id}.json", f"rankings/{ranking.id}.json", "application/json")
        _write_json(_ranking_document(ranking, rows, ranking_cols), out)
    return {key: out.close() for key, out in outputs.items()}


# The last dataset's downloads: the second language's build links to the files the
# first one wrote, without serialising them again.
_written: tuple[Dataset, dict[str, Download]] | None = None


def write_downloads(dataset: Dataset, site_dir: Path) -> dict[str, Download]:
    """Write every download file under `site_dir`; return what pages need to link them."""
    global _written

    def open_file(path: str) -> BinaryIO:
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target.open("wb")

    _written = (dataset, _write_files(dataset, open_file))
    return _written[1]


def download_links(dataset: Dataset) -> dict[str, Download]:
    """The downloads of `dataset` as written by the first language's build, or measured
    now when this build runs alone (`mkdocs build -f mkdocs.en.yml`)."""
    if _written is not None and _written[0] is dataset:
        return _written[1]
    return _write_files(dataset, lambda path: None)
