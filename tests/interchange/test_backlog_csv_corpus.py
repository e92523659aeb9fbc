"""Backlog's issue CSV from Japanese- and English-UI spaces, with comments, mixed with API imports.

The CSV files are constructed in Backlog's export layout from the backlog4j sample issues
(tests/fixtures/build_samples.py); the API samples are backlog4j's own.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.authoring.scaffold import init
from tsuzuri.store import load

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "backlog"
CSV = {"ja-cp932": FIXTURES / "csv" / "Backlog-Issues-ja-cp932.csv", "en-bom": FIXTURES / "csv" / "Backlog-Issues-en-bom.csv",
       "ja-utf8": FIXTURES / "csv" / "Backlog-Issues-ja-utf8.csv"}
JST = timezone(timedelta(hours=9))


def _api(root: Path) -> int:
    return main(["import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "TST_PRJ5", "--from-dir", str(FIXTURES / "backlog4j"),
                 "--root", str(root), "--apply"])


def _csv(root: Path, name: str, *extra: str) -> int:
    return main(["import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "TST_PRJ5", "--csv", str(CSV[name]), "--root", str(root), *extra])


@pytest.fixture
def set_up(tmp_path, monkeypatch, capsys):
    """A tracker the API import set up for TST_PRJ5, with its issues taken out again."""
    monkeypatch.setenv("TSUZURI_LANG", "en")
    root = tmp_path / "tracker"
    init(root)
    assert _api(root) == 0
    shutil.rmtree(root / "issues" / "TST_PRJ5")
    capsys.readouterr()
    return root


@pytest.mark.parametrize("name", sorted(CSV))
def test_every_export_reads_the_same_issues(set_up, capsys, name):
    assert _csv(set_up, name, "--apply") == 0
    out = capsys.readouterr().out
    assert "2 to create, 0 to update, 0 unchanged, 0 skipped" in out
    assert "create TST_PRJ5-1 (row 3): an issue has one milestone here: `迷い` kept, 悲しみ left out; adds 2 comments" in out
    issues = load(set_up).tracker.issues
    second = issues["TST_PRJ5-2"]
    assert (second.title, second.type, second.status, second.priority, second.reporter) == ("かてごりーてすと", "task", "open", "normal", "test")
    assert (second.milestone, second.categories, second.start, second.due, second.estimate, second.actual) == (
        "v-3", ("cat-5", "cat-6"), date(2014, 7, 16), date(2014, 7, 24), 12, 13)
    assert dict(second.custom) == {"affected_versions": ["迷い", "悲しみ"], "cf-5": "京都"}
    assert (second.created, second.updated, second.origin) == (
        datetime(2014, 7, 16, 16, 51, 43, tzinfo=JST), datetime(2014, 7, 16, 19, 42, 47, tzinfo=JST), "backlog:nulab-test:1079196895")
    first = issues["TST_PRJ5-1"]
    assert first.title == "課題追加テスト with v2 api\u3000Yo" and first.type == "bug"
    # コメント1, コメント2: credited to the last updater at the update time, in order
    assert [(c.author, c.date, c.body.strip()) for c in first.comments] == [
        ("test", datetime(2014, 7, 25, 16, 22, 0, tzinfo=JST), "コメント"), ("test", datetime(2014, 7, 25, 16, 22, 1, tzinfo=JST), "こめ")]
    assert main(["validate", "--strict", str(set_up)]) == 0


def test_a_csv_after_the_api_changes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TSUZURI_LANG", "en")
    root = tmp_path / "tracker"
    init(root)
    assert _api(root) == 0
    capsys.readouterr()
    for name in sorted(CSV):
        assert _csv(root, name) == 0
        assert "0 to create, 0 to update, 2 unchanged, 0 skipped" in capsys.readouterr().out


def test_the_api_after_a_csv_adds_but_never_clears_or_doubles(set_up, capsys):
    assert _csv(set_up, "ja-cp932", "--apply") == 0
    capsys.readouterr()
    assert _api(set_up) == 0
    issues = load(set_up).tracker.issues
    first = issues["TST_PRJ5-1"]
    texts = [c.body.strip() for c in first.comments]
    assert texts.count("コメント") == 1 and texts.count("こめ") == 1          # not brought twice
    assert sum("添付ファイル" in t for t in texts) == 27                      # what only the API knows is added
    assert dict(first.custom) == {"cf-5": "京都", "cf-6": ["卵掛けご飯です"], "cf-7": "それ以外です"}
    second = issues["TST_PRJ5-2"]
    assert dict(second.custom) == {"affected_versions": ["迷い", "悲しみ"], "cf-5": "京都"}
    assert second.categories == ("cat-5", "cat-6")
    capsys.readouterr()
    assert _api(set_up) == 0
    assert "0 to create, 0 to update, 2 unchanged" in capsys.readouterr().out
