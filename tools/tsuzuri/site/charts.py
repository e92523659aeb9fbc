"""The built-in charts for ``<!-- tsuzuri:chart kind=... -->`` markers."""

from __future__ import annotations

from .context import SiteContext
from .markers import register_chart


@register_chart("gantt")
def gantt(ctx: SiteContext, params: dict[str, str]) -> str | None:
    """Draw a project's WBS as a Gantt chart (``project=KEY``); None when it has no WBS."""
    plan = ctx.tracker.wbs.get(params.get("project", ""))
    if plan is None:
        return None
    # Imported here: plotly takes a second to import and most pages have no chart.
    from ..render.embed import figure_html
    from ..render.gantt import gantt_figure
    from ..schedule import schedule

    config = ctx.tracker.config
    planned = schedule(plan, config, ctx.tracker.issues, ctx.today)
    fig = gantt_figure(planned, config, ctx.tracker.issues, language=config.language, progress_line=params.get("progress") == "true")
    return figure_html(fig, f"tsuzuri-gantt-{plan.project}")
