"""Cells that spreadsheet programs take as data: never a formula, never a character they cannot hold.

Every CSV tsuzuri writes (the site's issues.csv and schedule CSVs, ``tsuzuri export`` as csv
or backlog-csv) goes through ``csv_text``, and every XLSX cell through ``sheet_cell``.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
run as a formula when the file is opened in Excel or LibreOffice (``=HYPERLINK(...)`` sends
the sheet's data away). As OWASP recommends for CSV injection, such a cell gets a leading
single quote, which spreadsheets read as "this is text". A number (``-3`` days of float,
``-0.5``) is a number, not a formula, and stays as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
# XML 1.0 (the inside of an XLSX) holds no C0 control but tab, newline and CR, no surrogate, no U+FFFE/U+FFFF
_NOT_IN_SHEETS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def csv_cell(value) -> str:
    """Return one CSV cell's text: empty for None, and a text that looks like a formula made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable], bom: bool = True) -> str:
    """Return rows as CSV text with CRLF line ends (and a BOM, so Excel reads UTF-8), every cell through ``csv_cell``."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" if bom else "") + out.getvalue()


def sheet_cell(value):
    """Return a value an XLSX cell can hold: text loses the characters XML cannot carry; other values pass."""
    if isinstance(value, str):
        return _NOT_IN_SHEETS.sub("", value)
    return value


def csv_value(text: str) -> str | None:
    """Return what a CSV cell ``csv_cell`` wrote stands for: None when empty, a made-inert formula as written.

    Excel drops the quote of a typed ``'=...`` when it saves CSV, so a quote before a formula
    character in a CSV comes from an export and is taken off again: export, then import, is no change.
    """
    if text == "":
        return None
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
