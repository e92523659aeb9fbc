"""Credentials only over TLS, and notification headers built safely whatever a title holds."""

from __future__ import annotations

import email
import socket
from email import policy

import pytest
from aiosmtpd.smtp import AuthResult

from tsuzuri.adapters.cli.main import main
from tsuzuri.mail.settings import loopback

from .conftest import git, write
from .smtp import Inbox, server

COMMENT = "---\nauthor: tanaka\ndate: 2026-11-21T09:30:00+09:00\n---\n確認しました。\n"


class Watching(Inbox):
    """An inbox that also counts who said EHLO, so a test can tell that nobody connected."""

    def __init__(self) -> None:
        super().__init__()
        self.greetings = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.greetings += 1
        session.host_name = hostname
        return responses


def outside_address() -> str:
    """An address of this machine that is not loopback, or '' when it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = s.getsockname()[0]
    except OSError:
        return ""
    return "" if loopback(address) else address


def commit_a_comment(tracker):
    write(tracker, "issues/MIRA/MIRA-12/comments/20261121T093000-tanaka.md", COMMENT)
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Comment", author=("田中 一郎", "tanaka@vendor-a.example"))


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_auth_without_tls_is_refused_beyond_this_machine_before_connecting(tracker, monkeypatch, capsys):
    host = outside_address()
    if not host:
        pytest.skip("this machine has no address besides loopback")
    inbox = Watching()
    auth = {"authenticator": lambda *a: AuthResult(success=True), "auth_require_tls": False}
    with server(inbox, host=host, **auth) as port:
        config = tracker / "tsuzuri.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("smtp_host: 127.0.0.1", f"smtp_host: {host}") + f"  smtp_port: {port}\n",
            encoding="utf-8"
        )
        commit_a_comment(tracker)
        monkeypatch.setenv("TSUZURI_SMTP_USER", "notifier")
        monkeypatch.setenv("TSUZURI_SMTP_PASSWORD", "s3cret")
        assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker), "--lang", "en"]) == 1
        err = capsys.readouterr().err
        assert f"refusing to send the password for notifier to {host} unencrypted" in err
        assert "mail.starttls: true or mail.ssl: true" in err
        assert inbox.greetings == 0 and inbox.envelopes == []
        # Without credentials there is nothing to protect: the same server gets the mail.
        monkeypatch.delenv("TSUZURI_SMTP_USER")
        assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker)]) == 0
        assert len(inbox.envelopes) == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "127.10.0.1", "::1", "[::1]", "localhost", "LOCALHOST"])
def test_loopback_hosts_are_recognised(host):
    assert loopback(host)


@pytest.mark.parametrize("host", ["192.0.2.2", "localhost.example", "127.0.0.1.nip.io", "smtp.example.go.jp", "0.0.0.0", ""])
def test_other_hosts_are_not_loopback(host):
    assert not loopback(host)


def test_imap_login_without_tls_is_refused_beyond_this_machine(tracker, monkeypatch, capsys):
    monkeypatch.setenv("TSUZURI_IMAP_PASSWORD", "s3cret")
    args = [
        "mail", "ingest", "--root", str(tracker), "--imap", "--imap-host", "imap.example.go.jp", "--imap-user", "tracker", "--no-ssl",
        "--lang", "en"
    ]
    assert main(args) == 1
    assert "refusing to log in to imap.example.go.jp as tracker unencrypted" in capsys.readouterr().err


TITLES = [
    "申請フォーム\r\nBcc: everyone@example.net",
    "改行\nX-Injected: yes",
    "ベル\x07とエスケープ\x1b[31m赤\x1b[0m",
    "長い件名" * 300,
    "\u202eexe.pdf 右から左",
]


def test_every_notification_is_sent_whatever_the_titles_hold(tracker):
    inbox = Inbox()
    for n, title in enumerate(TITLES, 20):
        quoted = title.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n").replace(
            "\x07", "\\a"
        ).replace("\x1b", "\\e")
        write(tracker, f"issues/MIRA/MIRA-{n}.md",
              f'---\ntitle: "{quoted}"\ntype: task\nstatus: open\nassignee: yamada\nreporter: sato\n---\n本文\n')
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Hostile titles", author=("田中 一郎", "tanaka@vendor-a.example"))
    with server(inbox) as port:
        config = tracker / "tsuzuri.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"  smtp_port: {port}\n", encoding="utf-8")
        assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker)]) == 0
    assert len(inbox.envelopes) == len(TITLES)
    for envelope in inbox.envelopes:
        assert sorted(envelope.rcpt_tos) == ["sato@example.go.jp", "yamada@example.go.jp"]
        raw = envelope.content
        assert raw.isascii()
        head = raw.split(b"\r\n\r\n", 1)[0]
        names = [line.split(b":", 1)[0] for line in head.split(b"\r\n") if line[:1] not in (b" ", b"\t")]
        assert b"Bcc" not in names and b"X-Injected" not in names
        msg = email.message_from_bytes(raw, policy=policy.default)
        subject = str(msg["Subject"])
        assert not any(ord(c) < 32 or c == "\u202e" for c in subject)
        assert len(subject) <= 220
    subjects = sorted(str(email.message_from_bytes(e.content, policy=policy.default)["Subject"]) for e in inbox.envelopes)
    assert "[MIRA-20] 申請フォーム Bcc: everyone@example.net" in subjects
    assert "[MIRA-22] ベル とエスケープ [31m赤 [0m" in subjects
    assert any(s.startswith("[MIRA-23] 長い件名長い件名") and s.endswith("…") for s in subjects)
