"""Read a vendor's issue sheet (xlsx or csv) into a header and rows, however messy it is."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.interchange.cells import csv_value
from tsuzuri.interchange.limits import TooLarge, check_file, check_xlsx, counted_rows, csv_rows
from tsuzuri.interchange.mapping import ImportMap
from tsuzuri.messages import Message
from tsuzuri.model import ImportLimits

HEADER_SEARCH_ROWS = 30


class SheetProblem(TsuzuriError, ValueError):
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
    sheet: str = ""                                   # the worksheet read (xlsx)
    ignored: list[str] = field(default_factory=list)  # headers of the columns left out, as written
    notes: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # row -> (header, cell note)
    candidates: list[str] = field(default_factory=list)  # other sheets that look like issue tables too

    def remap(self, import_map: ImportMap) -> None:
        """Map the columns left out again, after ``import_map`` learnt more names (new custom fields)."""
        for index, header in self.headers.items():
            if index not in self.columns and import_map.field_for(header):
                self.columns[index] = import_map.field_for(header)
        self.ignored = [f"{self.headers[i]} ({_column_letter(i)})" for i in sorted(self.headers) if i not in self.columns]

    def unmapped(self, import_map: ImportMap) -> list[int]:
        """Return the indexes of the columns no field takes and the map does not leave out on purpose."""
        return [i for i in sorted(self.headers) if i not in self.columns and not import_map.ignores(self.headers[i])]

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
            return _xlsx_table(path, import_map, sheet or import_map.sheet, limits)
        if suffix in (".csv", ".tsv", ".txt"):
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
        index, _ = _find_header(rows, import_map)
        if index is None:
            raise SheetProblem(Message("io.sheet.no-header", source=source, rows=HEADER_SEARCH_ROWS))
        if index > 0 and _is_header_row(rows[index - 1], import_map):
            index -= 1  # the best row is the lower half of a two-row header (merged cells filled down)
    header = rows[index]
    columns = {i: import_map.field_for(v) for i, v in enumerate(header)}
    headers = {i: str(v).strip() for i, v in enumerate(header) if v is not None and str(v).strip()}
    start = index + 1
    # A header two rows deep (対応 merged above 担当 / 対応期限 / 対応状況): the lower name wins.
    if start < len(rows) and _is_header_row(rows[start], import_map):
        for i, v in enumerate(rows[start]):
            if v is not None and str(v).strip():
                columns[i] = import_map.field_for(v)
                headers[i] = str(v).strip()
        start += 1
    ignored = [f"{headers[i]} ({_column_letter(i)})" for i in sorted(headers) if not columns.get(i)]
    columns = {i: name for i, name in columns.items() if name}
    table = Table(source, index + 1, columns, headers, encoding=encoding, ignored=ignored)
    for number, cells in enumerate(rows[start:], start + 1):
        if any(c is not None and str(c).strip() != "" for c in cells):
            table.rows.append((number, list(cells)))
    return table


def _is_header_row(cells: list, import_map: ImportMap) -> bool:
    """A second header row: most of its cells are header names (or columns the map ignores)."""
    filled = [c for c in cells if c is not None and str(c).strip()]
    names = [c for c in filled if isinstance(c, str) and (import_map.field_for(c) or import_map.ignores(c))]
    return bool(names) and len(names) * 2 >= len(filled)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _find_header(rows: list[list], import_map: ImportMap) -> tuple[int | None, int]:
    best, best_score = None, 1
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {import_map.field_for(c) for c in cells if c is not None} - {None}
        score = len(names) + (2 if "title" in names else 0)
        if score > best_score:
            best, best_score = index, score
    return best, best_score


def _xlsx_table(path: Path, import_map: ImportMap, sheet: str | None, limits: ImportLimits) -> Table:
    """Read the sheet that holds the issue table (guide sheets skipped), merged cells filled in."""
    check_xlsx(path, limits)  # before anything is unpacked
    book = _Workbook(path, limits)
    candidates: list[str] = []
    if sheet:
        if sheet not in book.sheetnames:
            raise SheetProblem(Message("io.sheet.no-sheet", name=path.name, sheet=sheet, sheets=", ".join(book.sheetnames)))
    else:
        sheet, candidates = _choose_sheet(book, path, import_map)
    try:
        rows = [list(r) for r in counted_rows(book.rows(sheet), path.name, limits)]
        merged = book.merged(sheet)
    finally:
        book.close()
    merged, notes = sheet_extras(path, sheet, merged)
    _fill_merged(rows, merged)
    table = build_table(path.name, rows, import_map)
    table.sheet, table.candidates = sheet, candidates
    for (row, col), text in notes.items():
        if row > table.header_row:
            table.notes.setdefault(row, []).append((table.headers.get(col - 1, _column_letter(col - 1)), text))
    return table


MAX_DENSE_CELLS = 8_000_000
"""The most cells (rows x columns of the area from A1 to the last cell) a sheet may span to be read with calamine."""


class _Workbook:
    """The worksheets of an xlsx file, their cells as openpyxl's reader gives them, each sheet read once.

    calamine (a compiled reader) reads a 20,000-row sheet about ten times faster than openpyxl's
    streaming reader and sees merged ranges too; its values are turned into the ones openpyxl
    gives (None for an empty cell, a whole number as an int, a date as a datetime at midnight), so
    everything after reading is the same whichever reader a file went through.

    calamine holds a sheet as one dense block from A1 to its last cell: a tiny file with a value in
    XFD1048576 would ask for hundreds of gigabytes and end the process. So the cell references in
    the worksheet's XML are looked at first (one streaming pass); a sheet that spans more than
    ``MAX_DENSE_CELLS``, or whose cells do not all say where they stand, is read with openpyxl's
    streaming reader as before.
    """

    def __init__(self, path: Path, limits: ImportLimits):
        from python_calamine import CalamineWorkbook, SheetTypeEnum

        self.path = path
        self.name = path.name
        self.limits = limits
        try:
            self._book = CalamineWorkbook.from_path(str(path))
            self.sheetnames = [m.name for m in self._book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        except Exception as exc:  # noqa: BLE001 - the reader raises many kinds for a broken file
            raise self._broken(exc) from None
        self._sheets: dict = {}  # name -> calamine's sheet, or None when openpyxl reads it
        self._extents: dict[str, tuple[int, int] | None] = {}
        self._streaming = None  # openpyxl's read-only workbook, opened for the first sheet that needs it

    def _broken(self, exc: Exception) -> SheetProblem:
        return SheetProblem(Message("io.sheet.broken", name=self.name, error=f"{exc.__class__.__name__}: {exc}"))

    def _sheet(self, name: str):
        if name not in self._sheets:
            extent = self._extents[name] = sheet_extent(self.path, name)
            if extent is None or extent[0] * extent[1] > MAX_DENSE_CELLS:
                self._sheets[name] = None
                return None
            try:
                self._sheets[name] = self._book.get_sheet_by_name(name)
            except Exception as exc:  # noqa: BLE001 - as above
                raise self._broken(exc) from None
        return self._sheets[name]

    def rows(self, name: str, limit: int | None = None) -> Iterator[list]:
        """Yield the rows of a worksheet from its first row (A1), at most ``limit`` of them.

        Without ``limit``, a sheet whose cells reach past ``max_rows`` is refused before it is read."""
        sheet = self._sheet(name)
        extent = self._extents[name]
        if limit is None and extent is not None and extent[0] > self.limits.max_rows:
            raise TooLarge(Message("io.limit.rows", name=self.name, limit=self.limits.max_rows))
        if sheet is None:
            yield from self._streamed_rows(name, limit)
            return
        try:
            rows = sheet.to_python(skip_empty_area=False, nrows=limit) if limit else sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001 - as above
            raise self._broken(exc) from None
        for row in rows:
            yield [_cell(v) for v in row]

    def _streamed_rows(self, name: str, limit: int | None) -> Iterator[list]:
        if self._streaming is None:
            try:
                from openpyxl import load_workbook

                self._streaming = load_workbook(self.path, read_only=True, data_only=True)
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
                raise self._broken(exc) from None
        for row in self._streaming[name].iter_rows(max_row=limit, values_only=True):
            yield list(row)

    def merged(self, name: str) -> list[tuple[int, int, int, int]] | None:
        """Return the merged ranges as (min_col, min_row, max_col, max_row), 1-based; None if the reader cannot tell."""
        sheet = self._sheet(name)
        ranges = sheet.merged_cell_ranges if sheet is not None else None
        if ranges is None:
            return None
        return [(c1 + 1, r1 + 1, c2 + 1, r2 + 1) for (r1, c1), (r2, c2) in ranges]

    def close(self) -> None:
        """Let go of the files the readers hold open."""
        if self._streaming is not None:
            self._streaming.close()
        close = getattr(self._book, "close", None)
        if close is not None:
            close()


_CELL_STARTS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")  # how a cell's tag can begin
_PREFIXED_CELL = (b":c ", b":c>", b":c/", b":c\t", b":c\n", b":c\r")  # <x:c ...>: a writer's own prefix (or text that looks so)
_CELL_REF = re.compile(rb'<c\s+r="([A-Z]{1,3})([0-9]{1,7})"')


def sheet_extent(path: Path, sheet: str) -> tuple[int, int] | None:
    """Return (rows, columns) of the area from A1 to a worksheet's farthest cell, from the cells' references.

    None when that cannot be told: the workbook or sheet is not found, or a cell does not say
    where it stands (its place then follows from the cells before it).
    """
    import zipfile

    rows = columns = 0
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if not part:
                return None
            with archive.open(part) as handle:
                carried = b""
                while True:
                    chunk = handle.read(1 << 20)
                    data = carried + chunk
                    if chunk:  # keep the last tag back: it may go on in the next chunk
                        cut = data.rfind(b"<")
                        data, carried = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
                    refs = _CELL_REF.findall(data)
                    if len(refs) != sum(data.count(t) for t in _CELL_STARTS) or any(t in data for t in _PREFIXED_CELL):
                        return None
                    if refs:
                        letters, digits = zip(*refs, strict=True)
                        rows = max(rows, *map(int, set(digits)))
                        columns = max(columns, *map(_column_number, set(letters)))
                    if not chunk:
                        return rows, columns
    except Exception:  # noqa: BLE001 - a damaged archive or part (zipfile, zlib, ElementTree): openpyxl says what is wrong
        return None


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


_LARGEST_EXACT = float(1 << 53)


def _cell(value):
    """Return a cell's value as openpyxl gives it (xlsx stores every number as a float: a whole one reads as an int)."""
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < _LARGEST_EXACT else value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value


