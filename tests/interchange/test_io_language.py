"""The import plan and the import/export summaries speak the tracker's language, or TSUZURI_LANG's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main

HEADER = "件名,種別,状態,優先度,担当者,開始日,期限日,予定時間,実績時間,カテゴリー,マイルストーン,費用区分\n"
ROWS = "鈴木さんの件,タスク,未対応,中,鈴木 次郎,,来週,,,,,\n,,,,,,,,,,,\n無題の行,タスク,謎の状態,中,,,,x時間,,,,\n"


@pytest.fixture(autouse=True)
def no_language_override(monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG", raising=False)


def _import(tracker: Path, sheet: Path, *extra: str) -> int:
    return main(["import", "sheet", str(sheet), "--project", "MIRA", "--root", str(tracker), *extra])


def test_the_dry_run_plan_is_japanese_in_a_japanese_tracker(tracker, tmp_path, capsys):
    sheet = tmp_path / "vendor.csv"
    sheet.write_text(HEADER + ROWS, encoding="utf-8")
    assert _import(tracker, sheet) == 0
    out = capsys.readouterr().out.split("\n")
    assert out[0] == ("作成 MIRA-1 (2 行目): 担当者 `鈴木 次郎` はメンバーにいないため取り込みません"
                      "(tsuzuri.yml にメンバーを追加するか、対応表の people: で対応付けてください); "
                      "期限日 の日付を読めないため取り込みません: `来週` は日付として読めません"
                      "(2026/11/30、2026-11-30、令和8年11月30日 のように書いてください)")
    assert out[1] == ("作成 MIRA-2 (4 行目): 状態 `謎の状態` は登録されていないため取り込みません"
                      "(対応表の values: status: で対応付けてください); "
                      "予定時間 を取り込みません: `x時間` は時間数として読めません; 状態 は指定がないため `open` にします")
    assert out[2] == "vendor.csv: 見出しは 1 行目、文字コード utf-8、データ 2 行"
    assert out[3:] == [
        "作成 2 件、更新 0 件、変更なし 0 件、除外 0 件", "試行のみ: 何も書き込んでいません(書き込むには --apply を付けてください)", ""
    ]


def test_the_plan_is_english_with_lang_en(tracker, tmp_path, capsys):
    sheet = tmp_path / "vendor.csv"
    sheet.write_text(HEADER + ROWS, encoding="utf-8")
    assert _import(tracker, sheet, "--lang", "en") == 0
    out = capsys.readouterr().out
    assert (
        "create MIRA-2 (row 4): unknown status `謎の状態` left out (map it under values: status: in the map file); estimate `x時間` is not "
        "a number of hours; left out; status set to `open` (none given)\n"
    ) in out
    assert out.endswith("2 to create, 0 to update, 0 unchanged, 0 skipped\ndry run: nothing written (add --apply to write)\n")


def test_apply_and_export_summaries_follow_the_language(tracker, tmp_path, capsys, monkeypatch):
    sheet = tmp_path / "vendor.csv"
    sheet.write_text(HEADER + "ログイン画面の文言修正,バグ,未対応,高,山田 太郎,,,,,,,\n", encoding="utf-8")
    assert _import(tracker, sheet, "--apply") == 0
    assert capsys.readouterr().out.endswith("\n1 個のファイルを書き込みました。tsuzuri validate: 新しいエラーはありません\n")
    assert _import(tracker, sheet) == 0
    assert capsys.readouterr().out.endswith("\n作成 0 件、更新 0 件、変更なし 1 件、除外 0 件\n書き込むものはありません\n")
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--root", str(tracker)]) == 0
    assert capsys.readouterr().out == f"1 件の課題を {out} に書き出しました\n"
    monkeypatch.setenv("TSUZURI_LANG", "en")
    assert _import(tracker, sheet) == 0
    assert "0 to create, 0 to update, 1 unchanged, 0 skipped\n" in capsys.readouterr().out
    copy = tmp_path / "other-vendor.csv"
    copy.write_bytes(sheet.read_bytes())
    assert _import(tracker, copy) == 0
    assert "skip   (row 2): MIRA-1 already has this title; add a キー column with MIRA-1 to update it\n" in capsys.readouterr().out
    assert main(["import", "sheet", str(sheet), "--project", "NOPE", "--root", str(tracker), "--lang", "ja"]) == 1
    assert "プロジェクト NOPE は tsuzuri.yml にありません(登録済み: MIRA)" in capsys.readouterr().err


def test_map_and_sheet_problems_in_both_languages(tracker, tmp_path, capsys):
    sheet = tmp_path / "vendor.csv"
    sheet.write_text(HEADER + ROWS, encoding="utf-8")
    assert _import(tracker, sheet, "--map", "件名") == 2
    assert capsys.readouterr().err == "tsuzuri: --map: `件名` は 見出し=項目 の形(例: 件名=title)で書いてください\n"
    assert _import(tracker, sheet, "--map", "件名", "--lang", "en") == 2
    assert capsys.readouterr().err == "tsuzuri: --map: `件名` should be HEADER=FIELD, like 件名=title\n"
    broken = tmp_path / "broken.csv"
    broken.write_bytes("件名\n".encode() + b"\x81\x00\xff\xfe\n")
    assert _import(tracker, broken) == 1
    assert capsys.readouterr().err == (
        "tsuzuri: broken.csv: 1 行目: UTF-8 でも Shift_JIS (CP932) でもありません。Excel で「CSV UTF-8」として保存し直してください\n"
    )
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf")
    assert _import(tracker, old, "--lang", "en") == 1
    assert capsys.readouterr().err == "tsuzuri: old.xls: old .xls files cannot be read; open it in Excel and save as .xlsx (Excel ブック)\n"


def test_a_missing_backlog_dump_is_explained_in_japanese(tracker, tmp_path, capsys):
    empty = tmp_path / "dump"
    empty.mkdir()
    args = ["import", "backlog", "--space", "mira-demo.backlog.com", "--project", "MIRA", "--from-dir", str(empty), "--root", str(tracker)]
    assert main(args) == 1
    assert capsys.readouterr().err == f"tsuzuri: {empty}: プロジェクト MIRA の保存済みの応答がありません(あるもの: -)\n"
    assert main([*args, "--lang", "en"]) == 1
    assert capsys.readouterr().err == f"tsuzuri: {empty}: no saved responses for project MIRA (found: -)\n"


def test_progress_bars_are_labelled_in_the_language(capsys):
    from tsuzuri.adapters.cli.commands.import_ import _Bars

    for lang, label in (("ja", "計画"), ("en", "plan")):
        bars = _Bars(True, lang)
        bars("plan", 10, 100)
        bars.close()
        assert capsys.readouterr().err.startswith(label)
