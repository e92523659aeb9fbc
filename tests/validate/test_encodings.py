"""Files that are not UTF-8 text get a clear error naming the encoding and the fix."""

from __future__ import annotations

import pytest

from tsuzuri.validate import validate

ISSUE = "---\ntitle: 文字コードの確認\ntype: task\nstatus: open\n---\n本文です。\n"


def _issue(root, name, data: bytes):
    (root / "issues" / "MIRA" / name).write_bytes(data)


def _codes(root, name):
    _, findings = validate(root)
    return [(f.code, f.message) for f in findings if f.path == f"issues/MIRA/{name}"]


def test_utf8_with_bom_is_read(minimal):
    _issue(minimal, "MIRA-20.md", b"\xef\xbb\xbf" + ISSUE.encode("utf-8"))
    loaded, findings = validate(minimal)
    assert findings == []
    assert loaded.tracker.issues["MIRA-20"].title == "文字コードの確認"


def test_crlf_line_endings_are_read(minimal):
    _issue(minimal, "MIRA-20.md", ISSUE.replace("\n", "\r\n").encode("utf-8"))
    loaded, findings = validate(minimal)
    assert findings == [] and loaded.tracker.issues["MIRA-20"].body == "本文です。\n"


@pytest.mark.parametrize("encoding, word", [("cp932", "Shift_JIS/CP932"), ("euc_jp", "EUC-JP")])
def test_japanese_legacy_encodings_are_named(minimal, encoding, word):
    _issue(minimal, "MIRA-20.md", ISSUE.encode(encoding))
    [(code, message)] = _codes(minimal, "MIRA-20.md")
    assert code == "encoding"
    assert word in message and "iconv" in message


def test_utf16_is_named(minimal):
    _issue(minimal, "MIRA-20.md", ISSUE.encode("utf-16"))
    [(code, message)] = _codes(minimal, "MIRA-20.md")
    assert code == "encoding" and "UTF-16" in message


def test_binary_and_empty_files(minimal):
    _issue(minimal, "MIRA-20.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    _issue(minimal, "MIRA-21.md", b"")
    assert [c for c, _ in _codes(minimal, "MIRA-20.md")] == ["binary-file"]
    assert [c for c, _ in _codes(minimal, "MIRA-21.md")] == ["empty-file"]


def test_missing_front_matter(minimal):
    _issue(minimal, "MIRA-20.md", "タイトルだけ\n".encode())
    _issue(minimal, "MIRA-21.md", b"---\ntitle: x\n")
    assert [c for c, _ in _codes(minimal, "MIRA-20.md")] == ["front-matter-missing"]
    assert [c for c, _ in _codes(minimal, "MIRA-21.md")] == ["front-matter-unclosed"]
