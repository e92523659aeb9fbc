"""Create issues, edit their fields, comment on and close them, each edit checked before it is written."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from tsuzuri.errors import AuthoringError, NoSuchIssue
from tsuzuri.findings import Finding
from tsuzuri.formats.dates import read_date
from tsuzuri.formats.textfile import UTF8_BOM, TextProblem, decode
from tsuzuri.formats.yamlsafe import resolve_plain
from tsuzuri.messages import Message
from tsuzuri.model import Config, resolve_choice
from tsuzuri.schema.kinds import COMMENT, ISSUE, MINUTES
from tsuzuri.store import Loaded, load, writer
from tsuzuri.store.documents import Document, parse
from tsuzuri.store.edit import edit_front_matter
from tsuzuri.store.reader import build_issue
from tsuzuri.validate import references, rules

LIST_FIELDS = ("categories", "watchers")
DATE_FIELDS = ("start", "due")
NUMBER_FIELDS = ("estimate", "actual")


class Rejected(AuthoringError):
    """An edit would make a file invalid; nothing was written."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.text() for f in findings))
        self.findings = findings


def _errors(loaded: Loaded, rel: str, text: str, kind) -> list[Finding]:
    findings: list[Finding] = []
    doc: Document = parse(rel, text, kind, findings)
    if doc.ok:
        findings.extend(references.check(loaded.tracker, {rel: doc}))
    if doc.ok and kind is ISSUE:
        findings.extend(_issue_rules(loaded, rel, doc))
    return [f for f in findings if f.severity == "error"]


def _issue_rules(loaded: Loaded, rel: str, doc: Document) -> list[Finding]:
    """Run the cross-record rules (dates, cycles, self-links) with the edited issue in place."""
    key = rel.rsplit("/", 1)[-1][:-3]
    tracker = loaded.tracker
    old = tracker.issues.get(key)
    issue = build_issue(key, rel, doc, tracker.config, old.comments if old else (), old.attachments if old else ())
    # Minutes and WBS are left out: an issue edit cannot break them, and scheduling is slow.
    trial = Loaded(loaded.root, replace(tracker, issues={**tracker.issues, key: issue}, minutes=(), wbs={}), {**loaded.documents, rel: doc},
                   [], {**loaded.issue_paths, key: rel}, [])
    # The day only matters to WBS schedules, which are not checked here.
    return [f for f in rules.check(trial, date(2000, 1, 1)) if f.path == rel]


def check_text(loaded: Loaded, rel: str, text: str, kind=ISSUE) -> None:
    """Raise Rejected when ``text`` as file ``rel`` has errors the file on disk does not have already."""
    after = _errors(loaded, rel, text, kind)
    before: set = set()
    path = loaded.root / rel
    if path.exists() and after:
        try:
            before = {(f.code, f.message) for f in _errors(loaded, rel, decode(path.read_bytes()), kind)}
        except TextProblem:
            before = set()
    new = [f for f in after if (f.code, f.message) not in before]
    if new:
        raise Rejected(new)


def parse_assignment(name: str, raw: str):
    """Turn ``field=value`` text from the command line into the value to write."""
    if name in LIST_FIELDS:
        return [v.strip() for v in raw.split(",") if v.strip()]
    if name in NUMBER_FIELDS:
        value = resolve_plain(raw.strip())
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else raw
    if name.startswith("links."):
        return [v.strip() for v in raw.split(",") if v.strip()]
    if name in DATE_FIELDS:
        # full-width digits typed with a Japanese input method are still a date; write it plainly
        day = read_date(unicodedata.normalize("NFKC", raw).strip())
        if day is not None:
            return day
    return raw.strip()


def load_for_edit(root: Path) -> Loaded:
    """Load the tracker to change it; refuse while tsuzuri.yml cannot be read."""
    loaded = load(root)
    config = loaded.documents.get("tsuzuri.yml")
    if config is None or not config.ok:
        # Every member and project would look unknown, and an edit would be checked against nothing.
        raise Rejected([f for f in loaded.findings if f.path == "tsuzuri.yml" and f.severity == "error"])
    return loaded


def missing_issue(loaded: Loaded, key: str) -> Exception:
    """Return the error for a key with no readable issue: its file's errors if the file exists, else NoSuchIssue."""
    # A file that fails to parse (or sits in the wrong folder) is no issue, but "does not exist" would mislead.
    errors = [f for f in loaded.findings if f.severity == "error" and f.path.count("/") == 2
              and f.path.startswith("issues/") and f.path.endswith(f"/{key}.md")]
    return Rejected(errors) if errors else NoSuchIssue(key)


def issue_text(loaded: Loaded, key: str) -> tuple[str, str]:
    """Return (path, text) of an existing issue, or raise NoSuchIssue."""
    rel = loaded.issue_paths.get(key)
    if rel is None:
        raise missing_issue(loaded, key)
    return rel, decode((loaded.root / rel).read_bytes())


PERSON_FIELDS = ("assignee", "reporter")


