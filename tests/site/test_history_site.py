"""What the site shows from Git history: issue timelines, activity, the feed, response times."""

from __future__ import annotations

import html as htmllib
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tracker_fixture import git, make_repo
from tsuzuri.site import SiteContext
from tsuzuri.site.activity import value_label
from tsuzuri.store import load
from tsuzuri.store.edit import edit_front_matter

from .conftest import mkdocs_build

MKDOCS = """\
site_name: history
docs_dir: docs
theme: {name: material, language: ja, font: false}
plugins:
  - tsuzuri:
      today: "2026-11-26"
"""

HOJO_2 = """\
---
title: 帳票の様式について
type: inquiry
status: open
priority: normal
reporter: hayashi
---
様式 3 の記入例はありますか。
"""

ATOM = "{http://www.w3.org/2005/Atom}"


def commit_all(root, message, author, when):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, "--date", when, author=author)


def edit(root, rel, changes, author, when):
    path = root / rel
    path.write_text(edit_front_matter(path.read_text(encoding="utf-8"), changes), encoding="utf-8")
    commit_all(root, f"Edit {rel}", author, when)


def comment(root, key, author, stamp, text, committer):
    path = root / f"issues/HOJO/{key}/comments/{stamp}-{author}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    iso = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:00+09:00"
    path.write_text(f"---\nauthor: {author}\ndate: {iso}\n---\n{text}\n", encoding="utf-8")
    commit_all(root, f"Comment on {key}", committer, iso)


def history_tracker(root):
    """A tracker whose Git history has members opening, answering, moving and closing inquiries."""
    make_repo(root)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# 課題管理\n\n<!-- tsuzuri:dashboard -->\n", encoding="utf-8")
    # The vendor's tanaka starts the tracker: HOJO-1 (an inquiry) is his.
    issue = root / "issues/HOJO/HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("reporter: yamada", "reporter: tanaka"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--amend", "--no-edit", "--reset-author", "--date", "2026-11-20T09:00:00+09:00", author="tanaka")
    comment(root, "HOJO-1", "yamada", "20261121T100000", "全角は半角に変換してください。", committer="sato")
    edit(root, "issues/HOJO/HOJO-1.md", {"status": "処理中", "assignee": "hayashi"}, "hayashi", "2026-11-22T09:00:00+09:00")
    (root / "issues/HOJO/HOJO-2.md").write_text(HOJO_2, encoding="utf-8")
    commit_all(root, "Open HOJO-2", "hayashi", "2026-11-23T09:00:00+09:00")
    edit(root, "issues/HOJO/HOJO-1.md", {"status": "closed"}, "yamada", "2026-11-24T09:00:00+09:00")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = history_tracker(tmp_path_factory.mktemp("history") / "tracker")
    return mkdocs_build(root, tmp_path_factory.mktemp("history-site"))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def section(html: str, cls: str, end: str) -> str:
    start = html.index(cls)
    return html[start:html.index(end, start)]


