"""The guard reads attachments: text and CSV, xlsx, docx, pptx and PDF, and says when it cannot."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guard_samples import docx_with_paragraphs, pdf_with_lines
from tsuzuri.guard import Guard, Unreadable, scan_file, scannable
from tsuzuri.model import Config, GuardConfig

GUARD = Guard(Config(guard=GuardConfig(markers=("取扱注意",))))
CARD = "4111 1111 1111 1111"


def test_text_and_csv_lines_are_scanned_in_utf8_and_cp932():
    csv = "氏名,電話\n山田,03-1234-5678\n".encode("cp932")
    [hit] = scan_file(GUARD, "名簿.csv", csv)
    assert (hit.rule, hit.line) == ("phone", 2)
    [hit] = scan_file(GUARD, "memo.txt", f"概要\n\nカード {CARD}\n".encode())
    assert (hit.rule, hit.line) == ("card", 3)


def test_workbook_cells_are_scanned_and_named(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "名簿"
    book.active["B3"] = "〒100-8901 東京都千代田区霞が関1-3-1"
    book.active["C4"] = 4111111111111111  # a number typed into a cell
    second = book.create_sheet("メモ")
    second["A1"] = "本資料は取扱注意"
    data = io.BytesIO()
    book.save(data)
    hits = scan_file(GUARD, "list.xlsx", data.getvalue())
    assert [(h.rule, h.where) for h in hits] == [("address", "名簿!B3"), ("address", "名簿!B3"), ("card", "名簿!C4"), ("marker", "メモ!A1")]
    assert hits[0].line == 3


def test_word_paragraphs_are_scanned_across_runs():
    hits = scan_file(GUARD, "報告.docx", docx_with_paragraphs("表紙", "連絡先 090-1234-5678", "以上"))
    assert [(h.rule, h.line) for h in hits] == [("phone", 2)]


def test_pdf_text_is_scanned_page_by_page():
    data = pdf_with_lines(["Report"], ["Contact", f"card {CARD}"])
    hits = scan_file(GUARD, "report.pdf", data)
    assert [(h.rule, h.where) for h in hits] == [("card", "p.2")]


def test_a_clean_file_has_no_hits():
    assert scan_file(GUARD, "ok.pdf", pdf_with_lines(["Nothing to see"])) == []
    assert scan_file(GUARD, "ok.docx", docx_with_paragraphs("問題のない文書")) == []


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("broken.pdf", b"%PDF-1.4\nnot really", "damaged"),
    ("broken.docx", b"PK\x03\x04 nothing", "damaged"),
    ("broken.xlsx", b"not a zip", "damaged"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0", "binary"),
    ("protected.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "encrypted"),
])
def test_a_file_that_cannot_be_read_says_why(name, data, reason):
    with pytest.raises(Unreadable) as raised:
        scan_file(GUARD, name, data)
    assert raised.value.message.id == f"guard.unreadable.{reason}"


def test_an_office_file_that_unpacks_too_large_is_not_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * (70 * 1024 * 1024) + b"</a>")
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(Unreadable) as raised:
        scan_file(GUARD, "bomb.docx", out.getvalue())
    assert raised.value.message.id == "guard.unreadable.too-large"


def test_inline_allow_markers_are_not_honoured_inside_attachments():
    assert [h.rule for h in scan_file(GUARD, "a.txt", b"03-1234-5678 tsuzuri:allow")] == ["phone"]


def test_images_and_archives_are_not_read_as_text():
    assert not scannable("photo.png") and not scannable("data.zip")
    assert scannable("名簿.CSV") and scannable("a.xlsx") and scannable("a.pdf") and scannable("a.docx")


_PIECES = st.sampled_from([
    "0", "1", "3", "4", "9", "-", " ", "(", ")", "+81", "@", "a", "x.jp", "〒", "東京都", "区", "市", "1丁目", "二丁目", "番地", "秘",
    "取扱注意", "パスワードは", "password=", "Ab3$", "ghp_", "AKIA", "-----BEGIN RSA PRIVATE KEY-----", "\n"
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_the_quick_look_over_a_whole_text_never_hides_a_finding(pieces):
    text = "".join(pieces)
    lines = [(n, "", line) for n, line in enumerate(text.split("\n"), 1)]
    assert GUARD.text(text) == list(GUARD.lines(lines, quick=False))  # with and without the quick look
