"""Read every data file, check it, and build the model: YAML → validated model.

All files are read and checked before anything is built, so one run reports every
problem of every file. Results are kept per file (by size and modification time):
the second language's build, and each rebuild under `mkdocs serve`, only re-read
the files that changed.
"""

from __future__ import annotations

import datetime
import gc
import logging
import unicodedata
from collections import defaultdict
from pathlib import Path

from . import validate
from .files import SKIPPED_NOTE, DataFile, find_data_files
from .load import Document, read_document
from .model import (
    AdminUnit,
    AdministrativeChange,
    CountedText,
    Dataset,
    Event,
    EventKind,
    Figure,
    Indicator,
    Inference,
    OtherReport,
    Pillar,
    PillarGroup,
    PillarScore,
    Progress,
    Province,
    Range,
    Rank,
    Ranking,
    RankingComponent,
    RankingRow,
    Region,
    Source,
    Target,
    Term,
    Text,
    Unit,
)
from .problems import DataError, Problem, annotate
from .rankings import (
    admin_unit_problems,
    admin_units,
    comparable_name,
    province_code_problems,
    ranking_file_problems,
    ranking_problems,
)

log = logging.getLogger("mkdocs.hooks.cds")

SHARED_FILES = {
    "definitions.yml": "definitions",
    "indicators.yml": "indicators",
    "sources.yml": "sources",
    "interface.yml": "interface",
    "glossary.yml": "glossary",
    "admin-units.yml": "admin-units",
}
PROVINCE_DIR = "provinces"
RANKING_DIR = "rankings"

# (path, size, mtime, schema, build date) → checked Document, kept across builds in one process.
_checked: dict[tuple, Document] = {}
# Editors' and systems' files already noted as skipped: one note per file, not per build.
_noted: set[str] = set()
# The model built from the last set of checked documents: the second language's build,
# and a rebuild where no data changed, share it instead of building it again.
# The documents themselves are kept with it (not their ids, which Python reuses once an
# object is gone) and compared by identity.
_last_dataset: tuple[tuple[Document, ...], Dataset] | None = None


def read_dataset(data_dir: Path, schema_dir: Path, project_dir: Path, today: datetime.date | None = None) -> Dataset:
    """The whole validated dataset; raises `DataError` listing every problem. `today` is
    the build date (dates after it are refused); tests give one of their own."""
    # Reading creates millions of small objects and no reference cycles: the cyclic
    # garbage collector would only walk the growing heap again and again (a third of the
    # time at a thousand provinces). Reference counting still frees what is dropped.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_dataset(data_dir, schema_dir, project_dir, (today or datetime.date.today()).isoformat())
    finally:
        if collecting:
            gc.enable()


def _read_dataset(data_dir: Path, schema_dir: Path, project_dir: Path, today: str) -> Dataset:
    shared, valid = {}, set()  # valid: files read without any problem
    found = find_data_files(data_dir, project_dir, list(SHARED_FILES), PROVINCE_DIR, RANKING_DIR)
    problems = found.problems
    for path, display in found.skipped:
        if str(path) not in _noted:
            _noted.add(str(path))
            log.info(f"{display}: {SKIPPED_NOTE}")
    for file_name, schema_name in SHARED_FILES.items():
        if file_name in found.shared:
            document = _checked_document(found.shared[file_name], schema_name, schema_dir, today, problems, valid)
            if document:
                shared[schema_name] = document
    provinces = [
        document
        for file in found.provinces
        if (document := _checked_document(file, "province", schema_dir, today, problems, valid))
    ]
    rankings = [
        document
        for file in found.rankings
        if (document := _checked_document(file, "ranking", schema_dir, today, problems, valid))
    ]
    # References between files are checked even in files with other problems (against the
    # files that are fine), so that one run lists every problem; a field that already has
    # a problem is not reported twice.
    known = _known_ids(shared, valid)
    reported = {(problem.file, problem.field) for problem in problems}
    cross_file = _cross_file_problems(shared, provinces, rankings, known, reported, schema_dir)
    if cross_file and not all(document.positions for document in [*shared.values(), *provinces, *rankings]):
        # Valid files were read without positions (see below): read them again to say where.
        shared = {name: _with_positions(document, project_dir) for name, document in shared.items()}
        provinces = [_with_positions(document, project_dir) for document in provinces]
        rankings = [_with_positions(document, project_dir) for document in rankings]
        cross_file = _cross_file_problems(shared, provinces, rankings, known, reported, schema_dir)
    problems += cross_file
    if problems:
        raise DataError(problems)
    for document in [*shared.values(), *provinces, *rankings]:
        for warning in document.warnings:
            log.warning(str(warning))
        annotate(document.warnings, "warning")
    global _last_dataset
    documents = (*shared.values(), *provinces, *rankings)
    if _last_dataset is None or not _same(_last_dataset[0], documents):
        counts = validate.interface_counts(str(schema_dir))
        _last_dataset = (documents, _build(shared, provinces, rankings, counts))
    return _last_dataset[1]


