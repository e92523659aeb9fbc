"""The Gantt chart of a project's schedule, as a plotly figure.

One row per WBS item (indented by depth), followed by the issues that carry it out;
issues tied to a milestone of tsuzuri.yml rather than to a WBS item get a group of
their own at the end. Each kind of mark is one trace, not one trace per item, so that a
plan of thousands of items stays a small spec that draws quickly.

The chart is two figures: the bars, one row of ``ROW_PX`` pixels per row so the page's own
side columns (item, start, end, who, progress) line up with them, and the time axis
(``gantt_axis_figure``), which the page keeps in view while the rows scroll past. Each
encoding means one thing: an organization is a fill colour, the critical path a thick
dark outline with hatching, a late item a red triangle (and 遅延 in its row's 進捗 column),
today a blue line.

What a browser pays for is elements, not points: plotly draws a trace's fill as one path
but gives every piece of its line a path of its own, every marker one and every text label
one. So a filled trace has no line unless the line is seen, the dependencies are one path
(a shape) with one head where lines meet, words are the page's (side columns name the rows
and say 遅延), and the row stripes are the page's background, not a trace.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

import plotly.graph_objects as go

from tsuzuri.messages import say, text
from tsuzuri.model import Config, Issue
from tsuzuri.planning.schedule import Schedule, ScheduledItem

_DAY_MS = 86_400_000
_ONE_DAY = timedelta(days=1)
CRITICAL = "#111111"  # the critical path: a thick dark outline and hatching, never a colour of its own
LATE = "#c62828"  # only late marks are red
TODAY = "#1565c0"
_SUMMARY = "#666666"
_ISSUE = "#7f8c9d"
_BASELINE = "#9e9e9e"
ROW_PX = 24
"""The height of one row in pixels, in the chart and in the page's side columns beside it."""
AXIS_PX = 64
"""The height of the time axis figure: a band for the toolbar, then the tick labels."""
# Organizations' fills: colour-blind safe, and no red (red says late).
PALETTE = (
    "rgb(136, 204, 238)", "rgb(221, 204, 119)", "rgb(17, 119, 51)", "rgb(170, 68, 153)", "rgb(68, 170, 153)",
    "rgb(153, 153, 51)", "rgb(51, 34, 136)", "rgb(136, 136, 136)", "rgb(246, 207, 113)", "rgb(158, 185, 243)",
    "rgb(135, 197, 95)", "rgb(220, 176, 242)", "rgb(102, 197, 204)", "rgb(201, 219, 116)",
)

def _t(language: str, key: str, **values) -> str:
    return say(language, f"chart.gantt.{key}", **values)


@dataclass(frozen=True, slots=True)
class GanttRow:
    """One row of the chart: a WBS item, an issue that carries one out, or a milestone's group."""

    y: int
    text: str  # the whole label, plain text: "1.2 要件定義書作成", "HOJO-3 画面設計"
    depth: int
    item: ScheduledItem | None = None
    issue: Issue | None = None
    milestone_day: date | None = None  # a group row for a tsuzuri.yml milestone


def gantt_rows(schedule: Schedule, config: Config, issues: Sequence[Issue]) -> list[GanttRow]:
    """Return the chart's rows in order: each WBS item followed by its dated issues, then milestone groups."""
    by_key = {i.key: i for i in issues}
    rows: list[GanttRow] = []
    placed: set[str] = set()
    for item in schedule.items:
        rows.append(GanttRow(len(rows), f"{item.id} {item.title}", item.depth, item=item))
        for key in item.issues:
            issue = by_key.get(key)
            if issue and (issue.start or issue.due):
                rows.append(GanttRow(len(rows), f"{key} {issue.title}", item.depth + 1, issue=issue))
                placed.add(key)
    by_milestone: dict[str, list[Issue]] = {}
    for issue in issues:
        if issue.key not in placed and issue.milestone and (issue.start or issue.due):
            by_milestone.setdefault(issue.milestone, []).append(issue)
    for milestone_id, grouped in by_milestone.items():
        ms = config.milestone(schedule.project, milestone_id)
        name = (ms.name if ms and ms.name else milestone_id)
        rows.append(GanttRow(len(rows), name, 0, milestone_day=ms.date if ms else None))
        for issue in grouped:
            rows.append(GanttRow(len(rows), f"{issue.key} {issue.title}", 1, issue=issue))
    return rows


