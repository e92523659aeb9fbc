"""One reading of dates for every place a person writes one: files, minutes and options."""

from __future__ import annotations

from datetime import date

import pytest

from tracker_fixture import make_tracker
from tsuzuri.adapters.cli.main import main
from tsuzuri.formats.dates import read_date
from tsuzuri.store import load
from tsuzuri.validate import validate_loaded


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG", raising=False)
    return make_tracker(tmp_path)


def _errors(root):
    return [f for f in validate_loaded(load(root)) if f.severity == "error"]


@pytest.mark.parametrize("written", ["2026-04-01", "2026/04/01", "2026/4/1", "令和8年4月1日", "R8.4.1", "２０２６／０４／０１",
                                     "2026年4月1日(水)", "2026-4-1"])
def test_every_way_of_writing_one_day_in_a_file(written):
    assert read_date(written) == date(2026, 4, 1)


def test_an_excel_serial_is_no_date_in_a_text_file():
    assert read_date("46113") is None and read_date(46113) is None


def test_dates_as_people_write_them_in_every_file_validate(root):
    config = root / "tsuzuri.yml"
    text = config.read_text(encoding="utf-8").replace("date: 2026-12-25", "date: 2026/12/25")
    text += "calendar: {holidays: JP, extra_holidays: [2026/12/29, 令和8年12月30日, ２０２６/１２/３１]}\n"
    config.write_text(text, encoding="utf-8")
    issue = root / "issues/HOJO/HOJO-1.md"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("due: 2026-11-30", "due: 令和8年11月30日\nstart: 2026/11/2"), encoding="utf-8"
    )
    (root / "wbs").mkdir()
    (root / "wbs/HOJO.yml").write_text(
        "start: 2026/4/1\nitems:\n  - {id: \"1\", title: 要件定義, start: 令和8年4月1日, end: ２０２６/４/３０}\n", encoding="utf-8")
    minutes = root / "minutes/2026/2026-11-20-weekly.md"
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("期限:2026-11-27", "期限：2026/11/27まで"), encoding="utf-8")
    assert _errors(root) == []
    tracker = load(root).tracker
    assert tracker.config.milestones[0].date == date(2026, 12, 25)
    assert tracker.config.calendar.extra_holidays == (date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31))
    assert (tracker.issues["HOJO-1"].due, tracker.issues["HOJO-1"].start) == (date(2026, 11, 30), date(2026, 11, 2))
    assert (tracker.wbs["HOJO"].items[0].start, tracker.wbs["HOJO"].items[0].end) == (date(2026, 4, 1), date(2026, 4, 30))
    item = tracker.minutes[0].actions[0]
    assert (item.due, item.text) == (date(2026, 11, 27), "入力チェック仕様を設計書に反映する")


def test_a_bad_date_in_a_list_names_the_field_not_the_position(root):
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + "calendar: {extra_holidays: [2026-12-29, 年末]}\n", encoding="utf-8")
    found = [f for f in _errors(root) if f.code == "date"]
    assert len(found) == 1
    assert found[0].text("en").endswith(
        "`extra_holidays` must be a date, not `年末` (write a date such as 2026-11-30, 2026/11/30 or 令和8年11月30日)"
    )
    assert "`extra_holidays` の `年末` は日付になっていません" in found[0].text("ja")


def test_an_unreadable_due_in_minutes_is_a_finding(root):
    minutes = root / "minutes/2026/2026-11-20-weekly.md"
    minutes.write_text(minutes.read_text(encoding="utf-8").replace("期限:2026-11-27", "期限:来週"), encoding="utf-8")
    assert [(f.path, f.line, f.code) for f in _errors(root)] == [("minutes/2026/2026-11-20-weekly.md", 11, "date")]


def test_authoring_verbs_write_iso_dates(root, capsys):
    assert main(["new", "issue", "--project", "HOJO", "--title", "日付の確認", "--author", "yamada",
                 "--due", "2026/4/1", "--start", "令和8年3月2日", "--root", str(root)]) == 0
    key = capsys.readouterr().out.strip()
    text = (root / f"issues/HOJO/{key}.md").read_text(encoding="utf-8")
    assert "due: 2026-04-01\n" in text and "start: 2026-03-02\n" in text
    assert main(["set", "HOJO-1", "due=２０２６／１２／３", "--root", str(root)]) == 0
    assert "due: 2026-12-03\n" in (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8")
    assert _errors(root) == []
