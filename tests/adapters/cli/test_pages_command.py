"""`tsuzuri pages`: the generated pages as files in a folder of docs_dir that Git ignores."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.site.markers import find

SMALL = Path(__file__).resolve().parents[2] / "site" / "fixtures" / "small"


@pytest.fixture
def small(tmp_path) -> Path:
    root = tmp_path / "small"
    shutil.copytree(SMALL, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def pages(root: Path, *args: str) -> int:
    return main(["pages", "--root", str(root), *args])


def snapshot(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_pages_are_markdown_with_front_matter_and_finished_html(small, capsys):
    assert pages(small) == 0
    out = capsys.readouterr()
    folder = small / "docs" / "tracker"
    assert "docs/tracker" in out.out or str(folder) in out.out
    page = (folder / "issues" / "HOJO-1.md").read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "HOJO-1 申請フォームの入力チェック仕様について"\n---\n\n<div class="tsuzuri-page">\n<h1>')
    assert 'href="../members/yamada.md"' in page  # links name source paths, as in a Markdown link
    assert "@issues/" not in page
    gantt = (folder / "gantt.md").read_text(encoding="utf-8")
    assert gantt.startswith('---\ntitle: "ガント"\nhide:\n  - toc\n---\n')  # wide charts hide the sidebar
    for rel in (
        "issues.md", "boards/HOJO.md", "issues.json", "issues.csv", "calendar/HOJO.ics", "assets/tsuzuri.css", "assets/plotly.min.js",
        "files/HOJO-1/spec.pdf"
    ):
        assert (folder / rel).is_file(), rel
    # The hand-written home replaces the generated dashboard; its markers are written for other builders.
    assert not (folder / "index.md").exists()
    markers = json.loads((folder / ".markers.json").read_text(encoding="utf-8"))["pages"]
    written = find((small / "docs" / "index.md").read_text(encoding="utf-8"))
    assert [(m["name"], m["params"]) for m in markers["index.md"]] == [(f.name, f.params) for f in written]
    assert markers["index.md"][0]["name"] == "dashboard"
    assert "tsuzuri-dashboard" in markers["index.md"][0]["html"]
    assert 'href="tracker/issues.md"' in markers["index.md"][0]["html"] or 'href="tracker/issues/' in markers["index.md"][0]["html"]


def test_git_ignores_the_folder(small):
    assert pages(small) == 0
    status = subprocess.run(
        ["git", "-C", str(small), "status", "--porcelain", "--untracked-files=all", "docs"], capture_output=True, text=True, check=True
    )
    assert status.stdout.splitlines() == ["?? docs/index.md", "?? docs/tracker/.gitignore"]


def test_a_second_run_rewrites_nothing_and_an_edit_rewrites_only_what_shows_it(small, capsys):
    assert pages(small) == 0
    folder = small / "docs" / "tracker"
    before = snapshot(folder)
    capsys.readouterr()
    assert pages(small) == 0
    assert "書き込み 0 件" in capsys.readouterr().out
    assert snapshot(folder) == before
    issue = small / "issues" / "KIBAN" / "KIBAN-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("\n---\n", "\nestimate: 3\n---\n", 1), encoding="utf-8")
    assert pages(small) == 0
    after = snapshot(folder)
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    assert "issues/KIBAN-1.md" in changed
    assert "issues/HOJO-1.md" not in changed and "assets/plotly.min.js" not in changed
    assert len(changed) < len(after) / 2


def test_pages_that_no_longer_exist_are_removed(small):
    assert pages(small) == 0
    folder = small / "docs" / "tracker"
    assert (folder / "issues" / "KIBAN-1.md").is_file()
    (small / "issues" / "KIBAN" / "KIBAN-1.md").unlink()
    assert pages(small) == 0
    assert not (folder / "issues" / "KIBAN-1.md").exists()
    assert (folder / "issues" / "HOJO-1.md").is_file()


def test_a_folder_with_files_of_someone_else_is_left_alone(small, capsys):
    mine = small / "docs" / "tracker" / "notes.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# my notes\n", encoding="utf-8")
    assert pages(small) == 1
    err = capsys.readouterr().err
    assert "docs/tracker" in err and "Traceback" not in err
    assert [p.name for p in mine.parent.iterdir()] == ["notes.md"]


def test_out_must_be_inside_docs_dir(small, capsys):
    assert pages(small, "--out", str(small / "elsewhere")) == 2
    assert "docs_dir" in capsys.readouterr().err
    assert not (small / "elsewhere").exists()


def test_out_chooses_another_folder_and_links_follow(small):
    assert pages(small, "--out", str(small / "docs" / "generated")) == 0
    page = (small / "docs" / "generated" / "issues" / "HOJO-1.md").read_text(encoding="utf-8")
    assert 'href="../members/yamada.md"' in page
    markers = json.loads((small / "docs" / "generated" / ".markers.json").read_text(encoding="utf-8"))["pages"]
    assert "generated/" in markers["index.md"][0]["html"]


def test_a_tracker_with_errors_writes_nothing(small, capsys):
    issue = small / "issues" / "HOJO" / "HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("status: in_progress", "status: nope"), encoding="utf-8")
    assert pages(small) == 1
    err = capsys.readouterr().err
    assert "HOJO-1.md" in err and "Traceback" not in err
    assert not (small / "docs" / "tracker").exists()


def test_settings_other_builders_need_are_named(small, capsys):
    assert pages(small) == 0
    err = capsys.readouterr().err
    # The fixture's mkdocs.yml is made for MkDocs only: each missing setting is named once.
    assert "tracker/assets/tsuzuri.css" in err and "extra_css" in err
    assert "markdown_extensions" in err and "docs/tracker/.gitignore" in err


def test_a_broken_mkdocs_yml_is_a_message(small, capsys):
    (small / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    assert pages(small) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml" in err and "Traceback" not in err
