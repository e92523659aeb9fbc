"""Where the plugin saves work (one Markdown conversion for every generated page alike), the site is the same bytes."""

from __future__ import annotations

import functools
import json
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.structure.pages import Page

from tsuzuri.adapters import mkdocs_plugin

from .conftest import FIXTURES, mkdocs_build


def outputs(site: Path) -> dict[str, bytes]:
    """Return every file of a built site by path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def assert_same_site(got: dict[str, bytes], expected: dict[str, bytes]) -> None:
    """Both builds wrote the same files, byte for byte (a differing file is named)."""
    assert sorted(got) == sorted(expected)
    for path, data in expected.items():
        assert got[path] == data, path


def test_generated_pages_converted_once_make_the_same_site(tmp_path, monkeypatch):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    converted = []
    real = Page.render

    def counting(self, config, files):
        converted.append(self.file.src_uri)
        real(self, config, files)

    monkeypatch.setattr(Page, "render", counting)
    shortcut = outputs(mkdocs_build(root, tmp_path / "shortcut"))
    generated = [src for src in converted if src.startswith("tracker/")]
    assert len(generated) == 1  # the first generated page; the others shared its conversion
    converted.clear()
    monkeypatch.setattr(mkdocs_plugin._GeneratedPage, "render", counting)  # every page converted for itself
    shutil.rmtree(root / ".tsuzuri-cache", ignore_errors=True)
    full = outputs(mkdocs_build(root, tmp_path / "full"))
    assert len([src for src in converted if src.startswith("tracker/")]) > 20
    assert "tracker/issues/HOJO-1/index.html" in full
    assert_same_site(shortcut, full)


def test_a_build_that_reuses_laid_out_pages_makes_the_same_site(tmp_path, monkeypatch):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    first = outputs(mkdocs_build(root, tmp_path / "first"))  # fills the cache
    laid_out = []
    real = mkdocs_plugin.TsuzuriPlugin.on_post_build

    @functools.wraps(real)  # at the plugin's priority: before the search plugin writes its index
    def counting(self, config):
        laid_out.append(len(self.laid_out))
        return real(self, config)

    monkeypatch.setattr(mkdocs_plugin.TsuzuriPlugin, "on_post_build", counting)
    again = outputs(mkdocs_build(root, tmp_path / "again"))
    assert laid_out and laid_out[0] > 20  # every generated page came laid out from the cache
    assert_same_site(again, first)
    # An edit: the pages that show it are laid out again, and the site is a fresh build's.
    issue = root / "issues" / "HOJO" / "HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 変更 ", 1), encoding="utf-8")
    laid_out.clear()
    edited = outputs(mkdocs_build(root, tmp_path / "edited"))
    assert 0 < laid_out[0] < len([p for p in first if p.startswith("tracker/") and p.endswith(".html")])
    shutil.rmtree(root / ".tsuzuri-cache")
    fresh = outputs(mkdocs_build(root, tmp_path / "fresh"))
    assert "変更" in fresh["tracker/issues/HOJO-1/index.html"].decode()
    assert_same_site(edited, fresh)


def test_the_search_index_parses_again_only_pages_not_laid_out_from_the_cache(tmp_path, monkeypatch):
    from material.plugins.search.plugin import SearchIndex

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    parsed = []
    real = SearchIndex.create_entry_for_section

    def counting(self, section, toc, url, page):
        parsed.append(page.file.src_uri)
        return real(self, section, toc, url, page)

    monkeypatch.setattr(SearchIndex, "create_entry_for_section", counting)
    first = outputs(mkdocs_build(root, tmp_path / "first"))  # fills the cache
    assert any(src.startswith("tracker/issues/") for src in parsed)
    parsed.clear()
    again = outputs(mkdocs_build(root, tmp_path / "again"))
    assert parsed and not [src for src in parsed if src.startswith("tracker/issues/")]  # hand-written pages only
    index = json.loads(again["search/search_index.json"])
    assert any(doc["location"].startswith("tracker/issues/HOJO-1/") for doc in index["docs"])
    assert_same_site(again, first)


def test_a_kept_page_with_entries_json_cannot_hold_is_kept_without_them():
    from tsuzuri.adapters import layout_cache

    entries = [{"location": "a/", "title": "見出し", "text": "本文 <code>&amp;</code>", "boost": 2.0, "tags": ["x"]}]
    assert layout_cache.split(layout_cache.joined("<h1>t</h1>", "<html>", entries)) == ("<h1>t</h1>", entries, "<html>")
    for odd in ([{"location": object()}], [{"boost": float("nan")}], [{1: "a"}]):
        assert layout_cache.split(layout_cache.joined("s", "<html>", odd)) == ("s", None, "<html>")
    assert layout_cache.split(layout_cache.joined("s", "<html>")) == ("s", None, "<html>")
    assert layout_cache.split("3\nabc5\n[{]}x<html>") is None  # a damaged entry: the page is laid out again
    assert layout_cache.split("3\nabc") is None


def test_a_laid_out_page_gone_before_its_turn_is_laid_out_by_the_theme(tmp_path, monkeypatch):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    first = outputs(mkdocs_build(root, tmp_path / "first"))
    from tsuzuri.adapters import layout_cache

    monkeypatch.setattr(layout_cache, "split", lambda entry: None)  # as if another build had pruned every entry
    again = outputs(mkdocs_build(root, tmp_path / "again"))
    assert_same_site(again, first)


def test_markers_of_hand_written_pages_come_from_the_cache_until_the_tracker_changes(tmp_path, monkeypatch):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    rendered = []
    real = mkdocs_plugin.markers.render

    def counting(ctx, name, params):
        rendered.append(name)
        return real(ctx, name, params)

    first = outputs(mkdocs_build(root, tmp_path / "first"))
    monkeypatch.setattr(mkdocs_plugin.markers, "render", counting)
    again = outputs(mkdocs_build(root, tmp_path / "again"))
    assert rendered == []  # neither the generated pages nor the dashboard of index.md were drawn again
    assert again["index.html"] == first["index.html"]
    issue = root / "issues" / "HOJO" / "HOJO-2.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("status: open", "status: closed", 1), encoding="utf-8")
    edited = outputs(mkdocs_build(root, tmp_path / "edited"))
    assert "dashboard" in rendered
    shutil.rmtree(root / ".tsuzuri-cache")
    assert edited["index.html"] == outputs(mkdocs_build(root, tmp_path / "fresh"))["index.html"] != first["index.html"]


def test_a_rebuild_draws_again_only_the_charts_an_edit_changes_even_in_a_new_process(tmp_path, monkeypatch):
    from tsuzuri.site import fragments, gantt_view

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    mkdocs_build(root, tmp_path / "first")  # draws HOJO's chart and keeps it beside the pages
    drawn = []
    real = gantt_view.gantt_chart_html

    def counting(ctx, project, *args, **kwargs):
        drawn.append(project)
        return real(ctx, project, *args, **kwargs)

    monkeypatch.setattr(gantt_view, "gantt_chart_html", counting)
    monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())  # nothing in memory, as in a new process
    issue = root / "issues" / "KIBAN" / "KIBAN-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 変更 ", 1), encoding="utf-8")
    mkdocs_build(root, tmp_path / "edited")
    assert drawn == []  # the Gantt pages are rendered again (they show the whole tracker), HOJO's chart is not drawn again
    issue = root / "issues" / "HOJO" / "HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 変更 ", 1), encoding="utf-8")
    again = outputs(mkdocs_build(root, tmp_path / "again"))
    assert drawn == ["HOJO"]  # drawn once, for the Gantt page and the project's own
    assert "変更 申請フォーム" in again["tracker/gantt/index.html"].decode()
    shutil.rmtree(root / ".tsuzuri-cache")
    monkeypatch.setattr(fragments, "_KEPT", type(fragments._KEPT)())
    assert_same_site(again, outputs(mkdocs_build(root, tmp_path / "fresh")))


def _theme_only(monkeypatch) -> None:
    """Lay out every page with the theme itself (no stamps)."""
    from tsuzuri.adapters import layout_cache

    monkeypatch.setattr(layout_cache.Stamps, "lay_out", lambda self, group, page, render: render())


def _counting_stamps(monkeypatch) -> list[int]:
    stamped = []
    real = mkdocs_plugin.TsuzuriPlugin.on_post_build

    @functools.wraps(real)  # at the plugin's priority: before the search plugin writes its index
    def counting(self, config):
        stamped.append(self.stamps.stamped if self.stamps is not None else 0)
        return real(self, config)

    monkeypatch.setattr(mkdocs_plugin.TsuzuriPlugin, "on_post_build", counting)
    return stamped


def _uncached(root: Path) -> None:
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace('today: "2026-11-25"', 'today: "2026-11-25"\n      cache: false'), encoding="utf-8")


def test_pages_laid_out_by_stamp_are_the_themes_layout_byte_for_byte(tmp_path, monkeypatch):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    _uncached(root)
    stamped = _counting_stamps(monkeypatch)
    by_stamp = outputs(mkdocs_build(root, tmp_path / "stamped"))
    assert stamped[0] > 0
    _theme_only(monkeypatch)
    assert_same_site(by_stamp, outputs(mkdocs_build(root, tmp_path / "theme")))


def test_stamps_keep_edit_links_canonical_addresses_and_titles_of_every_kind(tmp_path, monkeypatch):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    _uncached(root)
    yml = root / "mkdocs.yml"
    features = "    - search.highlight\n    - content.action.edit\n    - content.action.view"
    yml.write_text(
        "site_url: https://tracker.example.jp/site/\nrepo_url: https://github.com/example/tracker\nedit_uri: edit/main/docs/\n"
        + yml.read_text(encoding="utf-8").replace("    - search.highlight", features),
        encoding="utf-8",
    )
    titles = ["Login & <b>logout</b>", "二つの  空白", "plain ASCII title", "右から左 \u202e ab", "tabs\tinside"]
    for i, title in enumerate(titles, start=10):
        (root / "issues" / "HOJO" / f"HOJO-{i}.md").write_text(
            f"---\ntitle: {json.dumps(title)}\nstatus: open\ntype: task\ncreated: 2026-11-01\n---\n本文 {i}\n", encoding="utf-8"
        )
    stamped = _counting_stamps(monkeypatch)
    by_stamp = outputs(mkdocs_build(root, tmp_path / "stamped", strict=False))
    page = by_stamp["tracker/issues/HOJO-11/index.html"].decode()
    assert '<link rel="canonical" href="https://tracker.example.jp/site/tracker/issues/HOJO-11/">' in page
    hostile = by_stamp["tracker/issues/HOJO-10/index.html"].decode()
    assert "<title>HOJO-10 Login &amp; &lt;b&gt;logout&lt;/b&gt; - tsuzuri</title>" in hostile
    _theme_only(monkeypatch)
    theme = outputs(mkdocs_build(root, tmp_path / "theme", strict=False))
    assert stamped[0] > 0
    assert_same_site(by_stamp, theme)


def test_a_theme_that_shows_a_pages_address_or_changes_its_title_gets_no_stamps(tmp_path, monkeypatch):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    _uncached(root)
    (root / "overrides").mkdir()
    # Each page shows its own address, and the title in capitals: no two pages of a folder share a layout.
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n'
        '{% block content %}<p class="where">{{ page.url }} {{ page.title | upper }}</p>{{ super() }}{% endblock %}\n',
        encoding="utf-8",
    )
    (root / "issues" / "KIBAN" / "KIBAN-9.md").write_text(
        "---\ntitle: Mixed Case Title\nstatus: open\ntype: task\ncreated: 2026-11-01\n---\n本文\n", encoding="utf-8"
    )
    yml = root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    stamped = _counting_stamps(monkeypatch)
    by_stamp = outputs(mkdocs_build(root, tmp_path / "stamped"))
    assert stamped == [0]
    assert '<p class="where">tracker/issues/KIBAN-9/ KIBAN-9 MIXED CASE TITLE</p>' in by_stamp["tracker/issues/KIBAN-9/index.html"].decode()
    _theme_only(monkeypatch)
    assert_same_site(by_stamp, outputs(mkdocs_build(root, tmp_path / "theme")))


def serve_build(root: Path, site: Path, dirty: bool = False) -> None:
    """Build as `mkdocs serve` does on each change: the config loaded again, into the same site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=not dirty)  # a dirty build warns
    plugin = config.plugins["tsuzuri"]
    plugin.on_startup(command="serve", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        plugin.on_startup(command="build", dirty=False)  # MkDocs may keep one plugin instance per process


def test_under_serve_pages_that_cannot_have_changed_are_kept_and_the_site_is_a_fresh_builds(tmp_path, monkeypatch):
    from tsuzuri.store import served_pages

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    site = tmp_path / "served"
    kept = []
    real = served_pages.Keeping.put_back

    def counting(self):
        kept.append(sorted(self.kept))
        return real(self)

    monkeypatch.setattr(served_pages.Keeping, "put_back", counting)
    serve_build(root, site)
    assert kept == [[]]  # nothing to keep the first time
    unchanged = outputs(site)
    serve_build(root, site)
    assert len(kept[1]) > 20 and "tracker/issues/HOJO-1.md" in kept[1]
    assert_same_site(outputs(site), unchanged)
    assert not (site / served_pages.KEPT).exists()
    # An edit: the pages that show it are built again, the others kept; the site is a fresh build's.
    issue = root / "issues" / "HOJO" / "HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 変更 ", 1), encoding="utf-8")
    serve_build(root, site)
    assert "tracker/issues/HOJO-1.md" not in kept[2] and "tracker/issues/KIBAN-1.md" in kept[2]
    edited = outputs(site)
    shutil.rmtree(root / ".tsuzuri-cache")
    fresh = outputs(mkdocs_build(root, tmp_path / "fresh"))
    assert "変更" in fresh["tracker/issues/HOJO-1/index.html"].decode()
    assert_same_site(edited, fresh)
    # A page of the last build deleted from the site folder meanwhile is built again.
    serve_build(root, site)  # (the plain build above let go of what serve kept)
    shutil.rmtree(site / "tracker" / "issues" / "KIBAN-1")
    serve_build(root, site)
    assert "tracker/issues/KIBAN-1.md" not in kept[4] and "tracker/issues/HOJO-3.md" in kept[4]
    assert_same_site(outputs(site), fresh)
    # An issue deleted: its page is gone from the site, as from a fresh build.
    (root / "issues" / "HOJO" / "HOJO-3.md").unlink()
    serve_build(root, site)
    assert "tracker/issues/KIBAN-1.md" in kept[5] and not (site / "tracker" / "issues" / "HOJO-3").exists()
    served = outputs(site)
    shutil.rmtree(root / ".tsuzuri-cache")
    assert_same_site(served, outputs(mkdocs_build(root, tmp_path / "fresh-after-delete")))


