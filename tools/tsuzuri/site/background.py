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
"""Pages per task: small enough that the first page a build needs is ready soon, and that a build
that would wait for the worker takes over little at a time."""

# The plans the worker renders, and what it does to each page's HTML once rendered. The forked
# worker inherits them, so the tracker is never pickled.
_plans: list[PagePlan] = []
_finish: Callable[[PagePlan, str], str] | None = None


def worthwhile(n_issues: int) -> bool:
    """Return whether a tracker of ``n_issues`` issues is worth a background worker on this platform."""
    return n_issues >= FROM_ISSUES and sys.platform.startswith("linux")


class BackgroundPages:
    """Pages rendered in the given order by one forked worker; ``get`` returns the one asked for.

    Pages are asked for in the same order. Where the build would wait for the worker, it takes
    over the first chunk of pages the worker has not started, and renders those itself when they
    are asked for: the two cores share the work, and no page is rendered long before it is needed.
    """

    def __init__(self, plans: list[PagePlan], finish: Callable[[PagePlan, str], str] | None = None):
        global _plans, _finish
        _plans, _finish = list(plans), finish
        self._finish = finish  # applied to each page's HTML where it is rendered (links made relative to the page)
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self._future_of: dict[str, Future] = {}
        self._chunks: dict[Future, list[PagePlan]] = {}  # chunks not handed out yet (a done one holds its pages' HTML)
        self._mine: dict[str, PagePlan] = {}  # pages taken over from the worker, rendered here when asked for
        # The worker's pages as UTF-8 until asked for: half the memory of the text of mostly-ASCII HTML
        # (a str holding one Japanese character takes two bytes a character).
        self._ready: dict[str, tuple[bytes, bytes]] = {}
        self.taken = 0
        try:
            for start in range(0, len(plans), CHUNK):
                future = self._pool.submit(_render, start, start + CHUNK)
                self._chunks[future] = plans[start:start + CHUNK]
                self._future_of.update((plan.path, future) for plan in plans[start:start + CHUNK])
        finally:
            _plans, _finish = [], None  # the worker forked at the first submit and has its own copy

    def __contains__(self, path: str) -> bool:
        return path in self._future_of or path in self._ready or path in self._mine

    def get(self, path: str) -> tuple[str, str]:
        """Return (html, search_html) of the page at source path ``path``, once (the HTML finished, if asked)."""
        if path in self._ready:
            return _text(self._ready.pop(path))
        plan = self._mine.pop(path, None)
        if plan is not None:
            page = plan.page()
            return (self._finish(plan, page.html) if self._finish else page.html), page.search_html or ""
        future = self._future_of.pop(path)
        if not future.done():
            self._take_over(future)
        found = None
        done = future.result()
        del self._chunks[future]  # from here its pages are held only until asked for
        for src, html, search in done:
            if src == path:
                found = (html, search)
            elif self._future_of.pop(src, None) is not None:
                self._ready[src] = (html, search)  # the chunk's other pages, until asked for
        assert found is not None
        return _text(found)

    def held(self) -> int:
        """Return how many rendered pages this process holds that were not asked for yet."""
        return len(self._ready) + sum(len(plans) for future, plans in self._chunks.items() if future.done() and not future.cancelled())

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
                    self._mine[plan.path] = plan
                self.taken += len(plans)
                return

    def close(self) -> None:
        """Stop the worker; pages not fetched yet are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._future_of, self._ready, self._mine, self._chunks = {}, {}, {}, {}


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
