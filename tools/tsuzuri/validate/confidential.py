"""Findings of the confidential-data guard over a loaded tracker: its files, their attachments and the shared files."""

from __future__ import annotations

from collections.abc import Iterator

from tsuzuri.findings import Finding
from tsuzuri.guard import Guard, Hit, Unreadable, scan_file, scannable
from tsuzuri.guard.extract import MAX_BYTES
from tsuzuri.messages import Message
from tsuzuri.store import Loaded
from tsuzuri.store.blobs import is_lfs_pointer, read_blob
from tsuzuri.store.documents import Document, parsed_kept

SCANNED_KINDS = ("issue", "comment", "minutes", "wbs")
# Values tsuzuri writes itself (a mail's Message-ID looks like an address); not people's text.
MACHINE_KEYS = ("message_id:", "origin:")


def check(loaded: Loaded) -> Iterator[Finding]:
    """Yield a finding for everything confidential in the tracker's files, attachments and shared files."""
    guard = Guard(loaded.tracker.config)
    # A process that rebuilds from the same files (``mkdocs serve``) gets back the same document
    # for an unchanged file: what the guard found in it is kept with it, under the guard's rules.
    kept = parsed_kept()
    rules = guard.signature() if kept else None
    scanned: dict[int, tuple[Document, tuple, tuple[Hit, ...]]] = {}
    for doc in loaded.documents.values():
        found = _SCANNED.get(id(doc)) if kept else None
        if found is not None and found[0] is doc and found[1] == rules:
            hits = found[2]
        else:
            hits = _document_hits(guard, doc)
        if kept:
            scanned[id(doc)] = (doc, rules, hits)
        yield from (_finding(doc.path, hit, file=False) for hit in hits)
    if kept:
        _SCANNED.clear()
        _SCANNED.update(scanned)
    for issue in loaded.tracker.issues.values():
        for attachment in issue.attachments:
            yield from file_findings(guard, loaded, attachment.path)
    for shared in loaded.tracker.shared:
        yield from file_findings(guard, loaded, shared.path)


# What the guard found in each document of the last check, by the document's id: the document
# itself (an id names it only while it lives), the guard's rules, and the hits.
_SCANNED: dict[int, tuple[Document, tuple, tuple[Hit, ...]]] = {}


def _document_hits(guard: Guard, doc: Document) -> tuple[Hit, ...]:
    if not doc.ok:
        return ()
    if doc.kind in SCANNED_KINDS:
        if not guard.may_find(doc.front, doc.body):
            return ()  # one quick look at the whole file: most files hold nothing any rule could find
        hits = guard.text(doc.front, doc.front_offset + 1, skip_keys=MACHINE_KEYS) if doc.front else []
        if doc.body:
            hits += guard.text(doc.body, doc.body_line)
        return tuple(hits)
    if doc.kind == "config":
        # tsuzuri.yml names members, addresses and the marker words themselves: only secrets count there.
        return tuple(h for h in guard.text(doc.front or "", 1) if h.rule == "secret")
    return ()


def file_findings(guard: Guard, loaded: Loaded, rel: str) -> Iterator[Finding]:
    """Yield the guard's findings for one attached or shared file (a warning when it cannot be read)."""
    if not scannable(rel):
        return
    data = read_blob(loaded.root, rel, MAX_BYTES)
    if data is None or is_lfs_pointer(data):
        return  # a pointer's content is checked where it is stored; an unreadable file is the loader's finding
    try:
        hits = scan_file(guard, rel, data)
    except Unreadable as problem:
        # An encrypted file is hidden on purpose (the password-zip habit): someone must look at it.
        # A damaged or oversized one is left to the people who attached it.
        if problem.reason == "encrypted":
            yield Finding(rel, 1, 1, "warning", "guard-unreadable", Message("guard.unreadable", reason=problem.message))
        return
    yield from (_finding(rel, hit, file=True) for hit in hits)


def _finding(path: str, hit: Hit, file: bool) -> Finding:
    rule = Message(f"guard.rule.{hit.rule}")
    if hit.where:
        message = Message("guard.found-at", rule=rule, where=hit.where, shown=hit.shown)
    else:
        message = Message("guard.found", rule=rule, shown=hit.shown)
    hint = Message("guard.hint.file" if file else "guard.hint", rule=hit.rule, fingerprint=hit.fingerprint)
    return Finding(path, hit.line, hit.col, "error", f"guard-{hit.rule}", message, hint)
