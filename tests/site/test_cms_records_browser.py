"""Comments and minutes written in the CMS land as valid files on a pull-request branch.

The same set-up as test_cms_browser.py: Debian's chromium, decap-server in Git mode playing the
forge; a reviewer merges the branches and the tracker validates strictly.
"""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlparse

import pytest

from tsuzuri.store import load

from .test_cms_browser import git, repo, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pick(page, label: str, typed: str, shown: str) -> None:
    """Choose an entry of a relation widget: type part of it, wait for the option, take it."""
    field = page.get_by_label(label, exact=True)
    field.wait_for()
    field.click()
    field.type(typed)
    option = page.locator(f"[id*='-option-']:has-text('{shown}')").first
    option.wait_for(timeout=60_000)
    option.click()


def _write(page, label: str, text: str) -> None:
    """Type into a Markdown widget (a rich-text editor, not a text box)."""
    editor = page.locator(f"[id$='-field-label']:has-text('{label}') ~ div [contenteditable='true']").first
    if not editor.count():
        editor = page.locator("[contenteditable='true']").last
    editor.click()
    page.keyboard.type(text)


def _new_comment_on_hojo_1(page, base: str) -> None:
    """Open the CMS's form for a new HOJO comment and choose HOJO-1 and its author."""
    page.goto(base + "tracker/admin/#/collections/comments-HOJO/new")
    _pick(page, "課題", "入力チェック", "HOJO-1")
    _pick(page, "投稿者", "山田", "山田 太郎")


def _save(page) -> None:
    page.click("button:has-text('保存')")
    page.wait_for_function("() => location.hash.includes('/entries/')")  # saved: the CMS moves to the entry it made


def test_a_comment_and_minutes_written_in_the_cms_validate_after_the_merge(browser, server, repo):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900}, timezone_id="Asia/Tokyo")
    hosts: set[str] = set()

    def route(r):
        host = urlparse(r.request.url).hostname
        hosts.add(host)
        r.continue_() if host == "127.0.0.1" else r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.request.post_data}") if "/api/" in r.url and r.status >= 500 else None)
    page.goto(server + "tracker/admin/")
    page.click("text=ログイン")
    page.wait_for_selector("text=コレクション")

    _new_comment_on_hojo_1(page, server)
    _write(page, "コメント", "CMS から回答します。全角数字は受け付けます。")
    _save(page)

    page.goto(server + "tracker/admin/#/collections/minutes/new")
    page.get_by_label("会議名", exact=True).wait_for()
    page.get_by_label("会議名", exact=True).fill("CMS で書いた定例会議")
    page.get_by_label("開催日", exact=True).fill("2026-12-01")
    _write(page, "議事内容", "HOJO-1 の回答を確認した。")
    _save(page)
    context.close()
    repo.backend.terminate()
    repo.backend.wait(timeout=10)

    branches = [b.strip(" *") for b in git(repo, "branch", "--list", "cms/*").splitlines()]
    assert len(branches) == 2, branches
    written = {b: git(repo, "show", "--name-only", "--format=", b).split() for b in branches}
    [comment_file] = [p for files in written.values() for p in files if "/comments/" in p]
    [minutes_file] = [p for files in written.values() for p in files if p.startswith("minutes/")]
    assert comment_file.startswith("issues/HOJO/HOJO-1/comments/") and comment_file.endswith("-yamada.md")
    assert minutes_file.startswith("minutes/2026/2026-12-01-") and minutes_file.endswith(".md")
    for branch in branches:
        git(repo, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)
    result = subprocess.run([sys.executable, "-m", "tsuzuri", "validate", "--strict", "--root", str(repo)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    tracker = load(repo).tracker
    [comment] = [c for c in tracker.issues["HOJO-1"].comments if c.path == comment_file]
    assert (comment.author, comment.via) == ("yamada", "web") and "全角数字は受け付けます" in comment.body
    [minutes] = [m for m in tracker.minutes if m.path == minutes_file]
    assert (minutes.title, str(minutes.date)) == ("CMS で書いた定例会議", "2026-12-01") and "HOJO-1" in minutes.body
    assert errors == [] and failed == [] and hosts == {"127.0.0.1"}
