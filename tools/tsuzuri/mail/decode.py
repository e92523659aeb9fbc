"""Turn raw mail into text safely, whatever Japanese encoding the sender's client chose."""

from __future__ import annotations

import base64
import binascii
import email
import email.message
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import collapse_rfc2231_value, getaddresses, parsedate_to_datetime

from tsuzuri.errors import TsuzuriError
from tsuzuri.mail.html import to_markdown
from tsuzuri.messages import Message

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
            mode = _ESCAPES.get(bytes(data[i + 1 : i + 3]))
            if mode is None:
                raise UnicodeDecodeError("iso2022_jp_ms", data, i, i + 3, "unsupported escape")
            i += 3
        elif byte in (0x0E, 0x0F):  # SO / SI around half-width katakana (CP50222)
            mode = "kana" if byte == 0x0E else "ascii"
            i += 1
        elif mode == "jis" and byte > 0x20:
            out += _shift_jis_pair(data, i)
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


_ESCAPES = {b"(B": "ascii", b"(J": "ascii", b"$B": "jis", b"$@": "jis", b"(I": "kana"}
"""The ISO-2022-JP escape sequences (after ESC) and the character set each switches to."""


def _shift_jis_pair(data: bytes, i: int) -> bytes:
    """The Shift_JIS bytes of the JIS X 0208 pair at ``data[i]``."""
    if i + 1 >= len(data):
        raise UnicodeDecodeError("iso2022_jp_ms", data, i, i + 1, "truncated")
    j1, j2 = data[i], data[i + 1]
    s1 = ((j1 + 1) >> 1) + (0x70 if j1 <= 0x5E else 0xB0)
    s2 = j2 + (0x1F + (j2 >= 0x60) if j1 & 1 else 0x7E)
    return bytes((s1, s2))


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode bytes with the best codec for ``charset``, never raising."""
    for codec in codecs_for(charset):
        try:
            return iso2022jp_ms(data) if codec == "iso2022_jp_ms" else data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    fallback = next((c for c in codecs_for(charset) if c != "iso2022_jp_ms"), "utf-8")
    return data.decode(fallback, errors="replace")


# --- the one place a mail is read ---------------------------------------------------
#
# ``read`` turns the raw bytes into a ``Mail`` record once; everything after it (routing,
# verification, writing) works on the record only. Whatever is wrong with a mail comes out
# of ``read`` as ``Unreadable`` with a reason code, so the caller has one place to turn a
# bad mail into a quarantine entry.

_ADDRESS_HEADERS = ("from", "sender", "reply-to", "to", "cc", "delivered-to", "x-original-to", "envelope-to", "return-path")
_RECIPIENT_HEADERS = ("to", "cc", "delivered-to", "x-original-to", "envelope-to")
_ENCODED_WORD = re.compile(r"=\?([^?\s*]+)(\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=")
_CONTAINER = re.compile(rb"(?im)^content-type:\s*(multipart|message)/")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates make "gpj.exe" look like "exe.jpg"; zero-width marks hide text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ID_RE = re.compile(r"<([^<>\s]+)>")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}


class Unreadable(TsuzuriError):
    """A mail that cannot be read safely: ``reason`` is the quarantine code, ``detail`` a catalog message."""

    def __init__(self, reason: str, detail: Message) -> None:
        super().__init__(str(detail))
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Limits:
    """What one mail may bring: attachments (count and bytes) and MIME structure."""

    max_attachments: int = 20
    max_total_bytes: int = 25 * 1024 * 1024
    max_containers: int = 50  # multipart and message/rfc822 parts, so nesting stays shallow

    @property
    def max_raw_bytes(self) -> int:
        # base64 makes attachments a third larger; the rest is text and headers.
        return 2 * self.max_total_bytes + 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    """A file carried by a mail."""

    name: str
    data: bytes
    media_type: str


@dataclass(frozen=True)
class AuthResult:
    """One method's verdict from an ``Authentication-Results`` header (RFC 8601)."""

    authserv_id: str  # the receiving server that wrote the header
    method: str  # spf, dkim, dmarc, ...
    result: str  # pass, fail, none, softfail, ...
    properties: dict = field(default_factory=dict)  # "header.d": "example.go.jp", "smtp.mailfrom": ...


