"""Command output (diff, check-authority, show, close, renumber) follows the tracker's language."""

from __future__ import annotations

import pytest

from tracker_fixture import git, make_repo
from tsuzuri.adapters.cli.main import main


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG", raising=False)
    return make_repo(tmp_path)  # language: ja


def run(root, *args):
    return main([*args, "--root", str(root)])


def commit_all(root, message, author):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, author=author)


def vendor_moves_a_due_date(root):
    git(root, "switch", "-q", "-c", "work")
    run(root, "set", "HOJO-12", "status=処理中", "due=2026-12-20")
    run(root, "comment", "HOJO-12", "--author", "tanaka", "--body", "着手します。")
    commit_all(root, "Move HOJO-12", "tanaka")


def test_diff_speaks_the_tracker_s_language(root, capsys):
    vendor_moves_a_due_date(root)
    capsys.readouterr()
    assert run(root, "diff", "main") == 0
    assert capsys.readouterr().out == "HOJO-12: 状態 未対応 → 処理中、期限日 2026-12-20 に設定\nHOJO-12 にコメント 1 件\n"
    assert run(root, "diff", "main", "--format", "markdown") == 0
    assert capsys.readouterr().out.startswith("### tsuzuri: この変更の内容\n\n- HOJO-12: 状態 未対応 → 処理中")
    assert run(root, "diff", "main", "--lang", "en") == 0
    assert capsys.readouterr().out == "HOJO-12: status 未対応 → 処理中, due set to 2026-12-20\n1 comment on HOJO-12\n"


def test_diff_with_no_change_in_markdown_in_both_languages(root, capsys):
    git(root, "switch", "-q", "-c", "work")
    capsys.readouterr()
    assert run(root, "diff", "main", "--format", "markdown") == 0
    assert capsys.readouterr().out == "**tsuzuri**: 課題などの記録の変更はありません。\n"
    assert run(root, "diff", "main", "--format", "markdown", "--lang", "en") == 0
    assert capsys.readouterr().out == "**tsuzuri**: no tracker changes.\n"


def test_authority_violation_in_japanese_and_in_english(root, capsys, monkeypatch):
    vendor_moves_a_due_date(root)
    capsys.readouterr()
    assert run(root, "check-authority", "main") == 1
    captured = capsys.readouterr()
    assert (
        "(tanaka・vendor-a)が HOJO-12 の `due` を変更していますが、権限ルール 1(項目: due、milestone)では office だけが変更できます\n"
    ) in captured.out
    assert captured.out.startswith("コミット ")
    assert run(root, "diff", "main", "--check-authority") == 1
    assert "\n権限: コミット " in capsys.readouterr().out
    monkeypatch.setenv("TSUZURI_LANG", "en")
    assert run(root, "check-authority", "main") == 1
    out = capsys.readouterr().out
    assert "by tanaka (vendor-a) changes `due` of HOJO-12, but authority rule 1 (fields: due, milestone) lets only office change it" in out


def test_show_labels_fields_and_history_in_the_tracker_s_language(root, capsys, monkeypatch):
    vendor_moves_a_due_date(root)
    capsys.readouterr()
    assert run(root, "show", "HOJO-12") == 0
    out = capsys.readouterr().out
    # labels padded to the widest, マイルストーン (14 columns)
    assert "\n  状態           処理中\n" in out and "\n  担当者         hayashi\n" in out
    assert "\n履歴:\n" in out and "tanaka: 状態 未対応 → 処理中\n" in out and "tanaka: 期限日 2026-12-20 に設定\n" in out
    assert "history:" not in out
    monkeypatch.setenv("TSUZURI_LANG", "en")
    assert run(root, "show", "HOJO-12") == 0
    out = capsys.readouterr().out
    assert "\n  status     処理中\n" in out and "\nhistory:\n" in out and "tanaka: due set to 2026-12-20\n" in out


def test_close_and_renumber_report_in_the_tracker_s_language(root, capsys):
    (root / "issues/HOJO/HOJO-1.md").write_text(
        (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8") + "\nHOJO-12 を参照。\n", encoding="utf-8")
    capsys.readouterr()
    assert run(root, "close", "HOJO-12") == 0
    assert capsys.readouterr().out == "HOJO-12 を「完了」にしました\n"
    assert run(root, "renumber", "HOJO-12", "--to", "HOJO-40") == 0
    assert capsys.readouterr().out == "HOJO-12 -> HOJO-40\n  issues/HOJO/HOJO-1.md を書き換えました\n"
    assert run(root, "close", "HOJO-1", "--lang", "en") == 0
    assert capsys.readouterr().out == "HOJO-1: 完了\n"
    assert run(root, "renumber", "HOJO-40", "--to", "HOJO-41", "--lang", "en") == 0
    assert capsys.readouterr().out == "HOJO-40 -> HOJO-41\n  rewrote issues/HOJO/HOJO-1.md\n"


def test_feed_titles_follow_the_tracker_s_language_and_tsuzuri_lang(root, capsys, monkeypatch):
    vendor_moves_a_due_date(root)
    capsys.readouterr()
    assert run(root, "feed", "--site-url", "https://tracker.example/") == 0
    out = capsys.readouterr().out
    assert "<title>HOJO-12: 状態 未対応 → 処理中、期限日 2026-12-20 に設定</title>" in out
    assert "<title>HOJO-12: 田中 一郎 さんのコメント</title>" in out
    monkeypatch.setenv("TSUZURI_LANG", "en")
    assert run(root, "feed", "--site-url", "https://tracker.example/") == 0
    out = capsys.readouterr().out
    assert "<title>HOJO-12: status 未対応 → 処理中, due set to 2026-12-20</title>" in out
    assert "<title>HOJO-12: comment by 田中 一郎</title>" in out
