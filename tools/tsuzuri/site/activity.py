"""What changed, who changed it and when: issue timelines and the site's activity list.

Field changes and creation come from Git history (``store.history``); comments come from
the tracker's comment files (their author and date), so a tracker that is not a Git
checkout still shows its comments and meetings in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, tzinfo

from tsuzuri.changes.feed import FEED_PATH
from tsuzuri.changes.wording import ChangeWords, describe, value_label
from tsuzuri.formats.dates import local
from tsuzuri.model import Issue
from tsuzuri.site import shared_files
from tsuzuri.site.context import SiteContext, issue_src
from tsuzuri.store.history import FieldChange, History

FEED = FEED_PATH
"""The Atom feed of recent changes, written beside the pages when there is a history."""

__all__ = ["FEED", "Event", "issue_events", "recent_events", "value_label"]


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened to the tracker: an issue opened or changed, a comment, minutes."""

    when: datetime
    who: str  # member id (or the Git email when no member matches)
    kind: str  # "created" | "changed" | "comment" | "minutes" | "shared"
    key: str = ""  # the issue, for issue events
    changes: tuple[ChangeWords, ...] = ()
    anchor: str = ""  # the comment's id on the issue page
    path: str = ""  # the minutes' or shared file's source path
    title: str = ""
    href: str = ""  # the page (and place on it) the event is about


def _changes(ctx: SiteContext, issue: Issue | None, changes: list[FieldChange]) -> tuple[ChangeWords, ...]:
    config = ctx.tracker.config
    project = issue.project if issue else changes[0].key.rpartition("-")[0]
    return tuple(describe(config, project, c.field, c.old, c.new, config.language) for c in changes)


def _aware(value, zone: tzinfo) -> datetime | None:
    """Return a comparable moment: a bare date or naive time is taken in the tracker's zone."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    return local(value, zone)


def issue_events(ctx: SiteContext, issue: Issue) -> list[Event]:
    """Return an issue's timeline, oldest first: opened, each commit's field changes, each comment."""
    history = ctx.history or History()
    zone = ctx.zone
    timeline = history.timelines.get(issue.key)
    events: list[Event] = []
    page = ctx.href(issue_src(issue.key))
    created = timeline.created if timeline and timeline.created else issue.created
    if created:
        who = timeline.created_by if timeline and timeline.created else issue.created_by
        events.append(Event(_aware(created, zone), who, "created", issue.key, href=page))
    by_commit: dict[str, list[FieldChange]] = {}
    for change in timeline.changes if timeline else ():
        by_commit.setdefault(change.commit, []).append(change)
    for changes in by_commit.values():
        events.append(Event(changes[0].when, changes[0].author, "changed", issue.key, _changes(ctx, issue, changes), href=page))
    committed = {c.path: c.when for c in (timeline.comments if timeline else ())}
    for n, c in enumerate(issue.comments, start=1):
        when = _aware(c.date, zone) or committed.get(c.path)
        if when:
            events.append(Event(when, c.author, "comment", issue.key, anchor=f"comment-{n}", href=f"{page}#comment-{n}"))
    return sorted(events, key=lambda e: (e.when, _KIND_ORDER[e.kind]))


_KIND_ORDER = {"created": 0, "changed": 1, "comment": 2, "minutes": 3, "shared": 4}


def _shared_events(ctx: SiteContext, history: History) -> list[Event]:
    """A shared file added or changed, shown by its name in the project's folder, linked to that project's files page."""
    published = shared_files.publish(ctx.tracker.shared)
    return [
        Event(d.when, d.author, "shared", path=d.path, title=f"{f.file.project}: {f.name}",
              href=ctx.href(shared_files.page_src(f.file.project)))
        for d in history.documents
        if d.status in ("A", "M") and (f := published.get(d.path)) is not None
    ]


def recent_events(ctx: SiteContext, limit: int = 100) -> list[Event]:
    """Return the tracker's most recent events, newest first: issues, comments, minutes and shared files."""
    t = ctx.tracker
    events: list[Event] = []
    for issue in t.issues.values():
        events += issue_events(ctx, issue)
    history = ctx.history or History()
    minutes = {m.path: m for m in t.minutes}
    seen: set[str] = set()
    for d in history.documents:
        if d.path in minutes and d.status in ("A", "M"):
            seen.add(d.path)
            events.append(Event(d.when, d.author, "minutes", path=d.path, title=minutes[d.path].title, href=ctx.href(d.path)))
    for m in t.minutes:
        # Without Git, a meeting shows on its own day.
        if m.path not in seen and m.date:
            events.append(
                Event(
                    _aware(m.date, ctx.zone),
                    m.attendees[0] if m.attendees else "",
                    "minutes",
                    path=m.path,
                    title=m.title,
                    href=ctx.href(m.path),
                )
            )
    events += _shared_events(ctx, history)
    events.sort(key=lambda e: (e.when, _KIND_ORDER[e.kind], e.key, e.anchor, e.path), reverse=True)
    return events[:limit]

