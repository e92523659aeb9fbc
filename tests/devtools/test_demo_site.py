"""The demo site as `make site` builds it: the repo's tracker with a replayed history."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from tsuzuri.devtools.demo_history import replay
from tsuzuri.store.history import load_history

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not (REPO / "tsuzuri.yml").is_file() or not (REPO / "mkdocs.yml").is_file(), reason="the demo tracker is not in this checkout"
),]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Replay the demo tracker and build its site the way the Makefile does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    history_dir = tmp_path_factory.mktemp("demo") / "history"
    replay(REPO, history_dir, date(2026, 11, 26), {"HOJO": "plan-baseline"})
    site_dir = tmp_path_factory.mktemp("demo-site")
    mp = pytest.MonkeyPatch()
    mp.delenv("TSUZURI_HISTORY", raising=False)
    mp.setenv("SOURCE_DATE_EPOCH", "1795683600")  # 2026-11-26 18:00 JST, the demo data's today
    try:
        build(load_config(config_file=str(history_dir / "mkdocs.yml"), site_dir=str(site_dir), strict=True))
    finally:
        mp.undo()
    return history_dir, site_dir


def test_issue_pages_show_status_changes_by_members(demo):
    history_dir, site = demo
    history = load_history(history_dir, use_cache=False)
    moved = sorted(k for k, t in history.timelines.items() if any(c.field == "status" for c in t.changes))
    assert len(moved) >= 10
    movers = {c.author for k in moved for c in history.timelines[k].changes}
    assert len(movers) >= 5 and all("@" not in m for m in movers)  # members, not bare emails
    page = (site / f"tracker/issues/{moved[0]}/index.html").read_text(encoding="utf-8")
    assert re.search(r'<li data-kind="changed">.*?<span class="tsuzuri-field">状態</span>', page)


def test_activity_page_and_feed_show_recent_work_of_many_members(demo):
    _, site = demo
    page = (site / "tracker/activity/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-kind="(\w+)".*?<td><time datetime="([^"]+)">.*?</td><td>.*?</td><td>(.*?)</td>', page, re.DOTALL)
    assert len(rows) == 100
    assert {kind for kind, _, _ in rows} >= {"created", "changed", "comment", "minutes"}
    assert len({who for _, _, who in rows}) >= 5
    assert max(when for _, when, _ in rows) <= "2026-11-26T18:00:00+09:00"
    feed = ET.parse(site / "tracker/activity.xml").getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 50


def test_dashboard_shows_response_times_of_each_vendor(demo):
    _, site = demo
    page = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-org="([\w-]+)">.*?data-col="answered">(\d+)<', page, re.DOTALL)
    assert len(rows) >= 3 and sum(int(n) for _, n in rows) > 0


def test_the_replayed_plan_has_a_baseline_and_slips(demo):
    history_dir, site = demo
    plan = (history_dir / "wbs/HOJO.yml").read_text(encoding="utf-8")
    assert "\nbaseline: plan-baseline\n" in plan
    assert "baseline:" not in (REPO / "wbs/HOJO.yml").read_text(encoding="utf-8")  # a fresh clone has no such tag
    page = (site / "tracker/gantt/HOJO/index.html").read_text(encoding="utf-8")
    assert "plan-baseline" in page
