"""Three builders, one site: after `tsuzuri pages`, Zensical and ProperDocs publish what `mkdocs build` does.

Each builder is the newest the package index serves for this Python (a test extra); where one cannot
be installed its test is skipped with a message saying so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tsuzuri.adapters.cli.main import main

from .conftest import mkdocs_build

BIN = Path(sys.executable).parent
EPOCH = "1795683600"  # 2026-11-26 18:00 JST, the demo's day
FALLBACK = "tsuzuri が生成します"

pytestmark = pytest.mark.slow


def builder(name: str) -> Path:
    path = BIN / name
    if not path.is_file():
        pytest.skip(f"{name} is not installed in this environment (pip install '.[test]' installs it)")
    return path


def run(args: list, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def pages_of(site: Path) -> set[str]:
    """Return every page of a built site (its folder, relative to the site)."""
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html") if "404" not in p.parts}


HREF = re.compile(r'<(?:a|link|script|img)\s[^>]*?(?<=\s)(?:href|src)="([^"]*)"')  # in tags, not in code


def broken_links(site: Path) -> list[str]:
    """Return every link inside the site that leads to no file, as 'page: link'."""
    broken = []
    for page in sorted(p for p in site.rglob("*.html") if p.name != "404.html"):  # 404 links from the site root
        for link in HREF.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "data:")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
    return broken


def tsuzuri_pages(cwd: Path, *args: str) -> None:
    saved = Path.cwd()
    os.chdir(cwd)
    try:
        assert main(["pages", *args]) == 0
    finally:
        os.chdir(saved)


@pytest.fixture(scope="module")
def demo(demo_repo, tmp_path_factory) -> Path:
    """A copy of the replayed demo tracker (with its history), after `tsuzuri pages`."""
    root = tmp_path_factory.mktemp("three") / "demo"
    shutil.copytree(demo_repo, root, symlinks=True)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        tsuzuri_pages(root)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    return root


@pytest.fixture(scope="module")
def mkdocs_demo_site(demo, tmp_path_factory) -> Path:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return mkdocs_build(demo, tmp_path_factory.mktemp("mk") / "site")
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@pytest.fixture(scope="module")
def new_tracker(tmp_path_factory) -> Path:
    """A tracker made by `tsuzuri init` and committed, after `tsuzuri pages`."""
    root = tmp_path_factory.mktemp("init") / "t"
    assert main(["init", str(root), "--title", "新しい課題管理"]) == 0
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start"], check=True)
    tsuzuri_pages(root)
    return root


def test_zensical_builds_the_demo_as_mkdocs_does(demo, mkdocs_demo_site):
    result = run([builder("zensical"), "build", "--strict", "--clean"], demo)
    assert result.returncode == 0, result.stdout + result.stderr
    site = demo / "site"
    assert pages_of(site) == pages_of(mkdocs_demo_site)
    assert len([p for p in pages_of(site) if p.startswith("tracker/issues/")]) == len(list((demo / "issues").glob("*/*.md")))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "tsuzuri-dashboard" in home and FALLBACK not in home  # the hand-written home's marker is filled
    assert re.search(r'href="(\./)?tracker/issues/"', home)  # the navigation leads to the generated list
    assert broken_links(site) == []
    issue = (site / "tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/tsuzuri.css"' in issue and "tsuzuri-timeline" in issue


def test_zensical_builds_a_new_tracker_with_its_nav(new_tracker, tmp_path):
    result = run([builder("zensical"), "build", "--strict", "--clean"], new_tracker)
    assert result.returncode == 0, result.stdout + result.stderr
    site = new_tracker / "site"
    mk = mkdocs_build(new_tracker, tmp_path / "mk")
    assert pages_of(site) == pages_of(mk)
    assert "tracker/issues/PRJ-1" in pages_of(site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "tsuzuri-dashboard" in home and FALLBACK not in home
    for label, url in (("課題一覧", "tracker/issues/"), ("ボード", "tracker/boards/"), ("担当者", "tracker/members/")):
        assert re.search(rf'href="(\./)?{url}"[^>]*>\s*(?:<span[^>]*>\s*)?{label}', home), label
    assert broken_links(site) == []


def test_zensical_without_tsuzuri_pages_shows_the_fallback_text(tmp_path):
    root = tmp_path / "t"
    assert main(["init", str(root)]) == 0
    result = run([builder("zensical"), "build", "--clean"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert FALLBACK in home and "<code>tsuzuri pages</code>" in home


def test_zensical_shows_new_marker_contents_after_tsuzuri_pages(new_tracker):
    zensical = builder("zensical")
    assert run([zensical, "build"], new_tracker).returncode == 0
    issue = new_tracker / "issues" / "PRJ" / "PRJ-1.md"
    text = issue.read_text(encoding="utf-8")
    try:
        issue.write_text(text.replace("title: 課題管理を始める", "title: 名前を変えた課題"), encoding="utf-8")
        tsuzuri_pages(new_tracker)
        # No --clean: Zensical's own cache must notice the markers of index.md changed.
        result = run([zensical, "build"], new_tracker)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "名前を変えた課題" in (new_tracker / "site" / "index.html").read_text(encoding="utf-8")
    finally:
        issue.write_text(text, encoding="utf-8")
        tsuzuri_pages(new_tracker)


def test_properdocs_builds_the_demo_as_mkdocs_does(demo, mkdocs_demo_site, tmp_path):
    result = run([builder("properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", tmp_path / "site"], demo)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    assert pages_of(site) == pages_of(mkdocs_demo_site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "tsuzuri-dashboard" in home and FALLBACK not in home
    assert broken_links(site) == []


def test_properdocs_builds_a_new_tracker(new_tracker, tmp_path):
    result = run([builder("properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", tmp_path / "site"], new_tracker)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tracker/issues/PRJ-1" in pages_of(tmp_path / "site")
    assert broken_links(tmp_path / "site") == []


def test_mkdocs_site_of_the_demo_has_no_broken_links(mkdocs_demo_site):
    assert broken_links(mkdocs_demo_site) == []
