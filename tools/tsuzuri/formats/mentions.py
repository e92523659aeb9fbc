"""@mentions in Markdown text: `@yamada` or `@山田`, never the middle of a mail address."""

from __future__ import annotations

import re
from collections.abc import Callable

# A mention starts a word: after the line start, a space or punctuation, never after a letter or
# digit (so "yamada@example.jp" names nobody); it runs to the next space or punctuation mark.
MENTION_RE = re.compile(
    r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9]|[A-Za-z0-9]|[^\s@\x00-\x7f、。，．・「」『』（）【】！？：；]+)"
)


def mentions(text: str) -> list[str]:
    """Return the names mentioned in ``text``, in order of first appearance, once each."""
    seen: dict[str, None] = {}
    in_code = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            continue
        # Inline code is not a mention either.
        for match in MENTION_RE.finditer(re.sub(r"`[^`]*`", " ", line)):
            seen.setdefault(match.group(1), None)
    return list(seen)


_HONORIFICS = ("さん", "様", "さま", "氏", "殿", "くん", "君", "ちゃん")


def resolve(text: str, find: Callable[[str], str]) -> tuple[list[str], list[str]]:
    """Return (ids of the members mentioned in ``text``, mentions that name nobody), once each.

    ``find`` turns a written name into a member id ('' when it names nobody uniquely);
    ``@山田さん`` is tried as ``山田`` too.
    """
    found: dict[str, None] = {}
    unknown: dict[str, None] = {}
    for name in mentions(text):
        member = find(name)
        if not member:
            bare = next((name[: -len(h)] for h in _HONORIFICS if name.endswith(h) and len(name) > len(h)), "")
            member = find(bare) if bare else ""
        if member:
            found.setdefault(member, None)
        else:
            unknown.setdefault(name, None)
    return list(found), list(unknown)


def positions(text: str) -> list[tuple[int, int, str]]:
    """Return (line index, 1-based column, name) of every mention in ``text``, outside code."""
    found = []
    in_code = False
    for index, line in enumerate(text.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            continue
        masked = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)
        found += [(index, match.start() + 1, match.group(1)) for match in MENTION_RE.finditer(masked)]
    return found
