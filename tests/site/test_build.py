"""Whole-site builds with MkDocs (and ProperDocs) of fixture trackers and the demo tracker."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, mkdocs_build

pytestmark = pytest.mark.slow


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_issue_page_has_fields_comments_and_backlinks(small_site):
    html = read(small_site, "tracker/issues/HOJO-1/index.html")
    assert "<h1>HOJO-1 申請フォームの入力チェック仕様について</h1>" in html
    assert re.search(r'data-field="status">.*処理中', html)
    assert re.search(r'data-field="assignee"><a href="../../members/yamada/" class="tsuzuri-name">山田 太郎</a>', html)
    assert "<th>予算科目</th><td colspan=\"3\">DX-11</td>" in html  # a custom field under its label
    assert "✉ メールで受信" in html and "メールで追加の質問です。" in html
    assert 'href="../../minutes/2026/2026-11-20-weekly/"' in html
    assert 'href="../HOJO-2/"' in html  # blocks HOJO-2; key links resolved relative to the page
    assert 'href="../../files/HOJO-1/spec.pdf"' in html and (small_site / "tracker/files/HOJO-1/spec.pdf").is_file()


def test_dashboard_and_markers_in_hand_written_page(small_site):
    html = read(small_site, "index.html")
    assert re.search(r'data-project="HOJO".*?data-count="total">合計: 3<', html, re.DOTALL)
    assert '<td data-type="inquiry" data-status="in_progress">1</td>' in html
    assert "tsuzuri-board" in html  # the board marker
    assert "tsuzuri-slot" not in html and "tsuzuri:" not in html
    assert '今週の焦点は <a class="tsuzuri-key" href="tracker/issues/HOJO-1/">HOJO-1</a> です' in html
    assert "<code>HOJO-2</code>" in html


def test_generated_detail_pages_stay_out_of_the_nav(small_site):
    html = read(small_site, "tracker/issues/index.html")
    assert ">条件をクリア</button>" in html
    nav = html[html.index('md-nav--primary'):html.index('</nav>', html.index('md-nav--primary'))]
    assert "課題一覧" in nav and "問い合わせ管理" in nav
    assert "HOJO-1" not in nav and "山田" not in nav


def test_hostile_body_leaves_no_script(small_site):
    html = read(small_site, "tracker/issues/HOJO-3/index.html")
    clean = read(small_site, "tracker/issues/HOJO-2/index.html")
    # The same script elements as on a harmless issue page: the theme's and the site's own.
    assert re.findall(r"<script[^>]*>", html) == re.findall(r"<script[^>]*>", clean)
    for bad in ("alert(", "onerror", "onclick", "javascript:", "<iframe", "evil.example"):
        assert bad not in html
    assert 'href="https://example.org/ok"' in html


EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.IGNORECASE
)


def test_site_loads_nothing_from_other_hosts(small_site):
    offenders = []
    for path in sorted(small_site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in EXTERNAL.finditer(text):
            if m.group(0).lower().startswith("href"):
                if path.suffix == ".js":
                    continue  # attribution links inside scripts (plotly's map credits) are links, not loads
                tag = text[text.rfind("<", 0, m.start()):m.end()]
                if tag.lower().startswith("<a "):
                    continue  # an ordinary link a reader may follow is not a load
            offenders.append(f"{path.relative_to(small_site)}: {text[max(0, m.start() - 60):m.end() + 40]}")
    assert offenders == []
    assert (small_site / "tracker/assets/plotly.min.js").stat().st_size > 1_000_000
    assert "fonts.googleapis" not in read(small_site, "index.html")


def test_exports_are_written(small_site):
    assert read(small_site, "tracker/issues.csv").startswith("\ufeffキー")
    assert '"key":"KIBAN-1"' in read(small_site, "tracker/issues.json")
    assert "BEGIN:VCALENDAR" in read(small_site, "tracker/calendar/HOJO.ics")


def _digest(site: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.name != "sitemap.xml.gz"):
        h.update(str(path.relative_to(site)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_same_input_same_site(small_tracker, small_site, tmp_path):
    again = mkdocs_build(small_tracker, tmp_path / "again")
    assert _digest(again) == _digest(small_site)


def test_validation_errors_fail_the_build(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    path = root / "issues/HOJO/HOJO-2.md"
    path.write_text(path.read_text(encoding="utf-8").replace("assignee: tanaka", "assignee: nobody"), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO / "tools"), NO_MKDOCS_2_WARNING="1")
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], cwd=root, env=env, capture_output=True, text=True,
        check=False
    )
    assert out.returncode != 0
    assert "issues/HOJO/HOJO-2.md" in out.stderr and "nobody" in out.stderr


def test_properdocs_builds_the_same_tracker(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    env = dict(os.environ, PYTHONPATH=str(REPO / "tools"), NO_MKDOCS_2_WARNING="1")
    exe = Path(sys.executable).with_name("properdocs")
    out = subprocess.run(
        [str(exe), "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")], cwd=root, env=env, capture_output=True,
        text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert "メールで受信" in (tmp_path / "site/tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(
    not (REPO / "tsuzuri.yml").is_file() or not (REPO / "mkdocs.yml").is_file(), reason="the demo tracker is not in this checkout"
)
def test_demo_tracker_builds_strict(tmp_path):
    site = mkdocs_build(REPO, tmp_path / "demo")
    assert (site / "tracker/issues/index.html").is_file()
    assert len(list((site / "tracker" / "issues").glob("*-*/index.html"))) >= 10


def test_dates_come_from_git_history(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    path = root / "issues/KIBAN/KIBAN-1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("created: 2026-11-16T10:00:00+09:00\n", ""), encoding="utf-8")
    when = "2026-11-14T10:00:00+09:00"
    env = dict(
        os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when, GIT_AUTHOR_NAME="Suzuki", GIT_AUTHOR_EMAIL="suzuki@vendor-b.example",
        GIT_COMMITTER_NAME="Suzuki", GIT_COMMITTER_EMAIL="suzuki@vendor-b.example"
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Start the tracker"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    site = mkdocs_build(root, tmp_path / "site")
    html = read(site, "tracker/issues/KIBAN-1/index.html")
    assert re.search(r'data-field="created">2026-11-14 10:00<', html)
    inquiries = read(site, "tracker/inquiries/index.html")
    assert re.search(
        r'<tr data-key="KIBAN-1">.*?<td data-label="問い合わせ日">2026-11-14</td>.*?<td data-label="経過日数">11</td></tr>', inquiries, re.S
    )
