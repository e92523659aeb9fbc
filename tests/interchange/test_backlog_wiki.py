"""Backlog wiki pages into docs/, meeting records into minutes/ with attendees and action items."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.authoring.scaffold import init
from tsuzuri.store import load

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "fixtures" / "backlog" / "backlog4j"
WIKI = HERE / "fixtures" / "backlog-wiki"


@pytest.fixture
def MIRA(tmp_path):
    """The MIRA API fixture with its two wiki pages added."""
    folder = tmp_path / "dump"
    shutil.copytree(HERE / "fixtures" / "backlog", folder)
    shutil.copytree(WIKI, folder, dirs_exist_ok=True)
    return folder


def test_backlog4j_wiki_pages_become_docs_pages(tmp_path, capsys):
    root = tmp_path / "t"
    init(root)
    assert main(["import", "backlog", "--space", "nulab.dev.backlog.jp", "--project", "HALLOWEEN", "--from-dir", str(SAMPLES),
                 "--root", str(root), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "create docs/wiki/HALLOWEEN/Home.md (Backlog wiki Home)" in out
    assert "create docs/wiki/HALLOWEEN/テストwiki.md (Backlog wiki テストwiki)" in out
    assert "create docs/wiki/HALLOWEEN/index.md (the wiki's page list)" in out
    assert "update mkdocs.yml (the site's navigation): adds `HALLOWEEN の Wiki: wiki/HALLOWEEN/index.md` to nav" in out
    assert "Backlog wiki: 2 pages, 0 of them meeting records (into minutes/)" in out
    assert (root / "docs/wiki/HALLOWEEN/テストwiki.md").read_text(encoding="utf-8") == "# テストwiki\n\nテスト用wikiです\n"
    assert (root / "docs/wiki/HALLOWEEN/Home.md").read_text(encoding="utf-8") == "# Home\n\n\n"
    assert (root / "docs/wiki/HALLOWEEN/index.md").read_text(encoding="utf-8") == (
        "# HALLOWEEN の Wiki\n\nBacklog から移行したこのプロジェクトの Wiki ページです。\n\n- [Home](Home.md)\n"
        "- [テストwiki](テストwiki.md)\n")
    assert "\n  - 最近の更新: tracker/activity.md\n  - HALLOWEEN の Wiki: wiki/HALLOWEEN/index.md\n" in (
        root / "mkdocs.yml"
    ).read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "backlog", "--space", "nulab.dev.backlog.jp", "--project", "HALLOWEEN", "--from-dir", str(SAMPLES),
                 "--root", str(root)]) == 0
    assert "0 to create, 0 to update, 4 unchanged" in capsys.readouterr().out


def test_a_meeting_record_page_becomes_minutes(tracker, capsys, MIRA):
    assert main(["import", "backlog", "--space", "mira-demo.backlog.jp", "--project", "MIRA", "--from-dir", str(MIRA),
                 "--root", str(tracker), "--apply"]) == 0
    out = capsys.readouterr().out
    assert ("create minutes/2026/2026-11-20-backlog-wiki-5001.md (Backlog wiki 議事録/2026-11-20 定例会議): "
            "attendee `鈴木` is not a member; left out of attendees (the name stays in the text)") in out
    loaded = load(tracker)
    [minutes] = loaded.tracker.minutes
    assert (minutes.title, minutes.date, minutes.project, minutes.attendees) == (
        "2026-11-20 定例会議", date(2026, 11, 20), "MIRA", ("yamada", "tanaka", "sato")
    )
    assert minutes.decisions == ("入力チェックは MIRA-12 の回答どおりとする。",)
    assert [(a.assignee, a.text, a.due) for a in minutes.actions] == [
        ("tanaka", "入力チェック仕様を設計書に反映する", date(2026, 11, 27)), ("yamada", "認証方式の比較資料を作る", None),
        ("", "次回日程を決める", None)
    ]
    assert minutes.mentions == ("MIRA-12",)
    assert (tracker / "docs/wiki/MIRA/files/5001/資料.pdf").read_bytes() == b"%PDF-1.4\n"
    page = (tracker / "docs/wiki/MIRA/仕様/画面一覧.md").read_text(encoding="utf-8")
    assert page == "# 画面一覧\n\n| 画面 | 担当 |\n|---|---|\n| ログイン | 山田 |\n\n関連: MIRA-3\n"
    assert main(["validate", "--strict", str(tracker)]) == 0


def test_issue_keys_follow_the_project_they_are_imported_into(tmp_path, capsys, new_tracker, MIRA):
    root = new_tracker(tmp_path / "t")
    config = root / "tsuzuri.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("{key: MIRA,", "{key: NEW,").replace("project: MIRA", "project: NEW"), encoding="utf-8"
    )
    assert main(["import", "backlog", "--space", "mira-demo.backlog.jp", "--project", "MIRA", "--into", "NEW", "--from-dir", str(MIRA),
                 "--root", str(root), "--apply"]) == 0
    assert "関連: NEW-3" in (root / "docs/wiki/NEW/仕様/画面一覧.md").read_text(encoding="utf-8")
    assert "NEW-12 の回答どおり" in (root / "minutes/2026/2026-11-20-backlog-wiki-5001.md").read_text(encoding="utf-8")


def test_the_wiki_is_reachable_in_the_built_site(tmp_path, capsys, MIRA):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path / "t"
    init(root)
    for project, folder in (("HALLOWEEN", SAMPLES), ("MIRA", MIRA)):
        assert main(["import", "backlog", "--space", "nulab.dev.backlog.jp", "--project", project, "--from-dir", str(folder),
                     "--root", str(root), "--apply"]) == 0
    # two projects' pages never share a file: each wiki has its folder, its index and its nav entry
    assert (root / "docs/wiki/MIRA/仕様.md").read_text(encoding="utf-8") == (
        "# 仕様\n\n# 仕様\n\n- [画面一覧](仕様/画面一覧.md)\n- 前回の議事録\n- [[Backlog>https://backlog.com/ja/]]\n")
    assert (root / "docs/wiki/MIRA/index.md").read_text(encoding="utf-8") == (
        "# 中小企業向け情報発信サイト構築 の Wiki\n\nBacklog から移行したこのプロジェクトの Wiki ページです。\n\n"
        "- [仕様](仕様.md)\n  - [画面一覧](仕様/画面一覧.md)\n\n議事録だった 1 ページは議事録に入っています。\n")
    site = tmp_path / "site"
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=True))  # a broken link would stop it
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="wiki/HALLOWEEN/"' in home and 'href="wiki/MIRA/"' in home  # in the navigation of every page
    index = (site / "wiki/MIRA/index.html").read_text(encoding="utf-8")
    assert 'href="%E4%BB%95%E6%A7%98/%E7%94%BB%E9%9D%A2%E4%B8%80%E8%A6%A7/"' in index or 'href="仕様/画面一覧/"' in index
    assert (site / "wiki/MIRA/仕様/画面一覧/index.html").exists() and (site / "wiki/HALLOWEEN/テストwiki/index.html").exists()
    assert (site / "wiki/MIRA/files/5001/資料.pdf").read_bytes() == b"%PDF-1.4\n"


def test_html_and_script_links_in_a_wiki_page_stay_inert_in_the_built_site(tmp_path, capsys, MIRA):
    import json

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    base = MIRA / "projects" / "MIRA"
    listed = json.loads((base / "wikis.json").read_text(encoding="utf-8"))
    page = {**json.loads((base / "wiki" / "5002.json").read_text(encoding="utf-8")), "id": 5004, "name": (
        "注意 <img src=x onerror=alert(1)>"
    ),
            "content": "<script>alert(1)</script>\r\n<img src=x onerror=alert(2)>\r\n[押して](javascript:alert(3)) [資料](https://example.com/a)\r\n"
                       "```html\r\n<b>手順</b>\r\n```\r\n`<i>コード</i>`"}
    (base / "wikis.json").write_text(
        json.dumps([*listed, {k: v for k, v in page.items() if k != "content"}], ensure_ascii=False), encoding="utf-8"
    )
    (base / "wiki" / "5004.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    root = tmp_path / "t"
    init(root)
    assert main(["import", "backlog", "--space", "mira-demo.backlog.jp", "--project", "MIRA", "--from-dir", str(MIRA),
                 "--root", str(root), "--apply"]) == 0
    written = (root / "docs/wiki/MIRA/注意 _img src=x onerror=alert(1)_.md").read_text(encoding="utf-8")
    assert written == ("# 注意 ＜img src=x onerror=alert(1)＞\n\n&lt;script>alert(1)&lt;/script>\n&lt;img src=x onerror=alert(2)>\n"
                       "[押して](#) [資料](https://example.com/a)\n```html\n<b>手順</b>\n```\n`<i>コード</i>`\n")
    site = tmp_path / "site"
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=True))
    html = "".join(p.read_text(encoding="utf-8") for p in (site / "wiki" / "MIRA").rglob("*.html"))
    assert "<script>alert" not in html and "<img src=x" not in html and "javascript:" not in html
    assert "手順" in html and "<b>手順</b>" not in html and "&lt;i&gt;コード&lt;/i&gt;" in html  # code shows as code
