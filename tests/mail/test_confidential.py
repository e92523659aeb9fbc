"""Mail ingest quarantines a mail that would bring confidential data in, and says what it found."""

from __future__ import annotations

from guard_samples import pdf_with_lines, with_check_digit
from tsuzuri.guard import Guard
from tsuzuri.store import load

from .mails import utf8_mail
from .test_ingest import comments, drop, ingest

NUMBER = with_check_digit("31415926535")


def _reasons(tracker):
    kept = tracker / ".tsuzuri/quarantine"
    return sorted(p.read_text(encoding="utf-8") for p in kept.glob("*.md")) if kept.is_dir() else []


def test_a_reply_with_an_individual_number_is_quarantined_not_recorded(tracker, tmp_path):
    reply = utf8_mail(
        "tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", f"申請者の個人番号は {NUMBER} です。\n",
        "<c-1@vendor-a.example>"
    )
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", reply.as_bytes())) == 0
    assert comments(tracker) == []
    [note] = _reasons(tracker)
    assert "reason: confidential\n" in note
    assert "本文 の 1 行目に個人番号(マイナンバー)" in note and NUMBER not in note


def test_an_attachment_or_the_subject_of_an_inquiry_is_checked_too(tracker, tmp_path):
    invoice = utf8_mail(
        "tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 明細", "明細を添付します。\n", "<c-2@vendor-a.example>"
    )
    invoice.add_attachment(pdf_with_lines(["card 4111 1111 1111 1111"]), maintype="application", subtype="pdf", filename="meisai.pdf")
    inquiry = utf8_mail(
        "tanaka@vendor-a.example", "toiawase@example.go.jp", "折り返し 090-1234-5678 まで", "よろしくお願いします。\n",
        "<c-3@vendor-a.example>"
    )
    files = [drop(tmp_path / "in", "1.eml", invoice.as_bytes()), drop(tmp_path / "in", "2.eml", inquiry.as_bytes())]
    assert ingest(tracker, *files, extra=("--lang", "en")) == 0
    assert comments(tracker) == [] and sorted(p.name for p in (tracker / "issues/MIRA").glob("*.md")) == ["MIRA-12.md"]
    assert not (tracker / "issues/MIRA/MIRA-12/files").exists()
    notes = _reasons(tracker)
    assert any("a credit card number (************1111) in meisai.pdf at p.1" in n for n in notes), notes
    assert any("a phone number (090****5678) in the title line 1" in n for n in notes), notes


def test_a_sender_cannot_allow_it_inline_but_the_office_can_by_fingerprint(tracker, tmp_path):
    text = "代表番号 03-1234-5678 までお電話ください。 tsuzuri:allow\n"
    reply = utf8_mail("tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [MIRA-12] 件", text, "<c-4@vendor-a.example>")
    raw = reply.as_bytes()
    assert ingest(tracker, drop(tmp_path / "in", "1.eml", raw)) == 0
    assert comments(tracker) == [] and len(_reasons(tracker)) == 1
    [hit] = Guard(load(tracker).tracker.config).text(text, inline_allow=False)
    config = tracker / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"guard:\n  allow: [\"{hit.fingerprint}\"]\n", encoding="utf-8")
    assert ingest(tracker, drop(tmp_path / "in2", "1.eml", raw)) == 0
    assert len(comments(tracker)) == 1
