"""Exports: the office's issue sheet (CSV, XLSX), Backlog's CSV layout, JSON, and round trips."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load

FIXTURES = Path(__file__).parent / "fixtures" / "backlog"
COMPARED = ("title", "type", "status", "priority", "assignee", "reporter", "milestone", "categories", "start", "due",
            "estimate", "actual", "parent", "watchers", "custom", "created", "updated", "origin")


@pytest.fixture
def filled(tracker, tmp_path):
    """The test tracker after importing the saved Backlog project, plus hand-written issues."""
    map_file = tmp_path / "m.yml"
    map_file.write_text("values:\n  status: {レビュー待ち: resolved}\n", encoding="utf-8")
    assert main(["import", "backlog", "--space", "mira-demo.backlog.jp", "--project", "MIRA", "--from-dir", str(FIXTURES),
                 "--map-file", str(map_file), "--root", str(tracker), "--apply"]) == 0
    (tracker / "issues/MIRA/MIRA-14.md").write_text(
        "---\ntitle: \"複数行の詳細と, カンマ\"\ntype: task\nstatus: open\npriority: low\nwatchers: [sato, yamada]\n---\n1 行目\n\n"
        "2 行目: \"引用\"\n",
        encoding="utf-8"
    )
    (tracker / "issues/MIRA/MIRA-15.md").write_text(
        "---\ntitle: 子課題\ntype: bug\nstatus: closed\nparent: MIRA-14\nestimate: 0.25\n---\n", encoding="utf-8"
    )
    assert main(["validate", str(tracker)]) == 0
    return tracker


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_gives_the_same_issues(filled, tmp_path, fmt, capsys, new_tracker):
    out = tmp_path / f"issues.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out), "--root", str(filled)]) == 0
    empty = new_tracker(tmp_path / "empty")
    assert main(["import", "sheet", str(out), "--project", "MIRA", "--root", str(empty), "--apply"]) == 0
    assert "0 skipped" in capsys.readouterr().out
    before, after = load(filled).tracker.issues, load(empty).tracker.issues
    assert sorted(before) == sorted(after)
    for key, issue in before.items():
        for name in COMPARED:
            assert getattr(after[key], name) == getattr(issue, name), (key, name)
        assert after[key].body.strip() == issue.body.strip(), key


def test_csv_layout_is_the_office_standard_with_a_bom(filled, tmp_path):
    out = tmp_path / "issues.csv"
    assert main(["export", "--format", "csv", "--project", "MIRA", "--out", str(out), "--root", str(filled)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:16] == ["キー", "件名", "種別", "状態", "優先度", "担当者", "開始日", "期限日", "予定時間", "実績時間",
                           "マイルストーン", "カテゴリー", "親課題", "詳細", "登録日", "更新日"]
    assert rows[0][16:19] == ["登録者", "ウォッチ", "移行元"]
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "MIRA-12"), strict=True))
    assert (row["状態"], row["種別"], row["優先度"], row["担当者"]) == ("処理済み", "問い合わせ", "高", "山田 太郎")
    assert (
        row["期限日"], row["カテゴリー"], row["マイルストーン"], row["親課題"]
    ) == ("2026-11-30", "申請フォーム、デザイン", "初回リリース", "MIRA-3")
    assert row["登録日"] == "2026-11-20 09:30:00"


def test_xlsx_is_styled_frozen_and_filtered(filled, tmp_path):
    out = tmp_path / "issues.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--root", str(filled)]) == 0
    ws = load_workbook(out).active
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}6"
    assert ws["A1"].font.bold and ws["A1"].value == "キー"
    assert ws.column_dimensions["B"].width == 40
    assert ws["H3"].number_format == "yyyy/mm/dd"


def test_backlog_csv_and_json(filled, tmp_path):
    out = tmp_path / "backlog.csv"
    assert main(["export", "--format", "backlog-csv", "--out", str(out), "--root", str(filled)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    child = next(r for r in rows if r["件名"] == "子課題")
    assert child["親課題"] == "複数行の詳細と, カンマ"  # Backlog names a parent by its title
    twelve = next(r for r in rows if r["件名"].startswith("申請フォーム"))
    assert (twelve["優先度ID"], twelve["種別名"], twelve["期限日"], twelve["担当者ユーザID"]) == ("2", "問い合わせ", "2026/11/30", "yamada")
    out = tmp_path / "issues.json"
    assert main(["export", "--format", "json", "--out", str(out), "--root", str(filled)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    issue = next(i for i in data["issues"] if i["key"] == "MIRA-12")
    assert issue["due"] == "2026-11-30" and issue["origin"] == "backlog:mira-demo:9002"
    assert [c["author"] for c in issue["comments"]] == ["tanaka", "yamada", "tanaka"]  # the first records the attachment
    assert issue["attachments"][0]["name"] == "入力チェック一覧.xlsx"


def test_text_that_looks_like_a_formula_stays_text(tracker, tmp_path, new_tracker):
    (tracker / "issues/MIRA/MIRA-1.md").write_text(
        '---\ntitle: "=HYPERLINK(\\"http://example.invalid\\")"\ntype: task\nstatus: open\n---\n', encoding="utf-8"
    )
    out = tmp_path / "f.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--root", str(tracker)]) == 0
    cell = load_workbook(out).active["B2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://example.invalid")'
    empty = new_tracker(tmp_path / "empty")
    assert main(["import", "sheet", str(out), "--project", "MIRA", "--root", str(empty), "--apply"]) == 0
    assert load(empty).tracker.issues["MIRA-1"].title == '=HYPERLINK("http://example.invalid")'


def test_one_sheet_of_several_projects_round_trips_whatever_project_is_named(tmp_path, new_tracker):
    root = new_tracker(tmp_path / "src")
    config = (root / "tsuzuri.yml").read_text(encoding="utf-8")
    config = config.replace("projects:\n", "projects:\n  - {key: ENE, name: 省エネ補助金, organizations: [office]}\n")
    config += (
        "  - {id: phase, project: ENE, type: choice, label: 工程, options: [設計, 開発]}\n"
        "  - {id: cost_center, project: ENE, type: text, label: 費用区分}\n"
    )
    (root / "tsuzuri.yml").write_text(config, encoding="utf-8")
    (root / "issues/ENE").mkdir()
    (root / "issues/MIRA/MIRA-1.md").write_text(
        "---\ntitle: 一\ntype: task\nstatus: open\ncustom: {cost_center: A-1, pages: 3}\n---\n", encoding="utf-8"
    )
    (root / "issues/ENE/ENE-1.md").write_text(
        "---\ntitle: 二\ntype: task\nstatus: open\ncustom: {phase: 設計, cost_center: E-9}\n---\n", encoding="utf-8"
    )
    assert main(["validate", str(root)]) == 0
    out = tmp_path / "all.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--root", str(root)]) == 0
    target = tmp_path / "dst"
    shutil.copytree(root, target)
    shutil.rmtree(target / "issues")
    for project in ("MIRA", "ENE", "MIRA"):
        assert main(["import", "sheet", str(out), "--project", project, "--root", str(target), "--apply"]) == 0
    issues = load(target).tracker.issues
    assert dict(issues["MIRA-1"].custom) == {"cost_center": "A-1", "pages": 3}
    assert dict(issues["ENE-1"].custom) == {"phase": "設計", "cost_center": "E-9"}


def test_reimporting_an_unedited_export_changes_nothing(tracker, tmp_path, capsys):
    issue = tracker / "issues/MIRA/MIRA-1.md"
    text = "---\ntitle: 既定の優先度\ntype: task\nstatus: 処理中\nreporter: yamada\n---\n本文\n"
    issue.write_text(text, encoding="utf-8")
    out = tmp_path / "issues.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--root", str(tracker)]) == 0
    assert main(["import", "sheet", str(out), "--project", "MIRA", "--root", str(tracker), "--apply"]) == 0
    assert "1 unchanged" in capsys.readouterr().out
    assert issue.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_unwritable_out_path_is_a_message_not_a_traceback(tracker, tmp_path, capsys, fmt):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = tmp_path / "a-file" / f"issues.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out), "--root", str(tracker)]) == 1
    err = capsys.readouterr().err
    assert str(out) in err and "Traceback" not in err
