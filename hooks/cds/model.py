"""The validated data as plain objects that templates read.

Built once per build from documents that passed validation, so every reference
here resolves: a figure holds its `Indicator`, `Unit` and `Source`, not ids.
Nothing in here knows about HTML or a language; `formatting.py` does the latter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Text:
    vi: str
    en: str

    def in_(self, language: str) -> str:
        return getattr(self, language)


@dataclass(frozen=True)
class CountedText:
    """An interface text with a number in it (`count`, the placeholder that holds it): in
    each language, its forms by CLDR plural category (`one`, `other`, ...), as that
    language's rules need them. A language with one form for every number has `other` only."""

    count: str
    vi: dict[str, str]
    en: dict[str, str]

    def form(self, language: str, category: str) -> str:
        return getattr(self, language)[category]


@dataclass(frozen=True)
class Inference:
    """A field of an entry that its source does not state but was inferred, and why."""

    field: str
    reason: Text


@dataclass(frozen=True)
class Pillar:
    id: str
    name: Text
    description: Text


@dataclass(frozen=True)
class Unit:
    id: str
    label: Text
    attached: bool = False


@dataclass(frozen=True)
class Region:
    id: str
    name: Text


@dataclass(frozen=True)
class EventKind:
    id: str
    name: Text


@dataclass(frozen=True)
class Indicator:
    id: str
    pillar: Pillar
    name: Text
    unit: Unit
    description: Text
    comparability: Optional[Text] = None


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    language: str
    author: Optional[str] = None
    outlet: Optional[str] = None
    title_en: Optional[str] = None  # the title in English, for a source in Vietnamese
    published: Optional[str] = None  # ISO date, as precise as the source shows
    data_until: Optional[str] = None  # an undated source: the latest date its figures run to
    date_note: Optional[Text] = None
    url: Optional[str] = None
    no_url: Optional[Text] = None  # why no address is given, where `url` is not
    inferred: tuple[Inference, ...] = ()

    @property
    def reported(self) -> Optional[str]:
        """When the source's figures were reported: its publication date or, for an undated
        source, the latest date its figures run to."""
        return self.published or self.data_until


@dataclass(frozen=True)
class Range:
    min: float
    max: float


@dataclass(frozen=True)
class Rank:
    position: int
    total: Optional[int] = None
    change: Optional[int] = None
    change_since: Optional[str] = None
    region: Optional[Region] = None  # None: a national rank
    inferred: tuple[Inference, ...] = ()


def national_rank_of(ranks: tuple[Rank, ...]) -> Optional[Rank]:
    """The national rank among a figure's ranks (or another source's for it), if one is given."""
    return next((rank for rank in ranks if rank.region is None), None)


@dataclass(frozen=True)
class PillarScore:
    """One pillar of an index (the DTI's digital government ...), as the figure's source gives it."""

    pillar: Pillar
    position: Optional[int] = None
    value: Optional[float] = None
    decimals: Optional[int] = None


@dataclass(frozen=True)
class OtherReport:
    """Another source reporting the same figure, with the ranks it gives where it says more."""

    source: Source
    ranks: tuple[Rank, ...] = ()


@dataclass(frozen=True)
class Figure:
    id: str  # stable within the site: `<province>-<indicator>-<n>`
    province_id: str
    indicator: Indicator
    unit: Unit
    source: Source
    value: Optional[float] = None
    value_range: Optional[Range] = None
    decimals: Optional[int] = None
    qualifier: Optional[str] = None
    out_of: Optional[float] = None
    period: Optional[str] = None
    as_of: Optional[str] = None
    ranks: tuple[Rank, ...] = ()
    note: Optional[Text] = None
    inferred: tuple[Inference, ...] = ()
    open_question: Optional[Text] = None
    pillars: tuple[PillarScore, ...] = ()
    also_reported_by: tuple[OtherReport, ...] = ()

    @property
    def national_rank(self) -> Optional[Rank]:
        return national_rank_of(self.ranks)

    @property
    def when(self) -> str:
        return self.period or self.as_of or ""


@dataclass(frozen=True)
class Progress:
    achieved: int
    total: int
    as_of: Optional[str] = None
    inferred: tuple[Inference, ...] = ()
    # A later report (`Target.later_progress`) has its own source; the first is the target's.
    source: Optional[Source] = None
    note: Optional[Text] = None

    @property
    def share(self) -> float:
        return self.achieved / self.total


@dataclass(frozen=True)
class Target:
    id: str
    title: Text
    source: Source
    indicator: Optional[Indicator] = None
    unit: Optional[Unit] = None
    value: Optional[float] = None
    value_range: Optional[Range] = None
    qualifier: Optional[str] = None
    deadline: Optional[str] = None
    progress: Optional[Progress] = None
    later_progress: tuple[Progress, ...] = ()  # oldest first, each with its source
    status: Optional[str] = None
    document: Optional[str] = None
    note: Optional[Text] = None
    inferred: tuple[Inference, ...] = ()
    open_question: Optional[Text] = None
    # Other targets on the same indicator that a different source states differently.
    disagrees_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    kind: EventKind
    title: Text
    summary: Text
    sources: tuple[Source, ...]
    documents: tuple[str, ...] = ()
    note: Optional[Text] = None
    inferred: tuple[Inference, ...] = ()
    open_question: Optional[Text] = None


