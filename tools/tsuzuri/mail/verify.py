"""Whether a mail really comes from the member its From header names.

A From header is easy to forge, so ingest trusts a sender only on evidence:

- the reply address carries the issue's token, ``tracker+MIRA-12.<token>@``, an HMAC of the key
  under ``TSUZURI_MAIL_SECRET`` that only the tracker's notifications hand out; or
- an ``Authentication-Results`` header written by the office's own receiving server (its
  authserv-id is ``mail.authserv_id``) shows DMARC pass, or DKIM or SPF pass for the From domain.

Any SPF, DKIM or DMARC failure, from whichever server reported it, refuses the mail. A Sender or
Return-Path that is not the From member's own address leaves the mail unverified whatever else
it shows: somebody else sent it in the member's name.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from tsuzuri.mail.decode import AuthResult, Mail
from tsuzuri.model import Member

TOKEN_LENGTH = 20  # hex digits: 80 bits, short enough for an address, far too many to guess
_CHECKED = ("spf", "dkim", "dmarc")


def reply_token(secret: str, key: str) -> str:
    """Return the token that proves a reply came back through a notification about ``key``."""
    digest = hmac.new(secret.encode("utf-8"), f"tsuzuri-reply:{key.upper()}".encode(), hashlib.sha256).hexdigest()
    return digest[:TOKEN_LENGTH]


def token_ok(secret: str, key: str, token: str) -> bool:
    """Return True when ``token`` is ``key``'s reply token under ``secret``."""
    return bool(secret and token) and hmac.compare_digest(reply_token(secret, key), token.lower())


@dataclass(frozen=True)
class Verdict:
    """What the evidence says about a mail's sender."""

    verified: bool
    how: str  # token | authentication | '' (unverified)
    failure: AuthResult | None = None  # an SPF/DKIM/DMARC failure: the mail is refused
    foreign_envelope: str = ""  # a Sender/Return-Path address that is not the member's


def failure(mail: Mail) -> AuthResult | None:
    """Return the first SPF, DKIM or DMARC failure reported in the mail's headers, if any."""
    return next((r for r in mail.authentication if r.method in _CHECKED and r.result in ("fail", "permerror")), None)


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower().strip(".")


def _aligned(domain: str, sender_domain: str) -> bool:
    """Relaxed alignment (RFC 7489): the same organizational domain, approximated as one a suffix of the other."""
    domain = domain.lower().strip(".")
    return bool(domain) and (domain == sender_domain or sender_domain.endswith("." + domain) or domain.endswith("." + sender_domain))


def authenticated(mail: Mail, authserv_id: str) -> bool:
    """Return True when the office's own server vouches for the From domain."""
    if not authserv_id or not mail.sender:
        return False
    ours = [r for r in mail.authentication if r.authserv_id == authserv_id.lower()]
    sender_domain = _domain(mail.sender)
    for r in ours:
        if r.result != "pass":
            continue
        if r.method == "dmarc" and _aligned(r.properties.get("header.from", sender_domain), sender_domain):
            return True
        if r.method == "dkim" and _aligned(
            r.properties.get("header.d", "") or r.properties.get("header.i", "").rpartition("@")[2], sender_domain
        ):
            return True
        if r.method == "spf" and _aligned(_domain(r.properties.get("smtp.mailfrom", "")), sender_domain):
            return True
    return False


def verdict(mail: Mail, member: Member, token_valid: bool, authserv_id: str) -> Verdict:
    """Weigh the evidence for ``member`` having sent ``mail``."""
    bad = failure(mail)
    if bad is not None:
        return Verdict(False, "", failure=bad)
    own = {a.lower() for a in (member.email, *member.aliases) if "@" in a}
    foreign = next((a for a in mail.envelope if a and a not in own), "")
    if foreign:
        return Verdict(False, "", foreign_envelope=foreign)
    if token_valid:
        return Verdict(True, "token")
    if authenticated(mail, authserv_id):
        return Verdict(True, "authentication")
    return Verdict(False, "")
