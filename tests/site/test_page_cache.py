"""The cache of rendered pages: a rebuild renders only what changed, and gives the site a fresh build gives."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.store.page_cache import FOLDER

from .conftest import FIXTURES, mkdocs_build


@pytest.fixture
def tracker(tmp_path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def pages(root: Path, *args: str) -> dict[str, bytes]:
    """Run `tsuzuri pages` and return every file it wrote, by path."""
    assert main(["pages", "--root", str(root), *args]) == 0
    folder = root / "docs" / "tracker"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def fresh(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same tracker's pages rendered without any cache, in another copy."""
    other = tmp_path / "fresh"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(root, other, ignore=shutil.ignore_patterns("tracker", "pages"))
    return pages(other, "--no-cache")


def entries(root: Path) -> set[str]:
    return {p.name for p in (root / FOLDER).rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    # The title of an issue other pages name (HOJO-1 blocks HOJO-2; boards and lists show it).
    ("issues/HOJO/HOJO-1.md", "title: 申請フォームの入力チェック仕様について", "title: 入力チェックの仕様"),
    # A comment that names another issue: that page and this one change.
    ("issues/KIBAN/KIBAN-1.md", "SSO の方式について。", "SSO の方式について。HOJO-3 と関係します。"),
    # A member's name in tsuzuri.yml: every page that shows the member.
    ("tsuzuri.yml", "name: 山田 太郎", "name: 山田 一太郎"),
]


@pytest.mark.parametrize(("rel", "old", "new"), EDITS, ids=["title", "mention", "member"])
def test_a_rebuild_with_the_cache_equals_a_fresh_build(tracker, tmp_path, rel, old, new):
    first = pages(tracker)
    assert len(entries(tracker)) == sum(1 for p in first if p.endswith(".md"))  # one entry per page
    edit(tracker / rel, old, new)
    assert pages(tracker) == fresh(tracker, tmp_path)


def test_only_pages_that_show_the_edit_are_rendered_again(tracker):
    pages(tracker)
    before = entries(tracker)
    edit(tracker / "issues/KIBAN/KIBAN-1.md", "SSO の方式について。", "SSO の方式について(追記)。")
    after_files = pages(tracker)
    after = entries(tracker)
    rendered = after - before
    # KIBAN-1's own page, and the pages that show the whole tracker; not HOJO-1..3's pages.
    assert 1 <= len(rendered) < len(after) - 3
    assert len(after) == len(before)  # the old entries of changed pages are pruned
    assert "SSO の方式について(追記)" in after_files["issues/KIBAN-1.md"].decode()


def test_the_plugin_and_tsuzuri_pages_share_the_cache(tracker, tmp_path):
    pages(tracker)
    kept = entries(tracker)
    mkdocs_build(tracker, tmp_path / "site")
    assert entries(tracker) == kept  # MkDocs found every page there and rendered none anew
    html = (tmp_path / "site" / "tracker" / "issues" / "HOJO-1" / "index.html").read_text(encoding="utf-8")
    assert "申請フォームの入力チェック仕様について" in html


def test_an_unreadable_cache_entry_costs_only_a_render(tracker):
    first = pages(tracker)
    for entry in (tracker / FOLDER).rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\xff\xfe not text")
    shutil.rmtree(tracker / "docs" / "tracker")
    assert pages(tracker) == first