@dataclass(frozen=True)
class Mail:
    """Everything ingest needs to know about one mail, read once."""

    raw: bytes
    message_id: str
    sender: str  # the From address, lower case
    sender_name: str
    envelope: tuple[str, ...]  # Sender: and Return-Path: addresses, lower case
    recipients: tuple[str, ...]  # To, Cc, Delivered-To, X-Original-To, Envelope-To
    references: tuple[str, ...]  # In-Reply-To, then References: the ids this mail answers
    subject: str
    date: datetime | None
    automatic: bool  # Auto-Submitted, Precedence: bulk/junk/list, or a null Return-Path
    text: str  # the plain text, or the HTML turned into Markdown
    attachments: tuple[Attachment, ...]
    authentication: tuple[AuthResult, ...]
    removed: str = ""  # the control characters taken out of the text ("U+001B, U+0007"), for the report

    @property
    def attachment_bytes(self) -> int:
        return sum(len(a.data) for a in self.attachments)


def _headers(raw: bytes) -> list[tuple[str, bytes]]:
    """Return (lower-case name, unfolded raw value) of each header, in order."""
    end = len(raw)
    for sep in (b"\r\n\r\n", b"\n\n"):
        at = raw.find(sep)
        if at != -1:
            end = min(end, at)
    found: list[tuple[str, bytes]] = []
    for line in re.split(rb"\r?\n", raw[:end]):
        if line[:1] in (b" ", b"\t") and found:
            name, value = found[-1]
            found[-1] = (name, value + b" " + line.strip())
        elif b":" in line:
            name, _, value = line.partition(b":")
            found.append((name.strip().decode("ascii", "replace").lower(), value.strip()))
    return found


def _clean(text: str) -> str:
    """One line of header text: no control or invisible characters, runs of space squeezed."""
    return " ".join(_INVISIBLE.sub("", _CONTROL.sub(" ", text)).split())


