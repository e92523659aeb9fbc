"""``tsuzuri mail ingest``: replies become comments, inquiries become issues, the rest is quarantined."""

from __future__ import annotations

import mailbox
from pathlib import Path

from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load
from tsuzuri.validate import validate

from .conftest import git
from .mails import encoded_word, raw_mail, utf8_mail

DATE = "Mon, 23 Nov 2026 10:15:00 +0900"

OUTLOOK_CHAIN = """\
承知しました。全角数字は半角に変換します。
①の項目も対応済みです。

田中

-----Original Message-----
差出人: 山田 太郎 <yamada@example.go.jp>
送信日時: 2026年11月21日 9:30
宛先: 田中 一郎 <tanaka@vendor-a.example>
件名: RE: [MIRA-12] 申請フォームの入力チェック仕様について

全角数字は半角に変換して受け付けてください。

From: 田中 一郎 <tanaka@vendor-a.example>
Sent: Friday, November 20, 2026 10:00 AM
To: 山田 太郎 <yamada@example.go.jp>
Subject: [MIRA-12] 申請フォームの入力チェック仕様について

郵便番号欄の全角数字を受け付けるかご確認ください。
"""


def ingest(tracker: Path, *paths: Path, extra: tuple = ()) -> int:
    args = ["mail", "ingest", "--root", str(tracker), *extra]
    for p in paths:
        args += ["--eml", str(p)]
    return main(args)


def drop(folder: Path, name: str, raw: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(raw)
    return path


def comments(tracker: Path, key: str = "MIRA-12") -> list[Path]:
    folder = tracker / "issues" / key.split("-")[0] / key / "comments"
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def test_iso2022jp_outlook_reply_becomes_a_comment_without_the_quoted_chain(tracker, tmp_path):
    raw = raw_mail(
        {
            "From": f"{encoded_word('田中 一郎', 'ISO-2022-JP', 'iso2022_jp')} <tanaka@vendor-a.example>",
            "To": "tracker@example.go.jp",
            "Subject": encoded_word("RE: [MIRA-12] 申請フォームの入力チェック仕様について", "ISO-2022-JP", "iso2022_jp"),
            "Date": DATE,
            "Message-ID": "<reply-1@vendor-a.example>",
            "Authentication-Results": "mx.example.go.jp; dkim=pass (good signature) header.d=vendor-a.example",
        },
        # Outlook writes ① as NEC row 13, which strict ISO-2022-JP codecs refuse.
        OUTLOOK_CHAIN.replace("①", "\x00").encode("iso2022_jp").replace(b"\x00", b"\x1b$B-!\x1b(B"),
        "iso-2022-jp",
    )
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", raw)) == 0
    [path] = comments(tracker)
    assert path.name == "20261123T101500-tanaka.md"
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "author: tanaka\n"
        'date: 2026-11-23T10:15:00+09:00\n'
        "via: mail\n"
        "message_id: reply-1@vendor-a.example\n"
        "---\n"
        "承知しました。全角数字は半角に変換します。\n"
        "①の項目も対応済みです。\n\n"
        "田中\n"
    )


def test_cp932_mail_to_the_plus_address_finds_its_issue(tracker, tmp_path):
    text = "お世話になっております。\r\n～（波ダッシュ）と①、㈱も読めること。\r\n\r\n-- \r\n田中 一郎\r\nA社\r\n"
    raw = raw_mail(
        {
            "From": "tanaka@vendor-a.example",
            "To": "tracker+MIRA-12@example.go.jp",
            "Subject": encoded_word("返信：仕様の件①", "Shift_JIS", "cp932"),
            "Date": DATE,
            "Message-ID": "<sjis-1@vendor-a.example>",
        },
        text.encode("cp932"),
        "Shift_JIS",
        "base64",
    )
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", raw)) == 0
    [path] = comments(tracker)
    assert path.read_text(encoding="utf-8").split("---\n", 2)[2] == "お世話になっております。\n～（波ダッシュ）と①、㈱も読めること。\n"


