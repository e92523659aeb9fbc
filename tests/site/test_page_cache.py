"""The cache of rendered pages: a rebuild renders only what changed, and gives the site a fresh build gives."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.site import output
from tsuzuri.site.context import SiteContext
from tsuzuri.site.links import Layout
from tsuzuri.site.markers import find
from tsuzuri.site.page_keys import PageKeys
from tsuzuri.store import load
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
    # A comment that names another issue: that issue's page and this one change.
    ("issues/KIBAN/KIBAN-1.md", "SSO の方式について。", "SSO の方式について。HOJO-3 と関係します。"),
    # A member's name in tsuzuri.yml: every page that shows the member.
    ("tsuzuri.yml", "name: 山田 太郎", "name: 山田 一太郎"),
    # An issue handed from one vendor's member to another's: both members' and both organizations' pages.
    ("issues/HOJO/HOJO-2.md", "assignee: tanaka", "assignee: suzuki"),
    # Someone starts to watch an issue: their page lists it.
    ("issues/HOJO/HOJO-2.md", "parent: HOJO-1", "parent: HOJO-1\nwatchers: [yamada]"),
    # An issue leaves its milestone: the milestone's page and its burndown.
    ("issues/HOJO/HOJO-1.md", "milestone: v1\n", ""),
]


@pytest.mark.parametrize(("rel", "old", "new"), EDITS, ids=["title", "mention", "member", "assignee", "watcher", "milestone"])
def test_a_rebuild_with_the_cache_equals_a_fresh_build(tracker, tmp_path, rel, old, new):
    first = pages(tracker)
    hand_written = len(find((tracker / "docs" / "index.md").read_text(encoding="utf-8")))
    # One entry per page, one for the data files, one per marker of a hand-written page.
    assert len(entries(tracker)) == sum(1 for p in first if p.endswith(".md")) + 1 + hand_written
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


def keys_of(tracker: Path, *folders: str) -> dict[str, str]:
    """Return the page keys of the pages in ``folders``, by path."""
    ctx = SiteContext(load(tracker).tracker, date(2026, 11, 25))
    page_keys = PageKeys(ctx, Layout())
    return {p.path: page_keys.key(p) for p in output.plans(ctx, frozenset()) if p.path.startswith(folders)}


def test_a_project_board_and_milestones_are_rendered_again_only_for_an_edit_in_the_project(tracker):
    before = keys_of(tracker, "boards/", "milestones/")
    assert {"boards/HOJO.md", "boards/KIBAN.md", "milestones/HOJO/v1.md"} <= set(before)
    edit(tracker / "issues/KIBAN/KIBAN-1.md", "SSO の方式について。", "SSO の方式について(追記)。")
    after = keys_of(tracker, "boards/", "milestones/")
    assert {p for p in before if before[p] != after[p]} == {"boards/KIBAN.md"}
    edit(tracker / "issues/HOJO/HOJO-1.md", "milestone: v1\n", "")
    last = keys_of(tracker, "boards/", "milestones/")
    assert {p for p in after if after[p] != last[p]} == {"boards/HOJO.md", "milestones/HOJO/v1.md"}


def test_a_member_page_is_rendered_again_only_when_an_issue_it_lists_changes(tracker):
    def keys() -> dict[str, str]:
        return keys_of(tracker, "members/", "organizations/")

    before = keys()
    assert len(before) == 6
    edit(tracker / "issues/HOJO/HOJO-2.md", "title: 郵便番号の自動補完", "title: 郵便番号からの住所補完")
    after = keys()
    changed = {path for path in before if before[path] != after[path]}
    assert changed == {"members/tanaka.md", "organizations/vendor-a.md"}  # HOJO-2's assignee and her organization
    assert "郵便番号からの住所補完" in pages(tracker)["members/tanaka.md"].decode()


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


def test_a_build_split_by_project_renders_each_issue_page_once_and_equals_a_whole_build(tracker, tmp_path, capsys):
    """Two jobs render HOJO's and KIBAN's issue pages into their own copies; their caches together make the build."""
    parts = {}
    jobs = {project: tmp_path / f"job-{project}" for project in ("HOJO", "KIBAN")}
    for job in jobs.values():
        shutil.copytree(tracker, job)  # each job has its own checkout of the same commit
    for project, job in jobs.items():
        capsys.readouterr()
        assert main(["pages", "--root", str(job), "--project", project]) == 0
        assert capsys.readouterr().out.startswith(f"{project}: ")
        assert not (job / "docs" / "tracker" / "issues").exists()  # nothing but the cache was written
        parts[project] = entries(job)
    for job in jobs.values():
        for entry in (job / FOLDER).rglob("*"):
            if entry.is_file():
                target = tracker / FOLDER / entry.relative_to(job / FOLDER)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry, target)
    issue_pages = {p for p in fresh(tracker, tmp_path) if p.startswith("issues/") and p.count("/") == 1}
    assert len(parts["HOJO"]) + len(parts["KIBAN"]) == len(issue_pages)  # each job rendered its own issues only
    assert not parts["HOJO"] & parts["KIBAN"]
    assembled = pages(tracker)
    assert assembled == fresh(tracker, tmp_path)
    # The assembled build found every issue page in the cache: only the other pages were added.
    assert parts["HOJO"] | parts["KIBAN"] <= entries(tracker)
    hand_written = len(find((tracker / "docs" / "index.md").read_text(encoding="utf-8")))
    others = sum(1 for p in assembled if p.endswith(".md")) - len(issue_pages) + 1 + hand_written  # + the data files and markers
    assert len(entries(tracker) - parts["HOJO"] - parts["KIBAN"]) == others


def test_an_unknown_project_is_a_message_naming_the_known_ones(tracker, capsys):
    assert main(["pages", "--root", str(tracker), "--project", "NOPE"]) == 2
    err = capsys.readouterr().err
    assert "NOPE" in err and "HOJO" in err and "Traceback" not in err


def test_the_cache_writes_nothing_through_a_linked_folder(tmp_path):
    from tsuzuri.store.page_cache import FOLDER, open_cache

    root = tmp_path / "tracker"
    (root / ".tsuzuri-cache").mkdir(parents=True)
    (root / "tsuzuri.yml").write_text("projects: []\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / FOLDER).symlink_to(outside, target_is_directory=True)
    cache = open_cache(root)
    key = "ab" + "0" * 62
    cache.put(key, "<p>page</p>")  # refused: costs only a render next time
    assert list(outside.rglob("*")) == []
    assert cache.get(key) is None
