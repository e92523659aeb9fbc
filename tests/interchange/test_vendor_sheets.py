"""Vendors' issue sheets as they come, and the weekly round trip of the same sheet.

The three layouts are constructed by tests/fixtures/build_samples.py (see tests/fixtures/README.md).
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from openpyxl import load_workbook

from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load

SHEETS = Path(__file__).resolve().parent.parent / "fixtures" / "sheets"
A = SHEETS / "A社_課題一覧_20261127.xlsx"
JST = timezone(timedelta(hours=9))


def _import(tracker: Path, sheet: Path, *extra: str) -> int:
    return main(["import", "sheet", str(sheet), "--project", "MIRA", "--root", str(tracker), *extra])


def _map(tmp_path: Path) -> Path:
    path = tmp_path / "A社.yml"
    path.write_text("values:\n  status: {対応中: in_progress}\n", encoding="utf-8")
    return path


def test_a_sheet_with_a_guide_a_two_row_header_answers_merged_cells_and_notes(tracker, tmp_path, capsys):
    assert _import(tracker, A, "--map-file", str(_map(tmp_path)), "--apply") == 0
    out = capsys.readouterr().out
    assert "A社_課題一覧_20261127.xlsx: read sheet `課題一覧`\n" in out           # the guide sheet is skipped
    assert "A社_課題一覧_20261127.xlsx: header found on row 4; 3 rows" in out
    assert "columns left out: 備考 (J)" in out
    issues = load(tracker).tracker.issues
    one, two, three = (issues[k] for k in ("MIRA-1", "MIRA-2", "MIRA-3"))
    assert (one.title, one.body.strip(), one.assignee, one.due, one.status) == (
        "ログイン画面の文言", "ボタンの文言を統一する", "yamada", date(2026, 12, 4), "in_progress")
    # 担当 merged over rows 6 and 7: the second row has its assignee too
    assert (two.assignee, two.due, two.status) == ("yamada", date(2026, 12, 11), "open")
    assert two.body.strip() == "PDF 出力で罫線が欠ける\n\n> **件名**: 顧客からの電話で発覚(11/25)"   # the cell note is kept
    assert (three.assignee, three.due, three.status) == ("sato", date(2026, 12, 15), "closed")  # 46371 is an Excel serial
    # 回答 + 回答日 + 回答者 -> a comment by whoever answered, on that day
    assert [(c.author, c.date, c.body.strip()) for c in one.comments] == [
        ("tanaka", datetime(2026, 11, 26, 12, 0, tzinfo=JST), "12/4 までに修正します")
    ]
    assert [(c.author, c.body.strip()) for c in three.comments] == [("sato", "索引を追加しました")]
    assert two.comments == ()
    assert {i.origin for i in issues.values()} == {f"sheet:A社_課題一覧:課題一覧:no-{n}" for n in (1, 2, 3)}
    assert main(["validate", "--strict", str(tracker)]) == 0


def test_next_weeks_copy_updates_and_never_duplicates(tracker, tmp_path, capsys):
    mapping = _map(tmp_path)
    assert _import(tracker, A, "--map-file", str(mapping), "--apply") == 0
    week2 = tmp_path / "A社_課題一覧_20261204.xlsx"
    shutil.copy(A, week2)
    book = load_workbook(week2)
    ws = book["課題一覧"]
    ws["F6"] = "完了"                                   # row 1 is done now
    ws["B8"] = "検索が遅い(1万件)"                        # row 3 renamed
    for c, value in enumerate([4, "CSV 出力の文字コード", "Shift_JIS で出したい", "佐藤", "2026/12/18", "未対応"], 1):
        ws.cell(9, c, value)                            # a new row
    book.save(week2)
    capsys.readouterr()
    assert _import(tracker, week2, "--map-file", str(mapping), "--apply") == 0
    out = capsys.readouterr().out
    assert "update MIRA-1 (row 6): changes status" in out
    assert "update MIRA-3 (row 8): changes title" in out
    assert "create MIRA-4 (row 9)" in out
    assert "1 to create, 2 to update, 1 unchanged, 0 skipped" in out
    issues = load(tracker).tracker.issues
    assert sorted(issues) == ["MIRA-1", "MIRA-2", "MIRA-3", "MIRA-4"]
    assert (issues["MIRA-1"].status, len(issues["MIRA-1"].comments)) == ("closed", 1)  # the same answer is not added twice
    assert issues["MIRA-3"].title == "検索が遅い(1万件)"


def test_two_vendors_row_one_never_collide(tracker, capsys):
    assert _import(tracker, A, "--apply") == 0
    assert _import(tracker, SHEETS / "B社_課題表.csv", "--vendor", "A社", "--apply") == 0
    out = capsys.readouterr().out
    assert "create MIRA-4 (row 2)" in out and "create MIRA-5 (row 3)" in out
    issues = load(tracker).tracker.issues
    assert issues["MIRA-1"].origin == "sheet:A社_課題一覧:課題一覧:no-1"
    assert issues["MIRA-4"].origin == "sheet:vendor-a:csv:no-1"   # --vendor names the organization
    b1 = issues["MIRA-4"]
    assert (b1.title, b1.reporter, b1.assignee, b1.status, b1.created) == (
        "API の認証方式", "yamada", "tanaka", "in_progress", datetime(2026, 11, 20, 0, 0, tzinfo=JST))
    assert [(c.author, c.body.strip()) for c in b1.comments] == [("tanaka", "OAuth で進めます")]


def test_several_sheets_could_be_the_table_and_a_dash_ignores_a_column(tracker, capsys):
    sheet = SHEETS / "C社_課題.xlsx"
    assert _import(tracker, sheet, "--map-file", str(SHEETS / "C社.yml")) == 0
    out = capsys.readouterr().out
    assert "C社_課題.xlsx: read sheet `フロント`; `バックエンド` look like issue tables too (choose one with --sheet)" in out
    assert "columns left out: 社内メモ (E)" in out
    assert _import(tracker, sheet, "--map-file", str(SHEETS / "C社.yml"), "--sheet", "バックエンド", "--apply") == 0
    out = capsys.readouterr().out
    assert "C社_課題.xlsx: read sheet `バックエンド`\n" in out
    issues = load(tracker).tracker.issues
    assert [(i.title, i.due, i.origin) for i in issues.values()] == [
        ("バッチの遅延", date(2026, 12, 2), "sheet:C社_課題:バックエンド:no-B-1"),
        ("DB の容量", date(2026, 12, 9), "sheet:C社_課題:バックエンド:no-B-2")
    ]