def test_a_plain_build_or_a_dirty_serve_keeps_nothing_of_a_served_build(tmp_path, monkeypatch):
    from tsuzuri.store import served_pages

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    site = tmp_path / "served"
    serve_build(root, site)
    assert served_pages._last is not None
    mkdocs_build(root, site)  # `mkdocs build` into the same folder, in the same process
    assert served_pages._last is None
    serve_build(root, site)
    serve_build(root, site, dirty=True)  # MkDocs keeps the folder itself: nothing is set aside
    assert served_pages._last is None and not (site / served_pages.KEPT).exists()


def test_a_failed_serve_build_keeps_nothing_for_the_next(tmp_path):
    from mkdocs.exceptions import Abort

    from tsuzuri.store import served_pages

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    site = tmp_path / "served"
    serve_build(root, site)
    (root / "docs" / "broken.md").write_text("[切れたリンク](missing.md)\n", encoding="utf-8")  # a warning: strict fails
    with pytest.raises(Abort):
        serve_build(root, site)
    assert served_pages._last is None and not (site / served_pages.KEPT).exists()
    (root / "docs" / "broken.md").unlink()
    serve_build(root, site)
    shutil.rmtree(root / ".tsuzuri-cache")
    assert_same_site(outputs(site), outputs(mkdocs_build(root, tmp_path / "fresh")))


