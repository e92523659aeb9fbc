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
    converter = _Converter()
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        converter.feed(line)
    return converter.close()


class _Converter:
    """Line by line: inside a code block, a table or a quote, or plain text."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.table: list[tuple[list[str], bool]] = []
        self.in_code = self.in_quote = False

    def feed(self, line: str) -> None:
        if self.in_code:
            self._code(line)
            return
        row = _TABLE_ROW.match(line)
        if row:
            self.table.append(([c.strip() for c in row.group(1).split("|")], bool(row.group(2))))
            return
        self._end_table()
        if not self._block_mark(line.strip()):
            converted = _line(line)
            self.out.append("> " + converted if self.in_quote else converted)

    def _code(self, line: str) -> None:
        if line.strip() == "{/code}":
            self.out.append("```")
            self.in_code = False
        else:
            self.out.append(line)

    def _block_mark(self, stripped: str) -> bool:
        """Open a code block, or open or close a quote; False if the line is none of these marks."""
        code = _CODE_OPEN.match(stripped)
        if code:
            self.out.append("```" + (code.group(1) or ""))
            self.in_code = True
        elif stripped in ("{quote}", "{/quote}"):
            self.in_quote = stripped == "{quote}"
        else:
            return False
        return True

    def _end_table(self) -> None:
        if self.table:
            self.out.extend(_table(self.table))
            self.table = []

    def close(self) -> str:
        self._end_table()
        if self.in_code:
            self.out.append("```")
        return "\n".join(self.out).strip("\n")


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
