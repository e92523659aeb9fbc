"""Field changes by mail: ``状態: 完了`` at the top of a verified reply edits the issue, within the authority rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.mail.verify import reply_token
from tsuzuri.store import load
from tsuzuri.validate import validate

from .conftest import git
from .mails import utf8_mail
from .smtp import MaildirDelivery, deliver, server

SECRET = "field-secret"
AUTHORITY = """\
authority:
  - {fields: [status], organizations: [office]}
"""


@pytest.fixture
def tracker(tracker, monkeypatch):
    monkeypatch.setenv("TSUZURI_MAIL_SECRET", SECRET)
    config = tracker / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + AUTHORITY, encoding="utf-8")
    git(tracker, "commit", "-qam", "Only the office closes issues")
    return tracker


def send(tracker: Path, tmp_path: Path, sender: str, text: str, token: bool = True, *extra: str) -> str:
    to = f"tracker+MIRA-12.{reply_token(SECRET, 'MIRA-12')}@example.go.jp" if token else "tracker+MIRA-12@example.go.jp"
    msg = utf8_mail(sender, to, "Re: [MIRA-12] 申請フォームの入力チェック仕様について", text, f"<{abs(hash(text))}@x.example>")
    with server(MaildirDelivery(tmp_path / "Maildir")) as port:
        deliver(port, msg.as_bytes(), to=to)
    return to


def ingest(tracker: Path, tmp_path: Path, *extra: str) -> int:
    return main(["mail", "ingest", "--root", str(tracker), "--maildir", str(tmp_path / "Maildir"), "--lang", "en", *extra])


def issue_text(tracker: Path) -> str:
    return (tracker / "issues/MIRA/MIRA-12.md").read_text(encoding="utf-8")


def comment_body(tracker: Path) -> str:
    [comment] = load(tracker).tracker.issues["MIRA-12"].comments
    return comment.body.rstrip("\n")


def test_a_verified_office_reply_sets_fields_with_a_line_preserving_edit_beside_the_comment(tracker, tmp_path, capsys):
    before = issue_text(tracker)
    send(tracker, tmp_path, "山田 太郎 <yamada@example.go.jp>", "状態: 完了\n担当者: 田中\n期限: 12/10\n優先度: 低\n\n対応しました。\n")
    assert ingest(tracker, tmp_path, "--commit") == 0
    out = capsys.readouterr()
    assert "  set 状態: 完了\n  set 担当者: 田中\n  set 期限: 12/10\n  set 優先度: 低\n" in out.out
    assert "4 field lines applied, 0 refused" in out.err
    after = issue_text(tracker)
    expected = (before.replace("status: open", "status: closed").replace("priority: high", "priority: low")
                .replace("assignee: yamada", "assignee: tanaka").replace("due: 2026-11-30", "due: 2026-12-10"))
    assert after == expected  # only those lines changed, nothing else in the file
    assert comment_body(tracker) == "対応しました。"
    # One commit, by the member, holds the comment and the edit.
    log = git(tracker, "log", "-1", "--format=%an <%ae>|%s", "--name-only")
    assert log.startswith("山田 太郎 <yamada@example.go.jp>|Add yamada's mail reply to MIRA-12 and set assignee, due, priority, status")
    assert "issues/MIRA/MIRA-12.md" in log and "issues/MIRA/MIRA-12/comments/" in log
    assert git(tracker, "status", "--porcelain", "--", "issues") == ""
    assert [f for f in validate(tracker)[1] if f.severity == "error"] == []


def test_a_field_the_sender_has_no_authority_for_stays_in_the_comment_and_is_reported(tracker, tmp_path, capsys):
    send(tracker, tmp_path, "田中 一郎 <tanaka@vendor-a.example>", "Status: closed\nDue: 2026-12-24\n\n直しました。\n")
    assert ingest(tracker, tmp_path) == 0
    out = capsys.readouterr()
    assert "  set Due: 2026-12-24\n" in out.out
    assert ("  not set Status: closed: only members of office may change status (rule 1 under authority: in tsuzuri.yml)"
            " (the line is kept in the comment)") in out.out
    assert "1 field line applied, 1 refused" in out.err
    text = issue_text(tracker)
    assert "status: open\n" in text and "due: 2026-12-24\n" in text
    assert comment_body(tracker) == "Status: closed\n\n直しました。"


def test_an_unverified_sender_changes_nothing(tracker, tmp_path, capsys):
    before = issue_text(tracker)
    send(tracker, tmp_path, "山田 太郎 <yamada@example.go.jp>", "状態: 完了\n\n閉じます。\n", False)
    assert ingest(tracker, tmp_path) == 0
    assert "not set 状態: 完了: the sender is not verified, so the mail changes no field" in capsys.readouterr().out
    assert issue_text(tracker) == before
    assert comment_body(tracker) == "状態: 完了\n\n閉じます。"


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("担当者: 誰か", "no member is called 誰か"),
        ("期限: 来週", "来週 is not a date"),
        ("優先度: 最優先", "最優先 is none of 高, 中, 低"),
        ("状態: 保留", "保留 is none of 未対応, 処理中, 処理済み, 完了"),
    ],
)
def test_a_value_that_means_nothing_is_refused_with_the_reason(tracker, tmp_path, capsys, line, why):
    before = issue_text(tracker)
    send(tracker, tmp_path, "山田 太郎 <yamada@example.go.jp>", f"{line}\nよろしくお願いします。\n")
    assert ingest(tracker, tmp_path) == 0
    assert f"  not set {line}: {why}" in capsys.readouterr().out
    assert issue_text(tracker) == before
    assert comment_body(tracker) == f"{line}\nよろしくお願いします。"


def test_a_reply_of_field_lines_only_still_leaves_a_comment_saying_what_changed(tracker, tmp_path):
    send(tracker, tmp_path, "山田 太郎 <yamada@example.go.jp>", "状態: 処理中\n")
    assert ingest(tracker, tmp_path) == 0
    assert "status: in_progress\n" in issue_text(tracker)
    assert comment_body(tracker) == "(メールで変更: 状態: 処理中)"


def test_field_lines_only_count_at_the_top(tracker, tmp_path):
    before = issue_text(tracker)
    send(tracker, tmp_path, "山田 太郎 <yamada@example.go.jp>", "確認しました。\n状態: 完了 にしてよいか相談させてください。\n")
    assert ingest(tracker, tmp_path) == 0
    assert issue_text(tracker) == before
