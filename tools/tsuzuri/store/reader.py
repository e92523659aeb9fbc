"""Read a whole tracker directory into the model, collecting every finding on the way."""

from __future__ import annotations

import mimetypes
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import datetime
from functools import cache, partial
from pathlib import Path

from tsuzuri.findings import Finding
from tsuzuri.formats import minutes_text
from tsuzuri.layout import SHARED_FOLDER
from tsuzuri.messages import Message
from tsuzuri.model import (
    KEY_RE,
    Attachment,
    AudienceConfig,
    AuthorityRule,
    CalendarConfig,
    Category,
    Choice,
    Comment,
    Config,
    CustomField,
    Dependency,
    GuardConfig,
    ImportLimits,
    Issue,
    IssueListConfig,
    Member,
    Milestone,
    Minutes,
    Organization,
    Project,
    SharedFile,
    Tracker,
    Wbs,
    WbsItem,
    find_organization,
    read_dependency,
    resolve_choice,
)
from tsuzuri.schema.kinds import COMMENT, CONFIG, ISSUE, MINUTES, WBS
from tsuzuri.store.blobs import lfs_pointer_at
from tsuzuri.store.documents import Document, read
from tsuzuri.store.page_cache import committed
from tsuzuri.store.symlinks import is_link

CONFIG_FILE = "tsuzuri.yml"


@dataclass(frozen=True, slots=True)
class FileHistory:
    """What Git says about one file: when and by whom it was created and last changed."""

    created: datetime | None = None
    created_by: str = ""
    updated: datetime | None = None
    updated_by: str = ""


@dataclass
class Loaded:
    """A tracker read from disk, its source documents and what was wrong with them."""

    root: Path
    tracker: Tracker
    documents: dict[str, Document] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    issue_paths: dict[str, str] = field(default_factory=dict)  # key -> path
    stray: list[str] = field(default_factory=list)  # paths that fit no file kind
    links: set[str] = field(default_factory=set)  # symbolic links found (and not followed), by path
    known: Mapping[str, bytes] = field(default_factory=dict)  # rel path -> the bytes this process just wrote there


History = Mapping[str, FileHistory]


