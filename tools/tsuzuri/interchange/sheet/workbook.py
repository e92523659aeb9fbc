"""Read a vendor's issue sheet (xlsx or csv) into a header and rows, however messy it is."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from tsuzuri.interchange.cells import csv_value
from tsuzuri.interchange.limits import TooLarge, check_file, check_xlsx, counted_rows, csv_rows
from tsuzuri.interchange.mapping import ImportMap
from tsuzuri.messages import Message
from tsuzuri.model import ImportLimits

HEADER_SEARCH_ROWS = 30


class SheetProblem(ValueError):
    """The file cannot be read as an issue sheet; the message says why and what to do."""


@dataclass
class Table:
    """The issue table found in a sheet: which field each column feeds, and the data rows."""

    source: str
    header_row: int
    columns: dict[int, str]          # column index -> field
    headers: dict[int, str]          # column index -> header text as written
    rows: list[tuple[int, list]] = field(default_factory=list)  # (sheet row number, cells)
    encoding: str = ""

    def record(self, cells: list) -> dict[str, object]:
        """Return one row as {field: cell value}; empty cells become None."""
        out: dict[str, object] = {}
        for index, name in self.columns.items():
            value = cells[index] if index < len(cells) else None
            if isinstance(value, str):
                value = value.strip() or None
            if name == "comment":  # コメント1, コメント2, ...: every one, in column order
                comments = out.setdefault("comment", [])
                if value is not None:
                    comments.append(value)
                continue
            if name in out and out[name] is not None and value is None:
                continue  # a merged header spanning two columns: keep the filled one
            out[name] = value
        return out


def read_table(path: Path, import_map: ImportMap, sheet: str | None = None, limits: ImportLimits | None = None) -> Table:
    """Find the header row and the data rows of an xlsx or csv issue sheet, refusing one over the ``limits``."""
    path = Path(path)
    suffix = path.suffix.lower()
    limits = limits or ImportLimits()
    try:
        if suffix in (".xlsx", ".xlsm"):
            rows, encoding = _xlsx_rows(path, sheet or import_map.sheet, limits), ""
        elif suffix in (".csv", ".tsv", ".txt"):
            rows, encoding = _csv_rows(path, "\t" if suffix == ".tsv" else ",", limits)
        else:
            rows, encoding = None, ""
    except TooLarge as problem:
        raise SheetProblem(problem.args[0]) from None
    if rows is not None:
        return build_table(path.name, rows, import_map, encoding)
    if suffix == ".xls":
        raise SheetProblem(Message("io.sheet.xls", name=path.name))
    raise SheetProblem(Message("io.sheet.kind", name=path.name))


def build_table(source: str, rows: list[list], import_map: ImportMap, encoding: str = "") -> Table:
    """Locate the header (maybe below title rows, maybe two rows deep) and keep the rest."""
    if import_map.header_row:
        index = import_map.header_row - 1
        if index >= len(rows):
            raise SheetProblem(Message("io.sheet.header-row", source=source, row=import_map.header_row, rows=len(rows)))
    else:
        index = _find_header(rows, import_map)
        if index is None:
            raise SheetProblem(Message("io.sheet.no-header", source=source, rows=HEADER_SEARCH_ROWS))
    header = rows[index]
    columns = {i: import_map.field_for(v) for i, v in enumerate(header)}
    headers = {i: str(v) for i, v in enumerate(header) if v is not None}
    start = index + 1
    # A header two rows deep (merged group cells above 開始日/期限日): take the lower row's names.
    if start < len(rows):
        below = rows[start]
        named = {i: import_map.field_for(v) for i, v in enumerate(below) if v is not None}
        if named and all(named.values()) and any(columns.get(i) is None for i in named):
            for i, name in named.items():
                columns[i] = name
                headers[i] = str(below[i])
            start += 1
    columns = {i: name for i, name in columns.items() if name}
    table = Table(source, index + 1, columns, headers, encoding=encoding)
    for number, cells in enumerate(rows[start:], start + 1):
        if any(c is not None and str(c).strip() != "" for c in cells):
            table.rows.append((number, list(cells)))
    return table


def _find_header(rows: list[list], import_map: ImportMap) -> int | None:
    best, best_score = None, 1
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {import_map.field_for(c) for c in cells if c is not None} - {None}
        score = len(names) + (2 if "title" in names else 0)
        if score > best_score:
            best, best_score = index, score
    return best


def _xlsx_rows(path: Path, sheet: str | None, limits: ImportLimits) -> list[list]:
    check_xlsx(path, limits)  # before anything is unpacked
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise SheetProblem(Message("io.sheet.broken", name=path.name, error=f"{exc.__class__.__name__}: {exc}")) from None
    try:
        if sheet:
            if sheet not in book.sheetnames:
                raise SheetProblem(Message("io.sheet.no-sheet", name=path.name, sheet=sheet, sheets=", ".join(book.sheetnames)))
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        return [list(r) for r in counted_rows(ws.iter_rows(values_only=True), path.name, limits)]
    finally:
        book.close()


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) for CSV bytes in UTF-8, UTF-8 with BOM or CP932."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SheetProblem(Message("io.sheet.encoding", line=line)) from None


def _csv_rows(path: Path, delimiter: str, limits: ImportLimits) -> tuple[list[list], str]:
    try:
        check_file(path, limits)
        data = path.read_bytes()
    except OSError as exc:
        raise SheetProblem(Message("io.sheet.unreadable", name=path.name, error=exc.strerror)) from None
    try:
        text, encoding = decode_csv_bytes(data)
    except SheetProblem as problem:
        raise SheetProblem(Message("io.in-file", name=path.name, problem=problem.args[0])) from None
    rows = [[csv_value(c) for c in r] for r in csv_rows(text, delimiter, path.name, limits)]
    return rows, encoding
