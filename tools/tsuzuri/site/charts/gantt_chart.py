"""The Gantt chart of a project's schedule, as a plotly figure.

One row per WBS item (indented by depth), followed by the issues that carry it out;
issues tied to a milestone of tsuzuri.yml rather than to a WBS item get a group of
their own at the end. Each kind of mark is one trace, not one trace per item, so that a
plan of thousands of items stays a small spec that draws quickly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

import plotly.graph_objects as go
from plotly.colors import qualitative

from tsuzuri.messages import say, text
from tsuzuri.model import Config, Issue
from tsuzuri.planning.schedule import Schedule, ScheduledItem

_DAY_MS = 86_400_000
_ONE_DAY = timedelta(days=1)
_CRITICAL = "#d62728"
_SUMMARY = "#444444"
_ISSUE = "#7f8c9d"
_BASELINE = "#9e9e9e"
_INDENT = "\u3000"
_SHOWN_ROWS = 150  # rows in view at first; a longer plan scrolls (pans) within the chart  # a full-width space survives SVG whitespace collapsing

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

    @property
    def label(self) -> str:
        """Return the label as drawn: indented, cut to fit, and escaped for plotly's markup."""
        if self.milestone_day is not None or (self.item is None and self.issue is None):
            return f"◆ {escape(self.text)}"
        return _INDENT * self.depth + escape(_short(self.text, self.depth))


_LABEL_COLUMNS = 44  # a long issue title would take the chart's width; its hover shows it whole


def _short(text: str, depth: int = 0) -> str:
    """Cut a row label to about _LABEL_COLUMNS columns after its indent (CJK characters count two)."""
    width = 2 * depth
    for n, char in enumerate(text):
        width += 2 if ord(char) > 0x2E80 else 1
        if width > _LABEL_COLUMNS:
            return text[:n] + "…"
    return text


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
    """Draw a schedule as a Gantt chart with dependencies, milestones and the critical path."""
    rows = gantt_rows(schedule, config, project_issues(schedule, issues))
    row_of = {r.item.id: r.y for r in rows if r.item}
    fig = go.Figure()
    _task_bars(fig, rows, config, color_by, language)
    _summary_bars(fig, rows, language)
    if baseline is not None:
        _baseline_bars(fig, rows, baseline, language)
    _issue_marks(fig, rows, config, language)
    _dependency_arrows(fig, schedule, row_of, language)
    _milestones(fig, rows, language)
    _late_marks(fig, rows, language)
    if progress_line:
        _progress_line(fig, rows, schedule.today, language)
    fig.add_shape(type="line", x0=schedule.today, x1=schedule.today, yref="paper", y0=0, y1=1, line={"color": _CRITICAL, "width": 1, "dash": "dot"})
    # Inside the plot, under the month labels it would otherwise cover.
    fig.add_annotation(x=schedule.today, yref="paper", y=1, text=_t(language, "today"), showarrow=False, yanchor="top", xanchor="left", xshift=2, font={"color": _CRITICAL, "size": 11}, bgcolor="rgba(255,255,255,0.8)")
    fig.update_layout(
        title=title or None,
        barmode="overlay",
        height=max(320, 22 * min(len(rows), _SHOWN_ROWS) + 170),
        margin={"l": 10, "r": 20, "t": 70 if title else 50, "b": 20},
        xaxis={"type": "date", "side": "top", "gridcolor": "#eeeeee", **_month_ticks(schedule, language)},
        yaxis={
            "tickvals": [r.y for r in rows],
            "ticktext": [r.label for r in rows],
            "range": [min(len(rows), _SHOWN_ROWS) - 0.5, -0.5],  # first row at the top
            "automargin": True,
        },
        # A long plan shows its first rows and pans to the rest: plotly lays out only the
        # labels in view, and thousands of them took a minute to draw.
        dragmode="pan" if len(rows) > _SHOWN_ROWS else "zoom",
        # Under the chart, in a row: at the right it takes a third of a laptop's width from the bars.
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.005, "yanchor": "top"},
        plot_bgcolor="white",
        hoverlabel={"align": "left"},
    )
    return fig


