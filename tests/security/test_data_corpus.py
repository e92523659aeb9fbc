"""The hostile data corpus (corpus_data.yaml): what the tracker's files, imports and exports do with each entry."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from tsuzuri.adapters.cli.main import main
from tsuzuri.authoring.issues import set_fields
from tsuzuri.site import build_files
from tsuzuri.store import load, writer

HERE = Path(__file__).resolve().parent
MINIMAL = HERE.parent / "fixtures" / "trackers" / "minimal"
CORPUS = yaml.safe_load((HERE / "corpus_data.yaml").read_text(encoding="utf-8"))
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def entries(via: str) -> list:
    return [pytest.param(e, id=e["id"]) for e in CORPUS if e["via"] == via]


def test_the_corpus_is_large_enough_and_each_id_is_unique():
    assert len(CORPUS) >= 15
    assert len({e["id"] for e in CORPUS}) == len(CORPUS)


@pytest.fixture
def tracker(tmp_path) -> Path:
    root = tmp_path / "t"
    shutil.copytree(MINIMAL, root)
    return root


def _fields(entry: dict, value) -> dict:
    if entry["field"].startswith("custom."):
        return {"custom": {entry["field"].split(".", 1)[1]: value}}
    return {entry["field"]: value}


def _value(issue, field: str):
    return issue.custom.get(field.split(".", 1)[1]) if field.startswith("custom.") else getattr(issue, field)


@pytest.mark.parametrize("entry", entries("field"))
def test_field_values_read_back(tracker, entry):
    expected = entry.get("stored", entry["input"])
    notes: list = []
    key = writer.new_issue(
        tracker, "MIRA", {"title": "件名", "type": "task", "status": "open", **_fields(entry, entry["input"])}, "", notes=notes
    )
    loaded = load(tracker)
    assert [f for f in loaded.findings if f.severity == "error"] == []
    assert _value(loaded.tracker.issues[key], entry["field"]) == expected
    assert bool(notes) == (entry["expect"] == "cleaned")
    # an edit of the existing issue writes the same value back on its own line
    set_fields(tracker, key, {"title": "別の件名", **_fields(entry, entry["input"])})
    assert _value(load(tracker).tracker.issues[key], entry["field"]) == expected


@pytest.mark.parametrize("entry", entries("export"))
def test_exports_never_carry_a_formula(tracker, tmp_path, entry):
    writer.new_issue(tracker, "MIRA", {"title": entry["input"], "type": "task", "status": "open"}, "")
    cells = []
    for fmt in ("csv", "backlog-csv"):
        out = tmp_path / f"{fmt}.csv"
        assert main(["export", "--format", fmt, "--out", str(out), "--root", str(tracker)]) == 0
        cells += [c for row in list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))[1:] for c in row]
    site = {
        f.path: f.content
        for f in build_files(load(tracker).tracker, load(tracker).tracker.config and __import__("datetime").date(2026, 11, 25))
    }
    cells += [c for row in list(csv.reader(io.StringIO(site["issues.csv"].decode("utf-8")[1:])))[1:] for c in row]
    assert cells.count("'" + entry["input"]) == 3
    assert not any(c.startswith(FORMULA) for c in cells)
    out = tmp_path / "x.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--root", str(tracker)]) == 0
    [cell] = [c for row in load_workbook(out).active.iter_rows(min_row=2) for c in row if c.value == entry["input"]]
    assert cell.data_type == "s"


def _sheet(kind: str, folder: Path) -> Path:
    if kind == "zip-bomb":
        book = Workbook()
        book.active.append(["件名"])
        book.active.append(["x"])
        small = folder / "small.xlsx"
        book.save(small)
        path = folder / "bomb.xlsx"
        with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info in source.infolist():
                if info.filename != "xl/sharedStrings.xml":
                    out.writestr(info.filename, source.read(info))
            out.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
                         + b"a" * (64 << 20) + b"</t></si></sst>")
        return path
    lines = {
        "long-cell": ["件名,詳細", "長いセル," + "長" * 200_000],
        "many-rows": ["件名"] + [f"課題 {n}" for n in range(100)],
        "csv-formulas": ["件名,詳細", "'=1+1,'@SUM(A1)", "普通,'- 箇条書き"],
        "control-characters": ["件名,詳細", "色\x1b[31m付き,ベル\x07本文"],
    }[kind]
    path = folder / {"long-cell": "long.csv", "many-rows": "rows.csv"}.get(kind, f"{kind}.csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


IMPORTED = {
    "long-cell": {"長いセル": "長" * 200_000},
    "csv-formulas": {"=1+1": "@SUM(A1)", "普通": "- 箇条書き"},
    "control-characters": {"色[31m付き": "ベル本文"},
}


@pytest.mark.parametrize("entry", entries("sheet"))
def test_sheets(tracker, tmp_path, capsys, entry):
    if "limits" in entry:
        path = tracker / "tsuzuri.yml"
        path.write_text(path.read_text(encoding="utf-8") + f"import: {{{entry['limits']}}}\n", encoding="utf-8")
    sheet = _sheet(entry["make"], tmp_path)
    before = set(load(tracker).tracker.issues)
    code = main(["import", "sheet", str(sheet), "--project", "MIRA", "--root", str(tracker), "--apply", "--lang", "en"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    issues = {k: i for k, i in load(tracker).tracker.issues.items() if k not in before}
    if entry["expect"] == "refused":
        assert code == 1 and all(word in err for word in entry["words"]), err
        assert issues == {}
        return
    assert code == 0, err
    assert {i.title: i.body.strip() for i in issues.values()} == IMPORTED[entry["make"]]
    if entry["make"] == "control-characters":
        assert "control characters removed" in out
