"""A project's plan at its baseline ref, scheduled and compared with the plan now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tsuzuri.model import Tracker, Wbs
from tsuzuri.planning.schedule import Schedule, schedule
from tsuzuri.planning.slip import SlipTable, slip_table
from tsuzuri.planning.workcal import WorkCalendar
from tsuzuri.store.at_ref import BaselineUnavailable, read_wbs_at


@dataclass(frozen=True)
class Baseline:
    """The baseline of one project: its schedule and slip table, or why there is none."""

    ref: str
    schedule: Schedule | None = None
    slip: SlipTable | None = None
    problem: str = ""  # why the baseline could not be read (a catalog Message); "" when it was


def baseline_of(root: Path, tracker: Tracker, plan: Wbs, today: date, ref: str = "", current: Schedule | None = None,
                shape: Callable[[Wbs], Wbs] | None = None) -> Baseline | None:
    """Schedule ``plan`` as it was at ``ref`` (default: its ``baseline:``); None when no ref is set.

    ``shape`` changes the old plan before it is scheduled (an audience's site hides items in it).
    """
    ref = ref or plan.baseline
    if not ref:
        return None
    try:
        old = read_wbs_at(root, ref, plan.path, plan.project)
    except BaselineUnavailable as problem:
        return Baseline(ref, problem=problem.message)
    if shape is not None:
        old = shape(old)
    config = tracker.config
    calendar = WorkCalendar(config.calendar)
    then = schedule(old, config, tracker.issues, today, calendar=calendar)
    now = current or schedule(plan, config, tracker.issues, today, calendar=calendar)
    return Baseline(ref, then, slip_table(now, then, calendar))
