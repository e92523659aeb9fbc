"""Decode a tracker file's bytes and split Markdown front matter from its body."""

from __future__ import annotations

from dataclasses import dataclass

from tsuzuri.errors import TsuzuriError
from tsuzuri.messages import Message

MAX_FILE_BYTES = 4 << 20

UTF8_BOM = b"\xef\xbb\xbf"


class TextProblem(TsuzuriError):
    """The bytes are not a text file tsuzuri can read; ``line`` is 1-based."""

    def __init__(self, code: str, message: Message, line: int = 1, col: int = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col


def decode(data: bytes) -> str:
    """Return the text of a UTF-8 file (with or without BOM), or raise TextProblem."""
    if not data or data.isspace():
        raise TextProblem("empty-file", Message("file.empty"))
    if len(data) > MAX_FILE_BYTES:
        raise TextProblem("file-too-large", Message("file.too-large", mib=MAX_FILE_BYTES >> 20))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TextProblem("encoding", Message("file.utf16"))
    if data.startswith(UTF8_BOM):
        data = data[3:]
    if b"\x00" in data:
        raise TextProblem("binary-file", Message("file.binary"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guess = _guess_japanese(data)
        if guess == "cp932":
            raise TextProblem("encoding", Message("file.cp932"), line) from None
        if guess == "euc_jp":
            raise TextProblem("encoding", Message("file.euc-jp"), line) from None
        raise TextProblem("encoding", Message("file.not-utf8", line=line), line) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _guess_japanese(data: bytes) -> str | None:
    # Both decoders accept many byte strings; the one that yields hiragana is right.
    best, best_score = None, 0
    for encoding in ("cp932", "euc_jp"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(1 for ch in text if "\u3040" <= ch <= "\u309f" or "\u4e00" <= ch <= "\u9fff")
        if score > best_score:
            best, best_score = encoding, score
    return best


@dataclass(frozen=True, slots=True)
class Split:
    front: str  # the YAML between the fences ("" if none)
    front_line: int  # line number of the first YAML line
    body: str
    body_line: int  # line number of the first body line
    end_line: int  # line number of the closing fence (0 if none)


def split_front_matter(text: str) -> Split:
    """Split ``---`` fenced YAML front matter from a Markdown body."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        raise TextProblem("front-matter-missing", Message("front-matter.missing"))
    # The common case: a closing `---` line; found without splitting the whole file.
    end = text.find("\n---\n", 3)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    if end != -1 and "\n...\n" not in text[:end] and not _has_padded_fence(text[:end]):
        front = text[4 : end + 1]
        closing_line = front.count("\n") + 2
        return Split(front, 2, text[end + 5 :], closing_line + 1, closing_line)
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return Split(front, 2, body, index + 2, index + 1)
    raise TextProblem("front-matter-unclosed", Message("front-matter.unclosed"), 1)


def _has_padded_fence(head: str) -> bool:
    # A fence written as "--- " (trailing spaces) before the one find() saw closes earlier.
    return "\n--- " in head or "\n---\t" in head
