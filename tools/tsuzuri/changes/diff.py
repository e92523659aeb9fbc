"""What a change between two commits means in tracker terms: issues, fields, comments, minutes, WBS."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tsuzuri import layout
from tsuzuri.formats import textfile
from tsuzuri.messages import field_label, say
from tsuzuri.model import Config, resolve_choice
from tsuzuri.store import gitrepo
from tsuzuri.store.history import field_changes

_ISSUE_RE = layout.ISSUE_FILE_RE
_COMMENT_RE = layout.COMMENT_FILE_RE
_FILE_RE = layout.ATTACHMENT_RE
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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
    head_sha = gitrepo.rev(root, head)
    start = gitrepo.git(root, "merge-base", gitrepo.rev(root, base), head_sha).strip()
    changes = gitrepo.diff(root, start, head_sha)
    blobs = gitrepo.read_blobs(root, [s for c in changes for s in (c.old, c.new)])
    issues: dict[str, IssueChange] = {}
    documents = []
    for ch in changes:
        m = _ISSUE_RE.match(ch.path) or _COMMENT_RE.match(ch.path) or _FILE_RE.match(ch.path)
        if m:
            item = issues.setdefault(m.group(2), IssueChange(m.group(2)))
            if ch.path.endswith(f"/{m.group(2)}.md"):
                _issue(item, ch, blobs)
            elif "/comments/" in ch.path:
                item.comments += ch.status == "A"
            else:
                item.files += ch.status == "A"
            continue
        markdown = ch.path.endswith(".md")
        fields = gitrepo.front_fields(blobs.get(ch.new or ch.old), markdown=markdown) or {}
        title = fields.get("title", "") if isinstance(fields.get("title"), str) else ""
        documents.append(DocumentChange(ch.path, ch.status, title))
    ordered = sorted(issues.values(), key=lambda i: (i.key.rsplit("-", 1)[0], int(i.key.rsplit("-", 1)[1])))
    return TrackerDiff(start, head_sha, ordered, documents)


def _issue(item: IssueChange, ch: gitrepo.RawChange, blobs: dict) -> None:
    old = gitrepo.front_fields(blobs.get(ch.old)) if ch.old else None
    new = gitrepo.front_fields(blobs.get(ch.new)) if ch.new else None
    item.status = ch.status
    latest = new or old or {}
    item.title = latest.get("title", "") if isinstance(latest.get("title"), str) else ""
    if ch.status == "M":
        stub = gitrepo.Commit("", "", "", _EPOCH)
        item.fields = [(c.field, c.old, c.new) for c in field_changes(item.key, old, new, "", stub)]
        item.body_changed = _body(blobs.get(ch.old)) != _body(blobs.get(ch.new))


def _body(data: bytes | None) -> str:
    try:
        return textfile.split_front_matter(textfile.decode(data or b" ")).body
    except textfile.TextProblem:
        return (data or b"").decode("utf-8", "replace")


def same_choice(config: Config, name: str, old: str, new: str) -> bool:
    """Tell whether two values of a status, type or priority name the same entry (``open`` and ``未対応``)."""
    choices = {"status": config.statuses, "type": config.types, "priority": config.priorities}.get(name)
    if not choices:
        return False
    a, b = resolve_choice(choices, old), resolve_choice(choices, new)
    return a is not None and a == b


def _label(config: Config, name: str, value: str, lang: str = "en") -> str:
    vocabulary = {"status": "statuses", "type": "types", "priority": "priorities"}.get(name)
    return (config.label(vocabulary, value) if vocabulary else value) or say(lang, "diff.none")


def describe_change(config: Config, name: str, old: str, new: str, lang: str = "en") -> str:
    """Describe one field change, ``status 未対応 -> 処理中``, with the field's word and the values' labels."""
    return say(lang, "diff.change", field=field_label(lang, name), old=_label(config, name, old, lang), new=_label(config, name, new, lang))


def _count(lang: str, one: str, many: str, count: int, key: str) -> str:
    return say(lang, one, key=key) if count == 1 else say(lang, many, key=key, count=count)


def lines(diff: TrackerDiff, config: Config, lang: str = "en") -> list[str]:
    """Describe each change in one line in ``lang``, issues first."""
    out = []
    for item in diff.issues:
        if item.status == "A":
            out.append(say(lang, "diff.new-issue", key=item.key, title=item.title))
        elif item.status == "D":
            out.append(say(lang, "diff.deleted-issue", key=item.key, title=item.title))
        elif item.fields or item.body_changed:
            parts = [describe_change(config, name, old, new, lang) for name, old, new in item.fields
                     if not same_choice(config, name, old, new)]
            if item.body_changed:
                parts.append(say(lang, "diff.body-edited"))
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
