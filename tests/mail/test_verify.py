"""Senders are verified: reply tokens from notifications, the office server's Authentication-Results, and nothing else."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.mail.verify import reply_token
from tsuzuri.store import load

from .conftest import git, write
from .mails import utf8_mail
from .smtp import Inbox, MaildirDelivery, deliver, server

SECRET = "test-secret-0123456789"
COMMENT = "---\nauthor: tanaka\ndate: 2026-11-21T09:30:00+09:00\n---\n全角数字は半角に変換して受け付けてください。\n"
OURS = "mx.example.go.jp"


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("TSUZURI_MAIL_SECRET", SECRET)
    return SECRET


def ingest_maildir(tracker: Path, maildir: Path, *extra: str) -> int:
    return main(["mail", "ingest", "--root", str(tracker), "--maildir", str(maildir), "--lang", "en", *extra])


def only_comment(tracker: Path, key: str = "MIRA-12") -> str:
    [path] = (tracker / "issues" / key.split("-")[0] / key / "comments").glob("*.md")
    return path.read_text(encoding="utf-8")


def reply(
    to: str, message_id: str, text: str = "承知しました。\n", sender: str = "田中 一郎 <tanaka@vendor-a.example>", **headers
) -> bytes:
    return utf8_mail(sender, to, "Re: [MIRA-12] 申請フォームの入力チェック仕様について", text, message_id, **headers).as_bytes()


def test_a_reply_to_a_notification_carries_its_token_and_is_committed_as_the_member(tracker, secret, tmp_path, capsys):
    # 1. A change is notified through a real SMTP server: the Reply-To carries MIRA-12's token.
    inbox = Inbox()
    write(tracker, "issues/MIRA/MIRA-12/comments/20261121T093000-yamada.md", COMMENT.replace("tanaka", "yamada"))
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Answer MIRA-12")
    with server(inbox) as port:
        config = tracker / "tsuzuri.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"  smtp_port: {port}\n", encoding="utf-8")
        assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker)]) == 0
    [envelope] = inbox.envelopes
    notification = email.message_from_bytes(envelope.content, policy=policy.default)
    reply_to = str(notification["Reply-To"])
    assert reply_to == f"tracker+MIRA-12.{reply_token(SECRET, 'MIRA-12')}@example.go.jp"
    assert len(reply_token(SECRET, "MIRA-12")) == 20 and reply_token(SECRET, "MIRA-12") != reply_token(SECRET, "MIRA-13")
    # 2. Tanaka answers to that address; the mail reaches the tracker's Maildir through SMTP.
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        deliver(port, reply(reply_to, "<tok-1@vendor-a.example>"), to=reply_to)
    assert ingest_maildir(tracker, tmp_path / "Maildir", "--commit") == 0
    text = (tracker / "issues/MIRA/MIRA-12/comments/20261123T101500-tanaka.md").read_text(encoding="utf-8")
    assert "verified" not in text and text.endswith("---\n承知しました。\n")
    assert git(tracker, "log", "-1", "--format=%an <%ae>").strip() == "田中 一郎 <tanaka@vendor-a.example>"
    assert load(tracker).tracker.issues["MIRA-12"].comments[-1].verified is True


def test_without_token_or_authentication_the_comment_is_unverified_and_committed_as_the_tracker(tracker, secret, tmp_path, capsys):
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        # A guessed plus address, and one with a wrong token.
        deliver(port, reply("tracker+MIRA-12@example.go.jp", "<guess-1@vendor-a.example>", "一通目\n"))
        deliver(port, reply("tracker+MIRA-12.0123456789abcdef0123@example.go.jp", "<guess-2@vendor-a.example>", "二通目\n"))
    assert ingest_maildir(tracker, tmp_path / "Maildir", "--commit") == 0
    captured = capsys.readouterr()
    assert captured.out.count(
        "unverified: no valid reply token in the address and no passing Authentication-Results from mx.example.go.jp"
    ) == 2
    assert "2 of them unverified" in captured.err
    comments = load(tracker).tracker.issues["MIRA-12"].comments
    assert [c.verified for c in comments] == [False, False]
    assert all("\nverified: false\n" in (tracker / c.path).read_text(encoding="utf-8") for c in comments)
    authors = git(tracker, "log", "-2", "--format=%an <%ae>").split("\n")[:2]
    assert authors == ["見本トラッカー <tracker@example.go.jp>"] * 2


@pytest.mark.parametrize(
    ("results", "verified"),
    [
        (f"{OURS}; dmarc=pass (p=reject) header.from=vendor-a.example", True),
        (f"{OURS}; dkim=pass header.d=vendor-a.example header.s=sel1", True),
        (f"{OURS}; spf=pass smtp.mailfrom=tanaka@vendor-a.example", True),
        (f"{OURS}; dkim=pass header.d=elsewhere.example", False),  # signed, but by another domain
        ("mx.elsewhere.example; dmarc=pass header.from=vendor-a.example", False),  # not our server
        (f"{OURS.upper()}; spf=none; dkim=none", False),
    ],
)
def test_authentication_results_count_only_from_our_own_server(tracker, tmp_path, results, verified):
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        deliver(port, reply("tracker@example.go.jp", "<auth@vendor-a.example>", Authentication_Results=results))
    assert ingest_maildir(tracker, tmp_path / "Maildir") == 0
    assert ("\nverified: false\n" not in only_comment(tracker)) is verified


@pytest.mark.parametrize(
    "results",
    [
        f"{OURS}; spf=fail smtp.mailfrom=tanaka@vendor-a.example",
        f"{OURS}; dkim=fail header.d=vendor-a.example; dmarc=pass header.from=vendor-a.example",
        "mx.elsewhere.example; dmarc=fail header.from=vendor-a.example",
    ],
)
def test_any_spf_dkim_or_dmarc_failure_is_quarantined_even_with_a_valid_token(tracker, secret, tmp_path, capsys, results):
    to = f"tracker+MIRA-12.{reply_token(SECRET, 'MIRA-12')}@example.go.jp"
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        deliver(port, reply(to, "<fail@vendor-a.example>", Authentication_Results=results), to=to)
    assert ingest_maildir(tracker, tmp_path / "Maildir") == 0
    assert "authentication-failed: The server" in capsys.readouterr().out
    assert not (tracker / "issues/MIRA/MIRA-12/comments").exists()


@pytest.mark.parametrize("header", ["Sender", "Return_Path"])
def test_an_outsider_behind_a_members_from_is_never_verified(tracker, secret, tmp_path, capsys, header):
    to = f"tracker+MIRA-12.{reply_token(SECRET, 'MIRA-12')}@example.go.jp"
    forged = reply(to, "<forged@vendor-a.example>", **{header: "<attacker@evil.example>",
                                                       "Authentication_Results": f"{OURS}; dmarc=pass header.from=vendor-a.example"})
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        deliver(port, forged, sender="attacker@evil.example", to=to)
    assert ingest_maildir(tracker, tmp_path / "Maildir", "--commit") == 0
    assert (
        "unverified: it was sent by attacker@evil.example (Sender or Return-Path) in the name of tanaka@vendor-a.example"
    ) in capsys.readouterr().out
    assert "\nverified: false\n" in only_comment(tracker)
    assert git(tracker, "log", "-1", "--format=%ae").strip() == "tracker@example.go.jp"


def test_require_verified_quarantines_what_nothing_verifies(tracker, secret, tmp_path, capsys):
    config = tracker / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  require_verified: true\n", encoding="utf-8")
    token = reply_token(SECRET, "MIRA-12")
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        deliver(port, reply("tracker+MIRA-12@example.go.jp", "<nv@vendor-a.example>", "確認できない返信\n"))
        deliver(port, reply(f"tracker+MIRA-12.{token}@example.go.jp", "<ok@vendor-a.example>", "確認できる返信\n"))
    assert ingest_maildir(tracker, tmp_path / "Maildir") == 0
    out = capsys.readouterr().out
    assert "unverified: Nothing verifies that tanaka@vendor-a.example sent this mail" in out and "mail.require_verified is on" in out
    assert only_comment(tracker).endswith("---\n確認できる返信\n")
    [md] = (tracker / ".tsuzuri/quarantine").glob("*.md")
    assert "reason: unverified\n" in md.read_text(encoding="utf-8")


def test_a_token_only_opens_the_issue_it_was_made_for(tracker, secret, tmp_path):
    # MIRA-12's token on HOJO-1's address proves nothing about HOJO-1.
    to = f"tracker+HOJO-1.{reply_token(SECRET, 'MIRA-12')}@example.go.jp"
    msg = utf8_mail("yamada@example.go.jp", to, "Re: [HOJO-1] 様式", "様式の件\n", "<cross@example.go.jp>")
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        deliver(port, msg.as_bytes(), to=to)
    assert ingest_maildir(tracker, tmp_path / "Maildir") == 0
    assert "\nverified: false\n" in only_comment(tracker, "HOJO-1")


def test_the_site_marks_unverified_comments(tracker, secret, tmp_path):
    from datetime import date

    from tsuzuri.site import build_pages

    token = reply_token(SECRET, "MIRA-12")
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        deliver(port, reply(f"tracker+MIRA-12.{token}@example.go.jp", "<v@vendor-a.example>", "確認済みの返信\n"))
        deliver(port, reply("tracker+MIRA-12@example.go.jp", "<u@vendor-a.example>", "確認できない返信\n"))
    assert ingest_maildir(tracker, tmp_path / "Maildir") == 0
    [page] = [p for p in build_pages(load(tracker).tracker, date(2026, 11, 25)) if p.path == "issues/MIRA-12.md"]
    articles = page.html.split("<article")
    [verified] = [a for a in articles if "確認済みの返信" in a]
    [unverified] = [a for a in articles if "確認できない返信" in a]
    assert "tsuzuri-unverified" not in verified
    assert unverified.count('class="tsuzuri-badge tsuzuri-unverified"') == 1 and ">未確認</span>" in unverified