def find_root(start: Path) -> Path | None:
    """Return the nearest directory at or above ``start`` holding tsuzuri.yml."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    return None


def load(
    root: Path, history: History | None = None, on_file: Callable[[str], None] | None = None, known: Mapping[str, bytes] | None = None
) -> Loaded:
    """Read tsuzuri.yml, issues, comments, attachments, minutes, WBS and shared files under ``root``.

    ``known``: files this process has just written (a transaction's, rel path -> bytes), taken
    from memory instead of read back; which files exist is still what the folders list.
    """
    root = Path(root)
    findings: list[Finding] = []
    documents: dict[str, Document] = {}
    history = history or {}

    linked_config = is_link(root / CONFIG_FILE)
    config_doc = read(root, CONFIG_FILE, CONFIG, findings, known) if (root / CONFIG_FILE).exists() and not linked_config else None
    if linked_config:
        findings.append(_link_finding(root, CONFIG_FILE))
    elif config_doc is None:
        findings.append(Finding(CONFIG_FILE, 1, 1, "error", "config-missing", Message("config.missing"), Message("config.missing.hint")))
        config = Config()
    else:
        documents[CONFIG_FILE] = config_doc
        config = build_config(config_doc.data)

    loaded = Loaded(root, Tracker(config), documents, findings, links={CONFIG_FILE} if linked_config else set(), known=known or {})
    planted = committed(root)
    if planted:
        findings.append(Finding(
            planted[0], 1, 1, "error", "cache-committed", Message("cache.committed", count=len(planted)), Message("cache.committed.hint")
        ))
    issues = _read_issues(root, config, loaded, history)
    minutes = _read_minutes(root, loaded)
    wbs = _read_wbs(root, loaded)
    shared = _read_shared(loaded, config, history)
    loaded.tracker = Tracker(config, issues, tuple(minutes), wbs, tuple(shared))
    return loaded


# --- records from the declaration --------------------------------------------------
#
# A record takes every field it shares with the checked mapping of its file kind
# (``schema/kinds.py``) and its own defaults (``model.py``) for the rest; only what differs
# is written below: references by name resolved to ids, renamed fields, computed defaults.


def _record(cls, data: Mapping, **computed):
    """Make a ``cls`` from a checked mapping: the fields both have, the record's defaults, then ``computed``."""
    return cls(**{**{name: data[name] for name in _field_names(cls) if name in data}, **computed})


@cache
def _field_names(cls) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


@cache
def _needed(cls, name: str) -> frozenset[str]:
    """The fields an entry of the config list ``name`` must have to become a ``cls``: required, and without a default."""
    no_default = {f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING}
    return frozenset(f.name for f in CONFIG.root.by_name[name].items.fields if f.required and f.name in no_default)


def _records(cls, name: str, d: Mapping, make=None) -> tuple:
    """Make a ``cls`` of every entry of the config list ``name`` that has what it needs (the others are findings)."""
    needed = _needed(cls, name)
    return tuple((make or partial(_record, cls))(e) for e in d.get(name, ()) if needed <= e.keys())


# --- configuration -----------------------------------------------------------------


def build_config(d: dict) -> Config:
    """Turn the checked tsuzuri.yml mapping into a Config."""
    orgs = _records(Organization, "organizations", d)

    def org(text: str) -> str:  # an organization named by its name resolves to its id
        return find_organization(orgs, text).id or text if text else text

    def orgs_of(entry: Mapping) -> tuple[str, ...]:
        return tuple(org(o) for o in entry.get("organizations", ()))

    return _record(
        Config,
        d,
        organizations=orgs,
        members=_records(Member, "members", d, lambda m: _record(Member, m, org=org(m.get("org", "")))),
        projects=_records(Project, "projects", d, lambda p: _record(Project, p, organizations=orgs_of(p))),
        statuses=_vocabulary(d, "statuses", DEFAULT_STATUSES),
        types=_vocabulary(d, "types", DEFAULT_TYPES),
        priorities=_vocabulary(d, "priorities", DEFAULT_PRIORITIES),
        milestones=_records(Milestone, "milestones", d, lambda m: _record(Milestone, m, name=m.get("name", m["id"]))),
        categories=_records(Category, "categories", d),
        custom_fields=_records(CustomField, "custom_fields", d, lambda c: _record(CustomField, c, label=c.get("label", c["id"]))),
        calendar=_calendar(d.get("calendar", {})),
        imports=_record(ImportLimits, d.get("import", {})),
        authority=_records(AuthorityRule, "authority", d, lambda r: _record(AuthorityRule, r, organizations=orgs_of(r))),
        guard=_record(GuardConfig, d.get("guard", {})),
        issue_list=_record(IssueListConfig, {k: v for k, v in d.get("issue_list", {}).items() if v}),  # empty: the default
        audiences=_records(AudienceConfig, "audiences", d),
    )


def _calendar(d: Mapping) -> CalendarConfig:
    return _record(CalendarConfig, d, **({"holidays": ""} if d.get("holidays") == "none" else {}))


# Backlog's vocabularies, for a tsuzuri.yml that lists none.
DEFAULT_STATUSES = (
    Choice("open", "未対応"), Choice("in_progress", "処理中"), Choice("resolved", "処理済み"), Choice("closed", "完了", True)
)
DEFAULT_TYPES = (
    Choice("task", "タスク"), Choice("bug", "バグ"), Choice("request", "要望"), Choice("inquiry", "問い合わせ"), Choice("other", "その他")
)
DEFAULT_PRIORITIES = (Choice("high", "高"), Choice("normal", "中"), Choice("low", "低"))


def _vocabulary(d: Mapping, name: str, default: tuple[Choice, ...]) -> tuple[Choice, ...]:
    return _records(Choice, name, d) if d.get(name) else default


# --- issues, comments, attachments -------------------------------------------------


def _listing(loaded: Loaded, folder: str) -> list[os.DirEntry]:
    """Return the entries of a tracker folder, sorted, without the symbolic links among them.

    A link is reported once, at its own path, and nothing is read through it: not a linked
    entry, and nothing in a folder below a link.
    """
    parts = folder.split("/")
    if any("/".join(parts[:n]) in loaded.links for n in range(1, len(parts) + 1)):
        return []
    path = os.path.join(loaded.root, folder)  # a string: a tracker of 10,000 issues lists 20,000 folders
    if is_link(path):
        loaded.links.add(folder)
        loaded.findings.append(_link_finding(loaded.root, folder))
        return []
    entries = []
    for entry in _scandir(path):
        if entry.is_symlink():
            rel = f"{folder}/{entry.name}"
            loaded.links.add(rel)
            loaded.findings.append(_link_finding(loaded.root, rel))
        else:
            entries.append(entry)
    return entries


def _link_finding(root: Path, rel: str) -> Finding:
    try:
        target = os.readlink(root / rel)
    except OSError:
        target = "?"
    return Finding(rel, 1, 1, "error", "symlink", Message("path.symlink", target=target), Message("path.symlink.hint"))


def _scandir(path: Path | str):
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def ignored_name(name: str) -> bool:
    """Tell whether a file name is hidden or the litter of an OS or editor, never part of the tracker."""
    # Explorer's thumbnail cache, Office's lock files (~$book.xlsx) and editor backups (MIRA-1.md~)
    # appear without anyone meaning to add them; they must not warn or become attachments.
    return name.startswith((".", "~$")) or name.endswith("~") or name.lower() in ("thumbs.db", "desktop.ini")


def _key_hint(name: str) -> Message | str:
    """Suggest the file name a near-miss key was meant to be (mira-7, MIRA-007, ＭＩＲＡ－７)."""
    m = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)[-_ ]0*(\d+)", unicodedata.normalize("NFKC", name).strip())
    return Message("issue.key-format.rename", name=f"{m.group(1).upper()}-{int(m.group(2))}.md") if m and int(m.group(2)) else ""