def _same(these: tuple, those: tuple) -> bool:
    return len(these) == len(those) and all(this is that for this, that in zip(these, those))


def _cross_file_problems(shared: dict, provinces: list, rankings: list, known: dict, reported: set, schema_dir: Path) -> list[Problem]:
    problems = []
    for document in [*shared.values(), *provinces, *rankings]:
        problems += validate.reference_problems(document, known)
    # A figure's unit is its indicator's unless it says otherwise.
    indicators = shared["indicators"].data["indicators"] if known["indicators"] is not None else []
    units = {indicator["id"]: indicator["unit"] for indicator in indicators}
    for document in provinces:
        problems += validate.duplicate_figures(document, units)
    problems += _province_identity_problems(provinces, schema_dir)
    # Who each province is: data/admin-units.yml, once it is itself without problems.
    units = admin_units(shared["admin-units"]) if known["admin_units"] is not None else None
    problems += province_code_problems(provinces, units)
    problems += ranking_file_problems(rankings)
    for document in rankings:
        problems += ranking_problems(document, units)
    return [problem for problem in problems if (problem.file, problem.field) not in reported]


def _with_positions(document: Document, project_dir: Path) -> Document:
    return document if document.positions else read_document(project_dir / document.path, document.path)


def _checked_document(
    file: DataFile, schema_name: str, schema_dir: Path, today: str, problems: list, valid: set[str]
) -> Document | None:
    """The file read and checked on its own; its problems are added to `problems`. Returns
    the document unless it could not be read at all; its path is added to `valid` if it
    has no problem."""
    path, display = file.path, file.display
    key = (str(path), file.status.st_size, file.status.st_mtime_ns, schema_name, today)
    if key in _checked:
        valid.add(display)
        return _checked[key]
    try:
        # Most files are valid and need no positions; one that is not is read again with them.
        document = read_document(path, display, positions=False)
        found = _file_problems(document, schema_name, schema_dir, today)
        if found or document.warnings:
            document = read_document(path, display)
            found = _file_problems(document, schema_name, schema_dir, today)
    except DataError as error:
        problems += error.problems
        return None
    if found:
        problems += found
        return document
    valid.add(display)
    _checked[key] = document
    return document


def _file_problems(document: Document, schema_name: str, schema_dir: Path, today: str) -> list[Problem]:
    """Every problem of one file on its own (not its references to other files)."""
    found = _first_per_field(document.problems, validate.schema_problems(document, schema_name, schema_dir))
    later = validate.scalar_problems(document)
    later += validate.future_date_problems(document, today)
    later += validate.reserved_id_problems(document, schema_name)
    later += validate.inference_problems(document)
    if schema_name == "sources":
        later += validate.source_url_problems(document)
    if schema_name == "province":
        later += validate.bounded_counts(document)
        later += validate.report_problems(document)
        later += validate.key_figure_problems(document)
    if schema_name == "admin-units":
        later += admin_unit_problems(document)
    if schema_name == "interface":
        later += validate.placeholder_problems(document, schema_dir)
    if schema_name == "glossary":
        later += validate.glossary_problems(document)
        later = _first_per_field(later, validate.abbreviation_problems(document))
    found = _first_per_field(found, later)
    for list_key in ("pillars", "units", "regions", "event_kinds", "indicators", "sources", "terms"):
        found += validate.duplicate_ids(document, list_key)
    return found


def _first_per_field(earlier: list[Problem], later: list[Problem]) -> list[Problem]:
    """`earlier` and those of `later` about fields `earlier` does not already cover: a value
    refused while reading is not reported again as missing, a value of the wrong type not
    again as an impossible date."""
    covered = [problem.field for problem in earlier]

    def inside(field: str) -> bool:
        return any(field == done or field.startswith((done + ".", done + "[")) for done in covered if done)

    return [*earlier, *(problem for problem in later if not inside(problem.field))]


