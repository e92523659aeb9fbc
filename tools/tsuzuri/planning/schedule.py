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

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import NamedTuple

from tsuzuri.messages import Message
from tsuzuri.model import Config, Dependency, Issue, Wbs, WbsItem
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


# --- the precedence graph ----------------------------------------------------------


class _Graph:
    """Nodes and edges of a WBS, before and after the forward and backward passes."""

    def __init__(self, wbs: Wbs, cal: WorkCalendar, base: int):
        self.cal = cal
        self.items: list[WbsItem] = []
        self.depth: list[int] = []
        self.parent: list[int] = []  # item index of the parent, -1 at the top
        self.children: list[list[int]] = []
        self._flatten(wbs.items, 0, -1)
        self.index = {}
        for k, item in enumerate(self.items):
            self.index.setdefault(item.id, k)
        # Node arrays. A leaf has one node; a parent has a start and a finish marker.
        self.first: list[int] = []  # item -> node where it starts
        self.last: list[int] = []  # item -> node where it finishes
        self.length: list[int] = []
        self.pin: list[int | None] = []  # a fixed start day
        self.deadline: list[int | None] = []
        self.owner: list[int] = []  # node -> item
        self.point: list[bool] = []  # milestone: successors joined with gap = lag
        self.assumed: list[bool] = []
        for k, item in enumerate(self.items):
            if item.children:
                pin = cal.index(item.start) if item.start else None
                self.first.append(self._node(k, 0, pin, point=False))
                self.last.append(self._node(k, 0, None, point=False))
            else:
                node = self._leaf(k, item)
                self.first.append(node)
                self.last.append(node)
        self.succ: list[list[tuple[int, int]]] = [[] for _ in self.owner]
        self.pred: list[list[tuple[int, int]]] = [[] for _ in self.owner]
        self.dependency_edges: list[tuple[int, int, int]] = []  # (pred item, succ item, gap)
        for k, item in enumerate(self.items):
            if item.children:
                self._edge(self.first[k], self.last[k], 0)
                for c in self.children[k]:
                    self._edge(self.first[k], self.first[c], 0)
                    self._edge(self.last[c], self.last[k], 0)
            for dep in item.after:
                p = self.index.get(dep.id)
                if p is None:
                    continue  # a broken reference; the reference check reports it
                gap = dep.lag + (0 if self.point[self.first[k]] else 1)
                self._edge(self.last[p], self.first[k], gap)
                self.dependency_edges.append((p, k, gap))
        self.base = base

    def _flatten(self, items, depth, parent):
        for item in items:
            self.items.append(item)
            self.depth.append(depth)
            self.parent.append(parent)
            self.children.append([])
            if parent >= 0:
                self.children[parent].append(len(self.items) - 1)
            self._flatten(item.children, depth + 1, len(self.items) - 1)

    def _node(self, item, length, pin, point, deadline=None, assumed=False) -> int:
        self.owner.append(item)
        self.length.append(length)
        self.pin.append(pin)
        self.point.append(point)
        self.deadline.append(deadline)
        self.assumed.append(assumed)
        return len(self.owner) - 1

    def _leaf(self, k: int, item: WbsItem) -> int:
        cal = self.cal
        if item.milestone:
            day = item.start or item.end
            deadline = cal.index(item.target + _DAY) - 1 if item.target else None
            return self._node(k, 0, cal.index(day) if day else None, point=True, deadline=deadline)
        first = cal.index(item.start) if item.start else None
        last = cal.index(item.end + _DAY) - 1 if item.end else None
        if first is not None and last is not None:
            return self._node(k, max(0, last - first), first, point=False)
        if item.duration is not None and item.duration > 0:
            if first is None and last is not None:
                first = last - item.duration + 1
            return self._node(k, item.duration - 1, first, point=False)
        if item.duration == 0:
            return self._node(k, 0, first, point=True)
        # No way to know how long it takes: assume one day so the plan still draws.
        return self._node(k, 0, first if first is not None else last, point=False, assumed=True)

    def _edge(self, a: int, b: int, gap: int) -> None:
        self.succ[a].append((b, gap))
        self.pred[b].append((a, gap))

    # --- passes --------------------------------------------------------------------

    def order(self) -> list[int]:
        """Return the nodes in topological order, breaking cycles at the earliest node."""
        indegree = [len(p) for p in self.pred]
        ready = [n for n in range(len(indegree)) if indegree[n] == 0]
        ready.reverse()
        placed = [False] * len(indegree)
        order: list[int] = []
        next_forced = 0
        while len(order) < len(indegree):
            if not ready:
                # Only cycles are left: take the first unplaced node as if it were free.
                while placed[next_forced]:
                    next_forced += 1
                ready.append(next_forced)
                indegree[next_forced] = 0
            n = ready.pop()
            if placed[n]:
                continue
            placed[n] = True
            order.append(n)
            for s, _gap in self.succ[n]:
                indegree[s] -= 1
                if indegree[s] == 0 and not placed[s]:
                    ready.append(s)
        return order

    def passes(self) -> None:
        """Compute early and late days of every node (the critical path method)."""
        order = self.order()
        rank = [0] * len(order)
        for r, n in enumerate(order):
            rank[n] = r
        es = [0] * len(order)
        ef = [0] * len(order)
        for n in order:
            if self.pin[n] is not None:
                s = self.pin[n]
            else:
                s = self.base
                for p, gap in self.pred[n]:
                    if rank[p] < rank[n]:  # an edge against the order closes a cycle
                        s = max(s, ef[p] + gap)
            es[n], ef[n] = s, s + self.length[n]
        finish = max(ef, default=self.base)
        lf = [0] * len(order)
        ls = [0] * len(order)
        for n in reversed(order):
            f = finish
            for s, gap in self.succ[n]:
                if rank[s] > rank[n]:
                    f = min(f, ls[s] - gap)
            if self.deadline[n] is not None:
                f = min(f, self.deadline[n])
            lf[n], ls[n] = f, f - self.length[n]
        self.es, self.ef, self.ls, self.lf, self.finish = es, ef, ls, lf, finish


