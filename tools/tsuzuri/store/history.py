"""What Git history says about the tracker, read in one pass and cached by HEAD.

One ``git log --raw`` lists every change to a tracker file; one ``git cat-file --batch``
fetches the versions of issue and comment files those changes name. From that come:
when and by whom each file was created and last changed (``FileHistory``, fed to
``reader.load``), each issue's timeline of field changes and comments, and the changes
to minutes and WBS files. Authors are members, matched by their email or aliases.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ..model import Config
from . import gitrepo
from .reader import CONFIG_FILE, FileHistory, build_config
from .writer import flow

CACHE_DIR = ".tsuzuri-cache"
CACHE_VERSION = 1

_ISSUE_RE = re.compile(r"^issues/([A-Z][A-Z0-9_]*)/(\1-[1-9][0-9]*)\.md$")
_COMMENT_RE = re.compile(r"^issues/([A-Z][A-Z0-9_]*)/(\1-[1-9][0-9]*)/comments/[^/]+\.md$")


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
class FileChange:
    """A minutes, WBS or config file added, changed or deleted by a commit."""

    path: str
    status: str  # A, M or D
    author: str
    when: datetime
    commit: str


@dataclass(frozen=True)
class IssueTimeline:
    key: str
    created: datetime | None = None
    created_by: str = ""
    changes: tuple[FieldChange, ...] = ()
    comments: tuple[CommentAdded, ...] = ()


@dataclass
class History:
    head: str = ""
    files: dict[str, FileHistory] = field(default_factory=dict)
    timelines: dict[str, IssueTimeline] = field(default_factory=dict)
    documents: list[FileChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.head)

    def get(self, path: str, default: FileHistory | None = None) -> FileHistory | None:
        """Return a file's history, so a History can be passed to ``reader.load(history=...)``."""
        return self.files.get(path, default)


def member_for_email(config: Config, email: str) -> str:
    """Return the id of the member whose email or alias is ``email`` (case-insensitive), or ""."""
    return _email_table(config).get(email.strip().lower(), "")


def _email_table(config: Config) -> dict[str, str]:
    table: dict[str, str] = {}
    for member in config.members:
        for name in (member.email, *member.aliases):
            if name:
                table.setdefault(name.strip().lower(), member.id)
    return table


def load_history(root: Path, config: Config | None = None, use_cache: bool = True) -> History:
    """Return the tracker's history from Git (empty when ``root`` is not a Git checkout)."""
    root = Path(root)
    if not gitrepo.is_checkout(root):
        return History()
    config_bytes = (root / CONFIG_FILE).read_bytes() if (root / CONFIG_FILE).is_file() else b""
    if config is None:
        config = _config_of(root)
    head = gitrepo.rev(root, "HEAD")
    stamp = f"{CACHE_VERSION}:{head}:{hashlib.sha256(config_bytes).hexdigest()}"
    cache = root / CACHE_DIR / "history.json"
    if use_cache:
        cached = _read_cache(cache, stamp)
        if cached is not None:
            return cached
    history = compute(root, config, head)
    if use_cache:
        _write_cache(cache, stamp, history)
    return history


def _config_of(root: Path) -> Config:
    from ..schema.kinds import CONFIG
    from .documents import read

    doc = read(root, CONFIG_FILE, CONFIG, []) if (root / CONFIG_FILE).is_file() else None
    return build_config(doc.data) if doc is not None and doc.ok else Config()


