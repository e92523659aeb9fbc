"""Field lines at the start of a reply: ``状態: 完了``, ``担当者: 山田``, ``期限: 12/10``, ``Status: closed``.

A reply may begin with such lines, one field each. ``field_lines`` reads them off the top of
the text; ``weigh`` decides, line by line, whether the sender may make that change and what
value it means. Nothing here writes: ingest records the accepted changes as an ordinary
line-preserving edit of the issue file, beside the comment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from tsuzuri.changes.authority import rules_for
from tsuzuri.formats.dates import parse_date
from tsuzuri.messages import Message
from tsuzuri.model import Config, Issue, Member, resolve_choice

# The words people write for each field, in either language (compared NFKC and case-folded).
LABELS = {
    "status": ("状態", "ステータス", "status"),
    "assignee": ("担当者", "担当", "assignee"),
    "due": ("期限", "期限日", "期日", "due", "due date"),
    "start": ("開始日", "開始", "start", "start date"),
    "priority": ("優先度", "priority"),
    "type": ("種別", "type"),
    "milestone": ("マイルストーン", "milestone"),
}
_BY_LABEL = {unicodedata.normalize("NFKC", label).casefold(): name for name, labels in LABELS.items() for label in labels}
_LINE = re.compile(r"^\s*([^:：]{1,20}?)\s*[:：]\s*(.+?)\s*$")
_NO_VALUE = ("なし", "未定", "none", "-", "—")  # clears an optional field


@dataclass(frozen=True)
class FieldLine:
    """One field line as written, and the field it names."""

    line: str
    field: str
    value: str


@dataclass
class Weighed:
    """The outcome of a reply's field lines: the changes to make, and the lines refused with why."""

    changes: dict = field(default_factory=dict)  # field -> value to write (None clears it)
    applied: list[FieldLine] = field(default_factory=list)
    refused: list[tuple[FieldLine, Message]] = field(default_factory=list)


def field_lines(text: str) -> tuple[list[FieldLine], str]:
    """Split the field lines off the top of ``text``; return them and the rest of the text."""
    lines = text.split("\n")
    found: list[FieldLine] = []
    for line in lines:
        m = _LINE.match(line)
        name = _BY_LABEL.get(unicodedata.normalize("NFKC", m.group(1)).casefold()) if m else None
        if not name:
            break
        found.append(FieldLine(line.strip(), name, m.group(2)))
    rest = "\n".join(lines[len(found) :]).strip("\n")
    return found, rest


def weigh(lines: list[FieldLine], config: Config, issue: Issue, member: Member, verified: bool, day: date) -> Weighed:
    """Decide each field line: accepted with its value, or refused with the reason."""
    result = Weighed()
    for line in lines:
        reason = _refusal(line, config, issue, member, verified)
        if reason is None:
            try:
                value = _value(line, config, issue, day)
            except ValueError as exc:
                reason = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else Message("mail.field.bad-value", value=line.value)
        if reason is not None:
            result.refused.append((line, reason))
            continue
        result.changes[line.field] = value
        result.applied.append(line)
    return result


def _refusal(line: FieldLine, config: Config, issue: Issue, member: Member, verified: bool) -> Message | None:
    if not verified:
        return Message("mail.field.unverified")
    for number, rule in rules_for(config, issue.project, line.field):
        if member.org not in rule.organizations:
            return Message("mail.field.no-authority", field=line.field, number=number, organizations=", ".join(rule.organizations))
    return None


def _value(line: FieldLine, config: Config, issue: Issue, day: date):
    text = unicodedata.normalize("NFKC", line.value).strip()
    if line.field in ("due", "start", "milestone", "assignee") and text.casefold() in _NO_VALUE:
        return None
    if line.field in ("status", "priority", "type"):
        choices = {"status": config.statuses, "priority": config.priorities, "type": config.types}[line.field]
        found = resolve_choice(choices, text) or next(
            (c for c in choices if c.id.casefold() == text.casefold() or c.label.casefold() == text.casefold()), None
        )
        if found is None:
            known = ", ".join(c.label for c in choices)
            raise ValueError(Message("mail.field.unknown-choice", value=line.value, known=known))
        return found.id
    if line.field == "assignee":
        found = config.find_member(text)
        if found.candidates:
            raise ValueError(Message("mail.field.ambiguous-member", value=line.value, candidates=", ".join(found.candidates)))
        if not found.id:
            raise ValueError(Message("mail.field.unknown-member", value=line.value))
        return found.id
    if line.field == "milestone":
        found = next((m for m in config.milestones if m.project == issue.project and text in (m.id, m.name)), None)
        if found is None:
            raise ValueError(Message("mail.field.unknown-milestone", value=line.value))
        return found.id
    return _day(text, line.value, day)


def _day(text: str, written: str, day: date) -> date:
    """A date as people write it; ``12/10`` or ``12月10日`` is the one nearest the mail's day."""
    m = re.fullmatch(r"(\d{1,2})\s*[/月.-]\s*(\d{1,2})\s*日?", text)
    if m:
        month, dom = int(m.group(1)), int(m.group(2))
        candidates = []
        for year in (day.year - 1, day.year, day.year + 1):
            try:
                candidates.append(date(year, month, dom))
            except ValueError:
                continue
        if candidates:
            return min(candidates, key=lambda d: abs((d - day).days))
        raise ValueError(Message("mail.field.bad-date", value=written))
    try:
        found = parse_date(text, serials=False)
    except ValueError:
        found = None
    if found is None:
        raise ValueError(Message("mail.field.bad-date", value=written))
    return found
