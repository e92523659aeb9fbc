"""Write iCalendar (RFC 5545) feeds of all-day events: due dates and milestones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    # RFC 5545 limits lines to 75 octets; continuation lines start with a space.
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    out.append(current)
    return out


def events_to_ics(events: list[Event], name: str, stamp: date) -> str:
    """Return a VCALENDAR of all-day events, sorted by day and uid (deterministic for a given stamp)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tsuzuri//tsuzuri//JA", "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_escape(name)}"]
    dtstamp = stamp.strftime("%Y%m%dT000000Z")
    for ev in sorted(events, key=lambda e: (e.day, e.uid)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ev.uid}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{ev.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(ev.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(ev.summary)}",
        ]
        if ev.description:
            lines.append(f"DESCRIPTION:{_escape(ev.description)}")
        if ev.url:
            lines.append(f"URL:{ev.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
