"""Text alternatives of the charts: every chart is a figure with a caption and a table of its rows.

A plotly chart is a picture to a screen reader and to the keyboard. Its caption names it, and
a disclosure right under it (reached with Tab, announced as a button) opens the same facts as
a table, one row per bar or point (WCAG 2.1 success criterion 1.1.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup

from tsuzuri.site.context import SiteContext


def chart_figure(ctx: SiteContext, ident: str, caption: str, chart_html: str, table_html: str, rows: int) -> str:
    """Return a chart with its caption and its table behind a disclosure."""
    summary = ctx.say("chart.table.summary", n=rows)
    return ctx.render(
        "chart_figure.html", ident=ident, caption=caption, chart=Markup(chart_html), table=Markup(table_html), summary=summary
    )


def gantt_facts(ctx: SiteContext, rows: Sequence) -> list[dict]:
    """Return what each Gantt row says in words: its name, dates, who, progress and what marks it."""
    config = ctx.tracker.config
    body = []
    for row in rows:
        item, issue = row.item, row.issue
        notes: list[str] = []
        if item is not None:
            start, end = item.start, item.end
            who = ctx.member_name(item.assignee) if item.assignee else (ctx.org_name(item.owner) if item.owner else "")
            progress = f"{item.progress:.0f}%"
            if item.milestone:
                start = None  # a milestone is a day, its end
                notes.append(ctx.say("chart.note.milestone"))
            if item.critical:
                notes.append(ctx.say("chart.note.critical"))
            if item.late:
                notes.append(ctx.say("chart.note.late"))
        elif issue is not None:
            start, end = issue.start, issue.due
            who = ctx.member_name(issue.assignee) if issue.assignee else ""
            progress = ""
            notes.append(config.label("statuses", issue.status))
            if ctx.is_overdue(issue):
                notes.append(ctx.say("chart.note.overdue"))
        else:
            start, end, who, progress = None, row.milestone_day, "", ""
            notes.append(ctx.say("chart.note.milestone"))
        kind = (
            "issue"
            if issue is not None
            else "group"
            if item is None
            else "summary"
            if item.summary
            else "milestone"
            if item.milestone
            else "task"
        )
        body.append({"depth": row.depth, "text": row.text, "start": start, "end": end, "who": who, "progress": progress,
                     "status": config.label("statuses", issue.status) if issue is not None else "",
                     "notes": "・".join(notes), "kind": kind, "critical": bool(item and item.critical), "late": bool(item and item.late)})
    return body


def gantt_table(ctx: SiteContext, rows: Sequence, facts: list[dict] | None = None) -> str:
    """Return a Gantt chart's rows as a table: item, dates, who, progress and what marks it."""
    return ctx.render("chart_tables.html", kind="gantt", rows=facts if facts is not None else gantt_facts(ctx, rows))


def burndown_table(ctx: SiteContext, points: Sequence, ideal: Sequence[tuple[date, float]]) -> str:
    """Return a burndown's points as a table: each day's open issues, scope, remaining hours and the ideal line."""
    ideal_on = dict(ideal)
    body = [
        {
            "day": p.day,
            "open": p.open,
            "scope": p.scope,
            "hours": f"{p.remaining_hours:g}",
            "ideal": f"{ideal_on[p.day]:.1f}" if p.day in ideal_on else "",
        }
        for p in points
    ]
    return ctx.render("chart_tables.html", kind="burndown", rows=body)
