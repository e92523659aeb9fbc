"""Export a schedule as CSV rows for spreadsheets and as iCalendar events for calendars."""

from __future__ import annotations

from collections.abc import Mapping

from tsuzuri.interchange.cells import csv_text
from tsuzuri.interchange.ical import Event
from tsuzuri.messages import text
from tsuzuri.model import Config, Issue, issue_page
from tsuzuri.planning.schedule import Schedule

_COLUMNS = (
    "id", "title", "level", "parent", "kind", "organization", "assignee", "start", "end", "working_days", "float", "critical", "progress",
    "planned", "late", "target", "predecessors", "issues"
)


def schedule_rows(schedule: Schedule, language: str = "ja") -> list[list[str]]:
    """Return the schedule as rows of text, the header first."""
    yes = text(language, "csv.schedule.yes")
    rows = [[text(language, f"csv.schedule.{column}") for column in _COLUMNS]]
    for i in schedule.items:
        kind = text(language, "csv.schedule.kind." + ("milestone" if i.milestone else "summary" if i.summary else "task"))
        after = " ".join(d.id + (f"{d.lag:+d}d" if d.lag else "") for d in i.after)
        rows.append([
            i.id, i.title, str(i.depth + 1), i.parent, kind, i.owner, i.assignee,
            i.start.isoformat(), i.end.isoformat(), str(i.duration), str(i.total_float),
            yes if i.critical else "", f"{i.progress:.0f}", f"{i.planned_progress:.0f}",
            yes if i.late else "", i.target.isoformat() if i.target else "", after, " ".join(i.issues),
        ])
    return rows


def schedule_csv(schedule: Schedule, language: str = "ja") -> str:
    """Return the schedule as CSV text with a BOM and CRLF, as spreadsheet programs expect."""
    return csv_text(schedule_rows(schedule, language))


def schedule_events(schedule: Schedule, config: Config, issues: Mapping[str, Issue], host: str = "tsuzuri") -> list[Event]:
    """Return one event per WBS milestone, tsuzuri.yml milestone and open issue due date."""
    project = schedule.project
    events = wbs_milestone_events(schedule, host)
    for m in config.milestones:
        if m.project == project and m.date:
            events.append(Event(uid=f"milestone-{project}-{m.id}@{host}", summary=f"◆ {m.name or m.id}",
                                day=m.date, description=m.description, categories=(project,)))
    for issue in sorted(issues.values(), key=lambda i: i.number):
        if issue.project == project and issue.due and not issue.is_done(config):
            url = f"{config.site_url.rstrip('/')}/{issue_page(issue.key)}" if config.site_url else ""
            events.append(Event(uid=f"issue-{issue.key}@{host}", summary=f"{issue.key} {issue.title}",
                                day=issue.due, url=url, categories=(project,)))
    return events


def wbs_milestone_events(schedule: Schedule, host: str = "tsuzuri") -> list[Event]:
    """Return one event per milestone of the WBS, on its computed day."""
    project = schedule.project
    return [
        Event(uid=f"wbs-{project}-{i.id}@{host}", summary=f"◆ {i.title or i.id}", day=i.end,
              description=f"{project} WBS {i.id}", categories=(project,))
        for i in schedule.items if i.milestone
    ]
