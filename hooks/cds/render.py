"""Model → HTML through the Jinja2 templates in overrides/report/.

Templates are compiled once per build with autoescaping on: text from the data
files is always escaped, so it can never add markup or script to a page. Python
decides *what* a page shows (its sections, in order, for the table of contents,
and the geometry of its charts); the templates decide *how*.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape
from mkdocs.utils import get_relative_url

from . import charts
from .downloads import Download
from .formatting import Formatter, without_diacritics
from .model import Dataset, Figure, Indicator, Pillar, Province, Ranking, Unit
from .routes import Routes, indicator_page_id, province_page_id, ranking_page_id


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates, kept for the life of the process and checked against their
    source: the second language's build and each rebuild under `mkdocs serve` reuse
    them instead of running Jinja's compiler again (most of a small build's time)."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja if the source changed

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()


@dataclass
class Section:
    id: str
    title: str
    children: list["Section"] = field(default_factory=list)

    def toc_token(self, level: int = 2) -> dict:
        """The shape `mkdocs.structure.toc.get_toc` reads; titles there are HTML."""
        return {
            "level": level,
            "id": self.id,
            "name": str(escape(self.title)),
            "children": [child.toc_token(level + 1) for child in self.children],
        }


@dataclass
class RenderedPage:
    html: str
    sections: list[Section]

    @property
    def toc_tokens(self) -> list[dict]:
        return [section.toc_token() for section in self.sections]

    @property
    def anchor_ids(self) -> set[str]:
        ids, stack = set(), list(self.sections)
        while stack:
            section = stack.pop()
            ids.add(section.id)
            stack.extend(section.children)
        return ids


# The indicator whose national rank each province page follows year by year, in a section
# of its own (the table of every edition a source gives, and its chart).
RANK_HISTORY_INDICATOR = "dti"


@dataclass(frozen=True)
class RankHistory:
    """A province's rank in one indicator, edition by edition: the table's rows (one figure
    per year, oldest first), its pillar columns (those any year gives), and the chart
    (None in the search body, which leaves it out)."""

    indicator: Indicator
    figures: tuple[Figure, ...]
    pillars: tuple[Pillar, ...]
    chart: charts.RankHistoryChart | None

    @property
    def line_total(self) -> int | None:
        return charts.line_total(self.figures)


def _reading_order(entry: tuple[Figure, Province]):
    """The order of an indicator's table before any sorting: newest period first, then
    best national rank, then largest value."""
    figure, _ = entry
    rank = figure.national_rank.position if figure.national_rank else float("inf")
    value = figure.value if figure.value is not None else (figure.value_range.max if figure.value_range else 0)
    return (-int(figure.when[:4]), rank, -value)


def _value_kind(figure: Figure) -> str | None:
    """What a figure's value is: a number, a range, or a count out of a total (3.743/3.806
    villages); None for a rank without a value. Values of different kinds do not sort."""
    if figure.value_range is not None:
        return "range"
    if figure.value is None:
        return None
    return "out_of" if figure.out_of is not None else "number"


@dataclass(frozen=True)
class IndicatorComparison:
    """One indicator on the compare page: its figures in reading order, and which of its
    columns sort. Values sort only against values in the same unit and of the same kind
    (`unsortable` says why not: "units" or "kinds"); ranks sort by their position."""

    indicator: Indicator
    entries: list[tuple[Figure, Province]]

    @property
    def _valued(self) -> list[Figure]:
        return [figure for figure, _ in self.entries if _value_kind(figure)]

    @property
    def units(self) -> tuple[Unit, ...]:
        """The units its values are given in (the indicator's own where none has a value)."""
        units = tuple(dict.fromkeys(figure.unit for figure in self._valued))
        return units or (self.indicator.unit,)

    @property
    def unsortable(self) -> str | None:
        if len(self.units) > 1:
            return "units"
        if len({_value_kind(figure) for figure in self._valued}) > 1:
            return "kinds"
        return None

    @property
    def sorts(self) -> bool:
        return len(self.entries) > 1

    @property
    def sorts_by_value(self) -> bool:
        return len(self._valued) > 1 and self.unsortable is None

    @property
    def sorts_by_rank(self) -> bool:
        return sum(1 for figure, _ in self.entries if figure.national_rank) > 1


class Renderer:
    def __init__(self, template_dir: Path, dataset: Dataset, routes: Routes, language: str, downloads: dict[str, Download]):
        self.dataset, self.routes, self.language, self.downloads = dataset, routes, language, downloads
        self.prefix = routes.language(language).prefix
        self.formatter = Formatter(language, dataset.strings, dataset.glossary)
        self.env = Environment(
            loader=FileSystemLoader(str(template_dir)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=TEMPLATE_CACHE,
        )
        self.env.globals.update(
            f=self.formatter,
            dataset=dataset,
            language=language,
            charts=charts,
            downloads=downloads,
            province_page_id=province_page_id,
            indicator_page_id=indicator_page_id,
            ranking_page_id=ranking_page_id,
            # Where the provinces stand nationally, on the home page and the provinces index:
            # the newest ranking of every province by the indicator province pages follow.
            national_ranking=next(iter(dataset.rankings_of(RANK_HISTORY_INDICATOR)), None),
        )
        self._reporting = self._figures_by_indicator()

    def _figures_by_indicator(self) -> dict[str, list[tuple[Figure, Province]]]:
        reporting: dict[str, list[tuple[Figure, Province]]] = defaultdict(list)
        for province in self.dataset.provinces.values():
            for figure in province.figures:
                reporting[figure.indicator.id].append((figure, province))
        return reporting

    # --- links ---------------------------------------------------------------------------------

    def _links_from(self, page_url: str) -> dict:
        """`link(page_id)` and `asset(path)` for templates: URLs relative to the page."""
        here = self.prefix + page_url

        def link(page_id: str, anchor: str = "") -> str:
            target = self.routes.site_path(page_id, self.language)
            if target is None:
                raise KeyError(f"no page `{page_id}` in {self.language}")
            return get_relative_url(target or ".", here or ".") + (f"#{anchor}" if anchor else "")

        def asset(path: str) -> str:
            return get_relative_url(path, here or ".")

        return {"link": link, "asset": asset}

    def _render(self, template: str, page_url: str, search_body: bool, **context) -> str:
        return self.env.get_template(template).render(
            **self._links_from(page_url), search_body=search_body, **context
        )

    # --- pages ---------------------------------------------------------------------------------

    def page(self, page_id: str, page_url: str, *, search_body: bool = False) -> RenderedPage:
        """The page's body. With `search_body`, only what the search index takes from it:
        the parts marked `data-search-exclude` (tables, charts, source lists) are left out,
        so the search plugin indexes the same text without parsing most of the page."""
        kind, _, key = page_id.partition("/")
        if kind == "province":
            return self._province_page(self.dataset.provinces[key], page_url, search_body)
        if kind == "indicator":
            return self._indicator_page(self.dataset.indicators[key], page_url, search_body)
        if kind == "ranking":
            return self._ranking_page(self.dataset.rankings[key], page_url, search_body)
        return getattr(self, f"_{kind}_page")(page_url, search_body)

    def page_title(self, page_id: str) -> str:
        kind, _, key = page_id.partition("/")
        if kind == "province":
            return self.formatter.text(self.dataset.provinces[key].name)
        if kind == "indicator":
            return self.formatter.text(self.dataset.indicators[key].name)
        if kind == "ranking":
            return self.formatter.text(self.dataset.rankings[key].title)
        return self.formatter.t(f"page_{kind}")

    def search_tags(self, page_id: str) -> list[str]:
        """Words Material's search indexes as the page's tags, with a boost that puts the
        page first for them: a province's name as readers type it (without diacritics, and
        in English); the acronym an indicator's name gives itself in brackets, "(DTI)"."""
        kind, _, key = page_id.partition("/")
        if kind == "province":
            name = self.dataset.provinces[key].name
            return sorted({without_diacritics(name.vi), name.en})
        if kind == "indicator":
            pieces = self.formatter.segments(self.page_title(page_id))
            return [
                piece
                for (before, _), (piece, term), (after, _) in zip(pieces, pieces[1:], pieces[2:])
                if term and before.endswith("(") and after.startswith(")")
            ]
        return []

    def page_description(self, page_id: str) -> str:
        kind, _, key = page_id.partition("/")
        if kind == "province":
            return self.formatter.text(self.dataset.provinces[key].summary)
        if kind == "indicator":
            return self.formatter.text(self.dataset.indicators[key].description)
        if kind == "ranking":
            ranking = self.dataset.rankings[key]
            return self.formatter.t(
                "ranking_description", total=self.formatter.number(ranking.total), period=self.formatter.period(ranking.period)
            )
        return self.formatter.t(f"page_{kind}_description")

    def _province_page(self, province: Province, page_url: str, search_body: bool) -> RenderedPage:
        """Its key figures first, then the summary, the charts, the detailed tables, and
        the sources and downloads."""
        t = self.formatter.t
        sections = [Section("key-figures", t("key_figures"))] if province.key_figures else []
        sections.append(Section("summary", t("summary")))
        history = self._rank_history(province, search_body)
        name = self.formatter.text(history.indicator.name) if history else ""
        targets_chart = charts.targets_progress_chart(province)
        drawn = []
        if targets_chart:
            drawn.append(Section("targets-progress", t("targets_chart_heading")))
        if province.events:
            drawn.append(Section("timeline-chart", t("timeline")))
        if history:
            drawn.append(Section("dti-chart", t("rank_history_chart_heading", indicator=name)))
        if drawn:
            sections.append(Section("charts", t("charts"), drawn))
        if history:
            sections.append(Section("dti-over-time", t("rank_history_heading", indicator=name)))
        if province.figures:
            pillars = [Section(f"pillar-{g.pillar.id}", self.formatter.text(g.pillar.name)) for g in province.pillar_groups]
            sections.append(Section("indicators", t("indicators"), pillars))
        if province.targets:
            sections.append(Section("targets", t("targets")))
        if province.events:
            sections.append(Section("timeline", t("timeline")))
        sections += [Section("sources", t("sources")), Section("data", t("data_and_citation"))]
        html = self._render(
            "province.html",
            page_url,
            search_body,
            province=province,
            sections=sections,
            targets_chart=targets_chart,
            timeline=None if search_body else charts.timeline_chart(province, self.formatter),
            history=history,
        )
        return RenderedPage(html, sections)

    def _rank_history(self, province: Province, search_body: bool) -> RankHistory | None:
        indicator = self.dataset.indicators.get(RANK_HISTORY_INDICATOR)
        # A year is the only period of four characters (2023, not 2023-Q1 or 2023-11).
        yearly = [
            figure for figure in province.figures_for(RANK_HISTORY_INDICATOR) if figure.national_rank and len(figure.period or "") == 4
        ]
        if indicator is None or not yearly:
            return None
        figures = tuple(sorted(yearly, key=lambda figure: figure.period))
        given = {score.pillar.id for figure in figures for score in figure.pillars}
        chart = None
        if not search_body:
            title = self.formatter.t(
                "rank_history_title", indicator=self.formatter.text(indicator.name), province=self.formatter.text(province.name)
            )
            chart = charts.rank_history_chart(f"rank-history-{province.id}", title, figures, self.formatter)
        return RankHistory(indicator, figures, tuple(p for p in self.dataset.pillars.values() if p.id in given), chart)

    def _indicator_page(self, indicator: Indicator, page_url: str, search_body: bool) -> RenderedPage:
        t = self.formatter.t
        entries = sorted(self._reporting.get(indicator.id, []), key=_reading_order)
        sections = [Section("about", t("indicator_about")), Section("figures", t("indicator_figures"))]
        chart = charts.indicator_chart(indicator.id, entries, self.formatter) if entries else None
        if chart:
            sections.append(Section("chart", t("chart")))
        sections.append(Section("data", t("data_and_citation")))
        periods = [self.formatter.period(when) for when in sorted({figure.when for figure, _ in entries})]
        html = self._render(
            "indicator.html",
            page_url,
            search_body,
            indicator=indicator,
            entries=entries,
            chart=chart,
            periods=periods,
            sections=sections,
        )
        return RenderedPage(html, sections)

    def _indicators_page(self, page_url: str, search_body: bool) -> RenderedPage:
        groups = [
            (pillar, [i for i in self.dataset.indicators.values() if i.pillar is pillar])
            for pillar in self.dataset.pillars.values()
        ]
        groups = [(pillar, indicators) for pillar, indicators in groups if indicators]
        sections = [Section(f"pillar-{pillar.id}", self.formatter.text(pillar.name)) for pillar, _ in groups]
        html = self._render(
            "indicators.html", page_url, search_body, groups=groups, sections=sections, reporting=self._reporting
        )
        return RenderedPage(html, sections)

    def _compare_page(self, page_url: str, search_body: bool) -> RenderedPage:
        groups = []
        for pillar in self.dataset.pillars.values():
            comparisons = [
                IndicatorComparison(indicator, sorted(self._reporting[indicator.id], key=_reading_order))
                for indicator in self.dataset.indicators.values()
                if indicator.pillar is pillar and self._reporting.get(indicator.id)
            ]
            if comparisons:
                groups.append((pillar, comparisons))
        sections = [Section(f"pillar-{pillar.id}", self.formatter.text(pillar.name)) for pillar, _ in groups]
        html = self._render("compare.html", page_url, search_body, groups=groups, sections=sections)
        return RenderedPage(html, sections)

    def _glossary_page(self, page_url: str, search_body: bool) -> RenderedPage:
        # In the alphabetical order of the page's language, by what each entry shows first.
        terms = sorted(self.dataset.glossary, key=lambda term: self.formatter.sort_key(term.abbreviation or self.formatter.text(term.name)))
        html = self._render("glossary.html", page_url, search_body, terms=terms)
        return RenderedPage(html, [])

    def _provinces_page(self, page_url: str, search_body: bool) -> RenderedPage:
        t = self.formatter.t
        sections = [Section("list", t("provinces_covered"))]
        if self.env.globals["national_ranking"]:
            sections.append(Section("others", t("provinces_others_heading")))
        html = self._render("provinces.html", page_url, search_body, sections=sections)
        return RenderedPage(html, sections)

    def _ranking_page(self, ranking: Ranking, page_url: str, search_body: bool) -> RenderedPage:
        t = self.formatter.t
        sections = [Section("about", t("ranking_about")), Section("chart", t("chart")), Section("table", t("ranking_table"))]
        if ranking.with_components:
            sections.append(Section("components", t("ranking_components")))
        sections += [Section("sources", t("sources")), Section("data", t("data_and_citation"))]
        html = self._render(
            "ranking.html",
            page_url,
            search_body,
            ranking=ranking,
            sections=sections,
            units_after=len({unit.since_2025.code for unit in self.dataset.admin_units.values()}),
            chart=None if search_body else charts.ranking_chart(ranking, self.formatter),
        )
        return RenderedPage(html, sections)

    def _rankings_page(self, page_url: str, search_body: bool) -> RenderedPage:
        html = self._render("rankings.html", page_url, search_body, rankings=list(self.dataset.rankings.values()))
        return RenderedPage(html, [])

    # --- blocks for hand-written pages ---------------------------------------------------------

    def fragment(self, name: str, page_url: str, *, search_body: bool = False) -> str:
        """A block of data for a hand-written page, such as the comparison table; with
        `search_body`, only its text the search index takes (see `page`)."""
        return self._render(f"fragments/{name}.html", page_url, search_body)

    def fragment_names(self) -> set[str]:
        return {
            name.removeprefix("fragments/").removesuffix(".html")
            for name in self.env.list_templates()
            if name.startswith("fragments/")
        }

    def abbreviation_titles(self) -> dict[str, str]:
        """Each glossary spelling → its term's name in this language: the `glossary` option
        of Python-Markdown's `abbr` extension, which explains them on hover in hand-written
        pages. Handed over as data, never written into the pages' Markdown as `*[CĐS]: …`
        lines, so nothing in the glossary can become Markdown or a `<!-- data: … -->` block.
        The extension writes a title as HTML that may hold entities (`&amp;` stays as it
        is): the name is escaped first, so that it shows as written."""
        return {
            spelling: str(escape(self.formatter.text(term.name)))
            for term in self.dataset.glossary
            for spelling in term.spellings
        }
