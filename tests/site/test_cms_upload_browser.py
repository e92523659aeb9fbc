"""An image uploaded in the CMS lands in the issue's own files/ and its link resolves there.

The same set-up as test_cms_browser.py: Debian's chromium, decap-server in Git mode playing the
forge. An image inserted into a new comment is saved on the comment's pull-request branch under
``issues/<P>/<KEY>/files/`` (never the shared ``files/<PROJECT>/`` tree), the comment links it as
``../files/<name>``, and after the merge the tracker validates strictly and the comment lists it.
"""

from __future__ import annotations

import base64
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from tsuzuri.store import load

from .cms_driver import expect_draft, new_comment_on_hojo_1, save, sign_in, watch_store, write
from .test_cms_browser import git, repo, server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A 1x1 transparent PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def test_an_image_uploaded_with_a_comment_lands_in_the_issues_files(browser, server, repo, tmp_path):  # noqa: F811
    image = tmp_path / "screen.png"
    image.write_bytes(PNG)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, timezone_id="Asia/Tokyo")
    context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort())
    watch_store(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    sign_in(page, server)
    new_comment_on_hojo_1(page, server)
    write(page, "コメント", "画面を添付します。")
    page.locator("[class*='ToolbarDropdown'] button").last.click()  # the "+" menu of editor components
    page.get_by_text("Image", exact=True).click()
    page.locator("button:has-text('画像を選択')").first.click()
    page.wait_for_selector("input[type=file]", state="attached")
    page.set_input_files("input[type=file]", str(image))
    page.get_by_text("screen.png", exact=True).wait_for()
    page.locator("button:has-text('選択する')").click()
    page.get_by_text("screen.png", exact=True).wait_for(state="hidden")  # the library closed with the image chosen
    expect_draft(page, {"issue": "HOJO-1", "author": "yamada"}, {"body": "../files/screen.png"})
    save(page)
    context.close()
    repo.backend.terminate()
    repo.backend.wait(timeout=10)

    branches = [b.strip(" *") for b in git(repo, "branch", "--list", "cms/*").splitlines()]
    written = [p for b in branches for p in git(repo, "show", "--name-only", "--format=", b).split()]
    assert "issues/HOJO/HOJO-1/files/screen.png" in written, written
    assert not [p for p in written if p.startswith("files/")], written
    [comment_file] = [p for p in written if "/comments/" in p and "screen" not in p]
    [branch] = [b for b in branches if comment_file in git(repo, "show", "--name-only", "--format=", b)]
    assert "](../files/screen.png)" in git(repo, "show", f"{branch}:{comment_file}")
    git(repo, "merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)
    result = subprocess.run([sys.executable, "-m", "tsuzuri", "validate", "--strict", "--root", str(repo)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    issue = load(repo).tracker.issues["HOJO-1"]
    assert "issues/HOJO/HOJO-1/files/screen.png" in [a.path for a in issue.attachments]
    assert (repo / "issues/HOJO/HOJO-1/files/screen.png").read_bytes() == PNG
