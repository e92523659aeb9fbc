"""What is wrong with a WBS's schedule, for the validator: cycles, non-working days, missed targets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from tsuzuri.messages import Message
from tsuzuri.model import Config, Issue, Wbs
from tsuzuri.planning.precedence import Graph
from tsuzuri.planning.schedule import ScheduleFinding, schedule
from tsuzuri.planning.workcal import HolidaySource, WorkCalendar, national_holidays


def _say(config: Config, code: str, **values) -> Message:
    # Reads in the configured language; the validator's caller may render it in another.
    return Message(code, lang=config.language, **values)


def check(
    wbs: Wbs, config: Config, issues: Mapping[str, Issue], today: date, holidays: HolidaySource = national_holidays
) -> Iterator[ScheduleFinding]:
    """Yield every scheduling problem of a WBS, cycles and missed targets included; ``holidays``: as for ``WorkCalendar``."""
    cal = WorkCalendar(config.calendar, holidays)
    plan = schedule(wbs, config, issues, today, calendar=cal)
    g = Graph(wbs, cal, cal.index(plan.start))
    g.passes()
    yield from _cycles(g, config)
    for k, item in enumerate(g.items):
        done = plan.items[k]
        yield from _non_working_days(item, cal, config)
        if done.assumed:
            yield ScheduleFinding(item.line, "wbs-unschedulable", _say(config, "wbs-unschedulable", id=item.id), "error")
        if item.target and done.milestone and done.end > item.target:
            yield ScheduleFinding(item.line, "wbs-milestone-missed", _say(
                config, "wbs-milestone-missed", id=item.id, planned=done.end, target=item.target,
                days=cal.workdays_between(item.target, done.end)), "error")
        if item.children and (item.start or item.end):
            yield from _outside_parent(g, plan, k, config)
    yield from _before_predecessors(g, plan, cal, config)


def _non_working_days(item, cal: WorkCalendar, config: Config) -> Iterator[ScheduleFinding]:
    """A start, end or target date written on a day off."""
    for field_name in ("start", "end", "target"):
        day = getattr(item, field_name)
        if day and not cal.is_workday(day):
            label = "date" if field_name == "target" else field_name
            yield ScheduleFinding(item.line, "wbs-non-working-day", _say(
                config, "wbs-non-working-day", field=label, day=day, next=cal.next_workday(day)), "warning")


def _outside_parent(g: Graph, plan, k: int, config: Config) -> Iterator[ScheduleFinding]:
    """The children of item ``k`` planned before its written start or after its written end."""
    item = g.items[k]
    for c in g.children[k]:
        child = plan.items[c]
        if (item.start and child.start < item.start) or (item.end and child.end > item.end):
            yield ScheduleFinding(g.items[c].line or item.line, "wbs-outside-parent", _say(
                config, "wbs-outside-parent", child=child.id, start=child.start, end=child.end,
                pstart=item.start or "", pend=item.end or ""), "error")


def _before_predecessors(g: Graph, plan, cal: WorkCalendar, config: Config) -> Iterator[ScheduleFinding]:
    """An item pinned to a start before its predecessors can have finished."""
    for p, k, gap in g.dependency_edges:
        pinned = g.pin[g.first[k]]
        if pinned is None or g.items[k].milestone:
            continue
        earliest = g.ef[g.last[p]] + gap
        if pinned < earliest:
            yield ScheduleFinding(g.items[k].line, "wbs-start-before-predecessor", _say(
                config, "wbs-start-before-predecessor", start=g.items[k].start, pred=g.items[p].id,
                end=plan.items[p].end, earliest=cal.day(earliest)), "error")


def _cycles(g: Graph, config: Config) -> Iterator[ScheduleFinding]:
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
    tarjan = _Tarjan(succ)
    for root in range(len(succ)):
        if tarjan.index[root] < 0:
            tarjan.walk(root)
    return tarjan.found


class _Tarjan:
    """The state of Tarjan's walk over a successor list: visit order, low links and the stack."""

    def __init__(self, succ: list[list[tuple[int, int]]]) -> None:
        self.succ = succ
        self.index = [-1] * len(succ)
        self.low = [0] * len(succ)
        self.on_stack = [False] * len(succ)
        self.stack: list[int] = []
        self.found: list[list[int]] = []
        self.counter = 0

    def walk(self, root: int) -> None:
        """Visit every node reachable from ``root``, keeping each cycle found."""
        succ, index, low = self.succ, self.index, self.low
        work = [(root, 0)]
        while work:
            n, i = work.pop()
            if i == 0:
                self._enter(n)
            if i < len(succ[n]):
                work.append((n, i + 1))
                m = succ[n][i][0]
                if index[m] < 0:
                    work.append((m, 0))
                elif self.on_stack[m]:
                    low[n] = min(low[n], index[m])
                continue
            if low[n] == index[n]:
                self._close(n)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[n])

    def _enter(self, n: int) -> None:
        self.index[n] = self.low[n] = self.counter
        self.counter += 1
        self.stack.append(n)
        self.on_stack[n] = True

    def _close(self, n: int) -> None:
        """Pop the component whose root is ``n``; keep it if it is a cycle (a loop on one node counts)."""
        component = []
        while True:
            m = self.stack.pop()
            self.on_stack[m] = False
            component.append(m)
            if m == n:
                break
        if len(component) > 1 or any(s == n for s, _ in self.succ[n]):
            self.found.append(sorted(component))


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
