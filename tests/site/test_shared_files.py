"""Shared files per project: read from files/<PROJECT>/, dated by Git, published only to the project's audiences."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tsuzuri.store import load
from tsuzuri.store.history import load_history
from tsuzuri.validate import validate

from .conftest import serving

pytestmark = pytest.mark.slow

CONFIG = """\
language: ja
timezone: Asia/Tokyo
organizations:
  - {id: office, name: 見本省, role: office}
  - {id: vendor-a, name: A社, role: vendor}
  - {id: vendor-b, name: B社, role: vendor}
members:
  - {id: yamada, name: 山田 太郎, org: office, email: yamada@example.go.jp}
  - {id: tanaka, name: 田中 一郎, org: vendor-a, email: tanaka@vendor-a.example}
  - {id: kimura, name: 木村 花子, org: vendor-b, email: kimura@vendor-b.example}
projects:
  - {key: HOJO, name: 補助金申請システム, organizations: [office, vendor-a]}
  - {key: MIRA, name: 情報発信ポータル, organizations: [office, vendor-b]}
"""

MKDOCS = """\
site_name: tsuzuri
docs_dir: docs
theme: {name: material, language: ja, font: false}
plugins:
  - search: {lang: ja}
  - tsuzuri:
      today: "2026-11-25"
