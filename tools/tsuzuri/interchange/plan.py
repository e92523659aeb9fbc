"""The dry-run plan of an import (create, update, skip, and why) and its all-or-nothing apply."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.findings import Finding
from tsuzuri.guard import Guard, refusals, scannable
from tsuzuri.interchange.progress import Progress, no_progress
from tsuzuri.messages import CATALOG, Message, localized, say
from tsuzuri.model import KEY_RE
from tsuzuri.store import Loaded
from tsuzuri.store.transaction import Transaction
from tsuzuri.store.writer import COMMENT_FIELD_ORDER, ISSUE_FIELD_ORDER, comment_name, document, safe_filename


@dataclass
class IncomingComment:
    origin: str
    author: str
    date: datetime
    body: str


@dataclass
class IncomingFile:
    name: str
    load: Callable[[], bytes]


@dataclass
class Incoming:
    """One issue as a source gives it, already mapped to tracker ids."""

    source: str                     # "row 14", "Backlog MIRA-12"
    project: str
    fields: dict                    # front matter; a None value clears the field on update
    key: str = ""                   # wanted key; "" takes the next free number
    origin: str = ""
    body: str | None = None         # None keeps the existing body on update
    comments: list[IncomingComment] = field(default_factory=list)
    files: list[IncomingFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skip: str = ""                  # why this record cannot be imported at all


@dataclass
class Step:
    action: str                     # create | update | unchanged | skip
    key: str
    source: str
    reasons: list[str] = field(default_factory=list)
    writes: dict[str, object] = field(default_factory=dict)  # rel path -> text or a bytes loader


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        """Return how many steps take this action."""
        return sum(1 for s in self.steps if s.action == action)

    @property
    def writes(self) -> int:
        """Return how many files applying the plan writes."""
        return sum(len(s.writes) for s in self.steps)


def build_plan(loaded: Loaded, records: Iterable[Incoming], progress: Progress = no_progress, total: int = 0) -> Plan:
    """Decide for each incoming record whether it creates, updates or is skipped, and why."""
    tracker = loaded.tracker
    projects = {p.key for p in tracker.config.projects}
    by_origin = {i.origin: i.key for i in tracker.issues.values() if i.origin}
    taken = set(tracker.issues)
    next_free: dict[str, int] = {}
    plan = Plan()
    pending: list[Incoming] = []
    titles = {(i.project, i.title): i.key for i in tracker.issues.values()}
    for index, rec in enumerate(records, 1):
        progress("plan", index, total)
        refused = _refusal(rec, projects, titles)
        if refused is not None:
            plan.steps.append(Step("skip", rec.key, rec.source, [refused]))
            continue
        pending.append(rec)
        if rec.key and rec.origin not in by_origin:
            taken.add(rec.key)
    guard = Guard(tracker.config)
    for rec in pending:
        refused = _confidential(guard, rec)
        if refused:
            plan.steps.append(Step("skip", rec.key, rec.source, [refused]))
            continue
        existing_key = by_origin.get(rec.origin) if rec.origin else None
        if existing_key is None and rec.key in tracker.issues:
            refused = _held_elsewhere(rec, tracker.issues[rec.key])
            if refused is not None:
                plan.steps.append(Step("skip", rec.key, rec.source, [refused]))
                continue
            existing_key = rec.key
        if existing_key:
            plan.steps.append(_update(loaded, existing_key, rec))
        else:
            key = rec.key or _allocate(rec.project, taken, next_free)
            plan.steps.append(_create(loaded, key, rec))
    plan.steps.sort(key=lambda s: (s.action == "skip", _key_order(s.key)))
    return plan


def _refusal(rec: Incoming, projects: set[str], titles: dict) -> Message | None:
    """Why a record is skipped before anything is compared: its own reason, its project, its key, a known title."""
    if rec.skip:
        return rec.skip
    if rec.project not in projects:
        return Message("io.skip.unknown-project", project=rec.project)
    if rec.key and (not KEY_RE.match(rec.key) or rec.key.rsplit("-", 1)[0] != rec.project):
        return Message("io.skip.key-of-other-project", key=rec.key, project=rec.project)
    same = titles.get((rec.project, rec.fields.get("title")))
    if not rec.key and not rec.origin and same:
        return Message("io.skip.same-title", key=same)
    return None


def _held_elsewhere(rec: Incoming, other) -> Message | None:
    """Why a record may not update the issue that already has its key: another import's, or written by hand."""
    if rec.origin and other.origin and other.origin != rec.origin:
        return Message("io.skip.other-origin", key=rec.key, origin=other.origin)
    if rec.origin and not other.origin:
        return Message("io.skip.not-imported", key=rec.key)
    return None


