"""The site's forms and 自分のページ in Debian's chromium: each composed file goes into a real tracker and validates strictly."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tsuzuri.site.me import member_index, mentioned_members
from tsuzuri.store import load

from .conftest import FIXTURES, mkdocs_build, serving
from .test_browser import page  # noqa: F401  (a page that records every host; chromium comes from conftest)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_TITLE = "申請: {a, b} [x] #1 \"q\" 'r' & <b>x</b> =SUM(1) - ? *y !z %w @u `c`"


class _Forge(http.server.BaseHTTPRequestHandler):
    """A stand-in for the forge's web UI on loopback: it records every page asked for."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).seen.append(self.path)
        body = b"<!doctype html><title>forge</title><p>new file</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def fake_forge():
    _Forge.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Forge)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Forge.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def forge():
    with fake_forge() as found:
        yield found


@pytest.fixture(scope="module")
def tracker(tmp_path_factory, forge) -> Path:
    root = tmp_path_factory.mktemp("forms") / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    with (root / "tsuzuri.yml").open("a", encoding="utf-8") as f:
        f.write(f"forge: {{kind: github, url: \"{forge[0]}/o/r\", branch: main}}\n")
    return root


@pytest.fixture(scope="module")
def server(tracker, tmp_path_factory):
    site = mkdocs_build(tracker, tmp_path_factory.mktemp("forms-site"))
    with serving(site) as url:
        yield url


def composed(seen: list[str], before: int) -> tuple[str, str]:
    """Wait for the browser to open the forge's new-file page; return the (path, content) it carried."""
    deadline = time.monotonic() + 60  # a loaded machine can take seconds to run the form's script and open the page
    while len(seen) <= before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(seen) > before, "the form opened no forge page"
    url = urlparse(seen[-1])
    assert url.path == "/o/r/new/main"
    query = parse_qs(url.query, keep_blank_values=True)
    return query["filename"][0], query["value"][0]


