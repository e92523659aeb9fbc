"""National holidays kept in ``.tsuzuri-cache/holidays/``, so that a command does not work a year out again.

Working out one year of Japan's holidays takes jpholiday about a tenth of a second, in every
process that checks or draws a plan. The days depend only on the calendar kind, the year and
the version of the package that works them out, so the file is named by that version: after an
upgrade a new file fills. The file is JSON (the folder sits in the work tree, where a pull request
could plant one) and is read only when it holds, for the year asked, a list of dates of that
year; anything else is ignored and worked out again. Only a tracker that already has a cache
folder (a build made it) keeps holidays: checking a tracker never writes into one that has none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tsuzuri.store.page_cache import CACHE_DIR
from tsuzuri.store.writer import atomic_write_bytes

FOLDER = Path(CACHE_DIR) / "holidays"
FORMAT = 1
"""Raised when the file's layout changes, so an old file is not misread."""
MAX_BYTES = 1 << 20  # a century of holidays is about 40 KB
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def open_holidays(
    root: Path | None, package: str, compute: Callable[[str, int], frozenset[date]]
) -> Callable[[str, int], frozenset[date]]:
    """Return ``compute`` kept in the cache folder of the tracker at ``root``, under the version of ``package``.

    Without a ``root`` (its cache folder is not to be trusted), without a cache folder there (a
    tracker that was never built: a check writes nothing into it) or without the package, ``compute`` itself.
    """
    if root is None or not (Path(root) / CACHE_DIR).is_dir():
        return compute
    from importlib import metadata  # imported here: a tracker without national holidays never asks

    try:
        version = metadata.version(package)
    except metadata.PackageNotFoundError:
        return compute
    return HolidayCache(Path(root) / FOLDER, f"{package}-{version}", compute)


class HolidayCache:
    """A ``(kind, year) -> days`` source answering from the file, else from ``compute`` (then kept in the file).

    ``folder`` None keeps nothing between runs (a cache folder committed to Git is not trusted).
    """

    def __init__(self, folder: Path | None, version: str, compute: Callable[[str, int], frozenset[date]]):
        self.path = Path(folder) / f"{_UNSAFE.sub('_', version)}-{FORMAT}.json" if folder is not None else None
        self.compute = compute
        self._table: dict | None = None  # as read: kind -> year (text) -> ["YYYY-MM-DD", ...]
        self.computed = 0  # years worked out by ``compute`` (the tests count them)

    def __call__(self, kind: str, year: int) -> frozenset[date]:
        table = self._read()
        kept = _days(table.get(kind), year)
        if kept is not None:
            return kept
        days = self.compute(kind, year)
        self.computed += 1
        per_kind = table.get(kind)
        if not isinstance(per_kind, dict):
            per_kind = table[kind] = {}
        per_kind[str(year)] = sorted(d.isoformat() for d in days)
        self._write(table)
        return days

    def _read(self) -> dict:
        if self._table is None:
            self._table = {}
            if self.path is not None:
                try:
                    if self.path.stat().st_size <= MAX_BYTES:
                        data = json.loads(self.path.read_bytes())
                        self._table = data if isinstance(data, dict) else {}
                except (OSError, ValueError, RecursionError):
                    pass  # missing, unreadable or not JSON: worked out again
        return self._table

    def _write(self, table: dict) -> None:
        if self.path is None:
            return
        try:
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                atomic_write_bytes(ignore, b"*\n")
            atomic_write_bytes(self.path, json.dumps(table, sort_keys=True).encode())
        except OSError:
            pass  # a read-only checkout, or a link where the file should be, goes without


def _days(per_kind, year: int) -> frozenset[date] | None:
    """Return the kept days of ``year``, or None unless they are a list of dates of that year."""
    if not isinstance(per_kind, dict):
        return None
    kept = per_kind.get(str(year))
    if not isinstance(kept, list) or len(kept) > 366:
        return None
    days = set()
    for text in kept:
        if not isinstance(text, str) or len(text) != 10:
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        if day.year != year:
            return None
        days.add(day)
    return frozenset(days)
