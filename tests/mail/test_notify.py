"""``tsuzuri notify`` against a real SMTP server on loopback."""

from __future__ import annotations

import email
import ssl
import subprocess
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tsuzuri.adapters.cli.main import main

from .conftest import git, write
from .smtp import Inbox, free_port

COMMENT = "---\nauthor: tanaka\ndate: 2026-11-21T09:30:00+09:00\n---\n全角数字は半角に変換して受け付けてください。\n"


@pytest.fixture
def smtp(tracker):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    config = tracker / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"  smtp_port: {port}\n", encoding="utf-8")
    git(tracker, "commit", "-qam", "Point mail at the test server")
    yield inbox
    controller.stop()


def body_of(msg) -> str:
    """Return the text body as a reader sees it (the wire form has CRLF line ends)."""
    return msg.get_body().get_content().replace("\r\n", "\n")


def parsed(envelope):
    return email.message_from_bytes(envelope.content, policy=policy.default)


def test_comment_and_status_change_mail_threads_and_skips_the_author(tracker, smtp):
    write(tracker, "issues/MIRA/MIRA-12/comments/20261121T093000-tanaka.md", COMMENT)
    text = (tracker / "issues/MIRA/MIRA-12.md").read_text(encoding="utf-8").replace("status: open", "status: in_progress")
    write(tracker, "issues/MIRA/MIRA-12.md", text)
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Answer MIRA-12", author=("田中 一郎", "tanaka@vendor-a.example"))

    assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker), "--today", "2026-11-21"]) == 0

    assert len(smtp.envelopes) == 1
    envelope = smtp.envelopes[0]
    assert sorted(envelope.rcpt_tos) == ["sato@example.go.jp", "yamada@example.go.jp"]  # tanaka wrote it
    assert envelope.mail_from == "tracker@example.go.jp"
    raw = envelope.content.decode("ascii")  # everything on the wire is 7-bit, encoded words included
    assert "\r\nSubject: [MIRA-12] =?utf-8?b?" in raw
    msg = parsed(envelope)
    assert msg["Subject"] == "[MIRA-12] 申請フォームの入力チェック仕様について"
    assert msg["In-Reply-To"] == "<MIRA-12@example.go.jp>"
    assert msg["References"] == "<MIRA-12@example.go.jp>"
    assert msg["Message-ID"].startswith("<MIRA-12.") and msg["Message-ID"].endswith("@example.go.jp>")
    assert msg["Reply-To"] == "tracker+MIRA-12@example.go.jp"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert "山田 太郎" in str(msg["To"]) and "tanaka" not in str(msg["To"])
    body = body_of(msg)
    assert msg.get_body().get_content_charset() == "utf-8"
    assert body == (
        "田中 一郎 さんが課題を更新しました。\n\n"
        "MIRA-12 申請フォームの入力チェック仕様について\n\n"
        "状態: 未対応 → 処理中\n\n"
        "■ コメント (田中 一郎、2026-11-21 09:30)\n"
        "全角数字は半角に変換して受け付けてください。\n\n"
        "課題のページ: https://tracker.example.go.jp/tracker/issues/MIRA-12/\n\n"
        "-- \n"
        "このメールに返信すると、本文が課題のコメントとして登録されます。\n"
        "返信の先頭に「状態: 完了」「担当者: 山田」「期限: 12/10」「優先度: 高」のような行を書くと、項目を変更できます(送信者を確認でき、"
        "その項目を変更する権限がある場合)。\n"
    )


