"""Shared option handling for commands: where the tracker is and what day it is."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import click

from ..store import find_root
from .errors import UsageError


def tracker_root(path: str | None) -> Path:
    """Return the tracker root for a PATH argument (or the current directory)."""
    start = Path(path or ".")
    if not start.exists():
        raise UsageError(f"{start} does not exist")
    root = find_root(start if start.is_dir() else start.parent)
    if root is None:
        raise UsageError(f"no tsuzuri.yml found in {start} or any folder above it (run `tsuzuri init` to start a tracker)")
    return root


def today(value: str | None) -> date:
    """Return the day the command runs for: --today, SOURCE_DATE_EPOCH or the clock."""
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"--today must be a date like 2026-11-26, not {value!r}") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


root_option = click.option("--root", "root", default=None, metavar="PATH", help="Tracker folder (default: the nearest folder with tsuzuri.yml).")
today_option = click.option("--today", "today_text", default=None, metavar="YYYY-MM-DD", help="Pretend today is this day (default: SOURCE_DATE_EPOCH or the clock).")