"""

ISSUE = """\
---
title: 申請フォームの実装
type: task
status: open
---
画面は [画面一覧](/files/HOJO/設計/画面一覧.csv) のとおり。入力項目は [項目表](../../files/HOJO/設計/申請項目一覧.csv)、
フォルダーは [設計フォルダー](/files/HOJO/設計/) と [全体](/files/HOJO)、大きな図面は [図面](/files/HOJO/図面/全体配置図.pdf)。
よそのプロジェクトの [デザイン案](/files/MIRA/デザイン/ポータル配色案.txt) にも触れる。
"""

MINUTES = """\
---
title: 第1回 定例会議
date: 2026-11-20
project: HOJO
attendees: [yamada, tanaka]
---
## 配布資料
- [定例資料](../../files/HOJO/打合せ/第1回定例資料.txt)
"""

LFS_POINTER = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"4d7a" * 16 + b"\nsize 52428800\n"
HOJO_CSV = "項目ID,項目名,必須\r\nA-01,申請者区分,必須\r\nA-02,法人番号,条件付き必須\r\n".encode()
MIRA_SECRET = "ポータル配色案の本文: 基調色は紺色、差し色は橙色とする。\n"


def _git(
    root: Path, *args: str, who: tuple[str, str] = ("山田 太郎", "yamada@example.go.jp"), when: str = "2026-11-10T10:00:00+09:00"
) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_COMMITTER_NAME": who[0],
           "GIT_COMMITTER_EMAIL": who[1], "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _write(root: Path, rel: str, data: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def _tracker(root: Path) -> Path:
    """A Git tracker with shared files in two projects, committed by different people on different days."""
    root.mkdir(parents=True)
    _write(root, "tsuzuri.yml", CONFIG)
    _write(root, "mkdocs.yml", MKDOCS)
    _write(root, "docs/index.md", "# 課題管理\n")
    _write(root, "issues/HOJO/HOJO-1.md", ISSUE)
    _write(root, "minutes/2026/2026-11-20-teirei.md", MINUTES)
    _write(root, "files/HOJO/打合せ/第1回定例資料.txt", "第1回定例の配布資料です。\n")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Start")
    _write(root, "files/HOJO/設計/申請項目一覧.csv", HOJO_CSV)
    _write(root, "files/HOJO/設計/画面一覧.csv", "G-01,ログイン\r\n")
    _write(root, "files/HOJO/図面/全体配置図.pdf", LFS_POINTER)  # the build's checkout did not fetch the LFS content
    # Hostile names: markup, a page, a right-to-left override, path syntax.
    _write(root, "files/HOJO/受領/<img src=x onerror=alert(1)>.html", "<script>alert(document.domain)</script>")
    _write(root, "files/HOJO/受領/手順.md", "# 手順書\n")
    _write(root, "files/HOJO/受領/請求書\u202etxt.exe", b"MZ\x90\x00")
    _write(root, "files/HOJO/.DS_Store", b"\x00\x00")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Design files", who=("田中 一郎", "tanaka@vendor-a.example"), when="2026-11-18T15:30:00+09:00")
    _write(root, "files/MIRA/デザイン/ポータル配色案.txt", MIRA_SECRET)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "MIRA design", who=("木村 花子", "kimura@vendor-b.example"), when="2026-11-19T09:00:00+09:00")
    return root


@pytest.fixture(scope="module")
def tracker(tmp_path_factory) -> Path:
    return _tracker(tmp_path_factory.mktemp("shared") / "tracker")


@pytest.fixture(scope="module")
def sites(tracker, tmp_path_factory) -> Path:
    """Every audience's site, built by `tsuzuri audiences build` (real mkdocs, one process per audience)."""
    site = tmp_path_factory.mktemp("shared-sites")
    env = {k: v for k, v in os.environ.items() if k not in ("TSUZURI_AUDIENCE", "TSUZURI_HISTORY")}
    done = subprocess.run([sys.executable, "-m", "tsuzuri", "audiences", "build", "--root", str(tracker), "-f", str(tracker / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def test_the_store_reads_each_projects_files_with_their_last_change_from_git(tracker):
    shared = {f.path: f for f in load(tracker, history=load_history(tracker, use_cache=False)).tracker.shared}
    csv = shared["files/HOJO/設計/申請項目一覧.csv"]
    assert (csv.project, csv.name, csv.size, csv.lfs) == ("HOJO", "設計/申請項目一覧.csv", len(HOJO_CSV), False)
    assert csv.updated.isoformat() == "2026-11-18T15:30:00+09:00" and csv.updated_by == "tanaka"
    assert shared["files/HOJO/打合せ/第1回定例資料.txt"].updated_by == "yamada"
    assert shared["files/HOJO/図面/全体配置図.pdf"].lfs is True
    assert "files/HOJO/.DS_Store" not in shared  # litter of an OS is no shared file


def test_a_vendor_site_lists_and_publishes_its_projects_files_only(sites):
    site = sites / "vendor-a"
    page = (site / "tracker/shared/HOJO/index.html").read_text(encoding="utf-8")
    assert "申請項目一覧.csv" in page and "2026-11-18 15:30" in page and "田中 一郎" in page
    assert f"{len(HOJO_CSV)} B" in page
    assert (site / "tracker/files/HOJO/設計/申請項目一覧.csv").read_bytes() == HOJO_CSV
    # Nothing of the other project: no page, no file, not its name or its words anywhere.
    assert not (site / "tracker/shared/MIRA").exists() and not (site / "tracker/files/MIRA").exists()
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "基調色は紺色".encode() not in data and MIRA_SECRET.encode() not in data, path
            # HOJO-1's own words name MIRA's file (its writer chose to); only the raw text exports keep them.
            if path.name not in ("issues.json", "issues.csv"):
                assert "ポータル配色案".encode() not in data, path
    index = (site / "tracker/shared/index.html").read_text(encoding="utf-8")
    assert "補助金申請システム" in index and "情報発信ポータル" not in index
    # ...and the other vendor sees its own, not HOJO's.
    other = sites / "vendor-b"
    assert (other / "tracker/files/MIRA/デザイン/ポータル配色案.txt").read_text(encoding="utf-8") == MIRA_SECRET
    assert not (other / "tracker/files/HOJO").exists() and not (other / "tracker/shared/HOJO").exists()
    everything = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in other.rglob("*") if p.is_file())
    assert "申請項目一覧" not in everything and "法人番号" not in everything
    # The office sees both.
    assert (sites / "office/tracker/files/MIRA/デザイン/ポータル配色案.txt").is_file()
    assert (sites / "office/tracker/files/HOJO/設計/申請項目一覧.csv").is_file()


def test_hostile_names_are_inert_and_no_md_becomes_a_page(sites):
    site = sites / "vendor-a"
    folder = site / "tracker/files/HOJO/受領"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["_img src=x onerror=alert(1)__html.bin", "手順_md.bin", "請求書txt_exe.bin"], names
    assert not (site / "tracker/files/HOJO/受領/手順/index.html").exists()
    page = (site / "tracker/shared/HOJO/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.html" in page
    assert "\u202e" not in page and 'download="請求書txt.exe"' in page


def test_an_lfs_pointer_is_listed_with_a_note_and_never_published(sites):
    site = sites / "vendor-a"
    page = (site / "tracker/shared/HOJO/index.html").read_text(encoding="utf-8")
    assert "全体配置図.pdf" in page and "Git LFS の本体がありません" in page and "git lfs pull" in page
    assert not (site / "tracker/files/HOJO/図面").exists()
    assert not any(b"git-lfs.github.com/spec" in p.read_bytes() for p in site.rglob("*") if p.is_file())


def test_links_in_issues_and_minutes_lead_to_the_published_files(sites):
    site = sites / "vendor-a"
    issue = (site / "tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    assert 'href="../../files/HOJO/%E8%A8%AD%E8%A8%88/%E7%94%BB%E9%9D%A2%E4%B8%80%E8%A6%A7.csv"' in issue  # from the top
    assert 'href="../../files/HOJO/%E8%A8%AD%E8%A8%88/%E7%94%B3%E8%AB%8B%E9%A0%85%E7%9B%AE%E4%B8%80%E8%A6%A7.csv"' in issue  # relative
    assert issue.count('href="../../shared/HOJO/"') == 3  # two folders, and the file only its LFS pointer stands for
    # A link into a project this audience does not see keeps its words and loses its address.
    assert "デザイン案" in issue and "MIRA/" not in issue and "%E3%83%9D%E3%83%BC%E3%82%BF%E3%83%AB" not in issue
    minutes = (site / "tracker/minutes/2026/2026-11-20-teirei/index.html").read_text(encoding="utf-8")
    assert 'href="../../../files/HOJO/%E6%89%93%E5%90%88%E3%81%9B/' in minutes
    office = (sites / "office/tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    assert 'href="../../files/MIRA/%E3%83%87%E3%82%B6%E3%82%A4%E3%83%B3/' in office  # the office sees MIRA's file


def test_validate_names_the_file_line_and_link_of_a_missing_shared_file(tmp_path):
    root = tmp_path / "t"
    _write(root, "tsuzuri.yml", CONFIG)
    _write(
        root, "issues/HOJO/HOJO-1.md",
        "---\ntitle: x\ntype: task\nstatus: open\n---\n一行目\n\n[仕様](/files/HOJO/仕様書.pdf)\n`/files/HOJO/code.txt` と\n```\n"
        "[例](/files/HOJO/例.pdf)\n```\n"
    )
    _write(root, "files/HOJO/手順.txt", "x")
    _write(root, "files/KIBAN/設計.txt", "x")  # a folder for no project
    _write(root, "files/直置き.txt", "x")  # a file outside every project's folder
    os.symlink("/etc/passwd", root / "files/HOJO/passwd.txt")
    _, findings = validate(root)
    found = {(f.path, f.line, f.code): f.text() for f in findings}
    assert ("issues/HOJO/HOJO-1.md", 8, "shared-link") in found, found
    assert "/files/HOJO/仕様書.pdf" in found[("issues/HOJO/HOJO-1.md", 8, "shared-link")]
    assert not any(code == "shared-link" and line != 8 for _, line, code in found)  # code is no link
    assert ("files/KIBAN", 1, "shared-project") in found and "HOJO, MIRA" in found[("files/KIBAN", 1, "shared-project")]
    assert ("files/直置き.txt", 1, "stray-file") in found
    assert ("files/HOJO/passwd.txt", 1, "symlink") in found
    assert [f.path for f in load(root).tracker.shared] == ["files/HOJO/手順.txt"]


def test_validate_warns_of_a_link_into_another_projects_folder(tracker):
    _, findings = validate(tracker)
    warned = [f for f in findings if f.code == "shared-link-project"]
    assert [(f.path, f.line, f.severity) for f in warned] == [("issues/HOJO/HOJO-1.md", 8, "warning")]
    assert "MIRA" in warned[0].text() and "/files/MIRA/デザイン/ポータル配色案.txt" in warned[0].text()
    assert not [f for f in findings if f.severity == "error"], [f.text() for f in findings]


def test_the_guard_scans_shared_files(tmp_path):
    root = tmp_path / "t"
    _write(root, "tsuzuri.yml", CONFIG)
    _write(root, "files/HOJO/名簿.csv", "氏名,カード\r\n山田,4111 1111 1111 1111\r\n")
    _, findings = validate(root)
    assert any(f.path == "files/HOJO/名簿.csv" and f.code.startswith("guard-") for f in findings), [f.text() for f in findings]


@pytest.mark.browser
def test_a_member_opens_the_shared_files_page_and_follows_a_link_in_chromium(sites, browser):
    with serving(sites / "vendor-a") as base:
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.goto(base + "tracker/shared/HOJO/")
        page.wait_for_selector("table.tsuzuri-shared", timeout=60_000)
        assert page.locator("table.tsuzuri-shared tbody tr").count() == 7
        assert page.locator(".tsuzuri-lfs-note").is_visible()
        # From the issue's text to the file itself: the browser fetches the very bytes of the repository.
        page.goto(base + "tracker/issues/HOJO-1/")
        page.wait_for_selector("a:text('項目表')", timeout=60_000)
        with page.expect_download(timeout=60_000) as got:
            page.click("a:text('項目表')")
        assert Path(got.value.path()).read_bytes() == HOJO_CSV
        page.goto(base + "tracker/shared/")
        page.wait_for_selector("table.tsuzuri-table", timeout=60_000)
        page.click("a:text('補助金申請システム')")
        page.wait_for_selector("table.tsuzuri-shared", timeout=60_000)
        assert page.url.endswith("/tracker/shared/HOJO/")
        context.close()


def test_real_git_lfs_content_is_published_and_a_checkout_without_it_says_so(tmp_path):
    """With git-lfs: the office's checkout holds the content and publishes it; a clone that skipped LFS holds pointers."""
    if subprocess.run(["git", "lfs", "version"], capture_output=True).returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("git-lfs is missing, and CI must run this test (.ci/run installs it)")
        pytest.skip("git-lfs is not installed (apt-get install git-lfs)")
    origin = tmp_path / "origin"
    origin.mkdir()
    _write(origin, "tsuzuri.yml", CONFIG)
    _write(origin, "mkdocs.yml", MKDOCS)
    _write(origin, "docs/index.md", "# 課題管理\n")
    drawing = b"%PDF-1.4\n" + "全体配置図 第2版".encode() + bytes(range(256)) * 40 + b"\n%%EOF\n"
    _write(origin, "files/HOJO/図面/全体配置図.pdf", drawing)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "lfs", "install", "--local")
    _git(origin, "lfs", "track", "files/**/*.pdf")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "HOJO: 全体配置図", who=("田中 一郎", "tanaka@vendor-a.example"))
    stored = subprocess.run(
        ["git", "cat-file", "blob", "HEAD:files/HOJO/図面/全体配置図.pdf"], cwd=origin, capture_output=True, check=True
    ).stdout
    assert stored.startswith(b"version https://git-lfs.github.com/spec/v1")  # Git itself holds only the pointer
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", str(origin), str(clone)], env={**os.environ, "GIT_LFS_SKIP_SMUDGE": "1"}, check=True, capture_output=True
    )
    assert (clone / "files/HOJO/図面/全体配置図.pdf").read_bytes().startswith(b"version https://git-lfs")
    env = {k: v for k, v in os.environ.items() if k not in ("TSUZURI_AUDIENCE", "TSUZURI_HISTORY")}
    for root in (origin, clone):
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / f"site-{root.name}")], cwd=root,
            env={**env, "TSUZURI_AUDIENCE": "vendor-a"}, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    published = tmp_path / "site-origin/tracker/files/HOJO/図面/全体配置図.pdf"
    assert published.read_bytes() == drawing
    page = (tmp_path / "site-origin/tracker/shared/HOJO/index.html").read_text(encoding="utf-8")
    assert "全体配置図.pdf" in page and "田中 一郎" in page and "Git LFS の本体がありません" not in page
    pointed = tmp_path / "site-clone"
    assert not (pointed / "tracker/files/HOJO/図面").exists()
    page = (pointed / "tracker/shared/HOJO/index.html").read_text(encoding="utf-8")
    assert "全体配置図.pdf" in page and "Git LFS の本体がありません" in page and "git lfs pull" in page


