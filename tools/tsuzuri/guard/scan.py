"""Scan text and files for confidential data, as the office's rules in tsuzuri.yml say."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tsuzuri.guard import detectors, extract
from tsuzuri.guard.secrets import fold, secrets, worth_scanning
from tsuzuri.model import Config

RULES = ("mynumber", "card", "phone", "address", "email", "secret", "marker")
"""Every rule of the guard, in the order findings are reported."""

ALLOW_INLINE = "tsuzuri:allow"
"""Written on a line (in an HTML or YAML comment), it allows that line's findings, or those of the rules named after it."""

_ALLOW_RE = re.compile(re.escape(ALLOW_INLINE) + r"((?:[ \t,]+(?:" + "|".join(RULES) + r"))*)")

# A few cheap searches decide whether a text, then a line, needs the detectors at all: ten
# or more digits (phones, individual and card numbers), an @, a postcode or block number, a
# password word, or what could be a secret (``secrets.worth_scanning``). Separate simple patterns
# are several times faster than one alternation (a tracker is mostly text with none of these).
_QUICK = (
    re.compile(r"\d(?:[ \-()]{0,2}\d){9,}"),
    re.compile(r"[@〒]|パスワード|暗証番号|パスコード|pass|pwd"),
    re.compile(r"[市区町村郡][^\s、。]{0,16}?[\d一二三四五六七八九十]+(?:丁目|番|号|[-ー−‐])"),
)


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing the guard found: where, by which rule, shown masked, and its fingerprint."""

    rule: str
    line: int
    col: int
    shown: str  # masked, so a CI log never repeats what it warns about
    fingerprint: str  # "rule:hex"; listed under guard.allow in tsuzuri.yml, it allows the finding
    where: str = ""  # inside a file that has no lines of its own: "Sheet1!B3", "p.2"


class Guard:
    """The office's rules, ready to scan: which rules apply, who the members are, what is allowed."""

    def __init__(self, config: Config):
        settings = config.guard
        self.rules = tuple(
            r for r in RULES if not (r == "phone" and not settings.phone) and not (r == "address" and not settings.postal_address)
        )
        self.allowed = frozenset(settings.allow)
        known = {a.strip().lower() for m in config.members for a in (m.email, *m.aliases) if "@" in a}
        known |= {p.inquiry_address.strip().lower() for p in config.projects if p.inquiry_address}
        mail = dict(config.mail or {})
        known |= {str(mail.get(k, "")).strip().lower() for k in ("from", "inbound_address") if "@" in str(mail.get(k, ""))}
        self.known_addresses = frozenset(known)
        self.known_patterns = tuple(_address_pattern(a) for a in settings.addresses)
        self.markers = detectors.marker_pattern(settings.markers)

    def signature(self) -> tuple:
        """Return what decides the guard's hits in a text: two guards of equal signatures find the same."""
        patterns = (*self.known_patterns, self.markers) if self.markers is not None else self.known_patterns
        return (self.rules, self.allowed, self.known_addresses, self.markers is not None, tuple((p.pattern, p.flags) for p in patterns))

    def text(self, text: str, first_line: int = 1, inline_allow: bool = True, skip_keys: tuple[str, ...] = ()) -> list[Hit]:
        """Return what the rules find in ``text``, whose first line is line ``first_line`` of its file.

        ``inline_allow`` honours ``tsuzuri:allow`` on a line (not for mail: a sender could write it);
        lines starting with one of ``skip_keys`` (YAML keys such as ``message_id:``) are not read.
        """
        return list(self.lines(((first_line + n, "", line) for n, line in enumerate(text.split("\n"))), inline_allow, skip_keys, text))

    def lines(self, lines: Iterable[tuple[int, str, str]], inline_allow: bool = True, skip_keys: tuple[str, ...] = (),
              whole: str | None = None, quick: bool = True) -> Iterator[Hit]:
        """Scan (line number, where, text) entries.

        ``whole``, when given, lets a text with nothing that could be a finding be skipped at once;
        ``quick=False`` runs every detector on every line (the tests compare both ways).
        """
        if quick and whole is not None and not self._candidate(whole):
            return
        for number, where, raw in lines:
            if skip_keys and raw.lstrip().startswith(skip_keys):
                continue
            if quick and not self._candidate(raw):
                continue
            allowed_here = _inline_allowed(raw) if inline_allow else None
            for rule, col, value in self._line_hits(raw):
                if allowed_here is not None and (not allowed_here or rule in allowed_here):
                    continue
                hit = Hit(rule, number, col + 1, _mask(rule, value), fingerprint(rule, value), where)
                if hit.fingerprint not in self.allowed:
                    yield hit

    def may_find(self, *texts: str) -> bool:
        """Tell whether any rule could find anything in ``texts``; False means ``text`` finds nothing in any of them.

        The texts are looked at together, once: joined by line breaks, which no quick look reads
        across, so whatever it sees in one text it sees in the joined one.
        """
        return self._candidate("\n".join(texts))

    def _candidate(self, text: str) -> bool:
        folded = fold(unicodedata.normalize("NFKC", text))
        return any(p.search(folded) for p in _QUICK) or worth_scanning(folded) or bool(self.markers and self.markers.search(text))

    def _line_hits(self, raw: str) -> Iterator[detectors.Hit]:
        line = unicodedata.normalize("NFKC", raw)
        seen: set[tuple[str, str]] = set()
        found: list[detectors.Hit] = []
        if "mynumber" in self.rules:
            found += detectors.mynumbers(line)
        if "card" in self.rules:
            found += detectors.cards(line)
        if "phone" in self.rules:
            found += detectors.phones(line)
        if "address" in self.rules:
            found += detectors.addresses(line)
        if "email" in self.rules:
            found += ((r, c, v) for r, c, v in detectors.emails(line) if not self._known(v))
        found += detectors.passwords(line)
        found += secrets(line)
        if self.markers is not None:
            # The line itself is the marker's value: a reviewed marked line is allowed, not the word everywhere.
            found += (("marker", m.start(), f"{m.group()}\0{raw.strip()}") for m in self.markers.finditer(raw))
        for rule, col, value in sorted(found, key=lambda h: (RULES.index(h[0]), h[1])):
            # Two detectors may see one secret ("password = ..." is also detect-secrets' keyword rule).
            once = (rule, value.rpartition("\0")[2] if rule == "secret" else value)
            if once not in seen:
                seen.add(once)
                yield rule, col, value

    def _known(self, address: str) -> bool:
        return address in self.known_addresses or any(p.fullmatch(address) for p in self.known_patterns)