_DAY = date.resolution


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
    g = _Graph(wbs, cal, cal.index(base))
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


def _progress(g: _Graph, config: Config, issues: Mapping[str, Issue]) -> list[tuple[float, str]]:
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


def _weighted(g: _Graph, k: int, found: list[tuple[float, str] | None]) -> float:
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


# --- findings for the validator ----------------------------------------------------

def _say(config: Config, code: str, **values) -> Message:
    # Reads in the configured language; the validator's caller may render it in another.
    return Message(code, lang=config.language, **values)


def check(
    wbs: Wbs, config: Config, issues: Mapping[str, Issue], today: date
) -> Iterator[ScheduleFinding]:
    """Yield every scheduling problem of a WBS, cycles and missed targets included."""
    cal = WorkCalendar(config.calendar)
    plan = schedule(wbs, config, issues, today, calendar=cal)
    g = _Graph(wbs, cal, cal.index(plan.start))
    g.passes()
    yield from _cycles(g, config)
    for k, item in enumerate(g.items):
        done = plan.items[k]
        for field_name in ("start", "end", "target"):
            day = getattr(item, field_name)
            if day and not cal.is_workday(day):
                label = "date" if field_name == "target" else field_name
                yield ScheduleFinding(item.line, "wbs-non-working-day", _say(
                    config, "wbs-non-working-day", field=label, day=day, next=cal.next_workday(day)), "warning")
        if done.assumed:
            yield ScheduleFinding(item.line, "wbs-unschedulable", _say(config, "wbs-unschedulable", id=item.id), "error")
        if item.target and done.milestone and done.end > item.target:
            yield ScheduleFinding(item.line, "wbs-milestone-missed", _say(
                config, "wbs-milestone-missed", id=item.id, planned=done.end, target=item.target,
                days=cal.workdays_between(item.target, done.end)), "error")
        if item.children and (item.start or item.end):
            for c in g.children[k]:
                child = plan.items[c]
                if (item.start and child.start < item.start) or (item.end and child.end > item.end):
                    yield ScheduleFinding(g.items[c].line or item.line, "wbs-outside-parent", _say(
                        config, "wbs-outside-parent", child=child.id, start=child.start, end=child.end,
                        pstart=item.start or "", pend=item.end or ""), "error")
    for p, k, gap in g.dependency_edges:
        pinned = g.pin[g.first[k]]
        if pinned is None or g.items[k].milestone:
            continue
        earliest = g.ef[g.last[p]] + gap
        if pinned < earliest:
            yield ScheduleFinding(g.items[k].line, "wbs-start-before-predecessor", _say(
                config, "wbs-start-before-predecessor", start=g.items[k].start, pred=g.items[p].id,
                end=plan.items[p].end, earliest=cal.day(earliest)), "error")


def _cycles(g: _Graph, config: Config) -> Iterator[ScheduleFinding]:
    for component in _strong_components(g.succ):
        members = set(component)
        start = min(component)
        path = _path_back(g.succ, start, members)
        names: list[str] = []
        for n in path[:-1]:  # the walk ends where it began; close it after collapsing
            name = g.items[g.owner[n]].id
            if not names or names[-1] != name:
                names.append(name)
        if len(names) > 1 and names[-1] == names[0]:
            names.pop()  # a parent's finish marker led back to its start marker
        names.append(names[0])
        line = min((g.items[g.owner[n]].line for n in component), default=0)
        yield ScheduleFinding(line, "wbs-cycle", _say(config, "wbs-cycle", cycle=" -> ".join(names)), "error")


def _strong_components(succ: list[list[tuple[int, int]]]) -> list[list[int]]:
    """Return the cycles' node sets (Tarjan's algorithm, without recursion)."""
    index = [-1] * len(succ)
    low = [0] * len(succ)
    on_stack = [False] * len(succ)
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(len(succ)):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            n, i = work.pop()
            if i == 0:
                index[n] = low[n] = counter
                counter += 1
                stack.append(n)
                on_stack[n] = True
            if i < len(succ[n]):
                work.append((n, i + 1))
                m = succ[n][i][0]
                if index[m] < 0:
                    work.append((m, 0))
                elif on_stack[m]:
                    low[n] = min(low[n], index[m])
                continue
            if low[n] == index[n]:
                component = []
                while True:
                    m = stack.pop()
                    on_stack[m] = False
                    component.append(m)
                    if m == n:
                        break
                if len(component) > 1 or any(s == n for s, _ in succ[n]):
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[n])
    return found


def _path_back(succ: list[list[tuple[int, int]]], start: int, members: set[int]) -> list[int]:
    """Return a shortest walk from ``start`` back to itself inside one component."""
    came_from = {start: -1}
    queue = [start]
    for n in queue:
        for m, _gap in succ[n]:
            if m == start:
                path = [start]
                while n != -1:
                    path.append(n)
                    n = came_from[n]
                return path[::-1]  # start ... n, start
            if m in members and m not in came_from:
                came_from[m] = n
                queue.append(m)
    return [start, start]