def test_shared_file_changes_are_on_the_activity_page_and_in_the_feed_of_those_who_see_them(sites):
    site = sites / "vendor-a"
    page = (site / "tracker/activity/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-kind="shared">(.*?)</tr>', page, re.DOTALL)
    assert any('<a href="../shared/HOJO/">HOJO: 設計/申請項目一覧.csv</a>' in r and "共有ファイルを追加・更新" in r and "田中 一郎" in r
               for r in rows), rows
    assert "MIRA" not in "".join(rows)
    feed = ET.parse(site / "tracker/activity.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    links = {e.findtext("a:title", namespaces=ns): e.find("a:link", ns).get("href") for e in feed.findall("a:entry", ns)}
    assert links["files/HOJO/設計/申請項目一覧.csv が追加されました"].endswith("/tracker/shared/HOJO/")
    assert not [t for t in links if "MIRA" in t]
    # Every link of the feed, its own address included, leads to something the site has.
    hrefs = [*links.values(), *(link.get("href") for link in feed.findall("a:link", ns))]
    for href in hrefs:
        target = site / urlsplit(href).path.lstrip("/")
        assert target.is_file() or (target / "index.html").is_file(), href
    # The office sees both projects' files.
    office = (sites / "office" / "tracker/activity/index.html").read_text(encoding="utf-8")
    assert "MIRA: デザイン/ポータル配色案.txt" in office and "HOJO: 設計/申請項目一覧.csv" in office
