"""An Atom feed of the tracker's recent changes, made from its Git history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from .model import Config
from .store.history import History


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    when: datetime
    author: str
    title: str
    link: str


def entries(history: History, config: Config, limit: int = 50) -> list[Entry]:
    """Return the most recent changes as feed entries, newest first."""
    found: list[Entry] = []
    for key, t in history.timelines.items():
        page = f"issues/{key}/"
        if t.created:
            found.append(Entry(f"{key}:created", t.created, t.created_by, f"{key} created", page))
        by_commit: dict[str, list] = {}
        for change in t.changes:
            by_commit.setdefault(change.commit, []).append(change)
        for commit, changes in by_commit.items():
            parts = ", ".join(f"{c.field} {_label(config, c.field, c.old) or '-'} → {_label(config, c.field, c.new) or '-'}" for c in changes)
            found.append(Entry(f"{key}:{commit}", changes[0].when, changes[0].author, f"{key}: {parts}", page))
        for c in t.comments:
            found.append(Entry(f"{key}:{c.path}", c.when, c.author, f"{key}: comment by {c.author}", page))
    for d in history.documents:
        verb = {"A": "added", "D": "deleted"}.get(d.status, "changed")
        found.append(Entry(f"{d.path}:{d.commit}", d.when, d.author, f"{d.path} {verb}", ""))
    found.sort(key=lambda e: (e.when, e.id), reverse=True)
    return found[:limit]


def _label(config: Config, field: str, value: str) -> str:
    vocabulary = {"status": "statuses", "type": "types", "priority": "priorities"}.get(field)
    return config.label(vocabulary, value) if vocabulary else value


def atom(history: History, config: Config, site_url: str = "", limit: int = 50) -> str:
    """Render the recent changes as an Atom 1.0 document."""
    base = (site_url or config.site_url).rstrip("/") + "/"
    items = entries(history, config, limit)
    updated = items[0].when.isoformat() if items else "1970-01-01T00:00:00+00:00"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(config.title)}</title>",
        f"  <id>{escape(base)}</id>",
        f'  <link href="{escape(base)}"/>',
        f"  <updated>{updated}</updated>",
    ]
    for e in items:
        out += [
            "  <entry>",
            f"    <id>{escape(base + 'changes/' + e.id)}</id>",
            f"    <title>{escape(e.title)}</title>",
            f"    <updated>{e.when.isoformat()}</updated>",
            f"    <author><name>{escape(config.member(e.author).name if config.member(e.author) else e.author)}</name></author>",
            *([f'    <link href="{escape(base + e.link)}"/>'] if e.link else []),
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
