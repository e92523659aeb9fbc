"""The day a command runs for: --today as a person types it, else the office's day."""

from datetime import date

import pytest

from tsuzuri.adapters.cli.invocation import today
from tsuzuri.errors import UsageError

# 2026-11-30 23:30 UTC is already 2026-12-01 08:30 in Tokyo.
LATE_UTC = "1796081400"


def test_full_width_digits_in_today_are_a_date():
    assert today("２０２６-１２-０１") == date(2026, 12, 1)


@pytest.mark.parametrize("typed", ["2026/12/01", "2026/12/1", "令和8年12月1日", "２０２６／１２／１"])
def test_today_as_people_write_it(typed):
    assert today(typed) == date(2026, 12, 1)


def test_an_unreadable_today_is_a_usage_error():
    with pytest.raises(UsageError):
        today("来週")


def test_the_day_is_the_trackers_time_zone(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_UTC)
    assert today(None, zone="Asia/Tokyo") == date(2026, 12, 1)
    assert today(None) == date(2026, 11, 30)
    assert today(None, zone="No/Such_Zone") == date(2026, 11, 30)
