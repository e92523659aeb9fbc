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
from tsuzuri.store.documents import parsed_kept
from tsuzuri.store.history_cache import read_cache, write_cache
from tsuzuri.store.history_records import CommentAdded, Edit, FieldChange, FileChange, History, IssueTimeline
from tsuzuri.store.page_cache import committed
from tsuzuri.store.reader import CONFIG_FILE, FileHistory, build_config
from tsuzuri.store.writer import flow

CACHE_DIR = ".tsuzuri-cache"
CACHE_VERSION = 5  # 4: shared files (files/) are in ``files``; 5: and their changes in ``documents``

_ISSUE_RE = layout.ISSUE_FILE_RE
_COMMENT_RE = layout.COMMENT_FILE_RE
_FILE_RE = layout.ATTACHMENT_RE


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
    head = gitrepo.rev(root, "HEAD")
    stamp = f"{CACHE_VERSION}:{head}:{hashlib.sha256(config_bytes).hexdigest()}"
    # The stamp decides the history (the commits up to HEAD, read with these settings): a process
    # that rebuilds (``mkdocs serve``) takes the one it read last while HEAD and tsuzuri.yml stay.
    kept = _LAST.get(str(root.resolve())) if parsed_kept() else None
    if kept is not None and kept[0] == stamp:
        return kept[1]
    history = _history(root, config, head, stamp, use_cache)
    if parsed_kept():
        _LAST.clear()  # only the last one: a rebuild reads one tracker
        _LAST[str(root.resolve())] = (stamp, history)
    return history


# The history this process read last, by the tracker's folder: its stamp and itself (histories are not changed once made).
_LAST: dict[str, tuple[str, History]] = {}


def _history(root: Path, config: Config | None, head: str, stamp: str, use_cache: bool) -> History:
    cache = root / CACHE_DIR / "history.json"
    use_cache = use_cache and not committed(root)  # a history.json that came with a commit is never read
    if use_cache:
        cached = read_cache(cache, stamp)
        if cached is not None:
            return cached
    history = compute(root, config if config is not None else _config_of(root), head)
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
    walk = _Walk(config, gitrepo.read_blobs(root, _wanted_blobs(commits)))
    for commit, changes in commits:
        walk.commit(commit, changes)
    return walk.history(head)


def _wanted_blobs(commits) -> list[str]:
    """The blobs the walk reads: both sides of every issue change, and each comment as it was added."""
    wanted = []
    for _, changes in commits:
        for ch in changes:
            if _ISSUE_RE.match(ch.path):
                wanted += [ch.old, ch.new]
            elif _COMMENT_RE.match(ch.path) and ch.status == "A":
                wanted.append(ch.new)
    return wanted


class _Walk:
    """What the commits read so far, oldest first, did to the tracker's files."""

    def __init__(self, config: Config, blobs: dict[str, bytes]) -> None:
        self.config = config
        self.blobs = blobs
        self.emails = _email_table(config)
        self.fronts: dict[str, dict | None] = {}
        self.files: dict[str, FileHistory] = {}
        self.issues: dict[str, _Issue] = {}
        self.comments_of: dict[str, list[CommentAdded]] = {}
        self.documents: list[FileChange] = []
        self.names: dict[str, str] = {}

    def front(self, sha: str) -> dict | None:
        """The front matter of a blob, read once."""
        if sha not in self.fronts:
            self.fronts[sha] = gitrepo.front_fields(self.blobs.get(sha)) if sha else None
        return self.fronts[sha]

    def commit(self, commit: gitrepo.Commit, changes) -> None:
        author = self.emails.get(commit.email.lower(), commit.email)
        if author == commit.email:
            self.names[commit.email] = commit.name
        for ch in changes:
            self._dates(ch, author, commit)
            self._change(ch, author, commit)

    def _dates(self, ch: gitrepo.RawChange, author: str, commit: gitrepo.Commit) -> None:
        """Keep who created a file and when, and who changed it last."""
        if ch.status == "D":
            self.files.pop(ch.path, None)
            return
        old = self.files.get(ch.path)
        if old is None or ch.status == "A":
            self.files[ch.path] = FileHistory(commit.when, author, commit.when, author)
        else:
            self.files[ch.path] = FileHistory(old.created, old.created_by, commit.when, author)

    def _change(self, ch: gitrepo.RawChange, author: str, commit: gitrepo.Commit) -> None:
        """Record a change as what it is to an issue: its file, a comment, an attachment; else a document's."""
        issue = _ISSUE_RE.match(ch.path)
        if issue:
            self.issues.setdefault(issue.group(2), _Issue()).record(self.config, issue.group(2), ch, author, commit, self.front, self.blobs)
            return
        comment = _COMMENT_RE.match(ch.path)
        if comment:
            if ch.status == "A":
                key = comment.group(2)
                self.comments_of.setdefault(key, []).append(_comment(key, ch.path, self.front(ch.new), author, commit))
            return
        attachment = _FILE_RE.match(ch.path)
        if attachment:
            if ch.status == "A":
                key = attachment.group(2)
                self.issues.setdefault(key, _Issue()).files.append(Edit(key, ch.path, author, commit.when, commit.sha))
            return
        self.documents.append(FileChange(ch.path, ch.status, author, commit.when, commit.sha, ch.new or ch.old))

    def history(self, head: str) -> History:
        """The timelines of every issue met, with the files' dates and the documents' changes."""
        timelines = {}
        for key in set(self.issues) | set(self.comments_of):
            state = self.issues.get(key) or _Issue()
            comments = sorted(self.comments_of.get(key, ()), key=lambda c: c.when)
            timelines[key] = state.timeline(key, comments)
            _fold_comments_into_issue(self.files, key, comments)
        return History(head, self.files, timelines, self.documents, self.names)


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
