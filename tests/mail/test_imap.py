"""Ingest from a real IMAP server (a private Dovecot on loopback)."""

from __future__ import annotations

import imaplib

import pytest

from tsuzuri.adapters.cli.main import main

from . import dovecot
from .mails import utf8_mail


@pytest.fixture
def imap(tmp_path):
    port, process, folder = dovecot.start(tmp_path)
    yield port
    dovecot.stop(process, folder, tmp_path)


def test_ingest_reads_unseen_imap_mail_and_flags_it_seen(tracker, imap, monkeypatch):
    client = imaplib.IMAP4("127.0.0.1", imap)
    client.login("tracker", dovecot.PASSWORD)
    reply = utf8_mail(
        "tanaka@vendor-a.example", "tracker+MIRA-12@example.go.jp", "Re: 件", "IMAP 経由の返信です。\n", "<imap-1@vendor-a.example>"
    )
    stranger = utf8_mail("x@elsewhere.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "宣伝\n", "<imap-2@elsewhere.example>")
    for msg in (reply, stranger):
        assert client.append("INBOX", None, None, msg.as_bytes())[0] == "OK"
    client.logout()

    monkeypatch.setenv("TSUZURI_IMAP_PASSWORD", dovecot.PASSWORD)
    args = [
        "mail", "ingest", "--root", str(tracker), "--imap", "--imap-host", "127.0.0.1", "--imap-port", str(imap), "--imap-user", "tracker",
        "--no-ssl"
    ]
    assert main(args) == 0

    [comment] = (tracker / "issues/MIRA/MIRA-12/comments").glob("*.md")
    assert comment.read_text(encoding="utf-8").endswith(
        "message_id: imap-1@vendor-a.example\nverified: false\n---\nIMAP 経由の返信です。\n"
    )
    assert len(list((tracker / ".tsuzuri/quarantine").glob("*.eml"))) == 1

    client = imaplib.IMAP4("127.0.0.1", imap)
    client.login("tracker", dovecot.PASSWORD)
    client.select("INBOX")
    assert client.uid("SEARCH", None, "UNSEEN")[1] == [b""]  # both handled, both marked
    assert client.uid("SEARCH", None, "SEEN")[1][0].split() == [b"1", b"2"]
    client.logout()

    assert main(args) == 0  # nothing unseen: nothing added
    assert len(list((tracker / "issues/MIRA/MIRA-12/comments").glob("*.md"))) == 1


def test_wrong_imap_password_is_a_user_error(tracker, imap, monkeypatch, capsys):
    monkeypatch.setenv("TSUZURI_IMAP_PASSWORD", "wrong")
    args = [
        "mail", "ingest", "--root", str(tracker), "--imap", "--imap-host", "127.0.0.1", "--imap-port", str(imap), "--imap-user", "tracker",
        "--no-ssl"
    ]
    # Dovecot's static passdb takes one password for every user.
    assert main(args) == 1
    assert "メールを読めません" in capsys.readouterr().err
    assert main([*args, "--lang", "en"]) == 1
    assert "cannot read mail" in capsys.readouterr().err