def test_new_issue_mail_is_the_thread_root_and_later_mail_points_to_it(tracker, smtp):
    write(
        tracker, "issues/MIRA/MIRA-13.md",
        "---\ntitle: 問い合わせ窓口の表示\ntype: task\nstatus: open\nassignee: tanaka\nreporter: yamada\n---\n表示位置を決めてください。\n"
    )
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Add MIRA-13")
    write(
        tracker, "issues/MIRA/MIRA-13/comments/20261122T100000-tanaka.md",
        "---\nauthor: tanaka\ndate: 2026-11-22T10:00:00+09:00\n---\n承知しました。\n"
    )
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Reply on MIRA-13", author=("田中 一郎", "tanaka@vendor-a.example"))

    assert main(["notify", "HEAD~2", "HEAD~1", "--root", str(tracker)]) == 0
    assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker)]) == 0

    first, second = (parsed(e) for e in smtp.envelopes)
    assert smtp.envelopes[0].rcpt_tos == ["tanaka@vendor-a.example"]  # yamada created it
    assert first["Message-ID"] == "<MIRA-13@example.go.jp>" and first["In-Reply-To"] is None
    assert "山田 太郎 さんが課題を登録しました。" in body_of(first)
    assert smtp.envelopes[1].rcpt_tos == ["yamada@example.go.jp"]
    assert second["References"] == first["Message-ID"] and second["Message-ID"] != first["Message-ID"]


def test_dry_run_writes_eml_files_and_sends_nothing(tracker, smtp, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG", raising=False)
    write(tracker, "issues/MIRA/MIRA-12/comments/20261121T093000-tanaka.md", COMMENT)
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Comment", author=("田中 一郎", "tanaka@vendor-a.example"))
    out = tmp_path / "out"
    assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker), "--dry-run", "--out", str(out)]) == 0
    assert smtp.envelopes == []
    assert capsys.readouterr().out == f"{out} にメール 1 通を書き出しました\n"
    files = sorted(p.name for p in out.iterdir())
    assert files == ["0001-MIRA-12.eml"]
    msg = email.message_from_bytes((out / files[0]).read_bytes(), policy=policy.default)
    assert msg["Subject"] == "[MIRA-12] 申請フォームの入力チェック仕様について"


def test_digest_lists_overdue_and_due_soon_per_member(tracker, smtp):
    write(tracker, "issues/HOJO/HOJO-2.md", "---\ntitle: 様式の確定\ntype: task\nstatus: closed\nassignee: yamada\ndue: 2026-11-01\n---\n")
    write(
        tracker, "issues/HOJO/HOJO-3.md", "---\ntitle: 審査基準の整理\ntype: task\nstatus: open\nassignee: yamada\ndue: 2026-11-20\n---\n"
    )
    assert main(["notify", "--digest", "--root", str(tracker), "--today", "2026-11-28"]) == 0
    assert [e.rcpt_tos for e in smtp.envelopes] == [["yamada@example.go.jp"]]
    msg = parsed(smtp.envelopes[0])
    assert msg["Subject"] == "[見本トラッカー] 期限切れ・期限間近の課題 (2026-11-28)"
    assert body_of(msg) == (
        "山田 太郎 さんの担当課題のうち、期限切れ・期限間近のものです。\n\n"
        "■ 期限切れ (1)\n"
        "- [HOJO-3] 審査基準の整理 (期限 2026-11-20, 未対応)\n"
        "  https://tracker.example.go.jp/tracker/issues/HOJO-3/\n\n"
        "■ 期限間近 (1)\n"
        "- [MIRA-12] 申請フォームの入力チェック仕様について (期限 2026-11-30, 未対応)\n"
        "  https://tracker.example.go.jp/tracker/issues/MIRA-12/\n"
    )


def test_unreachable_server_is_a_user_error(tracker, capsys):
    config = tracker / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  smtp_port: 1\n", encoding="utf-8")
    write(tracker, "issues/MIRA/MIRA-12/comments/20261121T093000-tanaka.md", COMMENT)
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Comment", author=("田中 一郎", "tanaka@vendor-a.example"))
    assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker), "--lang", "en"]) == 1
    assert "cannot send through 127.0.0.1:1" in capsys.readouterr().err
    assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker), "--lang", "ja"]) == 1
    assert "127.0.0.1:1 からメールを送れません" in capsys.readouterr().err


