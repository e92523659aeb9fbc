"""Charts kept in memory between builds of one process are reused only while what they show is the same."""

import os
from dataclasses import replace
from datetime import date

from tsuzuri.site import fragments
from tsuzuri.site.context import SiteContext
from tsuzuri.site.markers import render
from tsuzuri.store import load

from .conftest import FIXTURES

TODAY = date(2026, 11, 25)


def test_a_part_is_made_again_when_what_it_is_drawn_from_changes():
    made = []

    def make(text):
        return lambda: made.append(text) or text

    assert fragments.remembered("test", ("a", 1), make("one")) == "one"
    assert fragments.remembered("test", ("a", 1), make("two")) == "one"  # the same inputs: kept
    assert fragments.remembered("test", ("a", 2), make("three")) == "three"
    assert fragments.remembered("other", ("a", 1), make("four")) == "four"  # another kind of part
    assert made == ["one", "three", "four"]


def test_only_the_most_recent_parts_are_kept():
    for n in range(fragments.LIMIT + 1):
        fragments.remembered("limit", (n,), lambda n=n: str(n))
    assert fragments.remembered("limit", (0,), lambda: "again") == "again"  # the oldest was let go
    assert fragments.remembered("limit", (fragments.LIMIT,), lambda: "again") == str(fragments.LIMIT)


def _with_title(tracker, key, title):
    issues = dict(tracker.issues)
    issues[key] = replace(issues[key], title=title)
    return type(tracker)(tracker.config, issues, tracker.minutes, tracker.wbs)


def test_a_gantt_chart_shows_an_edited_issue_and_the_day_after_a_rebuild():
    tracker = load(FIXTURES / "small").tracker
    gantt = {"kind": "gantt", "project": "HOJO"}
    first = render(SiteContext(tracker, TODAY), "chart", gantt)
    assert first == render(SiteContext(tracker, TODAY), "chart", gantt)
    edited = render(SiteContext(_with_title(tracker, "HOJO-1", "入力チェック仕様の改訂版"), TODAY), "chart", gantt)
    assert "入力チェック仕様の改訂版" in edited and "入力チェック仕様の改訂版" not in first
    assert render(SiteContext(tracker, date(2026, 11, 26)), "chart", gantt) != first  # today's line moved


def test_a_burndown_follows_the_milestone_issues():
    tracker = load(FIXTURES / "small").tracker
    ms = next(m for m in tracker.config.milestones if m.project == "HOJO")
    burndown = {"kind": "burndown", "project": "HOJO", "milestone": ms.id}
    first = render(SiteContext(tracker, TODAY), "chart", burndown)
    in_it = next(i for i in tracker.issues.values() if i.milestone == ms.id)
    issues = dict(tracker.issues)
    issues[in_it.key] = replace(in_it, milestone=None)
    moved = type(tracker)(tracker.config, issues, tracker.minutes, tracker.wbs)
    assert render(SiteContext(moved, TODAY), "chart", burndown) != first


def test_parts_kept_on_disk_are_found_by_a_process_that_drew_none_and_only_the_newest_stay(tmp_path, monkeypatch):
    from tsuzuri.store.page_cache import PageCache

    store = PageCache(tmp_path / "parts")
    monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())
    fragments.keep_on_disk(store)
    try:
        assert fragments.remembered("disk", ("a",), lambda: "drawn") == "drawn"
        assert fragments.remembered("disk", ("b",), lambda: "other") == "other"
        for part in store.folder.rglob("*"):
            if part.is_file():
                os.utime(part, (1_000_000_000, 1_000_000_000))  # both written long ago
        monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())  # a new process: nothing in memory
        assert fragments.remembered("disk", ("a",), lambda: "again") == "drawn"  # found on disk, and touched
        assert store.prune_to_newest(1) == 1
        monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())
        assert fragments.remembered("disk", ("a",), lambda: "again") == "drawn"  # the one used last stayed
        assert fragments.remembered("disk", ("b",), lambda: "again") == "again"
    finally:
        fragments.keep_on_disk(None)


def test_a_part_found_in_memory_is_kept_on_disk_for_a_tracker_that_has_not_got_it(tmp_path, monkeypatch):
    from tsuzuri.store.page_cache import PageCache

    monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())
    assert fragments.remembered("memory", ("a",), lambda: "drawn") == "drawn"  # no store yet: in memory only
    store = PageCache(tmp_path / "parts")
    fragments.keep_on_disk(store)
    try:
        assert fragments.remembered("memory", ("a",), lambda: "again") == "drawn"
        monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())  # a new process
        assert fragments.remembered("memory", ("a",), lambda: "again") == "drawn"
    finally:
        fragments.keep_on_disk(None)


def test_a_part_kept_on_disk_by_other_code_is_drawn_again(tmp_path, monkeypatch):
    from tsuzuri.store.page_cache import PageCache

    store = PageCache(tmp_path / "parts")
    monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())
    fragments.keep_on_disk(store, "version one")
    try:
        assert fragments.remembered("code", ("a",), lambda: "drawn") == "drawn"
        monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())  # a new process, of another tsuzuri
        fragments.keep_on_disk(store, "version two")
        assert fragments.remembered("code", ("a",), lambda: "by the new code") == "by the new code"
    finally:
        fragments.keep_on_disk(None)
