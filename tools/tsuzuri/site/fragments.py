"""Parts of pages kept by what they show, so a rebuild draws only what changed.

``mkdocs serve`` rebuilds in one process; a chart drawn from the same figures as last time is
the same HTML again. Each part is kept under a digest of everything it is drawn from (passed by
the caller, who knows what the part reads), most recently used first, up to ``LIMIT`` parts in
memory. Where a build keeps a page cache, parts are also kept on disk beside it (``keep_on_disk``):
a rebuild whose earlier build took every page from the cache, and so drew no part in this process,
still finds the parts of the pages it must render again (the Gantt page draws every project's
chart; an edit changes one of them).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

LIMIT = 256
LIMIT_ON_DISK = 64
"""Parts a store keeps (those used last): a Gantt chart of 3,000 issues is about 3 MB."""
_KEPT: OrderedDict[str, str] = OrderedDict()


class Store(Protocol):
    """Where parts are kept between processes (``store.page_cache.PageCache`` is one)."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, html: str) -> None: ...

    def touch(self, key: str) -> bool: ...


_store: Store | None = None
_code = ""


def keep_on_disk(store: Store | None, code: str = "") -> None:
    """Keep parts in ``store`` too from now on (None: in memory only).

    ``code``: a digest of the code that draws them (``page_keys.code_digest``), part of every name
    on disk, so that a part kept by another version of tsuzuri is never taken.
    """
    global _store, _code
    _store, _code = store, code


def remembered(kind: str, inputs: tuple, make: Callable[[], str]) -> str:
    """Return the part of ``kind`` drawn from ``inputs``: the one kept from before, or ``make()``."""
    h = hashlib.sha256(kind.encode())
    for part in inputs:
        h.update(b"\x00")
        h.update(repr(part).encode("utf-8", "surrogatepass"))
    key = h.hexdigest()
    name = hashlib.sha256(f"{key}:{_code}".encode()).hexdigest()  # on disk: by the code that drew it too
    found = _KEPT.get(key)
    if found is not None:
        _KEPT.move_to_end(key)
        if _store is not None and not _store.touch(name):  # used by this build: the store keeps it
            _store.put(name, found)  # drawn for another tracker, or pruned since
        return found
    found = _store.get(name) if _store is not None else None
    if found is not None:
        _store.touch(name)
    else:
        found = make()
        if _store is not None:
            _store.put(name, found)
    _KEPT[key] = found
    if len(_KEPT) > LIMIT:
        _KEPT.popitem(last=False)
    return found
