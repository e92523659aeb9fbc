"""The tracker's layout and key patterns, spelled once in tsuzuri/layout.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tsuzuri import layout

PACKAGE = Path(layout.__file__).resolve().parent


@pytest.mark.parametrize(("path", "key"), [
    ("issues/MIRA/MIRA-12.md", "MIRA-12"), ("issues/KI_BAN2/KI_BAN2-1.md", "KI_BAN2-1"),
    ("issues/MIRA/HOJO-1.md", None), ("issues/MIRA/MIRA-012.md", None), ("issues/mira/mira-1.md", None),
    ("issues/MIRA/MIRA-1/comments/x.md", None),
])
def test_an_issue_file_is_named_after_its_key_in_its_projects_folder(path, key):
    found = layout.ISSUE_FILE_RE.match(path)
    assert (found.group(2) if found else None) == key


def test_comments_attachments_and_keys_in_text():
    assert layout.COMMENT_FILE_RE.match("issues/MIRA/MIRA-1/comments/20261121T093000-yamada.md").group(2) == "MIRA-1"
    assert layout.ATTACHMENT_RE.match("issues/MIRA/MIRA-1/files/画面.png").group(2) == "MIRA-1"
    assert layout.KEY_IN_TEXT_RE.findall("MIRA-12 と HOJO-3、but not x/MIRA-4 or MIRA-5a") == ["MIRA-12", "HOJO-3"]
    assert layout.BRACKETED_KEY_RE.search("Re: [MIRA-12] 入力チェック").group(1) == "MIRA-12"
    assert layout.issue_path("KI_BAN-7") == "issues/KI_BAN/KI_BAN-7.md"


def test_the_key_pattern_is_written_only_in_layout():
    spelled = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if "[A-Z][A-Z0-9_]*" in p.read_text(encoding="utf-8")]
    assert spelled == ["layout.py"]
