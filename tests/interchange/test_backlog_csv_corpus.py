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
    return main([
        "import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "TST_PRJ5", "--from-dir", str(FIXTURES / "backlog4j"),
        "--root", str(root), "--apply"
    ])


def _csv(root: Path, name: str, *extra: str) -> int:
    return main([
        "import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "TST_PRJ5", "--csv", str(CSV[name]), "--root", str(root),
        *extra
    ])


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
    assert (
        second.title, second.type, second.status, second.priority, second.reporter
    ) == ("かてごりーてすと", "task", "open", "normal", "test")
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


@pytest.fixture
def empty(tmp_path, monkeypatch):
    monkeypatch.setenv("TSUZURI_LANG", "en")
    root = tmp_path / "tracker"
    init(root)
    return root


def _halloween_csv(root: Path, *extra: str) -> int:
    return main(["import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "HALLOWEEN",
                 "--csv", str(FIXTURES / "csv" / "Backlog-Issues-HALLOWEEN-ja.csv"), "--root", str(root), *extra])


def test_a_csv_alone_sets_up_an_empty_tracker_that_validates_strictly(empty, capsys):
    before = (empty / "tsuzuri.yml").read_text(encoding="utf-8")
    assert _halloween_csv(empty, "--apply") == 0
    out = capsys.readouterr().out
    assert out.startswith("update (tsuzuri.yml): tsuzuri.yml: adds organizations +1 (Backlog); members +3 (あどみにさん, test1, test2); "
                          "projects +1 (はろうぃん); statuses +1 (調査中 / Researching); "
                          "custom_fields +9 (らじお, てきすと, ちぇっくぼっくす, ひづけ, まるちりすと, すうち, ...)\n")
    assert "the CSV does not say which custom fields are lists: those read as text" in out
    assert main(["validate", "--strict", str(empty)]) == 0
    after = (empty / "tsuzuri.yml").read_text(encoding="utf-8")
    assert after.startswith(before.split("\nmembers:")[0])  # what the file had stays as written, comments too
    config = load(empty).tracker.config
    assert config.project("HALLOWEEN").name == "はろうぃん"
    # people by name, their Backlog id as the alias that an API import matches later
    assert [(m.id, m.name, m.org, m.aliases) for m in config.members][1:] == [
        ("user1073751781", "あどみにさん", "backlog", ("1073751781",)), ("test1", "test1", "backlog", ("1073910170",)),
        ("test2", "test2", "backlog", ("1073910171",))]
    # the project's own status (id 101) between Backlog's 処理済み and 完了
    assert [s.id for s in config.statuses] == ["open", "in_progress", "resolved", "researching", "closed"]
    fields = {c.label: (c.id, c.type, c.options) for c in config.custom_fields if c.project == "HALLOWEEN"}
    assert fields == {
        "らじお": ("cf-1", "text", ()), "てきすと": ("cf-2", "text", ()), "ちぇっくぼっくす": ("cf-3", "text", ()),
        "ひづけ": ("cf-4", "date", ()), "まるちりすと": ("cf-5", "text", ()), "すうち": ("cf-6", "number", ()),
        "しんぐるりすと": ("cf-7", "text", ()), "ぶんしょう": ("cf-8", "text", ()), "完了理由": ("resolution", "choice", ("対応済み",))
    }
    issues = load(empty).tracker.issues
    full = issues["HALLOWEEN-2"]
    assert (full.title, full.type, full.status, full.reporter, full.origin) == (
        "カスタム満載課題", "bug", "open", "user1073751781", "backlog:nulab-test:1073804154")
    assert dict(full.custom) == {"cf-1": "らいす", "cf-2": "テキストの値です", "cf-3": "りす,りびんぐでっど", "cf-4": "2014-08-11",
                                 "cf-5": "ごりら,ごめす", "cf-6": 99.9, "cf-7": "たまご", "cf-8": "文章の値です\n二行目です"}
    assert [(c.author, c.body.strip()) for c in full.comments] == [("user1073751781", "確認しました")]
    second = issues["HALLOWEEN-3"]
    assert (
        second.status, second.priority, second.assignee, second.reporter, second.parent
    ) == ("researching", "high", "test1", "user1073751781", "HALLOWEEN-2")
    assert (second.start, second.due, second.estimate, dict(second.custom)) == (
        date(2014, 8, 13), date(2014, 8, 20), 4, {"resolution": "対応済み", "cf-6": 12}
    )
    assert load(empty).documents[second.path].data["updated_by"] == "test2"
    capsys.readouterr()
    assert _halloween_csv(empty) == 0
    assert "0 to create, 0 to update, 2 unchanged, 0 skipped" in capsys.readouterr().out


