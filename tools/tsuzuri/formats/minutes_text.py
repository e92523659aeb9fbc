"""Read the structure out of a meeting's Markdown body: decisions, action items, keys."""

from __future__ import annotations

import re

from tsuzuri.formats.dates import read_date
from tsuzuri.model import KEY_IN_TEXT_RE, ActionItem

_DECISION_HEADINGS = ("決定事項", "決定", "decisions", "decided")
_ACTION_RE = re.compile(r"^\s*[-*+]\s+\[(?P<mark>[ xX])\]\s+(?P<rest>.*)$")
# @tanaka, @林, @林美咲, @hayashi@aoba.example: an id, a name or an address, up to a space or a 、
_ASSIGNEE_RE = re.compile(r"(?<![\w.@])[@＠](?P<id>[^\s@＠、。,，:：()（）「」]+(?:@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})?)")
_DUE_RE = re.compile(r"(?:期限|due)\s*[:：]\s*(?P<date>\S+?)(?:まで|迄)?(?=\s|$)", re.IGNORECASE)
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def decisions(body: str) -> tuple[str, ...]:
    """Return the bullet points under a 決定事項 / Decisions heading."""
    found: list[str] = []
    inside = False
    level = 0
    for line in body.split("\n"):
        heading = _HEADING_RE.match(line)
        if heading:
            if inside and len(heading.group(1)) <= level:
                inside = False
            title = heading.group(2).strip().lower()
            if any(title.startswith(h) for h in _DECISION_HEADINGS):
                inside, level = True, len(heading.group(1))
            continue
        if inside:
            m = re.match(r"^\s*[-*+]\s+(?!\[[ xX]\])(.*)$", line)
            if m and m.group(1).strip():
                found.append(m.group(1).strip())
    return tuple(found)


def action_items(body: str, first_line: int = 1) -> tuple[ActionItem, ...]:
    """Return every ``- [ ] @who what 期限:YYYY-MM-DD KEY`` task line of the body."""
    items = []
    for offset, line in enumerate(body.split("\n")):
        m = _ACTION_RE.match(line)
        if not m:
            continue
        rest = m.group("rest")
        who = _ASSIGNEE_RE.search(rest)
        due_m = _DUE_RE.search(rest)
        key = KEY_IN_TEXT_RE.search(rest)
        # 期限:2026/4/1, 期限：令和8年4月1日(水), 期限:２０２６-０４-０１まで: any way a date is written
        due = read_date(due_m.group("date")) if due_m else None
        text = rest
        for part in (who, due_m, key):
            if part:
                text = text.replace(part.group(0), " ")
        items.append(
            ActionItem(
                line=first_line + offset,
                text=" ".join(text.split()),
                assignee=who.group("id") if who else "",
                due=due,
                issue=key.group(1) if key else "",
                done=m.group("mark") in "xX",
            )
        )
    return tuple(items)


def raw_due(line: str) -> str | None:
    """Return the text after 期限: on an action item line, for validation."""
    m = _DUE_RE.search(line)
    return m.group("date") if m else None


def mentions(body: str) -> tuple[str, ...]:
    """Return the issue keys mentioned in a text, in order of first mention."""
    seen: dict[str, None] = {}
    for m in KEY_IN_TEXT_RE.finditer(body):
        seen.setdefault(m.group(1), None)
    return tuple(seen)
