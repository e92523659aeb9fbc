"""The records of what Git history says: field changes, comments, other files' changes, issue timelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tsuzuri.store.reader import FileHistory


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one issue changed by one commit (values as written, "" when absent)."""

    key: str
    field: str
    old: str
    new: str
    author: str  # member id, or the Git email when no member matches
    when: datetime
    commit: str


@dataclass(frozen=True, slots=True)
class CommentAdded:
    key: str
    path: str
    author: str
    when: datetime
    commit: str


@dataclass(frozen=True, slots=True)
class Edit:
    """A commit that touched an issue's file without changing a field: its body edited, a file attached, the issue deleted."""

    key: str
    path: str
    author: str
    when: datetime
    commit: str


@dataclass(frozen=True, slots=True)
class FileChange:
    """A minutes, WBS or config file added, changed or deleted by a commit."""

    path: str
    status: str  # A, M or D
    author: str
    when: datetime
    commit: str
    blob: str = ""  # the file's contents after the change (before it, for a deletion)


@dataclass(frozen=True)
class IssueTimeline:
    """What Git says happened to one issue, oldest first within each kind."""

    key: str
    created: datetime | None = None
    created_by: str = ""
    changes: tuple[FieldChange, ...] = ()
    comments: tuple[CommentAdded, ...] = ()
    title: str = ""  # the title of the newest version read (the last one, for a deleted issue)
    body_edits: tuple[Edit, ...] = ()
    files: tuple[Edit, ...] = ()  # attachments added
    deleted: Edit | None = None  # the issue's file was deleted (and not added again)


@dataclass
class History:
    head: str = ""
    files: dict[str, FileHistory] = field(default_factory=dict)
    timelines: dict[str, IssueTimeline] = field(default_factory=dict)
    documents: list[FileChange] = field(default_factory=list)
    # The Git name of each author who is no member (the author fields above hold their address):
    # what the site and the feed show instead of the address.
    names: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.head)

    def get(self, path: str, default: FileHistory | None = None) -> FileHistory | None:
        """Return a file's history, so a History can be passed to ``reader.load(history=...)``."""
        return self.files.get(path, default)
