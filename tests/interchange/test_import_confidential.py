"""An import refuses the rows that would bring confidential data in, and only those rows."""

from __future__ import annotations

from guard_samples import with_check_digit, wrong_check_digit
from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load

NUMBER = with_check_digit("98765432109")
ORDER = wrong_check_digit("98765432109")


def test_rows_with_confidential_data_are_skipped_with_the_reason_and_the_rest_imported(tracker, tmp_path, capsys):
    sheet = tmp_path / "vendor.csv"
    sheet.write_text(
        "件名,種別,詳細\n"
        f"注文番号の確認,タスク,注文番号 {ORDER} の納期を確認する\n"
        f"申請者の照会,タスク,個人番号 {NUMBER} の申請者から連絡あり\n"
        "折り返し 090-1234-5678 に連絡,タスク,\n",
        encoding="utf-8",
    )
    assert main(["import", "sheet", str(sheet), "--project", "MIRA", "--root", str(tracker), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "skip   (row 3): holds confidential data: an individual number (マイナンバー) (********" in out
    assert "in the body line 1" in out
    assert "skip   (row 4): holds confidential data: a phone number (090****5678) in title line 1" in out
    assert NUMBER not in out
    issues = load(tracker).tracker.issues
    assert [i.title for i in issues.values()] == ["注文番号の確認"]  # the wrong check digit is no individual number


def test_each_finding_of_a_row_is_counted(tracker, tmp_path, capsys):
    sheet = tmp_path / "vendor.csv"
    sheet.write_text(f"件名,種別,詳細\n照会,タスク,\"{NUMBER} と 03-1234-5678 と 〒100-8901\"\n", encoding="utf-8")
    assert main(["import", "sheet", str(sheet), "--project", "MIRA", "--root", str(tracker)]) == 0
    assert "and 2 more" in capsys.readouterr().out
