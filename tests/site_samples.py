"""A small tracker with three vendors and internal items, ready for `mkdocs build`, for the audience site tests."""

from __future__ import annotations

from pathlib import Path

from audiences.test_view import _tracker, _write

MKDOCS = """\
site_name: tsuzuri
docs_dir: docs
theme: {name: material, language: ja, font: false}
plugins:
  - search: {lang: ja}
  - tsuzuri:
      today: "2026-11-25"
      history: false
"""


def site_tracker(root: Path) -> Path:
    """Write the audience test tracker with a mkdocs.yml and a hand-written page under ``root``."""
    root = _tracker(root)
    _write(root, "mkdocs.yml", MKDOCS)
    _write(root, "docs/about.md", "# このサイトについて\n\nHOJO-2 と HOJO-1 を参照。\n")
    return root
