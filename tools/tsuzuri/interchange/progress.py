"""How long work tells its progress: a callback the CLI draws as a bar."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
"""A callback told (stage, done, total) as work goes on; the CLI draws it as a bar."""


def no_progress(stage: str, done: int, total: int) -> None:
    """Ignore progress reports."""
