"""Chart geometry, computed at build time; overrides/report/charts/ draws it as inline SVG
(with HTML text where a chart's labels need to wrap or keep their size).

No JavaScript and no network: a chart is markup in the page, readable by screen readers
(an SVG image through its <title> and <desc>), with every mark labelled by its value so
colour is never the only cue. Text keeps the size it is drawn at, on a phone as on a
laptop: a chart is drawn at the width it is shown, or places its marks at percentages of
that width (an SVG without a viewBox), so that nothing scales its text down.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from .formatting import Formatter
from .model import Figure, Progress, Province, Ranking, Rank, Target

# --- Bars: an indicator province by province, a ranking of every province --------------------
# Labels and values are HTML text, so they keep the page's type size on any screen. Only the
# bars and the scale are SVG, and without a viewBox: their coordinates are percentages of the
# width the page gives them, so nothing in them is scaled down (an inline style could set a
# width, but the Content-Security-Policy refuses inline styles).

TICK_EDGE = 3  # a tick this close (per cent) to an end is aligned with it, not centred on it


@dataclass(frozen=True)
class Tick:
    text: str
    at: float  # per cent of the scale's width
    anchor: str  # SVG text-anchor: start at the left end, end at the right, middle between


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str  # with its unit ("3,11 tỷ USD") or total ("15/63"), as the tables write it
    start: float  # per cent of the scale's width
    length: float  # per cent; 0 where there is nothing to draw
    range_end: float | None  # a range's upper end (per cent): drawn as an outline past the bar
    figure_id: str | None
    province_id: str | None  # the province's page, where the site has one
    position: str = ""  # a ranking's row: its position, shown before the name


@dataclass(frozen=True)
class BarGroup:
    """Bars that can be compared: one unit, or one ranking (one total). A chart draws each
    group on a scale of its own, under a heading saying what the group compares."""

    id: str
    heading: str
    scale_label: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    track: bool  # ranks: a pale track runs to the last position, the scale's end


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    how_to_read: str
    groups: tuple[BarGroup, ...]
    unscaled: tuple[Bar, ...] = ()  # ranks the source gives without a total: no scale to draw them on
    unscaled_note: str = ""
    short_labels: bool = False  # names short enough to stay beside their bars on a phone


def _tick(text: str, at: float) -> Tick:
    anchor = "start" if at <= TICK_EDGE else "end" if at >= 100 - TICK_EDGE else "middle"
    return Tick(text, round(at, 2), anchor)


def _nice_step(span: float, most: int) -> float:
    """The round step (1, 2, 2.5 or 5 times a power of ten) giving at most `most` intervals."""
    raw = span / most
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))


def _value_scale(values: list[float], f: Formatter) -> tuple[float, float, tuple[Tick, ...]]:
    """From 0 (or the lowest negative value) to a round number at or above the largest."""
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1
    step = _nice_step(high - low, 4)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    count = round((top - bottom) / step)
    ticks = tuple(
        _tick(f.number(round(bottom + i * step, 9)), i / count * 100) for i in range(count + 1)
    )
    return bottom, top, ticks


def _rank_ticks(total: int, f: Formatter) -> tuple[Tick, ...]:
    """Position 1, round positions, and the last one: the scale runs from 0 to `total`."""
    step = max(1, round(_nice_step(total, 4)))
    inner = [r for r in range(step, total, step) if total - r >= 0.08 * total and r / total * 100 > TICK_EDGE * 2]
    return tuple(_tick(f.number(r), r / total * 100) for r in [1, *inner, total])


def rank_bar(rank: Rank, label: str, figure_id: str | None, province_id: str | None, f: Formatter, position: str = "") -> Bar:
    """A rank as a bar from 0 to its position in a track to the last one: 1 = best, so the
    shorter the bar, the better."""
    length = rank.position / rank.total * 100 if rank.total else 0
    return Bar(label, f.rank(rank), 0, round(length, 2), None, figure_id, province_id, position)


def rank_group(group_id: str, heading: str, total: int, bars: tuple[Bar, ...], f: Formatter) -> BarGroup:
    return BarGroup(group_id, heading, f.t("rank_axis"), bars, _rank_ticks(total, f), track=True)


def _value_bar(figure: Figure, province: Province, bottom: float, top: float, f: Formatter) -> Bar:
    def at(value: float) -> float:
        return (value - bottom) / (top - bottom) * 100

    low = figure.value if figure.value is not None else figure.value_range.min
    zero, end = at(0), at(low)
    range_end = round(at(figure.value_range.max), 2) if figure.value is None else None
    return Bar(_bar_label(figure, province, f), f.quantity(figure), round(min(zero, end), 2), round(abs(end - zero), 2), range_end, figure.id, province.id)


def _bar_label(figure: Figure, province: Province, f: Formatter) -> str:
    return f"{f.text(province.name)} ({f.period(figure.when)})"


def _periods(figures: list[Figure], f: Formatter) -> str:
    return ", ".join(f.period(when) for when in sorted({figure.when for figure in figures}))


def indicator_chart(indicator_id: str, entries: list[tuple[Figure, Province]], f: Formatter) -> BarChart | None:
    """Bars by reported value, or by national rank when more figures give a rank; in groups
    that can be compared: one per unit, or one per ranking (by its total: the DTI ranks 63
    provinces until 2023, and the 34 units formed in 2025 from 2024). A group never joins
    another's scale or order."""
    with_values = [(fig, prov) for fig, prov in entries if fig.value is not None or fig.value_range is not None]
    with_ranks = [(fig, prov) for fig, prov in entries if fig.national_rank]
    if not with_values and not with_ranks:
        return None
    name = f.text(entries[0][0].indicator.name)
    if with_values and len(with_values) >= len(with_ranks):
        by_unit: dict[str, list[tuple[Figure, Province]]] = {}
        for fig, prov in with_values:
            by_unit.setdefault(fig.unit.id, []).append((fig, prov))
        groups = []
        for unit_id, members in by_unit.items():
            members.sort(key=lambda item: -(item[0].value if item[0].value is not None else item[0].value_range.max))
            bottom, top, ticks = _value_scale(
                [v for fig, _ in members for v in ((fig.value,) if fig.value is not None else (fig.value_range.min, fig.value_range.max))], f
            )
            unit = f.text(members[0][0].unit.label)
            heading = f.t("chart_group_unit", unit=unit, periods=_periods([fig for fig, _ in members], f))
            bars = tuple(_value_bar(fig, prov, bottom, top, f) for fig, prov in members)
            groups.append(BarGroup(f"chart-{indicator_id}-{unit_id}", heading, f.t("chart_scale_unit", unit=unit), bars, ticks, track=False))
        how = f.t("chart_values_how_to_read") if len(groups) == 1 else f.t("chart_values_how_to_read_groups")
        if any(bar.range_end is not None for group in groups for bar in group.bars):
            how += " " + f.t("chart_range_how_to_read")
        return BarChart(f"chart-{indicator_id}", f.t("chart_title", indicator=name), how, tuple(groups))
    by_total: dict[int, list[tuple[Figure, Province]]] = {}
    unscaled = []
    for fig, prov in sorted(with_ranks, key=lambda item: (item[0].national_rank.position, item[0].when)):
        if fig.national_rank.total:
            by_total.setdefault(fig.national_rank.total, []).append((fig, prov))
        else:
            unscaled.append(rank_bar(fig.national_rank, _bar_label(fig, prov, f), fig.id, prov.id, f))
    if not by_total:
        return None  # no rank with a total to draw: the table lists them
    # The ranking most figures are in first (the 63 provinces), then the others.
    ordered = sorted(by_total.items(), key=lambda item: (-len(item[1]), -item[0]))
    groups = tuple(
        rank_group(
            f"chart-{indicator_id}-of-{total}",
            f.t("chart_group_ranking", total=f.number(total), periods=_periods([fig for fig, _ in members], f)),
            total,
            tuple(rank_bar(fig.national_rank, _bar_label(fig, prov, f), fig.id, prov.id, f) for fig, prov in members),
            f,
        )
        for total, members in ordered
    )
    how = f.t("chart_ranks_how_to_read") if len(groups) <= 1 else f.t("chart_ranks_how_to_read_groups")
    return BarChart(
        f"chart-{indicator_id}",
        f.t("chart_title", indicator=name),
        how,
        groups,
        tuple(unscaled),
        f.t("chart_ranks_without_total") if unscaled else "",
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


# A timeline is an SVG without a viewBox: each mark sits at a percentage of the width the page
# gives it, so its numbers and years keep their size on a phone and on a laptop. Marks closer
# than TIMELINE_APART at the narrowest width shown (a phone's column) take another row.
TIMELINE_NARROWEST = 315  # px: a 375 px phone's column, less the room kept for the end marks
TIMELINE_APART = 26 / TIMELINE_NARROWEST * 100  # per cent: a mark's width and a little room
TIMELINE_YEAR_LABELS = 7  # at most, so that the years never overlap on a phone


@dataclass(frozen=True)
class TimelineMark:
    number: int
    x: float  # per cent of the width
    row: int
    date_text: str
    event_id: str


@dataclass(frozen=True)
class TimelineChart:
    id: str
    title: str
    description: str
    marks: tuple[TimelineMark, ...]
    years: tuple[tuple[str, float], ...]  # (year, or "" for a tick without a label; x in per cent)
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
    positions = [_fraction_of_year(event.date) for event in province.events]
    first, last = int(min(positions)), int(max(positions)) + 1
    span = max(last - first, 1)

    def x_of(position: float) -> float:
        return round((position - first) / span * 100, 2)

    marks, row_ends = [], []
    for number, (event, position) in enumerate(zip(province.events, positions), start=1):
        x = x_of(position)
        row = next((r for r, end in enumerate(row_ends) if x - end > TIMELINE_APART), len(row_ends))
        if row == len(row_ends):
            row_ends.append(x)
        row_ends[row] = x
        marks.append(TimelineMark(number, x, row, f.date(event.date), event.id))
    rows = len(row_ends)
    axis_y = 24 + rows * 28
    every = math.ceil((span + 1) / TIMELINE_YEAR_LABELS)
    listed = "; ".join(f"{mark.number}. {mark.date_text}: {f.text(event.title)}" for mark, event in zip(marks, province.events))
    return TimelineChart(
        id=f"timeline-chart-{province.id}",
        title=f.t("timeline_chart_title", province=f.text(province.name)),
        description=listed + ".",
        marks=tuple(marks),
        years=tuple((str(year) if (year - first) % every == 0 else "", x_of(year)) for year in range(first, last + 1)),
        height=axis_y + 30,
        axis_y=axis_y,
    )


# --- A province's rank in one ranking, year after year ---------------------------------------

HISTORY_LEFT = 48  # room for the rank ticks
HISTORY_TOP = 34  # room for the axis title
HISTORY_PLOT_HEIGHT = 180
YEAR_WIDTH = 58  # narrow: a phone shows the chart at its width, text and all
APART_GAP = 32  # between the line's years and a ranking drawn apart
YEAR_MARGIN = 28  # between an end of the plot and the nearest year's point: room for its label


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
    """The rank at the foot of the axis: the tick below the worst one drawn, so that no point
    (nor its label) sits on the axis itself."""
    worst = max(positions)
    step = 5 if worst < 20 else 10
    return max(10, (worst // step + 1) * step)


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
    years = [(str(year), HISTORY_LEFT + YEAR_MARGIN + (year - first) * YEAR_WIDTH) for year in range(first, last + 1)]
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
    right = years[-1][1] + YEAR_MARGIN
    apart = []
    for total, entries in sorted(others.items()):
        divider = right + APART_GAP / 2
        placed = []
        for figure, rank in entries:
            x = divider + APART_GAP / 2 + YEAR_MARGIN + len(placed) * YEAR_WIDTH
            placed.append(point(figure, rank, x))
            years.append((figure.period, x))
        label = f.t("rank_history_apart", total=f.number(total))
        apart.append(ApartRanking(label, divider, tuple(placed)))
        # Room for the label centred under the last point: about 10 units a character at 15 px
        # (Vietnamese letters with their marks are wide).
        right = placed[-1].x + max(YEAR_MARGIN, round(len(label) * 5))
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


def ranking_chart(ranking: Ranking, f: Formatter) -> BarChart:
    """A bar per row, best first, as long as its position (ties have bars of one length),
    labelled with its position and province; the provinces with a page of their own link to it."""
    bars = tuple(
        rank_bar(Rank(row.position, ranking.total), f.text(row.unit.name), None, row.province.id if row.province else None, f, f.number(row.position))
        for row in ranking.rows
    )
    title = f.text(ranking.title)
    group = rank_group(
        f"chart-{ranking.id}-rows", f.t("chart_group_ranking", total=f.number(ranking.total), periods=f.period(ranking.period)), ranking.total, bars, f
    )
    return BarChart(f"chart-{ranking.id}", title, f.t("chart_ranks_how_to_read"), (group,), short_labels=True)


# --- Progress towards targets: one bar per target, on a province page (issue 10) ---------------

TARGETS_BAR_WIDTH = 200  # px, drawn at the size shown: it fits a phone's column beside nothing


@dataclass(frozen=True)
class TargetProgressRow:
    target: Target
    report: Progress | None  # the latest count of targets met (a later report's, or the first); None: a status only
    filled: float = 0  # the bar's filled length, in px


@dataclass(frozen=True)
class TargetsProgressChart:
    id: str
    rows: tuple[TargetProgressRow, ...]
    without_progress: int  # targets with neither a count nor a status, left to the table
    width: int = TARGETS_BAR_WIDTH

    @property
    def scale(self) -> list[tuple[int, float]]:
        """The scale's marks: (per cent, x)."""
        return [(share, self.width * share / 100) for share in (0, 50, 100)]


def targets_progress_chart(province: Province) -> TargetsProgressChart | None:
    """Every target whose progress a source reports, by its latest count (or its status
    where no count is given); None for a province none of whose targets has either."""
    rows = []
    for target in province.targets:
        report = target.later_progress[-1] if target.later_progress else target.progress
        if report is None and not target.status:
            continue
        rows.append(TargetProgressRow(target, report, round(TARGETS_BAR_WIDTH * report.share, 1) if report else 0))
    if not rows:
        return None
    return TargetsProgressChart(f"targets-chart-{province.id}", tuple(rows), len(province.targets) - len(rows))


# --- Where the provinces covered stand in a ranking of every province (the home page) ---------
# The scale is drawn at the width it is shown: the SVG takes its column's width, with no
# viewBox, and places each mark at a percentage of it, so the text keeps its size on a phone
# and on a laptop. The names are HTML beside it, one per row of STANDING_ROW px.

STANDING_ROW = 28
STANDING_AXIS = 28  # room under the rows for the scale's numbers


@dataclass(frozen=True)
class StandingMark:
    province_id: str
    name: str
    label: str  # "17/63", with "tied" where another province shares the position
    position: int
    percent: float  # along the scale: 0 for the first position, 100 for the last
    y: float  # the middle of its row
    label_after: bool  # the label on the right of the mark (the left half of the scale), else on its left


@dataclass(frozen=True)
class StandingChart:
    id: str
    ranking_id: str
    title: str
    description: str
    how_to_read: str
    axis_label: str
    marks: tuple[StandingMark, ...]  # best position first
    ticks: tuple[tuple[str, float], ...]  # (position, percent) of each number on the scale

    @property
    def rows_height(self) -> int:
        return len(self.marks) * STANDING_ROW

    @property
    def height(self) -> int:
        return self.rows_height + STANDING_AXIS


def _standing_ticks(total: int) -> list[int]:
    """1, the tens and the last position; a ten close to the last is left out (60 before 63)."""
    step = 10 if total > 30 else 5
    return [1, *(n for n in range(step, total, step) if total - n >= step / 2), total] if total > 1 else [1]


def standing_chart(ranking: Ranking, f: Formatter) -> StandingChart | None:
    """Each province the site covers at its position in `ranking`, one row each, best first;
    None when the ranking ranks none of them."""
    covered = [row for row in ranking.rows if row.province]
    if not covered:
        return None
    span = max(ranking.total - 1, 1)

    def percent(position: int) -> float:
        return round((position - 1) / span * 100, 2)

    marks = []
    for index, row in enumerate(covered):
        label = f"{f.number(row.position)}/{f.number(ranking.total)}"
        if row.tied:
            label += f" ({f.t('ranking_tied')})"
        share = percent(row.position)
        marks.append(
            StandingMark(row.province.id, f.text(row.province.name), label, row.position, share, index * STANDING_ROW + STANDING_ROW / 2, share <= 50)
        )
    listed = "; ".join(f"{mark.name}: {mark.label}" for mark in marks)
    total = f.number(ranking.total)
    return StandingChart(
        id=f"standing-{ranking.id}",
        ranking_id=ranking.id,
        title=f.t("standing_title", ranking=f.text(ranking.title)),
        description=f.t("standing_description", total=total) + " " + listed + ".",
        how_to_read=f.t("standing_how_to_read", total=total),
        axis_label=f.t("standing_axis", total=total),
        marks=tuple(marks),
        ticks=tuple((f.number(n), percent(n)) for n in _standing_ticks(ranking.total)),
    )
