"""The Message-ID scheme that threads every mail about one issue, and finding the issue again."""

from __future__ import annotations

import hashlib
import re

from tsuzuri import layout
from tsuzuri.model import KEY_IN_TEXT_RE, KEY_RE

_ID_RE = re.compile(r"<([^<>\s]+)>")


def root_id(key: str, domain: str) -> str:
    """Return the issue's thread root, ``<MIRA-12@domain>``, the same for every mail about it."""
    return f"<{key}@{domain}>"


def message_id(key: str, domain: str, *parts: str) -> str:
    """Return a unique but reproducible Message-ID for one notification about ``key``."""
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"<{key}.{digest}@{domain}>"


def ids_in(header: str | None) -> list[str]:
    """Return the bare ids of a References / In-Reply-To header, in order."""
    return _ID_RE.findall(header or "")


def key_from_ids(ids: list[str], domain: str) -> str:
    """Return the issue key named by one of our own Message-IDs, or ''."""
    for raw in reversed(ids):  # the nearest parent first
        local, _, right = raw.rpartition("@")
        if right.lower() != domain.lower():
            continue
        key = local.split(".", 1)[0]
        if KEY_RE.match(key):
            return key
    return ""


def key_from_subject(subject: str) -> str:
    """Return the first issue key in a subject (``Re: [MIRA-12] ...``), or ''."""
    bracketed = layout.BRACKETED_KEY_RE.search(subject)
    if bracketed:
        return bracketed.group(1)
    m = KEY_IN_TEXT_RE.search(subject)
    return m.group(1) if m else ""


def plus_address(inbound: str, key: str, token: str = "") -> str:
    """Return the inbound address with the key (and its reply token) added: ``tracker+MIRA-12.9f2c…@example.go.jp``."""
    local, at, domain = inbound.partition("@")
    tag = f"{key}.{token}" if token else key
    return f"{local}+{tag}@{domain}" if at else inbound


def key_from_recipients(recipients: list[str], inbound: str) -> tuple[str, str]:
    """Return (key, token) plus-addressed onto the inbound address among ``recipients``, or ('', '')."""
    local, _, domain = inbound.lower().partition("@")
    if not local:
        return "", ""
    for address in recipients:
        a_local, _, a_domain = address.lower().partition("@")
        if a_domain != domain or "+" not in a_local:
            continue
        base, _, tag = a_local.partition("+")
        key, _, token = tag.partition(".")
        if base == local and KEY_RE.match(key.upper()):
            return key.upper(), token
    return "", ""
