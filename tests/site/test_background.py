"""Pages rendered by a background worker make the same site as pages rendered in the build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tsuzuri.site import background

from .conftest import mkdocs_build

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is forked")]


def outputs(site: Path) -> dict[str, str]:
    """Return every page and the search index of a built site by path."""
    files = [*site.rglob("*.html"), site / "search" / "search_index.json"]
    return {str(f.relative_to(site)): f.read_text(encoding="utf-8") for f in files}


def test_background_pages_build_the_same_site(small_tracker, small_site, tmp_path, monkeypatch):
    monkeypatch.setattr(background, "FROM_ISSUES", 1)  # the fixture has 4 issues
    monkeypatch.setattr(background, "CHUNK", 2)  # several tasks, so pages come back across chunks
    started = []
    real_init = background.BackgroundPages.__init__

    def init(self, plans):
        started.append(len(plans))
        real_init(self, plans)

    monkeypatch.setattr(background.BackgroundPages, "__init__", init)
    parallel = mkdocs_build(small_tracker, tmp_path / "site")
    assert len(started) == 1 and started[0] > 4  # every generated page, not only the 4 issues
    want, got = outputs(small_site), outputs(parallel)
    assert "tracker/issues/HOJO-1/index.html" in got and "申請フォームの入力チェック仕様について" in got["tracker/issues/HOJO-1/index.html"]
    assert sorted(got) == sorted(want)
    for path in want:
        assert got[path] == want[path], path


def test_pages_are_handed_out_once_each_in_any_order(tmp_path):
    from datetime import date

    from tsuzuri.site import SiteBuilder, SiteContext
    from tsuzuri.store import load

    from .conftest import FIXTURES

    tracker = load(FIXTURES / "small").tracker
    builder = SiteBuilder(SiteContext(tracker, date(2026, 11, 25)))
    want = {p.path: (p.html, p.search_html) for p in builder.pages()}
    old_chunk = background.CHUNK
    background.CHUNK = 3
    try:
        pages = background.BackgroundPages(builder.plans())
    finally:
        background.CHUNK = old_chunk
    try:
        for path in sorted(want, reverse=True):
            assert path in pages
            assert pages.get(path) == want[path]
            assert path not in pages
    finally:
        pages.close()
