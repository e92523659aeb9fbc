"""Read the ``mail:`` map of tsuzuri.yml and the secrets from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from tsuzuri.model import Config

DEFAULT_MAX_ATTACHMENT = 10 * 1024 * 1024
DEFAULT_QUARANTINE = ".tsuzuri/quarantine"


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
    max_attachment: int = DEFAULT_MAX_ATTACHMENT
    quarantine: str = DEFAULT_QUARANTINE
    digest_days: int = 3


def _bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


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
        smtp_port=int(mail.get("smtp_port", default_port)),
        starttls=starttls,
        ssl=ssl,
        ca_file=str(mail.get("ca_file", "")),
        # Secrets never live in tsuzuri.yml: the file is in Git for everyone to read.
        smtp_user=env.get("TSUZURI_SMTP_USER", ""),
        smtp_password=env.get("TSUZURI_SMTP_PASSWORD", ""),
        imap_host=str(mail.get("imap_host", "")),
        imap_port=int(mail.get("imap_port", 993 if imap_ssl else 143)),
        imap_ssl=imap_ssl,
        imap_user=env.get("TSUZURI_IMAP_USER", "") or str(mail.get("imap_user", "")),
        imap_password=env.get("TSUZURI_IMAP_PASSWORD", ""),
        imap_mailbox=str(mail.get("imap_mailbox", "INBOX")),
        max_attachment=int(mail.get("max_attachment_bytes", DEFAULT_MAX_ATTACHMENT)),
        quarantine=str(mail.get("quarantine", DEFAULT_QUARANTINE)),
        digest_days=int(mail.get("digest_days", 3)),
    )
