"""The Gantt pages, the schedule exports and the milestone burndowns, without MkDocs."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import date

from tsuzuri.site import build_files, build_pages
from tsuzuri.store import load
from tsuzuri.store.history import load_history

from .conftest import FIXTURES

TODAY = date(2026, 11, 25)
PLAN = """\
baseline: {ref}
items:
  - id: "1"
    title: 要件定義
    owner: vendor-a
    children:
      - {{id: "1.1", title: 入力仕様の確定, start: 2026-11-02, duration: {days}d, issues: [HOJO-1]}}
  - {{id: M1, milestone: 仕様確定, after: ["1.1"]}}
"""


def tracker_with_baseline(tmp_path, ref="plan-1"):
    """The small tracker in Git: a 10-day task tagged plan-1, now 12 days."""
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    wbs = root / "wbs/HOJO.yml"
    wbs.write_text(PLAN.format(ref=ref, days=10), encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Plan"], cwd=root, check=True)
    subprocess.run(["git", "tag", "plan-1"], cwd=root, check=True)
    wbs.write_text(PLAN.format(ref=ref, days=12), encoding="utf-8")
    subprocess.run([*git, "commit", "-q", "-am", "Two more days"], cwd=root, check=True)
    return root


def page(pages, path):
    return next(p for p in pages if p.path == path)


def chart_spec(html: str, ident: str) -> dict:
    found = re.search(rf'data-target="{ident}">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_project_page_draws_the_baseline_and_lists_the_slip(tmp_path):
    root = tracker_with_baseline(tmp_path)
    pages = build_pages(load(root).tracker, TODAY, root=root)
    hojo = page(pages, "gantt/HOJO.md")
    assert hojo.hide == ("toc",) and page(pages, "gantt.md").hide == ("toc",)
    spec = chart_spec(hojo.html, "tsuzuri-gantt-HOJO")
    baseline = next(t for t in spec["data"] if t.get("name") == "ベースライン")
    assert baseline["x"][0][:10] == "2026-11-02"  # the first baseline bar starts where 1.1 did
    # 1.1 ended on 11-16 in the plan of plan-1 (11-03 is a holiday) and ends on 11-18 now: two working days later.
    row = re.search(r'<tr data-item="1.1"[^>]*>(.*?)</tr>', hojo.html, re.S).group(1)
    assert "2026-11-02〜2026-11-16" in row and "2026-11-02〜2026-11-18" in row and row.rstrip().endswith("+2</td>")
    assert "組織ごとの遅れ" in hojo.html and "@schedule/HOJO.csv" in hojo.html and "@calendar/HOJO.ics" in hojo.html
    assert "@gantt/HOJO.md" in page(pages, "gantt.md").html


def test_an_unreadable_baseline_is_a_note_not_a_failure(tmp_path):
    root = tracker_with_baseline(tmp_path, ref="plan-9")
    hojo = page(build_pages(load(root).tracker, TODAY, root=root), "gantt/HOJO.md")
    assert "ベースライン plan-9 を読めないため" in hojo.html
    assert "tsuzuri-slip" not in hojo.html
    assert all(t.get("name") != "ベースライン" for t in chart_spec(hojo.html, "tsuzuri-gantt-HOJO")["data"])


def test_schedule_csv_and_calendar_with_wbs_milestones(tmp_path):
    root = tracker_with_baseline(tmp_path)
    files = {f.path: f.content for f in build_files(load(root).tracker, TODAY)}
    rows = list(csv.reader(io.StringIO(files["schedule/HOJO.csv"].decode("utf-8-sig"))))
    assert rows[0][:4] == ["ID", "作業名", "階層", "親項目"]
    assert [r[0] for r in rows[1:]] == ["1", "1.1", "M1"]
    assert rows[2][7:9] == ["2026-11-02", "2026-11-18"]
    assert "schedule/KIBAN.csv" not in files  # no WBS, no schedule
    ics = files["calendar/HOJO.ics"].decode()
    assert "DTSTART;VALUE=DATE:20261118" in ics
    # UIDs are unique per tracker: another tracker with the same keys gets other UIDs.
    uids = [line for line in ics.splitlines() if line.startswith("UID:")]
    assert "UID:wbs-HOJO-M1@tsuzuri" not in uids
    assert all(u.endswith(".tsuzuri") and u.split("@")[1].startswith("tracker-") for u in uids), uids
    config = (root / "tsuzuri.yml").read_text(encoding="utf-8")
    (root / "tsuzuri.yml").write_text("title: 別の課題管理\n" + config, encoding="utf-8")
    again = {f.path: f.content for f in build_files(load(root).tracker, TODAY)}["calendar/HOJO.ics"].decode()
    assert not set(uids) & {line for line in again.splitlines() if line.startswith("UID:")}


def test_milestone_page_has_a_burndown_from_history_or_a_note(tmp_path):
    root = tracker_with_baseline(tmp_path)
    tracker = load(root).tracker
    plain = page(build_pages(tracker, TODAY), "milestones/HOJO/v1.md").html
    assert "Git の履歴がないため" in plain
    assert len(chart_spec(plain, "tsuzuri-burndown-HOJO-v1")["data"][0]["x"]) == 1
    with_history = page(build_pages(tracker, TODAY, root=root, history=load_history(root, use_cache=False)), "milestones/HOJO/v1.md").html
    assert "Git の履歴がないため" not in with_history
    spec = chart_spec(with_history, "tsuzuri-burndown-HOJO-v1")
    opened = spec["data"][0]
    assert opened["x"][-1] == "2026-11-25" and opened["y"][-1] == 1  # HOJO-1, still open
    assert spec["data"][2]["name"] == "理想線" and spec["data"][2]["y"][-1] == 0
