"""atomic_write gives files the permissions a plain write would."""

import os
import stat

import pytest

from tsuzuri.store.writer import atomic_write, atomic_write_bytes


def test_new_file_follows_umask(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a.md", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / "b.md"
    path.write_text("old\n")
    path.chmod(0o664)
    atomic_write(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert path.read_text() == "new\n"


def test_exclusive_new_file_is_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "c.md", "x\n", exclusive=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "c.md").stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"old workbook")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b"new" * 1000)
    assert path.read_bytes() == b"old workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.xlsx"]