def test_euc_jp_reply_found_by_in_reply_to_and_alias_sender(tracker, tmp_path):
    raw = raw_mail(
        {
            "From": "Ichiro Tanaka <Ichiro.Tanaka@vendor-a.example>",
            "To": "tracker@example.go.jp",
            "Subject": encoded_word("Re: 確認", "EUC-JP", "euc_jp"),
            "Date": DATE,
            "Message-ID": "<euc-1@vendor-a.example>",
            "In-Reply-To": "<MIRA-12.0123456789abcdef@example.go.jp>",
            "References": "<MIRA-12@example.go.jp> <MIRA-12.0123456789abcdef@example.go.jp>",
        },
        "了解しました。\n\n2026年11月20日(金) 10:00 山田 太郎 <yamada@example.go.jp>:\n> 確認をお願いします。\n".encode("euc_jp"),
        "EUC-JP",
        "8bit",
    )
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", raw)) == 0
    [path] = comments(tracker)
    text = path.read_text(encoding="utf-8")
    assert "author: tanaka\n" in text and text.endswith("---\n了解しました。\n")


def test_utf8_quoted_printable_reply_drops_on_wrote_quotes_and_signature(tracker, tmp_path):
    msg = utf8_mail(
        "山田 太郎 <yamada@example.go.jp>", "tracker@example.go.jp", "Re: [MIRA-12] 申請フォームの入力チェック仕様について",
        "半角に変換する方針で進めてください。\n\nOn Mon, Nov 23, 2026 at 9:00 AM 田中 一郎 <tanaka@vendor-a.example>\nwrote:\n"
        "> 質問です。\n>\n\n-- \n山田\n",
        "<qp-1@example.go.jp>",
    )
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", msg.as_bytes())) == 0
    [path] = comments(tracker)
    assert path.read_text(encoding="utf-8").split("---\n", 2)[2] == "半角に変換する方針で進めてください。\n"


def test_html_only_mail_to_the_inquiry_address_opens_an_inquiry(tracker, tmp_path):
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>サイトの<b>お知らせ欄</b>について質問です。</p>"
        "<ul><li>掲載期間</li><li>掲載件数</li></ul>"
        "<p>詳細は<a href=\"https://example.go.jp/news\">こちら</a>。</p>"
        "</body></html>"
    )
    raw = raw_mail(
        {"From": "yamada@example.go.jp", "To": "toiawase@example.go.jp", "Subject": encoded_word("お知らせ欄の仕様", "UTF-8", "utf-8"),
         "Date": DATE, "Message-ID": "<html-1@example.go.jp>"},
        html.encode("utf-8"), "utf-8", "base64", subtype="html",
    )
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", raw)) == 0
    assert (tracker / "issues/MIRA/MIRA-13.md").read_text(encoding="utf-8") == (
        "---\n"
        "title: お知らせ欄の仕様\n"
        "type: inquiry\n"
        "status: open\n"
        "reporter: yamada\n"
        "created: 2026-11-23T10:15:00+09:00\n"
        'origin: "mail:html-1@example.go.jp"\n'
        "---\n"
        "サイトの**お知らせ欄**について質問です。\n\n"
        "- 掲載期間\n"
        "- 掲載件数\n\n"
        "詳細は[こちら](https://example.go.jp/news)。\n"
    )


def test_project_key_in_subject_opens_an_inquiry_there_and_attachments_are_saved(tracker, tmp_path):
    msg = utf8_mail(
        "tanaka@vendor-a.example", "someone@example.go.jp", "[HOJO] 様式の電子化について", "様式を添付します。\n",
        "<att-1@vendor-a.example>"
    )
    msg.add_attachment("様式第1号".encode(), maintype="application", subtype="octet-stream", filename=("utf-8", "", "様式 第1号.txt"))
    msg.add_attachment(b"x" * 5000, maintype="application", subtype="pdf", filename="大きな資料.pdf")
    raw = msg.as_bytes()
    assert b"filename*=utf-8''" in raw  # RFC 2231, as Thunderbird and Gmail write it
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", raw)) == 0
    saved = tracker / "issues/HOJO/HOJO-2/files"
    assert sorted(p.name for p in saved.iterdir()) == ["様式 第1号.txt"]
    assert (saved / "様式 第1号.txt").read_text(encoding="utf-8") == "様式第1号"
    assert (tracker / "issues/HOJO/HOJO-2.md").read_text(encoding="utf-8").split("---\n", 2)[2] == (
        "様式を添付します。\n\n"
        "添付ファイル:\n\n"
        "- [様式 第1号.txt](<HOJO-2/files/様式 第1号.txt>)\n\n"
        "※ 添付ファイル「大きな資料.pdf」は 4.9 KB で上限 2.0 KB を超えるため保存していません。\n"
    )


