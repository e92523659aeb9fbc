"""What a change between two commits means in tracker terms: issues, fields, comments, minutes, WBS."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tsuzuri.changes import engine
from tsuzuri.changes.wording import describe
from tsuzuri.messages import say
from tsuzuri.model import Config, resolve_choice
from tsuzuri.store import gitrepo


@dataclass
class IssueChange:
    key: str
    title: str = ""
    status: str = ""  # A new, M changed, D deleted, "" only comments or files
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)
    body_changed: bool = False
    comments: int = 0
    files: int = 0


@dataclass
class DocumentChange:
    path: str
    status: str
    title: str = ""


@dataclass
class TrackerDiff:
    base: str
    head: str
    issues: list[IssueChange] = field(default_factory=list)
    documents: list[DocumentChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.issues or self.documents)


def tracker_diff(root: Path, base: str, head: str = "HEAD") -> TrackerDiff:
    """Compare ``head`` with where it left ``base`` (their merge base), as ``git diff BASE...HEAD`` does."""
    found = engine.between(root, base, head, merge_base=True)
    issues = [
        IssueChange(s.key, s.title, s.status, [(c.field, c.old, c.new) for c in s.fields], s.body_edited, len(s.comments), len(s.files))
        for s in found.issues()
    ]
    changed = found.documents()
    blobs = gitrepo.read_blobs(root, [d.blob for d in changed])
    documents = []
    for doc in changed:
        fields = gitrepo.front_fields(blobs.get(doc.blob), markdown=doc.path.endswith(".md")) or {}
        title = fields.get("title", "") if isinstance(fields.get("title"), str) else ""
        documents.append(DocumentChange(doc.path, doc.status, title))
    return TrackerDiff(found.base, found.head, issues, documents)


def same_choice(config: Config, name: str, old: str, new: str) -> bool:
    """Tell whether two values of a status, type or priority name the same entry (``open`` and ``未対応``)."""
    choices = {"status": config.statuses, "type": config.types, "priority": config.priorities}.get(name)
    if not choices:
        return False
    a, b = resolve_choice(choices, old), resolve_choice(choices, new)
    return a is not None and a == b


def _count(lang: str, one: str, many: str, count: int, key: str) -> str:
    return say(lang, one, key=key) if count == 1 else say(lang, many, key=key, count=count)


def lines(diff: TrackerDiff, config: Config, lang: str = "en") -> list[str]:
    """Describe each change in one line in ``lang``, issues first (a field's change in the words of ``changes.wording``)."""
    out = []
    for item in diff.issues:
        if item.status == "A":
            out.append(say(lang, "diff.new-issue", key=item.key, title=item.title))
        elif item.status == "D":
            out.append(say(lang, "diff.deleted-issue", key=item.key, title=item.title))
        elif item.fields or item.body_changed:
            project = item.key.rpartition("-")[0]
            fields = [*item.fields, ("body", "", "")] if item.body_changed else item.fields
            parts = [describe(config, project, name, old, new, lang).phrase for name, old, new in fields
                     if not same_choice(config, name, old, new)]
            if parts:
                out.append(say(lang, "diff.issue-fields", key=item.key, changes=say(lang, "diff.list-separator").join(parts)))
        if item.comments:
            out.append(_count(lang, "diff.comment", "diff.comments", item.comments, item.key))
        if item.files:
            out.append(_count(lang, "diff.file", "diff.files", item.files, item.key))
    for doc in diff.documents:
        kind = "minutes" if doc.path.startswith("minutes/") else "wbs" if doc.path.startswith("wbs/") else "settings"
        status = doc.status if doc.status in ("A", "D") else "M"
        title = f": {doc.title}" if doc.title else ""
        out.append(say(lang, f"diff.document.{status}", kind=say(lang, f"diff.kind.{kind}"), path=doc.path, title=title))
    return out


def render(diff: TrackerDiff, config: Config, fmt: str = "text", lang: str = "en") -> str:
    """Render the diff in ``lang`` as plain lines or as Markdown for a pull-request comment."""
    described = lines(diff, config, lang)
    if fmt == "markdown":
        if not described:
            return say(lang, "diff.markdown.empty") + "\n"
        return say(lang, "diff.markdown.heading") + "\n\n" + "\n".join(f"- {line}" for line in described) + "\n"
    return "\n".join(described) + ("\n" if described else "")
