"""In a build, generated pages laid out already are written into the site folder on another thread.

A generated page whose laid-out page is in the cache needs nothing of MkDocs but the file: its
layout (what the theme made of it), finished as the plugin finishes every page (``finish``),
written where MkDocs would write it, as MkDocs writes it (UTF-8, characters it cannot encode as
character references). MkDocs' own work for such a page (its template context, the template, the
plugins' events) makes nothing the cache does not hold already. Reading the cache and writing the
files waits on the disk, and runs beside the rest of the build.

What cannot be read back (an entry gone or broken since the build looked it up) is not written:
``wait`` names those pages, for the build to lay them out itself.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Job:
    """One page to write: its source path, the key of its entry in the cache, its address and its file in the site."""

    src: str
    key: str
    url: str
    dest: str


@dataclass
class Written:
    """What the writer did: each page's search index entries (None where they were not kept), the pages it could not write."""

    entries: dict[str, list | None] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


class FinishedPages:
    """Write ``jobs`` on a thread of its own: ``read(key)`` gives a cache entry, ``split`` its parts, ``finish`` the file's text."""

    def __init__(self, jobs: list[Job], read: Callable[[str], str | None], split: Callable, finish: Callable[[str, str], str]):
        self.jobs = jobs
        self._read, self._split, self._finish = read, split, finish
        self._written = Written()
        self._error: Exception | None = None
        self._failed_at = ""
        self._thread = threading.Thread(target=self._run, name="tsuzuri-pages", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        written = self._written
        try:
            for job in self.jobs:
                entry = self._read(job.key)
                found = self._split(entry) if entry is not None else None
                if found is None:
                    written.failed.append(job.src)
                    continue
                _, entries, laid_out = found
                text = self._finish(laid_out, job.url)
                if text.strip():
                    self._failed_at = job.dest
                    os.makedirs(os.path.dirname(job.dest), exist_ok=True)
                    with open(job.dest, "wb") as handle:
                        handle.write(text.encode("utf-8", errors="xmlcharrefreplace"))
                written.entries[job.src] = entries
        except Exception as problem:  # handed to the build, which reports it: a thread's own would be lost
            self._error = problem

    def wait(self) -> Written:
        """Return what was written once the thread is done; raise what stopped it (an OSError names the file)."""
        self._thread.join()
        problem, self._error = self._error, None
        if problem is not None:
            if isinstance(problem, OSError) and not problem.filename:
                problem.filename = self._failed_at
            raise problem
        return self._written
