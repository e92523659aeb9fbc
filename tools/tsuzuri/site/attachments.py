"""Where an issue's attachments are published, so that none is ever active content on the site.

The site is served from the office's internal origin: an HTML, SVG or XML file published
there as it is would run its script as that origin for every visitor who opens it. Only a
short list of inert types is published under its own name; every other file gets a neutral
name ending in ``.bin`` (which servers send as ``application/octet-stream``, so browsers
save it), and the link carries the original name in its ``download`` attribute.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from tsuzuri.layout import ATTACHMENT_LINK_RE
from tsuzuri.model import Attachment, Issue

INERT = frozenset({"png", "jpg", "jpeg", "gif", "webp", "pdf", "txt", "csv", "xlsx", "xls", "docx", "doc", "pptx", "ppt", "zip"})
"""Extensions (lower case) a browser shows or saves but never runs: published as they are."""

NEUTRAL = ".bin"
FOLDER = "files"

# Characters no published name keeps: path and URL syntax, those Windows refuses, and
# controls and format characters (a right-to-left override makes "gpj.exe" read "exe.jpg").
_REPLACED = set('/\\:*?"<>|#%')
_MAX_BYTES = 200  # file systems allow 255 bytes a name; leave room for "-2" and the extension


@dataclass(frozen=True, slots=True)
class Published:
    """One attachment as the site publishes it."""

    attachment: Attachment
    path: str  # the site path, e.g. "files/HOJO-2/evil_html.bin"
    name: str  # the name shown and saved: the original, without controls
    download: bool  # True when opening the link must save the file rather than show it

    @property
    def href(self) -> str:
        """Return the site path percent-encoded, for a link."""
        return quote(self.path)


def display_name(name: str) -> str:
    """Return an attachment's name without control and format characters (RTLO and the like)."""
    name = unicodedata.normalize("NFC", name)
    return "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf")).strip() or "attachment"


def is_inert(name: str) -> bool:
    """Tell whether a file of this name is published as it is (an inert type)."""
    stem, dot, ext = name.rpartition(".")
    return bool(dot and stem) and ext.lower() in INERT


def published(issue: Issue) -> list[Published]:
    """Return where each of an issue's attachments is published, in name order.

    Names are unique in the issue's folder whatever their case, so two attachments never
    become one file (a later one gets ``-2``, ``-3`` before its extension).
    """
    taken: set[str] = set()
    result = []
    for a in sorted(issue.attachments, key=lambda a: a.name):
        shown = display_name(a.name)
        candidate, inert = publish_name(shown, taken)
        result.append(Published(a, f"{FOLDER}/{issue.key}/{candidate}", shown, download=not inert or candidate != shown))
    return result


def publish_name(shown: str, taken: set[str]) -> tuple[str, bool]:
    """Return the name a file called ``shown`` is published under in a folder where ``taken`` are used, and whether it is inert.

    ``taken`` holds the lower-case names already used; the chosen one is added to it.
    """
    safe = safe_part(shown)
    inert = is_inert(safe)
    if inert:
        stem, _, ext = safe.rpartition(".")
        ext = "." + ext
    else:
        # Every dot goes: some servers (Apache's mod_mime) take any extension in a name.
        stem, ext = safe.replace(".", "_"), NEUTRAL
    while len((stem + ext).encode("utf-8")) > _MAX_BYTES:
        stem = stem[:-1]
    candidate, n = stem + ext, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}{ext}"
    taken.add(candidate.lower())
    return candidate, inert


def safe_part(name: str) -> str:
    """Return one part of a published path: no path or URL syntax, no character Windows refuses, not too long."""
    safe = "".join("_" if ch in _REPLACED else ch for ch in name)
    while len(safe.encode("utf-8")) > _MAX_BYTES:
        safe = safe[:-1]
    return safe

def by_name(issue: Issue) -> dict[str, Published]:
    """Return an issue's published attachments by the name they have in its files/ folder (NFC)."""
    return {unicodedata.normalize("NFC", p.attachment.name): p for p in published(issue)}


def link_target(url: str, own_key: str | None, find: Callable[[str], dict[str, Published] | None]) -> str | None:
    """Return the site path (percent-encoded) an attachment link written in text leads to, or None if it names none.

    ``own_key`` is the issue whose text it is (``files/a.png`` and ``../files/a.png`` are its own);
    ``find(key)`` gives an issue's attachments by name (None for no such issue). A fragment stays.
    """
    path, hash_, fragment = url.strip().partition("#")
    path = path.partition("?")[0]
    m = ATTACHMENT_LINK_RE.match(unquote(path))
    if m is None:
        return None
    key = m.group("key") or own_key
    if not key:
        return None
    files = find(key)
    found = files.get(unicodedata.normalize("NFC", m.group("name"))) if files else None
    return found.href + hash_ + fragment if found else None
