"""The burndown chart of a milestone: open issues and remaining hours against an ideal line."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from tsuzuri.messages import text
from tsuzuri.planning.burndown import BurndownPoint
from tsuzuri.planning.workcal import WorkCalendar


def _t(language: str, key: str) -> str:
    return text(language, f"chart.burndown.{key}")


def ideal_line(start: date, end: date, total: float, calendar: WorkCalendar) -> list[tuple[date, float]]:
    """Return a line from ``total`` on ``start`` to 0 on ``end`` that falls only on working days."""
    days = calendar.span(start, end)
    if days <= 1:
        return [(start, total), (end, 0.0)]
    line = [(start, float(total))]
    done = 0
    day = start
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        if calendar.is_workday(day):
            done += 1
        line.append((day, total * max(0, days - 1 - done) / (days - 1)))
    return line


def round_axis(top: float, whole: bool = False) -> dict:
    """Return y-axis settings that tick at round steps (1, 2 or 5 times a power of ten) from 0 past ``top``."""
    top = max(float(top), 1.0)
    raw = top / 5  # at most five steps
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, round(step))
    return {"tickmode": "linear", "tick0": 0, "dtick": step, "range": [0, math.ceil(top / step) * step * 1.04]}


def burndown_figure(
    points: Sequence[BurndownPoint],
    ideal: Sequence[tuple[date, float]] = (),
    *,
    language: str = "ja",
    title: str = "",
    ideal_of: str = "open",
) -> go.Figure:
    """Draw open issues falling as work is done, the milestone's scope as its own line, remaining hours and an ideal line.

    Issues added to the milestone raise the scope line; the open line shows what is left.
    Both count axes tick at round numbers, the hours on the right at their own round steps.
    """
    series = sorted(points, key=lambda p: p.day)
    days = [p.day for p in series]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=days, y=[p.open for p in series], name=_t(language, "open"),
        mode="lines", line={"color": "#1f77b4", "shape": "hv", "width": 3},
    ))
    fig.add_trace(go.Scatter(
        x=days, y=[p.remaining_hours for p in series], name=_t(language, "remaining"),
        mode="lines", line={"color": "#d35400", "dash": "dot"}, yaxis="y2",
    ))
    if ideal:
        fig.add_trace(go.Scatter(
            x=[d for d, _ in ideal], y=[v for _, v in ideal], name=_t(language, "ideal"), mode="lines",
            line={"color": "#7f7f7f", "dash": "dash"}, yaxis="y2" if ideal_of == "remaining" else "y",
        ))
    fig.add_trace(go.Scatter(
        x=days, y=[p.scope for p in series], name=_t(language, "scope"),
        mode="lines", line={"color": "#2e7d32", "shape": "hv", "width": 1.5},
    ))
    counts = [p.open for p in series] + [p.scope for p in series] + ([v for _, v in ideal] if ideal_of != "remaining" else [])
    hours = [p.remaining_hours for p in series] + ([v for _, v in ideal] if ideal_of == "remaining" else [])
    fig.update_layout(
        title=title or None,
        height=360,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 30},
        xaxis={"type": "date"},
        yaxis={
            "title": {"text": _t(language, "count")}, "automargin": True, "rangemode": "tozero",
            **round_axis(max(counts, default=1), whole=True)
        },
        yaxis2={"title": {"text": _t(language, "hours")}, "overlaying": "y", "side": "right", "automargin": True, "showgrid": False,
                "rangemode": "tozero", **round_axis(max(hours, default=1))},
        legend={"orientation": "h", "y": -0.15},
        plot_bgcolor="white",
        hovermode="x unified",
    )
    return fig
