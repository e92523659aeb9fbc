"""Size guards that refuse an oversized or hostile sheet before it is loaded.

An xlsx is a zip: a 2 MB file can unpack to gigabytes. Its unpacked size is read from the
zip's directory before anything is decompressed, then rows and cells are counted as they
stream. A CSV's size is checked before it is read, and its cells against the cell limit.
The limits come from ``import:`` in tsuzuri.yml (``model.ImportLimits``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.messages import Message
from tsuzuri.model import ImportLimits

MB = 1 << 20


class TooLarge(TsuzuriError, ValueError):
    """A sheet is over one of the import limits; the message names the file and the limit."""


def check_xlsx(path: Path, limits: ImportLimits) -> None:
    """Refuse an xlsx whose parts unpack to more than the limit, reading only the zip's directory."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: the workbook reader says what is wrong with it
    # A part that says it is small but inflates further fails its CRC check when read.
    if unpacked > limits.max_sheet_mb * MB:
        raise TooLarge(Message("io.limit.unpacked", name=path.name, size=_mb(unpacked), limit=limits.max_sheet_mb))


def check_file(path: Path, limits: ImportLimits) -> None:
    """Refuse a CSV larger than the limit before reading it."""
    size = path.stat().st_size
    if size > limits.max_sheet_mb * MB:
        raise TooLarge(Message("io.limit.file", name=path.name, size=_mb(size), limit=limits.max_sheet_mb))


def counted_rows(rows: Iterable, name: str, limits: ImportLimits) -> Iterator:
    """Yield rows, refusing the sheet at the first row past ``max_rows`` or cell past ``max_cell_chars``."""
    for number, row in enumerate(rows, 1):
        if number > limits.max_rows:
            raise TooLarge(Message("io.limit.rows", name=name, limit=limits.max_rows))
        for cell in row:
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                raise TooLarge(Message("io.limit.cell", name=name, row=number, limit=limits.max_cell_chars))
        yield row


def csv_rows(text: str, delimiter: str, name: str, limits: ImportLimits) -> Iterator[list[str]]:
    """Yield the rows of CSV text; a cell over the limit is a message naming the file and row, not a crash."""
    # The csv module refuses fields over its own limit (131,072 by default) with csv.Error.
    csv.field_size_limit(max(limits.max_cell_chars, 1) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from counted_rows(reader, name, limits)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TooLarge(Message("io.limit.cell", name=name, row=reader.line_num, limit=limits.max_cell_chars)) from None
        raise TooLarge(Message("io.limit.csv", name=name, row=reader.line_num, error=str(exc))) from None


def _mb(size: int) -> str:
    return f"{size / MB:,.0f}"
