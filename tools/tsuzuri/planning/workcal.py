"""The working-day calendar: weekends, national holidays and the tracker's own days off.

Schedules count in working days. The calendar numbers every working day with an
integer index so that adding days and counting days cost a lookup, not a walk over
the days in between; the numbering is built one year at a time, on demand.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from tsuzuri.model import CalendarConfig

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class _Year:
    workdays: tuple[int, ...]  # ordinals (date.toordinal) of the year's working days
    offset: int  # index of the year's first working day


HolidaySource = Callable[[str, int], frozenset[date]]
"""Where a calendar gets a year's national holidays: ``(kind, year) -> days``, ``national_holidays`` or a keeper of its answers."""

HOLIDAYS_PACKAGE = "jpholiday"
"""The package that knows Japan's national holidays; what it says depends only on its version."""


@cache  # a pure answer: every calendar of a process shares it (a site schedules each project's plan)
def national_holidays(kind: str, year: int) -> frozenset[date]:
    """Return the national holidays of a year: Japan's (kind JP), worked out by jpholiday, or none."""
    if kind.upper() != "JP":
        return frozenset()
    import jpholiday  # imported here so a calendar without holidays needs no package

    return frozenset(d for d, _name in jpholiday.year_holidays(year))


class WorkCalendar:
    """Working days per a ``CalendarConfig``, with every working day numbered."""

    def __init__(self, config: CalendarConfig | None = None, holidays: HolidaySource = national_holidays):
        """``holidays``: where national holidays come from (the store keeps ``national_holidays``' answers between runs)."""
        config = config or CalendarConfig()
        self.config = config
        self._source = holidays
        self._extra_off = frozenset(config.extra_holidays)
        self._extra_on = frozenset(config.extra_workdays)
        self._weekend = frozenset(config.weekend)
        self._holidays: dict[int, frozenset[date]] = {}
        self._years: dict[int, _Year] = {}

    # --- day kinds ---------------------------------------------------------------

    def holidays(self, year: int) -> frozenset[date]:
        """Return the national holidays of a year (asked of the source once)."""
        found = self._holidays.get(year)
        if found is None:
            found = self._holidays[year] = self._source(self.config.holidays or "", year)
        return found

    def is_workday(self, day: date) -> bool:
        """Tell whether a day is a working day."""
        if day in self._extra_on:
            return True
        if day in self._extra_off or day.weekday() in self._weekend:
            return False
        return day not in self.holidays(day.year)

    def next_workday(self, day: date) -> date:
        """Return the day itself if it is a working day, else the next working day."""
        return self.day(self.index(day))

    def previous_workday(self, day: date) -> date:
        """Return the day itself if it is a working day, else the working day before."""
        return day if self.is_workday(day) else self.day(self.index(day) - 1)

    # --- counting ----------------------------------------------------------------

    def add_workdays(self, day: date, n: int) -> date:
        """Return the n-th working day after ``day`` (before it when n < 0; ``day`` when 0)."""
        if n > 0:
            return self.day(self.index(day + _ONE_DAY) + n - 1)
        if n < 0:
            return self.day(self.index(day) + n)
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Count the working days in [start, end); negative when end is before start."""
        return self.index(end) - self.index(start)

    def span(self, start: date, end: date) -> int:
        """Count the working days from start to end, both included."""
        return max(0, self.index(end + _ONE_DAY) - self.index(start))

    # --- the numbering -----------------------------------------------------------

    def index(self, day: date) -> int:
        """Return the number of the first working day on or after ``day``."""
        year = self._year(day.year)
        return year.offset + bisect_left(year.workdays, day.toordinal())

    def day(self, index: int) -> date:
        """Return the working day with this number."""
        # Guess the year from ~245 working days a year, then step to the right one.
        base = min(self._years) if self._years else 2000
        guess = self._year(base)
        y = base + (index - guess.offset) // 245
        while True:
            year = self._year(y)
            if index < year.offset:
                y -= 1
            elif index >= year.offset + len(year.workdays):
                y += 1
            else:
                return date.fromordinal(year.workdays[index - year.offset])

    def _year(self, y: int) -> _Year:
        found = self._years.get(y)
        if found is not None:
            return found
        if not self._years:
            self._years[y] = _Year(self._workdays(y), 0)
            return self._years[y]
        # Years are numbered contiguously from the first one asked for.
        low, high = min(self._years), max(self._years)
        while y > high:
            prev = self._years[high]
            high += 1
            self._years[high] = _Year(self._workdays(high), prev.offset + len(prev.workdays))
        while y < low:
            days = self._workdays(low - 1)
            low -= 1
            self._years[low] = _Year(days, self._years[low + 1].offset - len(days))
        return self._years[y]

    def _workdays(self, y: int) -> tuple[int, ...]:
        first, last = date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
        return tuple(o for o in range(first, last + 1) if self.is_workday(date.fromordinal(o)))
