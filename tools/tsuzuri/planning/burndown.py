"""A milestone's burndown from Git history: open issues and remaining hours at the end of each day.

Each issue's status, milestone and estimate on a past day are read back from its timeline
(the field changes Git recorded); an issue counts from the day it was created.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tsuzuri.model import Config, Issue, Milestone, Tracker, resolve_choice
from tsuzuri.store.history import History, IssueTimeline

_FIELDS = ("status", "milestone", "estimate")


@dataclass(frozen=True, slots=True)
class BurndownPoint:
    """The state of a milestone's issues at the end of one day."""

    day: date
    open: int
    remaining_hours: float
    scope: int = 0  # the milestone's issues that day, open or done: what was added shows here, not as a rise of the work done


@dataclass(frozen=True, slots=True)
class _State:
    day: date
    open: bool
    member: bool  # in the milestone
    hours: float


def _estimate(text: str) -> float:
    try:
        return max(0.0, float(text))
    except ValueError:
        return 0.0


def _is_open(config: Config, status: str) -> bool:
    choice = resolve_choice(config.statuses, status)
    return (choice.id if choice else status) not in config.done_ids


def _states(issue: Issue, timeline: IssueTimeline | None, milestone: str, config: Config, zone: ZoneInfo) -> list[_State]:
    """Return the issue's state from its creation, one entry per day its fields changed."""
    now = {"status": issue.status, "milestone": issue.milestone, "estimate": "" if issue.estimate is None else str(issue.estimate)}
    changes = sorted((c for c in (timeline.changes if timeline else ()) if c.field in _FIELDS), key=lambda c: c.when)
    # The values at creation: each field's value before its first recorded change.
    value = dict(now)
    for c in reversed(changes):
        value[c.field] = c.old
    # An explicit `created:` (an imported issue) wins over the commit that added the file.
    created = issue.created or (timeline.created if timeline else None)

    def state(day: date) -> _State:
        return _State(day, _is_open(config, value["status"]), value["milestone"] == milestone, _estimate(value["estimate"]))

    states = [state(_local_day(created, zone) if created else date.min)]
    for c in changes:
        value[c.field] = c.new
        day = _local_day(c.when, zone)
        if states[-1].day == day:
            states[-1] = state(day)  # the day's last change is what the day ends with
        else:
            states.append(state(day))
    return states


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return (moment.astimezone(zone) if moment.tzinfo else moment).date()


def milestone_burndown(tracker: Tracker, history: History, milestone: Milestone, today: date) -> list[BurndownPoint]:
    """Return the open issues and remaining estimate hours of a milestone at the end of each day until today."""
    config = tracker.config
    zone = ZoneInfo(config.timezone)
    candidates = []
    for issue in tracker.project_issues(milestone.project):
        timeline = history.timelines.get(issue.key)
        ever = issue.milestone == milestone.id or any(
            c.field == "milestone" and milestone.id in (c.old, c.new) for c in (timeline.changes if timeline else ())
        )
        if ever:
            candidates.append(_states(issue, timeline, milestone.id, config, zone))
    if not candidates:
        return [BurndownPoint(today, 0, 0.0, 0)]
    first = min(min((s[0].day for s in candidates if s[0].day != date.min), default=today), today)
    # Each issue adds to the day its state changes the difference it makes to the counts, so
    # the days are swept once however many issues there are.
    delta_open: dict[date, int] = {}
    delta_hours: dict[date, float] = {}
    delta_scope: dict[date, int] = {}
    for states in candidates:
        was_open, was_hours, was_member = 0, 0.0, 0
        for s in states:
            counts = s.member and s.open
            now_open, now_hours = (1, s.hours) if counts else (0, 0.0)
            now_member = 1 if s.member else 0
            day = max(s.day, first)
            delta_open[day] = delta_open.get(day, 0) + now_open - was_open
            delta_hours[day] = delta_hours.get(day, 0.0) + now_hours - was_hours
            delta_scope[day] = delta_scope.get(day, 0) + now_member - was_member
            was_open, was_hours, was_member = now_open, now_hours, now_member
    points = []
    open_count, hours, scope = 0, 0.0, 0
    day = first
    while day <= today:
        open_count += delta_open.get(day, 0)
        hours += delta_hours.get(day, 0.0)
        scope += delta_scope.get(day, 0)
        points.append(BurndownPoint(day, open_count, round(hours, 2), scope))
        day += timedelta(days=1)
    return points


def current_point(tracker: Tracker, milestone: Milestone, today: date) -> BurndownPoint:
    """Return today's open issues and remaining hours of a milestone (no history needed)."""
    scope = [i for i in tracker.project_issues(milestone.project) if i.milestone == milestone.id]
    issues = [i for i in scope if not i.is_done(tracker.config)]
    return BurndownPoint(today, len(issues), float(sum(i.estimate or 0 for i in issues)), len(scope))
