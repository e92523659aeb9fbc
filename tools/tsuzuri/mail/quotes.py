"""Cut the quoted history and the signature off a reply, keeping only what the sender wrote."""

from __future__ import annotations

import re

# A line that starts the quoted original: everything from it on is history.
_CUT_LINES = (
    re.compile(r"^\s*-{2,}\s*(Original Message|Forwarded message|元のメッセージ|転送されたメッセージ)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook's rule above its header block
    re.compile(r"^\s*On\b.*\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*\d{4}年\s*\d{1,2}月\s*\d{1,2}日.*(:|：)\s*$"),  # 2026年11月20日(金) 10:00 田中 <...>:
    re.compile(r"^\s*\d{4}[/-]\d{1,2}[/-]\d{1,2}.*(wrote|書きました|のメッセージ)\s*(:|：)\s*$"),
    re.compile(r"^.*(さんは書きました|のメッセージ|wrote)\s*(:|：)\s*$"),
)
# An Outlook header block: "From:" (or 差出人:) followed closely by Sent:/Date: (送信日時:).
_FROM = re.compile(r"^\s*\**\s*(From|差出人|送信者)\s*\**\s*[:：]", re.IGNORECASE)
_SENT = re.compile(r"^\s*\**\s*(Sent|Date|送信日時|日付|送信日)\s*\**\s*[:：]", re.IGNORECASE)
# "On Fri, 20 Nov 2026 at 10:00, Tanaka <...>" wrapped before "wrote:".
_ON = re.compile(r"^\s*On\s+\S", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")


def _header_block_at(lines: list[str], i: int) -> bool:
    if not _FROM.match(lines[i]):
        return False
    return any(_SENT.match(line) for line in lines[i + 1 : i + 5])


def strip_reply(text: str) -> str:
    """Return only the new part of a reply: no quoted lines, no quoted original, no signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _SIGNATURE.match(line):
            break
        if any(p.match(line) for p in _CUT_LINES) or _header_block_at(lines, i):
            break
        if _ON.match(line) and i + 1 < len(lines) and re.search(r"wrote:\s*$", lines[i + 1], re.IGNORECASE):
            break
        if line.lstrip().startswith((">", "＞")):
            continue
        kept.append(line.rstrip())
    return tidy("\n".join(kept))


def tidy(text: str) -> str:
    """Drop leading and trailing blank lines and squeeze runs of blank lines to one."""
    text = re.sub(r"\n{3,}", "\n\n", text.strip("\n"))
    return text.strip() and text.rstrip()
