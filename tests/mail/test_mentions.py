"""@mentions: the member named in a body, comment or minutes hears of that change; an unknown one is a finding."""

from __future__ import annotations

import email
from datetime import date
from email import policy

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.site import build_pages
from tsuzuri.store import load
from tsuzuri.validate import validate

from .conftest import git, write
from .smtp import Inbox, server


@pytest.fixture
def smtp(tracker):
    inbox = Inbox()
    with server(inbox) as port:
        config = tracker / "tsuzuri.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"  smtp_port: {port}\n", encoding="utf-8")
        git(tracker, "commit", "-qam", "Point mail at the test server")
        yield inbox


def notify(tracker) -> int:
    return main(["notify", "HEAD~1", "HEAD", "--root", str(tracker), "--today", "2026-11-25"])


def test_a_mention_in_a_comment_adds_the_member_to_that_mail(tracker, smtp):
    # HOJO-1: assignee tanaka, reporter yamada, nobody watching; tanaka comments and mentions 佐藤.
    write(
        tracker, "issues/HOJO/HOJO-1/comments/20261125T100000-tanaka.md",
        "---\nauthor: tanaka\ndate: 2026-11-25T10:00:00+09:00\n---\n@佐藤さん 様式の最新版をご確認ください。"
        "メールは tanaka@vendor-a.example まで。\n"
    )
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Ask Sato", author=("田中 一郎", "tanaka@vendor-a.example"))
    assert notify(tracker) == 0
    [envelope] = smtp.envelopes
    assert sorted(envelope.rcpt_tos) == ["sato@example.go.jp", "yamada@example.go.jp"]
    assert "佐藤 花子" in str(email.message_from_bytes(envelope.content, policy=policy.default)["To"])


def test_a_mention_by_id_in_a_new_issue_and_in_minutes_reaches_that_member(tracker, smtp):
    write(
        tracker, "issues/HOJO/HOJO-2.md",
        "---\ntitle: 添付様式\ntype: task\nstatus: open\nreporter: yamada\n---\n@sato @tanaka 確認をお願いします。\n"
    )
    write(tracker, "minutes/2026/2026-11-25-teirei.md",
          "---\ntitle: 定例会議\ndate: 2026-11-25\nattendees: [yamada]\n---\n様式は @tanaka さんが確認します。\n")
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "New issue and minutes")
    assert notify(tracker) == 0
    by_subject = {str(email.message_from_bytes(e.content, policy=policy.default)["Subject"]): sorted(e.rcpt_tos) for e in smtp.envelopes}
    assert by_subject["[HOJO-2] 添付様式"] == ["sato@example.go.jp", "tanaka@vendor-a.example"]  # yamada made it
    assert by_subject["[議事録] 定例会議"] == ["tanaka@vendor-a.example"]


def test_the_author_is_never_told_of_their_own_mention_and_members_without_mail_are_skipped(tracker, smtp):
    write(tracker, "issues/HOJO/HOJO-1/comments/20261125T100000-tanaka.md",
          "---\nauthor: tanaka\ndate: 2026-11-25T10:00:00+09:00\n---\n@tanaka と @suzuki で対応します。\n")
    git(tracker, "add", "-A")
    git(tracker, "commit", "-qm", "Self mention", author=("田中 一郎", "tanaka@vendor-a.example"))
    assert notify(tracker) == 0
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["yamada@example.go.jp"]


def test_an_unknown_mention_is_a_finding_at_its_line_and_column(tracker):
    write(
        tracker, "issues/HOJO/HOJO-1/comments/20261125T100000-tanaka.md",
        "---\nauthor: tanaka\ndate: 2026-11-25T10:00:00+09:00\n---\n確認しました。\n"
        "詳細は @高橋 さんへ。`@code` と tanaka@vendor-a.example は数えません。\n"
    )
    _, findings = validate(tracker)
    found = [f for f in findings if f.code == "unknown-mention"]
    assert [(f.path, f.line, f.col, f.severity) for f in found] == [
        ("issues/HOJO/HOJO-1/comments/20261125T100000-tanaka.md", 6, 5, "warning")
    ]
    assert "@高橋" in found[0].text("ja") and "誰にも通知されません" in found[0].text("ja")
    assert main(["validate", "--root", str(tracker)]) == 0  # a warning, not an error


def test_the_site_links_a_mention_to_the_member_page(tracker):
    write(tracker, "issues/HOJO/HOJO-1/comments/20261125T100000-tanaka.md",
          "---\nauthor: tanaka\ndate: 2026-11-25T10:00:00+09:00\n---\n@山田 さん、@nobody は誰でもありません。\n")
    [page] = [p for p in build_pages(load(tracker).tracker, date(2026, 11, 25)) if p.path == "issues/HOJO-1.md"]
    assert '<a class="tsuzuri-mention" href="@members/yamada.md">@山田</a>' in page.html
    assert "@nobody" in page.html and 'tsuzuri-mention" href="@members/nobody' not in page.html
