"""Every moment people read is in the tracker's `timezone`, whatever zone Git or a file wrote it in.

The tracker below is committed the way a CI runner or a container commits: every commit in
UTC (+0000). A Tokyo tracker must still read 07:31 登録 → 16:31 コメント → 17:00 状態変更 on
every page, in `tsuzuri show`, in the exports, the Atom feed, the calendar and the mail.
"""

from __future__ import annotations

import csv
import email
import io
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from email import policy
from pathlib import Path

import pytest

from tracker_fixture import make_tracker
from tsuzuri.adapters.cli.main import main
from tsuzuri.store.edit import edit_front_matter

from .conftest import mkdocs_build

MKDOCS = """\
site_name: time
docs_dir: docs
theme: {name: material, language: ja, font: false}
plugins:
  - tsuzuri:
      today: "2026-11-26"
"""

MAIL = """\
mail:
  from: tracker@example.go.jp
  smtp_host: 127.0.0.1
"""

EMAILS = {"yamada": "yamada@example.go.jp", "tanaka": "tanaka@vendor-a.example", "hayashi": "hayashi@vendor-a.example"}


def commit_in_utc(root: Path, message: str, author: str, when: str) -> None:
    """Commit everything as a UTC machine does: TZ=UTC and both dates at +0000."""
    env = {
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": EMAILS[author], "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": EMAILS[author], "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "TZ": "UTC",
        "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def tracker(tmp_path_factory) -> Path:
    root = make_tracker(tmp_path_factory.mktemp("utc") / "tracker")
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + MAIL, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# 課題\n\n<!-- tsuzuri:dashboard -->\n", encoding="utf-8")
    # An imported issue that says when it was created, in UTC as Backlog's API writes it.
    (root / "issues/HOJO/HOJO-3.md").write_text(
        "---\ntitle: 移行した課題\ntype: task\nstatus: open\ncreated: 2026-11-19T23:45:00Z\n---\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    # 22:31 UTC on the 24th is 07:31 on the 25th in Tokyo: even the day differs.
    commit_in_utc(root, "Start the tracker", "tanaka", "2026-11-24T22:31:00+0000")
    comment = root / "issues/HOJO/HOJO-1/comments/20261125T163100-yamada.md"
    comment.parent.mkdir(parents=True)
    comment.write_text("---\nauthor: yamada\ndate: 2026-11-25T16:31:00+09:00\n---\n半角に変換してください。\n", encoding="utf-8")
    commit_in_utc(root, "Answer HOJO-1", "yamada", "2026-11-25T07:31:00+0000")
    issue = root / "issues/HOJO/HOJO-1.md"
    issue.write_text(edit_front_matter(issue.read_text(encoding="utf-8"), {"status": "処理中"}), encoding="utf-8")
    commit_in_utc(root, "Start HOJO-1", "hayashi", "2026-11-25T08:00:00+0000")
    return root


@pytest.fixture(scope="module")
def site(tracker, tmp_path_factory) -> Path:
    return mkdocs_build(tracker, tmp_path_factory.mktemp("utc-site"))


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_commits_really_are_in_utc(tracker):
    log = subprocess.run(["git", "log", "--format=%aI %cI"], cwd=tracker, capture_output=True, text=True, check=True).stdout
    assert log.split() == ["2026-11-25T08:00:00+00:00"] * 2 + ["2026-11-25T07:31:00+00:00"] * 2 + ["2026-11-24T22:31:00+00:00"] * 2


@pytest.mark.slow
def test_issue_page_reads_in_tokyo_time(site):
    page = (site / "tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    assert re.search(r'data-field="created">2026-11-25 07:31<', page)
    assert re.search(r'data-field="updated">2026-11-25 17:00<', page)
    timeline = page[page.index("tsuzuri-timeline"):]
    timeline = timeline[:timeline.index("</ol>")]
    items = [text(li)[:16] for li in re.findall(r"<li data-kind=\"\w+\">(.*?)</li>", timeline, re.DOTALL)]
    assert items == ["2026-11-25 07:31", "2026-11-25 16:31", "2026-11-25 17:00"]  # in the order they happened
    stamps = re.findall(r'<time datetime="([^"]+)">', page)
    assert stamps and all(s.endswith("+09:00") for s in stamps), stamps
    assert '<time datetime="2026-11-25T16:31:00+09:00">2026-11-25 16:31</time>' in page  # the comment's header


@pytest.mark.slow
def test_activity_and_dashboard_read_in_tokyo_time(site):
    activity = (site / "tracker/activity/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-kind="(\w+)" data-key="HOJO-1">(.*?)</tr>', activity, re.DOTALL)
    assert [(kind, text(body)[:16]) for kind, body in rows] == [
        ("changed", "2026-11-25 17:00"), ("comment", "2026-11-25 16:31"), ("created", "2026-11-25 07:31")]
    dashboard = (site / "index.html").read_text(encoding="utf-8")
    recent = dashboard[dashboard.index("tsuzuri-recent"):]
    assert text(recent[:recent.index("</ul>")]).split(" HOJO-")[0].endswith("2026-11-25 17:00")


@pytest.mark.slow
def test_site_exports_feed_and_calendar_are_in_tokyo_time(site):
    rows = {r["key"]: r for r in json.loads((site / "tracker/issues.json").read_text(encoding="utf-8"))["issues"]}
    assert rows["HOJO-1"]["created"] == "2026-11-25T07:31:00+09:00"
    assert rows["HOJO-1"]["updated"] == "2026-11-25T17:00:00+09:00"
    assert rows["HOJO-3"]["created"] == "2026-11-20T08:45:00+09:00"  # written in UTC in the file
    table = list(csv.reader(io.StringIO((site / "tracker/issues.csv").read_text(encoding="utf-8-sig"))))
    header, hojo_1 = table[0], next(r for r in table if r[0] == "HOJO-1")
    assert hojo_1[header.index("登録日")] == "2026-11-25 07:31:00"  # the issue sheet's layout, as `tsuzuri export` writes it
    feed = ET.parse(site / "tracker/activity.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    updated = [e.text for e in feed.iter(f"{atom}updated")]
    assert updated[:2] == ["2026-11-25T17:00:00+09:00"] * 2 and all(u.endswith("+09:00") for u in updated)
    assert any(c.text.endswith("2026-11-25 16:31)") for c in feed.iter(f"{atom}content"))
    calendar = (site / "tracker/calendar/HOJO.ics").read_bytes().decode("utf-8").split("\r\n")
    assert "X-WR-TIMEZONE:Asia/Tokyo" in calendar
    assert "DTSTAMP:20261125T150000Z" in calendar  # the build day's midnight in Tokyo, in UTC as RFC 5545 asks


def test_show_reads_in_tokyo_time(tracker, capsys):
    assert main(["show", "HOJO-1", "--root", str(tracker)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"登録日時\s+2026-11-25 07:31\n", out)
    assert re.search(r"更新日時\s+2026-11-25 17:00\n", out)
    assert "--- yamada 2026-11-25 16:31\n" in out
    assert "2026-11-25 07:31" in out.split("履歴")[-1] and "2026-11-25 17:00" in out.split("履歴")[-1]
    assert "22:31" not in out and "08:00" not in out


def test_export_reads_in_tokyo_time(tracker, tmp_path):
    assert main(["export", "--format", "json", "--out", str(tmp_path / "issues.json"), "--root", str(tracker)]) == 0
    issues = {i["key"]: i for i in json.loads((tmp_path / "issues.json").read_text(encoding="utf-8"))["issues"]}
    assert issues["HOJO-3"]["created"] == "2026-11-20T08:45:00+09:00"
    assert issues["HOJO-1"]["comments"][0]["date"] == "2026-11-25T16:31:00+09:00"
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "issues.csv"), "--root", str(tracker)]) == 0
    assert "2026-11-20 08:45:00" in (tmp_path / "issues.csv").read_text(encoding="utf-8-sig")


def test_notification_mail_reads_in_tokyo_time(tracker, tmp_path, monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG", raising=False)
    out = tmp_path / "mail"
    assert main(["notify", "HEAD~2", "HEAD~1", "--root", str(tracker), "--dry-run", "--out", str(out)]) == 0
    [sent] = sorted(out.iterdir())
    msg = email.message_from_bytes(sent.read_bytes(), policy=policy.default)
    assert msg["Date"].endswith("+0900")
    assert "■ コメント (山田 太郎、2026-11-25 16:31)" in msg.get_body().get_content()


def test_an_unknown_time_zone_is_reported_at_its_line(tmp_path, capsys):
    root = make_tracker(tmp_path / "tracker")
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("timezone: Asia/Tokyo", "timezone: Asia/Tokio"), encoding="utf-8")
    assert main(["validate", "--root", str(root)]) == 1
    err = capsys.readouterr()
    said = err.out + err.err
    assert "tsuzuri.yml:2" in said and "Asia/Tokio" in said and "Asia/Tokyo" in said