def encoded_words(text: str, header: str, strict: bool = True) -> str:
    """Decode the RFC 2047 encoded words of ``text``; a malformed one is ``Unreadable`` when ``strict``."""
    out: list[str] = []
    pending: list[tuple[str, bytes]] = []  # adjacent words of one charset are decoded together
    position = 0

    def flush() -> None:
        if pending:
            out.append(decode_bytes(b"".join(d for _, d in pending), pending[0][0]))
            pending.clear()

    for m in _ENCODED_WORD.finditer(text):
        gap = text[position : m.start()]
        if gap.strip() or not pending:
            flush()
            out.append(gap)
        charset, _, kind, payload = m.groups()
        try:
            if kind in "Bb":
                data = base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
            else:
                data = binascii.a2b_qp(payload.encode("ascii"), header=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            if strict:
                raise Unreadable("malformed", Message("mail.refused.malformed-header", header=header)) from None
            flush()
            out.append(m.group(0))
            position = m.end()
            continue
        if pending and pending[0][0].lower() != charset.lower():
            flush()
        pending.append((charset, data))
        position = m.end()
    flush()
    out.append(text[position:])
    return "".join(out)


def _unstructured(value: bytes, header: str, strict: bool = True) -> str:
    """Decode a free-text header (Subject, a file name): raw 8-bit bytes as the sender's client meant them."""
    text = value.decode("ascii") if value.isascii() else decode_bytes(value, None)
    return _clean(encoded_words(text, header, strict))


def _address_list(value: bytes, header: str, strict: bool = True) -> list[tuple[str, str]]:
    """Return (display name, lower-case address) pairs, parsing before decoding so a name cannot add an address."""
    if value.isascii():
        text = value.decode("ascii")
    else:
        try:
            text = value.decode("utf-8")  # RFC 6532 allows UTF-8, nothing else
        except UnicodeDecodeError:
            if strict:
                raise Unreadable("malformed", Message("mail.refused.malformed-header", header=header)) from None
            text = value.decode("utf-8", "replace")
    pairs = []
    for name, address in getaddresses([text]):
        if not address and not name:
            continue
        pairs.append((_clean(encoded_words(name, header, strict)), address.strip().lower()))
    return pairs


def header_text(value) -> str:
    """Decode a header value (str or bytes) leniently: what cannot be decoded is kept as written."""
    if value is None:
        return ""
    raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogateescape")
    return _unstructured(raw, "", strict=False)


def _ids(value: str) -> list[str]:
    return _ID_RE.findall(value)


def _date(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def authentication_results(value: str) -> list[AuthResult]:
    """Parse one ``Authentication-Results`` header into its methods' verdicts."""
    text = value
    for _ in range(5):  # comments may nest: (a (b) c)
        text = re.sub(r"\([^()]*\)", " ", text)
    pieces = [p.strip() for p in text.split(";")]
    authserv = pieces[0].split()[0].lower() if pieces and pieces[0].split() else ""
    found = []
    for piece in pieces[1:]:
        m = re.match(r"([A-Za-z0-9_-]+)(?:/\d+)?\s*=\s*([A-Za-z]+)(.*)$", piece, re.DOTALL)
        if not m:
            continue
        props = {f"{k.lower()}.{p.lower()}": v.strip('"').lower()
                 for k, p, v in re.findall(r'([A-Za-z0-9_-]+)\.([A-Za-z0-9_.-]+)\s*=\s*("[^"]*"|[^\s;]+)', m.group(3))}
        found.append(AuthResult(authserv, m.group(1).lower(), m.group(2).lower(), props))
    return found


def _raw_header(part: email.message.Message, name: str) -> str | None:
    """Return a part's header as text, raw 8-bit bytes decoded as Japanese clients write them."""
    for key, value in part.raw_items():
        if key.lower() == name:
            if isinstance(value, str):
                value = value.encode("ascii", "surrogateescape") if not value.isascii() else value.encode("ascii")
            else:
                value = str(value).encode("utf-8", "surrogateescape")
            return value.decode("ascii") if value.isascii() else decode_bytes(value, None)
    return None


def _params(value: str | None) -> email.message.Message:
    """A throwaway message holding one header, to use the standard library's parameter parsing."""
    holder = email.message.Message()
    if value is not None:
        holder["Content-Type"] = value
    return holder


def _media_type(part: email.message.Message) -> str:
    value = _raw_header(part, "content-type")
    if not value:
        return part.get_default_type()
    media = value.split(";", 1)[0].strip().lower()
    return media if media.count("/") == 1 else "text/plain"


def _charset(part: email.message.Message) -> str | None:
    charset = _params(_raw_header(part, "content-type")).get_param("charset")
    if isinstance(charset, tuple):
        charset = collapse_rfc2231_value(charset)
    return str(charset) if charset else None


def _filename(part: email.message.Message) -> str:
    """Return a part's file name, decoding RFC 2231, encoded words and raw 8-bit names."""
    raw = _params(_raw_header(part, "content-disposition")).get_param("filename")
    if raw is None:
        raw = _params(_raw_header(part, "content-type")).get_param("name")
    if raw is None:
        return ""
    if isinstance(raw, tuple):  # RFC 2231: (charset, language, bytes-as-latin1 text)
        charset, _, value = raw
        name = decode_bytes(value.encode("latin-1", "surrogateescape"), charset or "utf-8")
        return _clean(name)
    return _clean(encoded_words(collapse_rfc2231_value(raw), "Content-Disposition"))


def _safe_name(name: str, number: int) -> str:
    """A file name fit to store: NFC, no separators, and short (a 300-character extension is no extension)."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1].strip(" .")
    stem, dot, ext = name.rpartition(".")
    if dot and (len(ext) > 10 or not ext.isalnum()):
        stem, dot, ext = name, "", ""
    if not dot:
        stem = name
    stem = stem[:80].strip(" .")
    if not stem:
        stem = f"attachment{number}"
    if stem.split(".", 1)[0].upper() in _RESERVED:
        stem = "_" + stem  # CON, NUL, COM1 ... cannot be opened on Windows
    return f"{stem}.{ext}" if dot else stem


def _payload(part: email.message.Message, media: str) -> bytes:
    if media.startswith("message/") and part.is_multipart():
        inner = part.get_payload()
        return inner[0].as_bytes() if inner else b""  # a forwarded mail is kept whole, as .eml
    return part.get_payload(decode=True) or b""


def _walk(msg: email.message.Message) -> Iterator[email.message.Message]:
    """Yield the leaf parts, depth first, without recursion."""
    stack = [msg]
    while stack:
        part = stack.pop()
        if part.is_multipart() and not _media_type(part).startswith("message/"):
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend(reversed(children))
            continue
        yield part


def _body(msg: email.message.Message, limits: Limits) -> tuple[str, str, list[Attachment]]:
    text = html = ""
    attachments: list[Attachment] = []
    total = 0
    for part in _walk(msg):
        disposition = (_raw_header(part, "content-disposition") or "").split(";", 1)[0].strip().lower()
        name = _filename(part)
        media = _media_type(part)
        if disposition == "attachment" or (name and media not in ("text/plain", "text/html")) or media == "message/rfc822":
            if len(attachments) >= limits.max_attachments:
                raise Unreadable("too-many-attachments", Message("mail.refused.too-many-attachments", limit=limits.max_attachments))
            data = _payload(part, media)
            total += len(data)
            if total > limits.max_total_bytes:
                raise Unreadable("too-large", Message("mail.refused.too-large", limit=size_text(limits.max_total_bytes)))
            attachments.append(Attachment(_safe_name(name, len(attachments) + 1), data, media))
        elif media == "text/plain" and not text:
            text = _text(part)
        elif media == "text/html" and not html:
            html = _text(part)
    return text, html, attachments


def _text(part: email.message.Message) -> str:
    data = part.get_payload(decode=True) or b""
    return decode_bytes(data, _charset(part)).replace("\r\n", "\n").replace("\r", "\n")


def size_text(n: int) -> str:
    """A size as people read it: 512 B, 2.0 KB, 10.0 MB."""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"


def read(raw: bytes, limits: Limits = Limits()) -> Mail:
    """Read a raw mail into a ``Mail``, or raise ``Unreadable`` saying why it cannot be taken in."""
    if len(raw) > limits.max_raw_bytes:
        raise Unreadable("too-large", Message("mail.refused.too-large", limit=size_text(limits.max_total_bytes)))
    # The standard parser recurses once per nested part: count the containers before parsing.
    if len(_CONTAINER.findall(raw)) > limits.max_containers:
        raise Unreadable("too-complex", Message("mail.refused.too-complex", limit=limits.max_containers))
    headers = _headers(raw)

    def values(name: str) -> list[bytes]:
        return [v for k, v in headers if k == name]

    def one(name: str) -> bytes:
        found = values(name)
        return found[0] if found else b""

    froms = values("from")
    if len(froms) > 1:
        raise Unreadable("malformed", Message("mail.refused.two-senders"))
    senders = _address_list(one("from"), "From")
    if len(senders) > 1:
        raise Unreadable("malformed", Message("mail.refused.two-senders"))
    sender_name, sender = senders[0] if senders else ("", "")
    envelope = [a for h in ("sender", "return-path") for v in values(h) for _, a in _address_list(v, h.title())]
    null_return = any(v.strip() in (b"<>", b"") for v in values("return-path"))
    recipients = [a for h in _RECIPIENT_HEADERS for v in values(h) for _, a in _address_list(v, h.title()) if a]
    subject = _unstructured(one("subject"), "Subject")
    plain = {name: _clean(one(name).decode("ascii", "replace")) for name in ("message-id", "in-reply-to", "references", "date",
                                                                            "auto-submitted", "precedence")}
    found = _ids(plain["message-id"])
    message_id = found[0] if found else f"sha256-{hashlib.sha256(raw).hexdigest()[:32]}@tsuzuri.invalid"
    auto = (plain["auto-submitted"] or "no").lower()
    automatic = auto != "no" or plain["precedence"].lower() in ("bulk", "junk", "auto_reply", "list") or null_return
    results = [r for v in values("authentication-results") for r in authentication_results(v.decode("ascii", "replace"))]
    try:
        msg = email.message_from_bytes(raw)
        text, html, attachments = _body(msg, limits)
    except RecursionError:
        raise Unreadable("too-complex", Message("mail.refused.too-complex", limit=limits.max_containers)) from None
    if not text.strip() and html:
        text = to_markdown(html)
    return Mail(
        raw=raw, message_id=message_id, sender=sender, sender_name=sender_name, envelope=tuple(envelope),
        recipients=tuple(recipients), references=tuple(_ids(plain["in-reply-to"]) + _ids(plain["references"])),
        subject=subject, date=_date(plain["date"]), automatic=automatic, text=_CONTROL_BODY.sub("", text),
        attachments=tuple(attachments), authentication=tuple(results), removed=_controls_in(text),
    )


_CONTROL_BODY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _controls_in(text: str) -> str:
    """Name the control characters the text loses ("U+0007, U+001B"); empty when it has none."""
    return ", ".join(f"U+{ord(ch):04X}" for ch in sorted(set(_CONTROL_BODY.findall(text))))


def peek(raw: bytes) -> dict:
    """Best-effort facts about a mail that could not be read (for its quarantine entry); never raises."""
    facts = {"from": "", "subject": "", "message_id": ""}
    try:
        headers = _headers(raw)
        get = {k: v for k, v in reversed(headers)}
        pairs = _address_list(get.get("from", b""), "From", strict=False)
        facts["from"] = pairs[0][1] if pairs else ""
        facts["subject"] = _unstructured(get.get("subject", b""), "Subject", strict=False)[:200]
        found = _ids(get.get("message-id", b"").decode("ascii", "replace"))
        facts["message_id"] = found[0] if found else ""
    except Exception:  # noqa: BLE001 - facts are a courtesy; the mail is kept whatever happens here
        pass
    return facts
