"""A mail whose subject or text holds control characters still becomes a file the tracker can read."""

from __future__ import annotations

import mailbox
from pathlib import Path

from tsuzuri.adapters.cli.main import main
from tsuzuri.formats.textfile import decode
from tsuzuri.store import load
from tsuzuri.validate import validate

from .mails import encoded_word, raw_mail

SUBJECT = "お知らせ欄\x1b[31m の\x07仕様\x00について\r\n"
TEXT = "掲載期間\x1bを教えてください。\x08\n二行目\tタブ\n"


def test_a_subject_with_control_characters_opens_a_readable_inquiry_from_a_real_maildir(tracker, tmp_path, capsys):
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box.add(raw_mail(
        {"From": "yamada@example.go.jp", "To": "toiawase@example.go.jp", "Subject": encoded_word(SUBJECT, "UTF-8", "utf-8"),
         "Date": "Mon, 23 Nov 2026 10:15:00 +0900", "Message-ID": "<ctl-1@example.go.jp>"},
        TEXT.encode("utf-8"), "utf-8", "base64"))
    assert main(["mail", "ingest", "--root", str(tracker), "--maildir", str(tmp_path / "Maildir")]) == 0
    # the report says what the text lost (the tracker's language: Japanese)
    assert "注意: 本文: 制御文字を取り除きました(U+0008, U+001B)" in capsys.readouterr().out
    written = [p for p in (tracker / "issues/MIRA").glob("MIRA-*.md") if p.name != "MIRA-12.md"]
    assert len(written) == 1
    text = decode(written[0].read_bytes())
    assert not any(ord(c) < 32 and c not in "\t\n" for c in text), text
    issue = load(tracker).tracker.issues[written[0].stem]
    # ingest makes a subject one line (a control character may become a space); none is left
    assert issue.title.replace(" ", "") == "お知らせ欄[31mの仕様について"
    assert "掲載期間を教えてください。" in issue.body and "二行目\tタブ" in issue.body
    _, findings = validate(tracker)
    assert [f for f in findings if f.severity == "error"] == []


def test_a_reply_with_control_characters_becomes_a_readable_comment(tracker, tmp_path, capsys):
    raw = raw_mail(
        {"From": "tanaka@vendor-a.example", "To": "tracker@example.go.jp",
         "Subject": encoded_word("Re: [MIRA-12] 件\x1b", "UTF-8", "utf-8"),
         "Date": "Mon, 23 Nov 2026 10:15:00 +0900", "Message-ID": "<ctl-2@vendor-a.example>"},
        "確認しました\x1b\x7f。\n".encode(), "utf-8", "quoted-printable")
    path = tmp_path / "in" / "1.eml"
    path.parent.mkdir()
    path.write_bytes(raw)
    assert main(["mail", "ingest", "--root", str(tracker), "--eml", str(path), "--lang", "en"]) == 0
    assert "note: text: control characters removed (U+001B, U+007F)" in capsys.readouterr().out
    [comment] = load(tracker).tracker.issues["MIRA-12"].comments
    assert comment.body.strip() == "確認しました。"
    assert not any(ord(c) < 32 and c not in "\t\n" for c in Path(tracker / comment.path).read_text(encoding="utf-8"))


def test_a_clean_mail_reports_no_removal(tracker, tmp_path, capsys):
    raw = raw_mail(
        {"From": "tanaka@vendor-a.example", "To": "tracker@example.go.jp", "Subject": encoded_word("Re: [MIRA-12] 件", "UTF-8", "utf-8"),
         "Date": "Mon, 23 Nov 2026 10:15:00 +0900", "Message-ID": "<ctl-3@vendor-a.example>"},
        "確認しました。\n".encode(), "utf-8", "quoted-printable")
    path = tmp_path / "1.eml"
    path.write_bytes(raw)
    assert main(["mail", "ingest", "--root", str(tracker), "--eml", str(path)]) == 0
    out = capsys.readouterr().out
    assert "MIRA-12" in out and "制御文字" not in out
