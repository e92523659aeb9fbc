"""A tracker with every hostile input of the site corpus in its field, built once per session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .hostile import build_tracker, corpus


@dataclass(frozen=True)
class HostileSite:
    root: Path  # the tracker, a Git repository
    site: Path  # the built site
    pages: dict[str, str]  # corpus entry id -> source path of the page it shows on
    entries: list[dict]

    def issue_keys(self) -> list[str]:
        """Return the key of every issue in the tracker."""
        return sorted(p.stem for p in (self.root / "issues").glob("*/*.md"))

    def html(self, src: str) -> str:
        """Return the built HTML of a generated or hand-written page, by its source path."""
        stem = src[:-3]
        rel = "index.html" if stem == "index" else f"tracker/{stem}/index.html"  # generated pages are in tracker/
        return (self.site / rel).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> HostileSite:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("hostile") / "tracker"
    root.mkdir()
    entries = corpus()
    pages = build_tracker(root, entries)
    site = root.parent / "site"
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=True))
    return HostileSite(root, site, pages, entries)
