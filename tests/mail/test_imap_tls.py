"""IMAP over STARTTLS (mail.imap_starttls) against a real Dovecot with a certificate."""

from __future__ import annotations

import imaplib
import ssl
import subprocess

import pytest

from tsuzuri.adapters.cli.main import main

from . import dovecot
from .mails import utf8_mail


@pytest.fixture
def certificate(tmp_path):
    cert, key = tmp_path / "imap-cert.pem", tmp_path / "imap-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.fixture
def imap_tls(tmp_path, certificate):
    port, process, folder = dovecot.start(tmp_path, tls=certificate)
    yield port
    dovecot.stop(process, folder, tmp_path)


def test_imap_starttls_is_used_and_the_certificate_checked(tracker, imap_tls, certificate, monkeypatch, capsys):
    cert, _ = certificate
    client = imaplib.IMAP4("127.0.0.1", imap_tls)
    client.starttls(ssl_context=ssl.create_default_context(cafile=str(cert)))
    client.login("tracker", dovecot.PASSWORD)
    reply = utf8_mail(
        "tanaka@vendor-a.example", "tracker+MIRA-12@example.go.jp", "Re: 件", "STARTTLS 経由の返信です。\n", "<tls-1@vendor-a.example>"
    )
    assert client.append("INBOX", None, None, reply.as_bytes())[0] == "OK"
    client.logout()
    monkeypatch.setenv("TSUZURI_IMAP_PASSWORD", dovecot.PASSWORD)
    config = tracker / "tsuzuri.yml"
    base = config.read_text(encoding="utf-8")
    args = ["mail", "ingest", "--root", str(tracker), "--imap", "--imap-host", "127.0.0.1", "--imap-port", str(imap_tls),
            "--imap-user", "tracker", "--no-ssl", "--lang", "en"]
    # STARTTLS with a certificate nobody vouches for: refused by the client.
    config.write_text(base + "  imap_starttls: true\n", encoding="utf-8")
    assert main(args) == 1
    assert "CERTIFICATE_VERIFY_FAILED" in capsys.readouterr().err
    # ...and read once the office's CA is named.
    config.write_text(base + f"  imap_starttls: true\n  ca_file: {cert}\n", encoding="utf-8")
    assert main(args) == 0
    [comment] = (tracker / "issues/MIRA/MIRA-12/comments").glob("*.md")
    assert comment.read_text(encoding="utf-8").endswith("STARTTLS 経由の返信です。\n")
