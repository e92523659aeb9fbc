"""Render the issue pages of a large tracker in a forked process while the site build goes on."""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import Future, ProcessPoolExecutor

from .context import issue_src
from .pages import SiteBuilder

FROM_ISSUES = 500
"""Trackers with fewer issues render their pages in the build's own process: simpler, and fast enough."""
CHUNK = 200
"""Issues per task: small enough that the first page a build needs is ready soon."""

# The builder the worker renders from. The forked worker inherits it, so the tracker is never pickled.
_builder: SiteBuilder | None = None


def worthwhile(n_issues: int) -> bool:
    """Return whether a tracker of ``n_issues`` issues is worth a background worker on this platform."""
    return n_issues >= FROM_ISSUES and sys.platform.startswith("linux")


class BackgroundIssuePages:
    """Issue pages rendered, in key order, by one forked worker; ``get`` waits for the one asked for.

    One worker is enough: it renders far faster than the theme lays out pages on the other core.
    """

    def __init__(self, builder: SiteBuilder):
        global _builder
        _builder = builder
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        keys = list(builder.ctx.tracker.issues)
        self._future_of: dict[str, Future] = {}
        self._ready: dict[str, tuple[str, str]] = {}
        try:
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start:start + CHUNK]
                future = self._pool.submit(_render, chunk)
                self._future_of.update((issue_src(k), future) for k in chunk)
        finally:
            _builder = None  # the worker forked at the first submit and has its own copy

    def __contains__(self, path: str) -> bool:
        return path in self._future_of or path in self._ready

    def get(self, path: str) -> tuple[str, str]:
        """Return (html, search_html) of the issue page at source path ``path``, once."""
        if path in self._ready:
            return self._ready.pop(path)
        found = None
        for src, html, search in self._future_of.pop(path).result():
            if src == path:
                found = (html, search)
            elif self._future_of.pop(src, None) is not None:
                self._ready[src] = (html, search)  # the chunk's other pages, until asked for
        assert found is not None
        return found

    def close(self) -> None:
        """Stop the worker; pages not fetched yet are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._future_of, self._ready = {}, {}


def _render(keys: list[str]) -> list[tuple[str, str, str]]:
    builder = _builder
    assert builder is not None, "the worker is forked from a process that set the builder"
    issues = builder.ctx.tracker.issues
    return [(p.path, p.html, p.search_html or "") for p in (builder.issue_page(issues[k]) for k in keys)]
