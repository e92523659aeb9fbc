"""What changed in the tracker between two commits, as notification-sized events.

Kept apart from the rest of the bridge so a richer history diff can replace it later:
``changes(root, base, head)`` is the only entry point the notifier uses.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tsuzuri.model import Comment, Issue, Minutes, Tracker
from tsuzuri.store import load

# Fields a person cares to hear about, in the order a mail lists them.
WATCHED_FIELDS = (
    "title", "status", "type", "priority", "assignee", "milestone", "categories",
    "start", "due", "estimate", "actual", "parent", "watchers", "body",
)


@dataclass
class Change:
    """Everything one person changed on one issue (or one new minutes) in the range."""

    kind: str  # issue | minutes
    key: str  # issue key, or the minutes' slug
    actor: str = ""  # member id of who made the change ('' if unknown)
    created: bool = False
    fields: list[tuple[str, object, object]] = field(default_factory=list)  # (field, old, new)
    comments: list[Comment] = field(default_factory=list)
    issue: Issue | None = None
    minutes: Minutes | None = None


def _git(root: Path, *args: str, binary: bool = False):
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=True)
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def tracker_at(root: Path, commit: str) -> Tracker:
    """Load the tracker as it was at ``commit`` (only its data files, in a temporary folder)."""
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    listed = _git(root, "ls-tree", "--name-only", f"{commit}:{prefix}" if prefix else commit).split("\n")
    wanted = [p for p in ("tsuzuri.yml", "issues", "minutes") if p in listed]
    with tempfile.TemporaryDirectory(prefix="tsuzuri-at-") as tmp:
        if wanted:
            data = _git(root, "archive", "--format=tar", f"{commit}:{prefix}" if prefix else commit, *wanted, binary=True)
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                tar.extractall(tmp, filter="data")
        return load(Path(tmp)).tracker


def _authors(root: Path, base: str, head: str, config) -> dict[str, str]:
    """Map each file changed in the range to the member who last changed it."""
    by_email = {}
    for m in config.members:
        for address in (m.email, *m.aliases):
            if address:
                by_email[address.lower()] = m.id
    out = _git(root, "log", "--format=\x01%ae", "--name-only", "--relative", f"{base}..{head}")
    result: dict[str, str] = {}
    author = ""
    for line in out.split("\n"):
        if line.startswith("\x01"):
            author = by_email.get(line[1:].strip().lower(), "")
        elif line.strip() and line not in result:
            result[line] = author  # git log runs newest first: the first author seen is the latest
    return result


def _value(issue: Issue, name: str):
    return getattr(issue, name)


def diff(before: Tracker, after: Tracker, authors: dict[str, str] | None = None) -> list[Change]:
    """Return the changes from ``before`` to ``after``, one per issue and actor, in key order."""
    authors = authors or {}
    changes: list[Change] = []
    for key in sorted(after.issues, key=lambda k: (after.issues[k].project, after.issues[k].number)):
        new = after.issues[key]
        old = before.issues.get(key)
        file_actor = authors.get(new.path, "")
        per_actor: dict[str, Change] = {}

        def change_for(actor: str, per_actor=per_actor, key=key, new=new) -> Change:
            if actor not in per_actor:
                per_actor[actor] = Change("issue", key, actor, issue=new)
            return per_actor[actor]

        if old is None:
            change_for(file_actor or new.reporter).created = True
        else:
            for name in WATCHED_FIELDS:
                a, b = _value(old, name), _value(new, name)
                if a != b:
                    change_for(file_actor).fields.append((name, a, b))
        seen = {c.path for c in old.comments} if old else set()
        for comment in new.comments:
            if comment.path not in seen:
                change_for(comment.author or authors.get(comment.path, "")).comments.append(comment)
        changes.extend(per_actor.values())
    known = {m.path for m in before.minutes}
    for minutes in after.minutes:
        if minutes.path not in known:
            changes.append(Change("minutes", minutes.slug, authors.get(minutes.path, ""), created=True, minutes=minutes))
    return changes


def changes(root: Path, base: str, head: str) -> tuple[Tracker, list[Change]]:
    """Load the tracker at ``base`` and ``head`` and return (tracker at head, its changes)."""
    before = tracker_at(root, base)
    after = tracker_at(root, head)
    return after, diff(before, after, _authors(root, base, head, after.config))


def resolve(root: Path, commit: str) -> str:
    """Return the full id of a commit name (``HEAD~1``, a branch, a short id)."""
    return _git(root, "rev-parse", "--verify", f"{commit}^{{commit}}").strip()