def test_where_the_kept_folder_cannot_take_the_folders_place_each_file_is_moved_back(tmp_path, monkeypatch):
    from tsuzuri.store import served_pages

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    site = tmp_path / "served"
    serve_build(root, site)
    issue = root / "issues" / "HOJO" / "HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 変更 ", 1), encoding="utf-8")
    real = served_pages.os.rename

    def refused(source, target):
        if source.endswith(served_pages.KEPT + "/tracker"):
            raise OSError("refused")  # after the written files were moved into the kept folder
        return real(source, target)

    monkeypatch.setattr(served_pages.os, "rename", refused)
    serve_build(root, site)
    monkeypatch.undo()
    served = outputs(site)
    shutil.rmtree(root / ".tsuzuri-cache")
    assert_same_site(served, outputs(mkdocs_build(root, tmp_path / "fresh")))


def test_a_warm_build_writes_laid_out_pages_from_the_cache_without_mkdocs_building_them(tmp_path, monkeypatch, caplog):
    from mkdocs.commands import build as mkdocs_build_module

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    yml = root / "mkdocs.yml"
    yml.write_text("site_url: https://tracker.example.go.jp/\n" + yml.read_text(encoding="utf-8"), encoding="utf-8")  # a sitemap of pages
    first = outputs(mkdocs_build(root, tmp_path / "first"))  # fills the cache
    built = []
    real = mkdocs_build_module._build_page

    def counting(page, *args, **kwargs):
        built.append(page.file.src_uri)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build_module, "_build_page", counting)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.tsuzuri")
    again = outputs(mkdocs_build(root, tmp_path / "again"))
    generated = [p for p in again if p.startswith("tracker/") and p.endswith("index.html")]
    said = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.tsuzuri" and "描画" in r.getMessage()]
    hits = int(said[0].split("キャッシュから ")[1].split(" ")[0])
    assert said[0].endswith("描画 0 ページ") and hits >= len(generated) > 20  # every generated page counted as from the cache
    assert built and not [src for src in built if src.startswith("tracker/")]  # hand-written pages only
    assert_same_site(again, first)  # the sitemap and the search index list every page, in MkDocs' order
    assert b"https://tracker.example.go.jp/tracker/issues/HOJO-1/" in again["sitemap.xml"]


