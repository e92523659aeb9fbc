"""Add entries to the lists of tsuzuri.yml by editing its text, so what a person wrote survives.

Comments, blank lines, the order and the style of existing entries stay as they are: a
block list gets new ``  - {...}`` lines (after a given entry, or at its end), a one-line
flow list gets its new entries before the closing ``]``, and a missing section is added
at the end of the file.
"""

from __future__ import annotations

import re

from tsuzuri.store.writer import flow

_TOP_KEY = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?P<rest>.*)$")


def add_entries(text: str, section: str, entries: list[tuple[dict, int | None]]) -> str:
    """Return ``text`` with ``entries`` added to the top-level list ``section``.

    Each entry is (mapping, position): the position is the index among the existing items
    after which it goes (-1: first), or None for the end. A mapping written as text already
    (``"label: page"``) goes in as it is.
    """
    if not entries:
        return text
    lines = text.split("\n")
    span = _span(lines, section)
    if span is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += [f"{section}:", *(f"  - {_item(e)}" for e, _ in entries), ""]
        return "\n".join(lines)
    start, stop = span
    head = _TOP_KEY.match(lines[start])
    rest = head.group("rest").strip() if head else ""
    body, comment = _split_comment(rest)
    if body.startswith("[") and body.endswith("]"):
        inner = body[1:-1].strip()
        new = ", ".join(flow(e) if not isinstance(e, str) else f"{{{e}}}" for e, _ in entries)
        lines[start] = f"{section}: [{inner + ', ' if inner else ''}{new}]" + (f"  {comment}" if comment else "")
        return "\n".join(lines)
    items = _item_starts(lines, start + 1, stop)
    indent = re.match(r"^(\s*)", lines[items[0]]).group(1) if items else "  "
    ends = [_content_end(lines, item, nxt) for item, nxt in zip(items, [*items[1:], stop], strict=True)]
    inserts: dict[int, list[str]] = {}
    for entry, position in entries:
        if position is None or position >= len(items) - 1 or not items:
            at = ends[-1] if items else start + 1
        else:
            at = items[0] if position < 0 else ends[position]
        inserts.setdefault(at, []).append(f"{indent}- {_item(entry)}")
    for at in sorted(inserts, reverse=True):
        lines[at:at] = inserts[at]
    return "\n".join(lines)


def _item(entry) -> str:
    return entry if isinstance(entry, str) else flow(entry)


def _span(lines: list[str], section: str) -> tuple[int, int] | None:
    for index, line in enumerate(lines):
        m = _TOP_KEY.match(line)
        if m and m.group("key") == section:
            stop = index + 1
            while stop < len(lines) and (lines[stop][:1] in (" ", "\t", "-", "#") or not lines[stop].strip()):
                stop += 1
            return index, stop
    return None


def _item_starts(lines: list[str], start: int, stop: int) -> list[int]:
    found = [i for i in range(start, stop) if re.match(r"^\s*- ", lines[i]) or lines[i].strip() == "-"]
    if not found:
        return []
    level = min(len(lines[i]) - len(lines[i].lstrip()) for i in found)
    return [i for i in found if len(lines[i]) - len(lines[i].lstrip()) == level]


def _content_end(lines: list[str], start: int, stop: int) -> int:
    """Return the line after the list's last content line (trailing blank and comment lines stay below)."""
    end = stop
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _split_comment(rest: str) -> tuple[str, str]:
    """Split ``[a, b]  # note`` into the flow list and its comment (a # inside quotes is not one)."""
    quote = ""
    for i, ch in enumerate(rest):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and i and rest[i - 1] in " \t":
            return rest[:i].rstrip(), rest[i:]
    return rest, ""