def _known_ids(shared: dict[str, Document], valid: set[str]) -> dict[str, set[str] | None]:
    """The ids each kind of reference may use; `None` for a kind whose file has problems
    (references to it are checked once that file is fixed)."""

    def ids(name: str, key: str, field: str = "id") -> set[str] | None:
        document = shared.get(name)
        if document is None or document.path not in valid:
            return None
        return {item[field] for item in document.data[key]}

    return {
        "pillars": ids("definitions", "pillars"),
        "units": ids("definitions", "units"),
        "regions": ids("definitions", "regions"),
        "event_kinds": ids("definitions", "event_kinds"),
        "indicators": ids("indicators", "indicators"),
        "sources": ids("sources", "sources"),
        "admin_units": ids("admin-units", "provinces", "code"),
    }


def _province_identity_problems(provinces: list[Document], schema_dir: Path) -> list[Problem]:
    """A province file is named after its id, and a province has one file: two files with
    one id, or with names that differ only in case or spaces, describe one province."""
    problems, owners = [], {}  # owners: id or name → (the file that has it, as written there)

    def identity(document: Document) -> tuple[str | None, list[tuple[str, tuple, str | None]]]:
        """The id, and what the province is known by: (key, field, name as written)."""
        data = document.data if isinstance(document.data, dict) else {}
        name = data.get("name") if isinstance(data.get("name"), dict) else {}
        province_id = data.get("id") if isinstance(data.get("id"), str) else None
        keys = [(f"id:{province_id}", ("id",), None)] if province_id else []
        for language in ("vi", "en"):
            if isinstance(value := name.get(language), str):
                compared = " ".join(unicodedata.normalize("NFC", value.casefold()).split())
                keys.append((f"name:{compared}", ("name", language), value))
        return province_id, keys

    # The file named after its id owns the province: a copy is the one reported.
    for document in sorted(provinces, key=lambda d: (Path(d.path).stem != identity(d)[0], d.path)):
        province_id, keys = identity(document)
        stem = Path(document.path).stem
        if province_id and stem != province_id:
            # The file's name is offered as the id only when it could be one (not `Da Nang`).
            other_way = f", or change the id to `{stem}`" if validate.is_id(stem, schema_dir) else ""
            problems.append(
                document.problem(
                    ("id",),
                    f"expected the id to match the file name ({stem}.yml); found `{province_id}`. "
                    f"Rename the file to {province_id}.yml{other_way}.",
                )
            )
        clash = next(((key, field, value) for key, field, value in keys if key in owners), None)
        if clash:
            key, field, value = clash
            owner, written = owners[key]
            problems.append(
                document.problem(
                    ("id",),
                    f"this province is already described in {owner}; keep one file per province "
                    "and move these entries there.",
                )
                if value is None  # the same id
                else document.problem(
                    field,
                    f'expected a province of its own; found the name "{value}", which {owner} already has '
                    f'as "{written}" (names are compared ignoring case and spaces). Keep one file per province '
                    "and move these entries there.",
                )
            )
        for key, _, value in keys:
            owners.setdefault(key, (document.path, value))
    return problems


# --- Building the model from checked documents ------------------------------------------------


def _text(value) -> Text | None:
    return Text(vi=value["vi"], en=value["en"]) if value else None


def interface_strings(strings: dict, counts: dict[str, str]) -> dict[str, Text | CountedText]:
    """data/interface.yml's strings; those with a count (`counts`: string → its placeholder,
    from the schema) keep their plural forms, a single text standing for every number."""
    built: dict[str, Text | CountedText] = {}
    for key, text in strings.items():
        if key in counts:
            built[key] = CountedText(counts[key], _plural_forms(text["vi"]), _plural_forms(text["en"]))
        else:
            built[key] = _text(text)
    return built


def _plural_forms(value) -> dict[str, str]:
    """A text's forms by plural category; one text is the only form (`other`) of a language
    whose numbers all take the same words (validate.placeholder_problems holds them to that)."""
    return {"other": value} if isinstance(value, str) else dict(value)


def _range(value) -> Range | None:
    return Range(min=value["min"], max=value["max"]) if value else None


def _inferred(item: dict) -> tuple[Inference, ...]:
    return tuple(Inference(entry["field"], _text(entry["reason"])) for entry in item.get("inferred", ()))


