"""Slip against a baseline: how far each item and each organization moved since the plan was fixed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tsuzuri.planning.schedule import Schedule
from tsuzuri.planning.workcal import WorkCalendar


@dataclass(frozen=True, slots=True)
class ItemSlip:
    """One item's dates in the baseline and now, and the move in working days."""

    id: str
    title: str
    owner: str
    baseline_start: date
    baseline_end: date
    start: date
    end: date
    start_slip: int  # working days later than the baseline (negative: earlier)
    end_slip: int


@dataclass(frozen=True, slots=True)
class OwnerSlip:
    """An organization's slip over its tasks and milestones."""

    owner: str
    items: int
    slipped: int  # items whose end moved later
    max_slip: int
    total_slip: int


@dataclass(frozen=True)
class SlipTable:
    """Per-item and per-organization slip of a schedule against its baseline."""

    items: tuple[ItemSlip, ...]
    owners: tuple[OwnerSlip, ...]
    added: tuple[str, ...]  # ids planned now but not in the baseline
    removed: tuple[str, ...]  # ids in the baseline but no longer planned


def slip_table(current: Schedule, baseline: Schedule, calendar: WorkCalendar) -> SlipTable:
    """Compare a schedule with its baseline, item by item and organization by organization."""
    rows = []
    for item in current.items:
        old = baseline.item(item.id)
        if old is None:
            continue
        rows.append(
            ItemSlip(
                id=item.id,
                title=item.title,
                owner=item.owner,
                baseline_start=old.start,
                baseline_end=old.end,
                start=item.start,
                end=item.end,
                start_slip=calendar.workdays_between(old.start, item.start),
                end_slip=calendar.workdays_between(old.end, item.end),
            )
        )
    # Parents would count their children's slip twice, so organizations sum leaves only.
    leaves = {i.id for i in current.items if not i.summary}
    by_owner: dict[str, list[int]] = {}
    for row in rows:
        if row.id in leaves:
            by_owner.setdefault(row.owner, []).append(row.end_slip)
    owners = tuple(
        OwnerSlip(owner, len(s), sum(1 for v in s if v > 0), max(s), sum(v for v in s if v > 0))
        for owner, s in sorted(by_owner.items())
    )
    now = {i.id for i in current.items}
    then = {i.id for i in baseline.items}
    return SlipTable(
        items=tuple(rows),
        owners=owners,
        added=tuple(i.id for i in current.items if i.id not in then),
        removed=tuple(i.id for i in baseline.items if i.id not in now),
    )
