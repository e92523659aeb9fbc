"""Authoring commands report rejections in the tracker's language, or in TSUZURI_LANG's."""

from __future__ import annotations

import pytest

from tracker_fixture import ISSUE_1, make_tracker
from tsuzuri.adapters.cli.main import main


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG", raising=False)
    return make_tracker(tmp_path)  # language: ja


def run(root, *args):
    return main([*args, "--root", str(root)])


def test_a_rejected_edit_is_explained_in_japanese(root, capsys):
    assert run(root, "set", "HOJO-1", "assignee=tanka") == 1
    err = capsys.readouterr().err
    assert err.startswith("tsuzuri: 何も書き込みませんでした:\n")
    assert "error[broken-reference] メンバー `tanka` は tsuzuri.yml に登録されていません(もしかして `tanaka`(田中 一郎)?)" in err
    assert (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8") == ISSUE_1


def test_tsuzuri_lang_switches_rejections_to_english(root, capsys, monkeypatch):
    monkeypatch.setenv("TSUZURI_LANG", "en")
    assert run(root, "set", "HOJO-1", "assignee=tanka") == 1
    err = capsys.readouterr().err
    assert err.startswith("tsuzuri: nothing was written:\n")
    assert "error[broken-reference] `tanka` is not a known member (did you mean `tanaka` (田中 一郎)?)" in err


def test_an_english_tracker_gets_english_rejections(root, capsys):
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8")
    assert run(root, "close", "HOJO-99") == 1
    assert capsys.readouterr().err == "tsuzuri: issue HOJO-99 does not exist\n"


def test_a_missing_issue_and_an_unknown_author_in_japanese(root, capsys):
    assert run(root, "close", "HOJO-99") == 1
    assert capsys.readouterr().err == "tsuzuri: 課題 HOJO-99 は存在しません\n"
    assert run(root, "comment", "HOJO-1", "--author", "ghost", "--body", "確認しました。") == 2
    assert capsys.readouterr().err == "tsuzuri: `ghost` は tsuzuri.yml のメンバーに登録されていません\n"


def test_usage_errors_of_the_verbs_follow_the_tracker_language(root, capsys, monkeypatch):
    assert run(root, "set", "HOJO-1", "oops") == 2
    assert capsys.readouterr().err == "tsuzuri: `oops` は 項目=値 の形になっていません\n"
    assert run(root, "new", "issue", "--project", "HOJO", "--title", "x", "--author", "yamada", "--due", "来週の月曜") == 2
    assert capsys.readouterr().err == (
        "tsuzuri: --due の '来週の月曜' は日付になっていません。2026-11-30、2026/11/30、令和8年11月30日 のように指定してください\n"
    )
    monkeypatch.setenv("TSUZURI_LANG", "en")
    assert run(root, "set", "HOJO-1", "oops") == 2
    assert capsys.readouterr().err == "tsuzuri: `oops` is not field=value\n"


def test_authoring_refusals_follow_the_tracker_language(root, capsys, monkeypatch):
    assert run(root, "renumber", "HOJO-1", "--to", "HOJO-12") == 1
    assert capsys.readouterr().err == "tsuzuri: HOJO-12 はすでに使われています\n"
    assert run(root, "new", "issue", "--project", "NOPE", "--title", "x", "--author", "yamada") == 1
    assert "error[unknown-project] プロジェクト NOPE は登録されていません(登録済み: HOJO)" in capsys.readouterr().err
    monkeypatch.setenv("TSUZURI_LANG", "en")
    assert run(root, "renumber", "HOJO-1", "--to", "HOJO-12") == 1
    assert capsys.readouterr().err == "tsuzuri: HOJO-12 is already taken\n"
