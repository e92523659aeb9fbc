"""The one "today" of the CLI and the MkDocs plugin: the given day, SOURCE_DATE_EPOCH, or the clock.

Use cases never read the clock or the environment; the two adapters call ``today`` once and
pass the day in. Both read the day in the tracker's time zone: a nightly build on a UTC
runner at 08:00 in Tokyo is already the next day in the office.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tsuzuri.errors import UsageError
from tsuzuri.formats.dates import read_date

EPOCH_VAR = "SOURCE_DATE_EPOCH"


class BadDay(UsageError, ValueError):
    """A given day that is not a date (``tomorrow``); the adapter says so in the tracker's language."""

    def __init__(self, value: object):
        super().__init__(f"not a date: {value!r}")
        self.value = value


def today(
    value: object,
    zone: str | None,
    environ: Mapping[str, str] | None = None,
    clock: Callable[[tzinfo | None], datetime] = datetime.now,
) -> date:
    """Return the day to work for: ``value`` (a date, or text as people write dates), else
    SOURCE_DATE_EPOCH, else the clock, in time zone ``zone``.

    Raises BadDay when ``value`` is given and is not a date.
    """
    if value is not None and value != "":
        return _given(value)
    tz = zone_info(zone)
    epoch = (os.environ if environ is None else environ).get(EPOCH_VAR, "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz or UTC).date()
    return clock(tz).date()


def _given(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    day = read_date(str(value)) if isinstance(value, str) else None
    if day is None:
        raise BadDay(value)
    return day


def zone_info(name: str | None) -> ZoneInfo | None:
    """Return the time zone named in tsuzuri.yml, or None (the validator reports an unknown name)."""
    try:
        return ZoneInfo(name) if name else None
    except (ValueError, ZoneInfoNotFoundError):
        return None
