"""The xlsx cell reader gives every cell as openpyxl's reader would, and finds the same merged ranges.

Sheets are read with calamine (fast); openpyxl reads the same files here as the reference for
what each kind of cell means: vendors' sample sheets and WBS files, and a workbook with every
kind of value a cell can hold.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tsuzuri.interchange.mapping import ImportMap
from tsuzuri.interchange.sheet.workbook import SheetProblem, _merged_ranges, _sheet_part, _Workbook, read_table
from tsuzuri.messages import localized

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = sorted([*FIXTURES.glob("sheets/*.xlsx"), *FIXTURES.glob("wbs/*.xlsx")])


def _trimmed(rows) -> list[list]:
    # A cell of nothing but spaces is empty to the import either way (calamine drops the spaces
    # of a ``<t> </t>`` that does not say xml:space="preserve"; every cell is stripped after reading).
    out = []
    for row in rows:
        row = [None if isinstance(v, str) and not v.strip() else v for v in row]
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def _reference(path: Path) -> dict[str, list[list]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: _trimmed(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


def _merged_from_xml(path: Path, sheet: str) -> list[tuple[int, int, int, int]]:
    found: list[tuple[int, int, int, int]] = []
    with zipfile.ZipFile(path) as archive:
        _merged_ranges(archive, _sheet_part(archive, sheet), found)
    return sorted(found)


def _every_kind(path: Path) -> Path:
    book = Workbook()
    guide = book.active
    guide.title = "記入要領"
    guide["A1"] = "この表の書き方"
    ws = book.create_sheet("課題一覧")
    ws["C3"], ws["D3"], ws["E3"] = "件名", "担当者", "期限日"  # the table starts below and right of A1
    ws["C4"], ws["D4"], ws["E4"] = "一件目", "林", datetime(2026, 4, 1)
    ws["C5"], ws["E5"] = "二件目", datetime(2026, 4, 2, 9, 30)
    ws["C6"], ws["E6"] = "三件目", date(2026, 4, 3)
    ws.merge_cells("D4:D6")
    ws.append([None, None, "整数と小数", 1, 2.5, -3, 0, 1e20, 12345678901234567890])
    ws.append([None, None, "真偽と時刻", True, False, time(10, 30), timedelta(hours=30)])
    ws.append([None, None, "文字", " ", "", "=SUM(1,2)", "'=1+1", "改行\nあり", "😀"])
    ws.cell(10, 6, "横に結合")
    ws.merge_cells("F10:H10")
    ws.cell(12, 3, "離れた行")
    path = path / "every-kind.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_sheets_read_the_same_as_with_openpyxl(path):
    book = _Workbook(path)
    reference = _reference(path)
    assert book.sheetnames == list(reference)
    for name, rows in reference.items():
        assert _trimmed(book.rows(name)) == rows, name
        assert sorted(book.merged(name)) == _merged_from_xml(path, name), name


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path):
    path = _every_kind(tmp_path)
    book = _Workbook(path)
    reference = _reference(path)
    rows = _trimmed(book.rows("課題一覧"))
    assert rows == reference["課題一覧"]
    assert rows[3][4] == datetime(2026, 4, 1) and rows[4][4] == datetime(2026, 4, 2, 9, 30)  # a date is a datetime at midnight
    assert rows[6][3:6] == [1, 2.5, -3] and type(rows[6][3]) is int
    assert sorted(book.merged("課題一覧")) == _merged_from_xml(path, "課題一覧") == [(4, 4, 4, 6), (6, 10, 8, 10)]
    assert [r[:3] for r in book.rows("課題一覧", 3)] == [[None, None, None], [None, None, None], [None, None, "件名"]]


def test_the_table_is_found_below_a_guide_sheet_with_merged_cells_filled_down(tmp_path):
    table = read_table(_every_kind(tmp_path), ImportMap())
    assert (table.sheet, table.header_row) == ("課題一覧", 3)
    assert [cells[3] for _, cells in table.rows[:3]] == ["林", "林", "林"]
    assert [number for number, _ in table.rows] == [4, 5, 6, 7, 8, 9, 10, 12]


def test_a_workbook_with_a_chart_sheet_is_read(tmp_path):
    book = Workbook()
    book.active.title = "課題"
    book.active.append(["件名", "担当者", "状態", "期限日"])
    book.active.append(["一件目", "林", "未対応", "2026/04/01"])
    book.create_chartsheet("グラフ")
    path = tmp_path / "chart.xlsx"
    book.save(path)
    table = read_table(path, ImportMap())
    assert (table.sheet, len(table.rows)) == ("課題", 1)


def test_a_file_that_is_no_workbook_is_a_clear_problem(tmp_path):
    path = tmp_path / "課題.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SheetProblem) as problem:
        read_table(path, ImportMap())
    message = problem.value.args[0]
    assert message.id == "io.sheet.broken" and localized(message, "en").startswith("課題.xlsx: ")
