"""Parts of pages kept in memory by what they show, so a rebuild in the same process draws only what changed.

``mkdocs serve`` rebuilds in one process; a chart drawn from the same figures as last time is
the same HTML again. Each part is kept under a digest of everything it is drawn from (passed by
the caller, who knows what the part reads), most recently used first, up to ``LIMIT`` parts.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable

LIMIT = 256
_KEPT: OrderedDict[str, str] = OrderedDict()


def remembered(kind: str, inputs: tuple, make: Callable[[], str]) -> str:
    """Return the part of ``kind`` drawn from ``inputs``: the one kept from before, or ``make()``."""
    h = hashlib.sha256(kind.encode())
    for part in inputs:
        h.update(b"\x00")
        h.update(repr(part).encode("utf-8", "surrogatepass"))
    key = h.hexdigest()
    found = _KEPT.get(key)
    if found is not None:
        _KEPT.move_to_end(key)
        return found
    found = _KEPT[key] = make()
    if len(_KEPT) > LIMIT:
        _KEPT.popitem(last=False)
    return found
