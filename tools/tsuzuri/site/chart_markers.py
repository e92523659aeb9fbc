"""The built-in charts for ``<!-- tsuzuri:chart kind=... -->`` markers."""

from __future__ import annotations

from tsuzuri.site.context import SiteContext
from tsuzuri.site.fragments import remembered
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
    from tsuzuri.site.gantt_view import gantt_chart_html

    base = baseline_for(ctx, project, params.get("baseline", "")) if params.get("baseline") != "none" else None
    baseline = base.schedule if base else None
    progress = params.get("progress") == "true"
    # The chart shows the plan, its baseline, the project's issues, the settings (names, words) and today.
    issues = [i for i in ctx.tracker.issues.values() if i.project == project]
    return remembered("gantt", (ctx.tracker.config, ctx.today, project, planned, baseline, progress, issues),
                      lambda: gantt_chart_html(ctx, project, planned, baseline, progress_line=progress))


@register_chart("burndown")
def burndown(ctx: SiteContext, params: dict[str, str]) -> str | None:
    """Draw a milestone's burndown (``project=KEY milestone=ID``); None when there is no such milestone."""
    from tsuzuri.site.burndowns import burndown_html

    return burndown_html(ctx, params.get("project", ""), params.get("milestone", ""))
