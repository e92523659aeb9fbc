"""The one account of what changed: a range of commits summed up per issue, from ``store.history``.

``store.history`` reads every commit once into timelines: each field change, comment,
attachment and body edit with its commit, author and time. The feed, the activity page
and ``tsuzuri show`` list those timelines commit by commit; ``tsuzuri diff`` and
``tsuzuri notify`` ask this module what a range of commits did in sum (``summarize``), or
what each person did in it (``by_author``). So a change reads the same wherever it is
reported: the same fields, the same values, the same rule that rewriting ``open`` as its
label ``未対応`` is no change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tsuzuri.model import Config
from tsuzuri.store import gitrepo
from tsuzuri.store.history import load_range
from tsuzuri.store.history_records import CommentAdded, Edit, FieldChange, FileChange, History, IssueTimeline


@dataclass
class IssueSummary:
    """What a range of commits (or one person in it) did to one issue."""

    key: str
    title: str = ""
    status: str = ""  # A created, D deleted, M fields or body changed, "" only comments or files
    author: str = ""  # who did it, when summed up by author (the creator, for a new issue)
    fields: list[FieldChange] = field(default_factory=list)  # one per field: the first old value, the last new one
    body_edited: bool = False
    comments: list[CommentAdded] = field(default_factory=list)
    files: list[Edit] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.status or self.comments or self.files)


@dataclass
class RangeChanges:
    """What the commits after ``base`` up to ``head`` did to the tracker."""

    base: str
    head: str
    history: History

    def issues(self) -> list[IssueSummary]:
        return summarize(self.history)

    def documents(self) -> list[FileChange]:
        return net_documents(self.history.documents)


def between(root: Path, base: str, head: str = "HEAD", config: Config | None = None, merge_base: bool = False) -> RangeChanges:
    """Return what ``head`` changed since ``base``; with ``merge_base``, since where it left ``base``
    (as ``git diff BASE...HEAD`` does: a pull request's own changes). Raises GitError."""
    root = Path(root)
    head_sha = gitrepo.rev(root, head)
    start = gitrepo.rev(root, base)
    if merge_base:
        start = gitrepo.git(root, "merge-base", start, head_sha).strip()
    return RangeChanges(start, head_sha, load_range(root, start, head_sha, config))


def net_fields(changes) -> list[FieldChange]:
    """Fold field changes (oldest first) into one per field, from its first old value to its last new one.

    A field that ends where it began is no change. The folded change keeps the last commit's author and time.
    """
    folded = []
    for name, (begin, end) in _ends(changes, lambda c: c.field).items():
        if begin.old != end.new:
            folded.append(FieldChange(end.key, name, begin.old, end.new, end.author, end.when, end.commit))
    return folded


def _summary(timeline: IssueTimeline, author: str | None = None) -> IssueSummary:
    mine = (lambda who: who == author) if author is not None else (lambda who: True)
    item = IssueSummary(timeline.key, timeline.title, author=author or "")
    created = timeline.created is not None and mine(timeline.created_by)
    if timeline.deleted is not None and (author is None or mine(timeline.deleted.author)):
        if timeline.created is not None:
            return IssueSummary(timeline.key)  # added and deleted within the range: nothing to tell
        item.status = "D"
        return item
    if created:
        item.status = "A"
    elif author is None or timeline.created is None:
        item.fields = net_fields(c for c in timeline.changes if mine(c.author))
        item.body_edited = any(mine(e.author) for e in timeline.body_edits)
        item.status = "M" if item.fields or item.body_edited else ""
    item.comments = [c for c in timeline.comments if mine(c.author)]
    item.files = [f for f in timeline.files if mine(f.author)]
    return item


def summarize(history: History) -> list[IssueSummary]:
    """Return what the history's commits did to each issue, in key order (project, then number)."""
    found = [_summary(t) for t in history.timelines.values()]
    return sorted((s for s in found if s), key=_key_order)


def by_author(history: History) -> list[IssueSummary]:
    """Return what each person did to each issue, in key order, then in order of who acted first.

    A new issue is its creator's alone: what others did to it in the same range is told with its creation.
    """
    found = []
    for timeline in history.timelines.values():
        authors = dict.fromkeys(
            [timeline.created_by] if timeline.created is not None else
            [x.author for x in sorted((*timeline.changes, *timeline.body_edits, *timeline.comments, *timeline.files), key=lambda x: x.when)]
        )
        if timeline.created is not None:
            authors.update(dict.fromkeys(c.author for c in timeline.comments))
        if timeline.deleted is not None:
            authors.setdefault(timeline.deleted.author, None)
        for author in authors:
            summary = _summary(timeline, author)
            if summary:
                found.append(summary)
    return sorted(found, key=_key_order)


def net_documents(documents: list[FileChange]) -> list[FileChange]:
    """Fold the changes to minutes, WBS and settings files into one per file: added, changed or deleted."""
    folded = []
    for path, (begin, end) in _ends(documents, lambda c: c.path).items():
        if begin.status == "A" and end.status == "D":
            continue
        status = "A" if begin.status == "A" else "D" if end.status == "D" else "M"
        folded.append(FileChange(path, status, end.author, end.when, end.commit, end.blob))
    return folded


def _ends(changes, key) -> dict:
    """Return the first and the last of ``changes`` (oldest first) for each ``key``, in order of first appearance."""
    ends: dict = {}
    for change in changes:
        begin, _ = ends.get(key(change), (change, change))
        ends[key(change)] = (begin, change)
    return ends


def _key_order(summary: IssueSummary):
    project, _, number = summary.key.rpartition("-")
    return (project, int(number) if number.isdigit() else 0, number)