def project_issues(schedule: Schedule, issues: Mapping[str, Issue] | None) -> list[Issue]:
    """Return the issues of the schedule's project in number order."""
    return sorted((i for i in (issues or {}).values() if i.project == schedule.project), key=lambda i: i.number)


def _group(item: ScheduledItem, config: Config, color_by: str, language: str) -> str:
    if color_by == "assignee":
        member = config.member(item.assignee) if item.assignee else None
        return escape(member.name if member else (item.assignee or _t(language, "unassigned")))
    org = config.organization(item.owner) if item.owner else None
    return escape(org.name if org else (item.owner or _t(language, "unassigned")))


def _length_ms(start: date, end: date) -> int:
    return ((end - start).days + 1) * _DAY_MS  # the end day is included


def _hover(item: ScheduledItem, language: str) -> str:
    when = f"{item.start:%Y-%m-%d}" if item.milestone else f"{item.start:%Y-%m-%d}〜{item.end:%Y-%m-%d}"
    parts = [f"<b>{escape(item.id)} {escape(item.title)}</b>", when]
    if not item.milestone:
        parts.append(_t(language, "days", n=item.duration))
    parts.append(_t(language, "progress", p=item.progress) + " / " + _t(language, "float", n=item.total_float))
    if item.critical:
        parts.append(_t(language, "critical"))
    if item.late:
        parts.append(_t(language, "late"))
    return "<br>".join(parts)


def gantt_figure(
    schedule: Schedule,
    config: Config,
    issues: Mapping[str, Issue] | None = None,
    *,
    language: str = "ja",
    color_by: str = "owner",
    progress_line: bool = False,
    baseline: Schedule | None = None,
    title: str = "",
) -> go.Figure:
    """Draw a schedule's bars, one ``ROW_PX`` row per item: dependencies, milestones, the critical path, late marks.

    The figure has no legend and no tick labels: the page puts the legend above it, the
    time axis (``gantt_axis_figure``) in view above the rows, and the rows' names and
    dates in columns beside it.
    """
    rows = gantt_rows(schedule, config, project_issues(schedule, issues))
    row_of = {r.item.id: r.y for r in rows if r.item}
    colors = group_colors(rows, config, color_by, language)
    fig = go.Figure()
    if baseline is not None:
        _baseline_bars(fig, rows, baseline, language)
    _task_bars(fig, rows, config, color_by, language, colors)
    _summary_bars(fig, rows, language)
    _issue_marks(fig, rows, config, language)
    _dependency_arrows(fig, schedule, row_of, language)
    _milestones(fig, rows, language)
    _late_marks(fig, rows)
    if progress_line:
        _progress_line(fig, rows, schedule.today, language)
    _row_hover(fig, rows, config, language, baseline)
    fig.add_shape(type="line", x0=schedule.today, x1=schedule.today, yref="paper", y0=0, y1=1, name="today",
                  line={"color": TODAY, "width": 1.5, "dash": "dot"})
    ticks = scale_settings(schedule, language)["month"]
    fig.update_layout(
        title=title or None,
        barmode="overlay",
        height=max(len(rows), 1) * ROW_PX,
        margin={"l": 0, "r": 8, "t": 0, "b": 0, "pad": 0},
        xaxis={"type": "date", "side": "top", "gridcolor": "#e6e6e6", "showticklabels": False, "ticks": "", "zeroline": False,
               "hoverformat": "%Y-%m-%d", **ticks},
        yaxis={
            "showticklabels": False,  # the page's side columns name the rows (no tick text: 2,000 ticks cost as much as bars)
            "range": [len(rows) - 0.5, -0.5],  # first row at the top, every row ROW_PX high
            "fixedrange": True,  # rows scroll with the page; only time zooms and pans
            "showgrid": False,
            "zeroline": False,
        },
        dragmode="pan",
        showlegend=False,
        # The page's background shades every other row under the bars, as it does the side columns.
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        hovermode="y",  # pointing anywhere in a row tells about that row
        hoverlabel={"align": "left"},
    )
    return fig