def _build(shared: dict[str, Document], provinces: list[Document], rankings: list[Document], counts: dict[str, str]) -> Dataset:
    definitions = shared["definitions"].data
    pillars = {p["id"]: Pillar(p["id"], _text(p["name"]), _text(p["description"])) for p in definitions["pillars"]}
    units = {u["id"]: Unit(u["id"], _text(u["label"]), u.get("attached", False)) for u in definitions["units"]}
    regions = {r["id"]: Region(r["id"], _text(r["name"])) for r in definitions["regions"]}
    kinds = {k["id"]: EventKind(k["id"], _text(k["name"])) for k in definitions["event_kinds"]}
    indicators = {
        i["id"]: Indicator(
            id=i["id"],
            pillar=pillars[i["pillar"]],
            name=_text(i["name"]),
            unit=units[i["unit"]],
            description=_text(i["description"]),
            comparability=_text(i.get("comparability")),
        )
        for i in shared["indicators"].data["indicators"]
    }
    sources = {
        s["id"]: Source(
            id=s["id"],
            title=s["title"],
            language=s["language"],
            author=s.get("author"),
            outlet=s.get("outlet"),
            title_en=s.get("title_en"),
            published=s.get("published"),
            data_until=s.get("data_until"),
            date_note=_text(s.get("date_note")),
            url=s.get("url"),
            no_url=_text(s.get("no_url")),
            inferred=_inferred(s),
        )
        for s in shared["sources"].data["sources"]
    }
    dataset = Dataset(
        pillars=pillars,
        units=units,
        regions=regions,
        event_kinds=kinds,
        indicators=indicators,
        sources=sources,
        provinces={},
        strings=interface_strings(shared["interface"].data["strings"], counts),
        glossary=[
            Term(
                id=t["id"],
                name=_text(t["name"]),
                definition=_text(t["definition"]),
                abbreviation=t.get("abbreviation"),
                also=tuple(t.get("also", ())),
            )
            for t in shared["glossary"].data["terms"]
        ],
        admin_units=_admin_units(shared["admin-units"].data["provinces"]),
    )
    for document in sorted(provinces, key=lambda d: d.data["id"]):
        province = _province(document.data, dataset)
        dataset.provinces[province.id] = province
    for document in sorted(rankings, key=lambda d: (d.data["period"], d.data["id"]), reverse=True):
        ranking = _ranking(document.data, dataset)
        dataset.rankings[ranking.id] = ranking
    return dataset


def _admin_unit(item: dict, **more) -> AdminUnit:
    return AdminUnit(item["code"], _text(item["name"]), item["official_name"], item["kind"], **more)


def _admin_units(items: list[dict]) -> dict[str, AdminUnit]:
    members: dict[str, int] = defaultdict(int)  # code since 2025 → how many units went into it
    for item in items:
        members[item["since_2025"]["code"]] += 1
    return {
        item["code"]: _admin_unit(
            item, since_2025=_admin_unit(item["since_2025"]), merged=members[item["since_2025"]["code"]] > 1
        )
        for item in items
    }


def _ranking(data: dict, dataset: Dataset) -> Ranking:
    components = tuple(RankingComponent(c["id"], _text(c["name"])) for c in data.get("components", ()))
    notes = {(a["province"], comparable_name(a["as_printed"])): _text(a.get("note")) for a in data.get("aliases", ())}
    by_code = {province.code: province for province in dataset.provinces.values() if province.code}
    positions: dict[int, int] = defaultdict(int)
    for row in data["rows"]:
        positions[row["position"]] += 1
    score = data.get("score") or {}
    return Ranking(
        id=data["id"],
        indicator=dataset.indicators[data["indicator"]],
        period=data["period"],
        total=data["total"],
        title=_text(data["title"]),
        source=dataset.sources[data["source"]],
        note=_text(data.get("note")),
        about=_text(data.get("about")),
        score_name=_text(score.get("name")),
        score_decimals=score.get("decimals"),
        components=components,
        rows=tuple(
            RankingRow(
                position=row["position"],
                unit=dataset.admin_units[row["province"]],
                as_printed=row["as_printed"],
                score=row.get("score"),
                components=tuple(row["components"].get(c.id) for c in components) if "components" in row else (),
                tied=positions[row["position"]] > 1,
                printed_otherwise=notes.get((row["province"], comparable_name(row["as_printed"]))),
                province=by_code.get(row["province"]),
            )
            for row in data["rows"]
        ),
    )


