"""Chart geometry, computed at build time; overrides/report/charts/ draws it as inline SVG.

No JavaScript and no network: a chart is markup in the page, readable by screen readers
through its <title> and <desc>, with every mark labelled by its value so colour is
never the only cue. Lengths here are in SVG user units (the viewBox scales them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .formatting import Formatter
from .model import Figure, Progress, Province, Ranking, Rank

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


# --- A province's rank in one ranking, year after year ---------------------------------------

HISTORY_LEFT = 48  # room for the rank ticks
HISTORY_TOP = 34  # room for the axis title
HISTORY_PLOT_HEIGHT = 180
YEAR_WIDTH = 66  # narrow: a phone shows the chart at its width, text and all
APART_GAP = 40  # between the line's years and a ranking drawn apart


@dataclass(frozen=True)
class RankPoint:
    x: float
    y: float
    label: str  # the rank as the table writes it, "15/63"
    label_y: float
    period: str
    figure_id: str
    open_question: bool


@dataclass(frozen=True)
class ApartRanking:
    """Years of a ranking with another total than the line's (the DTI 2024 ranks the 34 units
    formed in 2025, not the 63 provinces): drawn beside the line, never joined to it."""

    label: str  # "of 34 units"
    divider_x: float
    points: tuple[RankPoint, ...]


@dataclass(frozen=True)
class RankHistoryChart:
    id: str
    title: str
    description: str
    axis_label: str
    points: tuple[RankPoint, ...]  # the line's years, oldest first
    lines: tuple[str, ...]  # SVG `points` of each run of consecutive years
    uncertain_lines: tuple[str, ...]  # the same, for two consecutive years one of which is an open question
    apart: tuple[ApartRanking, ...]
    rank_ticks: tuple[tuple[int, float], ...]  # (rank, y)
    years: tuple[tuple[str, float], ...]  # (year, x) under the axis, the line's and the apart ones
    width: int
    height: int
    left: int = HISTORY_LEFT
    top: int = HISTORY_TOP

    @property
    def bottom(self) -> int:
        return self.top + HISTORY_PLOT_HEIGHT


def _worst_rank_shown(positions: list[int]) -> int:
    """The rank at the foot of the axis: the worst one drawn, rounded up to a tick."""
    worst = max(positions)
    step = 5 if worst <= 20 else 10
    return max(10, -(-worst // step) * step)


def line_total(figures: tuple[Figure, ...]) -> int | None:
    """The total of the ranking most of `figures` are ranked in (63 provinces): its years are
    joined by the line, and a year ranked among another number of units stands apart."""
    totals = [figure.national_rank.total for figure in figures if figure.national_rank]
    return max(dict.fromkeys(totals), key=totals.count) if totals else None


def rank_history_chart(chart_id: str, title: str, figures: tuple[Figure, ...], f: Formatter) -> RankHistoryChart | None:
    """`figures`: one per year, each with a national rank, oldest first. The ranking most of
    them share (by its total) is drawn as a line; years of a ranking with another total
    stand apart, each labelled with its own total."""
    ranked = [(figure, figure.national_rank) for figure in figures if figure.national_rank]
    if not ranked:
        return None
    common = line_total(figures)
    main = [(figure, rank) for figure, rank in ranked if rank.total in (common, None)]
    others: dict[int, list] = {}
    for figure, rank in ranked:
        if rank.total not in (common, None):
            others.setdefault(rank.total, []).append((figure, rank))
    foot = _worst_rank_shown([rank.position for _, rank in ranked])

    def y_of(position: int) -> float:
        return round(HISTORY_TOP + (position - 1) / (foot - 1) * HISTORY_PLOT_HEIGHT, 1)

    def point(figure: Figure, rank: Rank, x: float) -> RankPoint:
        y = y_of(rank.position)
        label_y = y + 20 if y - HISTORY_TOP < 16 else y - 10  # below a point at the very top
        return RankPoint(x, y, f.rank(rank), label_y, figure.period, figure.id, figure.open_question is not None)

    # `main` is never empty: its total is that of most of the ranked figures.
    first, last = int(main[0][0].period), int(main[-1][0].period)
    years = [(str(year), HISTORY_LEFT + 34 + (year - first) * YEAR_WIDTH) for year in range(first, last + 1)]
    at = dict(years)
    points = tuple(point(figure, rank, at[figure.period]) for figure, rank in main)
    # Consecutive years are joined: solidly, or dashed where a year is an open question.
    runs: list[list[RankPoint]] = []
    uncertain = []
    for previous, current in zip(points, points[1:]):
        if int(current.period) != int(previous.period) + 1:
            continue
        if previous.open_question or current.open_question:
            uncertain.append(f"{previous.x},{previous.y} {current.x},{current.y}")
        elif runs and runs[-1][-1] is previous:
            runs[-1].append(current)
        else:
            runs.append([previous, current])
    lines = tuple(" ".join(f"{p.x},{p.y}" for p in run) for run in runs)
    right = years[-1][1] + 34
    apart = []
    for total, entries in sorted(others.items()):
        divider = right + APART_GAP / 2
        placed = []
        for figure, rank in entries:
            x = divider + APART_GAP / 2 + 34 + len(placed) * YEAR_WIDTH
            placed.append(point(figure, rank, x))
            years.append((figure.period, x))
        label = f.t("rank_history_apart", total=f.number(total))
        apart.append(ApartRanking(label, divider, tuple(placed)))
        # Room for the label centred under the last point: about 8.8 units a character at 15 px.
        right = placed[-1].x + max(34, round(len(label) * 4.4))
    listed = [
        f.t("rank_history_open_point", period=p.period, rank=p.label) if p.open_question else f"{p.period}: {p.label}"
        for p in points
    ]
    listed += [
        f.t("rank_history_apart_point", period=p.period, rank=p.label, total=f.number(total))
        for (total, _), ranking in zip(sorted(others.items()), apart)
        for p in ranking.points
    ]
    step = 5 if foot <= 20 else 10
    return RankHistoryChart(
        id=chart_id,
        title=title,
        description=f.t("rank_history_description") + " " + "; ".join(listed) + ".",
        axis_label=f.t("rank_axis"),
        points=points,
        lines=lines,
        uncertain_lines=tuple(uncertain),
        apart=tuple(apart),
        rank_ticks=tuple((rank, y_of(rank)) for rank in [1, *range(step, foot + 1, step)]),
        years=tuple(years),
        width=int(right + 8),
        height=HISTORY_TOP + HISTORY_PLOT_HEIGHT + 48,
    )


# A ranking of every province: one row each, drawn narrow so that at a phone's width
# (375 px, ~340 px of content) the labels keep their size instead of shrinking with the
# viewBox; on a laptop it keeps that width.
RANKING_WIDTH = 340
RANKING_LABEL_WIDTH = 150
RANKING_ROW = 18
RANKING_TOP = 8


@dataclass(frozen=True)
class RankingBar:
    position: int
    label: str
    y: float
    length: float
    province_id: str | None  # the province's page, where the site has one


@dataclass(frozen=True)
class RankingChart:
    id: str
    title: str
    description: str
    bars: tuple[RankingBar, ...]
    width: int = RANKING_WIDTH
    label_width: int = RANKING_LABEL_WIDTH
    bar_height: int = RANKING_ROW - 5

    @property
    def height(self) -> int:
        return RANKING_TOP * 2 + len(self.bars) * RANKING_ROW


def ranking_chart(ranking: Ranking, f: Formatter) -> RankingChart:
    """A bar per row, longer the better the position (position 1: the whole width), so ties
    have bars of one length; each bar is labelled with its position and province."""
    area = RANKING_WIDTH - RANKING_LABEL_WIDTH - 4
    bars = tuple(
        RankingBar(
            position=row.position,
            label=f.text(row.unit.name),
            y=RANKING_TOP + index * RANKING_ROW,
            length=round((ranking.total - row.position + 1) / ranking.total * area, 1),
            province_id=row.province.id if row.province else None,
        )
        for index, row in enumerate(ranking.rows)
    )
    listed = "; ".join(f"{bar.position}. {bar.label}" for bar in bars)
    return RankingChart(
        id=f"chart-{ranking.id}",
        title=f.text(ranking.title),
        description=f.t("ranking_chart_description", total=f.number(ranking.total)) + " " + listed + ".",
        bars=bars,
    )
