"""The addresses of links and images written in Markdown text: ``[text](address)``, ``![alt](<a b.png>)``."""

from __future__ import annotations

import re

_LINK_RE = re.compile(r"!?\[[^\]\n]*\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<bare>[^)\s]+))")


def link_targets(text: str) -> list[tuple[int, int, str]]:
    """Return (line index, 1-based column, address) of every inline link and image in ``text``, outside code."""
    found = []
    fence = ""
    for index, line in enumerate(text.split("\n")):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = "" if fence == mark else (fence or mark)
            continue
        if fence:
            continue
        masked = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)
        found += [(index, m.start() + 1, m.group("angled") or m.group("bare")) for m in _LINK_RE.finditer(masked)]
    return found
