"""Turn raw mail into text safely, whatever Japanese encoding the sender's client chose."""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from email.header import decode_header
from email.message import Message
from email.utils import collapse_rfc2231_value, getaddresses, parseaddr

# Japanese clients label mail with the JIS names but write Microsoft's supersets
# (NEC and IBM extensions such as ①, ㈱, ～). Try the widest codec first, then the rest.
_CODECS = {
    "iso-2022-jp": ("iso2022_jp_ms", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3"),
    "shift_jis": ("cp932", "shift_jis_2004", "shift_jisx0213"),
    "euc-jp": ("euc_jp", "euc_jis_2004", "euc_jisx0213"),
}
_ALIASES = {
    "iso-2022-jp": "iso-2022-jp", "iso2022jp": "iso-2022-jp", "iso-2022-jp-1": "iso-2022-jp",
    "iso-2022-jp-2": "iso-2022-jp", "iso-2022-jp-3": "iso-2022-jp", "iso-2022-jp-ms": "iso-2022-jp",
    "cp50220": "iso-2022-jp", "cp50221": "iso-2022-jp", "cp50222": "iso-2022-jp",
    "shift_jis": "shift_jis", "shift-jis": "shift_jis", "sjis": "shift_jis", "x-sjis": "shift_jis",
    "cp932": "shift_jis", "windows-31j": "shift_jis", "ms932": "shift_jis", "ms_kanji": "shift_jis",
    "shift_jisx0213": "shift_jis", "shift_jis-2004": "shift_jis",
    "euc-jp": "euc-jp", "eucjp": "euc-jp", "x-euc-jp": "euc-jp", "cp51932": "euc-jp", "euc-jis-2004": "euc-jp",
}
_FALLBACKS = ("utf-8", "cp932", "euc_jp", "iso2022_jp_ext")


def codecs_for(charset: str | None) -> tuple[str, ...]:
    """Return the Python codecs to try, best first, for a MIME charset label."""
    label = (charset or "").strip().strip('"').lower()
    family = _ALIASES.get(label)
    if family:
        return _CODECS[family]
    if label in ("", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "8bit"):
        return _FALLBACKS
    try:
        "".encode(label)
    except LookupError:
        return _FALLBACKS
    return (label, *_FALLBACKS)


def iso2022jp_ms(data: bytes) -> str:
    """Decode ISO-2022-JP as Windows writes it (CP50220/50221), with NEC and IBM extensions.

    Python's iso2022 codecs reject row 13 (①, ㈱, №) that Outlook sends, so map each JIS
    pair to Shift_JIS arithmetically and let cp932 decode it.
    """
    out = bytearray()
    mode = "ascii"
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == 0x1B:
            seq = data[i + 1 : i + 3]
            if seq in (b"(B", b"(J"):
                mode = "ascii"
            elif seq in (b"$B", b"$@"):
                mode = "jis"
            elif seq == b"(I":
                mode = "kana"
            else:
                raise UnicodeDecodeError("iso2022_jp_ms", data, i, i + 3, "unsupported escape")
            i += 3
            continue
        if byte in (0x0E, 0x0F):  # SO / SI around half-width katakana (CP50222)
            mode = "kana" if byte == 0x0E else "ascii"
            i += 1
        elif mode == "jis" and byte > 0x20:
            if i + 1 >= len(data):
                raise UnicodeDecodeError("iso2022_jp_ms", data, i, i + 1, "truncated")
            j1, j2 = byte, data[i + 1]
            s1 = ((j1 + 1) >> 1) + (0x70 if j1 <= 0x5E else 0xB0)
            s2 = j2 + (0x1F + (j2 >= 0x60) if j1 & 1 else 0x7E)
            out += bytes((s1, s2))
            i += 2
        elif mode == "kana" and 0x21 <= byte <= 0x5F:
            out.append(byte + 0x80)
            i += 1
        elif byte >= 0x80:
            raise UnicodeDecodeError("iso2022_jp_ms", data, i, i + 1, "8-bit byte")
        else:
            out.append(byte)
            i += 1
    return out.decode("cp932")


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode bytes with the best codec for ``charset``, never raising."""
    for codec in codecs_for(charset):
        try:
            return iso2022jp_ms(data) if codec == "iso2022_jp_ms" else data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    fallback = next((c for c in codecs_for(charset) if c != "iso2022_jp_ms"), "utf-8")
    return data.decode(fallback, errors="replace")


def header_text(value) -> str:
    """Decode a header with MIME encoded-words (and raw 8-bit bytes) into one string."""
    if value is None:
        return ""
    value = str(value)
    parts = []
    for chunk, charset in decode_header(value):
        if isinstance(chunk, str):
            # decode_header hands back str only when nothing was encoded; raw 8-bit bytes
            # arrive here as surrogate escapes from the parser.
            chunk = chunk.encode("ascii", "surrogateescape")
            charset = charset or None
        parts.append(decode_bytes(chunk, charset))
    text = "".join(parts)
    return " ".join(text.split()) if "\n" in text else text


def parse(raw: bytes) -> Message:
    """Parse raw bytes into a message (the compat32 API, so we decode charsets ourselves)."""
    return email.message_from_bytes(raw)


def sender(msg: Message) -> tuple[str, str]:
    """Return (display name, lower-case address) of the From header."""
    name, address = parseaddr(header_text(msg.get("From")))
    return name, address.strip().lower()


def recipients(msg: Message) -> list[str]:
    """Return every address the mail was sent to (To, Cc, Delivered-To, X-Original-To)."""
    values = [header_text(v) for h in ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To") for v in msg.get_all(h, [])]
    return [a.lower() for _, a in getaddresses(values) if a]


@dataclass
class Part:
    """An attachment taken out of a mail."""

    name: str
    data: bytes
    media_type: str


@dataclass
class Content:
    """The readable content of a mail: plain text, HTML (when there was no plain text) and attachments."""

    text: str = ""
    html: str = ""
    attachments: list[Part] = field(default_factory=list)


def part_text(part: Message) -> str:
    """Return a text part's payload decoded (base64 / quoted-printable, then charset)."""
    data = part.get_payload(decode=True) or b""
    text = decode_bytes(data, part.get_content_charset())
    return text.replace("\r\n", "\n").replace("\r", "\n")


def filename(part: Message) -> str:
    """Return a part's file name, decoding RFC 2231 and encoded-word forms."""
    raw = part.get_param("filename", None, "content-disposition") or part.get_param("name", None, "content-type")
    if raw is None:
        return ""
    if isinstance(raw, tuple):  # RFC 2231: (charset, language, bytes-as-latin1 text)
        charset, _, value = raw
        return decode_bytes(value.encode("latin-1", "surrogateescape"), charset or "utf-8")
    return header_text(collapse_rfc2231_value(raw))


def content(msg: Message) -> Content:
    """Find the mail's body text (or HTML) and its attachments."""
    found = Content()
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = (part.get("Content-Disposition") or "").split(";", 1)[0].strip().lower()
        name = filename(part)
        media = part.get_content_type()
        if disposition == "attachment" or (name and media not in ("text/plain", "text/html")) or media == "message/rfc822":
            data = part.get_payload(decode=True)
            if data is None and media == "message/rfc822":
                data = part.get_payload(0).as_bytes() if part.get_payload() else b""
            found.attachments.append(Part(name or f"attachment{len(found.attachments) + 1}", data or b"", media))
        elif media == "text/plain" and not found.text:
            found.text = part_text(part)
        elif media == "text/html" and not found.html:
            found.html = part_text(part)
    return found
