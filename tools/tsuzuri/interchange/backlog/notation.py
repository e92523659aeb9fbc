"""Turn text in Backlog's own notation (the ``backlog`` text formatting rule) into Markdown.

Backlog projects write descriptions, comments and wiki pages either in Markdown or in
Backlog notation: ``* 見出し``, ``''太字''``, ``'''斜体'''``, ``%%取り消し%%``, ``-``/``+``
lists, ``{code}`` and ``{quote}`` blocks, ``|表|`` rows ending in ``h`` for a header,
``[[名前>URL]]`` links, ``&br;`` and ``#image(...)``. Anything else stays as written.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(\*{1,6})\s*(.*)$")
_BULLET = re.compile(r"^(-{1,6})\s+(.*)$")
_NUMBERED = re.compile(r"^(\+{1,6})\s+(.*)$")
_CODE_OPEN = re.compile(r"^\{code(?::([A-Za-z0-9_+\-]+))?\}\s*$")
_TABLE_ROW = re.compile(r"^\|(.*)\|(h?)\s*$")
_LINK = re.compile(r"\[\[([^\]>:]+?)(?:[>:]((?:https?|ftp)://[^\]]+?))?\]\]")
_INLINE = (
    (re.compile(r"'''(.+?)'''"), r"*\1*"),
    (re.compile(r"''(.+?)''"), r"**\1**"),
    (re.compile(r"%%(.+?)%%"), r"~~\1~~"),
    (re.compile(r"&color\([^)]*\)\s*\{\s*(.*?)\s*\}"), r"\1"),
    (re.compile(r"#(?:image|thumbnail|attach)\(([^)]+)\)"), r"(添付: \1)"),
    (re.compile(r"&br;"), "<br>"),
)


def to_markdown(text: str | None) -> str:
    """Return Backlog-notation text as Markdown (line ends normalised, code blocks kept verbatim)."""
    if not text:
        return ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    table: list[tuple[list[str], bool]] = []
    in_code = in_quote = False
    for line in lines:
        if in_code:
            if line.strip() == "{/code}":
                out.append("```")
                in_code = False
            else:
                out.append(line)
            continue
        row = _TABLE_ROW.match(line)
        if row:
            table.append(([c.strip() for c in row.group(1).split("|")], bool(row.group(2))))
            continue
        if table:
            out.extend(_table(table))
            table = []
        code = _CODE_OPEN.match(line.strip())
        if code:
            out.append("```" + (code.group(1) or ""))
            in_code = True
            continue
        if line.strip() == "{quote}":
            in_quote = True
            continue
        if line.strip() == "{/quote}":
            in_quote = False
            continue
        converted = _line(line)
        out.append("> " + converted if in_quote else converted)
    if table:
        out.extend(_table(table))
    if in_code:
        out.append("```")
    return "\n".join(out).strip("\n")


def _line(line: str) -> str:
    m = _HEADING.match(line)
    if m and m.group(2):
        return "#" * len(m.group(1)) + " " + _inline(m.group(2))
    m = _BULLET.match(line)
    if m:
        return "  " * (len(m.group(1)) - 1) + "- " + _inline(m.group(2))
    m = _NUMBERED.match(line)
    if m:
        return "   " * (len(m.group(1)) - 1) + "1. " + _inline(m.group(2))
    return _inline(line)


def _inline(text: str) -> str:
    text = _LINK.sub(lambda m: f"[{m.group(1)}]({m.group(2)})" if m.group(2) else m.group(1), text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _table(rows: list[tuple[list[str], bool]]) -> list[str]:
    width = max(len(cells) for cells, _ in rows)
    padded = [(cells + [""] * (width - len(cells)), header) for cells, header in rows]
    head, body = (padded[0][0], padded[1:]) if padded[0][1] else ([""] * width, padded)
    lines = ["| " + " | ".join(_inline(c) for c in head) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(_inline(c) for c in cells) + " |" for cells, _ in body]
    return ["", *lines, ""]