def gantt_axis_figure(schedule: Schedule, language: str = "ja") -> go.Figure:
    """Draw the chart's time axis alone, to stand above the bars and stay in view as the rows scroll."""
    ticks = scale_settings(schedule, language)["month"]
    fig = go.Figure()
    fig.add_annotation(x=schedule.today, yref="paper", y=1, text=_t(language, "today"), showarrow=False, yanchor="bottom", xanchor="center",
                       font={"color": TODAY, "size": 11}, bgcolor="rgba(255,255,255,0.9)")
    fig.add_shape(
        type="line", x0=schedule.today, x1=schedule.today, yref="paper", y0=0, y1=1, line={"color": TODAY, "width": 1.5, "dash": "dot"}
    )
    fig.update_layout(
        height=AXIS_PX,
        # The toolbar sits in the band above the plot, never over the tick labels below it.
        margin={"l": 0, "r": 8, "t": 28, "b": AXIS_PX - 32, "pad": 0},
        xaxis={"type": "date", "side": "bottom", "showgrid": False, "ticks": "outside", "ticklen": 4, "zeroline": False,
               "hoverformat": "%Y-%m-%d", **ticks},
        yaxis={"visible": False, "fixedrange": True, "range": [0, 1]},
        dragmode="pan",
        showlegend=False,
        plot_bgcolor="white",
        modebar={"orientation": "h", "bgcolor": "rgba(255,255,255,0.9)"},
    )
    return fig


def _window(schedule: Schedule) -> tuple[date, date]:
    """Return the dates the whole plan spans, with a little room either side."""
    return schedule.start - timedelta(days=7), schedule.finish + timedelta(days=14)


