"""An Atom feed of the tracker's recent changes, made from its Git history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tsuzuri.changes.wording import describe
from tsuzuri.formats.dates import iso_stamp, stamp, tracker_zone
from tsuzuri.layout import SHARED_FILE_RE
from tsuzuri.messages import say
from tsuzuri.model import SITE_FOLDER, Config, issue_page
from tsuzuri.store.history import History, public_name

FEED_PATH = "activity.xml"
"""The feed's file name inside the folder of generated pages (published at ``tracker/activity.xml``)."""


def _escape(text: str) -> str:
    """Return ``text`` with ``&``, ``<`` and ``>`` escaped for XML character data.

    What ``xml.sax.saxutils.escape`` does, without importing it: that module loads ``urllib.request``
    and with it ``http.client`` and ``ssl`` (2 MB of a site build's memory) for a function it never calls.
    """
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    when: datetime
    author: str
    title: str
    link: str


def entries(history: History, config: Config, limit: int = 50, lang: str | None = None) -> list[Entry]:
    """Return the most recent changes as feed entries, newest first, titled in ``lang`` (default: the tracker's)."""
    lang = lang or config.language
    separator = say(lang, "diff.list-separator")
    found: list[Entry] = []
    for key, t in history.timelines.items():
        page = issue_page(key)
        if t.created:
            found.append(Entry(f"{key}:created", t.created, t.created_by, say(lang, "feed.created", key=key), page))
        by_commit: dict[str, list] = {}
        for change in t.changes:
            by_commit.setdefault(change.commit, []).append(change)
        for commit, changes in by_commit.items():
            parts = separator.join(describe(config, key.rpartition("-")[0], c.field, c.old, c.new, lang).phrase for c in changes)
            found.append(
                Entry(f"{key}:{commit}", changes[0].when, changes[0].author, say(lang, "feed.changes", key=key, changes=parts), page)
            )
        for c in t.comments:
            found.append(
                Entry(
                    f"{key}:{c.path}",
                    c.when,
                    c.author,
                    say(lang, "feed.comment", key=key, who=_author(config, history, c.author, lang)),
                    page,
                )
            )
    for d in history.documents:
        status = d.status if d.status in ("A", "D") else "M"
        found.append(
            Entry(f"{d.path}:{d.commit}", d.when, d.author, say(lang, f"feed.document.{status}", path=d.path), _page_of(d.path, status))
        )
    found.sort(key=lambda e: (e.when, e.id), reverse=True)
    return found[:limit]


def _page_of(path: str, status: str) -> str:
    """Return the site page a changed file appears on: a meeting's page, a project's shared files, else the activity page."""
    if path.startswith("minutes/") and path.endswith(".md") and status != "D":
        return f"{SITE_FOLDER}/{path[:-3]}/"
    shared = SHARED_FILE_RE.match(path)
    if shared:
        return f"{SITE_FOLDER}/shared/{shared.group(1)}/"
    return f"{SITE_FOLDER}/activity/"


def _author(config: Config, history: History, author: str, lang: str) -> str:
    return public_name(config, history, author) or say(lang, "feed.someone")


def atom(history: History, config: Config, site_url: str = "", limit: int = 50, lang: str | None = None) -> str:
    """Render the recent changes as an Atom 1.0 document, titled in ``lang`` (default: the tracker's)."""
    base = (site_url or config.site_url).rstrip("/") + "/"
    items = entries(history, config, limit, lang)
    zone = tracker_zone(config.timezone)  # Git's times are the committers' own; readers see the tracker's
    updated = iso_stamp(items[0].when, zone) if items else "1970-01-01T00:00:00+00:00"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{_escape(config.title)}</title>",
        f"  <id>{_escape(base)}</id>",
        f'  <link href="{_escape(base)}"/>',
        f'  <link rel="self" type="application/atom+xml" href="{_escape(base + SITE_FOLDER + "/" + FEED_PATH)}"/>',
        f"  <updated>{updated}</updated>",
    ]
    for e in items:
        author = _escape(_author(config, history, e.author, lang or config.language))
        out += [
            "  <entry>",
            f"    <id>{_escape(base + 'changes/' + e.id)}</id>",
            f"    <title>{_escape(e.title)}</title>",
            f"    <updated>{iso_stamp(e.when, zone)}</updated>",
            f"    <author><name>{author}</name></author>",
            f'    <link href="{_escape(base + e.link)}"/>',
            f'    <content type="text">{_escape(e.title)} ({author}, {stamp(e.when, zone)})</content>',
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
