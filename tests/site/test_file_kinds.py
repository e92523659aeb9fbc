"""Attachments are named by the kind of file people know, never by a raw media type."""

from __future__ import annotations

import pytest

from tsuzuri.messages import CATALOG
from tsuzuri.site.file_kinds import KINDS, file_kind


@pytest.mark.parametrize(("name", "media", "ja", "en"), [
    ("見積.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel ブック", "Excel workbook"),
    ("旧様式.xls", "application/vnd.ms-excel", "Excel ブック", "Excel workbook"),
    ("仕様書.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文書", "Word document"),
    ("spec.pdf", "application/pdf", "PDF", "PDF"),
    ("画面.png", "image/png", "画像（PNG）", "image (PNG)"),
    ("photo", "image/jpeg", "画像（JPEG）", "image (JPEG)"),
    ("figure.svg", "image/svg+xml", "画像（SVG）", "image (SVG)"),
    ("返信.eml", "message/rfc822", "メール", "mail message"),
    ("一覧.csv", "text/csv", "CSV（表のデータ）", "CSV (spreadsheet data)"),
    # a type the reader could not guess: the extension decides, or it is a file with that extension
    ("発表.pptx", "application/octet-stream", "PowerPoint プレゼンテーション", "PowerPoint presentation"),
    ("data.bin", "application/octet-stream", "ファイル（.bin）", "file (.bin)"),
    ("README", "", "ファイル", "file"),
])
def test_files_are_named_by_their_kind(name, media, ja, en):
    assert file_kind(name, media, "ja") == ja
    assert file_kind(name, media, "en") == en


def test_every_kind_has_a_word():
    assert [k for k in KINDS if f"site.file-kind.{k}" not in CATALOG["en"] or f"site.file-kind.{k}" not in CATALOG["ja"]] == []
