"""The data files written with the site: issues.json, issues.csv, and per project a calendar and a schedule CSV."""

from __future__ import annotations

import json
from datetime import datetime, time

from tsuzuri.formats.dates import iso_stamp
from tsuzuri.interchange.cells import csv_text
from tsuzuri.interchange.ical import Event, calendar_text, uid_host
from tsuzuri.interchange.schedule_csv import schedule_csv, wbs_milestone_events
from tsuzuri.site.context import SiteContext
from tsuzuri.site.gantt_pages import csv_src
from tsuzuri.site.generated import GeneratedFile
from tsuzuri.site.plans import plan_of

CSV_COLUMNS = ("key", "project", "title", "type", "status", "priority", "assignee", "organization", "milestone", "categories", "start", "due", "estimate", "actual", "parent", "created", "updated")


def issue_rows(ctx: SiteContext) -> list[dict]:
    """Return one flat record per issue, in key order: the browser's index and the CSV's rows."""
    rows = []
    for i in ctx.sorted_issues(ctx.tracker.issues.values()):
        org = ctx.org_of(i.assignee)
        rows.append({
            "key": i.key,
            "project": i.project,
            "number": i.number,
            "title": i.title,
            "type": i.type,
            "type_label": ctx.label("types", i.type),
            "status": i.status,
            "status_label": ctx.label("statuses", i.status),
            "done": ctx.is_done(i),
            "priority": i.priority,
            "priority_label": ctx.label("priorities", i.priority),
            "assignee": i.assignee,
            "assignee_name": ctx.member_name(i.assignee) if i.assignee else "",
            "organization": org,
            "organization_name": ctx.org_name(org) if org else "",
            "milestone": i.milestone,
            "categories": list(i.categories),
            "start": i.start.isoformat() if i.start else "",
            "due": i.due.isoformat() if i.due else "",
            "overdue": ctx.is_overdue(i),
            "estimate": i.estimate,
            "actual": i.actual,
            "parent": i.parent,
            "created": iso_stamp(i.created, ctx.zone),
            "updated": iso_stamp(i.updated, ctx.zone),
        })
    return rows


def issues_json(rows: list[dict]) -> bytes:
    """Return the issue index for the browser, compact and stable."""
    return json.dumps({"issues": rows}, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def issues_csv(ctx: SiteContext, rows: list[dict]) -> bytes:
    """Return the issues as CSV in UTF-8 with a BOM (so Excel reads Japanese), headed in the site language."""
    table = [[ctx.msg.get(c, c) for c in CSV_COLUMNS]]
    for r in rows:
        shown = dict(r, type=r["type_label"], status=r["status_label"], priority=r["priority_label"],
                     assignee=r["assignee_name"], organization=r["organization_name"], categories=" ".join(r["categories"]))
        table.append([shown[c] for c in CSV_COLUMNS])
    return csv_text(table).encode("utf-8")


def calendar(ctx: SiteContext, project: str) -> bytes:
    """Return a project's iCalendar feed: open issues' due dates, milestones and WBS milestones."""
    host = uid_host(ctx.tracker.config)
    events = [
        Event(f"{i.key}-due@{host}", f"{i.key} {i.title}", i.due)
        for i in ctx.tracker.project_issues(project)
        if i.due and not ctx.is_done(i)
    ]
    events += [
        Event(f"{project}-milestone-{ms.id}@{host}", f"{ctx.msg['milestone']}: {ms.name or ms.id}", ms.date, description=ms.description)
        for ms in ctx.tracker.config.milestones
        if ms.project == project and ms.date
    ]
    planned = plan_of(ctx, project)
    if planned is not None:
        events += wbs_milestone_events(planned, host)
    p = ctx.tracker.config.project(project)
    events.sort(key=lambda e: (e.day, e.uid))
    stamp = datetime.combine(ctx.today, time(), ctx.zone)  # the build day's start in the office, so the feed is reproducible
    return calendar_text(events, stamp, name=p.name if p else project, zone=ctx.tracker.config.timezone).encode()


def build(ctx: SiteContext):
    """Return every export file of the site."""

    rows = issue_rows(ctx)
    files = [GeneratedFile("issues.json", issues_json(rows)), GeneratedFile("issues.csv", issues_csv(ctx, rows))]
    for p in ctx.tracker.config.projects:
        files.append(GeneratedFile(f"calendar/{p.key}.ics", calendar(ctx, p.key)))
        planned = plan_of(ctx, p.key)
        if planned is not None:
            files.append(GeneratedFile(csv_src(p.key), schedule_csv(planned, ctx.tracker.config.language).encode("utf-8")))
    return files
