from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsuzuri.model import CalendarConfig
from tsuzuri.planning.workcal import WorkCalendar, national_holidays

NEW_YEAR = CalendarConfig(extra_holidays=(date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)))


@pytest.fixture(scope="module")
def jp():
    return WorkCalendar(CalendarConfig())


@pytest.mark.parametrize(
    "day",
    [date(2026, 4, 29), date(2026, 5, 3), date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 6)],
)
def test_golden_week_2026_is_off(jp, day):
    assert not jp.is_workday(day)


def test_days_between_golden_week_holidays_are_worked(jp):
    assert jp.is_workday(date(2026, 4, 28))
    assert jp.is_workday(date(2026, 4, 30))
    assert jp.is_workday(date(2026, 5, 1))
    assert jp.is_workday(date(2026, 5, 7))


def test_substitute_holiday_for_a_sunday_holiday_is_off(jp):
    # 2025-11-23 (勤労感謝の日) is a Sunday, so Monday 11-24 is off instead.
    assert not jp.is_workday(date(2025, 11, 24))
    assert jp.is_workday(date(2025, 11, 25))


def test_citizens_holiday_between_two_holidays_is_off(jp):
    assert [jp.is_workday(date(2026, 9, d)) for d in (18, 21, 22, 23, 24)] == [True, False, False, False, True]


def test_add_workdays_jumps_golden_week(jp):
    assert jp.add_workdays(date(2026, 4, 28), 1) == date(2026, 4, 30)
    assert jp.add_workdays(date(2026, 5, 1), 1) == date(2026, 5, 7)
    assert jp.add_workdays(date(2026, 5, 7), -1) == date(2026, 5, 1)
    assert jp.add_workdays(date(2026, 4, 27), 4) == date(2026, 5, 7)  # 4/28, 4/30, 5/1, 5/7


def test_add_zero_workdays_returns_the_day_itself(jp):
    assert jp.add_workdays(date(2026, 5, 3), 0) == date(2026, 5, 3)


def test_add_workdays_from_a_weekend_counts_from_monday(jp):
    assert jp.add_workdays(date(2026, 6, 6), 1) == date(2026, 6, 8)  # Saturday -> Monday


def test_workdays_between_is_half_open_and_signed(jp):
    assert jp.workdays_between(date(2026, 4, 27), date(2026, 5, 11)) == 6
    assert jp.workdays_between(date(2026, 5, 11), date(2026, 4, 27)) == -6
    assert jp.workdays_between(date(2026, 6, 1), date(2026, 6, 1)) == 0


def test_span_counts_both_ends(jp):
    assert jp.span(date(2026, 4, 1), date(2026, 4, 30)) == 21  # April 2026 minus 4/29
    assert jp.span(date(2026, 5, 3), date(2026, 5, 6)) == 0


def test_next_workday(jp):
    assert jp.next_workday(date(2026, 5, 2)) == date(2026, 5, 7)
    assert jp.next_workday(date(2026, 5, 7)) == date(2026, 5, 7)
    assert jp.previous_workday(date(2026, 5, 6)) == date(2026, 5, 1)


def test_new_year_closure_from_extra_holidays():
    cal = WorkCalendar(NEW_YEAR)
    assert not cal.is_workday(date(2026, 12, 29))
    assert cal.is_workday(date(2026, 12, 28))
    # 12/29-31 closed, 1/1 元日, 1/2-3 weekend.
    assert cal.add_workdays(date(2026, 12, 28), 1) == date(2027, 1, 4)
    assert cal.workdays_between(date(2026, 12, 28), date(2027, 1, 5)) == 2


def test_extra_workday_opens_a_saturday():
    cal = WorkCalendar(CalendarConfig(extra_workdays=(date(2026, 6, 6),)))
    assert cal.is_workday(date(2026, 6, 6))
    assert cal.add_workdays(date(2026, 6, 5), 1) == date(2026, 6, 6)


def test_no_national_holidays():
    cal = WorkCalendar(CalendarConfig(holidays="none"))
    assert cal.is_workday(date(2026, 4, 29))
    assert not cal.is_workday(date(2026, 5, 2))


def test_holidays_are_looked_up_once_per_year(monkeypatch):
    import jpholiday

    calls = []
    real = jpholiday.year_holidays
    monkeypatch.setattr(jpholiday, "year_holidays", lambda y: calls.append(y) or real(y))
    national_holidays.cache_clear()
    for _ in range(3):  # every calendar of a process shares what was worked out
        cal = WorkCalendar(CalendarConfig())
        for n in range(300):
            cal.is_workday(date(2026, 1, 1) + timedelta(days=n))
        cal.add_workdays(date(2026, 1, 5), 200)
    assert calls == [2026]
    national_holidays.cache_clear()


def test_a_calendar_asks_its_holiday_source_once_a_year():
    asked = []

    def source(kind, year):
        asked.append((kind, year))
        return frozenset({date(year, 6, 3)})  # one made-up holiday a year

    cal = WorkCalendar(CalendarConfig(), source)
    assert not cal.is_workday(date(2026, 6, 3)) and cal.is_workday(date(2026, 5, 6))
    assert cal.add_workdays(date(2026, 6, 2), 1) == date(2026, 6, 4)
    cal.workdays_between(date(2026, 1, 1), date(2027, 12, 31))
    assert asked == [("JP", 2026), ("JP", 2027)]


def _walk(cal: WorkCalendar, day: date, n: int) -> date:
    step = timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += step
        while not cal.is_workday(day):
            day += step
    return day


@settings(max_examples=150, deadline=None)
@given(st.dates(date(2020, 1, 1), date(2032, 12, 31)), st.integers(-400, 400))
def test_add_workdays_matches_a_day_by_day_walk(day, n):
    cal = WorkCalendar(NEW_YEAR)
    assert cal.add_workdays(day, n) == _walk(cal, day, n)


@settings(max_examples=150, deadline=None)
@given(st.dates(date(2020, 1, 1), date(2032, 12, 31)), st.integers(1, 400))
def test_workdays_between_undoes_add_workdays_from_a_workday(day, n):
    cal = WorkCalendar(CalendarConfig())
    start = cal.next_workday(day)
    assert cal.workdays_between(start, cal.add_workdays(start, n)) == n
