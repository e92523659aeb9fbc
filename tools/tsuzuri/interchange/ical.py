"""A small iCalendar (RFC 5545) writer: all-day events, escaped, folded at 75 octets, CRLF."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from tsuzuri.model import Config


def uid_host(config: Config) -> str:
    """Return the part after ``@`` of this tracker's event UIDs, so two trackers' events never share one.

    The published site's host and path when ``site_url`` is set; else a name made from the
    tracker's title and project keys (stable from build to build).
    """
    if config.site_url:
        parts = urlsplit(config.site_url)
        path = parts.path.strip("/").replace("/", ".")
        return ".".join(p for p in (path, parts.hostname or "") if p) or "tsuzuri"
    seed = "\n".join([config.title, *sorted(p.key for p in config.projects)])
    return f"tracker-{hashlib.sha256(seed.encode()).hexdigest()[:16]}.tsuzuri"


@dataclass(frozen=True, slots=True)
class Event:
    """One all-day VEVENT."""

    uid: str
    summary: str
    day: date
    end: date | None = None  # last day, inclusive; a one-day event when None
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character."""
    if len(line) <= 18 or len(line.encode("utf-8")) <= 75:  # most lines fit (a character is at most 4 octets)
        return line
    out: list[str] = []
    piece = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(piece)
            piece, size = "", 0
            limit = 74  # continuation lines begin with one space, which counts
        piece += char
        size += width
    out.append(piece)
    return "\r\n ".join(out)


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%Y%m%dT%H%M%S}Z"


def calendar_text(events: list[Event], stamp: datetime, prodid: str = "-//tsuzuri//tsuzuri//JA", name: str = "", zone: str = "") -> str:
    """Return a VCALENDAR with these events; ``stamp`` is DTSTAMP (pass the build time in).

    DTSTAMP is in UTC as RFC 5545 requires; ``zone`` (the tracker's ``timezone``) tells
    calendar programs which zone the all-day events belong to.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    if zone:
        lines.append(f"X-WR-TIMEZONE:{escape_text(zone)}")
    for event in events:
        last = event.end or event.day
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}",  # DTEND is exclusive
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