def _read_issues(root: Path, config: Config, loaded: Loaded, history: History) -> dict[str, Issue]:
    issues: dict[str, Issue] = {}
    for project_dir in _listing(loaded, "issues"):
        if not project_dir.is_dir():
            if not ignored_name(project_dir.name):
                loaded.stray.append(f"issues/{project_dir.name}")
            continue
        _read_project(root, config, loaded, history, project_dir.name, issues)
    return issues


def _read_project(root: Path, config: Config, loaded: Loaded, history: History, project: str, issues: dict[str, Issue]) -> None:
    """Read the issue files of one project folder; a folder beside no issue file and anything else is reported."""
    entries = _listing(loaded, f"issues/{project}")
    md_names = {e.name[:-3] for e in entries if e.name.endswith(".md") and e.is_file()}
    # An issue's folder (comments/, files/) is looked into only when the listing has it: most issues have none.
    folders = {e.name for e in entries if e.is_dir()}
    for entry in entries:
        name = entry.name
        rel = f"issues/{project}/{name}"
        if ignored_name(name):
            continue
        if entry.is_dir():
            if name not in md_names:
                message, hint = Message("issue.orphan-folder", name=name), Message("issue.orphan-folder.hint")
                loaded.findings.append(Finding(rel, 1, 1, "error", "orphan-folder", message, hint))
            continue
        if not name.endswith(".md"):
            loaded.stray.append(rel)
            continue
        _read_issue(root, config, loaded, history, project, rel, issues, name[:-3] in folders)


def _read_issue(
    root: Path, config: Config, loaded: Loaded, history: History, project: str, rel: str, issues: dict[str, Issue], has_folder: bool = True
) -> None:
    """Read one issue file with its comments and attachments, if its name is a key of its project's folder.

    ``has_folder`` False: the project's listing holds no folder of the issue's name (nor a link by
    that name), so it has no comments or files to look for."""
    name = rel.rsplit("/", 1)[-1]
    key = name[:-3]
    doc = read(root, rel, ISSUE, loaded.findings, loaded.known)
    loaded.documents[rel] = doc
    m = KEY_RE.match(key)
    if not m:
        message = Message("issue.key-format", name=name, project=project)
        loaded.findings.append(Finding(rel, 1, 1, "error", "key-format", message, _key_hint(key)))
        return
    if m.group(1) != project:
        message = Message("issue.key-project", key=key, project=project)
        hint = Message("issue.key-project.hint", target=m.group(1), project=project)
        loaded.findings.append(Finding(rel, 1, 1, "error", "key-project", message, hint))
        return
    if not doc.ok:
        return
    if has_folder:
        comments = _read_comments(root, key, f"{rel[:-3]}/comments", loaded)
        attachments = _read_attachments(loaded, key, f"{rel[:-3]}/files", doc.data.get("file_visibility", {}))
    else:
        comments, attachments = [], []
    issues[key] = build_issue(key, rel, doc, config, comments, attachments, history.get(rel))
    loaded.issue_paths[key] = rel


