"""What Git history says about the tracker, read in one pass and cached by HEAD.

One ``git log --raw`` lists every change to a tracker file (shared files too); one ``git cat-file --batch``
fetches the versions of issue and comment files those changes name. From that come:
when and by whom each file was created and last changed (``FileHistory``, fed to
``reader.load``), each issue's timeline of field changes and comments, and the changes
to minutes and WBS files. Authors are members, matched by their email or aliases.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from tsuzuri import layout
from tsuzuri.formats import textfile
from tsuzuri.model import Config, resolve_choice
from tsuzuri.store import gitrepo
from tsuzuri.store.history_cache import read_cache, write_cache
from tsuzuri.store.history_records import CommentAdded, Edit, FieldChange, FileChange, History, IssueTimeline
from tsuzuri.store.page_cache import committed
from tsuzuri.store.reader import CONFIG_FILE, FileHistory, build_config
from tsuzuri.store.writer import flow

CACHE_DIR = ".tsuzuri-cache"
CACHE_VERSION = 4  # 4: shared files (files/) are in ``files``

_ISSUE_RE = layout.ISSUE_FILE_RE
_COMMENT_RE = layout.COMMENT_FILE_RE
_FILE_RE = layout.ATTACHMENT_RE
_SHARED_RE = layout.SHARED_FILE_RE


def member_for_email(config: Config, email: str) -> str:
    """Return the id of the member whose email or alias is ``email`` (case-insensitive), or ""."""
    return _email_table(config).get(email.strip().lower(), "")


def public_name(config: Config, history: History | None, author: str) -> str:
    """Return how a published page names an author: a member by name, anyone else by their Git name.

    Never the address of someone who is not a member ("" when there is no name to show).
    """
    member = config.member(author) if author else None
    if member is not None:
        return member.name or member.id
    if history is not None and author in history.names:
        return history.names[author]
    return "" if "@" in author else author


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
    use_cache = use_cache and not committed(root)  # a history.json that came with a commit is never read
    if use_cache:
        cached = read_cache(cache, stamp)
        if cached is not None:
            return cached
    history = compute(root, config, head)
    if use_cache:
        write_cache(cache, stamp, history)
    return history


def load_range(root: Path, base: str, head: str = "HEAD", config: Config | None = None) -> History:
    """Return what the commits after ``base`` up to ``head`` did (``git log BASE..HEAD``); raises GitError."""
    root = Path(root)
    since, until = gitrepo.rev(root, base), gitrepo.rev(root, head)
    return compute(root, config if config is not None else _config_of(root), until, since=since)


def _config_of(root: Path) -> Config:
    from tsuzuri.schema.kinds import CONFIG
    from tsuzuri.store.documents import read

    doc = read(root, CONFIG_FILE, CONFIG, []) if (root / CONFIG_FILE).is_file() else None
    return build_config(doc.data) if doc is not None and doc.ok else Config()


def compute(root: Path, config: Config, head: str = "HEAD", since: str | None = None) -> History:
    """Read the whole history in one pass over ``git log`` and one ``cat-file`` process.

    ``since``: only the commits after it (``git log SINCE..HEAD``), for what a range changed.
    """
    # Shared files only need their last change (``files``); their bytes are never read.
    commits = gitrepo.log(root, f"{since}..{head}" if since else head, paths=(*gitrepo.TRACKER_PATHS, layout.SHARED_FOLDER))
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
    issues: dict[str, _Issue] = {}
    comments_of: dict[str, list[CommentAdded]] = {}
    documents: list[FileChange] = []
    names: dict[str, str] = {}
    for commit, changes in commits:
        author = emails.get(commit.email.lower(), commit.email)
        if author == commit.email:
            names[commit.email] = commit.name
        for ch in changes:
            if ch.status == "D":
                files.pop(ch.path, None)
            else:
                old = files.get(ch.path)
                if old is None or ch.status == "A":
                    files[ch.path] = FileHistory(commit.when, author, commit.when, author)
                else:
                    files[ch.path] = FileHistory(old.created, old.created_by, commit.when, author)
            if _SHARED_RE.match(ch.path):
                continue
            issue = _ISSUE_RE.match(ch.path)
            if issue:
                issues.setdefault(issue.group(2), _Issue()).record(config, issue.group(2), ch, author, commit, front, blobs)
                continue
            comment = _COMMENT_RE.match(ch.path)
            if comment:
                if ch.status == "A":
                    comments_of.setdefault(comment.group(2), []).append(_comment(comment.group(2), ch.path, front(ch.new), author, commit))
                continue
            attachment = _FILE_RE.match(ch.path)
            if attachment:
                if ch.status == "A":
                    issues.setdefault(attachment.group(2), _Issue()).files.append(
                        Edit(attachment.group(2), ch.path, author, commit.when, commit.sha)
                    )
                continue
            documents.append(FileChange(ch.path, ch.status, author, commit.when, commit.sha, ch.new or ch.old))
    timelines = {}
    for key in set(issues) | set(comments_of):
        state = issues.get(key) or _Issue()
        comments = sorted(comments_of.get(key, ()), key=lambda c: c.when)
        timelines[key] = state.timeline(key, comments)
        _fold_comments_into_issue(files, key, comments)
    return History(head, files, timelines, documents, names)


class _Issue:
    """What the commits read so far did to one issue's file."""

    def __init__(self):
        self.created: tuple[datetime, str] | None = None
        self.changes: list[FieldChange] = []
        self.body_edits: list[Edit] = []
        self.files: list[Edit] = []
        self.deleted: Edit | None = None
        self.title = ""

    def record(self, config: Config, key: str, ch: gitrepo.RawChange, author: str, commit: gitrepo.Commit, front, blobs) -> None:
        latest = front(ch.new) if ch.new else front(ch.old)
        if latest and isinstance(latest.get("title"), str):
            self.title = latest["title"]
        if ch.status == "A":
            self.created, self.deleted = (commit.when, author), None
        elif ch.status == "D":
            self.deleted = Edit(key, ch.path, author, commit.when, commit.sha)
        else:
            self.changes.extend(c for c in field_changes(key, front(ch.old), front(ch.new), author, commit) if not _same_choice(config, c))
            if _body(blobs.get(ch.old)) != _body(blobs.get(ch.new)):
                self.body_edits.append(Edit(key, ch.path, author, commit.when, commit.sha))

    def timeline(self, key: str, comments: list[CommentAdded]) -> IssueTimeline:
        when, who = self.created or (None, "")
        return IssueTimeline(key, when, who, tuple(self.changes), tuple(comments), self.title,
                             tuple(self.body_edits), tuple(self.files), self.deleted)


def _body(data: bytes | None) -> str:
    """Return the description of an issue file's contents (the whole text when it has no readable front matter)."""
    if data is None:
        return ""
    try:
        return textfile.split_front_matter(textfile.decode(data)).body.strip()
    except textfile.TextProblem:
        return data.decode("utf-8", "replace")


def _fold_comments_into_issue(files: dict[str, FileHistory], key: str, comments: list[CommentAdded]) -> None:
    # A comment is activity on the issue: the issue's "updated" is its latest comment or edit.
    path = layout.issue_path(key)
    hist = files.get(path)
    if hist is None or not comments:
        return
    latest = max(comments, key=lambda c: c.when)
    if hist.updated is None or latest.when > hist.updated:
        files[path] = FileHistory(hist.created, hist.created_by, latest.when, latest.author)


def _same_choice(config: Config, change: FieldChange) -> bool:
    # `open` rewritten as its label `未対応` is no change to show in a timeline.
    choices = {"status": config.statuses, "type": config.types, "priority": config.priorities}.get(change.field)
    if not choices:
        return False
    old, new = resolve_choice(choices, change.old), resolve_choice(choices, change.new)
    return old is not None and old == new


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
