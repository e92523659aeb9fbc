"""The built-in page markers: ``tsuzuri:dashboard``, ``tsuzuri:issues`` and ``tsuzuri:board``."""

from __future__ import annotations

import html
import json
from datetime import date
from functools import partial

from markupsafe import Markup, escape

from tsuzuri import query
from tsuzuri.model import ISSUE_LIST_COLUMNS, resolve_choice
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
        used = {(i.project, i.milestone) for i in ctx.tracker.issues.values() if i.milestone}
        milestones = [
            (m.project, m.id, m.name or m.id)
            for m in sorted(cfg.milestones, key=lambda m: (m.project, m.date or date.max, m.id))
            if (m.project, m.id) in used
        ]
        milestones += sorted((p, ms, ms) for p, ms in used - {(p, ms) for p, ms, _ in milestones})  # undeclared (the validator says so)
        return ctx.render(
            "issue_list.html",
            assignees=sorted({i.assignee for i in ctx.tracker.issues.values() if i.assignee}),
            milestones=milestones,
            categories=sorted({(i.project, c) for i in ctx.tracker.issues.values() for c in i.categories}),
            columns=[{"id": c, "label": ctx.msg[c]} for c in ISSUE_LIST_COLUMNS],
            # How the list sorts what issues.json holds as ids: statuses and priorities in tsuzuri.yml's order, milestones by date.
            order=json.dumps({
                "status": [c.id for c in cfg.statuses], "priority": [c.id for c in cfg.priorities],
                "milestone": {f"{m.project}/{m.id}": m.date.isoformat() for m in cfg.milestones if m.date},
            }, ensure_ascii=False, sort_keys=True),
            default_status=_status_option(cfg, cfg.issue_list.status),
            cfg=cfg,
        )
    try:
        wanted = query.from_params(params)
    except query.FilterProblem as exc:
        return f'<p class="tsuzuri-note">{html.escape(ctx.msg["marker_bad_value"])}: {html.escape(f"{exc.name}={exc.value}")}</p>'
    # The browser's list searches keys and titles only (not the descriptions issues.json carries); so does a marker's q=.
    return ctx.render("issue_table.html", issues=query.select(ctx.tracker, wanted, ctx.today, full_text=False))


def _status_option(cfg, value: str) -> str:
    """Return the status filter's option for tsuzuri.yml's ``issue_list.status`` (given by id or label)."""
    if value in query.STATES:
        return value
    choice = resolve_choice(cfg.statuses, value)
    if choice is None:
        return value  # the validator names it; the list then shows what the filter finds
    return choice.label if choice.id in query.STATES else choice.id


@register("board")
def _board(ctx: SiteContext, params: dict[str, str]) -> str:
    project = params.get("project", "")
    issues = ctx.sorted_issues(i for i in ctx.tracker.issues.values() if not project or i.project == project)
    statuses = ctx.tracker.config.statuses
    orgs = sorted({ctx.org_of(i.assignee) for i in issues})
    lanes = [(org, [i for i in issues if ctx.org_of(i.assignee) == org]) for org in orgs]
    return ctx.render("board.html", statuses=statuses, issues=issues, lanes=lanes, lanes_default=params.get("lanes", ""),
                      columns=partial(_columns, ctx, statuses))


def _columns(ctx: SiteContext, statuses, issues, level: int) -> Markup:
    """Return a board's columns, one per status, each issue's card in its status's column.

    Plain Python rather than a Jinja macro: a board of 10,000 issues shows each card twice (once
    in its column, once in its organization's lane), and a card is made once per build.
    """
    by_status: dict[str, list] = {}
    for i in issues:
        by_status.setdefault(i.status, []).append(i)
    parts = ['<div class="tsuzuri-columns">\n']
    for s in statuses:
        cards = by_status.get(s.id, [])
        parts.append(f'<div class="tsuzuri-column" data-status="{escape(s.id)}">\n'
                     f'<h{level} class="tsuzuri-column-title">{escape(s.label)} <span class="tsuzuri-n">{len(cards)}</span></h{level}>\n')
        parts += [_card(ctx, i) for i in cards]
        parts.append("</div>\n")
    parts.append("</div>\n")
    return Markup("".join(parts))


def _card(ctx: SiteContext, issue) -> str:
    cards = ctx.__dict__.setdefault("_board_cards", {})
    found = cards.get(issue.key)
    if found is None:
        found = cards[issue.key] = (
            f'<div class="tsuzuri-card tsuzuri-priority--{escape(issue.priority)}" data-key="{escape(issue.key)}">\n'
            f'<div>{ctx.key_link(issue)} <span class="tsuzuri-priority">{escape(ctx.label("priorities", issue.priority))}</span></div>\n'
            f'<div class="tsuzuri-card-title">{escape(issue.title)}</div>\n'
            f'<div class="tsuzuri-card-meta">{ctx.member_link(issue.assignee)} {ctx.due_span(issue)}</div>\n'
            "</div>\n"
        )
    return found