def build_issue(key: str, rel: str, doc: Document, config: Config, comments=(), attachments=(), hist: FileHistory | None = None) -> Issue:
    """Turn a checked issue document into an Issue record."""
    d = doc.data
    project, number = key.rsplit("-", 1)
    hist = hist or FileHistory()
    people = {name: config.member_id(d[name]) for name in ("assignee", "reporter") if name in d}
    return _record(
        Issue,
        d,
        key=key,
        project=project,
        number=int(number),
        path=rel,
        title=d.get("title", ""),
        **_vocabulary_ids(d, config),
        **people,
        links={k: v for k, v in d.get("links", {}).items() if v},
        watchers=tuple(config.member_id(w) for w in d.get("watchers", ())),
        body=doc.body,
        comments=tuple(comments),
        attachments=tuple(attachments),
        created=d.get("created") or hist.created,
        updated=d.get("updated") or hist.updated or hist.created,
        created_by=d.get("created_by") or hist.created_by or people.get("reporter", ""),
    )


def _vocabulary_ids(d: Mapping, config: Config) -> dict[str, str]:
    """Return the type, status and priority as written, each by its entry's id when it names one (a label does)."""
    ids = {"type": "", "status": ""}  # required: an issue missing one is a finding, and still a record
    for name, entries in (("type", config.types), ("status", config.statuses), ("priority", config.priorities)):
        if name in d:
            found = resolve_choice(entries, d[name]) if d[name] else None
            ids[name] = found.id if found else d[name]
    return ids


def _read_comments(root: Path, key: str, folder: str, loaded: Loaded) -> list[Comment]:
    comments = []
    for entry in _listing(loaded, folder):
        if not entry.name.endswith(".md") or not entry.is_file():
            if not ignored_name(entry.name):
                loaded.stray.append(f"{folder}/{entry.name}")
            continue
        rel = f"{folder}/{entry.name}"
        doc = read(root, rel, COMMENT, loaded.findings, loaded.known)
        loaded.documents[rel] = doc
        if not doc.ok:
            continue
        d = doc.data
        comments.append(_record(Comment, d, issue=key, path=rel, author=d.get("author", ""), date=d.get("date"), body=doc.body))
    comments.sort(key=lambda c: (c.date.timestamp() if c.date and c.date.tzinfo else 0, c.path))
    return comments


def _read_attachments(
    loaded: Loaded, key: str, folder: str, visibility: Mapping[str, tuple[str, ...]] = {}
) -> list[Attachment]:  # noqa: B006 (read only)
    found = []
    for entry in _listing(loaded, folder):
        if entry.is_file() and not ignored_name(entry.name):
            media = mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
            found.append(
                Attachment(key, f"{folder}/{entry.name}", entry.name, entry.stat().st_size, media, tuple(visibility.get(entry.name, ())))
            )
    return found


# --- minutes -----------------------------------------------------------------------


def _read_minutes(root: Path, loaded: Loaded) -> list[Minutes]:
    result = []
    for year in _listing(loaded, "minutes"):
        if not year.is_dir():
            if not ignored_name(year.name):
                loaded.stray.append(f"minutes/{year.name}")
            continue
        for entry in _listing(loaded, f"minutes/{year.name}"):
            rel = f"minutes/{year.name}/{entry.name}"
            if ignored_name(entry.name):
                continue
            if not entry.name.endswith(".md") or not entry.is_file():
                loaded.stray.append(rel)
                continue
            doc = read(root, rel, MINUTES, loaded.findings, loaded.known)
            loaded.documents[rel] = doc
            if doc.ok:
                result.append(build_minutes(rel, doc, loaded.tracker.config))
    result.sort(key=lambda m: (m.date.isoformat() if m.date else "", m.path))
    return result


