"""The burndown chart of a milestone: open issues and remaining hours against an ideal line."""

from __future__ import annotations

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


def burndown_figure(
    points: Sequence[BurndownPoint],
    ideal: Sequence[tuple[date, float]] = (),
    *,
    language: str = "ja",
    title: str = "",
    ideal_of: str = "open",
) -> go.Figure:
    """Draw open issues (left axis) and remaining hours (right axis) over time, with an ideal line."""
    series = sorted(points, key=lambda p: p.day)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[p.day for p in series], y=[p.open for p in series], name=_t(language, "open"),
        mode="lines+markers", line={"color": "#1f77b4", "shape": "hv"},
    ))
    fig.add_trace(go.Scatter(
        x=[p.day for p in series], y=[p.remaining_hours for p in series], name=_t(language, "remaining"),
        mode="lines", line={"color": "#ff7f0e"}, yaxis="y2",
    ))
    if ideal:
        fig.add_trace(go.Scatter(
            x=[d for d, _ in ideal], y=[v for _, v in ideal], name=_t(language, "ideal"), mode="lines",
            line={"color": "#7f7f7f", "dash": "dash"}, yaxis="y2" if ideal_of == "remaining" else "y",
        ))
    fig.update_layout(
        title=title or None,
        height=360,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 30},
        xaxis={"type": "date"},
        yaxis={"title": {"text": _t(language, "count")}, "rangemode": "tozero", "automargin": True},
        yaxis2={"title": {"text": _t(language, "hours")}, "overlaying": "y", "side": "right", "rangemode": "tozero", "automargin": True, "showgrid": False},
        legend={"orientation": "h", "y": -0.15},
        plot_bgcolor="white",
        hovermode="x unified",
    )
    return fig
