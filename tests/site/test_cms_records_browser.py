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

from .cms_driver import expect_draft, new_comment_on_hojo_1, open_new_entry, save, sign_in, watch_store, write
from .test_cms_browser import git, repo, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_comment_and_minutes_written_in_the_cms_validate_after_the_merge(browser, server, repo):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900}, timezone_id="Asia/Tokyo")
    hosts: set[str] = set()

    def route(r):
        host = urlparse(r.request.url).hostname
        hosts.add(host)
        r.continue_() if host == "127.0.0.1" else r.abort()

    context.route("**/*", route)
    watch_store(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.request.post_data}") if "/api/" in r.url and r.status >= 500 else None)
    sign_in(page, server)

    new_comment_on_hojo_1(page, server)
    write(page, "コメント", "CMS から回答します。全角数字は受け付けます。")
    expect_draft(page, {"issue": "HOJO-1", "author": "yamada"}, {"body": "全角数字は受け付けます"})
    save(page)

    open_new_entry(page, server, "minutes")
    page.get_by_label("会議名", exact=True).fill("CMS で書いた定例会議")
    page.get_by_label("開催日", exact=True).fill("2026-12-01")
    write(page, "議事内容", "HOJO-1 の回答を確認した。")
    expect_draft(page, {"title": "CMS で書いた定例会議", "date": "2026-12-01"}, {"body": "HOJO-1 の回答を確認した。"})
    save(page)
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
