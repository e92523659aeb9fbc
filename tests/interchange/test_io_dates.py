"""Dates, times and hours as people type them into Japanese spreadsheets."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tsuzuri.formats.dates import parse_date, parse_datetime, parse_hours

JST = timezone(timedelta(hours=9))


@pytest.mark.parametrize("cell", [
    "2026/11/30", "2026-11-30", "2026.11.30", "2026年11月30日", "令和8年11月30日", "R8.11.30", "r8/11/30",
    "２０２６／１１／３０", "令和８年１１月３０日", "20261130", 46356, "46356", 46356.75, datetime(2026, 11, 30, 15, 0), date(2026, 11, 30),
    "2026-11-30T00:00:00Z", "2026/11/30(月)",
])
def test_every_way_of_writing_one_day(cell):
    assert parse_date(cell) == date(2026, 11, 30)


def test_short_months_and_first_era_year():
    assert parse_date("2026/1/5") == date(2026, 1, 5)
    assert parse_date("令和元年5月1日") == date(2019, 5, 1)
    assert parse_date("平成31年4月30日") == date(2019, 4, 30)
    assert parse_date(None) is None and parse_date("  ") is None


@pytest.mark.parametrize("cell", ["来週", "2026/13/01", "2026/2/30", "11/30", 0])
def test_unreadable_dates_say_so(cell):
    with pytest.raises(ValueError):
        parse_date(cell)


def test_datetimes_are_made_aware_in_the_trackers_zone():
    assert parse_datetime("2026/11/20 10:05", JST) == datetime(2026, 11, 20, 10, 5, tzinfo=JST)
    assert parse_datetime("2026-11-20T01:05:00Z", JST) == datetime(2026, 11, 20, 10, 5, tzinfo=JST)
    assert parse_datetime(datetime(2026, 11, 20, 10, 5), JST) == datetime(2026, 11, 20, 10, 5, tzinfo=JST)


def test_hours():
    assert parse_hours("４．５") == 4.5
    assert parse_hours("8時間") == 8 and isinstance(parse_hours("8時間"), int)
    assert parse_hours(2.0) == 2
    assert parse_hours("") is None
    with pytest.raises(ValueError):
        parse_hours("たくさん")
    with pytest.raises(ValueError):
        parse_hours(-1)
