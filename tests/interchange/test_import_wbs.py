"""Vendors' WBS files (three layouts, constructed by tests/fixtures/build_samples.py) into wbs/<KEY>.yml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load

WBS = Path(__file__).resolve().parent.parent / "fixtures" / "wbs"
CONFIG = """\
language: ja
organizations:
  - {id: office, name: 見本省, role: office}
  - {id: vendor-a, name: A社, role: vendor}
  - {id: aoba, name: 青葉システムズ株式会社, role: vendor}
members:
  - {id: yamada, name: 山田 太郎, org: office}
  - {id: sato, name: 佐藤 花子, org: office}
  - {id: tanaka, name: 田中 一郎, org: aoba}
projects:
  - {key: HOJO, name: 補助金申請システム}
"""


@pytest.fixture
def root(tmp_path):
    (tmp_path / "tsuzuri.yml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def _import(root: Path, name: str, *extra: str) -> int:
    return main(["import", "wbs", str(WBS / name), "--project", "HOJO", "--root", str(root), *extra])


def _items(root: Path):
    plan = load(root).tracker.wbs["HOJO"]
    return {i.id: i for top in plan.items for i in top.walk()}, plan


def test_numbered_wbs_with_hyphens_dates_effort_percent_and_milestones(root, capsys):
    assert _import(root, "WBS_番号.xlsx") == 0
    out = capsys.readouterr().out
    assert out.startswith("create wbs/HOJO.yml (from WBS_番号.xlsx): 7 items\n")
    assert "columns left out: 備考 (J)" in out and "header found on row 3" in out
    assert not (root / "wbs").exists()  # a plan first
    assert _import(root, "WBS_番号.xlsx", "--apply") == 0
    assert main(["validate", "--strict", str(root)]) == 0
    items, plan = _items(root)
    assert [i.id for i in plan.items] == ["1", "2", "3"]
    assert [c.id for c in items["1"].children] == ["1-1", "1-2"] and [c.id for c in items["1-2"].children] == ["1-2-1", "1-2-2"]
    one = items["1-1"]
    assert (one.title, one.owner, one.assignee, one.start, one.end, one.progress) == (
        "業務フロー整理", "aoba", "tanaka", date(2026, 4, 1), date(2026, 4, 30), 100
    )
    screen = items["1-2-1"]
    assert (
        screen.owner, screen.assignee, screen.duration, screen.progress, [d.id for d in screen.after]
    ) == ("aoba", "yamada", 5, 50, ["1-1"])
    assert (items["1-2-2"].duration, items["1-2-2"].progress, [d.id for d in items["1-2-2"].after]) == (10, 25, ["1-2-1"])
    milestone = items["2"]
    assert (
        milestone.milestone, milestone.title, milestone.target, [d.id for d in milestone.after]
    ) == (True, "要件定義完了", date(2026, 6, 30), ["1-2"])
    assert (items["3"].owner, items["3"].start, items["3"].end) == ("aoba", date(2026, 7, 1), date(2026, 8, 31))  # (株)青葉システムズ
    assert plan.start == date(2026, 4, 1)
    assert main(["schedule", "HOJO", "--root", str(root), "--today", "2026-05-01"]) == 0


def test_an_indented_wbs_without_numbers(root, capsys):
    assert _import(root, "WBS_字下げ.xlsx", "--apply") == 0
    items, plan = _items(root)
    assert [(i.id, i.title) for top in plan.items for i in top.walk()] == [
        ("1", "設計"), ("1.1", "画面設計"), ("1.2", "帳票設計"), ("1.2.1", "帳票レイアウト"), ("2", "開発"), ("2.1", "実装")]
    assert (items["1.1"].start, items["1.1"].end, items["1.1"].progress) == (date(2026, 5, 1), date(2026, 5, 14), 100)  # Excel serials
    assert (items["1.2.1"].assignee, items["1.2.1"].end, items["1.2.1"].progress) == ("sato", date(2026, 5, 18), 20)
    assert (items["2.1"].start, items["2.1"].duration, items["2.1"].end) == (date(2026, 6, 1), 40, None)
    assert main(["validate", "--strict", str(root)]) == 0


def test_a_csv_wbs_with_dotted_numbers_several_predecessors_and_a_milestone_kind(root, capsys):
    assert _import(root, "WBS_移行.csv", "--apply") == 0
    out = capsys.readouterr().out
    assert "row 5: 1.3 has no end and no duration; 1 working day written (fix it in the sheet)" in out
    items, _ = _items(root)
    assert (items["1"].owner, items["1.1"].assignee, items["1.2"].owner) == ("office", "yamada", "vendor-a")
    assert [d.id for d in items["1.3"].after] == ["1.1", "1.2"] and items["1.3"].duration == 1
    assert (items["2"].milestone, items["2"].target, [d.id for d in items["2"].after]) == (True, date(2026, 11, 16), ["1.3"])
    assert main(["validate", "--strict", str(root)]) == 0


def test_a_second_import_updates_in_place_and_keeps_linked_issues(root, tmp_path, capsys):
    assert _import(root, "WBS_番号.xlsx", "--apply") == 0
    path = root / "wbs" / "HOJO.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("progress: 100}", "progress: 100, issues: [HOJO-1]}"), encoding="utf-8")
    (root / "issues" / "HOJO").mkdir(parents=True)
    (root / "issues/HOJO/HOJO-1.md").write_text("---\ntitle: 業務フロー\ntype: task\nstatus: open\n---\n", encoding="utf-8")
    copy = tmp_path / "WBS_番号_v2.xlsx"
    book = load_workbook(WBS / "WBS_番号.xlsx")
    ws = book["WBS"]
    ws["F5"] = "令和8年5月8日"        # 1-1 ends later
    ws.append(["4", "詳細設計", "青葉システムズ", "田中", "2026/09/01", "2026/09/30", None, 0, "3", None])
    book.save(copy)
    capsys.readouterr()
    assert main(["import", "wbs", str(copy), "--project", "HOJO", "--root", str(root), "--apply"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("update wbs/HOJO.yml (from WBS_番号_v2.xlsx): changes 1-1; adds 4\n")
    items, _ = _items(root)
    assert (items["1-1"].end, items["1-1"].issues) == (date(2026, 5, 8), ("HOJO-1",))
    assert items["4"].title == "詳細設計"
    capsys.readouterr()
    assert main(["import", "wbs", str(copy), "--project", "HOJO", "--root", str(root)]) == 0
    assert "0 to create, 0 to update, 1 unchanged" in capsys.readouterr().out


def test_a_reimport_keeps_what_a_person_wrote_in_the_file(root, tmp_path, capsys):
    assert _import(root, "WBS_番号.xlsx", "--apply") == 0
    path = root / "wbs" / "HOJO.yml"
    text = path.read_text(encoding="utf-8")
    # the office's own notes and links: comments, an issue link, an item the vendor's sheet does not hold
    edited = (text.replace("start: 2026-04-01\n", "start: 2026-04-01\n# 発注者メモ: 見積は別紙\n")
              .replace("progress: 100}", "progress: 100, issues: [HOJO-1]}  # 顧客確認済み")
              .replace("      - id: 1-2\n", "      # 要件定義書は2分冊\n      - id: 1-2\n")
              .replace("        title: 要件定義書作成\n", "        title: 要件定義書作成\n        # 山田さんレビュー\n")
              + "  # 検収は発注者が設定\n  - {id: M1, milestone: 検収, after: [\"3\"]}\n")
    path.write_text(edited, encoding="utf-8")
    (root / "issues" / "HOJO").mkdir(parents=True)
    (root / "issues/HOJO/HOJO-1.md").write_text("---\ntitle: 業務フロー\ntype: task\nstatus: open\n---\n", encoding="utf-8")
    copy = tmp_path / "WBS_番号_v2.xlsx"
    book = load_workbook(WBS / "WBS_番号.xlsx")
    ws = book["WBS"]
    ws["F5"] = "令和8年5月8日"        # 1-1 ends later
    ws.append(["4", "詳細設計", "青葉システムズ", "田中", "2026/09/01", "2026/09/30", None, 0, "3", None])
    book.save(copy)
    capsys.readouterr()
    assert main(["import", "wbs", str(copy), "--project", "HOJO", "--root", str(root), "--apply", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("update wbs/HOJO.yml (from WBS_番号_v2.xlsx): changes 1-1; adds 4; "
                          "keeps M1 (not in the sheet: remove by hand if the vendor dropped them)\n")
    # one changed line, one added line, the sheet's new name in the first line; the rest as the person left it
    expected = (edited.replace("# tsuzuri import wbs: WBS_番号.xlsx (WBS)", "# tsuzuri import wbs: WBS_番号_v2.xlsx (WBS)")
                .replace(
                    "end: 2026-04-30, progress: 100, issues: [HOJO-1]}  # 顧客確認済み",
                    "end: 2026-05-08, progress: 100, issues: [HOJO-1]}  # 顧客確認済み"
                )
                .replace("  # 検収は発注者が設定\n  - {id: M1, milestone: 検収, after: [\"3\"]}\n",
                         "  # 検収は発注者が設定\n  - {id: M1, milestone: 検収, after: [\"3\"]}\n"
                         "  - {id: \"4\", title: 詳細設計, owner: aoba, assignee: tanaka, start: 2026-09-01, end: 2026-09-30, progress: 0, "
                         "after: [\"3\"]}\n"))
    assert path.read_text(encoding="utf-8") == expected
    assert main(["validate", "--strict", str(root)]) == 0
    capsys.readouterr()
    assert main(["import", "wbs", str(copy), "--project", "HOJO", "--root", str(root)]) == 0
    assert "0 to create, 0 to update, 1 unchanged" in capsys.readouterr().out


def test_a_reimport_keeps_the_keys_the_sheet_has_no_column_for(root, tmp_path, capsys):
    sheet = tmp_path / "工程表.csv"
    sheet.write_text("WBS番号,作業名,開始日,終了日\n1,設計,2026/4/1,2026/4/30\n2,製造,2026/5/1,2026/6/30\n", encoding="utf-8")
    assert main(["import", "wbs", str(sheet), "--project", "HOJO", "--root", str(root), "--apply"]) == 0
    path = root / "wbs" / "HOJO.yml"
    # the sheet has no 担当 or 進捗 column: what the office wrote there is its own
    path.write_text(
        path.read_text(encoding="utf-8").replace("end: 2026-04-30}", "end: 2026-04-30, owner: aoba, progress: 40}"), encoding="utf-8"
    )
    sheet.write_text("WBS番号,作業名,開始日,終了日\n1,基本設計,2026/4/1,2026/5/15\n2,製造,2026/5/18,2026/6/30\n", encoding="utf-8")
    assert main(["import", "wbs", str(sheet), "--project", "HOJO", "--root", str(root), "--apply"]) == 0
    items, _ = _items(root)
    assert (items["1"].title, items["1"].end, items["1"].owner, items["1"].progress) == ("基本設計", date(2026, 5, 15), "aoba", 40)
    assert items["2"].start == date(2026, 5, 18)


@pytest.mark.parametrize(("text", "problem"), [
    ('items:\n  - {id: "1", title: [要件\n', "wbs/HOJO.yml:2: YAML syntax error"),
    ("start: 2026-04-01\n", "wbs/HOJO.yml:1: it has no `items:` list"),
    ("items:\n  - {title: 要件}\n", 'wbs/HOJO.yml:2: every item must be a mapping with an `id` such as "1.2"'),
    ("items:\n  - 5\n", 'wbs/HOJO.yml:2: every item must be a mapping with an `id` such as "1.2"'),
    ("items:\n  - {id: [1], title: 要件}\n", 'wbs/HOJO.yml:2: every item must be a mapping with an `id` such as "1.2"'),
    ("items:\n  - {id: \"1\", children: 5}\n", 'wbs/HOJO.yml:2: every item must be a mapping with an `id` such as "1.2"'),
    ("items:\n  - {id: 1, title: 要件}\n  - {id: \"1\", title: 要件定義}\n", "wbs/HOJO.yml:3: the id `1` is used by two items"),
])
def test_a_wbs_file_that_does_not_read_is_never_overwritten(root, capsys, text, problem):
    path = root / "wbs" / "HOJO.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    assert _import(root, "WBS_番号.xlsx", "--apply", "--lang", "en") == 1
    err = capsys.readouterr().err
    assert problem in err and "fix the file first, then import again (nothing was written)" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == text


def test_a_sheet_without_numbers_keeps_its_items_ids_when_a_row_is_inserted(root, tmp_path, capsys):
    assert _import(root, "WBS_字下げ.xlsx", "--apply") == 0
    path = root / "wbs" / "HOJO.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: 帳票レイアウト,", "title: 帳票レイアウト, issues: [HOJO-1],"), encoding="utf-8"
    )
    (root / "issues" / "HOJO").mkdir(parents=True)
    (root / "issues/HOJO/HOJO-1.md").write_text("---\ntitle: 帳票\ntype: task\nstatus: open\n---\n", encoding="utf-8")
    book = load_workbook(WBS / "WBS_字下げ.xlsx")
    ws = book.active
    ws.insert_rows(3)  # next week: 要件確認 comes first under 設計
    for col, value in enumerate(["\u3000要件確認", "山田", 46140, 46142, None, "100%"], 1):
        ws.cell(3, col, value)
    copy = tmp_path / "WBS_字下げ_v2.xlsx"
    book.save(copy)
    capsys.readouterr()
    assert main(["import", "wbs", str(copy), "--project", "HOJO", "--root", str(root), "--apply", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("update wbs/HOJO.yml (from WBS_字下げ_v2.xlsx): adds 1.3\n")
    items, plan = _items(root)
    # the work keeps its number, and the link stays on 帳票レイアウト; the new row takes the next free number
    assert [(i.id, i.title) for top in plan.items for i in top.walk()] == [
        ("1", "設計"), ("1.3", "要件確認"), ("1.1", "画面設計"), ("1.2", "帳票設計"), ("1.2.1", "帳票レイアウト"), ("2", "開発"),
        ("2.1", "実装")
    ]
    assert items["1.2.1"].issues == ("HOJO-1",)
    assert main(["validate", "--strict", str(root)]) == 0


def test_a_company_or_person_the_tracker_does_not_know_is_named_and_left_out(root, tmp_path, capsys):
    sheet = tmp_path / "工程表.csv"
    sheet.write_text(
        "WBS番号,作業名,担当会社,担当者,開始日,終了日\n"
        "1,設計,青葉システムズ株式会社,田中 一郎,2026/4/1,2026/4/30\n"
        "2,製造,みどり開発,鈴木,2026/5/1,2026/6/30\n",
        encoding="utf-8",
    )
    assert main(["import", "wbs", str(sheet), "--project", "HOJO", "--root", str(root), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "row 3: company `みどり開発` is not an organization in tsuzuri.yml; owner left out" in out
    assert "row 3: `鈴木` is not a member; assignee left out" in out
    assert "row 2:" not in out
    items, _ = _items(root)
    assert (items["1"].owner, items["1"].assignee) == ("aoba", "tanaka")
    assert (items["2"].owner, items["2"].assignee) == ("", "")
