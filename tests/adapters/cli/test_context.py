"""The day a command runs for: --today as a person types it, else the office's day."""

from datetime import date

import pytest

from tsuzuri.adapters.cli.errors import UsageError
from tsuzuri.adapters.cli.invocation import today

# 2026-11-30 23:30 UTC is already 2026-12-01 08:30 in Tokyo.
LATE_UTC = "1796081400"


def test_full_width_digits_in_today_are_a_date():
    assert today("２０２６-１２-０１") == date(2026, 12, 1)


def test_a_slashed_today_is_a_usage_error():
    with pytest.raises(UsageError):
        today("2026/12/01")


def test_the_day_is_the_trackers_time_zone(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_UTC)
    assert today(None, zone="Asia/Tokyo") == date(2026, 12, 1)
    assert today(None) == date(2026, 11, 30)
    assert today(None, zone="No/Such_Zone") == date(2026, 11, 30)
