"""Read dates, times and numbers the way people write them: the one date parser of tsuzuri.

Files (tsuzuri.yml, front matter, WBS, minutes), command-line options and imported sheets
all read dates here, so ``2026/4/1``, ``令和8年4月1日`` and full-width digits mean the same
day everywhere; what tsuzuri writes is always ISO (``2026-04-01``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tsuzuri.messages import Message

# Japanese eras still in use for dates a tracker sees; first day of each era.
_ERAS = {
    "令和": date(2019, 5, 1), "R": date(2019, 5, 1),
    "平成": date(1989, 1, 8), "H": date(1989, 1, 8),
    "昭和": date(1926, 12, 25), "S": date(1926, 12, 25),
}
_ERA_RE = re.compile(
    r"^(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?(?:\s*\(.\))?$", re.IGNORECASE
)
_YMD_RE = re.compile(r"^(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?(?:\s*\(.\))?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01, counting Excel's phantom 1900-02-29


def normalize(text: str) -> str:
    """Return text with full-width digits, letters and punctuation made half-width."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_date(value, *, serials: bool = True, zone: tzinfo | None = None) -> date | None:
    """Return the date a cell means, or None if it is empty; raise ValueError if unreadable.

    Accepts date/datetime cells, Excel serial numbers (46356; not with ``serials=False``),
    2026/11/30, 2026-11-30, 2026/1/5, 2026年11月30日, 令和8年11月30日, R8.11.30 and
    full-width digits. A timestamp with an offset (Backlog's ``2014-07-15T15:00:00Z``) is the
    day it is in ``zone`` (16 July in Tokyo).
    """
    if value is None:
        return None
    if isinstance(value, (date, int, float)) and not isinstance(value, bool):
        return _date_of_value(value, serials, zone)
    text = normalize(str(value))
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        if not serials:
            raise ValueError(Message("io.date", value=value))
        return _serial(float(text))
    found = _date_of_text(text, value, zone)
    if found is None:
        raise ValueError(Message("io.date", value=value))
    return found


def _date_of_value(value, serials: bool, zone: tzinfo | None) -> date:
    """The day of a date or datetime cell, or of an Excel serial number."""
    if isinstance(value, datetime):
        if zone is not None and value.tzinfo is not None:
            return value.astimezone(zone).date()
        return value.date()
    if isinstance(value, date):
        return value
    if not serials:
        raise ValueError(Message("io.date", value=value))
    return _serial(value)


def _date_of_text(text: str, value, zone: tzinfo | None) -> date | None:
    """The day a normalized text writes (Western or era year, or an ISO timestamp), or None."""
    m = _YMD_RE.match(text) or _COMPACT_RE.match(text)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), value)
    m = _ERA_RE.match(text)
    if m:
        era = _ERAS[m.group(1).upper() if len(m.group(1)) == 1 else m.group(1)]
        year = 1 if m.group(2) == "元" else int(m.group(2))
        return _make(era.year + year - 1, int(m.group(3)), int(m.group(4)), value)
    if "T" in text:  # Backlog's "2026-11-30T00:00:00Z"
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            return None
        return stamp.astimezone(zone).date() if zone is not None and stamp.tzinfo is not None else stamp.date()
    return None


def read_date(text) -> date | None:
    """Return the day a date written in a file or an option means, or None if it is not one.

    The same forms as ``parse_date`` except Excel serial numbers, which in a text file are
    just numbers.
    """
    if text is None or isinstance(text, bool):
        return None
    try:
        return parse_date(text, serials=False)
    except ValueError:
        return None


DATE_IN_TEXT = (
    r"(?:\d{4}\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]\s*\d{1,2}\s*日?"
    r"|(?:令和|平成|昭和|[RHS])\s*(?:元|\d{1,2})\s*[年.]\s*\d{1,2}\s*[月.]\s*\d{1,2}\s*日?)"
)
"""A date as written inside a line of text (after 期限:), once the line is NFKC-normalized."""


def parse_datetime(value, zone: tzinfo) -> datetime | None:
    """Return an aware datetime for a cell or an ISO text; naive values are in ``zone``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        day = _serial(value)
        result = datetime.combine(day, time()) + timedelta(days=float(value) % 1)
        result = result.replace(microsecond=0)
    else:
        text = normalize(str(value))
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            m = _YMD_RE.match(text)
            if not m:
                return datetime.combine(parse_date(text), time(), zone) if parse_date(text) else None
            result = datetime(
                int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0)
            )
    if result.tzinfo is None:
        result = result.replace(tzinfo=zone)
    return result.astimezone(zone)


# --- the tracker's clock: every moment people read is shown in tsuzuri.yml's `timezone` ---------
# Git keeps each commit in its committer's zone (UTC on a CI runner), comment files in their
# writer's; shown side by side they would read 07:31 登録 → 16:31 コメント. Every page, command,
# export, feed and mail formats a moment through these functions instead.


@lru_cache(maxsize=16)
def tracker_zone(name: str | None) -> tzinfo:
    """Return the time zone tsuzuri.yml names; UTC when the name is empty or unknown (the validator says which)."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ValueError, ZoneInfoNotFoundError):
        return UTC


def is_zone(name: str) -> bool:
    """Tell whether ``name`` is a time zone this machine knows (``Asia/Tokyo``, ``UTC``)."""
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return True


def local(moment: datetime, zone: tzinfo) -> datetime:
    """Return ``moment`` as the tracker's clock reads it; a naive moment is taken as already in ``zone``."""
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def local_day(value, zone: tzinfo) -> date | None:
    """Return the tracker's day of a moment (a date stays itself); None for none."""
    if value is None or value == "":
        return None
    return local(value, zone).date() if isinstance(value, datetime) else value


def stamp(value, zone: tzinfo, *, seconds: bool = False) -> str:
    """Format a moment for people in the tracker's zone: ``2026-11-26 16:31``; a date as ``2026-11-26``; '' for none."""
    if isinstance(value, datetime):
        return local(value, zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return value.isoformat() if isinstance(value, date) else ""


def iso_stamp(value, zone: tzinfo) -> str:
    """Format a moment for machines in the tracker's zone: ``2026-11-26T16:31:00+09:00``; '' for none."""
    if isinstance(value, datetime):
        return local(value, zone).isoformat(timespec="seconds")
    return value.isoformat() if isinstance(value, date) else ""


def parse_hours(value) -> float | None:
    """Return a number of hours from a cell (4, "4.5", "４．５", "4h", "4時間"); raise ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(Message("io.hours", value=value))  # noqa: TRY004 - callers report ValueErrors per cell
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = normalize(str(value)).replace(",", "")
        text = re.sub(r"\s*(h|hours?|時間)$", "", text, flags=re.IGNORECASE)
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(Message("io.hours", value=value)) from None
    if number < 0:
        raise ValueError(Message("io.negative", value=value))
    return int(number) if number == int(number) else number


def _serial(number: float) -> date:
    if not 1 <= number < 2958466:
        raise ValueError(Message("io.serial", value=number))
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _make(year: int, month: int, day: int, original) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(Message("io.unreal-day", value=original)) from None