def fingerprint(rule: str, value: str) -> str:
    """Return the stable fingerprint of a finding: its rule and a digest of what matched."""
    digest = hashlib.sha256((rule + "\0" + value).encode()).hexdigest()
    return f"{rule}:{digest[:12]}"


def _inline_allowed(raw: str) -> frozenset[str] | None:
    """Return the rules a line's ``tsuzuri:allow`` allows (empty: all), or None without one."""
    m = _ALLOW_RE.search(raw)
    if m is None:
        return None
    return frozenset(re.findall(r"[a-z]+", m.group(1)))


def _address_pattern(entry: str) -> re.Pattern:
    entry = entry.strip().lower()
    if entry.startswith("@"):
        entry = "*" + entry
    return re.compile(".*".join(re.escape(part) for part in entry.split("*")))


def _mask(rule: str, value: str) -> str:
    if rule in ("mynumber", "card"):
        return "*" * (len(value) - 4) + value[-4:]
    if rule == "phone":
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if rule == "address":
        return value[:6] + "…" if len(value) > 6 else value[:3] + "…"
    if rule == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if rule == "secret":
        return value.partition("\0")[0]
    if rule == "marker":
        return value.partition("\0")[0]
    return "…"


def scan_file(guard: Guard, name: str, data: bytes) -> list[Hit]:
    """Return what the guard finds in an attachment's text; raise ``Unreadable`` when it cannot read it.

    Inline ``tsuzuri:allow`` markers are not honoured in attachments: nobody reviews them in a diff.
    """
    return list(guard.lines(extract.lines_of(name, data), inline_allow=False))
