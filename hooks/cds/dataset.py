"""Read every data file, check it, and build the model: YAML → validated model.

All files are read and checked before anything is built, so one run reports every
problem of every file. Results are kept per file (by size and modification time):
the second language's build, and each rebuild under `mkdocs serve`, only re-read
the files that changed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path

from . import validate
from .load import Document, read_document
from .model import (
    AdministrativeChange,
    Dataset,
    Event,
    EventKind,
    Figure,
    Indicator,
    Pillar,
    PillarGroup,
    Progress,
    Province,
    Range,
    Rank,
    Region,
    Source,
    Target,
    Text,
    Unit,
)
from .problems import DataError, Problem

log = logging.getLogger("mkdocs.hooks.cds")

SHARED_FILES = {
    "definitions.yml": "definitions",
    "indicators.yml": "indicators",
    "sources.yml": "sources",
    "interface.yml": "interface",
}
PROVINCE_DIR = "provinces"

# (path, size, mtime) → checked Document, kept across builds in one process.
_checked: dict[tuple, Document] = {}


def read_dataset(data_dir: Path, schema_dir: Path, project_dir: Path) -> Dataset:
    """The whole validated dataset; raises `DataError` listing every problem."""
    shared, problems = {}, []
    for file_name, schema_name in SHARED_FILES.items():
        document = _checked_document(data_dir / file_name, schema_name, schema_dir, project_dir, problems)
        if document:
            shared[schema_name] = document
    province_paths = sorted((data_dir / PROVINCE_DIR).glob("*.y*ml"))
    if not province_paths:
        problems.append(Problem(_display(data_dir / PROVINCE_DIR, project_dir), 0, 0, "", "no province files (*.yml) found."))
    provinces = [
        document
        for path in province_paths
        if (document := _checked_document(path, "province", schema_dir, project_dir, problems))
    ]
    if problems:
        raise DataError(problems)

    known = _known_ids(shared)
    for document in [*shared.values(), *provinces]:
        problems += validate.reference_problems(document, known)
    problems += _province_identity_problems(provinces)
    if problems:
        raise DataError(problems)
    for document in [*shared.values(), *provinces]:
        for warning in document.warnings:
            log.warning(str(warning))
    return _build(shared, provinces)


def _display(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _checked_document(path: Path, schema_name: str, schema_dir: Path, project_dir: Path, problems: list) -> Document | None:
    display = _display(path, project_dir)
    if not path.exists():
        problems.append(Problem(display, 0, 0, "", "this required data file is missing."))
        return None
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, schema_name)
    if key in _checked:
        return _checked[key]
    try:
        document = read_document(path, display)
    except DataError as error:
        problems += error.problems
        return None
    found = validate.schema_problems(document, schema_name, schema_dir)
    found += validate.impossible_dates(document)
    if schema_name == "province":
        found += validate.bounded_counts(document)
    for list_key in ("pillars", "units", "regions", "event_kinds", "indicators", "sources"):
        found += validate.duplicate_ids(document, list_key)
    if found:
        problems += found
        return None
    _checked[key] = document
    return document


def _known_ids(shared: dict[str, Document]) -> dict[str, set[str]]:
    definitions = shared["definitions"].data
    return {
        "pillars": {item["id"] for item in definitions["pillars"]},
        "units": {item["id"] for item in definitions["units"]},
        "regions": {item["id"] for item in definitions["regions"]},
        "event_kinds": {item["id"] for item in definitions["event_kinds"]},
        "indicators": {item["id"] for item in shared["indicators"].data["indicators"]},
        "sources": {item["id"] for item in shared["sources"].data["sources"]},
    }


def _province_identity_problems(provinces: list[Document]) -> list[Problem]:
    """A province file is named after its id, and a province has one file."""
    problems, owners = [], {}
    for document in provinces:
        province_id = document.data["id"]
        stem = Path(document.path).stem
        if stem != province_id:
            problems.append(
                document.problem(("id",), f"the id `{province_id}` does not match the file name; rename the file to {province_id}.yml or change the id to `{stem}`.")
            )
        names = (province_id, document.data["name"]["vi"].casefold(), document.data["name"]["en"].casefold())
        for name in names:
            if name in owners:
                problems.append(
                    document.problem(("id",), f"this province is already described in {owners[name]}; keep one file per province and move these entries there.")
                )
                break
        for name in names:
            owners.setdefault(name, document.path)
    return problems


# --- Building the model from checked documents ------------------------------------------------


def _text(value) -> Text | None:
    return Text(vi=value["vi"], en=value["en"]) if value else None


def _range(value) -> Range | None:
    return Range(min=value["min"], max=value["max"]) if value else None


def _build(shared: dict[str, Document], provinces: list[Document]) -> Dataset:
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
            headline=i.get("headline", False),
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
            published=s.get("published"),
            date_note=_text(s.get("date_note")),
            url=s.get("url"),
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
        strings={key: _text(value) for key, value in shared["interface"].data["strings"].items()},
    )
    for document in sorted(provinces, key=lambda d: d.data["id"]):
        province = _province(document.data, dataset)
        dataset.provinces[province.id] = province
    return dataset


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
                ranks=tuple(
                    Rank(
                        position=rank["position"],
                        total=rank.get("total"),
                        change=rank.get("change"),
                        change_since=rank.get("change_since"),
                        region=dataset.regions.get(rank.get("scope", "national")),
                    )
                    for rank in item.get("ranks", ())
                ),
                note=_text(item.get("note")),
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
            )
            for index, item in enumerate(data["events"])
        ),
        key=lambda event: event.date,
    )
    change = data.get("administrative_change")
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
                progress=Progress(progress["achieved"], progress["total"], progress.get("as_of")) if progress else None,
                status=item.get("status"),
                document=item.get("document"),
                note=_text(item.get("note")),
                disagrees_with=rivals,
            )
        )
    return tuple(targets)
