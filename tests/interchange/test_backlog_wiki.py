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
    assert "create docs/wiki/Home.md (Backlog wiki Home)" in out
    assert "create docs/wiki/テストwiki.md (Backlog wiki テストwiki)" in out
    assert "Backlog wiki: 2 pages, 0 of them meeting records (into minutes/)" in out
    assert (root / "docs/wiki/テストwiki.md").read_text(encoding="utf-8") == "# テストwiki\n\nテスト用wikiです\n"
    assert (root / "docs/wiki/Home.md").read_text(encoding="utf-8") == "# Home\n\n\n"
    capsys.readouterr()
    assert main(["import", "backlog", "--space", "nulab.dev.backlog.jp", "--project", "HALLOWEEN", "--from-dir", str(SAMPLES),
                 "--root", str(root)]) == 0
    assert "0 to create, 0 to update, 3 unchanged" in capsys.readouterr().out


def test_a_meeting_record_page_becomes_minutes(tracker, capsys, MIRA):
    assert main(["import", "backlog", "--space", "mira-demo.backlog.jp", "--project", "MIRA", "--from-dir", str(MIRA),
                 "--root", str(tracker), "--apply"]) == 0
    out = capsys.readouterr().out
    assert ("create minutes/2026/2026-11-20-backlog-wiki-5001.md (Backlog wiki 議事録/2026-11-20 定例会議): "
            "attendee `鈴木` is not a member; left out of attendees (the name stays in the text)") in out
    loaded = load(tracker)
    [minutes] = loaded.tracker.minutes
    assert (minutes.title, minutes.date, minutes.project, minutes.attendees) == ("2026-11-20 定例会議", date(2026, 11, 20), "MIRA", ("yamada", "tanaka", "sato"))
    assert minutes.decisions == ("入力チェックは MIRA-12 の回答どおりとする。",)
    assert [(a.assignee, a.text, a.due) for a in minutes.actions] == [
        ("tanaka", "入力チェック仕様を設計書に反映する", date(2026, 11, 27)), ("yamada", "認証方式の比較資料を作る", None), ("", "次回日程を決める", None)]
    assert minutes.mentions == ("MIRA-12",)
    assert (tracker / "docs/wiki/files/5001/資料.pdf").read_bytes() == b"%PDF-1.4\n"
    page = (tracker / "docs/wiki/仕様/画面一覧.md").read_text(encoding="utf-8")
    assert page == "# 画面一覧\n\n| 画面 | 担当 |\n|---|---|\n| ログイン | 山田 |\n\n関連: MIRA-3\n"
    assert main(["validate", "--strict", str(tracker)]) == 0


def test_issue_keys_follow_the_project_they_are_imported_into(tmp_path, capsys, new_tracker, MIRA):
    root = new_tracker(tmp_path / "t")
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("{key: MIRA,", "{key: NEW,").replace("project: MIRA", "project: NEW"), encoding="utf-8")
    assert main(["import", "backlog", "--space", "mira-demo.backlog.jp", "--project", "MIRA", "--into", "NEW", "--from-dir", str(MIRA),
                 "--root", str(root), "--apply"]) == 0
    assert "関連: NEW-3" in (root / "docs/wiki/仕様/画面一覧.md").read_text(encoding="utf-8")
    assert "NEW-12 の回答どおり" in (root / "minutes/2026/2026-11-20-backlog-wiki-5001.md").read_text(encoding="utf-8")