def _month_ticks(schedule: Schedule, language: str) -> dict:
    """Return x-axis settings for one labelled tick per month (two or three on a long plan)."""
    months = (schedule.finish.year - schedule.start.year) * 12 + schedule.finish.month - schedule.start.month + 1
    step = 1 if months <= 15 else 2 if months <= 30 else 3
    return {
        "dtick": f"M{step}",
        "tick0": f"{schedule.start:%Y-%m}-01",
        # Two short lines fit a year of months beside the row labels on a laptop without tilting.
        "tickformat": text(language, "chart.gantt.month_tick"),
        "tickangle": 0,
        "ticklabelmode": "period",  # the label stands in the middle of its month
        "hoverformat": "%Y-%m-%d",
    }


def _task_bars(fig: go.Figure, rows: list[GanttRow], config: Config, color_by: str, language: str) -> None:
    groups: dict[str, list[ScheduledItem]] = {}
    ys: dict[str, int] = {}
    for row in rows:
        item = row.item
        if item and not item.summary and not item.milestone:
            groups.setdefault(_group(item, config, color_by, language), []).append(item)
            ys[item.id] = row.y
    palette = qualitative.Safe + qualitative.Pastel
    for n, (name, items) in enumerate(groups.items()):
        color = palette[n % len(palette)]
        base = [f"{i.start:%Y-%m-%d}" for i in items]
        y = [ys[i.id] for i in items]
        fig.add_trace(go.Bar(
            orientation="h", name=name, legendgroup=name, base=base, y=y, width=0.6,
            x=[_length_ms(i.start, i.end) for i in items],
            marker={"color": color, "opacity": 0.35,
                    "line": {"color": [_CRITICAL if i.critical else color for i in items],
                             "width": [2 if i.critical else 0 for i in items]}},
            hovertext=[_hover(i, language) for i in items], hoverinfo="text",
        ))
        # Progress shades the done part of the bar, in the group's full colour.
        fig.add_trace(go.Bar(
            orientation="h", name=name, legendgroup=name, showlegend=False, base=base, y=y, width=0.6,
            x=[round(_length_ms(i.start, i.end) * i.progress / 100) for i in items],
            marker={"color": color}, hoverinfo="skip",
        ))


def _summary_bars(fig: go.Figure, rows: list[GanttRow], language: str) -> None:
    items = [(r.y, r.item) for r in rows if r.item and r.item.summary]
    if not items:
        return
    fig.add_trace(go.Bar(
        orientation="h", name=_t(language, "summary"), y=[y for y, _ in items], width=0.25,
        base=[f"{i.start:%Y-%m-%d}" for _, i in items], x=[_length_ms(i.start, i.end) for _, i in items],
        marker={"color": [_CRITICAL if i.critical else _SUMMARY for _, i in items]},
        hovertext=[_hover(i, language) for _, i in items], hoverinfo="text",
    ))