def build_minutes(rel: str, doc: Document, config: Config | None = None) -> Minutes:
    """Turn a checked minutes document into a Minutes record (people by name resolved to ids)."""
    d = doc.data
    slug = rel.rsplit("/", 1)[-1][:-3]
    config = config or Config()
    actions = tuple(replace(a, assignee=config.member_id(a.assignee)) for a in minutes_text.action_items(doc.body, doc.body_line))
    return _record(
        Minutes,
        d,
        path=rel,
        slug=slug,
        title=d.get("title", slug),
        date=d.get("date"),
        attendees=tuple(config.member_id(a) for a in d.get("attendees", ())),
        body=doc.body,
        decisions=minutes_text.decisions(doc.body),
        actions=actions,
        mentions=minutes_text.mentions(doc.body),
    )


# --- shared files ------------------------------------------------------------------


def _read_shared(loaded: Loaded, config: Config, history: History) -> list[SharedFile]:
    """Read every project's shared folder, ``files/<PROJECT>/``, at any depth (links refused, litter left out)."""
    found: list[SharedFile] = []
    known = {p.key for p in config.projects}
    for entry in _listing(loaded, SHARED_FOLDER):
        rel = f"{SHARED_FOLDER}/{entry.name}"
        if ignored_name(entry.name):
            continue
        if not entry.is_dir():
            loaded.stray.append(rel)
        elif entry.name not in known:
            loaded.findings.append(Finding(rel, 1, 1, "error", "shared-project", Message("shared.unknown-project", name=entry.name),
                                           Message("shared.unknown-project.hint", known=", ".join(sorted(known)))))
        else:
            found += _shared_in(loaded, entry.name, rel, history)
    return sorted(found, key=lambda f: f.path)


def _shared_in(loaded: Loaded, project: str, folder: str, history: History) -> list[SharedFile]:
    found = []
    for entry in _listing(loaded, folder):
        rel = f"{folder}/{entry.name}"
        if ignored_name(entry.name):
            continue
        if entry.is_dir():
            found += _shared_in(loaded, project, rel, history)
        elif entry.is_file():
            media = mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
            hist = history.get(rel) or FileHistory()
            found.append(SharedFile(project, rel, rel[len(SHARED_FOLDER) + len(project) + 2:], entry.stat().st_size, media,
                                    lfs_pointer_at(loaded.root / rel), hist.updated, hist.updated_by))
    return found


# --- WBS ---------------------------------------------------------------------------


def _read_wbs(root: Path, loaded: Loaded) -> dict[str, Wbs]:
    plans = {}
    for entry in _listing(loaded, "wbs"):
        rel = f"wbs/{entry.name}"
        if ignored_name(entry.name):
            continue
        if not entry.name.endswith((".yml", ".yaml")) or not entry.is_file():
            loaded.stray.append(rel)
            continue
        doc = read(root, rel, WBS, loaded.findings, loaded.known)
        loaded.documents[rel] = doc
        if doc.ok:
            project = entry.name.rsplit(".", 1)[0]
            plans[project] = build_wbs(project, rel, doc, loaded.tracker.config)
    return plans


def build_wbs(project: str, rel: str, doc: Document, config: Config | None = None) -> Wbs:
    """Turn a checked WBS document into a Wbs record (owners and assignees by name resolved to ids)."""
    config = config or Config()

    ids = set()
    stack = list(doc.data.get("items", ()))
    while stack:
        entry = stack.pop()
        if "id" in entry:
            ids.add(entry["id"])
        stack.extend(entry.get("children", ()))

    def item(d: dict, path: tuple) -> WbsItem:
        children = tuple(item(c, path + ("children", i)) for i, c in enumerate(d.get("children", ())) if "id" in c)
        return _record(
            WbsItem,
            d,
            title=d.get("title") or d.get("milestone", ""),
            line=doc.where(path)[0],
            milestone="milestone" in d,
            owner=config.organization_id(d.get("owner", "")),
            assignee=config.member_id(d.get("assignee", "")),
            target=d.get("date"),
            after=tuple(read_dependency(a.written, ids) if a.written else a for a in d.get("after", ()) if isinstance(a, Dependency)),
            children=children,
        )

    items = tuple(item(d, ("items", i)) for i, d in enumerate(doc.data.get("items", ())) if "id" in d)
    return _record(Wbs, doc.data, project=project, path=rel, items=items)
