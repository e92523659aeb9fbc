"""What a push means for notification mail: each person's changes to each issue, and new minutes.

The changes come from the one change engine (``changes.engine``), the same account
``tsuzuri diff``, ``tsuzuri show``, the feed and the activity page give; the issues and
minutes they are about are read as they were at the pushed commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tsuzuri.changes import engine
from tsuzuri.model import Comment, Issue, Minutes, Tracker
from tsuzuri.store import gitrepo
from tsuzuri.store.at_ref import tracker_at


@dataclass
class Change:
    """Everything one person changed on one issue (or one new minutes) in the range."""

    kind: str  # issue | minutes
    key: str  # issue key, or the minutes' slug
    actor: str = ""  # member id of who made the change ('' if unknown)
    created: bool = False
    fields: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (field, old, new) as written; ("body", "", "") for an edited description
    comments: list[Comment] = field(default_factory=list)
    issue: Issue | None = None
    minutes: Minutes | None = None


def changes(root: Path, base: str, head: str) -> tuple[Tracker, list[Change]]:
    """Return (the tracker at ``head``, what each person changed from ``base`` to ``head``); raises GitError."""
    found = engine.between(root, base, head)
    after = tracker_at(root, found.head)
    return after, from_summaries(after, engine.by_author(found.history), found.documents())


def from_summaries(after: Tracker, summaries: list[engine.IssueSummary], documents) -> list[Change]:
    """Turn the engine's account into mail-sized changes about the issues and minutes of ``after``."""
    members = {m.id for m in after.config.members}
    result: list[Change] = []
    for summary in summaries:
        issue = after.issues.get(summary.key)
        if issue is None:
            continue  # deleted by the pushed commit: there is no page to point to
        comments = {c.path: c for c in issue.comments}
        actor = summary.author if summary.author in members else ""
        change = Change("issue", summary.key, actor, created=summary.status == "A", issue=issue)
        change.fields = [(c.field, c.old, c.new) for c in summary.fields]
        if summary.body_edited:
            change.fields.append(("body", "", ""))
        change.comments = [comments[c.path] for c in summary.comments if c.path in comments]
        if change.created or change.fields or change.comments:
            result.append(change)
    minutes = {m.path: m for m in after.minutes}
    for doc in documents:
        if doc.status == "A" and doc.path in minutes:
            meeting = minutes[doc.path]
            result.append(Change("minutes", meeting.slug, doc.author if doc.author in members else "", created=True, minutes=meeting))
    return result


def resolve(root: Path, commit: str) -> str:
    """Return the full id of a commit name (``HEAD~1``, a branch, a short id); raises GitError."""
    return gitrepo.rev(root, commit)
