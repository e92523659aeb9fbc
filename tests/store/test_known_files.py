"""A check after a transaction takes the files it wrote from memory, and finds exactly what a read from disk finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tsuzuri.interchange.plan import ApplyFailed, Incoming, apply_plan, build_plan
from tsuzuri.store import load
from tsuzuri.store.transaction import Transaction
from tsuzuri.validate import findings, validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "trackers"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _stage_all(tx: Transaction, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        try:
            tx.stage(rel, data.decode("utf-8"))  # as text, the way imports hand over documents
        except UnicodeDecodeError:
            tx.stage(rel, data)  # a file in another encoding: its bytes


def test_findings_from_the_written_bytes_equal_findings_from_disk_on_a_tracker_with_errors(tmp_path):
    source = FIXTURES / "mistakes"
    root = tmp_path / "tracker"
    root.mkdir()
    shutil.copy(source / "tsuzuri.yml", root / "tsuzuri.yml")
    files = _files(source)
    # More kinds of mistakes than the fixture has, written through the transaction too
    files["issues/MIRA/MIRA-30.md"] = "---\ntitle: 「壊れた」\nstatus: [open\n---\n本文\n".encode()
    crlf = "\ufeff---\r\ntitle: BOM と CRLF\r\ntype: task\r\nstatus: open\r\nassignee: nobody\r\n---\r\n本文\r\n"
    files["issues/MIRA/MIRA-31.md"] = crlf.encode()
    files["issues/MIRA/MIRA-32.md"] = "---\ntitle: 日付\ntype: task\nstatus: open\ndue: 2026-02-30\n---\n".encode()
    files["issues/MIRA/MIRA-32/comments/20261201T090000-yamada.md"] = "---\nauthor: yamada\n---\n日付のないコメント\n".encode()
    files["issues/MIRA/MIRA-33.md"] = "---\ntitle: 課題\n---\n".encode("cp932")
    files["issues/MIRA/MIRA-34.md"] = b""
    with Transaction(root, "import") as tx:
        _stage_all(tx, files)
        tx.apply()
        written = tx.written
        from_memory = validate(root, known=written)[1]
        from_disk = validate(root)[1]
        tx.commit()
    assert "issues/MIRA/MIRA-31.md" in written and "issues/MIRA/MIRA-33.md" not in written
    assert all(written[rel] == (root / rel).read_bytes() for rel in written)
    codes = {f.code for f in from_disk}
    assert {"yaml-syntax", "broken-reference", "date", "duplicate-key", "encoding", "empty-file", "leftover-staging"} <= codes
    assert from_memory == from_disk


def test_the_known_bytes_are_what_the_check_reads(tmp_path):
    # The check parses exactly the bytes it is handed: a finding in them is found, at its line.
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "minimal", root)
    rel = "issues/MIRA/MIRA-1.md"
    good = (root / rel).read_bytes()
    bad = good.replace(b"status: ", b"status: [", 1)
    assert bad != good
    assert not any(f.path == rel for f in validate(root, known={rel: good})[1])
    found = [f for f in validate(root, known={rel: bad})[1] if f.path == rel]
    assert [f.code for f in found] == ["yaml-syntax"]


def test_written_leaves_out_removed_files_and_files_given_as_bytes(tmp_path):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "minimal", root)
    with Transaction(root, "import") as tx:
        tx.stage("issues/MIRA/MIRA-90.md", "---\ntitle: a\n---\n")
        tx.stage("issues/MIRA/MIRA-91.md", "---\ntitle: b\n---\n")
        tx.stage("issues/MIRA/MIRA-91.md", b"---\ntitle: c\n---\n")  # staged again as bytes
        tx.stage("issues/MIRA/MIRA-92.md", "---\ntitle: d\n---\n")
        tx.remove("issues/MIRA/MIRA-92.md")
        assert tx.written == {"issues/MIRA/MIRA-90.md": b"---\ntitle: a\n---\n"}


def test_an_import_whose_result_has_a_new_error_is_rolled_back(tmp_path):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "minimal", root)
    before = _files(root)
    loaded = load(root)
    plan = build_plan(loaded, [Incoming("row 1", "MIRA", {"title": "新しい課題", "type": "task", "status": "open", "assignee": "nobody"})])
    assert plan.count("create") == 1
    with pytest.raises(ApplyFailed) as failure:
        apply_plan(root, plan, findings)
    assert [f.code for f in failure.value.findings] == ["broken-reference"]
    assert _files(root) == before
