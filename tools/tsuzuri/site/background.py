"""Render the pages of a large tracker in a forked process while the site build goes on."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from tsuzuri.site.generated import PagePlan

FROM_ISSUES = 500
"""Trackers with fewer issues render their pages in the build's own process: simpler, and fast enough."""
CHUNK = 25
"""Issue and minutes pages per task: small enough that the first page a build needs is ready soon,
and that a build that would wait for the worker takes over little at a time. A list page (a board,
a register, the Gantt page) is a task of its own: the largest are megabytes."""
AHEAD = 4 * 2**20
"""Bytes of pages (as UTF-8) rendered and not asked for yet, past which the worker is given no more:
it renders ahead while the build reads every page's Markdown, but a large tracker's list pages (its
Gantt page alone is 10 MB) are not all held at once."""
IN_FLIGHT = 2
"""Tasks handed to the worker and not finished: one it renders, one waiting, so it never idles between them."""

# The plans the worker renders, and what it does to each page's HTML once rendered. The forked
# worker inherits them, so the tracker is never pickled.
_plans: list[PagePlan] = []
_finish: Callable[[PagePlan, str], str] | None = None


def worthwhile(n_issues: int) -> bool:
    """Return whether a tracker of ``n_issues`` issues is worth a background worker on this platform."""
    return n_issues >= FROM_ISSUES and sys.platform.startswith("linux")