def compute(root: Path, config: Config, head: str = "HEAD") -> History:
    """Read the whole history in one pass over ``git log`` and one ``cat-file`` process."""
    commits = gitrepo.log(root, head)
    wanted = []
    for _, changes in commits:
        for ch in changes:
            if _ISSUE_RE.match(ch.path):
                wanted += [ch.old, ch.new]
            elif _COMMENT_RE.match(ch.path) and ch.status == "A":
                wanted.append(ch.new)
    blobs = gitrepo.read_blobs(root, wanted)
    fronts: dict[str, dict | None] = {}

    def front(sha: str) -> dict | None:
        if sha not in fronts:
            fronts[sha] = gitrepo.front_fields(blobs.get(sha)) if sha else None
        return fronts[sha]

    emails = _email_table(config)
    files: dict[str, FileHistory] = {}
    created: dict[str, tuple[datetime, str]] = {}
    changes_of: dict[str, list[FieldChange]] = {}
    comments_of: dict[str, list[CommentAdded]] = {}
    documents: list[FileChange] = []
    for commit, changes in commits:
        author = emails.get(commit.email.lower(), commit.email)
        for ch in changes:
            if ch.status == "D":
                files.pop(ch.path, None)
            else:
                old = files.get(ch.path)
                if old is None or ch.status == "A":
                    files[ch.path] = FileHistory(commit.when, author, commit.when, author)
                else:
                    files[ch.path] = FileHistory(old.created, old.created_by, commit.when, author)
            issue = _ISSUE_RE.match(ch.path)
            if issue:
                key = issue.group(2)
                if ch.status == "A":
                    created[key] = (commit.when, author)
                    changes_of.setdefault(key, [])
                elif ch.status == "M":
                    changes_of.setdefault(key, []).extend(field_changes(key, front(ch.old), front(ch.new), author, commit))
                continue
            comment = _COMMENT_RE.match(ch.path)
            if comment:
                if ch.status == "A":
                    comments_of.setdefault(comment.group(2), []).append(_comment(comment.group(2), ch.path, front(ch.new), author, commit))
                continue
            documents.append(FileChange(ch.path, ch.status, author, commit.when, commit.sha))
    timelines = {}
    for key in set(created) | set(changes_of) | set(comments_of):
        when, who = created.get(key, (None, ""))
        comments = sorted(comments_of.get(key, ()), key=lambda c: c.when)
        timelines[key] = IssueTimeline(key, when, who, tuple(changes_of.get(key, ())), tuple(comments))
        _fold_comments_into_issue(files, key, comments)
    return History(head, files, timelines, documents)


def _fold_comments_into_issue(files: dict[str, FileHistory], key: str, comments: list[CommentAdded]) -> None:
    # A comment is activity on the issue: the issue's "updated" is its latest comment or edit.
    path = f"issues/{key.rsplit('-', 1)[0]}/{key}.md"
    hist = files.get(path)
    if hist is None or not comments:
        return
    latest = max(comments, key=lambda c: c.when)
    if hist.updated is None or latest.when > hist.updated:
        files[path] = FileHistory(hist.created, hist.created_by, latest.when, latest.author)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return flow(value)


def field_changes(key: str, old: dict | None, new: dict | None, author: str, commit: gitrepo.Commit) -> list[FieldChange]:
    """Return the fields that differ between two versions of an issue's front matter."""
    if old is None or new is None:
        return []  # an unreadable version (a conflict left in a commit) says nothing about fields
    found = []
    for name in list(old) + [k for k in new if k not in old]:
        before, after = _text(old.get(name)), _text(new.get(name))
        if before != after:
            found.append(FieldChange(key, str(name), before, after, author, commit.when, commit.sha))
    return found


def _comment(key: str, path: str, fields: dict | None, author: str, commit: gitrepo.Commit) -> CommentAdded:
    fields = fields or {}
    when = commit.when
    written = fields.get("date")
    if isinstance(written, str):
        try:
            parsed = datetime.fromisoformat(written)
            when = parsed if parsed.tzinfo else when
        except ValueError:
            pass
    who = fields.get("author") if isinstance(fields.get("author"), str) else author
    return CommentAdded(key, path, who or author, when, commit.sha)


# --- cache -------------------------------------------------------------------------


def _read_cache(path: Path, stamp: str) -> History | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    try:
        return _decode(data)
    except (KeyError, TypeError, ValueError):
        return None


def _write_cache(path: Path, stamp: str, history: History) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        payload = {"stamp": stamp, **_encode(history)}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, default=_iso), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only checkout simply goes without a cache


def _iso(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value))


def _encode(history: History) -> dict:
    return {
        "head": history.head,
        "files": {p: [h.created, h.created_by, h.updated, h.updated_by] for p, h in history.files.items()},
        "timelines": {
            k: [t.created, t.created_by, [list(asdict(c).values()) for c in t.changes], [list(asdict(c).values()) for c in t.comments]]
            for k, t in history.timelines.items()
        },
        "documents": [list(asdict(d).values()) for d in history.documents],
    }


def _dt(text):
    return datetime.fromisoformat(text) if text else None


def _decode(data: dict) -> History:
    files = {p: FileHistory(_dt(c), cb, _dt(u), ub) for p, (c, cb, u, ub) in data["files"].items()}
    timelines = {}
    for key, (created, created_by, changes, comments) in data["timelines"].items():
        timelines[key] = IssueTimeline(
            key, _dt(created), created_by,
            tuple(FieldChange(k, f, o, n, a, _dt(w), c) for k, f, o, n, a, w, c in changes),
            tuple(CommentAdded(k, p, a, _dt(w), c) for k, p, a, w, c in comments),
        )
    documents = [FileChange(p, s, a, _dt(w), c) for p, s, a, w, c in data["documents"]]
    return History(data["head"], files, timelines, documents)
