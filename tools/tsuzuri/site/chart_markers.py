"""The built-in charts for ``<!-- tsuzuri:chart kind=... -->`` markers."""

from __future__ import annotations

from tsuzuri.site.context import SiteContext
from tsuzuri.site.markers import register_chart
from tsuzuri.site.plans import baseline_for, plan_of


@register_chart("gantt")
def gantt(ctx: SiteContext, params: dict[str, str]) -> str | None:
    """Draw a project's WBS as a Gantt chart (``project=KEY``, ``baseline=REF``); None when it has no WBS."""
    project = params.get("project", "")
    planned = plan_of(ctx, project)
    if planned is None:
        return None
    # Imported here: plotly takes a second to import and most pages have no chart.
    from tsuzuri.site.chart_tables import chart_figure, gantt_table
    from tsuzuri.site.charts.embed import figure_html
    from tsuzuri.site.charts.gantt_chart import gantt_figure, gantt_rows, project_issues

    config = ctx.tracker.config
    base = baseline_for(ctx, project, params.get("baseline", "")) if params.get("baseline") != "none" else None
    fig = gantt_figure(
        planned, config, ctx.tracker.issues, language=config.language,
        progress_line=params.get("progress") == "true", baseline=base.schedule if base else None,
    )
    ident = f"tsuzuri-gantt-{project}"
    rows = gantt_rows(planned, config, project_issues(planned, ctx.tracker.issues))
    p = config.project(project)
    caption = ctx.say("chart.gantt.caption", project=f"{project} {p.name}" if p and p.name else project)
    return chart_figure(ctx, ident, caption, figure_html(fig, ident), gantt_table(ctx, rows), len(rows))


@register_chart("burndown")
def burndown(ctx: SiteContext, params: dict[str, str]) -> str | None:
    """Draw a milestone's burndown (``project=KEY milestone=ID``); None when there is no such milestone."""
    from tsuzuri.site.burndowns import burndown_html

    return burndown_html(ctx, params.get("project", ""), params.get("milestone", ""))