def test_an_english_csv_alone_sets_up_the_tracker(empty, capsys):
    assert _csv(empty, "en-bom", "--apply") == 0
    assert (
        "update (tsuzuri.yml): tsuzuri.yml: adds organizations +1 (Backlog); members +1 (test); projects +1 (テストプロジェクト); "
        "milestones +2 (迷い, 悲しみ); categories +2 (かてごりら, かてうさぎ); custom_fields +2 (画面から単一リスト, 発生バージョン)"
    ) in capsys.readouterr().out
    assert main(["validate", "--strict", str(empty)]) == 0
    config = load(empty).tracker.config
    assert [s.id for s in config.statuses] == ["open", "in_progress", "resolved", "closed"]  # Open is Backlog's 未対応
    second = load(empty).tracker.issues["TST_PRJ5-2"]
    assert (
        second.type, second.status, second.priority, second.milestone, second.categories
    ) == ("task", "open", "normal", "v-1", ("cat-1", "cat-2"))
    assert dict(second.custom) == {"affected_versions": ["迷い", "悲しみ"], "cf-1": "京都"}


def test_the_api_after_a_csv_alone_keeps_every_value_and_the_other_answers(empty, capsys):
    assert _halloween_csv(empty, "--apply") == 0
    capsys.readouterr()
    assert main([
        "import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "HALLOWEEN", "--from-dir", str(FIXTURES / "backlog4j"),
        "--root", str(empty), "--apply"
    ]) == 0
    out = capsys.readouterr().out
    for name in ("らじお", "ちぇっくぼっくす", "まるちりすと", "しんぐるりすと"):  # the plan says which list fields stay text
        assert f"{name} is a list in Backlog but a text field in tsuzuri.yml: its values arrive as text (joined by commas)" in out
    assert "てきすと is a list" not in out
    assert main(["validate", "--strict", str(empty)]) == 0
    issues = load(empty).tracker.issues
    # the API knows its own values of the fields the CSV declared as text; the check box's その他 answer stays
    assert dict(issues["HALLOWEEN-2"].custom) == {
        "cf-1": "らいす", "cf-2": "テキストの値です", "cf-3": "りす,りびんぐでっど", "cf-4": "2014-08-11", "cf-5": "ごりら,ごめす",
        "cf-6": 99.9, "cf-7": "たまご", "cf-8": "文章の値です"
    }
    assert dict(issues["HALLOWEEN-3"].custom) == {"resolution": "対応済み", "cf-6": 12}  # not in the API samples: left alone
    assert [m.id for m in load(empty).tracker.config.members][1:] == ["user1073751781", "test1", "test2"]  # matched, not added again


def test_a_csv_into_another_project_key_matches_the_api_import(empty, capsys):
    api = ["import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "TST_PRJ5", "--into", "NEW", "--root", str(empty)]
    assert main([*api, "--csv", str(CSV["ja-utf8"]), "--apply"]) == 0
    assert "create NEW-1 (row 3)" in capsys.readouterr().out
    issues = load(empty).tracker.issues
    assert sorted(issues) == ["NEW-1", "NEW-2", "PRJ-1"] and issues["NEW-2"].origin == "backlog:nulab-test:1079196895"
    assert main(["validate", "--strict", str(empty)]) == 0
    assert main([*api, "--from-dir", str(FIXTURES / "backlog4j"), "--apply"]) == 0  # the same issues, not two more
    assert sorted(load(empty).tracker.issues) == ["NEW-1", "NEW-2", "PRJ-1"]
    capsys.readouterr()
    assert main([*api, "--csv", str(CSV["ja-utf8"])]) == 0
    assert "0 to create, 0 to update, 2 unchanged" in capsys.readouterr().out


def test_backlogs_excel_export_reads_as_its_csv(empty, tmp_path, capsys):
    import csv

    from openpyxl import Workbook

    book = Workbook()
    with (FIXTURES / "csv" / "Backlog-Issues-HALLOWEEN-ja.csv").open(encoding="cp932", newline="") as handle:
        for row in csv.reader(handle):
            book.active.append(row)
    book.save(tmp_path / "Backlog-Issues.xlsx")
    assert main([
        "import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "HALLOWEEN", "--csv", str(tmp_path / "Backlog-Issues.xlsx"),
        "--root", str(empty), "--apply"
    ]) == 0
    assert main(["validate", "--strict", str(empty)]) == 0
    capsys.readouterr()
    assert _halloween_csv(empty) == 0  # the CSV finds the same issues, as they are
    assert "0 to create, 0 to update, 2 unchanged, 0 skipped" in capsys.readouterr().out


def test_a_project_key_that_is_no_key_is_a_usage_error_not_a_crash(empty, capsys):
    assert main(["import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "tst_prj5", "--csv", str(CSV["ja-utf8"]),
                 "--root", str(empty)]) == 2
    assert (
        "--project tst_prj5 is not a project key like MIRA (capital letters, digits, _): give one with --into KEY"
    ) in capsys.readouterr().err
    assert main(["import", "backlog", "--space", "nulab-test.backlog.jp", "--project", "tst_prj5", "--into", "TST_PRJ5",
                 "--csv", str(CSV["ja-utf8"]), "--root", str(empty)]) == 0
