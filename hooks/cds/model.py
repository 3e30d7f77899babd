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
    headline: bool = False


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    language: str
    author: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None  # ISO date, as precise as the source shows
    date_note: Optional[Text] = None
    url: Optional[str] = None


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

    @property
    def national_rank(self) -> Optional[Rank]:
        return next((rank for rank in self.ranks if rank.region is None), None)

    @property
    def when(self) -> str:
        return self.period or self.as_of or ""


@dataclass(frozen=True)
class Progress:
    achieved: int
    total: int
    as_of: Optional[str] = None

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
    status: Optional[str] = None
    document: Optional[str] = None
    note: Optional[Text] = None
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
class Province:
    id: str
    name: Text
    summary: Text
    figures: tuple[Figure, ...]
    targets: tuple[Target, ...]
    events: tuple[Event, ...]  # oldest first
    administrative_change: Optional[AdministrativeChange] = None
    pillar_groups: tuple[PillarGroup, ...] = ()

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the page cites, in order of first use."""
        seen: dict[str, Source] = {}
        for figure in self.figures:
            seen.setdefault(figure.source.id, figure.source)
        for target in self.targets:
            seen.setdefault(target.source.id, target.source)
        for event in self.events:
            for source in event.sources:
                seen.setdefault(source.id, source)
        if self.administrative_change:
            seen.setdefault(self.administrative_change.source.id, self.administrative_change.source)
        return tuple(seen.values())

    @property
    def last_updated(self) -> Optional[str]:
        """The newest publication date among the page's sources."""
        dates = [source.published for source in self.sources if source.published]
        return max(dates) if dates else None

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


@dataclass
class Dataset:
    pillars: dict[str, Pillar]
    units: dict[str, Unit]
    regions: dict[str, Region]
    event_kinds: dict[str, EventKind]
    indicators: dict[str, Indicator]
    sources: dict[str, Source]
    provinces: dict[str, Province]  # in the order pages list them
    strings: dict[str, Text] = field(default_factory=dict)
    glossary: list[Term] = field(default_factory=list)

    @property
    def headline_indicators(self) -> list[Indicator]:
        return [indicator for indicator in self.indicators.values() if indicator.headline]