def _province(data: dict, dataset: Dataset) -> Province:
    province_id = data["id"]
    counters: dict[str, int] = defaultdict(int)
    figures = []
    for item in data["figures"]:
        indicator = dataset.indicators[item["indicator"]]
        counters[indicator.id] += 1
        figures.append(
            Figure(
                id=f"{province_id}-{indicator.id}-{counters[indicator.id]}",
                province_id=province_id,
                indicator=indicator,
                unit=dataset.units[item["unit"]] if "unit" in item else indicator.unit,
                source=dataset.sources[item["source"]],
                value=item.get("value"),
                value_range=_range(item.get("value_range")),
                decimals=item.get("decimals"),
                qualifier=item.get("qualifier"),
                out_of=item.get("out_of"),
                period=item.get("period"),
                as_of=item.get("as_of"),
                ranks=_ranks(item, dataset),
                note=_text(item.get("note")),
                inferred=_inferred(item),
                open_question=_text(item.get("open_question")),
                pillars=tuple(
                    PillarScore(dataset.pillars[p["pillar"]], p.get("position"), p.get("value"), p.get("decimals"))
                    for p in item.get("pillars", ())
                ),
                also_reported_by=tuple(
                    OtherReport(dataset.sources[other["source"]], _ranks(other, dataset))
                    for other in item.get("also_reported_by", ())
                ),
            )
        )
    targets = _targets(province_id, data["targets"], dataset)
    events = sorted(
        (
            Event(
                id=f"{province_id}-event-{index + 1}",
                date=item["date"],
                kind=dataset.event_kinds[item["kind"]],
                title=_text(item["title"]),
                summary=_text(item["summary"]),
                sources=tuple(dataset.sources[s] for s in item["sources"]),
                documents=tuple(item.get("documents", ())),
                note=_text(item.get("note")),
                inferred=_inferred(item),
                open_question=_text(item.get("open_question")),
            )
            for index, item in enumerate(data["events"])
        ),
        key=lambda event: event.date,
    )
    change = data.get("administrative_change")
    by_id = {figure.id: figure for figure in figures}
    return Province(
        id=province_id,
        name=_text(data["name"]),
        summary=_text(data["summary"]),
        figures=tuple(figures),
        targets=targets,
        events=tuple(events),
        administrative_change=AdministrativeChange(
            date=change["date"],
            merged_into=_text(change["merged_into"]),
            resolution=change["resolution"],
            source=dataset.sources[change["source"]],
            resolution_date=change.get("resolution_date"),
        )
        if change
        else None,
        pillar_groups=tuple(
            PillarGroup(pillar, tuple(f for f in figures if f.indicator.pillar is pillar))
            for pillar in dataset.pillars.values()
            if any(f.indicator.pillar is pillar for f in figures)
        ),
        unit=dataset.admin_units.get(data.get("code")),
        lede=_text(data.get("lede")),
        key_figures=tuple(by_id[figure_id] for figure_id in data.get("key_figures", ())),
    )


def _ranks(item: dict, dataset: Dataset) -> tuple[Rank, ...]:
    return tuple(
        Rank(
            position=rank["position"],
            total=rank.get("total"),
            change=rank.get("change"),
            change_since=rank.get("change_since"),
            region=dataset.regions.get(rank.get("scope", "national")),
            inferred=_inferred(rank),
        )
        for rank in item.get("ranks", ())
    )


def _targets(province_id: str, items: list[dict], dataset: Dataset) -> tuple[Target, ...]:
    """Targets, each knowing which other sources state the same target differently."""

    def stated(item):
        return (item.get("value"), repr(item.get("value_range")), item.get("qualifier"))

    by_indicator: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        if "indicator" in item:
            by_indicator[item["indicator"]].append(index)
    targets = []
    for index, item in enumerate(items):
        rivals = tuple(
            f"{province_id}-target-{other + 1}"
            for other in by_indicator.get(item.get("indicator"), ())
            if other != index and items[other]["source"] != item["source"] and stated(items[other]) != stated(item)
        )
        indicator = dataset.indicators.get(item.get("indicator"))
        progress = item.get("progress")
        targets.append(
            Target(
                id=f"{province_id}-target-{index + 1}",
                title=_text(item["title"]),
                source=dataset.sources[item["source"]],
                indicator=indicator,
                unit=dataset.units[item["unit"]] if "unit" in item else (indicator.unit if indicator else None),
                value=item.get("value"),
                value_range=_range(item.get("value_range")),
                qualifier=item.get("qualifier"),
                deadline=item.get("deadline"),
                progress=Progress(progress["achieved"], progress["total"], progress.get("as_of"), _inferred(progress))
                if progress
                else None,
                later_progress=tuple(
                    Progress(
                        report["achieved"],
                        report["total"],
                        report["as_of"],
                        _inferred(report),
                        source=dataset.sources[report["source"]],
                        note=_text(report.get("note")),
                    )
                    for report in item.get("later_progress", ())
                ),
                status=item.get("status"),
                document=item.get("document"),
                note=_text(item.get("note")),
                inferred=_inferred(item),
                open_question=_text(item.get("open_question")),
                disagrees_with=rivals,
            )
        )
    return tuple(targets)