def _choose_sheet(book: _Workbook, path: Path, import_map: ImportMap) -> tuple[str, list[str]]:
    """Return the sheet whose header knows the most columns, and the other sheets that could have been it."""
    scores = []
    for name in book.sheetnames:
        head = list(book.rows(name, HEADER_SEARCH_ROWS))
        index, score = _find_header(head, import_map)
        if index is not None and score >= 4:  # a title and a few more known columns
            scores.append((score, name))
    if not scores:
        raise SheetProblem(Message("io.sheet.no-header-anywhere", name=path.name, sheets=", ".join(book.sheetnames)))
    best = max(scores)[0]
    sheet = next(name for score, name in scores if score == best)
    return sheet, [name for score, name in scores if name != sheet]


def _fill_merged(rows: list[list], merged: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell: a merged 対応者 over three rows names all three."""
    for min_col, min_row, max_col, max_row in merged:
        if min_row - 1 >= len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row - 1, min(max_row, len(rows))):
            for c in range(min_col - 1, max_col):
                while len(rows[r]) <= c:
                    rows[r].append(None)
                if rows[r][c] is None:
                    rows[r][c] = value


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def sheet_extras(
    path: Path, sheet: str, merged: list[tuple[int, int, int, int]] | None = None
) -> tuple[list[tuple[int, int, int, int]], dict[tuple[int, int], str]]:
    """Return a worksheet's merged ranges and its cell notes ((row, col) -> text), read from the xlsx parts.

    The cell reader sees no notes; ``merged``: the ranges when the cell reader already found them
    (otherwise the worksheet's part is read for them).
    """
    import xml.etree.ElementTree as ET
    import zipfile

    known = merged is not None
    merged = list(merged or [])
    notes: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if not part:
                return merged, notes
            if not known:
                _merged_ranges(archive, part, merged)
            _cell_notes(archive, part, notes)
    except (KeyError, OSError, ET.ParseError, zipfile.BadZipFile, ValueError):
        return merged, notes  # the values are still read; only the extras are missing
    return merged, notes


def _sheet_part(archive, sheet: str) -> str:
    """Return the name of the worksheet's part in the xlsx archive ("" if the workbook does not list it)."""
    import posixpath
    import xml.etree.ElementTree as ET

    book = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
    rid = next((s.get(f"{{{_NS['r']}}}id") for s in book.iter(f"{{{_NS['m']}}}sheet") if s.get("name") == sheet), None)
    target = targets.get(rid or "")
    if not target:
        return ""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _merged_ranges(archive, part: str, merged: list[tuple[int, int, int, int]]) -> None:
    """Add the merged ranges of a worksheet part to ``merged``, read in one streaming pass."""
    import xml.etree.ElementTree as ET

    from openpyxl.utils.cell import range_boundaries

    with archive.open(part) as handle:
        for _, element in ET.iterparse(handle):
            if element.tag == f"{{{_NS['m']}}}mergeCell":
                merged.append(range_boundaries(element.get("ref")))
            if element.tag == f"{{{_NS['m']}}}row":
                element.clear()  # the cells themselves are read by openpyxl


def _cell_notes(archive, part: str, notes: dict[tuple[int, int], str]) -> None:
    """Add the notes (Excel comments) on a worksheet's cells to ``notes``, from the comments part it links to."""
    import posixpath
    import xml.etree.ElementTree as ET

    from openpyxl.utils.cell import coordinate_to_tuple

    rels_part = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels_part not in set(archive.namelist()):
        return
    for rel in ET.fromstring(archive.read(rels_part)).findall("rel:Relationship", _NS):
        if not rel.get("Type", "").endswith("/comments"):
            continue
        target = rel.get("Target") or ""
        comments = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        for c in ET.fromstring(archive.read(comments)).iter(f"{{{_NS['m']}}}comment"):
            text = "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t")).strip()
            if text:
                notes[coordinate_to_tuple(c.get("ref"))] = text


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
