"""Select issues the way the site's issue list does: by project, status, type, people, dates, text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tsuzuri.model import Issue, Tracker, resolve_choice


@dataclass(frozen=True)
class IssueFilter:
    projects: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # ids or labels; "open" and "done" are not special
    types: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()  # of the assignee
    milestones: tuple[str, ...] = ()
    overdue: bool = False
    text: str = ""


def select(tracker: Tracker, f: IssueFilter, today: date) -> list[Issue]:
    """Return the issues matching every given criterion, in project and number order."""
    config = tracker.config

    def ids(values, choices):
        return {(resolve_choice(choices, v).id if resolve_choice(choices, v) else v) for v in values}

    statuses = ids(f.statuses, config.statuses)
    types = ids(f.types, config.types)
    needle = f.text.casefold()
    result = []
    for issue in tracker.issues.values():
        member = config.member(issue.assignee)
        if f.projects and issue.project not in f.projects:
            continue
        if statuses and issue.status not in statuses:
            continue
        if types and issue.type not in types:
            continue
        if f.assignees and issue.assignee not in f.assignees:
            continue
        if f.organizations and (member is None or member.org not in f.organizations):
            continue
        if f.milestones and issue.milestone not in f.milestones:
            continue
        if f.overdue and not issue.is_overdue(config, today):
            continue
        if needle and needle not in (issue.key + " " + issue.title + " " + issue.body).casefold() and not any(needle in c.body.casefold() for c in issue.comments):
            continue
        result.append(issue)
    return sorted(result, key=lambda i: (i.project, i.number))