def _confidential(guard: Guard, rec: Incoming) -> Message | None:
    """Return why the record may not come in because of confidential data, or None when it may."""
    values: list[tuple[str, str]] = []
    for name, value in rec.fields.items():
        values += ((n, v) for n, v in (value.items() if isinstance(value, dict) else [(name, value)]) if isinstance(v, str))
    files = []
    for f in rec.files:
        if scannable(f.name):
            data = f.load()
            f.load = lambda data=data: data  # read once: a Backlog attachment is not fetched twice
            files.append((f.name, data))
    if not files and not guard.may_find(*(v for _, v in values), rec.body or "", *(c.body for c in rec.comments)):
        return None  # one quick look at every text of the record: most records hold nothing any rule could find
    texts: list[tuple[str | Message, str]] = [(Message(f"field.{n}") if f"field.{n}" in CATALOG["en"] else n, v) for n, v in values]
    texts.append((Message("guard.place.body"), rec.body or ""))
    texts += ((Message("guard.place.comment", number=n), c.body) for n, c in enumerate(rec.comments, 1))
    found = refusals(guard, texts, files)
    if not found:
        return None
    if len(found) == 1:
        return Message("io.skip.confidential", finding=found[0])
    return Message("io.skip.confidential-more", finding=found[0], more=len(found) - 1)


def _key_order(key: str):
    project, _, number = key.rpartition("-")
    return (project, int(number)) if number.isdigit() else (key, 0)


def _allocate(project: str, taken: set[str], next_free: dict[str, int]) -> str:
    n = next_free.get(project, 1)
    while f"{project}-{n}" in taken:
        n += 1
    key = f"{project}-{n}"
    taken.add(key)
    next_free[project] = n + 1
    return key


def _clean(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v is not None}


def _create(loaded: Loaded, key: str, rec: Incoming) -> Step:
    step = Step("create", key, rec.source, list(rec.warnings))
    if not rec.fields.get("title"):
        return Step("skip", key, rec.source, [Message("io.skip.no-title-to-create", key=key)])
    config = loaded.tracker.config
    fields = _clean({**rec.fields, "origin": rec.origin or None})
    if isinstance(fields.get("custom"), dict):
        fields["custom"] = _clean(fields["custom"]) or None
        fields = _clean(fields)
    for vocab, choices in (("type", config.types), ("status", config.statuses)):
        if vocab not in fields and choices:
            fields[vocab] = choices[0].id
            step.reasons.append(Message("io.default-choice", field=Message(f"field.{vocab}"), value=choices[0].id))
    base = f"issues/{rec.project}/{key}"
    step.writes[f"{base}.md"] = document(fields, rec.body or "", ISSUE_FIELD_ORDER, step.reasons)
    _comments_and_files(loaded, key, base, rec, step, set(), set())
    return step


def _update(loaded: Loaded, key: str, rec: Incoming) -> Step:
    issue = loaded.tracker.issues[key]
    doc = loaded.documents[issue.path]
    step = Step("update", key, rec.source, list(rec.warnings))
    merged = dict(doc.data)
    merged.update(rec.fields)
    for vocab in ("type", "status", "priority"):
        # A sheet holds the effective id (an exported default, or a label's id): that is no change
        if vocab in rec.fields and rec.fields[vocab] == getattr(issue, vocab):
            if vocab in doc.data:
                merged[vocab] = doc.data[vocab]
            else:
                merged.pop(vocab)
    if isinstance(rec.fields.get("custom"), dict):  # custom values merge one by one
        custom = {**doc.data.get("custom", {}), **rec.fields["custom"]}
        merged["custom"] = {k: v for k, v in custom.items() if v is not None} or None
    if rec.origin:
        merged["origin"] = rec.origin
    text = document(_clean(merged), doc.body if rec.body is None else rec.body, ISSUE_FIELD_ORDER, step.reasons)
    current = (loaded.root / issue.path).read_text(encoding="utf-8")
    if text != current:
        step.writes[issue.path] = text
    base = issue.path[:-3]
    seen_origins = {loaded.documents[c.path].data.get("origin") for c in issue.comments if c.path in loaded.documents}
    names = {a.name for a in issue.attachments}
    _comments_and_files(loaded, key, base, rec, step, seen_origins, names)
    if not step.writes:
        step.action = "unchanged"
    else:
        changed = [f for f in ISSUE_FIELD_ORDER if doc.data.get(f) != merged.get(f) and not (merged.get(f) is None and f not in doc.data)]
        if changed:
            step.reasons.insert(0, Message("io.changes", fields=", ".join(changed)))
    return step