def test_refused_mail_is_quarantined_with_its_reason(tracker, tmp_path):
    stranger = utf8_mail("spam@elsewhere.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "買いませんか\n", "<s-1@elsewhere.example>")
    empty = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "> 引用だけ\n", "<e-1@vendor-a.example>")
    missing = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-99] 件", "本文\n", "<m-1@vendor-a.example>")
    nowhere = utf8_mail("tanaka@vendor-a.example", "someone@example.go.jp", "雑談", "本文\n", "<n-1@vendor-a.example>")
    auto = utf8_mail(
        "tanaka@vendor-a.example", "tracker@example.go.jp", "不在: [MIRA-12] 件", "不在です\n", "<a-1@vendor-a.example>",
        Auto_Submitted="auto-replied"
    )
    folder = tmp_path / "in"
    files = [drop(folder, f"{n}.eml", m.as_bytes()) for n, m in enumerate((stranger, empty, missing, nowhere, auto))]
    assert ingest(tracker, *files, extra=("--lang", "en")) == 0
    assert comments(tracker) == []
    kept = tracker / ".tsuzuri/quarantine"
    reasons = sorted(p.read_text(encoding="utf-8").split("\n")[1] for p in kept.glob("*.md"))
    assert reasons == ["reason: auto-reply", "reason: no-destination", "reason: no-text", "reason: not-a-member", "reason: unknown-issue"]
    assert sorted(p.read_bytes() for p in kept.glob("*.eml")) == sorted(f.read_bytes() for f in files)
    note = next(p for p in kept.glob("*.md") if "not-a-member" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8")
    assert "from: spam@elsewhere.example\n" in note and "The sender spam@elsewhere.example is not" in note


def test_the_same_mail_twice_adds_nothing(tracker, tmp_path):
    reply = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "一度だけ。\n", "<twice@vendor-a.example>")
    inquiry = utf8_mail("tanaka@vendor-a.example", "toiawase@example.go.jp", "質問", "一件だけ。\n", "<twice-2@vendor-a.example>")
    files = [drop(tmp_path / "in", "1.eml", reply.as_bytes()), drop(tmp_path / "in", "2.eml", inquiry.as_bytes())]
    assert ingest(tracker, *files) == 0
    assert ingest(tracker, *files) == 0
    assert len(comments(tracker)) == 1
    assert sorted(p.name for p in (tracker / "issues/MIRA").glob("*.md")) == ["MIRA-12.md", "MIRA-13.md"]
    # What ingest wrote is a valid tracker that reads back as mail.
    _, findings = validate(tracker)
    assert [f for f in findings if f.severity == "error"] == []
    issues = load(tracker).tracker.issues
    assert issues["MIRA-13"].origin == "mail:twice-2@vendor-a.example" and issues["MIRA-13"].reporter == "tanaka"
    [comment] = issues["MIRA-12"].comments
    assert (comment.via, comment.message_id, comment.date.isoformat()) == ("mail", "twice@vendor-a.example", "2026-11-23T10:15:00+09:00")


