"""National holidays kept in the cache folder: the same days as jpholiday, and a bad file is only ignored."""

from __future__ import annotations

import json
import os
from datetime import date

import jpholiday
import pytest

from tsuzuri.model import CalendarConfig
from tsuzuri.planning.workcal import HOLIDAYS_PACKAGE, WorkCalendar, national_holidays
from tsuzuri.store.holiday_cache import FOLDER, FORMAT, MAX_BYTES, HolidayCache, open_holidays

# The 2019 enthronement days, the Olympic years' moved holidays, substitute holidays on either side.
YEARS = range(2018, 2031)


def jp(year: int) -> frozenset[date]:
    return frozenset(d for d, _name in jpholiday.year_holidays(year))


def test_kept_years_are_the_days_jpholiday_gives(tmp_path):
    first = HolidayCache(tmp_path, "jpholiday-1", national_holidays)
    assert all(first("JP", y) == jp(y) for y in YEARS)
    assert first.computed == len(YEARS)
    again = HolidayCache(tmp_path, "jpholiday-1", national_holidays)  # the next run reads the file
    assert all(again("JP", y) == jp(y) for y in YEARS)
    assert again.computed == 0
    assert (tmp_path / ".gitignore").read_text() == "*\n"


def test_a_calendar_over_the_cache_counts_the_same_days(tmp_path):
    HolidayCache(tmp_path, "v", national_holidays)("JP", 2026)
    kept, plain = WorkCalendar(CalendarConfig(), HolidayCache(tmp_path, "v", national_holidays)), WorkCalendar(CalendarConfig())
    start = date(2026, 1, 1)
    assert [kept.add_workdays(start, n) for n in range(240)] == [plain.add_workdays(start, n) for n in range(240)]
    assert not kept.is_workday(date(2026, 5, 6)) and kept.is_workday(date(2026, 5, 7))


def test_another_version_of_the_package_starts_its_own_file(tmp_path):
    HolidayCache(tmp_path, "jpholiday-1.0", national_holidays)("JP", 2026)
    newer = HolidayCache(tmp_path, "jpholiday-1.1", national_holidays)
    assert newer("JP", 2026) == jp(2026) and newer.computed == 1
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [f"jpholiday-1.0-{FORMAT}.json", f"jpholiday-1.1-{FORMAT}.json"]


def test_the_version_cannot_name_a_file_outside_the_folder(tmp_path):
    folder = tmp_path / "holidays"
    HolidayCache(folder, "../../escape", national_holidays)("JP", 2026)
    assert [p.parent for p in tmp_path.rglob("*.json")] == [folder]


BAD = {
    "not JSON": b"{not json",
    "not UTF-8": b"\xff\xfe\x00",
    "a list": b"[1, 2]",
    "the kind is a list": json.dumps({"JP": ["2026-01-01"]}).encode(),
    "the year is a string": json.dumps({"JP": {"2026": "2026-01-01"}}).encode(),
    "a number among the days": json.dumps({"JP": {"2026": ["2026-01-01", 5]}}).encode(),
    "not a date": json.dumps({"JP": {"2026": ["2026-02-30"]}}).encode(),
    "a day of another year": json.dumps({"JP": {"2026": ["2025-12-31"]}}).encode(),
    "a date and time": json.dumps({"JP": {"2026": ["2026-01-01T00:00"]}}).encode(),
    "too many days": json.dumps({"JP": {"2026": ["2026-01-01"] * 400}}).encode(),
    "nested past the parser": b"[" * 100_000 + b"]" * 100_000,
    "too large": b'{"JP": {}, "pad": "' + b"x" * MAX_BYTES + b'"}',
}


@pytest.mark.parametrize("data", BAD.values(), ids=BAD.keys())
def test_a_damaged_or_doctored_file_is_ignored_and_written_again(tmp_path, data):
    path = tmp_path / f"v-{FORMAT}.json"
    path.write_bytes(data)
    cache = HolidayCache(tmp_path, "v", national_holidays)
    assert cache("JP", 2026) == jp(2026) and cache.computed == 1
    reread = HolidayCache(tmp_path, "v", national_holidays)
    assert reread("JP", 2026) == jp(2026) and reread.computed == 0  # what was written reads back


def test_a_folder_or_a_link_in_the_file_s_place_costs_only_the_cache(tmp_path):
    (tmp_path / "a" / f"v-{FORMAT}.json").mkdir(parents=True)
    cache = HolidayCache(tmp_path / "a", "v", national_holidays)
    assert cache("JP", 2026) == jp(2026)
    (tmp_path / "tsuzuri.yml").write_text("language: ja\n")  # a tracker: writes refuse links inside it
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    (tmp_path / "b").mkdir()
    os.symlink(target, tmp_path / "b" / f"v-{FORMAT}.json")
    linked = HolidayCache(tmp_path / "b", "v", national_holidays)
    assert linked("JP", 2026) == jp(2026)
    assert target.read_text() == "keep me"  # not written through the link



def test_a_tracker_s_cache_is_named_by_the_package_s_installed_version(tmp_path):
    from importlib import metadata

    assert open_holidays(tmp_path, HOLIDAYS_PACKAGE, national_holidays) is national_holidays  # never built: nothing kept
    assert not (tmp_path / FOLDER).exists()
    (tmp_path / FOLDER.parent).mkdir()
    source = open_holidays(tmp_path, HOLIDAYS_PACKAGE, national_holidays)
    assert source("JP", 2026) == jp(2026)
    assert [p.name for p in (tmp_path / FOLDER).glob("*.json")] == [f"jpholiday-{metadata.version('jpholiday')}-{FORMAT}.json"]
    assert open_holidays(None, HOLIDAYS_PACKAGE, national_holidays) is national_holidays  # an untrusted folder: not read
    assert open_holidays(tmp_path, "no-such-package-here", national_holidays) is national_holidays
