"""The built-in page markers: ``tsuzuri:dashboard``, ``tsuzuri:issues`` and ``tsuzuri:board``."""

from __future__ import annotations

import html

from tsuzuri import query
from tsuzuri.site.builder import dashboard_data
from tsuzuri.site.context import SiteContext
from tsuzuri.site.markers import register
from tsuzuri.site.responses import vendor_rows


@register("dashboard")
def _dashboard(ctx: SiteContext, params: dict[str, str]) -> str:
    data = dashboard_data(ctx)
    if params.get("project"):
        data = [d for d in data if d["project"].key == params["project"]]
    # Response times are per vendor across projects: a one-project dashboard leaves them out.
    return ctx.render("dashboard.html", projects=data, responses=None if params.get("project") else vendor_rows(ctx))


@register("issues")
def _issues(ctx: SiteContext, params: dict[str, str]) -> str:
    """With no parameters: the interactive list; with filters (tsuzuri.query's names): a static table."""
    if not params:
        cfg = ctx.tracker.config
        return ctx.render(
            "issue_list.html",
            assignees=sorted({i.assignee for i in ctx.tracker.issues.values() if i.assignee}),
            milestones=sorted({(i.project, i.milestone) for i in ctx.tracker.issues.values() if i.milestone}),
            categories=sorted({(i.project, c) for i in ctx.tracker.issues.values() for c in i.categories}),
            cfg=cfg,
        )
    try:
        wanted = query.from_params(params)
    except query.FilterProblem as exc:
        return f'<p class="tsuzuri-note">{html.escape(ctx.msg["marker_bad_value"])}: {html.escape(f"{exc.name}={exc.value}")}</p>'
    # The browser's list searches keys and titles only (not the descriptions issues.json carries); so does a marker's q=.
    return ctx.render("issue_table.html", issues=query.select(ctx.tracker, wanted, ctx.today, full_text=False))


@register("board")
def _board(ctx: SiteContext, params: dict[str, str]) -> str:
    project = params.get("project", "")
    issues = ctx.sorted_issues(i for i in ctx.tracker.issues.values() if not project or i.project == project)
    statuses = ctx.tracker.config.statuses
    orgs = sorted({ctx.org_of(i.assignee) for i in issues})
    lanes = [(org, [i for i in issues if ctx.org_of(i.assignee) == org]) for org in orgs]
    return ctx.render("board.html", statuses=statuses, issues=issues, lanes=lanes, lanes_default=params.get("lanes", ""))
