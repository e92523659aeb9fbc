"""@mentions in Markdown text: `@yamada` or `@山田`, never the middle of a mail address."""

from __future__ import annotations

import re

# A mention starts a word: after the line start, a space or punctuation, never after a letter or
# digit (so "yamada@example.jp" names nobody); it runs to the next space or punctuation mark.
MENTION_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9]|[A-Za-z0-9]|[^\s@\x00-\x7f、。，．・「」『』（）【】！？：；]+)")


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