class BackgroundPages:
    """Pages rendered in the given order by one forked worker; ``get`` returns the one asked for.

    Pages are asked for in the same order. The worker is given a task at a time, while this process
    holds less than ``AHEAD`` of pages it has not asked for (``poll``, called as the build goes on).
    Where the build would wait for the worker, it takes over the first chunk of pages the worker has
    not started, and renders those itself when they are asked for: the two cores share the work, and
    no page is rendered long before it is needed.
    """

    def __init__(self, plans: list[PagePlan], finish: Callable[[PagePlan, str], str] | None = None):
        global _plans, _finish
        _plans, _finish = list(plans), finish
        self._finish = finish  # applied to each page's HTML where it is rendered (links made relative to the page)
        self._plans = list(plans)
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self._tasks = _tasks(self._plans)  # (start, stop) of each task, in order
        self._next = 0  # the first task not given to the worker (nor taken over) yet
        self._task_of = {plan.path: i for i, (start, stop) in enumerate(self._tasks) for plan in self._plans[start:stop]}
        self._future_of: dict[str, Future] = {}
        self._chunks: dict[Future, list[PagePlan]] = {}  # chunks not handed out yet (a done one holds its pages' HTML)
        self._sizes: dict[Future, int] = {}  # bytes of the pages of a done chunk
        self._mine: dict[str, PagePlan] = {}  # pages taken over from the worker, rendered here when asked for
        # The worker's pages as UTF-8 until asked for: half the memory of the text of mostly-ASCII HTML
        # (a str holding one Japanese character takes two bytes a character).
        self._ready: dict[str, tuple[bytes, bytes]] = {}
        self._ready_bytes = 0
        self.taken = 0
        try:
            if self._tasks:
                self._submit_next()
        finally:
            _plans, _finish = [], None  # the worker forked at the first submit and has its own copy
        self.poll()

    def __contains__(self, path: str) -> bool:
        return path in self._future_of or path in self._ready or path in self._mine or self._task_of.get(path, -1) >= self._next

    def poll(self) -> None:
        """Give the worker its next tasks, while it has fewer than ``IN_FLIGHT`` and the pages held are under ``AHEAD``."""
        while self._next < len(self._tasks):
            running, held = 0, self._ready_bytes
            for future in self._chunks:
                if not future.done():
                    running += 1
                elif future not in self._sizes:
                    failed = future.cancelled() or future.exception() is not None  # raised where the page is asked for
                    self._sizes[future] = 0 if failed else sum(len(html) + len(search) for _, html, search in future.result())
                held += self._sizes.get(future, 0)
            if running >= IN_FLIGHT or held >= AHEAD:
                return
            self._submit_next()

    def get(self, path: str) -> tuple[str, str]:
        """Return (html, search_html) of the page at source path ``path``, once (the HTML finished, if asked)."""
        if path in self._ready:
            html, search = self._ready.pop(path)
            self._ready_bytes -= len(html) + len(search)
            self.poll()
            return _text((html, search))
        plan = self._mine.pop(path, None)
        if plan is not None:
            page = plan.page()
            return (self._finish(plan, page.html) if self._finish else page.html), page.search_html or ""
        while path not in self._future_of and self._next < len(self._tasks):
            self._submit_next()  # asked for before the worker was given it
        future = self._future_of.pop(path)
        if not future.done():
            self._take_over(future)
        found = None
        done = future.result()
        del self._chunks[future]  # from here its pages are held only until asked for
        self._sizes.pop(future, None)
        for src, html, search in done:
            if src == path:
                found = (html, search)
            elif self._future_of.pop(src, None) is not None:
                self._ready[src] = (html, search)  # the chunk's other pages, until asked for
                self._ready_bytes += len(html) + len(search)
        assert found is not None
        self.poll()
        return _text(found)

    def held(self) -> int:
        """Return how many rendered pages this process holds that were not asked for yet."""
        return len(self._ready) + sum(len(plans) for future, plans in self._chunks.items() if future.done() and not future.cancelled())

    def _submit_next(self) -> None:
        start, stop = self._tasks[self._next]
        self._next += 1
        future = self._pool.submit(_render, start, stop)
        self._chunks[future] = self._plans[start:stop]
        self._future_of.update((plan.path, future) for plan in self._plans[start:stop])

    def _take_over(self, waited: Future) -> None:
        """Take over the first chunk after ``waited`` that the worker has not started, of issue and minutes pages only.

        Those draw no chart: the build's own process never loads plotly's figures (15 MB) for them.
        """
        later = False
        for future, plans in list(self._chunks.items()):
            if future is waited:
                later = True
            elif later and all(plan.searched for plan in plans) and not future.done() and future.cancel():
                del self._chunks[future]
                for plan in plans:
                    del self._future_of[plan.path]
                self._claim(plans)
                return
        if self._next < len(self._tasks):
            start, stop = self._tasks[self._next]
            if all(plan.searched for plan in self._plans[start:stop]):
                self._next += 1  # not given to the worker yet: never will be
                self._claim(self._plans[start:stop])

    def _claim(self, plans: list[PagePlan]) -> None:
        for plan in plans:
            self._mine[plan.path] = plan
        self.taken += len(plans)

    def close(self) -> None:
        """Stop the worker; pages not fetched yet are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._future_of, self._ready, self._mine, self._chunks, self._sizes = {}, {}, {}, {}, {}
        self._tasks, self._next, self._task_of, self._ready_bytes = [], 0, {}, 0


class Forked:
    """Run ``fn`` in a forked child process while the build goes on; ``result`` returns what it returned.

    Only where no thread runs yet (a fork copies no other thread). If the child ends without a
    result (killed, out of memory), ``result`` runs ``fn`` in this process instead.
    """

    def __init__(self, fn: Callable[[], object]):
        self._fn = fn
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_result, args=(fn, send), daemon=True)
        self._process.start()
        send.close()

    def result(self):
        try:
            ok, value = self._receive.recv()
        except (EOFError, OSError):
            ok, value = True, self._fn()
        finally:
            self.close()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stop the child if it still runs."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


def _send_result(fn, send) -> None:
    try:
        outcome = (True, fn())
    except BaseException as exc:  # handed to the parent, which raises it there
        outcome = (False, exc)
    send.send(outcome)
    send.close()


def _render(start: int, stop: int) -> list[tuple[str, bytes, bytes]]:
    assert _plans, "the worker is forked from a process that set the plans"
    done = []
    for plan in _plans[start:stop]:
        page = plan.page()
        html = _finish(plan, page.html) if _finish else page.html
        done.append((page.path, html.encode(), (page.search_html or "").encode()))
    return done


def _text(rendered: tuple[bytes, bytes]) -> tuple[str, str]:
    html, search = rendered
    return html.decode(), search.decode()


def _tasks(plans: list[PagePlan]) -> list[tuple[int, int]]:
    """Split ``plans`` into tasks, as (start, stop): up to ``CHUNK`` issue and minutes pages in a row, every list page alone."""
    tasks, start = [], 0
    for i, plan in enumerate(plans):
        if i > start and (not plan.searched or not plans[i - 1].searched or i - start == CHUNK):
            tasks.append((start, i))
            start = i
    if start < len(plans):
        tasks.append((start, len(plans)))
    return tasks