def people_as_ids(config: Config, fields: dict) -> dict:
    """Return ``fields`` with people named by name, family name, mail or alias written as their ids.

    A name that fits nobody, or several people, stays as written so the check explains it.
    """
    out = dict(fields)
    for name in PERSON_FIELDS:
        if isinstance(out.get(name), str):
            out[name] = config.member_id(out[name].strip())
    if isinstance(out.get("watchers"), (list, tuple)):
        out["watchers"] = [config.member_id(str(w).strip()) for w in out["watchers"]]
    return out


def set_fields(root: Path, key: str, changes: dict, notes: list | None = None) -> str:
    """Set or remove (value None) fields of issue ``key``, write atomically, return the path.

    ``notes`` receives what the store had to change in the values (control characters removed).
    """
    loaded = load_for_edit(root)
    rel, text = issue_text(loaded, key)
    changes = people_as_ids(loaded.tracker.config, changes)
    links = {k[len("links."):]: changes.pop(k) for k in list(changes) if k.startswith("links.")}
    if links:
        current = dict(loaded.tracker.issues[key].links)
        for kind, keys in links.items():
            current[kind] = keys
        changes["links"] = {k: list(v) for k, v in current.items() if v}
    new = edit_front_matter(text, changes, notes=notes)
    check_text(loaded, rel, new)
    if new != text:
        writer.atomic_write(root / rel, _as_written(new, (root / rel).read_bytes()))
    return rel


def _as_written(text: str, original: bytes) -> str:
    """Keep a file's BOM and CRLF line ends, so an edit does not show as a change of every line."""
    if b"\r\n" in original:
        text = text.replace("\n", "\r\n")
    if original.startswith(UTF8_BOM):
        text = "\ufeff" + text
    return text


def first_done_status(config: Config) -> str:
    """Return the id of the first status marked ``done``."""
    for status in config.statuses:
        if status.done:
            return status.id
    raise AuthoringError(Message("authoring.no-done-status"))


def close_issue(root: Path, key: str) -> str:
    """Move issue ``key`` to the first done status; return that status id."""
    config = load_for_edit(root).tracker.config
    status = first_done_status(config)
    set_fields(root, key, {"status": status})
    return status


def create_issue(root: Path, project: str, fields: dict, body: str = "", notes: list | None = None) -> str:
    """Create the project's next issue after checking it; return its key."""
    loaded = load_for_edit(root)
    if loaded.tracker.config.project(project) is None:
        known = ", ".join(p.key for p in loaded.tracker.config.projects)
        raise Rejected(
            [Finding("tsuzuri.yml", 1, 1, "error", "unknown-project", Message("authoring.unknown-project", project=project, known=known))]
        )
    config = loaded.tracker.config
    fields = people_as_ids(config, fields)
    fields.setdefault("status", config.statuses[0].id if config.statuses else "open")
    fields.setdefault("type", config.types[0].id if config.types else "task")
    number = writer.next_number(root, project)
    rel = f"issues/{project}/{project}-{number}.md"
    check_text(loaded, rel, writer.document(fields, body, writer.ISSUE_FIELD_ORDER))
    return writer.new_issue(root, project, fields, body, notes=notes)


def add_comment(root: Path, key: str, author: str, when: datetime, body: str, notes: list | None = None) -> str:
    """Write a new comment file on issue ``key`` after checking it; return its path."""
    loaded = load_for_edit(root)
    if key not in loaded.tracker.issues:
        raise missing_issue(loaded, key)
    if not body.strip():
        raise Rejected([Finding(key, 1, 1, "error", "empty-comment", Message("authoring.empty-comment"))])
    fields = {"author": author, "date": when.isoformat(timespec="seconds"), "via": "cli"}
    project = key.rsplit("-", 1)[0]
    rel = f"issues/{project}/{key}/comments/{writer.comment_name(author, when)}"
    check_text(loaded, rel, writer.document(fields, body, writer.COMMENT_FIELD_ORDER), COMMENT)
    return writer.new_comment(root, key, author, when, body, {"via": "cli"}, notes=notes)


def create_minutes(root: Path, fields: dict, slug: str, body: str, notes: list | None = None) -> str:
    """Write a new minutes file ``minutes/<YYYY>/<date>-<slug>.md`` after checking it; return its path."""
    loaded = load_for_edit(root)
    day = fields["date"]
    rel = f"minutes/{day.year:04d}/{day.isoformat()}-{slug}.md"
    text = writer.document(fields, body, ("title", "date", "project", "attendees", "location", "time"), notes)
    check_text(loaded, rel, text, MINUTES)
    writer.atomic_write(root / rel, text, exclusive=True)
    return rel


def resolve_label(config: Config, vocabulary: str, value: str) -> str:
    """Return the id for a status/type/priority given by id or label, or the value unchanged."""
    choices = {"status": config.statuses, "type": config.types, "priority": config.priorities}[vocabulary]
    found = resolve_choice(choices, value)
    return found.id if found else value