def test_new_minutes_go_to_attendees_and_action_owners_but_not_the_writer(tracker, smtp):
    write(tracker, "minutes/2026/2026-11-20-weekly.md", (
        "---\ntitle: 第12回 定例会議\ndate: 2026-11-20\nproject: MIRA\nattendees: [sato, yamada]\n---\n"
        "## アクションアイテム\n- [ ] @tanaka 入力チェック仕様を設計書に反映する 期限:2026-11-27 MIRA-12\n"
    ))
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Add the minutes", author=("佐藤 花子", "sato@example.go.jp"))
    assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker)]) == 0
    [envelope] = smtp.envelopes
    assert sorted(envelope.rcpt_tos) == ["tanaka@vendor-a.example", "yamada@example.go.jp"]
    msg = parsed(envelope)
    assert msg["Subject"] == "[議事録] 第12回 定例会議"
    assert body_of(msg) == (
        "佐藤 花子 さんが議事録を追加しました。\n\n"
        "2026-11-20 第12回 定例会議\n\n"
        "■ アクションアイテム\n"
        "- 田中 一郎: 入力チェック仕様を設計書に反映する (期限 2026-11-27, MIRA-12)\n\n"
        "https://tracker.example.go.jp/minutes/2026/2026-11-20-weekly/\n"
    )


def test_bad_commit_is_a_user_error(tracker, capsys):
    assert main(["notify", "nope", "HEAD", "--root", str(tracker), "--dry-run", "--lang", "en"]) == 1
    assert "cannot read commits nope..HEAD" in capsys.readouterr().err
    assert main(["notify", "nope", "HEAD", "--root", str(tracker), "--dry-run", "--lang", "ja"]) == 1
    assert "コミット nope..HEAD を読めません" in capsys.readouterr().err
    assert main(["notify", "--root", str(tracker), "--lang", "en"]) == 2
    assert "give two commits" in capsys.readouterr().err


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_login_uses_the_environment_and_wrong_secrets_fail(tracker, monkeypatch, capsys):
    logins = []

    def authenticator(server, session, envelope, mechanism, data):
        logins.append((data.login, data.password))
        return AuthResult(success=data.login == b"notifier" and data.password == b"s3cret", handled=False)

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        config = tracker / "tsuzuri.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"  smtp_port: {port}\n", encoding="utf-8")
        write(tracker, "issues/MIRA/MIRA-12/comments/20261121T093000-tanaka.md", COMMENT)
        git(tracker, "add", "-A")
        git(tracker, "commit", "-qm", "Comment", author=("田中 一郎", "tanaka@vendor-a.example"))
        monkeypatch.setenv("TSUZURI_SMTP_USER", "notifier")
        monkeypatch.setenv("TSUZURI_SMTP_PASSWORD", "wrong")
        assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker), "--lang", "en"]) == 1
        assert "cannot send" in capsys.readouterr().err and inbox.envelopes == []
        monkeypatch.setenv("TSUZURI_SMTP_PASSWORD", "s3cret")
        assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker)]) == 0
        # smtplib tries each offered mechanism before giving up, so the wrong secret may be tried twice.
        assert set(logins[:-1]) == {(b"notifier", b"wrong")} and logins[-1] == (b"notifier", b"s3cret")
        assert len(inbox.envelopes) == 1
    finally:
        controller.stop()


def test_starttls_is_used_and_the_server_certificate_checked(tracker, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True)
    controller.start()
    try:
        config = tracker / "tsuzuri.yml"
        base = config.read_text(encoding="utf-8") + f"  smtp_port: {port}\n  starttls: true\n"
        config.write_text(base, encoding="utf-8")
        write(tracker, "issues/MIRA/MIRA-12/comments/20261121T093000-tanaka.md", COMMENT)
        git(tracker, "add", "-A")
        git(tracker, "commit", "-qm", "Comment", author=("田中 一郎", "tanaka@vendor-a.example"))
        # An unknown certificate is refused...
        assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker)]) == 1
        assert inbox.envelopes == []
        # ...and accepted once the office's CA is named.
        config.write_text(base + f"  ca_file: {cert}\n", encoding="utf-8")
        assert main(["notify", "HEAD~1", "HEAD", "--root", str(tracker)]) == 0
        assert len(inbox.envelopes) == 1
    finally:
        controller.stop()
