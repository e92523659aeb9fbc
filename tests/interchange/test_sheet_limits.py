"""Size guards: an oversized or hostile sheet is refused with a message naming it, before it is loaded."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import Workbook

from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load
from tsuzuri.validate import validate

GIB = 1 << 30


class _RepeatingDeflate:
    """A deflate compressor that compresses CHUNK once and repeats its bytes (after a full flush the
    compressor's state is empty, so every later CHUNK compresses to exactly the same bytes)."""

    def __init__(self):
        self.real = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = None

    def compress(self, data: bytes) -> bytes:
        if data is not CHUNK:
            return self.real.compress(data)
        if self.block is None:
            head = self.real.compress(data) + self.real.flush(zlib.Z_FULL_FLUSH)
            fresh = zlib.compressobj(9, zlib.DEFLATED, -15)
            self.block = fresh.compress(data) + fresh.flush(zlib.Z_FULL_FLUSH)
            return head
        return self.block

    def flush(self, mode=zlib.Z_FINISH) -> bytes:
        return self.real.flush(mode)


CHUNK = b"a" * (1 << 24)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A 2 MB xlsx whose shared strings unpack to 2 GB (one string of two thousand million letters)."""
    folder = tmp_path_factory.mktemp("bomb")
    small = folder / "small.xlsx"
    book = Workbook()
    book.active.append(["件名", "詳細"])
    book.active.append(["普通の課題", "本文"])
    book.save(small)
    path = folder / "bomb.xlsx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile, "_get_compressor", lambda kind, level=None: _RepeatingDeflate() if kind == zipfile.ZIP_DEFLATED else None)
        with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                if info.filename != "xl/sharedStrings.xml":
                    out.writestr(info.filename, source.read(info))
            with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                           b'count="2" uniqueCount="2"><si><t>')
                for _ in range(2 * GIB // len(CHUNK)):
                    part.write(CHUNK)
                part.write(b"</t></si><si><t>x</t></si></sst>")
    assert path.stat().st_size < 3 << 20
    with zipfile.ZipFile(path) as check:  # a real zip: the part inflates to what its directory says
        assert check.getinfo("xl/sharedStrings.xml").file_size > 2 * GIB
        with check.open("xl/sharedStrings.xml") as part:
            assert part.read(1 << 20).endswith(b"a" * 1000)
    return path


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 * GIB, 1 * GIB))


def test_a_zip_bomb_xlsx_is_refused_from_its_directory_without_being_unpacked(tracker, bomb):
    # With 1 GB of address space a reader that unpacked the part would die of MemoryError (exit 3).
    env = {**os.environ, "TSUZURI_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-m", "tsuzuri", "import", "sheet", str(bomb), "--project", "MIRA", "--root", str(tracker)],
                            env=env, capture_output=True, text=True, preexec_fn=_limit_memory, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "bomb.xlsx" in result.stderr and "2,048 MB" in result.stderr and "import.max_sheet_mb" in result.stderr
    assert "Traceback" not in result.stderr


def _config(tracker: Path, limits: str) -> None:
    path = tracker / "tsuzuri.yml"
    path.write_text(path.read_text(encoding="utf-8") + f"import: {{{limits}}}\n", encoding="utf-8")


def _csv(path: Path, rows: int, body: str = "本文") -> Path:
    path.write_text("件名,詳細\n" + "".join(f"課題 {n},{body}\n" for n in range(1, rows + 1)), encoding="utf-8")
    return path


def test_a_csv_cell_longer_than_the_csv_module_allows_imports(tracker, tmp_path):
    long = "長" * 200_000  # the csv module alone stops at 131,072 characters
    assert main(["import", "sheet", str(_csv(tmp_path / "long.csv", 1, long)), "--project", "MIRA", "--root", str(tracker), "--apply"]) == 0
    [issue] = load(tracker).tracker.issues.values()
    assert issue.body.strip() == long


@pytest.mark.parametrize("limits, make, expected", [
    ("max_cell_chars: 1000", lambda p: _csv(p / "cell.csv", 2, "x" * 1001), [
        "cell.csv", "row 2", "1000 characters", "import.max_cell_chars"
    ]),
    ("max_rows: 10", lambda p: _csv(p / "rows.csv", 20), ["rows.csv", "10 rows", "import.max_rows"]),
    ("max_sheet_mb: 1", lambda p: _csv(p / "big.csv", 1, "y" * (2 << 20)), ["big.csv", "2 MB", "import.max_sheet_mb"]),
])
def test_limits_in_tsuzuri_yml_refuse_a_sheet_with_a_message_naming_it(tracker, tmp_path, capsys, limits, make, expected):
    _config(tracker, limits)
    assert main(["validate", str(tracker)]) == 0
    capsys.readouterr()
    assert main(["import", "sheet", str(make(tmp_path)), "--project", "MIRA", "--root", str(tracker), "--apply", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert all(word in err for word in expected), err
    assert "Traceback" not in err
    assert load(tracker).tracker.issues == {}


def test_the_row_limit_holds_for_xlsx_too(tracker, tmp_path, capsys):
    _config(tracker, "max_rows: 5")
    book = Workbook()
    book.active.append(["件名"])
    for n in range(10):
        book.active.append([f"課題 {n}"])
    book.save(tmp_path / "rows.xlsx")
    assert main(["import", "sheet", str(tmp_path / "rows.xlsx"), "--project", "MIRA", "--root", str(tracker), "--lang", "en"]) == 1
    assert "rows.xlsx" in capsys.readouterr().err


def test_a_bad_limit_is_a_finding_naming_the_field(tracker):
    _config(tracker, "max_rows: many, max_cell_chars: 0")
    findings = [f for f in validate(tracker)[1] if f.severity == "error"]
    assert {f.path for f in findings} == {"tsuzuri.yml"}
    assert any("max_rows" in f.text() for f in findings) and any("max_cell_chars" in f.text() for f in findings)
