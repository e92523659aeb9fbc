"""Pages rendered by a background worker make the same site as pages rendered in the build."""

from __future__ import annotations

import shutil
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

    def init(self, plans, finish=None):
        started.append(len(plans))
        real_init(self, plans, finish)

    monkeypatch.setattr(background.BackgroundPages, "__init__", init)
    root = tmp_path / "tracker"
    shutil.copytree(small_tracker, root, ignore=shutil.ignore_patterns(".tsuzuri-cache"))  # nothing laid out yet
    parallel = mkdocs_build(root, tmp_path / "site")
    assert len(started) == 1 and started[0] > 4  # every generated page, not only the 4 issues
    want, got = outputs(small_site), outputs(parallel)
    assert "tracker/issues/HOJO-1/index.html" in got and "申請フォームの入力チェック仕様について" in got["tracker/issues/HOJO-1/index.html"]
    assert sorted(got) == sorted(want)
    for path in want:
        assert got[path] == want[path], path


def test_with_laid_out_pages_kept_the_worker_renders_only_the_others(small_tracker, tmp_path, monkeypatch):
    monkeypatch.setattr(background, "FROM_ISSUES", 1)
    root = tmp_path / "tracker"
    shutil.copytree(small_tracker, root, ignore=shutil.ignore_patterns(".tsuzuri-cache"))
    first = mkdocs_build(root, tmp_path / "first")
    started = []
    real_init = background.BackgroundPages.__init__

    def init(self, plans, finish=None):
        started.append([plan.path for plan in plans])
        real_init(self, plans, finish)

    monkeypatch.setattr(background.BackgroundPages, "__init__", init)
    mkdocs_build(root, tmp_path / "again")
    assert started == []  # every page laid out already: no worker at all
    issue = root / "issues" / "KIBAN" / "KIBAN-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 変更 ", 1), encoding="utf-8")
    edited = outputs(mkdocs_build(root, tmp_path / "edited"))
    pages = [p for p in outputs(first) if p.startswith("tracker/") and p.endswith(".html")]
    assert len(started) == 1 and "issues/KIBAN-1.md" in started[0] and "issues/HOJO-1.md" not in started[0]
    assert len(started[0]) < len(pages)
    shutil.rmtree(root / ".tsuzuri-cache")
    fresh = outputs(mkdocs_build(root, tmp_path / "fresh"))
    assert sorted(edited) == sorted(fresh)
    for path in fresh:
        assert edited[path] == fresh[path], path


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


def _slow_render(start, stop):
    import time

    time.sleep(0.5)  # a worker far behind the build
    return _real_render(start, stop)


_real_render = background._render


def test_a_build_that_would_wait_for_the_worker_renders_pages_itself(monkeypatch):
    from datetime import date

    from tsuzuri.site import SiteBuilder, SiteContext
    from tsuzuri.store import load

    from .conftest import FIXTURES

    tracker = load(FIXTURES / "small").tracker
    builder = SiteBuilder(SiteContext(tracker, date(2026, 11, 25)))
    want = {p.path: (p.html, p.search_html) for p in builder.pages()}
    plans = builder.plans()
    monkeypatch.setattr(background, "CHUNK", 1)
    monkeypatch.setattr(background, "_render", _slow_render)  # the forked worker has it too
    pages = background.BackgroundPages(plans)
    try:
        got = {plan.path: pages.get(plan.path) for plan in plans}  # in the build's order
        assert pages.held() == 0  # no page handed out is kept
        assert pages.taken > 0  # chunks the worker had not started were rendered here
        assert pages.taken < len(plans)  # and the worker rendered the others
    finally:
        pages.close()
    assert got == want


def test_a_large_tracker_is_checked_in_another_process_and_an_error_still_stops_the_build(
    small_tracker, tmp_path, monkeypatch, caplog
):
    import os

    from mkdocs.exceptions import Abort

    from tsuzuri.site import prepare as prepare_module

    monkeypatch.setattr(background, "FROM_ISSUES", 1)
    ran_in = tmp_path / "checked-in"
    real_checks = prepare_module.Prepared.checks

    def checks(self):
        ran_in.write_text(str(os.getpid()))
        return real_checks(self)

    monkeypatch.setattr(prepare_module.Prepared, "checks", checks)
    root = tmp_path / "tracker"
    shutil.copytree(small_tracker, root, ignore=shutil.ignore_patterns(".tsuzuri-cache"))
    good = outputs(mkdocs_build(root, tmp_path / "site"))
    assert int(ran_in.read_text()) != os.getpid()
    assert "tracker/issues/HOJO-2/index.html" in good
    issue = root / "issues" / "HOJO" / "HOJO-2.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("status: open", "status: nonsense", 1), encoding="utf-8")
    with pytest.raises(Abort):
        mkdocs_build(root, tmp_path / "broken")
    assert "issues/HOJO/HOJO-2.md:4:9: error[value]" in caplog.text and "nonsense" in caplog.text
    assert not (tmp_path / "broken" / "tracker" / "issues" / "HOJO-1" / "index.html").exists()  # stopped before any page


def test_checks_that_end_without_a_result_are_run_in_the_build(small_tracker, tmp_path, monkeypatch, caplog):
    import os

    from mkdocs.exceptions import Abort

    monkeypatch.setattr(background, "FROM_ISSUES", 1)

    def killed(fn, send):
        os._exit(9)  # as if the child were killed before it answered

    monkeypatch.setattr(background, "_send_result", killed)
    root = tmp_path / "tracker"
    shutil.copytree(small_tracker, root, ignore=shutil.ignore_patterns(".tsuzuri-cache"))
    issue = root / "issues" / "HOJO" / "HOJO-2.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("status: open", "status: nonsense", 1), encoding="utf-8")
    with pytest.raises(Abort):
        mkdocs_build(root, tmp_path / "broken")
    assert "issues/HOJO/HOJO-2.md:4:9: error[value]" in caplog.text  # found by the checks run again here


def test_the_build_takes_over_only_issue_and_minutes_pages(monkeypatch):
    """Pages with charts stay with the worker: the build's own process never loads plotly's figures for them."""
    from datetime import date

    from tsuzuri.site import SiteBuilder, SiteContext
    from tsuzuri.site.generated import PagePlan
    from tsuzuri.store import load

    from .conftest import FIXTURES

    tracker = load(FIXTURES / "small").tracker
    builder = SiteBuilder(SiteContext(tracker, date(2026, 11, 25)))
    want = {p.path: (p.html, p.search_html) for p in builder.pages()}
    plans = builder.plans()
    assert any(not plan.searched for plan in plans) and any(plan.searched for plan in plans)
    monkeypatch.setattr(background, "CHUNK", 1)
    monkeypatch.setattr(background, "_render", _slow_render)
    pages = background.BackgroundPages(plans)  # the worker forks here, before the page renders below are counted
    rendered_here = []
    real_page = PagePlan.page
    monkeypatch.setattr(PagePlan, "page", lambda plan: rendered_here.append(plan) or real_page(plan))
    try:
        got = {plan.path: pages.get(plan.path) for plan in plans}
    finally:
        pages.close()
    assert got == want
    assert rendered_here and len(rendered_here) == pages.taken
    assert all(plan.searched for plan in rendered_here)