def test_maildir_mail_is_marked_seen_only_after_it_is_committed_as_the_sender(tracker, tmp_path):
    git(tracker, "config", "user.name", "tsuzuri bot")
    git(tracker, "config", "user.email", "bot@example.go.jp")
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box.add(utf8_mail(
        "田中 一郎 <tanaka@vendor-a.example>", "tracker@example.go.jp", "Re: [MIRA-12] 件", "コミットされる返信。\n",
        "<md-1@vendor-a.example>",
        Authentication_Results="mx.example.go.jp; spf=pass smtp.mailfrom=vendor-a.example; dmarc=pass header.from=vendor-a.example"
    ).as_bytes())
    assert main(["mail", "ingest", "--root", str(tracker), "--maildir", str(tmp_path / "Maildir"), "--commit"]) == 0
    [path] = comments(tracker)
    log = git(tracker, "log", "-1", "--format=%an <%ae>|%s|%H", "--name-only")
    assert log.startswith("田中 一郎 <tanaka@vendor-a.example>|Add tanaka's mail reply to MIRA-12|")
    assert path.relative_to(tracker).as_posix() in log
    assert git(tracker, "status", "--porcelain", "--", "issues") == ""
    [message] = list(mailbox.Maildir(tmp_path / "Maildir"))
    assert "S" in message.get_flags() and message.get_subdir() == "cur"
    # A second run finds nothing unread.
    assert main(["mail", "ingest", "--root", str(tracker), "--maildir", str(tmp_path / "Maildir")]) == 0
    assert len(comments(tracker)) == 1


def test_mbox_source_and_one_source_rule(tracker, tmp_path, capsys):
    box = mailbox.mbox(tmp_path / "in.mbox")
    for n in range(3):
        box.add(utf8_mail(
            "tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", f"返信{n}\n", f"<mb-{n}@vendor-a.example>"
        ).as_bytes())
    box.flush()
    assert main(["mail", "ingest", "--root", str(tracker), "--mbox", str(tmp_path / "in.mbox")]) == 0
    assert sorted(p.read_text(encoding="utf-8").rsplit("---\n", 1)[1] for p in comments(tracker)) == ["返信0\n", "返信1\n", "返信2\n"]
    assert main(["mail", "ingest", "--root", str(tracker), "--lang", "en"]) == 2
    assert "give exactly one source" in capsys.readouterr().err


def test_attachment_names_cannot_leave_the_issue_folder(tracker, tmp_path):
    msg = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "資料です。\n", "<trav-1@vendor-a.example>")
    msg.add_attachment(b"evil", maintype="application", subtype="octet-stream", filename="../../../tsuzuri.yml")
    before = (tracker / "tsuzuri.yml").read_bytes()
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", msg.as_bytes())) == 0
    assert (tracker / "tsuzuri.yml").read_bytes() == before
    assert (tracker / "issues/MIRA/MIRA-12/files/tsuzuri.yml").read_bytes() == b"evil"
    [path] = comments(tracker)
    assert path.read_text(encoding="utf-8").endswith("資料です。\n\n添付ファイル:\n\n- [tsuzuri.yml](<../files/tsuzuri.yml>)\n")


def test_quarantined_mail_is_accepted_on_retry_once_the_sender_is_a_member(tracker, tmp_path):
    msg = utf8_mail(
        "suzuki@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "新しいアドレスからです。\n", "<new-addr@vendor-a.example>"
    )
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", msg.as_bytes())) == 0
    held = tracker / ".tsuzuri/quarantine"
    assert len(list(held.iterdir())) == 2 and comments(tracker) == []
    retry = ["mail", "ingest", "--root", str(tracker), "--retry-quarantine"]
    assert main(retry) == 0
    assert len(list(held.iterdir())) == 2  # still refused, still kept
    config = tracker / "tsuzuri.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("org: vendor-a}", "org: vendor-a, email: suzuki@vendor-a.example}"), encoding="utf-8"
    )
    assert main(retry) == 0
    assert list(held.iterdir()) == []
    [path] = comments(tracker)
    assert path.name == "20261123T101500-suzuki.md"


