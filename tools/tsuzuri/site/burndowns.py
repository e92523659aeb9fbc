"""The burndown chart on each milestone's page."""

from __future__ import annotations

from html import escape

from tsuzuri.messages import text
from tsuzuri.site.context import SiteContext
from tsuzuri.site.fragments import remembered


def burndown_html(ctx: SiteContext, project: str, milestone_id: str) -> str | None:
    """Return a milestone's burndown chart (with a note when there is no Git history); None if unknown."""
    ms = ctx.tracker.config.milestone(project, milestone_id)
    if ms is None:
        return None
    # Imported here: plotly takes a second to import and most pages have no chart.
    from tsuzuri.planning.burndown import current_point, milestone_burndown
    from tsuzuri.planning.workcal import WorkCalendar
    from tsuzuri.site.chart_tables import burndown_table, chart_figure
    from tsuzuri.site.charts.burndown_chart import burndown_figure, ideal_line
    from tsuzuri.site.charts.embed import figure_html

    language = ctx.tracker.config.language
    note = ""
    if ctx.history:
        points = milestone_burndown(ctx.tracker, ctx.history, ms, ctx.today)
    else:
        points = [current_point(ctx.tracker, ms, ctx.today)]
        note = f'<p class="tsuzuri-note tsuzuri-burndown-note">{escape(ctx.msg["burndown_no_history"])}</p>\n'
    total = sum(1 for i in ctx.tracker.project_issues(project) if i.milestone == ms.id)
    ideal = []
    if ms.date and points[0].day < ms.date:
        ideal = ideal_line(points[0].day, ms.date, total, WorkCalendar(ctx.tracker.config.calendar))
    ident = f"tsuzuri-burndown-{project}-{ms.id}"
    caption = ctx.say("chart.burndown.caption", milestone=ms.name or ms.id)

    def draw() -> str:
        fig = burndown_figure(points, ideal, language=language)
        xaxis = {"tickformat": text(language, "chart.burndown.day_tick"), "hoverformat": "%Y-%m-%d"}
        if ms.date:
            xaxis["range"] = [points[0].day, max(ms.date, ctx.today)]
        fig.update_layout(xaxis=xaxis)
        return chart_figure(ctx, ident, caption, figure_html(fig, ident, locale=language), burndown_table(ctx, points, ideal), len(points))

    # The chart shows the points, the ideal line, the milestone's day and today, in the tracker's language.
    figure = remembered("burndown", (language, ident, caption, points, ideal, ms.date, ctx.today), draw)
    return f'<h2 id="burndown">{escape(ctx.msg["burndown"])}</h2>\n{note}' + figure
