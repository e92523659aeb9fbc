"""One bad mail never stops ingest: it is quarantined with its reason, nothing of it stays, the rest go on."""

from __future__ import annotations

import mailbox
import os
import subprocess
import sys
from pathlib import Path

from tsuzuri.adapters.cli.main import main

from .conftest import git
from .mails import utf8_mail

SOURCE = Path(__file__).resolve().parents[2] / "tools"


def quarantined(tracker: Path) -> dict[str, str]:
    """Map each quarantined mail's reason to its subject line in the .md beside it."""
    folder = tracker / ".tsuzuri/quarantine"
    found = {}
    for md in sorted(folder.glob("*.md")):
        text = md.read_text(encoding="utf-8")
        reason = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("reason: "))
        found[reason] = text
    return found


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "issues").rglob("*")}


def with_attachments(message_id: str, count: int, size: int = 100, key: str = "MIRA-12"):
    msg = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", f"Re: [{key}] 資料", "資料を送ります。\n", message_id)
    for n in range(count):
        msg.add_attachment(bytes([65 + n % 26]) * size, maintype="application", subtype="pdf", filename=f"資料{n + 1}.pdf")
    return msg.as_bytes()


def eml(folder: Path, name: str, raw: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(raw)
    return folder / name


def test_mails_that_crashed_ingest_are_quarantined_and_the_rest_proceed(tracker, tmp_path, capsys):
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    deep = b"".join(f"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n".encode() for i in range(10_000))
    bad = [
        b"From: \x93c\x92\x86 <tanaka@vendor-a.example>\r\nTo: tracker@example.go.jp\r\nSubject: Re: [MIRA-12] x\r\nMessage-ID: <b1@x>\r\n"
        b"\r\nbody\r\n",
        b"From: tanaka@vendor-a.example\r\nTo: tracker@example.go.jp\r\nSubject: =?utf-8?b?!!!?=\r\nMessage-ID: <b2@x>\r\n\r\nbody\r\n",
        b"From: tanaka@vendor-a.example\r\nTo: tracker@example.go.jp\r\nSubject: Re: [MIRA-12] x\r\nMessage-ID: <b3@x>\r\n"
        b"MIME-Version: 1.0\r\n" + deep,
    ]
    good = utf8_mail(
        "tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", "最後の返信は届きます。\n", "<good@vendor-a.example>"
    )
    for raw in (*bad, good.as_bytes()):
        box.add(raw)
    assert main(["mail", "ingest", "--root", str(tracker), "--maildir", str(tmp_path / "Maildir"), "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert "1 comment, 0 issues, 0 duplicates, 3 quarantined" in out.err
    held = quarantined(tracker)
    assert set(held) == {"malformed", "too-complex"}
    assert "The From header cannot be read" in out.out and "The Subject header cannot be read" in out.out
    # Every mail is marked, so the next run does not stop at the same mail again.
    assert list((tmp_path / "Maildir/new").iterdir()) == []
    assert all(p.name.endswith(":2,S") for p in (tmp_path / "Maildir/cur").iterdir())
    [comment] = (tracker / "issues/MIRA/MIRA-12/comments").glob("*.md")
    assert comment.read_text(encoding="utf-8").endswith("最後の返信は届きます。\n")


def test_a_failed_mail_leaves_no_attachment_behind_and_a_retry_adds_them_once(tracker, tmp_path, capsys):
    # The comments folder of MIRA-12 is a file: the comment cannot be written after its attachments were.
    blocker = tracker / "issues/MIRA/MIRA-12/comments"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder\n", encoding="utf-8")
    before = tree(tracker)
    first = eml(tmp_path / "in", "1.eml", with_attachments("<att-1@vendor-a.example>", 2))
    other = eml(tmp_path / "in", "2.eml", utf8_mail(
        "yamada@example.go.jp", "tracker@example.go.jp", "Re: [HOJO-1] 様式", "様式は確認しました。\n", "<hojo@example.go.jp>"
    ).as_bytes())
    assert main(["mail", "ingest", "--root", str(tracker), "--eml", str(first), "--eml", str(other), "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert "cannot-store" in out.out and "nothing of it was kept in the tracker" in out.out
    assert "1 comment, 0 issues, 0 duplicates, 1 quarantined" in out.err
    assert tree(tracker) - before == {
        "issues/HOJO/HOJO-1", "issues/HOJO/HOJO-1/comments",
        *(f"issues/HOJO/HOJO-1/comments/{p.name}" for p in (tracker / "issues/HOJO/HOJO-1/comments").iterdir())
    }
    assert not (tracker / "issues/MIRA/MIRA-12/files").exists()
    # Retried twice while still failing: still nothing behind, and one quarantine entry.
    for _ in range(2):
        assert main(["mail", "ingest", "--root", str(tracker), "--retry-quarantine"]) == 0
    assert not (tracker / "issues/MIRA/MIRA-12/files").exists()
    assert len(list((tracker / ".tsuzuri/quarantine").glob("*.eml"))) == 1
    # Once the cause is gone the mail goes in, with each attachment once.
    blocker.unlink()
    assert main(["mail", "ingest", "--root", str(tracker), "--retry-quarantine"]) == 0
    assert sorted(p.name for p in (tracker / "issues/MIRA/MIRA-12/files").iterdir()) == ["資料1.pdf", "資料2.pdf"]
    assert list((tracker / ".tsuzuri/quarantine").glob("*.eml")) == []


def test_limits_on_attachment_count_and_bytes_come_from_tsuzuri_yml(tracker, tmp_path, capsys):
    config = tracker / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  max_attachments: 2\n  max_attachments_bytes: 3000\n", encoding="utf-8")
    many = eml(tmp_path / "in", "many.eml", with_attachments("<many@vendor-a.example>", 3, 10))
    big = eml(tmp_path / "in", "big.eml", with_attachments("<big@vendor-a.example>", 2, 1600))
    fits = eml(tmp_path / "in", "fits.eml", with_attachments("<fits@vendor-a.example>", 2, 1400))
    assert main(["mail", "ingest", "--root", str(tracker), "--eml", str(tmp_path / "in"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"quarantined {many}: too-many-attachments: The mail carries more than 2 attachments (mail.max_attachments" in out
    assert f"quarantined {big}: too-large: The mail's attachments come to more than 2.9 KB (mail.max_attachments_bytes" in out
    assert f"quarantined {fits}" not in out and out.count("comment MIRA-12 issues/MIRA/MIRA-12/comments/") == 1
    assert sorted(p.name for p in (tracker / "issues/MIRA/MIRA-12/files").iterdir()) == ["資料1.pdf", "資料2.pdf"]


def test_a_bad_limit_in_tsuzuri_yml_is_a_message_naming_it(tracker, tmp_path, capsys):
    config = tracker / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  max_attachments: many\n", encoding="utf-8")
    mail = eml(tmp_path / "in", "1.eml", with_attachments("<x@vendor-a.example>", 1))
    assert main(["mail", "ingest", "--root", str(tracker), "--eml", str(mail), "--lang", "en"]) == 1
    assert "tsuzuri.yml: mail.max_attachments must be a whole number, not 'many'" in capsys.readouterr().err


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(SOURCE), "TSUZURI_LANG": "en"}


def test_a_second_ingest_on_the_same_tracker_is_refused_with_a_clear_message(tracker, tmp_path, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; from tsuzuri.store.lock import exclusive\n"
         f"with exclusive(Path({str(tracker / '.tsuzuri/ingest.lock')!r})):\n    print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_env(), text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        mail = eml(tmp_path / "in", "1.eml", with_attachments("<x@vendor-a.example>", 1))
        assert main(["mail", "ingest", "--root", str(tracker), "--eml", str(mail), "--lang", "en"]) == 1
        err = capsys.readouterr().err
        assert f"another mail ingest is running on this tracker (pid {holder.pid} since " in err
        assert "nothing was read" in err
        assert not (tracker / "issues/MIRA/MIRA-12/files").exists()
    finally:
        holder.communicate("")
    # The lock goes with the process that held it.
    assert main(["mail", "ingest", "--root", str(tracker), "--eml", str(mail)]) == 0
    assert (tracker / "issues/MIRA/MIRA-12/files").is_dir()


def test_two_ingests_at_once_on_one_maildir_never_duplicate_a_comment(tracker, tmp_path):
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for n in range(30):
        box.add(utf8_mail(
            "tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", f"返信 {n}\n", f"<par-{n}@vendor-a.example>"
        ).as_bytes())
    command = [sys.executable, "-m", "tsuzuri", "mail", "ingest", "--root", str(tracker), "--maildir", str(tmp_path / "Maildir"), "--quiet"]
    runs = [subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(r.wait(timeout=120), r.stderr.read()) for r in runs]
    for r in runs:
        r.stdout.close()
        r.stderr.close()
    assert sorted(code for code, _ in results) in ([0, 0], [0, 1])
    assert all("another mail ingest is running" in err for code, err in results if code == 1)
    bodies = [p.read_text(encoding="utf-8").rsplit("---\n", 1)[1] for p in (tracker / "issues/MIRA/MIRA-12/comments").glob("*.md")]
    assert sorted(bodies) == sorted(f"返信 {n}\n" for n in range(30))
    git(tracker, "status", "--porcelain")
