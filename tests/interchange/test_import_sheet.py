"""Vendors' issue sheets: encodings, date styles, messy layouts, mapping, dry run and rollback."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load

HEADER = "件名,種別,状態,優先度,担当者,開始日,期限日,予定時間,実績時間,カテゴリー,マイルストーン,費用区分\n"
ROWS = (
    "ログイン画面の文言修正,バグ,未対応,高,山田 太郎,{start},{due},４,1.5,申請フォーム,初回リリース,設計\n"
    "問い合わせ窓口の表示,要望,処理中,低,tanaka@vendor-a.example,,,,,デザイン、申請フォーム,,\n"
)


def _sheet_import(tracker: Path, sheet: Path, *extra: str) -> int:
    return main(["import", "sheet", str(sheet), "--project", "MIRA", "--root", str(tracker), *extra])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
@pytest.mark.parametrize(("start", "due"), [
    ("2026/11/2", "2026/11/30"), ("2026-11-02", "2026-11-30"), ("令和8年11月2日", "R8.11.30"), ("46328", "46356"),
    ("２０２６/１１/２", "２０２６年１１月３０日"),
])
def test_csv_in_each_encoding_and_date_style(tracker, tmp_path, encoding, start, due):
    sheet = tmp_path / "vendor.csv"
    sheet.write_bytes((HEADER + ROWS.format(start=start, due=due)).encode(encoding))
    assert _sheet_import(tracker, sheet, "--apply") == 0
    issues = load(tracker).tracker.issues
    first, second = issues["MIRA-1"], issues["MIRA-2"]
    assert (
        first.title, first.type, first.status, first.priority, first.assignee
    ) == ("ログイン画面の文言修正", "bug", "open", "high", "yamada")
    assert (first.start, first.due, first.estimate, first.actual) == (date(2026, 11, 2), date(2026, 11, 30), 4, 1.5)
    assert (first.categories, first.milestone, dict(first.custom)) == (("form",), "v1.0", {"cost_center": "設計"})
    assert (
        second.type, second.status, second.priority, second.assignee, second.categories
    ) == ("request", "in_progress", "low", "tanaka", ("design", "form"))
    assert second.start is None and second.milestone == ""


def test_dry_run_names_rows_and_writes_nothing(tracker, tmp_path, capsys):
    sheet = tmp_path / "vendor.csv"
    sheet.write_text(
        HEADER + "鈴木さんの件,タスク,未対応,中,鈴木 次郎,,来週,,,,,\n" + ",,,,,,,,,,,\n" + "無題の行,タスク,謎の状態,中,,,,,,,,\n",
        encoding="utf-8"
    )
    assert _sheet_import(tracker, sheet) == 0
    out = capsys.readouterr().out
    assert "create MIRA-1 (row 2): unknown assignee `鈴木 次郎` left out" in out
    assert "unparseable due date `来週` is not a date" in out
    assert "create MIRA-2 (row 4): unknown status `謎の状態` left out" in out
    assert "dry run: nothing written" in out
    assert list((tracker / "issues" / "MIRA").iterdir()) == []


def _messy_workbook(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "課題一覧"
    ws["A1"] = "A社 課題管理表"
    ws["A2"] = "作成日: 2026/11/20"
    # A two-row header: 期間 spans 開始日 and 期限日; the other headers are merged down over two rows.
    for col, name in zip("ABCDE", ["No.", "件名", "状態", "担当者", "予定時間"], strict=True):
        ws[f"{col}4"] = name
        ws.merge_cells(f"{col}4:{col}5")
    ws["F4"] = "期間"
    ws.merge_cells("F4:G4")
    ws["F5"], ws["G5"] = "開始日", "期限日"
    ws.append([1, "検索結果の並び順", "未対応", "山田太郎", "３", datetime(2026, 12, 1), 46387])
    ws.append([])
    ws.append([2, "ＰＤＦ出力の文字化け", "処理済み", "sato", 2.5, "2026/12/3", "令和8年12月10日"])
    ws.append([])
    ws.append(["※ 状態は毎週金曜日に更新します。"])
    ws.append(["※ 問い合わせは担当者まで。"])
    wb.save(path)


def test_messy_xlsx(tracker, tmp_path, capsys):
    sheet = tmp_path / "messy.xlsx"
    _messy_workbook(sheet)
    assert _sheet_import(tracker, sheet, "--apply") == 0
    out = capsys.readouterr().out
    assert "header found on row 4" in out
    assert "rows 10-11: text below the table (notes?) ignored" in out
    issues = load(tracker).tracker.issues
    assert sorted(issues) == ["MIRA-1", "MIRA-2"]
    one, two = issues["MIRA-1"], issues["MIRA-2"]
    assert (one.title, one.status, one.assignee, one.estimate, one.start, one.due) == (
        "検索結果の並び順", "open", "yamada", 3, date(2026, 12, 1), date(2026, 12, 31)
    )
    assert (two.title, two.status, two.assignee, two.estimate, two.start, two.due) == (
        "ＰＤＦ出力の文字化け", "resolved", "sato", 2.5, date(2026, 12, 3), date(2026, 12, 10)
    )


def test_key_column_updates_and_map_options(tracker, tmp_path, capsys):
    first = tmp_path / "first.csv"
    first.write_text("課題名,担当,状況\n画面遷移図の作成,山田 太郎,対応中\n", encoding="utf-8")
    map_file = tmp_path / "vendor.yml"
    map_file.write_text(
        "columns: {課題名: title, 状況: status}\nvalues:\n  status: {対応中: in_progress}\npeople: {やまだ: yamada}\n", encoding="utf-8"
    )
    assert _sheet_import(tracker, first, "--map-file", str(map_file), "--map", "担当=assignee", "--apply") == 0
    issue = load(tracker).tracker.issues["MIRA-1"]
    assert (issue.title, issue.status, issue.assignee) == ("画面遷移図の作成", "in_progress", "yamada")
    again = tmp_path / "again.csv"
    again.write_text("キー,課題名,担当,状況\nMIRA-1,画面遷移図の作成(改),やまだ,完了\n", encoding="utf-8")
    capsys.readouterr()
    assert _sheet_import(tracker, again, "--map-file", str(map_file), "--map", "担当=assignee", "--apply") == 0
    assert "update MIRA-1 (row 2): changes title, status" in capsys.readouterr().out
    issues = load(tracker).tracker.issues
    assert list(issues) == ["MIRA-1"]
    assert (issues["MIRA-1"].title, issues["MIRA-1"].status) == ("画面遷移図の作成(改)", "closed")


def test_same_sheet_twice_does_not_duplicate(tracker, tmp_path, capsys):
    sheet = tmp_path / "v.csv"
    sheet.write_text("件名,状態\n重複させない課題,未対応\n", encoding="utf-8")
    assert _sheet_import(tracker, sheet, "--apply") == 0
    assert _sheet_import(tracker, sheet, "--apply") == 0
    assert "0 to create, 0 to update, 1 unchanged, 0 skipped" in capsys.readouterr().out  # known by file, sheet and row
    assert list(load(tracker).tracker.issues) == ["MIRA-1"]
    other = tmp_path / "other.csv"  # another source with a title an issue already has: a hint, not a duplicate
    other.write_text("件名,状態\n重複させない課題,未対応\n", encoding="utf-8")
    assert _sheet_import(tracker, other, "--apply") == 0
    assert "MIRA-1 already has this title" in capsys.readouterr().out
    assert list(load(tracker).tracker.issues) == ["MIRA-1"]


def test_a_failing_validation_rolls_everything_back(tracker, tmp_path, capsys):
    sheet = tmp_path / "v.csv"
    sheet.write_text("件名,状態,親課題\n子の課題,未対応,MIRA-99\n別の課題,未対応,\n", encoding="utf-8")
    assert _sheet_import(tracker, sheet, "--apply") == 1
    err = capsys.readouterr().err
    assert "issue MIRA-99 does not exist" in err and "nothing was changed" in err
    assert sorted(p.name for p in tracker.rglob("*")) == ["MIRA", "issues", "tsuzuri.yml"]


def test_bad_map_and_unknown_project_are_user_errors(tracker, tmp_path, capsys):
    sheet = tmp_path / "v.csv"
    sheet.write_text("件名\nx\n", encoding="utf-8")
    assert _sheet_import(tracker, sheet, "--map", "件名=subject") == 2
    assert "`subject` is not an issue field" in capsys.readouterr().err
    assert main(["import", "sheet", str(sheet), "--project", "NOPE", "--root", str(tracker)]) == 1
    assert "project NOPE is not in tsuzuri.yml" in capsys.readouterr().err
    headless = tmp_path / "h.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    assert _sheet_import(tracker, headless) == 1
    assert "no header row found" in capsys.readouterr().err


def test_use_case_reports_progress_through_a_callback(tracker, tmp_path):
    from tsuzuri.interchange.mapping import ImportMap
    from tsuzuri.interchange.plan import apply_plan
    from tsuzuri.interchange.sheet.rows import plan_sheet
    from tsuzuri.validate import findings

    sheet = tmp_path / "v.csv"
    sheet.write_text("件名\n" + "".join(f"課題{i}\n" for i in range(5)), encoding="utf-8")
    seen: list[tuple[str, int, int]] = []
    plan = plan_sheet(load(tracker), sheet, "MIRA", ImportMap(), progress=lambda *a: seen.append(a))
    assert seen[-1] == ("plan", 5, 5)
    assert apply_plan(tracker, plan, findings, lambda *a: seen.append(a)) == 5
    assert ("write", 5, 5) in seen and ("move", 5, 5) in seen and seen[-1] == ("validate", 1, 1)


def test_update_keeps_fields_the_sheet_does_not_have(tracker, tmp_path):
    (tracker / "issues/MIRA/MIRA-1.md").write_text(
        "---\ntitle: 元の件名\ntype: task\nstatus: open\nwatchers: [sato]\n---\n本文はそのまま。\n", encoding="utf-8"
    )
    (tracker / "issues/MIRA/MIRA-2.md").write_text(
        "---\ntitle: 関連\ntype: task\nstatus: open\nlinks: {relates: [MIRA-1]}\n---\n", encoding="utf-8"
    )
    sheet = tmp_path / "v.csv"
    sheet.write_text("キー,状態,担当者\nMIRA-2,処理中,佐藤 花子\n", encoding="utf-8")
    assert _sheet_import(tracker, sheet, "--apply") == 0
    issues = load(tracker).tracker.issues
    assert (
        issues["MIRA-2"].status, issues["MIRA-2"].assignee, dict(issues["MIRA-2"].links)
    ) == ("in_progress", "sato", {"relates": ("MIRA-1",)})
    assert issues["MIRA-2"].title == "関連"
    assert issues["MIRA-1"].watchers == ("sato",) and issues["MIRA-1"].body.strip() == "本文はそのまま。"


def test_progress_bars_draw_without_a_terminal(capsys):
    from tsuzuri.adapters.cli.commands.import_ import _Bars

    bars = _Bars(True)
    for done in range(1, 101):
        bars("write", done, 100)
    for done in range(1, 61):
        bars("validate", done, 60)
    bars.close()
    err = capsys.readouterr().err
    assert "write" in err and "validate" in err


def test_map_file_reads_words_as_written_and_names_the_line_of_a_yaml_error(tmp_path):
    from tsuzuri.interchange.mapping import MappingProblem, load_map_file

    map_file = tmp_path / "vendor.yml"
    # YAML 1.1 would read `no` as false and `0123` as 83; a vendor's words stay as written.
    map_file.write_text("values:\n  status: {no: open, 0123: closed}\npeople: {yes: yamada}\n", encoding="utf-8")
    mapping = load_map_file(map_file)
    assert mapping.values["status"] == {"no": "open", "0123": "closed"}
    assert mapping.people == {"yes": "yamada"}
    map_file.write_text("columns:\n  件名: title\n  状況: [status\n", encoding="utf-8")
    with pytest.raises(MappingProblem) as caught:
        load_map_file(map_file)
    assert f"{map_file}:3: cannot read the map file" in str(caught.value.args[0])
