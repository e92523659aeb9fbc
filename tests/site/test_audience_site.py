"""One audience's site: `mkdocs build` with TSUZURI_AUDIENCE or the plugin's `audience:` option."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from site_samples import MKDOCS, site_tracker
from tsuzuri.audiences.publish import LEDGER

pytestmark = pytest.mark.slow


def _site_tracker(tmp_path):
    return site_tracker(tmp_path / "tracker")


def _build(root, site, audience=None, option=None):
    env = {k: v for k, v in os.environ.items() if k != "TSUZURI_AUDIENCE"}
    if audience:
        env["TSUZURI_AUDIENCE"] = audience
    if option:
        (root / "mkdocs.yml").write_text(MKDOCS + f"      audience: {option}\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=root, env=env,
                          capture_output=True, text=True)


def _everything(site) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file() and p.suffix != ".js")


def test_a_vendor_site_holds_its_project_and_shows_unseen_keys_bare(tmp_path):
    root = _site_tracker(tmp_path)
    site = tmp_path / "site-c"
    done = _build(root, site, audience="vendor-c")
    assert done.returncode == 0, done.stderr
    page = (site / "tracker/issues/HOJO-3/index.html").read_text(encoding="utf-8")
    assert "C社との契約条件" in page
    assert "HOJO-2" in page and "予算の内部検討" not in page and 'href="../HOJO-2/"' not in page  # the parent: its key alone
    assert not (site / "tracker/issues/HOJO-2").exists() and not (site / "tracker/issues/MIRA-1").exists()
    assert (site / "tracker/files/HOJO-3/概要.txt").is_file() and not (site / "tracker/files/HOJO-3/内訳.csv").exists()
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert "HOJO-2" in about and "../tracker/issues/HOJO-2/" not in about and "../tracker/issues/HOJO-1/" in about
    rows = json.loads((site / "tracker/issues.json").read_text(encoding="utf-8"))["issues"]
    assert sorted(r["key"] for r in rows) == ["HOJO-1", "HOJO-12", "HOJO-3"]
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not any("予算の内部検討" in d["title"] + d["text"] or "内部のメモ" in d["text"] for d in index["docs"])
    everything = _everything(site)
    for hidden in (
        "予算の内部検討", "財政担当との協議メモ", "内部のメモ", "内部打合せ", "予算要求", "資料作成", "ポータルの件", "内訳.csv", "木村"
    ):
        assert hidden not in everything, hidden
    assert not (site / "tracker/members/kimura").exists() and not (site / "tracker/calendar/MIRA.ics").exists()


def test_the_office_site_and_the_plugin_option(tmp_path):
    root = _site_tracker(tmp_path)
    assert _build(root, tmp_path / "office", audience="office").returncode == 0
    assert "予算の内部検討" in (tmp_path / "office/tracker/issues/HOJO-2/index.html").read_text(encoding="utf-8")
    # The office sees what is narrowed, and says so: whoever reads it knows who else does.
    assert '<span class="tsuzuri-badge tsuzuri-visibility">事務局のみ</span>' in (
        tmp_path / "office/tracker/issues/HOJO-2/index.html"
    ).read_text(encoding="utf-8")
    assert '<span class="tsuzuri-badge tsuzuri-visibility">事務局と C社 のみ</span>' in (
        tmp_path / "office/tracker/issues/HOJO-3/index.html"
    ).read_text(encoding="utf-8")
    thread = (tmp_path / "office/tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    assert 'title="公開範囲">事務局のみ</span>' in thread
    assert "事務局のみ" in (tmp_path / "office/tracker/minutes/2026/2026-11-21-naibu/index.html").read_text(encoding="utf-8")
    assert _build(root, tmp_path / "b", option="vendor-b").returncode == 0
    assert (tmp_path / "b/tracker/issues/MIRA-1").is_dir() and not (tmp_path / "b/tracker/issues/HOJO-1").exists()
    # The environment wins over the option, so one mkdocs.yml serves a matrix of builds.
    assert _build(root, tmp_path / "a", audience="vendor-a", option="vendor-b").returncode == 0
    assert (tmp_path / "a/tracker/issues/HOJO-1").is_dir() and not (tmp_path / "a/tracker/issues/MIRA-1").exists()


def test_an_unknown_audience_fails_the_build_naming_the_known_ones(tmp_path):
    root = _site_tracker(tmp_path)
    done = _build(root, tmp_path / "x", audience="vendor-z")
    assert done.returncode != 0
    assert "vendor-z" in done.stderr and "vendor-a" in done.stderr and "Traceback" not in done.stderr


def test_one_command_builds_every_audience_and_removes_a_dropped_one(tmp_path):
    root = _site_tracker(tmp_path)
    site = tmp_path / "site"
    (site / "old-vendor").mkdir(parents=True)
    (site / LEDGER).write_text("old-vendor\n", encoding="utf-8")
    (site / "keep-me").mkdir()
    done = subprocess.run([sys.executable, "-m", "tsuzuri", "audiences", "build", "--root", str(root), "-f", str(root / "mkdocs.yml"),
                           "-d", str(site), "--jobs", "2", "--lang", "en"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["auditors", "keep-me", "office", "vendor-a", "vendor-b", "vendor-c"]
    assert done.stdout.count(": built ") == 5
    assert (site / "vendor-b/tracker/issues/MIRA-1/index.html").is_file() and not (site / "vendor-b/tracker/issues/HOJO-1").exists()
    listed = subprocess.run(
        [sys.executable, "-m", "tsuzuri", "audiences", "list", "--root", str(root), "--lang", "en"], capture_output=True, text=True
    )
    assert "auditors\t監査\tprojects: HOJO" in listed.stdout and "office\t見本省\tprojects: HOJO, MIRA\t(sees everything)" in listed.stdout
    bad = subprocess.run([sys.executable, "-m", "tsuzuri", "audiences", "build", "--root", str(root), "-f", str(root / "mkdocs.yml"),
                          "-d", str(site), "--only", "nobody", "--lang", "en"], capture_output=True, text=True)
    assert bad.returncode == 2 and "there is no audience `nobody`" in bad.stderr
