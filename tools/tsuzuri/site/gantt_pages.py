"""The Gantt pages: every project's chart on one page, and one page per project with its slip."""

from __future__ import annotations

from tsuzuri.messages import localized
from tsuzuri.site import markers
from tsuzuri.site.context import SiteContext
from tsuzuri.site.forms import edit_bar
from tsuzuri.site.plans import baseline_for

WIDE = ("toc",)
"""Material's sidebar hidden on chart pages (the CSS lets their content use the rest of the window)."""


def project_src(project: str) -> str:
    """Return the generated source path of a project's Gantt page."""
    return f"gantt/{project}.md"


def csv_src(project: str) -> str:
    """Return the path of a project's schedule CSV in the site."""
    return f"schedule/{project}.csv"


def index_html(ctx: SiteContext) -> str:
    """Return the Gantt page: each project's chart with links to its page and exports."""
    projects = [p for p in ctx.tracker.config.projects if p.key in ctx.tracker.wbs]
    charts = {p.key: markers.render(ctx, "chart", {"kind": "gantt", "project": p.key}) for p in projects}
    return ctx.render(
        "gantt.html", projects=projects, charts=charts, project_src=project_src, csv_src=csv_src, detail=False, base=None, problem=""
    )


def project_html(ctx: SiteContext, project: str) -> str:
    """Return a project's Gantt page: chart with its baseline, slip tables and exports."""
    p = ctx.tracker.config.project(project)
    chart = markers.render(ctx, "chart", {"kind": "gantt", "project": project})
    base = baseline_for(ctx, project)
    # Items with no organization (often the milestones) come last, after the vendors.
    rows = sorted(base.slip.owners, key=lambda r: r.owner == "") if base and base.slip else []
    owners = [(row, ctx.org_name(row.owner) if row.owner else ctx.msg["unassigned"]) for row in rows]
    wbs = ctx.tracker.wbs.get(project)
    bar = str(edit_bar(ctx, wbs.path)) if wbs is not None else ""
    return bar + ctx.render(
        "gantt.html", projects=[p], charts={project: chart}, project_src=project_src, csv_src=csv_src, detail=True, base=base,
        owners=owners, problem=localized(base.problem, ctx.tracker.config.language) if base else ""
    )
