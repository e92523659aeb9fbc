"""The text inside an attachment, line by line: plain text and CSV, xlsx, docx, pptx and PDF.

Each entry is (line number, where, text): a text file's lines, a sheet's cells
("Sheet1!B3" on the row's line), a document's paragraphs, a PDF page's lines ("p.2").
Files are untrusted: sizes are capped before anything is unpacked, and a file that
cannot be read is reported as unreadable instead of stopping the scan.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from xml.etree import ElementTree

from tsuzuri.errors import TsuzuriError
from tsuzuri.messages import Message

Line = tuple[int, str, str]

MAX_BYTES = 32 * 1024 * 1024  # larger attachments are not read (and say so)
MAX_UNPACKED = 64 * 1024 * 1024  # an office file that unpacks to more is a zip bomb, or too large to read
MAX_PDF_PAGES = 500

TEXT_SUFFIXES = frozenset(
    ".txt .md .markdown .csv .tsv .json .xml .html .htm .yml .yaml .log .ini .cfg .conf .env .sql .eml .rst .tex .toml".split()
)
SHEET_SUFFIXES = frozenset((".xlsx", ".xlsm"))
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


class Unreadable(TsuzuriError):
    """The file's text could not be read; ``message`` says why."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.message = Message(f"guard.unreadable.{reason}", **params)


def scannable(name: str) -> bool:
    """Tell whether the guard reads files of this name (by suffix)."""
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in TEXT_SUFFIXES or suffix in SHEET_SUFFIXES or suffix in (".docx", ".pptx", ".pdf")


def lines_of(name: str, data: bytes) -> Iterator[Line]:
    """Yield the text lines of a file by its kind; raise Unreadable when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise Unreadable("too-large", mib=MAX_BYTES // (1024 * 1024))
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return _sheet(data)
    if suffix == ".docx":
        return _office_xml(
            data, ("word/document.xml", "word/header", "word/footer", "word/comments.xml", "word/footnotes.xml"), _W + "p", _W + "t"
        )
    if suffix == ".pptx":
        return _office_xml(data, ("ppt/slides/slide", "ppt/notesSlides/"), _A + "p", _A + "t")
    if suffix == ".pdf":
        return _pdf(data)
    return _text(data)


def _text(data: bytes) -> Iterator[Line]:
    if b"\0" in data[:8192]:
        raise Unreadable("binary")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("utf-8", errors="replace")
    return ((n, "", line) for n, line in enumerate(text.splitlines(), 1))


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable("encrypted")  # Office keeps a password-protected .docx/.xlsx in an OLE container
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        raise Unreadable("damaged", kind="Office") from None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
        raise Unreadable("too-large", mib=MAX_UNPACKED // (1024 * 1024))
    return archive


def _office_xml(data: bytes, parts: tuple[str, ...], paragraph: str, run: str) -> Iterator[Line]:
    archive = _open_zip(data)
    names = sorted((n for n in archive.namelist() if n.endswith(".xml") and n.startswith(parts)), key=_natural)
    entries = []
    for part in names:
        try:
            root = ElementTree.fromstring(archive.read(part))
        except (ElementTree.ParseError, KeyError, zipfile.BadZipFile, RuntimeError):
            raise Unreadable("damaged", kind="Office") from None
        for number, p in enumerate(root.iter(paragraph), 1):
            text = "".join(t.text or "" for t in p.iter(run))
            if text.strip():
                entries.append((number, _part_label(part), text))
    return iter(entries)


def _part_label(part: str) -> str:
    stem = PurePosixPath(part).stem
    return "" if stem == "document" else stem


def _natural(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _sheet(data: bytes) -> Iterator[Line]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    _open_zip(data)  # the size check before openpyxl unpacks anything
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise Unreadable("damaged", kind="Excel") from None
    entries = []
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.strip():
                        column = get_column_letter(cell.column) if isinstance(cell.column, int) else "?"
                        for text in cell.value.splitlines():
                            entries.append((cell.row or 0, f"{sheet.title}!{column}{cell.row}", text))
                    elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                        column = get_column_letter(cell.column) if isinstance(cell.column, int) else "?"
                        # Numbers typed into Excel lose their look: 12 digits stay 12 digits.
                        entries.append(
                            (
                                cell.row or 0,
                                f"{sheet.title}!{column}{cell.row}",
                                str(int(cell.value)) if float(cell.value).is_integer() else str(cell.value),
                            )
                        )
    finally:
        book.close()
    return iter(entries)


def _pdf(data: bytes) -> Iterator[Line]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Unreadable("encrypted")
        entries = []
        for number, page in enumerate(reader.pages[:MAX_PDF_PAGES], 1):
            for n, line in enumerate((page.extract_text() or "").splitlines(), 1):
                entries.append((n, f"p.{number}", line))
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError, OSError):
        raise Unreadable("damaged", kind="PDF") from None
    return iter(entries)
