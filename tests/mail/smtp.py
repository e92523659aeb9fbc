"""A real SMTP server on loopback (aiosmtpd) for the mail tests: one that keeps what it receives, one that delivers to a Maildir."""

from __future__ import annotations

import mailbox
import smtplib
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller


class Inbox:
    """An SMTP handler that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


class MaildirDelivery:
    """An SMTP handler that delivers each mail's bytes, exactly as received, into a Maildir (as an MTA would)."""

    def __init__(self, folder: Path) -> None:
        self.box = mailbox.Maildir(folder, create=True)

    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content or envelope.content)
        return "250 OK"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@contextmanager
def server(handler, host: str = "127.0.0.1", **options) -> Iterator[int]:
    """Run an SMTP server with ``handler`` on ``host``; yield its port."""
    port = free_port(host)
    controller = Controller(handler, hostname=host, port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def deliver(port: int, raw: bytes, sender: str = "relay@example.net", to: str = "tracker@example.go.jp") -> None:
    """Hand one raw mail to the server on ``port``, as the last relay before the mailbox would."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.sendmail(sender, [to], raw)
