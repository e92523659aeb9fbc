"""The schedule of a WBS: dates, critical path, float and progress of every item.

Every item becomes one or two nodes of a precedence graph, worked out in working-day
numbers from ``WorkCalendar``. A task runs from its start day ``s`` to its end day
``e = s + length``. Milestones and the two markers of a parent (its start and its
finish) are points: ``s == e``. An edge says ``succ.s >= pred.e + gap``; a
finish-to-start dependency has ``gap = 1 + lag`` (``lag`` when the successor is a
milestone, which falls on the day its predecessors end), and the edges that tie a
parent to its children have ``gap = 0``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import NamedTuple

from tsuzuri.model import Config, Dependency, Issue, Wbs
from tsuzuri.planning.precedence import Graph
from tsuzuri.planning.workcal import WorkCalendar


@dataclass(frozen=True, slots=True)
class ScheduledItem:
    """One WBS item with its computed dates, float and progress."""

    id: str
    title: str
    line: int
    depth: int  # 0 for a top-level item
    parent: str  # id of the parent item, "" at the top
    milestone: bool
    summary: bool  # a parent, drawn as a bar spanning its children
    owner: str  # organization; inherited from the nearest parent that names one
    assignee: str
    start: date
    end: date  # inclusive; equal to start for a milestone
    duration: int  # working days; 0 for a milestone
    total_float: int  # working days the item can slip without moving the finish
    critical: bool
    late_start: date
    late_end: date
    progress: float  # 0..100
    progress_source: str  # given | issues | children | predecessors | none
    planned_progress: float  # what the plan expects by today, 0..100
    late: bool  # not finished although its end is before today
    target: date | None = None
    assumed: bool = False  # no duration or end was given; one working day was assumed
    after: tuple[Dependency, ...] = ()
    issues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schedule:
    """The computed plan of one project."""

    project: str
    start: date
    finish: date
    today: date
    items: tuple[ScheduledItem, ...]  # in WBS order, parents before their children
    critical_path: tuple[str, ...]  # ids of the critical tasks and milestones, by start

    def item(self, item_id: str) -> ScheduledItem | None:
        """Return the scheduled item with this id, if any."""
        return self._by_id.get(item_id)

    @cached_property
    def _by_id(self) -> dict[str, ScheduledItem]:
        return {i.id: i for i in self.items}


class ScheduleFinding(NamedTuple):
    """A problem in the plan, for the validator."""

    line: int
    code: str
    message: str
    severity: str  # error | warning




def _base_day(wbs: Wbs, start: date | None, today: date) -> date:
    if start or wbs.start:
        return start or wbs.start
    # No project start: begin at the earliest date the plan names, else today.
    named = [d for i in wbs.walk() for d in (i.start, i.end) if d]
    return min(named, default=today)


# --- the schedule ------------------------------------------------------------------


def schedule(
    wbs: Wbs,
    config: Config,
    issues: Mapping[str, Issue],
    today: date,
    start: date | None = None,
    calendar: WorkCalendar | None = None,
) -> Schedule:
    """Compute the dates, float, critical path and progress of every WBS item."""
    cal = calendar or WorkCalendar(config.calendar)
    base = _base_day(wbs, start, today)
    g = Graph(wbs, cal, cal.index(base))
    g.passes()
    progress = _progress(g, config, issues)
    today_index = cal.index(today)
    # A parent spans its children and has the least float of the work it contains.
    first = [g.es[g.first[k]] for k in range(len(g.items))]
    last = [g.ef[g.last[k]] for k in range(len(g.items))]
    float_of = [g.ls[g.first[k]] - g.es[g.first[k]] for k in range(len(g.items))]
    for k in reversed(range(len(g.items))):
        if g.children[k]:
            first[k] = min(first[c] for c in g.children[k])
            last[k] = max(last[c] for c in g.children[k])
            float_of[k] = min(float_of[c] for c in g.children[k])
    owner = [item.owner for item in g.items]
    for k, p in enumerate(g.parent):
        if not owner[k] and p >= 0:
            owner[k] = owner[p]  # parents come first, so theirs is already settled
    result = []
    for k, item in enumerate(g.items):
        a, b = g.first[k], g.last[k]
        s, e = first[k], last[k]
        point = g.point[a] and not g.children[k]
        duration = 0 if point else e - s + 1
        pct, source = progress[k]
        result.append(
            ScheduledItem(
                id=item.id,
                title=item.title,
                line=item.line,
                depth=g.depth[k],
                parent=g.items[g.parent[k]].id if g.parent[k] >= 0 else "",
                milestone=item.milestone,
                summary=bool(item.children),
                owner=owner[k],
                assignee=item.assignee,
                start=cal.day(s),
                end=cal.day(e),
                duration=duration,
                total_float=float_of[k],
                critical=float_of[k] <= 0,
                late_start=cal.day(g.ls[a]),
                late_end=cal.day(g.lf[b]),
                progress=pct,
                progress_source=source,
                planned_progress=_planned(s, e, point, today_index),
                late=pct < 100 and cal.day(e) < today,
                target=item.target,
                assumed=g.assumed[a],
                after=item.after,
                issues=item.issues,
            )
        )
    path = sorted(
        (r for r in result if r.critical and not r.summary), key=lambda r: (r.start, r.end, r.line)
    )
    return Schedule(
        project=wbs.project,
        start=base,
        finish=cal.day(g.finish),
        today=today,
        items=tuple(result),
        critical_path=tuple(r.id for r in path),
    )


def _planned(s: int, e: int, point: bool, today: int) -> float:
    if point:
        return 100.0 if today > e else 0.0
    done_days = min(max(today - s, 0), e - s + 1)
    return 100.0 * done_days / (e - s + 1)


def _progress(g: Graph, config: Config, issues: Mapping[str, Issue]) -> list[tuple[float, str]]:
    """Return (percent, source) per item: given, else from issues, children or predecessors."""
    found: list[tuple[float, str] | None] = [None] * len(g.items)
    done = config.done_ids
    for n in g.order():
        k = g.owner[n]
        item = g.items[k]
        if found[k] is not None or (item.children and n == g.first[k]):
            continue
        if item.progress is not None:
            found[k] = (float(item.progress), "given")
            continue
        linked = [issues[key] for key in item.issues if key in issues]
        if linked:
            closed = sum(1 for i in linked if i.status in done)
            found[k] = (100.0 * closed / len(linked), "issues")
        elif item.children:
            found[k] = (_weighted(g, k, found), "children")
        elif item.milestone and item.after:
            preds = [found[g.index[d.id]] for d in item.after if d.id in g.index]
            reached = all(p is not None and p[0] >= 100 for p in preds)
            found[k] = (100.0 if reached and preds else 0.0, "predecessors")
        else:
            found[k] = (0.0, "none")
    return [f or (0.0, "none") for f in found]


def _weighted(g: Graph, k: int, found: list[tuple[float, str] | None]) -> float:
    # Weight by working days so a two-month task counts more than a two-day one;
    # milestones have no length and only count when nothing else does.
    total = weight = 0.0
    values = []
    for c in g.children[k]:
        value = found[c][0] if found[c] else 0.0
        values.append(value)
        if g.point[g.first[c]] and not g.children[c]:
            continue
        days = max(g.ef[g.last[c]] - g.es[g.first[c]] + 1, 0)
        total += days * value
        weight += days
    if weight:
        return total / weight
    return sum(values) / len(values) if values else 0.0
