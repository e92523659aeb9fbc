"""The xlsx cell reader gives every cell as openpyxl's reader would, and finds the same merged ranges.

Sheets are read with calamine (fast); openpyxl reads the same files here as the reference for
what each kind of cell means: vendors' sample sheets and WBS files, and a workbook with every
kind of value a cell can hold.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tsuzuri.interchange.mapping import ImportMap
from tsuzuri.interchange.sheet import workbook
from tsuzuri.interchange.sheet.workbook import SheetProblem, _merged_ranges, _sheet_part, _Workbook, read_table, sheet_extent
from tsuzuri.messages import localized
from tsuzuri.model import ImportLimits

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
    book = _Workbook(path, ImportLimits())
    reference = _reference(path)
    assert book.sheetnames == list(reference)
    for name, rows in reference.items():
        assert _trimmed(book.rows(name)) == rows, name
        assert sorted(book.merged(name)) == _merged_from_xml(path, name), name


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path):
    path = _every_kind(tmp_path)
    book = _Workbook(path, ImportLimits())
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


def _with_far_cell(path: Path, cell: str) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["件名", "担当者", "状態", "期限日"])
    ws.append(["一件目", "林", "未対応", "2026/04/01"])
    ws[cell] = "遠くのセル"
    book.save(path)
    return path


def test_a_tiny_file_with_a_cell_at_the_far_corner_is_refused_with_a_message(tracker, tmp_path):
    # calamine would ask for one block of 17 billion cells and end the process: the references are read first.
    sheet = _with_far_cell(tmp_path / "遠い.xlsx", "XFD1048576")
    assert sheet.stat().st_size < 10_000
    env = {**os.environ, "TSUZURI_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-m", "tsuzuri", "import", "sheet", str(sheet), "--project", "MIRA", "--root", str(tracker),
                           "--apply", "--lang", "en"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (
        "tsuzuri: 遠い.xlsx: more than 100000 rows (import.max_rows in tsuzuri.yml); split the sheet or raise the limit"
    )
    assert not list((tracker / "issues" / "MIRA").glob("*.md"))


def test_the_extent_of_a_sheet_is_read_from_its_cell_references(tmp_path):
    assert sheet_extent(_with_far_cell(tmp_path / "a.xlsx", "AB300"), "Sheet") == (300, 28)
    assert sheet_extent(_every_kind(tmp_path), "課題一覧") == (12, 9)
    assert sheet_extent(_every_kind(tmp_path), "記入要領") == (1, 1)
    assert sheet_extent(tmp_path / "a.xlsx", "no such sheet") is None


def _without_references(source: Path, target: Path) -> Path:
    """Rewrite a workbook so that its cells do not say where they stand (they follow one another), as some writers do."""
    with zipfile.ZipFile(source) as inside, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as outside:
        for info in inside.infolist():
            data = inside.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", data)
            outside.writestr(info, data)
    return target


def test_a_sheet_whose_cells_say_not_where_they_stand_is_read_by_the_streaming_reader(tmp_path):
    book = Workbook()
    book.active.append(["件名", "担当者", "状態", "期限日"])
    book.active.append(["一件目", "林", "未対応", "2026/04/01"])
    book.active.append(["二件目", "佐藤", "完了", "2026/04/02"])
    book.save(tmp_path / "refs.xlsx")
    sheet = _without_references(tmp_path / "refs.xlsx", tmp_path / "norefs.xlsx")
    assert sheet_extent(sheet, "Sheet") is None
    table = read_table(sheet, ImportMap())
    assert [cells[:2] for _, cells in table.rows] == [["一件目", "林"], ["二件目", "佐藤"]]


def test_a_sheet_spanning_more_cells_than_calamine_may_hold_is_read_by_the_streaming_reader(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_DENSE_CELLS", 1000)
    sheet = _with_far_cell(tmp_path / "wide.xlsx", "ZZ20")  # 20 rows x 702 columns
    table = read_table(sheet, ImportMap())
    assert [cells[:2] for _, cells in table.rows] == [["一件目", "林"], [None, None]]
    assert table.rows[-1][0] == 20 and table.rows[-1][1][701] == "遠くのセル"
