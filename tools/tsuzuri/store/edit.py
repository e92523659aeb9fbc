"""Change top-level front-matter fields of a file by rewriting only those fields' lines.

A person's comments, blank lines, field order and quoting elsewhere in the front matter
survive, so the pull-request diff of ``tsuzuri set MIRA-12 status=処理中`` is one line.
"""

from __future__ import annotations

import re

from tsuzuri.formats.textfile import TextProblem, split_front_matter
from tsuzuri.formats.yamlemit import trailing_comment
from tsuzuri.store.writer import ISSUE_FIELD_ORDER, clean, flow

_KEY_LINE_RE = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?=[ \t]|$)")

_EMPTY = (None, "", (), [], {})


def edit_front_matter(text: str, changes: dict, order: tuple[str, ...] = ISSUE_FIELD_ORDER, notes: list | None = None) -> str:
    """Return ``text`` with each field in ``changes`` set (or removed when the value is None/empty).

    Values lose their control characters first, each loss a note in ``notes`` (see ``writer.clean``).
    """
    split_front_matter(text)  # raises TextProblem when there is no front matter to edit
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    front = lines[1:end]
    for name, value in changes.items():
        front = _set(front, name, clean(value, name, notes), order)
    return "\n".join([lines[0], *front, *lines[end:]])


def field_span(front: list[str], name: str) -> tuple[int, int] | None:
    """Return [start, stop) of the lines holding top-level field ``name``, or None."""
    for index, line in enumerate(front):
        m = _KEY_LINE_RE.match(line)
        if m and m.group("key") == name:
            stop = index + 1
            # A value continues on indented lines and on a block list written at column 0.
            while stop < len(front) and (front[stop][:1] in (" ", "\t") or front[stop].startswith("- ") or front[stop] == "-"):
                stop += 1
            return index, stop
    return None


def _set(front: list[str], name: str, value, order: tuple[str, ...]) -> list[str]:
    span = field_span(front, name)
    if value in _EMPTY:
        return front if span is None else front[: span[0]] + front[span[1] :]
    rendered = f"{name}: {flow(value)}"
    if span is not None:
        start, stop = span
        comment = trailing_comment(front[start]) if stop == start + 1 else ""
        return front[:start] + [rendered + comment] + front[stop:]
    return _insert(front, name, rendered, order)


def _insert(front: list[str], name: str, rendered: str, order: tuple[str, ...]) -> list[str]:
    """Put a new field after the last present field that comes before it in ``order``."""
    before = order[: order.index(name)] if name in order else order
    position = None
    for earlier in before:
        span = field_span(front, earlier)
        if span is not None:
            position = span[1] if position is None else max(position, span[1])
    if position is None:
        position = len(front)
        while position > 0 and not front[position - 1].strip():
            position -= 1
    return front[:position] + [rendered] + front[position:]


__all__ = ["TextProblem", "edit_front_matter", "field_span"]
