"""Deliver notification mail over SMTP, or write it as .eml files for a dry run."""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.mail.settings import MailSettings, loopback
from tsuzuri.messages import Message


class SendError(TsuzuriError):
    """The SMTP server could not be reached or refused the mail."""


def envelope_recipients(msg: EmailMessage) -> list[str]:
    """Return the bare addresses of To and Cc."""
    return [a for _, a in getaddresses([str(v) for h in ("To", "Cc") for v in msg.get_all(h, [])]) if a]


def tls_context(settings: MailSettings) -> ssl.SSLContext:
    """Return a verifying TLS context, trusting ``mail.ca_file`` as well when it is set."""
    return ssl.create_default_context(cafile=settings.ca_file or None)


def send(messages: list[EmailMessage], settings: MailSettings, timeout: float = 30) -> int:
    """Send every message over one SMTP connection (STARTTLS and login when configured)."""
    if not messages:
        return 0
    if not settings.smtp_host:
        raise SendError(Message("mail.no-smtp"))
    if settings.smtp_user and not (settings.ssl or settings.starttls) and not loopback(settings.smtp_host):
        # Checked before connecting: the password never travels in clear text beyond this machine.
        raise SendError(Message("mail.tls-required", user=settings.smtp_user, host=settings.smtp_host))
    try:
        if settings.ssl:
            server = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=timeout, context=tls_context(settings))
        else:
            server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
        with server:
            if settings.starttls and not settings.ssl:
                server.starttls(context=tls_context(settings))
            if settings.smtp_user:
                server.login(settings.smtp_user, settings.smtp_password)
            envelope_from = settings.sender or f"tsuzuri@{settings.domain}"
            for msg in messages:
                server.send_message(msg, from_addr=envelope_from, to_addrs=envelope_recipients(msg))
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(Message("mail.cannot-send", host=settings.smtp_host, port=settings.smtp_port, error=exc)) from exc
    return len(messages)


def write_eml(messages: list[EmailMessage], folder: Path) -> list[Path]:
    """Write each message as ``NNNN-<subject key>.eml`` in ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, msg in enumerate(messages, 1):
        tag = msg.get("X-Tsuzuri-Issue") or re.sub(r"[^A-Za-z0-9.-]+", "-", str(msg["Message-ID"]).strip("<>").split("@")[0])
        path = folder / f"{n:04d}-{tag}.eml"
        path.write_bytes(msg.as_bytes())
        paths.append(path)
    return paths