def test_a_page_that_cannot_be_written_from_the_cache_stops_the_build_naming_the_file(tmp_path, monkeypatch, caplog):
    import errno

    from mkdocs.exceptions import Abort

    from tsuzuri.store import finished_pages

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    mkdocs_build(root, tmp_path / "first")
    real = finished_pages.os.makedirs

    def full(path, exist_ok=False):
        if path.endswith("HOJO-2"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, exist_ok=exist_ok)

    monkeypatch.setattr(finished_pages.os, "makedirs", full)
    with pytest.raises(Abort):
        mkdocs_build(root, tmp_path / "again")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [f"tsuzuri: {tmp_path / 'again/tracker/issues/HOJO-2/index.html'} を書き込めませんでした: No space left on device"]


def test_the_tracker_is_frozen_for_the_cycle_collector_only_while_a_build_runs(tmp_path, monkeypatch):
    import gc

    from mkdocs.exceptions import Abort

    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    frozen = []
    real = mkdocs_plugin.TsuzuriPlugin.on_env

    @functools.wraps(real)
    def counting(self, env, config, files):
        frozen.append(gc.get_freeze_count())
        return real(self, env, config, files)

    monkeypatch.setattr(mkdocs_plugin.TsuzuriPlugin, "on_env", counting)
    assert gc.get_freeze_count() == 0
    mkdocs_build(root, tmp_path / "site")
    assert frozen and frozen[0] > 1000  # the tracker read and MkDocs' pages, passed over by full collections
    assert gc.get_freeze_count() == 0  # and given back to the collector when the build ends
    issue = root / "issues" / "HOJO" / "HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: [", 1), encoding="utf-8")  # YAML that does not parse
    with pytest.raises(Abort):
        mkdocs_build(root, tmp_path / "failed")  # stopped by the plugin, after it froze the tracker it read
    assert gc.get_freeze_count() == 0  # a failed build too
