"""Keep the history in ``.tsuzuri-cache/history.json`` so an unchanged history loads at once.

JSON, not pickle: the folder sits in the work tree, where a pull request could plant a file.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from tsuzuri.store.history_records import CommentAdded, Edit, FieldChange, FileChange, History, IssueTimeline
from tsuzuri.store.reader import FileHistory


def read_cache(path: Path, stamp: str) -> History | None:
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


def write_cache(path: Path, stamp: str, history: History) -> None:
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
            k: [t.created, t.created_by, [list(asdict(c).values()) for c in t.changes], [list(asdict(c).values()) for c in t.comments],
                t.title, [list(asdict(e).values()) for e in t.body_edits], [list(asdict(e).values()) for e in t.files],
                list(asdict(t.deleted).values()) if t.deleted else None]
            for k, t in history.timelines.items()
        },
        "documents": [list(asdict(d).values()) for d in history.documents],
        "names": history.names,
    }


def _dt(text):
    return datetime.fromisoformat(text) if text else None


def _edit(fields: list) -> Edit:
    key, path, author, when, commit = fields
    return Edit(key, path, author, _dt(when), commit)


def _decode(data: dict) -> History:
    files = {p: FileHistory(_dt(c), cb, _dt(u), ub) for p, (c, cb, u, ub) in data["files"].items()}
    timelines = {}
    for key, (created, created_by, changes, comments, title, body_edits, attached, deleted) in data["timelines"].items():
        timelines[key] = IssueTimeline(
            key, _dt(created), created_by,
            tuple(FieldChange(k, f, o, n, a, _dt(w), c) for k, f, o, n, a, w, c in changes),
            tuple(CommentAdded(k, p, a, _dt(w), c) for k, p, a, w, c in comments),
            title, tuple(_edit(e) for e in body_edits), tuple(_edit(e) for e in attached), _edit(deleted) if deleted else None,
        )
    documents = [FileChange(p, s, a, _dt(w), c, b) for p, s, a, w, c, b in data["documents"]]
    return History(data["head"], files, timelines, documents, dict(data["names"]))
