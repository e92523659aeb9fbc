"""The precedence graph of a WBS and its forward and backward passes (the critical path method).

Every item becomes one or two nodes, worked out in working-day numbers from
``WorkCalendar``. A task runs from its start day ``s`` to its end day ``e = s + length``.
Milestones and the two markers of a parent (its start and its finish) are points:
``s == e``. An edge says ``succ.s >= pred.e + gap``; a finish-to-start dependency has
``gap = 1 + lag`` (``lag`` when the successor is a milestone, which falls on the day its
predecessors end), and the edges that tie a parent to its children have ``gap = 0``.
"""

from __future__ import annotations

from datetime import date

from tsuzuri.model import Wbs, WbsItem
from tsuzuri.planning.workcal import WorkCalendar

_DAY = date.resolution


class Graph:
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
