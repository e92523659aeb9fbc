"""Read a whole tracker directory into the model, collecting every finding on the way."""

from __future__ import annotations

import mimetypes
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from tsuzuri.findings import Finding
from tsuzuri.formats import minutes_text
from tsuzuri.layout import SHARED_FOLDER
from tsuzuri.messages import Message
from tsuzuri.model import (
    DEFAULT_ISSUE_LIST_COLUMNS,
    ISSUE_LIST_COLUMNS,
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


History = Mapping[str, FileHistory]


def find_root(start: Path) -> Path | None:
    """Return the nearest directory at or above ``start`` holding tsuzuri.yml."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    return None


def load(root: Path, history: History | None = None, on_file: Callable[[str], None] | None = None) -> Loaded:
    """Read tsuzuri.yml, issues, comments, attachments, minutes, WBS and shared files under ``root``."""
    root = Path(root)
    findings: list[Finding] = []
    documents: dict[str, Document] = {}
    history = history or {}

    linked_config = is_link(root / CONFIG_FILE)
    config_doc = read(root, CONFIG_FILE, CONFIG, findings) if (root / CONFIG_FILE).exists() and not linked_config else None
    if linked_config:
        findings.append(_link_finding(root, CONFIG_FILE))
    elif config_doc is None:
        findings.append(Finding(CONFIG_FILE, 1, 1, "error", "config-missing", Message("config.missing"), Message("config.missing.hint")))
        config = Config()
    else:
        documents[CONFIG_FILE] = config_doc
        config = build_config(config_doc.data)

    loaded = Loaded(root, Tracker(config), documents, findings, links={CONFIG_FILE} if linked_config else set())
    planted = committed(root)
    if planted:
        findings.append(Finding(planted[0], 1, 1, "error", "cache-committed", Message("cache.committed", count=len(planted)), Message("cache.committed.hint")))
    issues = _read_issues(root, config, loaded, history)
    minutes = _read_minutes(root, loaded)
    wbs = _read_wbs(root, loaded)
    shared = _read_shared(loaded, config, history)
    loaded.tracker = Tracker(config, issues, tuple(minutes), wbs, tuple(shared))
    return loaded


# --- configuration -----------------------------------------------------------------


def build_config(d: dict) -> Config:
    """Turn the checked tsuzuri.yml mapping into a Config."""
    cal = d.get("calendar", {})
    orgs = tuple(Organization(o["id"], o["name"], o.get("role", "vendor"), tuple(o.get("aliases", ()))) for o in d.get("organizations", ()) if _has(o, "id", "name"))

    def org(text: str) -> str:  # an organization named by its name resolves to its id
        return find_organization(orgs, text).id or text if text else text

    return Config(
        language=d.get("language", "ja"),
        timezone=d.get("timezone", "Asia/Tokyo"),
        title=d.get("title", "tsuzuri"),
        site_url=d.get("site_url", ""),
        organizations=orgs,
        members=tuple(
            Member(m["id"], m["name"], org(m.get("org", "")), m.get("email", ""), tuple(m.get("aliases", ())))
            for m in d.get("members", ())
            if _has(m, "id", "name")
        ),
        projects=tuple(
            Project(p["key"], p["name"], tuple(org(o) for o in p.get("organizations", ())), p.get("inquiry_address", ""))
            for p in d.get("projects", ())
            if _has(p, "key", "name")
        ),
        statuses=_choices(d.get("statuses"), DEFAULT_STATUSES),
        types=_choices(d.get("types"), DEFAULT_TYPES),
        priorities=_choices(d.get("priorities"), DEFAULT_PRIORITIES),
        milestones=tuple(Milestone(m["id"], m["project"], m.get("date"), m.get("name", m["id"]), m.get("description", "")) for m in d.get("milestones", ()) if _has(m, "id", "project")),
        categories=tuple(Category(c["id"], c["project"], c["label"]) for c in d.get("categories", ()) if _has(c, "id", "project", "label")),
        custom_fields=tuple(
            CustomField(c["id"], c["project"], c["type"], c.get("label", c["id"]), tuple(c.get("options", ())), bool(c.get("other", False)))
            for c in d.get("custom_fields", ())
            if _has(c, "id", "project", "type")
        ),
        calendar=CalendarConfig(
            holidays="" if cal.get("holidays") == "none" else cal.get("holidays", "JP"),
            extra_holidays=tuple(cal.get("extra_holidays", ())),
            extra_workdays=tuple(cal.get("extra_workdays", ())),
        ),
        mail=d.get("mail", {}),
        imports=_import_limits(d.get("import")),
        forge=d.get("forge", {}),
        authority=tuple(
            AuthorityRule(tuple(r["fields"]), tuple(org(o) for o in r["organizations"]), tuple(r.get("projects", ())))
            for r in d.get("authority", ())
            if _has(r, "fields", "organizations")
        ),
        guard=_guard(d.get("guard", {})),
        issue_list=_issue_list(d.get("issue_list", {})),
        subset=d.get("subset", False),
        audiences=tuple(
            AudienceConfig(a["id"], a.get("name", ""), tuple(a.get("organizations", ())), tuple(a.get("projects", ())), a.get("internal", False))
            for a in d.get("audiences", ())
            if _has(a, "id")
        ),
    )


def _issue_list(d: dict) -> IssueListConfig:
    columns = tuple(c for c in d.get("columns", ()) if c in ISSUE_LIST_COLUMNS)
    return IssueListConfig(status=str(d.get("status") or "open"), columns=columns or DEFAULT_ISSUE_LIST_COLUMNS)


def _guard(d: dict) -> GuardConfig:
    return GuardConfig(
        phone=d.get("phone", True),
        postal_address=d.get("postal_address", True),
        markers=tuple(d.get("markers", ())),
        addresses=tuple(d.get("addresses", ())),
        allow=tuple(d.get("allow", ())),
    )


DEFAULT_STATUSES = (Choice("open", "未対応"), Choice("in_progress", "処理中"), Choice("resolved", "処理済み"), Choice("closed", "完了", True))
DEFAULT_TYPES = (Choice("task", "タスク"), Choice("bug", "バグ"), Choice("request", "要望"), Choice("inquiry", "問い合わせ"), Choice("other", "その他"))
DEFAULT_PRIORITIES = (Choice("high", "高"), Choice("normal", "中"), Choice("low", "低"))


def _import_limits(d) -> ImportLimits:
    # A wrong value is a finding of the schema; the default limit holds meanwhile.
    given = d if isinstance(d, dict) else {}
    return ImportLimits(**{k: v for k, v in given.items() if k in ImportLimits.__dataclass_fields__ and type(v) is int and v >= 1})


def _has(d: dict, *keys: str) -> bool:
    return all(k in d for k in keys)


def _choices(entries, default) -> tuple[Choice, ...]:
    if not entries:
        return default
    return tuple(Choice(e["id"], e["label"], e.get("done", False)) for e in entries if _has(e, "id", "label"))


# --- issues, comments, attachments -------------------------------------------------


def _listing(loaded: Loaded, folder: str) -> list[os.DirEntry]:
    """Return the entries of a tracker folder, sorted, without the symbolic links among them.

    A link is reported once, at its own path, and nothing is read through it: not a linked
    entry, and nothing in a folder below a link.
    """
    parts = folder.split("/")
    if any("/".join(parts[:n]) in loaded.links for n in range(1, len(parts) + 1)):
        return []
    if is_link(loaded.root / folder):
        loaded.links.add(folder)
        loaded.findings.append(_link_finding(loaded.root, folder))
        return []
    entries = []
    for entry in _scandir(loaded.root / folder):
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


def _scandir(path: Path):
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
        project = project_dir.name
        entries = _listing(loaded, f"issues/{project}")
        md_names = {e.name[:-3] for e in entries if e.name.endswith(".md") and e.is_file()}
        for entry in entries:
            name = entry.name
            rel = f"issues/{project}/{name}"
            if ignored_name(name):
                continue
            if entry.is_dir():
                if name not in md_names:
                    loaded.findings.append(Finding(rel, 1, 1, "error", "orphan-folder", Message("issue.orphan-folder", name=name), Message("issue.orphan-folder.hint")))
                continue
            if not name.endswith(".md"):
                loaded.stray.append(rel)
                continue
            key = name[:-3]
            doc = read(root, rel, ISSUE, loaded.findings)
            loaded.documents[rel] = doc
            m = KEY_RE.match(key)
            if not m:
                loaded.findings.append(Finding(rel, 1, 1, "error", "key-format", Message("issue.key-format", name=name, project=project), _key_hint(key)))
                continue
            if m.group(1) != project:
                loaded.findings.append(Finding(rel, 1, 1, "error", "key-project", Message("issue.key-project", key=key, project=project), Message("issue.key-project.hint", target=m.group(1), project=project)))
                continue
            if not doc.ok:
                continue
            comments = _read_comments(root, key, f"{rel[:-3]}/comments", loaded)
            attachments = _read_attachments(loaded, key, f"{rel[:-3]}/files", doc.data.get("file_visibility", {}))
            issues[key] = build_issue(key, rel, doc, config, comments, attachments, history.get(rel))
            loaded.issue_paths[key] = rel
    return issues


def build_issue(key: str, rel: str, doc: Document, config: Config, comments=(), attachments=(), hist: FileHistory | None = None) -> Issue:
    """Turn a checked issue document into an Issue record."""
    d = doc.data
    project, number = key.rsplit("-", 1)

    def choice(vocab, name, default=""):
        raw = d.get(name, default)
        found = resolve_choice(vocab, raw) if raw else None
        return found.id if found else raw

    hist = hist or FileHistory()
    return Issue(
        key=key,
        project=project,
        number=int(number),
        path=rel,
        title=d.get("title", ""),
        type=choice(config.types, "type"),
        status=choice(config.statuses, "status"),
        priority=choice(config.priorities, "priority", "normal"),
        assignee=config.member_id(d.get("assignee", "")),
        reporter=config.member_id(d.get("reporter", "")),
        milestone=d.get("milestone", ""),
        categories=d.get("categories", ()),
        start=d.get("start"),
        due=d.get("due"),
        estimate=d.get("estimate"),
        actual=d.get("actual"),
        parent=d.get("parent", ""),
        links={k: v for k, v in d.get("links", {}).items() if v},
        watchers=tuple(config.member_id(w) for w in d.get("watchers", ())),
        custom=d.get("custom", {}),
        body=doc.body,
        comments=tuple(comments),
        attachments=tuple(attachments),
        created=d.get("created") or hist.created,
        updated=d.get("updated") or hist.updated or hist.created,
        created_by=d.get("created_by") or hist.created_by or config.member_id(d.get("reporter", "")),
        origin=d.get("origin", ""),
        visibility=d.get("visibility", ()),
    )


def _read_comments(root: Path, key: str, folder: str, loaded: Loaded) -> list[Comment]:
    comments = []
    for entry in _listing(loaded, folder):
        if not entry.name.endswith(".md") or not entry.is_file():
            if not ignored_name(entry.name):
                loaded.stray.append(f"{folder}/{entry.name}")
            continue
        rel = f"{folder}/{entry.name}"
        doc = read(root, rel, COMMENT, loaded.findings)
        loaded.documents[rel] = doc
        if not doc.ok:
            continue
        d = doc.data
        comments.append(Comment(key, rel, d.get("author", ""), d.get("date"), doc.body, d.get("via", ""), d.get("message_id", ""),
                                verified=d.get("verified") is not False, visibility=d.get("visibility", ())))
    comments.sort(key=lambda c: (c.date.timestamp() if c.date and c.date.tzinfo else 0, c.path))
    return comments


def _read_attachments(loaded: Loaded, key: str, folder: str, visibility: Mapping[str, tuple[str, ...]] = {}) -> list[Attachment]:  # noqa: B006 (read only)
    found = []
    for entry in _listing(loaded, folder):
        if entry.is_file() and not ignored_name(entry.name):
            media = mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
            found.append(Attachment(key, f"{folder}/{entry.name}", entry.name, entry.stat().st_size, media, tuple(visibility.get(entry.name, ()))))
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
            doc = read(root, rel, MINUTES, loaded.findings)
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
    return Minutes(
        path=rel,
        slug=slug,
        title=d.get("title", slug),
        date=d.get("date"),
        project=d.get("project", ""),
        attendees=tuple(config.member_id(a) for a in d.get("attendees", ())),
        location=d.get("location", ""),
        body=doc.body,
        decisions=minutes_text.decisions(doc.body),
        actions=actions,
        mentions=minutes_text.mentions(doc.body),
        visibility=d.get("visibility", ()),
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
        doc = read(root, rel, WBS, loaded.findings)
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
        return WbsItem(
            id=d["id"],
            title=d.get("title") or d.get("milestone", ""),
            line=doc.where(path)[0],
            milestone="milestone" in d,
            owner=config.organization_id(d.get("owner", "")),
            assignee=config.member_id(d.get("assignee", "")),
            start=d.get("start"),
            end=d.get("end"),
            duration=d.get("duration"),
            target=d.get("date"),
            after=tuple(read_dependency(a.written, ids) if a.written else a for a in d.get("after", ()) if isinstance(a, Dependency)),
            progress=d.get("progress"),
            issues=d.get("issues", ()),
            children=children,
            visibility=d.get("visibility", ()),
        )

    items = tuple(item(d, ("items", i)) for i, d in enumerate(doc.data.get("items", ())) if "id" in d)
    return Wbs(project, rel, items, doc.data.get("baseline", ""), doc.data.get("start"))