def _comments_and_files(loaded: Loaded, key: str, base: str, rec: Incoming, step: Step, seen: set, names: set) -> None:
    used = set()
    folder = loaded.root / base / "comments"
    if rec.comments and folder.is_dir():
        used = set(os.listdir(folder))
    added = 0
    for c in rec.comments:
        if c.origin and c.origin in seen:
            continue
        stem = comment_name(c.author, c.date)[:-3]
        name, n = f"{stem}.md", 1
        while name in used:
            n += 1
            name = f"{stem}-{n}.md"
        used.add(name)
        fields = {"author": c.author, "date": c.date.isoformat(timespec="seconds"), "via": "import", "origin": c.origin or None}
        step.writes[f"{base}/comments/{name}"] = document(_clean(fields), c.body, COMMENT_FIELD_ORDER, step.reasons)
        added += 1
    files = 0
    planned: dict[str, Callable[[], bytes]] = {}
    for f in rec.files:
        name = _file_name(loaded.root / base / "files", safe_filename(f.name), f.load, names, planned)
        if name is None:
            continue  # the same bytes are already there under this name
        names.add(name)
        planned[name] = f.load
        step.writes[f"{base}/files/{name}"] = f.load
        files += 1
    if added:
        step.reasons.append(Message("io.adds-comments", count=added))
    if files:
        step.reasons.append(Message("io.adds-files", count=files))


def _file_name(folder: Path, name: str, load: Callable[[], bytes], names: set, planned: dict) -> str | None:
    """Return a free name for an attachment, or None if an identical file is already there."""
    if name not in names:
        return name
    data = load()
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in names:
        existing = planned[candidate]() if candidate in planned else (folder / candidate).read_bytes()
        if existing == data:
            return None
        n += 1
        candidate = f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"
    return candidate


class ApplyFailed(TsuzuriError):
    """Applying the plan failed and every change was rolled back."""

    def __init__(self, message: str, findings: list[Finding] | None = None):
        super().__init__(message)
        self.findings = findings or []


Check = Callable[..., list[Finding]]
"""Validate a tracker: ``check(root)``, or ``check(root, known=...)`` with the files just written (rel -> bytes)."""


def apply_plan(root: Path, plan: Plan, check: Check, progress: Progress = no_progress) -> int:
    """Write every file of the plan as one transaction, then validate; keep it only if nothing new is wrong.

    The check after the writes is handed the files the transaction put in place, byte for byte,
    so they are parsed and checked like every other file without being read back from disk.

    On a validation error, an exception, SIGTERM or even SIGKILL the tracker ends as it was
    (a killed import is rolled back by the next tsuzuri command; see ``store.transaction``).
    Returns the number of files written.
    """
    root = Path(root)
    before = {_error_id(f) for f in check(root) if f.severity == "error"}
    items = [(rel, content) for step in plan.steps for rel, content in step.writes.items()]
    with Transaction(root, "import") as tx:  # it refuses any write through a linked folder or onto a link
        for done, (rel, content) in enumerate(items, 1):
            tx.stage(rel, content)
            progress("write", done, len(items))
        tx.apply(lambda done, total: progress("move", done, total))
        progress("validate", 0, 1)
        found = check(root, known=tx.written)
        new_errors = [f for f in found if f.severity == "error" and _error_id(f) not in before and f.path != tx.folder.name]
        progress("validate", 1, 1)
        if new_errors:
            raise ApplyFailed(Message("io.apply-failed", count=len(new_errors)), new_errors)
        tx.commit()
    return len(items)


def _error_id(f: Finding) -> tuple:
    return (f.path, f.code, f.message)


def describe(plan: Plan, limit: int | None = None, lang: str = "en") -> list[str]:
    """Return the plan as lines for a person in ``lang``: one per step, then the totals."""
    lines = []
    shown = [s for s in plan.steps if s.action != "unchanged"]
    for step in shown[:limit] if limit else shown:
        where = f"{step.key} " if step.key else ""
        why = f": {'; '.join(localized(r, lang) for r in step.reasons)}" if step.reasons else ""
        action = say(lang, f"io.plan.{step.action}")
        lines.append(say(lang, "io.plan.step", action=action, where=where, source=localized(step.source, lang), why=why))
    if limit and len(shown) > limit:
        lines.append(say(lang, "io.plan.more", count=len(shown) - limit))
    lines.extend(localized(note, lang) for note in plan.notes)
    counts = {action: plan.count(action) for action in ("create", "update", "unchanged", "skip")}
    lines.append(say(lang, "io.plan.totals", **counts))
    return lines
