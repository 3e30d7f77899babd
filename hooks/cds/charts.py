"""Chart geometry, computed at build time; overrides/report/charts/ draws it as inline SVG.

No JavaScript and no network: a chart is markup in the page, readable by screen readers
through its <title> and <desc>, with every mark labelled by its value so colour is
never the only cue. Lengths here are in SVG user units (the viewBox scales them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .formatting import Formatter
from .model import Figure, Progress, Province

LABEL_WIDTH = 230  # room for "Province (period)" at the left of each bar
BAR_AREA = 300
VALUE_WIDTH = 150
ROW_HEIGHT = 30
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    length: float
    figure_id: str
    province_id: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def value_x(self) -> float:
        return self.label_width + BAR_AREA + 6


def _bar_label(figure: Figure, province: Province, f: Formatter) -> str:
    return f"{f.text(province.name)} ({f.period(figure.when)})"


def indicator_chart(indicator_id: str, entries: list[tuple[Figure, Province]], f: Formatter) -> BarChart | None:
    """Bars by reported value, or by national rank when more figures give a rank."""
    with_values = [(fig, prov) for fig, prov in entries if fig.value is not None or fig.value_range is not None]
    with_ranks = [(fig, prov) for fig, prov in entries if fig.national_rank]
    # Draw whichever measure more of the provinces report: values, or national ranks.
    if with_values and len(with_values) >= len(with_ranks):
        measured = [(fig, prov, fig.value if fig.value is not None else fig.value_range.max) for fig, prov in with_values]
        measured.sort(key=lambda item: -item[2])
        top = max(value for _, _, value in measured) or 1
        rows = [(fig, prov, max(value, 0) / top, f.quantity(fig)) for fig, prov, value in measured]
        kind = "chart_values_description"
    else:
        ranked = [(fig, prov, fig.national_rank) for fig, prov in entries if fig.national_rank]
        if not ranked:
            return None
        ranked.sort(key=lambda item: item[2].position)
        worst = max((rank.total or rank.position) for _, _, rank in ranked)
        rows = [(fig, prov, (worst - rank.position + 1) / worst, f.rank(rank)) for fig, prov, rank in ranked]
        kind = "chart_ranks_description"
    bars = tuple(
        Bar(_bar_label(fig, prov, f), text, 10 + index * ROW_HEIGHT, round(share * BAR_AREA, 1), fig.id, prov.id)
        for index, (fig, prov, share, text) in enumerate(rows)
    )
    name = f.text(entries[0][0].indicator.name)
    key_figures = "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    return BarChart(
        id=f"chart-{indicator_id}",
        title=f.t("chart_title", indicator=name),
        description=f.t(kind) + " " + key_figures + ".",
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=20 + len(bars) * ROW_HEIGHT,
    )


@dataclass(frozen=True)
class ProgressBar:
    id: str
    title: str
    description: str
    achieved: int
    total: int
    width: int = 160
    height: int = 14

    @property
    def filled(self) -> float:
        return round(self.width * self.achieved / self.total, 1)

    @property
    def ticks(self) -> list[float]:
        """One separator between each of the `total` parts, so the count can be read off."""
        step = self.width / self.total
        return [round(step * i, 1) for i in range(1, self.total)] if self.total <= 50 else []


def progress_bar(target_id: str, title: str, progress: Progress, f: Formatter) -> ProgressBar:
    text = f.t("progress_of", achieved=f.number(progress.achieved), total=f.number(progress.total))
    return ProgressBar(
        id=f"progress-{target_id}",
        title=title,
        description=f"{text} ({f.number(round(progress.share * 100))}%)",
        achieved=progress.achieved,
        total=progress.total,
    )


@dataclass(frozen=True)
class TimelineMark:
    number: int
    x: float
    row: int
    date_text: str
    event_id: str


@dataclass(frozen=True)
class TimelineChart:
    id: str
    title: str
    description: str
    marks: tuple[TimelineMark, ...]
    years: tuple[tuple[int, float], ...]  # (year, x) of each axis tick
    width: int
    height: int
    axis_y: int


def _fraction_of_year(iso: str) -> float:
    parts = [int(part) for part in iso.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    day = datetime.date(*parts)
    return parts[0] + (day.timetuple().tm_yday - 0.5) / 365


def timeline_chart(province: Province, f: Formatter) -> TimelineChart | None:
    if not province.events:
        return None
    width, margin = 680, 30
    positions = [_fraction_of_year(event.date) for event in province.events]
    first, last = int(min(positions)), int(max(positions)) + 1
    span = max(last - first, 1)

    def x_of(position: float) -> float:
        return round(margin + (position - first) / span * (width - 2 * margin), 1)

    marks, row_ends = [], []
    for number, (event, position) in enumerate(zip(province.events, positions), start=1):
        x = x_of(position)
        row = next((r for r, end in enumerate(row_ends) if x - end > 26), len(row_ends))
        if row == len(row_ends):
            row_ends.append(x)
        row_ends[row] = x
        marks.append(TimelineMark(number, x, row, f.date(event.date), event.id))
    rows = len(row_ends)
    axis_y = 24 + rows * 28
    listed = "; ".join(f"{mark.number}. {mark.date_text}: {f.text(event.title)}" for mark, event in zip(marks, province.events))
    return TimelineChart(
        id=f"timeline-chart-{province.id}",
        title=f.t("timeline_chart_title", province=f.text(province.name)),
        description=listed + ".",
        marks=tuple(marks),
        years=tuple((year, x_of(year)) for year in range(first, last + 1)),
        width=width,
        height=axis_y + 30,
        axis_y=axis_y,
    )
