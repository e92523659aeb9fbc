"""The data files written with the site: issues.json, issues.csv, and per project a calendar and a schedule CSV.

issues.json and issues.csv are what ``tsuzuri export --format json`` and ``--format csv``
write for the same tracker and day: both come from ``interchange.issue_export``.
"""

from __future__ import annotations

from datetime import datetime, time

from tsuzuri.interchange import issue_export
from tsuzuri.interchange.ical import Event, calendar_text, uid_host
from tsuzuri.interchange.schedule_csv import schedule_csv, wbs_milestone_events
from tsuzuri.site.context import SiteContext
from tsuzuri.site.gantt_pages import csv_src
from tsuzuri.site.generated import GeneratedFile
from tsuzuri.site.plans import plan_of


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
    tracker = ctx.tracker
    issues = issue_export.issues_of(tracker)
    rows = issue_export.records(tracker, issues, ctx.today)
    files = [
        GeneratedFile("issues.json", issue_export.json_bytes(rows)),
        GeneratedFile("issues.csv", issue_export.sheet_csv(tracker.config, issues, rows)),
    ]
    for p in ctx.tracker.config.projects:
        files.append(GeneratedFile(f"calendar/{p.key}.ics", calendar(ctx, p.key)))
        planned = plan_of(ctx, p.key)
        if planned is not None:
            files.append(GeneratedFile(csv_src(p.key), schedule_csv(planned, ctx.tracker.config.language).encode("utf-8")))
    return files
