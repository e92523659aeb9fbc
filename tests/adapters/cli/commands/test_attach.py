"""`tsuzuri attach KEY FILE...`: files land in the issue's files/ folder, all of them or none, with messages that name the file."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.site import build_pages
from tsuzuri.store import load
from tsuzuri.validate import validate

SMALL = Path(__file__).resolve().parents[3] / "site" / "fixtures" / "small"
FILES = "issues/HOJO/HOJO-2/files"


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(SMALL, root)
    return root


def source(tmp_path, name, data=b"data"):
    path = tmp_path / "src" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return str(path)


def listing(root):
    folder = root / FILES
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def no_staging_left(root):
    return not list(root.glob(".tsuzuri-staging-*"))


def test_files_are_attached_and_published(root, tmp_path, capsys):
    a = source(tmp_path, "画面 1.png", b"\x89PNG\r\n\x1a\n")
    b = source(tmp_path, "議事メモ.xlsx")
    assert main(["attach", "HOJO-2", a, b, "--root", str(root)]) == 0
    out = capsys.readouterr()
    assert out.out.split("\n")[:2] == [f"{FILES}/画面 1.png", f"{FILES}/議事メモ.xlsx"]
    assert "files/画面%201.png" in out.err  # how to link it from the text
    assert listing(root) == ["画面 1.png", "議事メモ.xlsx"]
    assert (root / FILES / "画面 1.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert validate(root)[1] == [] and no_staging_left(root)
    page = {p.path: p.html for p in build_pages(load(root).tracker, date(2026, 11, 25))}["issues/HOJO-2.md"]
    assert "@files/HOJO-2/%E7%94%BB%E9%9D%A2%201.png" in page and "議事メモ.xlsx" in page


def test_a_name_already_taken_gets_a_number(root, tmp_path, capsys):
    (root / FILES).mkdir(parents=True)
    (root / FILES / "Report.pdf").write_bytes(b"old")
    first = source(tmp_path, "report.pdf", b"new")
    other = tmp_path / "other"
    other.mkdir()
    (other / "report.pdf").write_bytes(b"newer")
    assert main(["attach", "HOJO-2", first, str(other / "report.pdf"), "--root", str(root)]) == 0
    err = capsys.readouterr().err
    assert listing(root) == ["Report.pdf", "report-2.pdf", "report-3.pdf"]
    assert (root / FILES / "Report.pdf").read_bytes() == b"old"  # never overwritten
    assert "report-2.pdf という名前で添付しました" in err and "report-3.pdf" in err


@pytest.mark.parametrize("name", [".env", "Thumbs.db", "~$book.xlsx", "memo.txt~"])
def test_a_name_the_tracker_would_skip_is_refused_and_nothing_is_written(root, tmp_path, capsys, name):
    good = source(tmp_path, "ok.txt")
    bad = source(tmp_path, name)
    assert main(["attach", "HOJO-2", good, bad, "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert bad in err and "名前を変えてから添付してください" in err and "Traceback" not in err
    assert listing(root) == [] and no_staging_left(root)


def test_confidential_content_is_refused_and_nothing_is_written(root, tmp_path, capsys):
    good = source(tmp_path, "ok.txt")
    bad = source(tmp_path, "名簿.csv", "氏名,個人番号\n見本 花子,123456789018\n".encode())
    assert main(["attach", "HOJO-2", good, bad, "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert bad in err and "個人番号" in err
    assert listing(root) == [] and no_staging_left(root)


def test_a_missing_file_or_a_folder_is_a_usage_error_naming_it(root, tmp_path, capsys):
    good = source(tmp_path, "ok.txt")
    assert main(["attach", "HOJO-2", good, str(tmp_path / "nai.png"), "--root", str(root)]) == 2
    assert f"{tmp_path / 'nai.png'}: ファイルがありません" in capsys.readouterr().err
    assert main(["attach", "HOJO-2", str(tmp_path / "src"), "--root", str(root)]) == 2
    assert "フォルダーは添付できません" in capsys.readouterr().err
    assert listing(root) == []


def test_an_unknown_issue_is_named(root, tmp_path, capsys):
    assert main(["attach", "HOJO-99", source(tmp_path, "ok.txt"), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "HOJO-99" in err and "Traceback" not in err
    assert not (root / "issues/HOJO/HOJO-99").exists()


def test_messages_in_english(root, tmp_path, capsys):
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8")
    assert main(["attach", "HOJO-2", str(tmp_path / "nai.png"), "--root", str(root)]) == 2
    assert "nai.png: no such file" in capsys.readouterr().err
    assert main(["attach", "HOJO-2", source(tmp_path, ".secret"), "--root", str(root)]) == 1
    assert "would not be read as an attachment" in capsys.readouterr().err
    assert main(["attach", "HOJO-2", source(tmp_path, "a b.png"), "--root", str(root)]) == 0
    assert "![text](files/a%20b.png)" in capsys.readouterr().err


def test_names_that_would_mislead_or_break_are_made_plain(root, tmp_path, capsys):
    files = [source(tmp_path, "請求書\u202egpj.exe"), source(tmp_path, "CON.txt"), source(tmp_path, "a:b?.csv")]
    assert main(["attach", "HOJO-2", *files, "--root", str(root)]) == 0
    assert listing(root) == ["_CON.txt", "a_b_.csv", "請求書gpj.exe"]
    err = capsys.readouterr().err
    assert "請求書gpj.exe という名前で添付しました" in err and "_CON.txt" in err