@dataclass(frozen=True)
class AdministrativeChange:
    date: str
    merged_into: Text
    resolution: str
    source: Source
    resolution_date: Optional[str] = None


@dataclass(frozen=True)
class PillarGroup:
    pillar: Pillar
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class AdminUnit:
    """A provincial unit as data/admin-units.yml has it (from the library vietnamadminunits)."""

    code: str  # GSO code: of the 63 units before 1 July 2025, or of the 34 after
    name: Text
    official_name: str  # Vietnamese, with the kind of unit: "Tỉnh Nghệ An"
    kind: str  # province | city
    # For a unit before 1 July 2025: the unit it has been part of since, and whether
    # other units went into it too (False: it carried on as it was).
    since_2025: Optional["AdminUnit"] = None
    merged: bool = False


@dataclass(frozen=True)
class Province:
    id: str
    name: Text
    summary: Text
    figures: tuple[Figure, ...]
    targets: tuple[Target, ...]
    events: tuple[Event, ...]  # oldest first
    administrative_change: Optional[AdministrativeChange] = None
    pillar_groups: tuple[PillarGroup, ...] = ()
    unit: Optional[AdminUnit] = None  # from the file's `code`
    lede: Optional[Text] = None  # its story in one or two sentences (the file's `lede`)
    key_figures: tuple[Figure, ...] = ()  # its headline figures, in the order the file lists them

    @property
    def code(self) -> Optional[str]:
        return self.unit.code if self.unit else None

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the page cites, in order of first use."""
        seen: dict[str, Source] = {}
        for figure in self.figures:
            seen.setdefault(figure.source.id, figure.source)
            for other in figure.also_reported_by:
                seen.setdefault(other.source.id, other.source)
        for target in self.targets:
            seen.setdefault(target.source.id, target.source)
            for report in target.later_progress:
                seen.setdefault(report.source.id, report.source)
        for event in self.events:
            for source in event.sources:
                seen.setdefault(source.id, source)
        if self.administrative_change:
            seen.setdefault(self.administrative_change.source.id, self.administrative_change.source)
        return tuple(seen.values())

    @property
    def reported_up_to(self) -> Optional[Source]:
        """The newest source reporting a figure of this province, by the date its figures
        were reported (`Source.reported`). Sources of targets, events and the administrative
        change are not counted: a 2025 resolution does not make 2023 figures newer."""
        dated = [figure.source for figure in self.figures if figure.source.reported]
        return max(dated, key=lambda source: source.reported) if dated else None

    def figures_for(self, indicator_id: str) -> tuple[Figure, ...]:
        return tuple(figure for figure in self.figures if figure.indicator.id == indicator_id)


@dataclass(frozen=True)
class Term:
    """A glossary entry; one with an abbreviation is explained wherever it appears."""

    id: str
    name: Text
    definition: Text
    abbreviation: Optional[str] = None
    also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return ((self.abbreviation,) if self.abbreviation else ()) + self.also


@dataclass(frozen=True)
class RankingComponent:
    id: str
    name: Text


@dataclass(frozen=True)
class RankingRow:
    position: int
    unit: AdminUnit
    as_printed: str
    score: Optional[float] = None
    # The component scores, in the order of `Ranking.components` (None: not given); () for none.
    components: tuple[Optional[float], ...] = ()
    tied: bool = False  # another row has the same position
    printed_otherwise: Optional[Text] = None  # an alias's note: why the source's name is not the official one
    province: Optional[Province] = None  # the province's profile, where the site has one


@dataclass(frozen=True)
class Ranking:
    """A published ranking of every province (data/rankings/<id>.yml), rows best first."""

    id: str
    indicator: Indicator
    period: str
    total: int
    title: Text
    source: Source
    rows: tuple[RankingRow, ...]
    note: Optional[Text] = None
    score_name: Optional[Text] = None
    score_decimals: Optional[int] = None
    components: tuple[RankingComponent, ...] = ()
    about: Optional[Text] = None  # what the ranking is and who publishes it

    @property
    def with_components(self) -> tuple[RankingRow, ...]:
        """The rows the source gives component scores for."""
        return tuple(row for row in self.rows if row.components)


@dataclass
class Dataset:
    pillars: dict[str, Pillar]
    units: dict[str, Unit]
    regions: dict[str, Region]
    event_kinds: dict[str, EventKind]
    indicators: dict[str, Indicator]
    sources: dict[str, Source]
    provinces: dict[str, Province]  # in the order pages list them
    strings: dict[str, Text | CountedText] = field(default_factory=dict)
    glossary: list[Term] = field(default_factory=list)
    admin_units: dict[str, AdminUnit] = field(default_factory=dict)  # by code, of the units before 1 July 2025
    rankings: dict[str, Ranking] = field(default_factory=dict)  # newest period first

    def rankings_of(self, indicator_id: str) -> list[Ranking]:
        return [ranking for ranking in self.rankings.values() if ranking.indicator.id == indicator_id]
