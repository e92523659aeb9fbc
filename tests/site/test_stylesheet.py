"""The site's stylesheet stays whole: one unclosed block would swallow every rule after it."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "tools" / "tsuzuri" / "assets" / "tsuzuri.css"


def test_every_block_of_the_stylesheet_is_closed():
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)  # braces in comments count for nothing
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)  # nor in strings (content: "\A")
    depth, unclosed_at = 0, []
    for n, line in enumerate(text.splitlines(), start=1):
        for char in line:
            if char == "{":
                depth += 1
                unclosed_at.append(n)
            elif char == "}":
                depth -= 1
                assert depth >= 0, f"tsuzuri.css line {n}: a '}}' closes no block"
                unclosed_at.pop()
    assert depth == 0, f"tsuzuri.css: the block opened on line {unclosed_at[0] if len(unclosed_at) == 1 else unclosed_at} is never closed"
