"""Read the ``mail:`` map of tsuzuri.yml and the secrets from the environment."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from tsuzuri.errors import TsuzuriError
from tsuzuri.mail.decode import Limits
from tsuzuri.messages import Message
from tsuzuri.model import Config

DEFAULT_MAX_ATTACHMENT = 10 * 1024 * 1024
DEFAULT_QUARANTINE = ".tsuzuri/quarantine"
DEFAULT_MAX_ATTACHMENTS = 20
DEFAULT_MAX_ATTACHMENTS_BYTES = 25 * 1024 * 1024


class SettingsProblem(TsuzuriError):
    """A value under ``mail:`` in tsuzuri.yml cannot be used; the message names it."""


@dataclass(frozen=True)
class MailSettings:
    """Everything the bridge needs to know about addresses and servers."""

    sender: str = ""  # From: of notifications
    inbound_address: str = ""  # where replies go; plus-addressed with the issue key
    domain: str = "tsuzuri.invalid"  # right-hand side of our Message-IDs
    smtp_host: str = ""
    smtp_port: int = 25
    starttls: bool = False
    ssl: bool = False
    ca_file: str = ""  # extra CA bundle for servers with an in-house certificate
    smtp_user: str = ""
    smtp_password: str = ""
    imap_host: str = ""
    imap_port: int = 993
    imap_ssl: bool = True
    imap_user: str = ""
    imap_password: str = ""
    imap_mailbox: str = "INBOX"
    imap_starttls: bool = False
    max_attachment: int = DEFAULT_MAX_ATTACHMENT
    max_attachments: int = DEFAULT_MAX_ATTACHMENTS  # per mail; more and the mail is quarantined
    max_attachments_bytes: int = DEFAULT_MAX_ATTACHMENTS_BYTES  # all attachments of one mail together
    quarantine: str = DEFAULT_QUARANTINE
    digest_days: int = 3
    secret: str = ""  # TSUZURI_MAIL_SECRET: signs the reply addresses of notifications
    authserv_id: str = ""  # the office's receiving server, as it names itself in Authentication-Results
    require_verified: bool = False  # quarantine a member's mail that nothing verifies

    @property
    def limits(self) -> Limits:
        """The per-mail limits ``decode.read`` applies."""
        return Limits(max_attachments=self.max_attachments, max_total_bytes=self.max_attachments_bytes)


def loopback(host: str) -> bool:
    """Tell whether ``host`` is this machine (127.0.0.0/8, ::1 or localhost), where TLS protects nothing."""
    host = host.strip().strip("[]").lower()
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name is not resolved: DNS could say anything


def _bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _int(mail: dict, name: str, default: int) -> int:
    value = mail.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise SettingsProblem(Message("mail.bad-setting", name=name, value=value))
    return int(value)


def _domain(mail: dict, config: Config) -> str:
    if mail.get("domain"):
        return str(mail["domain"])
    for address in (mail.get("from", ""), mail.get("inbound_address", "")):
        if "@" in str(address):
            return str(address).rsplit("@", 1)[1].strip(">").strip()
    host = urlsplit(config.site_url).hostname
    return host or "tsuzuri.invalid"


def settings(config: Config, env: dict | None = None) -> MailSettings:
    """Build the mail settings from the tracker's config and environment variables."""
    env = os.environ if env is None else env
    mail = dict(config.mail or {})
    starttls = _bool(mail.get("starttls", False))
    ssl = _bool(mail.get("ssl", False))
    default_port = 465 if ssl else 587 if starttls else 25
    imap_ssl = _bool(mail.get("imap_ssl", True))
    return MailSettings(
        sender=str(mail.get("from", "")),
        inbound_address=str(mail.get("inbound_address", "")),
        domain=_domain(mail, config),
        smtp_host=str(mail.get("smtp_host", "")),
        smtp_port=_int(mail, "smtp_port", default_port),
        starttls=starttls,
        ssl=ssl,
        ca_file=str(mail.get("ca_file", "")),
        # Secrets never live in tsuzuri.yml: the file is in Git for everyone to read.
        smtp_user=env.get("TSUZURI_SMTP_USER", ""),
        smtp_password=env.get("TSUZURI_SMTP_PASSWORD", ""),
        imap_host=str(mail.get("imap_host", "")),
        imap_port=_int(mail, "imap_port", 993 if imap_ssl else 143),
        imap_starttls=_bool(mail.get("imap_starttls", False)),
        imap_ssl=imap_ssl,
        imap_user=env.get("TSUZURI_IMAP_USER", "") or str(mail.get("imap_user", "")),
        imap_password=env.get("TSUZURI_IMAP_PASSWORD", ""),
        imap_mailbox=str(mail.get("imap_mailbox", "INBOX")),
        max_attachment=_int(mail, "max_attachment_bytes", DEFAULT_MAX_ATTACHMENT),
        max_attachments=_int(mail, "max_attachments", DEFAULT_MAX_ATTACHMENTS),
        max_attachments_bytes=_int(mail, "max_attachments_bytes", DEFAULT_MAX_ATTACHMENTS_BYTES),
        quarantine=str(mail.get("quarantine", DEFAULT_QUARANTINE)),
        digest_days=_int(mail, "digest_days", 3),
        secret=env.get("TSUZURI_MAIL_SECRET", ""),
        authserv_id=str(mail.get("authserv_id", "")).strip().lower(),
        require_verified=_bool(mail.get("require_verified", False)),
    )