def scale_settings(schedule: Schedule, language: str = "ja") -> dict[str, dict]:
    """Return the x-axis settings of each scale: the whole plan by month, about three months by week, a month by day.

    Week and day views open around today (or the plan's start when today is outside it).
    """
    start, end = _window(schedule)
    months = (schedule.finish.year - schedule.start.year) * 12 + schedule.finish.month - schedule.start.month + 1
    step = 1 if months <= 15 else 2 if months <= 30 else 3
    anchor = schedule.today if schedule.start <= schedule.today <= schedule.finish else schedule.start
    monday = anchor - timedelta(days=anchor.weekday())
    return {
        "month": {
            "range": [f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"],
            "dtick": f"M{step}",
            "tick0": f"{schedule.start:%Y-%m}-01",
            # Two short lines fit a year of months beside the side columns on a laptop without tilting.
            "tickformat": text(language, "chart.gantt.month_tick"),
            "tickangle": 0,
            "ticklabelmode": "period",  # the label stands in the middle of its month
        },
        "week": {
            "range": [f"{monday - timedelta(days=7):%Y-%m-%d}", f"{monday + timedelta(weeks=13):%Y-%m-%d}"],
            "dtick": 7 * _DAY_MS,
            "tick0": f"{monday:%Y-%m-%d}",  # weeks start on Monday
            "tickformat": text(language, "chart.gantt.week_tick"),
            "tickangle": 0,
            "ticklabelmode": "instant",
        },
        "day": {
            "range": [f"{anchor - timedelta(days=3):%Y-%m-%d}", f"{anchor + timedelta(days=25):%Y-%m-%d}"],
            "dtick": _DAY_MS,
            "tick0": f"{monday:%Y-%m-%d}",
            "tickformat": text(language, "chart.gantt.day_tick"),
            "tickangle": 0,
            "ticklabelmode": "period",
        },
    }


def group_colors(rows: Sequence[GanttRow], config: Config, color_by: str, language: str) -> dict[str, str]:
    """Return each organization's (or assignee's) fill colour, in the order they first appear."""
    names: dict[str, str] = {}
    for row in rows:
        item = row.item
        if item and not item.summary and not item.milestone:
            name = _group(item, config, color_by, language)
            if name not in names:
                names[name] = PALETTE[len(names) % len(PALETTE)]
    return names


def _boxes(spans) -> tuple[list, list]:
    """Return one path's points for many boxes: (row, top offset, bottom offset, start, end) each, None between.

    The fill closes each box by itself.
    """
    xs: list = []
    ys: list = []
    for y, top, bottom, start, end in spans:
        high, low = round(y + top, 4), round(y + bottom, 4)  # a ten-thousandth of a row is well under a pixel
        xs += [start, end, end, start, None]
        ys += [high, high, low, low, None]
    return xs, ys


def _shape(name: str, spans, color: str, *, group: str = "", pattern: dict | None = None) -> go.Scatter:
    """Return many filled boxes as one trace: its fill is one path however many bars it holds.

    The trace has no line at all (mode "none"): plotly draws a line as one path per box, and on
    a plan of 2,000 items those paths were most of what the page drew. An outline is a shape
    (``_outline``).
    """
    xs, ys = _boxes(spans)
    return go.Scatter(
        x=xs, y=ys, mode="none", fill="toself", fillcolor=color, name=name, legendgroup=group or name,
        hoverinfo="skip", **({"fillpattern": pattern} if pattern else {}),
    )


CRITICAL_OUTLINE = "critical"
"""The name of the shape that outlines every bar on the critical path."""


def _outline(fig: go.Figure, spans, line: dict) -> None:
    """Outline many boxes with one path (a shape), in pixels of line width at every zoom."""
    path = "".join(f"M{s},{round(y + top, 4)}H{e}V{round(y + bottom, 4)}H{s}Z" for y, top, bottom, s, e in spans)
    fig.add_shape(type="path", name=CRITICAL_OUTLINE, path=path, line=line, fillcolor="rgba(0,0,0,0)", layer="above")


def _moment(start: date, days: float) -> str:
    """Return the moment ``days`` after the start of ``start``, as plotly reads a date axis."""
    return f"{datetime.combine(start, datetime.min.time()) + timedelta(days=days):%Y-%m-%d %H:%M}"


def _bar_span(y: int, half: float, start: date, end: date, offset: float = 0.0):
    # A bar covers its end day: it runs from the start of its first day to the close of its last.
    return (y, offset - half, offset + half, f"{start:%Y-%m-%d}", f"{end + _ONE_DAY:%Y-%m-%d}")


def _task_bars(fig: go.Figure, rows: list[GanttRow], config: Config, color_by: str, language: str, colors: dict[str, str]) -> None:
    groups: dict[str, list[tuple[int, ScheduledItem]]] = {}
    for row in rows:
        item = row.item
        if item and not item.summary and not item.milestone:
            groups.setdefault(_group(item, config, color_by, language), []).append((row.y, item))
    for name, items in groups.items():
        color = colors[name]
        fig.add_trace(_shape(name, [_bar_span(y, 0.3, i.start, i.end) for y, i in items], _faded(color), group=name))
        # Progress fills the done part of the bar in the group's full colour.
        done = [(y, -0.3, 0.3, f"{i.start:%Y-%m-%d}", _moment(i.start, ((i.end - i.start).days + 1) * i.progress / 100))
                for y, i in items if i.progress > 0]
        if done:
            fig.add_trace(_shape(name, done, color, group=name).update(showlegend=False))
    critical = [_bar_span(r.y, 0.3, r.item.start, r.item.end) for r in rows
                if r.item and r.item.critical and not r.item.summary and not r.item.milestone]
    if critical:
        # The critical path: hatching and a thick dark outline over whatever the organization's fill.
        fig.add_trace(_shape(_t(language, "critical"), critical, "rgba(0,0,0,0)",
                             pattern={"shape": "/", "fgcolor": CRITICAL, "fgopacity": 0.45, "size": 6, "solidity": 0.15}))
        _outline(fig, critical, {"color": CRITICAL, "width": 2.5})


def _faded(color: str, alpha: float = 0.4) -> str:
    """Return an ``rgb(r, g, b)`` colour at ``alpha`` (the bar's part still to do)."""
    return color.replace("rgb(", "rgba(").replace(")", f", {alpha})") if color.startswith("rgb(") else color


def _summary_bars(fig: go.Figure, rows: list[GanttRow], language: str) -> None:
    items = [(r.y, r.item) for r in rows if r.item and r.item.summary]
    if not items:
        return
    name = _t(language, "summary")
    fig.add_trace(_shape(name, [_bar_span(y, 0.125, i.start, i.end) for y, i in items if not i.critical], _SUMMARY))
    # On the critical path a summary bar is dark and a pixel taller each side (once a 2 px outline of its own colour).
    critical = [_bar_span(y, 0.125 + 1 / ROW_PX, i.start, i.end) for y, i in items if i.critical]
    if critical:
        fig.add_trace(_shape(name, critical, CRITICAL).update(showlegend=False))


def _baseline_bars(fig: go.Figure, rows: list[GanttRow], baseline: Schedule, language: str) -> None:
    pairs = [(r.y, old) for r in rows if r.item and (old := baseline.item(r.item.id)) is not None]
    if not pairs:
        return
    # A thin bar just under the current one: the plan as it was at the baseline ref.
    fig.add_trace(_shape(_t(language, "baseline"), [_bar_span(y, 0.07, o.start, o.end, offset=0.37) for y, o in pairs], _BASELINE))


def _issue_marks(fig: go.Figure, rows: list[GanttRow], config: Config, language: str) -> None:
    spans = [(r.y, r.issue) for r in rows if r.issue and r.issue.start and r.issue.due]
    points = [(r.y, r.issue) for r in rows if r.issue and not (r.issue.start and r.issue.due)]
    name = _t(language, "issues")
    open_spans = [_bar_span(y, 0.2, i.start, i.due) for y, i in spans if not i.is_done(config)]
    done_spans = [_bar_span(y, 0.2, i.start, i.due) for y, i in spans if i.is_done(config)]
    if open_spans:
        fig.add_trace(_shape(name, open_spans, _faded("rgb(127, 140, 157)", 0.9), group="issues"))
    if done_spans:
        fig.add_trace(_shape(name, done_spans, _faded("rgb(127, 140, 157)", 0.4), group="issues").update(showlegend=not open_spans))
    if points:
        fig.add_trace(go.Scatter(
            mode="markers", name=name, legendgroup="issues", showlegend=not spans,
            x=[(i.due or i.start) + _ONE_DAY for _, i in points], y=[y for y, _ in points],
            marker={"symbol": "triangle-down", "size": 9, "color": _ISSUE}, hoverinfo="skip",
        ))


def _row_hover(fig: go.Figure, rows: list[GanttRow], config: Config, language: str, baseline: Schedule | None) -> None:
    # One point per row, drawn as nothing: with the figure's hovermode "y", pointing anywhere in
    # a row shows what that row is, at no cost of an element per bar.
    xs, ys, texts = [], [], []
    for row in rows:
        item, issue = row.item, row.issue
        if item is not None:
            old = baseline.item(item.id) if baseline is not None else None
            extra = f"<br>{_t(language, 'baseline')}: {old.start:%Y-%m-%d}〜{old.end:%Y-%m-%d}" if old is not None else ""
            if item.target:
                extra += f"<br>{_t(language, 'target')}: {item.target:%Y-%m-%d}"
            texts.append(_hover(item, language) + extra)
            xs.append(item.start + timedelta(days=(item.end - item.start).days / 2))
        elif issue is not None:
            when = "〜".join(f"{d:%Y-%m-%d}" for d in (issue.start, issue.due) if d)
            texts.append(f"<b>{issue.key} {escape(issue.title)}</b><br>{when}<br>{escape(config.label('statuses', issue.status))}")
            xs.append(issue.start or issue.due)
        elif row.milestone_day is not None:
            texts.append(f"<b>{escape(row.text)}</b><br>{row.milestone_day:%Y-%m-%d}")
            xs.append(row.milestone_day)
        else:
            continue
        ys.append(row.y)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": 0}, name="rows", showlegend=False,
                             hovertext=texts, hoverinfo="text", hoverlabel={"namelength": 0}))