def save_and_validate(root: Path, path: str, content: str) -> None:
    """Commit the composed file into the tracker as the forge would, and validate strictly."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tsuzuri", "validate", "--strict", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_issue_form_checks_like_the_validator_and_composes_a_valid_file(page, server, forge, tracker):  # noqa: F811
    seen = forge[1]
    page.goto(server + "tracker/new/HOJO/")
    assert page.inner_text(".tsuzuri-form-key strong") == "HOJO-4"  # the next free key at build time
    # Selects show labels with their ids, from tsuzuri.yml.
    assert "未対応" in page.inner_text("#tsuzuri-f-status") and "田中 一郎" in page.inner_text("#tsuzuri-f-assignee")
    before = len(seen)
    page.click("button[type=submit]")
    assert page.inner_text("#tsuzuri-e-title") != ""
    assert page.get_attribute("#tsuzuri-f-title", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "tsuzuri-f-title"
    page.fill("#tsuzuri-f-title", HOSTILE_TITLE)
    page.select_option("#tsuzuri-f-assignee", "tanaka")
    page.select_option("#tsuzuri-f-categories", ["form"])
    page.fill("#tsuzuri-f-start", "2026-12-10")
    page.fill("#tsuzuri-f-due", "2026-12-01")
    page.fill("#tsuzuri-f-parent", "HOJO-99")
    page.click("button[type=submit]")
    assert page.inner_text("#tsuzuri-e-due") != "" and page.inner_text("#tsuzuri-e-parent") != ""
    assert len(seen) == before  # nothing leaves the page while the entry has errors
    page.fill("#tsuzuri-f-due", "2026-12-20")
    page.fill("#tsuzuri-f-parent", "hojo-1")
    page.fill("#tsuzuri-f-estimate", "2.5")
    page.fill("#tsuzuri-f-body", "申請フォームの確認\n\n- 郵便番号\n\x07")
    page.click("button[type=submit]")
    path, content = composed(seen, before)
    assert path == "issues/HOJO/HOJO-4.md"
    assert page.input_value(".tsuzuri-form-file") == content
    save_and_validate(tracker, path, content)
    issue = load(tracker).tracker.issues["HOJO-4"]
    assert issue.title == HOSTILE_TITLE
    assert (issue.type, issue.status, issue.assignee, issue.categories, issue.parent) == ("task", "open", "tanaka", ("form",), "HOJO-1")
    assert (str(issue.start), str(issue.due), issue.estimate) == ("2026-12-10", "2026-12-20", 2.5)
    assert issue.body.strip() == "申請フォームの確認\n\n- 郵便番号"  # the control character never reached the file
    assert page.errors == [] and set(page.hosts) == {"127.0.0.1"}


def test_comment_form_writes_a_comment_file_in_the_issues_folder(page, server, forge, tracker):  # noqa: F811
    seen = forge[1]
    page.goto(server + "tracker/issues/HOJO-2/")
    page.click("a.tsuzuri-comment-link")
    assert page.evaluate("document.activeElement.id") == "tsuzuri-f-author"
    before = len(seen)
    page.click("#tsuzuri-comment button[type=submit]")
    assert page.inner_text("#tsuzuri-e-author") != "" and page.inner_text("#tsuzuri-e-body") != ""
    page.select_option("#tsuzuri-f-author", "suzuki")
    page.fill("#tsuzuri-comment #tsuzuri-f-body", "確認しました。--- で始まる行\n---\n@yamada さん、ご確認ください。")
    page.click("#tsuzuri-comment button[type=submit]")
    path, content = composed(seen, before)
    assert path.startswith("issues/HOJO/HOJO-2/comments/") and path.endswith("-suzuki.md")
    save_and_validate(tracker, path, content)
    comment = load(tracker).tracker.issues["HOJO-2"].comments[-1]
    assert (comment.author, comment.via) == ("suzuki", "web")
    assert comment.date.utcoffset().total_seconds() == 9 * 3600  # the tracker's zone, Asia/Tokyo
    assert "ご確認ください" in comment.body


def test_new_minutes_form_composes_the_file_in_the_years_folder(page, server, forge, tracker):  # noqa: F811
    seen = forge[1]
    page.goto(server + "tracker/minutes/")
    page.click("a.tsuzuri-add")
    page.fill("#tsuzuri-f-title", "第1回 キックオフ: 体制 [確定]")
    page.fill("#tsuzuri-f-date", "2026-12-01")
    page.select_option("#tsuzuri-f-project", "HOJO")
    page.select_option("#tsuzuri-f-attendees", ["yamada", "tanaka"])
    page.fill("#tsuzuri-f-slug", "キックオフ")
    before = len(seen)
    page.click("button[type=submit]")
    assert page.inner_text("#tsuzuri-e-slug") != ""
    page.fill("#tsuzuri-f-slug", "kickoff")
    page.fill("#tsuzuri-f-body", "## 決定事項\n- HOJO-1 は回答済み")
    page.click("button[type=submit]")
    path, content = composed(seen, before)
    assert path == "minutes/2026/2026-12-01-kickoff.md"
    save_and_validate(tracker, path, content)
    minutes = next(m for m in load(tracker).tracker.minutes if m.path == path)
    assert (minutes.title, minutes.attendees, minutes.project) == ("第1回 キックオフ: 体制 [確定]", ("yamada", "tanaka"), "HOJO")


def test_my_page_lists_what_a_member_is_involved_in_and_remembers_them(page, server):  # noqa: F811
    t = load(FIXTURES / "small").tracker  # the tracker as the site was built (other tests add files after)
    page.goto(server + "tracker/me/")
    assert page.is_hidden(".tsuzuri-me-lists")
    page.select_option("#tsuzuri-me-member", "yamada")

    def listed(name: str) -> list[str]:
        return page.eval_on_selector_all(f'[data-list="{name}"] tbody a.tsuzuri-key', "links => links.map(a => a.textContent)")

    open_issues = [i for i in t.issues.values() if not i.is_done(t.config)]
    assert sorted(listed("assigned")) == sorted(i.key for i in open_issues if i.assignee == "yamada") != []
    assert sorted(listed("reported")) == sorted(i.key for i in open_issues if i.reporter == "yamada")
    index = member_index(t.config)
    assert sorted(listed("mentioned")) == sorted(i.key for i in open_issues if "yamada" in mentioned_members(i, index))
    waiting = listed("waiting")
    assert all(t.issues[k].type == "inquiry" and t.issues[k].assignee == "yamada" for k in waiting)
    page.reload()
    assert page.input_value("#tsuzuri-me-member") == "yamada"  # remembered in this browser, sent nowhere
    assert page.errors == [] and set(page.hosts) == {"127.0.0.1"}
