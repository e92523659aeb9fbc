"""A project's Gantt chart as the page shows it: legend, scale switch, side columns, the time axis, the bars.

The bars and the time axis are two plotly figures (``site/charts/gantt_chart.py``); the
rest is HTML around them. The axis and the column headings stand in a header that stays
in view while a long plan scrolls past; each side row is as high as a row of bars
(``ROW_PX``), so a row's name, dates, who and progress sit beside its bar. The side columns
repeat the table behind the chart's disclosure, which is what assistive technology reads.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from tsuzuri.model import Issue
from tsuzuri.planning.schedule import Schedule
from tsuzuri.site.chart_tables import chart_figure, gantt_facts, gantt_table
from tsuzuri.site.charts.embed import figure_html
from tsuzuri.site.charts.gantt_chart import (
    AXIS_PX,
    CRITICAL,
    LATE,
    ROW_PX,
    TODAY,
    gantt_axis_figure,
    gantt_figure,
    gantt_rows,
    group_colors,
    project_issues,
    scale_settings,
)
from tsuzuri.site.context import SiteContext

SCALES = ("day", "week", "month")
BLOCK_ROWS = 40
"""Side rows per block: a block out of sight is neither styled nor laid out (CSS content-visibility) until it nears the screen."""


def gantt_chart_html(ctx: SiteContext, project: str, planned: Schedule, baseline: Schedule | None, progress_line: bool = False) -> str:
    """Return the whole chart of a project's plan, with its caption and its table of rows."""
    config = ctx.tracker.config
    language = config.language
    issues: dict[str, Issue] = dict(ctx.tracker.issues)
    ident = f"tsuzuri-gantt-{project}"
    fig = gantt_figure(planned, config, issues, language=language, progress_line=progress_line, baseline=baseline)
    axis = gantt_axis_figure(planned, language)
    rows = gantt_rows(planned, config, project_issues(planned, issues))
    facts = gantt_facts(ctx, rows)
    legend = _legend(ctx, rows, has_baseline=baseline is not None, progress_line=progress_line)
    frame = ctx.render(
        "gantt_chart.html", ident=ident, rows=facts, legend=legend, row_px=ROW_PX, axis_px=AXIS_PX, block_rows=BLOCK_ROWS,
        scales=SCALES, scale_json=json.dumps(scale_settings(planned, language), ensure_ascii=False),
        axis=Markup(figure_html(axis, f"{ident}-axis", locale=language, toolbar=True, css_class="tsuzuri-chart-axis",
                                 without=("zoom2d",))),  # no box to draw in a strip of axis
        bars=Markup(figure_html(fig, ident, locale=language, toolbar=False)),
    )
    p = config.project(project)
    caption = ctx.say("chart.gantt.caption", project=f"{project} {p.name}" if p and p.name else project)
    return chart_figure(ctx, ident, caption, frame, gantt_table(ctx, rows, facts), len(rows))


def _legend(ctx: SiteContext, rows, *, has_baseline: bool, progress_line: bool) -> list[dict]:
    """Return the legend's entries: each organization's colour, then what each other mark means."""
    config = ctx.tracker.config
    entries = [
        {"kind": "org", "label": name, "color": color} for name, color in group_colors(rows, config, "owner", config.language).items()
    ]
    marks = ["progress", "critical", "late", "summary", "issue"]
    if has_baseline:
        marks.append("baseline")
    marks += ["milestone", "target", "dependency"]
    if progress_line:
        marks.append("progress_line")
    marks.append("today")
    colors = {"critical": CRITICAL, "late": LATE, "today": TODAY}
    entries += [{"kind": m, "label": ctx.say(f"chart.gantt.legend.{m}"), "color": colors.get(m, "")} for m in marks]
    return entries