DEPENDENCIES = "dependencies"
"""The name of the shape that draws every dependency's line."""

MARKS = "tsuzuri-marks:"
"""The start of the name of a shape whose marks the page draws at a size in pixels: ``tsuzuri-marks:<glyph>``."""


def _marks(fig: go.Figure, glyph: str, points, *, fill: str, line: dict | None = None) -> None:
    """Add marks that keep their size in pixels at every zoom, all of one glyph in one path.

    plotly draws each marker as an element of its own, which on a large plan cost a fifth of the
    page; a shape is one element but its coordinates are data, which zoom. So the shape's path
    holds each mark's point (``M x,y Z``, which draws nothing), and the page's loader
    (assets/plot-loader.js) draws the glyph around every point for the time axis's scale, again
    whenever the scale changes. Glyphs: ``arrow-right``, ``arrow-left``, ``triangle``.
    """
    if points:
        fig.add_shape(type="path", name=MARKS + glyph, path="".join(f"M{x:%Y-%m-%d},{y}Z" for x, y in points),
                      fillcolor=fill, line=line or {"width": 0}, layer="above")


def _dependency_arrows(fig: go.Figure, schedule: Schedule, row_of: dict[str, int], language: str) -> None:
    # Every line is one SVG path, a layout shape: a trace with None breaks gives each piece a
    # path of its own (3,000 of them on the benchmark's plan); the heads are marks of one path
    # for each way they point.
    legs: list[str] = []
    heads: dict[tuple, None] = {}  # (x, y, way): two lines into one start share a head
    for item in schedule.items:
        for dep in item.after:
            pred = schedule.item(dep.id)
            if pred is None or dep.id not in row_of:
                continue
            x0 = pred.end + _ONE_DAY  # bars cover their end day, milestones sit at its close
            x1 = item.start + (_ONE_DAY if item.milestone else timedelta(0))
            y0, y1 = row_of[pred.id], row_of[item.id]
            elbow = max(x0, x1 - _ONE_DAY) if x1 > x0 else x0
            legs.append(f"M{x0:%Y-%m-%d},{y0}H{elbow:%Y-%m-%d}V{y1}H{x1:%Y-%m-%d}")
            heads[(x1, y1, "left" if x1 < elbow else "right")] = None  # the last leg runs left or right
    if legs:
        # "between": under the bars, over the grid, as the lines were when they were a trace before the bars' marks.
        fig.add_shape(type="path", path="".join(legs), name=DEPENDENCIES, layer="between", line={"color": "#8a8a8a", "width": 1})
        for way in ("right", "left"):
            _marks(fig, f"arrow-{way}", [(x, y) for x, y, w in heads if w == way], fill="#8a8a8a")