def _baseline_bars(fig: go.Figure, rows: list[GanttRow], baseline: Schedule, language: str) -> None:
    pairs = [(r.y, old) for r in rows if r.item and (old := baseline.item(r.item.id)) is not None]
    if not pairs:
        return
    # A thin bar just under the current one: the plan as it was at the baseline ref.
    fig.add_trace(go.Bar(
        orientation="h", name=_t(language, "baseline"), y=[y for y, _ in pairs], width=0.14, offset=0.3,
        base=[f"{o.start:%Y-%m-%d}" for _, o in pairs],
        x=[max(_length_ms(o.start, o.end), _DAY_MS // 4) for _, o in pairs],
        marker={"color": _BASELINE},
        hovertext=[f"{_t(language, 'baseline')}: {o.start:%Y-%m-%d}〜{o.end:%Y-%m-%d}" for _, o in pairs], hoverinfo="text",
    ))


def _issue_marks(fig: go.Figure, rows: list[GanttRow], config: Config, language: str) -> None:
    spans = [(r.y, r.issue) for r in rows if r.issue and r.issue.start and r.issue.due]
    points = [(r.y, r.issue) for r in rows if r.issue and not (r.issue.start and r.issue.due)]

    def hover(issue: Issue) -> str:
        when = "〜".join(f"{d:%Y-%m-%d}" for d in (issue.start, issue.due) if d)
        return f"<b>{issue.key} {escape(issue.title)}</b><br>{when}<br>{escape(config.label('statuses', issue.status))}"

    if spans:
        fig.add_trace(go.Bar(
            orientation="h", name=_t(language, "issues"), legendgroup="issues", y=[y for y, _ in spans], width=0.4,
            base=[f"{i.start:%Y-%m-%d}" for _, i in spans], x=[_length_ms(i.start, i.due) for _, i in spans],
            marker={"color": _ISSUE, "opacity": [0.4 if i.is_done(config) else 0.9 for _, i in spans]},
            hovertext=[hover(i) for _, i in spans], hoverinfo="text",
        ))
    if points:
        fig.add_trace(go.Scatter(
            mode="markers", name=_t(language, "issues"), legendgroup="issues", showlegend=not spans,
            x=[(i.due or i.start) + _ONE_DAY for _, i in points], y=[y for y, _ in points],
            marker={"symbol": "triangle-down", "size": 9, "color": _ISSUE},
            hovertext=[hover(i) for _, i in points], hoverinfo="text",
        ))


def _dependency_arrows(fig: go.Figure, schedule: Schedule, row_of: dict[str, int], language: str) -> None:
    # All arrows are one line trace broken by None, and their heads one marker trace: markers on
    # every point of the lines (most of them hidden) made a large plan draw twice as slowly.
    xs: list = []
    ys: list = []
    heads: list[tuple] = []  # (x, y, angle)
    for item in schedule.items:
        for dep in item.after:
            pred = schedule.item(dep.id)
            if pred is None or dep.id not in row_of:
                continue
            x0 = pred.end + _ONE_DAY  # bars cover their end day, milestones sit at its close
            x1 = item.start + (_ONE_DAY if item.milestone else timedelta(0))
            y0, y1 = row_of[pred.id], row_of[item.id]
            elbow = max(x0, x1 - _ONE_DAY) if x1 > x0 else x0
            xs += [x0, elbow, elbow, x1, None]
            ys += [y0, y0, y1, y1, None]
            heads.append((x1, y1, 270 if x1 < elbow else 90))  # the last leg runs left or right
    if xs:
        name = _t(language, "dependencies")
        fig.add_trace(go.Scatter(
            mode="lines", name=name, legendgroup="dependencies", x=xs, y=ys, hoverinfo="skip",
            line={"color": "#8a8a8a", "width": 1},
        ))
        fig.add_trace(go.Scatter(
            mode="markers", name=name, legendgroup="dependencies", showlegend=False, hoverinfo="skip",
            x=[h[0] for h in heads], y=[h[1] for h in heads],
            marker={"symbol": "arrow", "angle": [h[2] for h in heads], "size": 7, "color": "#8a8a8a"},
        ))


def _milestones(fig: go.Figure, rows: list[GanttRow], language: str) -> None:
    items = [(r.y, r.item) for r in rows if r.item and r.item.milestone]
    groups = [(r.y, r.milestone_day) for r in rows if r.milestone_day]
    if items or groups:
        fig.add_trace(go.Scatter(
            mode="markers", name=_t(language, "milestone"),
            x=[i.end + _ONE_DAY for _, i in items] + [d + _ONE_DAY for _, d in groups], y=[y for y, _ in items] + [y for y, _ in groups],
            marker={"symbol": "diamond", "size": 13, "line": {"width": 1, "color": "white"},
                    "color": [_CRITICAL if i.critical else "#222222" for _, i in items] + ["#222222"] * len(groups)},
            hovertext=[_hover(i, language) for _, i in items] + [f"{d:%Y-%m-%d}" for _, d in groups], hoverinfo="text",
        ))
    targets = [(y, i) for y, i in items if i.target]
    if targets:
        fig.add_trace(go.Scatter(
            mode="markers", name=_t(language, "target"), x=[i.target + _ONE_DAY for _, i in targets], y=[y for y, _ in targets],
            marker={"symbol": "diamond-open", "size": 13, "color": "#222222"},
            hovertext=[f"{_t(language, 'target')}: {i.target:%Y-%m-%d}" for _, i in targets], hoverinfo="text",
        ))


def _late_marks(fig: go.Figure, rows: list[GanttRow], language: str) -> None:
    late = [(r.y, r.item) for r in rows if r.item and r.item.late]
    if late:
        fig.add_trace(go.Scatter(
            mode="markers", name=_t(language, "late"), y=[y for y, _ in late],
            x=[i.end + _ONE_DAY for _, i in late],
            marker={"symbol": "x", "size": 9, "color": _CRITICAL},
            hovertext=[_hover(i, language) for _, i in late], hoverinfo="text",
        ))


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
