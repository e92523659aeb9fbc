"""Cut the quoted history and the signature off a reply, keeping what the sender wrote word for word.

Rules, in the order they apply:

- A separator that only mail clients write (``-----Original Message-----``, Outlook's rule and
  header block ``From:``/``Sent:`` or ``差出人:``/``送信日時:``) starts the history: it and everything
  after it go.
- A line that looks like a quote header (``2026年11月20日(金) 10:00 田中 <…>:``, ``On … wrote:``,
  Apple Mail's ``…のメール:``, ``…のメッセージ:``) is one only when quoted lines or a header block
  follow it; Gmail's header wrapped over two lines counts as one line. Otherwise it is the
  sender's own sentence and stays.
- Quoted lines (``>``) after the last line the sender wrote are history and go; quoted lines
  between the sender's answers are the questions answered inline and stay, as written.
- The signature goes: everything after a ``-- `` line, and a block at the end under a rule
  (``━━━━``, ``----``, ``====``, ``＊＊＊＊``…) that holds contact lines (TEL, FAX, 〒, mail, URL).
"""

from __future__ import annotations

import re

_SEPARATORS = (
    re.compile(r"^\s*-{2,}\s*(Original Message|Forwarded message|元のメッセージ|転送されたメッセージ)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook's rule above its header block
    re.compile(r"^\s*(Begin forwarded message|転送されたメッセージ)\s*[:：]\s*$", re.IGNORECASE),
)
# Lines that may introduce a quote; they count only when a quote or a header block follows.
_ATTRIBUTIONS = (
    re.compile(r"^\s*On\b.*\bwrote\s*:\s*$", re.IGNORECASE),
    re.compile(r"^.*\d{1,2}\s*[:：]\s*\d{2}.*[:：]\s*$"),  # a time, then a closing colon: 2026年11月20日(金) 10:00 田中 <…>:
    re.compile(r"^.*\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}.*[:：]\s*$"),
    re.compile(r"^.*(さんは書きました|が書きました|のメッセージ|のメール|wrote|writes)\s*[:：]\s*$", re.IGNORECASE),
    re.compile(r"^.*<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$"),  # ... <tanaka@vendor-a.example>:
)
_WRAPPED_START = re.compile(r"^\s*(On\s|\d{4}\s*[年/.-])", re.IGNORECASE)
_FROM = re.compile(r"^\s*\**\s*(From|差出人|送信者)\s*\**\s*[:：]", re.IGNORECASE)
_SENT = re.compile(r"^\s*\**\s*(Sent|Date|送信日時|日付|送信日)\s*\**\s*[:：]", re.IGNORECASE)
_QUOTED = re.compile(r"^\s*[>＞]")
_SIGNATURE = re.compile(r"^--\s?$")
# A rule line: one character (or a pair) repeated, as Japanese signatures draw them.
_RULE = re.compile(r"^\s*([-=_*＊＝ー─━―‐〜~+#・･□■◇◆○●☆★※]{1,2})\1{4,}\s*$")
_CONTACT = re.compile(
    r"(TEL|FAX|Tel|Fax|電話|携帯|〒|E-?mail|Mail\s*[:：]|メール\s*[:：]|URL|https?://|[\w.+-]+@[\w-]+\.[\w.-]+)", re.IGNORECASE
)
_SIGNATURE_LINES = 12  # a signature under a rule is short; a longer block is text


def _header_block_at(lines: list[str], i: int) -> bool:
    if not _FROM.match(lines[i]):
        return False
    return any(_SENT.match(line) for line in lines[i + 1 : i + 5])


def _next_text(lines: list[str], i: int) -> int:
    """Return the index of the first non-blank line at or after ``i`` (len(lines) if none)."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _introduces_quote(lines: list[str], i: int) -> int:
    """Return how many lines (1 or 2) form a quote header at ``i``, or 0 when there is none."""
    for span in (1, 2):
        if i + span > len(lines) or (span == 2 and not lines[i + 1].strip()):
            break
        if span == 2 and (not _WRAPPED_START.match(lines[i]) or _WRAPPED_START.match(lines[i + 1])):
            break  # only a header that begins like one wraps; a whole header on the next line is its own
        joined = (
            lines[i].rstrip() + ("" if lines[i].rstrip().endswith("<") else " ") + lines[i + 1].strip() if span == 2 else lines[i].rstrip()
        )
        if not any(p.match(joined) for p in _ATTRIBUTIONS):
            continue
        after = _next_text(lines, i + span)
        if after < len(lines) and (_QUOTED.match(lines[after]) or _header_block_at(lines, after)):
            return span
    return 0


def _cut_history(lines: list[str]) -> list[str]:
    """Drop everything from the first separator, header block or standard signature line on, and quote headers."""
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _SIGNATURE.match(line) or any(p.match(line) for p in _SEPARATORS) or _header_block_at(lines, i):
            break
        span = _introduces_quote(lines, i)
        if span:
            i += span
            continue
        kept.append(line.rstrip())
        i += 1
    return kept


def _drop_trailing_quotes(lines: list[str]) -> list[str]:
    """Drop the quoted lines after the sender's last own line; keep quoted questions between answers."""
    last = max((n for n, line in enumerate(lines) if line.strip() and not _QUOTED.match(line)), default=-1)
    return lines[: last + 1]


def _drop_rule_signature(lines: list[str]) -> list[str]:
    """Drop a signature block drawn under a rule at the end, when it holds contact lines."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    for start in range(end - 1, -1, -1):
        if not _RULE.match(lines[start]):
            continue
        block = [line for line in lines[start + 1 : end] if line.strip() and not _RULE.match(line)]
        if len(block) > _SIGNATURE_LINES or any(len(line) > 70 or line.rstrip().endswith("。") for line in block):
            return lines  # sentences under a rule are text, not a signature
        if any(_CONTACT.search(line) for line in block):
            # Rules may also close the block, or open it twice (━━━ above and below the name).
            while start and (_RULE.match(lines[start - 1]) or not lines[start - 1].strip()):
                start -= 1
            return lines[:start]
    return lines


def strip_reply(text: str) -> str:
    """Return only the new part of a reply: no quoted history, no quote header, no signature."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _cut_history(lines)
    lines = _drop_trailing_quotes(lines)
    lines = _drop_rule_signature(lines)
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1])):
        lines = lines[:-1]  # a rule left above a cut history or signature belongs to it
    if not any(line.strip() and not _QUOTED.match(line) for line in lines):
        return ""  # only quotes: the sender wrote nothing
    return tidy("\n".join(lines))


def tidy(text: str) -> str:
    """Drop leading and trailing blank lines and squeeze runs of blank lines to one."""
    text = re.sub(r"\n{3,}", "\n\n", text.strip("\n"))
    return text.strip() and text.rstrip()