def _milestones(fig: go.Figure, rows: list[GanttRow], language: str) -> None:
    items = [(r.y, r.item) for r in rows if r.item and r.item.milestone]
    groups = [(r.y, r.milestone_day) for r in rows if r.milestone_day]
    if items or groups:
        fig.add_trace(go.Scatter(
            mode="markers", name=_t(language, "milestone"),
            x=[i.end + _ONE_DAY for _, i in items] + [d + _ONE_DAY for _, d in groups], y=[y for y, _ in items] + [y for y, _ in groups],
            marker={"symbol": "diamond", "size": [16 if i.critical else 13 for _, i in items] + [13] * len(groups),
                    "line": {"width": [3 if i.critical else 1 for _, i in items] + [1] * len(groups),
                             "color": [CRITICAL if i.critical else "white" for _, i in items] + ["white"] * len(groups)},
                    "color": "#333333"},
            hoverinfo="skip",
        ))
    targets = [(y, i) for y, i in items if i.target]
    if targets:
        fig.add_trace(go.Scatter(
            mode="markers", name=_t(language, "target"), x=[i.target + _ONE_DAY for _, i in targets], y=[y for y, _ in targets],
            marker={"symbol": "diamond-open", "size": 13, "color": "#222222"},
            hoverinfo="skip",
        ))


def _late_marks(fig: go.Figure, rows: list[GanttRow]) -> None:
    late = [(r.y, r.item) for r in rows if r.item and r.item.late]
    if late:
        # A shape, not only a colour: a red triangle at the close of the bar; the word 遅延 stands
        # in the row's 進捗 column beside it (as text in the figure, each one cost as much as two marks).
        _marks(fig, "triangle", [(i.end + _ONE_DAY, y) for y, i in late], fill=LATE, line={"color": "white", "width": 1})


def progress_point(item: ScheduledItem, today: date) -> date:
    """Return where an item's progress line vertex sits: today, or ahead or behind it."""
    # Work that is finished and past, or not started and still ahead, is on time.
    if (item.progress >= 100 and item.end < today) or (item.progress <= 0 and item.start > today):
        return today
    length = (item.end - item.start).days + 1
    return item.start + timedelta(days=round(length * item.progress / 100))


def _progress_line(fig: go.Figure, rows: list[GanttRow], today: date, language: str) -> None:
    points = [(r.y, progress_point(r.item, today)) for r in rows if r.item and not r.item.milestone]
    if points:
        fig.add_trace(go.Scatter(
            mode="lines", name=_t(language, "progress_line"), x=[x for _, x in points], y=[y for y, _ in points],
            line={"color": "#e377c2", "width": 2}, hoverinfo="skip",
        ))