@pytest.mark.slow
def test_issue_page_timeline_lists_changes_and_comments_in_order(site):
    page = (site / "tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    items = re.findall(r'<li data-kind="(\w+)">(.*?)</li>\n', section(page, "tsuzuri-timeline", "</ol>"), re.DOTALL)
    assert [(kind, text(body)) for kind, body in items] == [
        ("created", "2026-11-20 09:00 田中 一郎 課題を登録"),
        ("comment", "2026-11-21 10:00 山田 太郎 コメントを追加"),
        ("changed", "2026-11-22 09:00 林 次郎 状態 : 未対応 → 処理中 担当者 : 田中 一郎 → 林 次郎"),
        ("changed", "2026-11-24 09:00 山田 太郎 状態 : 処理中 → 完了"),
    ]
    assert '<a href="./#comment-1">' in page and '<article class="tsuzuri-comment" id="comment-1">' in page


@pytest.mark.slow
def test_activity_page_lists_recent_changes_newest_first(site):
    page = (site / "tracker/activity/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-kind="(\w+)"(?: data-key="([\w-]+)")?>(.*?)</tr>', page, re.DOTALL)
    assert [(kind, key, text(body)[:16]) for kind, key, body in rows][:4] == [
        ("changed", "HOJO-1", "2026-11-24 09:00"),
        ("created", "HOJO-2", "2026-11-23 09:00"),
        ("changed", "HOJO-1", "2026-11-22 09:00"),
        ("comment", "HOJO-1", "2026-11-21 10:00"),
    ]
    # 担当者 is the issue's assignee; 更新者 whoever made the change (yamada closed hayashi's issue)
    assert re.findall(
        r"<th[^>]*>([^<]+)</th>", page[page.index("tsuzuri-activity-table"):]
    )[:5] == ["日時", "件名", "担当者", "更新者", "内容"]
    first = rows[0][2]
    assert re.search(r'data-col="assignee"><a href="[^"]*members/hayashi/" class="tsuzuri-name">林 次郎</a>', first)
    assert re.search(r'data-col="changed_by"><a href="[^"]*members/yamada/" class="tsuzuri-name">山田 太郎</a>', first)
    [minutes] = [text(body) for kind, _, body in rows if kind == "minutes"]
    assert minutes == "2026-11-20 09:00 第1回 定例会議 田中 一郎 議事録を追加・更新"
    assert len(rows) == 4 + 3  # HOJO-1 and HOJO-12 opened and the minutes added with the first commit
    assert 'href="../issues/HOJO-1/#comment-1"' in page
    assert 'href="../activity.xml"' in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a href="tracker/activity/" class="md-nav__link">\s*<span class="md-ellipsis">\s*最近の更新', index
    )  # in the navigation
    assert '<a href="tracker/activity/">最近の更新 →</a>' in index  # from the dashboard's recent list


@pytest.mark.slow
def test_feed_is_written_with_the_site_and_advertised_in_every_page(site):
    feed = ET.parse(site / "tracker/activity.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    # the site speaks the tracker's language (ja): field words, labels and member names
    assert titles[:3] == [
        "HOJO-1: 状態 処理中 → 完了", "HOJO-2 が登録されました", "HOJO-1: 状態 未対応 → 処理中、担当者 田中 一郎 → 林 次郎"
    ]
    assert feed.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "山田 太郎"
    page = (site / "tracker/issues/HOJO-2/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="tsuzuri" href="../../activity.xml">' in page


@pytest.mark.slow
def test_response_times_on_dashboard_and_register(site):
    for rel in ("index.html", "tracker/inquiries/index.html"):
        page = (site / rel).read_text(encoding="utf-8")
        row = re.search(r'<tr data-org="vendor-a">(.*?)</tr>', page, re.DOTALL).group(1)
        cols = dict(re.findall(r'data-col="(\w+)">([^<]*)<', row))
        # HOJO-1 answered 25 hours after it was asked and closed after 96; HOJO-2 waits.
        assert cols == {
            "count": "2", "answered": "1", "unanswered": "1", "closed_unanswered": "0", "answer_median": "1.0", "answer_mean": "1.0",
            "resolved": "1", "resolution_median": "4.0", "resolution_mean": "4.0",
        }, rel
    register = (site / "tracker/inquiries/index.html").read_text(encoding="utf-8")
    answered = re.search(r'<tr data-key="HOJO-1">(.*?)</tr>', register, re.DOTALL).group(1)
    assert '<td data-label="初回回答日">2026-11-21</td>' in answered
    waiting = re.search(r'<tr data-key="HOJO-2">(.*?)</tr>', section(register, "tsuzuri-unanswered", "</table>"), re.DOTALL).group(1)
    assert '<td data-label="問い合わせ日">2026-11-23</td>' in waiting and waiting.endswith('<td data-label="経過日数">3</td>')


@pytest.mark.slow
def test_a_site_without_git_has_no_feed_and_a_timeline_of_comments(small_site):
    assert not (small_site / "tracker/activity.xml").exists()
    index = (small_site / "index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in index
    page = (small_site / "tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    kinds = re.findall(r'<li data-kind="(\w+)">', section(page, "tsuzuri-timeline", "</ol>"))
    assert kinds and set(kinds) <= {"created", "comment"}
    activity = (small_site / "tracker/activity/index.html").read_text(encoding="utf-8")
    assert 'data-kind="minutes"' in activity and "activity.xml" not in activity


def test_values_are_shown_as_labels_and_names(tmp_path):
    tracker = load(make_repo(tmp_path)).tracker
    config = tracker.config
    assert value_label(config, "HOJO", "status", "in_progress") == "処理中"
    assert value_label(config, "HOJO", "status", "処理中") == "処理中"
    assert value_label(config, "HOJO", "assignee", "tanaka") == "田中 一郎"
    assert value_label(config, "HOJO", "watchers", "[sato, yamada]") == "佐藤 花子, 山田 太郎"
    assert value_label(config, "HOJO", "categories", "[form]") == "申請フォーム"
    assert value_label(config, "HOJO", "due", "2026-11-30") == "2026-11-30"
    assert value_label(config, "HOJO", "assignee", "") == ""
    ctx = SiteContext(tracker, date(2026, 11, 26))
    assert ctx.history is None


def test_history_option_names_a_missing_folder(tmp_path, monkeypatch, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = make_repo(tmp_path / "tracker")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS.replace('today: "2026-11-26"', "history: !ENV [TSUZURI_HISTORY, true]"), encoding="utf-8")
    monkeypatch.setenv("TSUZURI_HISTORY", "build/demo-history")
    with caplog.at_level("ERROR"), pytest.raises(Abort):
        build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    # in the tracker's language (ja), as every message of the plugin
    assert "history: build/demo-history はフォルダーではありません" in caplog.text


def test_timeline_speaks_the_site_language(tmp_path):
    from tsuzuri.site import build_pages
    from tsuzuri.store.history import load_history

    root = history_tracker(tmp_path / "tracker")
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8")
    history = load_history(root, use_cache=False)
    pages = {p.path: p for p in build_pages(load(root, history=history).tracker, date(2026, 11, 26), history=history)}
    timeline = text(section(pages["issues/HOJO-1.md"].html, "tsuzuri-timeline", "</ol>"))
    assert "2026-11-20 09:00 田中 一郎 opened the issue" in timeline
    assert "2026-11-22 09:00 林 次郎 Status : 未対応 → 処理中 Assignee : 田中 一郎 → 林 次郎" in timeline
    assert pages["activity.md"].title == "Activity" and "Inquiry response times by vendor" in pages["inquiries.md"].html


def test_a_git_that_fails_during_the_build_is_a_build_error_in_the_tracker_s_language(tmp_path, monkeypatch, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from tsuzuri.messages import Message
    from tsuzuri.store import gitrepo

    root = make_repo(tmp_path / "tracker")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")

    def broken(*args, **kwargs):  # what gitrepo raises when git itself fails (a damaged repository)
        raise gitrepo.GitError(Message("git.failed", command="log", detail="fatal: bad object HEAD"))

    monkeypatch.setattr(gitrepo, "log", broken)
    with caplog.at_level("ERROR"), pytest.raises(Abort):
        build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    assert "fatal: bad object HEAD" in caplog.text and "Traceback" not in caplog.text
    assert "tsuzuri:" in caplog.text
