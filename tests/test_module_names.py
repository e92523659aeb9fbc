"""Every module of the package has a name of its own, so a name found in a traceback or an import says which one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "tsuzuri"


def test_no_module_name_is_used_twice():
    names = Counter(p.name for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
    assert sorted(name for name, count in names.items() if count > 1) == []