def test_refusals_and_the_summary_speak_the_tracker_s_language(tracker, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG", raising=False)
    stranger = utf8_mail("spam@elsewhere.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "買いませんか\n", "<s-2@elsewhere.example>")
    missing = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-99] 件", "本文\n", "<m-2@vendor-a.example>")
    files = [drop(tmp_path / "in", f"{n}.eml", m.as_bytes()) for n, m in enumerate((stranger, missing))]
    assert ingest(tracker, *files) == 0
    captured = capsys.readouterr()
    assert (
        f"隔離 {files[0]}: not-a-member: 送信者 spam@elsewhere.example は tsuzuri.yml "
        "のどのメンバーのメールアドレスや別名でもありません。\n"
    ) in captured.out
    assert f"隔離 {files[1]}: unknown-issue: 件名が課題 MIRA-99 を指していますが、その課題は存在しません。\n" in captured.out
    assert captured.err == "コメント 0 件、課題 0 件、重複 0 件、隔離 2 件\n"
    notes = [p.read_text(encoding="utf-8") for p in (tracker / ".tsuzuri/quarantine").glob("*.md")]
    assert any(n.endswith("---\n件名が課題 MIRA-99 を指していますが、その課題は存在しません。\n") for n in notes)
    monkeypatch.setenv("TSUZURI_LANG", "en")
    assert ingest(tracker, extra=("--retry-quarantine",)) == 0
    captured = capsys.readouterr()
    assert ": unknown-issue: The subject names issue MIRA-99, which does not exist.\n" in captured.out
    assert captured.err == "0 comments, 0 issues, 0 duplicates, 2 quarantined\n"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts and ".tsuzuri" not in p.parts}


def test_a_mail_whose_ingest_is_killed_half_way_leaves_nothing_behind(tracker, tmp_path):
    import subprocess
    import sys

    from tsuzuri.store import transaction

    msg = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "資料を二つ添付します。\n",
                    "<kill-1@vendor-a.example>")
    for n in (1, 2):
        msg.add_attachment(f"資料{n}".encode(), maintype="text", subtype="plain", filename=f"資料{n}.txt")
    eml = drop(tmp_path / "in", "1.eml", msg.as_bytes())
    before = _files(tracker)
    # The process dies (os._exit: no clean-up, as with SIGKILL) after two of the mail's three files landed.
    script = (
        "import os, sys\n"
        "from tsuzuri.store import transaction\n"
        "from tsuzuri.adapters.cli.main import main\n"
        "real, count = transaction.os.replace, [0]\n"
        "def dying(src, dst):\n"
        "    real(src, dst)\n"
        "    count[0] += 1\n"
        "    if count[0] == 2:\n"
        "        os._exit(9)\n"
        "transaction.os.replace = dying\n"
        "main(['mail', 'ingest', '--root', sys.argv[1], '--eml', sys.argv[2]])\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(tracker), str(eml)], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    assert _files(tracker) != before and len(transaction.leftovers(tracker)) == 1
    # The next command puts the tracker back as it was; the mail, never stored, is taken the next time.
    assert main(["validate", str(tracker)]) == 0
    assert _files(tracker) == before and transaction.leftovers(tracker) == []
    assert ingest(tracker, eml) == 0
    [comment] = comments(tracker)
    assert "資料1.txt" in comment.read_text(encoding="utf-8")
    assert sorted(p.name for p in (tracker / "issues/MIRA/MIRA-12/files").iterdir()) == ["資料1.txt", "資料2.txt"]


def test_a_failed_commit_takes_the_mails_files_back_out(tracker, tmp_path):
    msg = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "添付します。\n", "<fail-1@vendor-a.example>")
    msg.add_attachment(b"data", maintype="text", subtype="plain", filename="a.txt")
    eml = drop(tmp_path / "in", "1.eml", msg.as_bytes())
    before = _files(tracker)
    (tracker / ".git/index.lock").write_text("", encoding="utf-8")  # another Git command holds the index: the commit fails
    try:
        assert main(["mail", "ingest", "--root", str(tracker), "--eml", str(eml), "--commit"]) == 0
    finally:
        (tracker / ".git/index.lock").unlink()
    kept = [p.read_text(encoding="utf-8").split("\n")[1] for p in (tracker / ".tsuzuri/quarantine").glob("*.md")]
    assert kept == ["reason: cannot-store"]  # kept for a later run, with why
    assert _files(tracker) == before
