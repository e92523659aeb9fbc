"""A new tracker's .gitignore keeps OS and editor litter and dry-run mail out of commits."""

import subprocess

import pytest
import yaml

from tsuzuri.adapters.cli.main import main
from tsuzuri.authoring.scaffold import init
from tsuzuri.formats import yamlsafe
from tsuzuri.validate import validate


def test_gitignore_keeps_litter_out_of_git(tmp_path):
    root = tmp_path / "t"
    init(root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    litter = [
        "issues/PRJ/Thumbs.db", "issues/PRJ/~$book.xlsx", "issues/PRJ/PRJ-1.md~", "issues/PRJ/.PRJ-1.md.swp", "notify-out/0001-PRJ-1.eml"
    ]
    result = subprocess.run(
        ["git", "-C", str(root), "check-ignore", "--no-index", *litter, "issues/PRJ/PRJ-1.md"], capture_output=True, text=True
    )
    assert result.stdout.split() == litter


@pytest.mark.parametrize("title", ["課題管理", "A社: 課題", "{x}", "# 見出し", "yes", "2026", "予算[一般]", "1,000円", "on", "12:30",
                                   "'quoted", '"x" y', "\\back", "ベル\x07とESC\x1b"])
def test_any_title_gives_a_valid_tracker_and_site_config(tmp_path, title):
    root = tmp_path / "t"
    init(root, title=title)
    _, findings = validate(root)
    assert findings == []
    title = title.replace("\x07", "").replace("\x1b", "")  # control characters are never written
    assert yamlsafe.load_values((root / "tsuzuri.yml").read_text(encoding="utf-8"))["title"] == title
    assert yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == title
    assert (root / "docs/index.md").read_text(encoding="utf-8").startswith("# ダッシュボード\n")  # the title is in the header
    assert f"# {title}" in (root / "README.md").read_text(encoding="utf-8")


def test_init_over_a_file_is_a_message_not_a_traceback(tmp_path, capsys):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path / "afile")]) == 1
    err = capsys.readouterr().err
    assert "afile" in err and "Traceback" not in err and "すでに課題管理" not in err


def test_a_new_tracker_has_a_shared_folder_and_refuses_the_offices_marker_words(tmp_path):
    root = tmp_path / "t"
    init(root)
    assert (root / "files/PRJ/.gitkeep").is_file()
    assert "tracker/shared.md" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "files/PRJ/仕様/見積.txt").parent.mkdir(parents=True)
    (root / "files/PRJ/仕様/見積.txt").write_text("【取扱注意】見積の内訳\n", encoding="utf-8")
    (root / "issues/PRJ/PRJ-1.md").write_text(
        "---\ntitle: x\ntype: task\nstatus: open\n---\n[見積](/files/PRJ/仕様/見積.txt)\n", encoding="utf-8"
    )
    _, findings = validate(root)
    assert [(f.path, f.code) for f in findings] == [("files/PRJ/仕様/見積.txt", "guard-marker")]


def _japanese(text: str) -> list[str]:
    """Return the runs of kana and kanji in ``text``."""
    import re

    return re.findall(r"[\u3040-\u30ff\u3400-\u9fff]+", text)


def test_an_english_tracker_starts_with_english_words_and_validates(tmp_path, capsys):
    root = tmp_path / "t"
    assert main(["init", str(root), "--language", "en"]) == 0
    config = yamlsafe.load_values((root / "tsuzuri.yml").read_text(encoding="utf-8"))
    assert config["title"] == "Issue tracker" and config["language"] == "en"
    assert [s["label"] for s in config["statuses"]] == ["Open", "In progress", "Resolved", "Closed"]
    assert config["projects"][0]["name"] == "First project" and config["members"][0]["name"] == "Administrator"
    for rel in ("tsuzuri.yml", "issues/PRJ/PRJ-1.md", "docs/index.md", "README.md", "mkdocs.yml"):
        assert _japanese((root / rel).read_text(encoding="utf-8")) == [], rel
    assert _japanese(capsys.readouterr().out) == []
    _, findings = validate(root)
    assert findings == []
    issue = "---\ntitle: x\ntype: task\nstatus: open\n---\nConfidential: the estimate\n"
    (root / "issues/PRJ/PRJ-1.md").write_text(issue, encoding="utf-8")
    _, findings = validate(root)
    assert [f.code for f in findings] == ["guard-marker"]


def test_a_japanese_tracker_keeps_its_starter_words(tmp_path):
    root = tmp_path / "t"
    init(root)
    config = yamlsafe.load_values((root / "tsuzuri.yml").read_text(encoding="utf-8"))
    assert config["title"] == "課題管理" and [s["label"] for s in config["statuses"]] == ["未対応", "処理中", "処理済み", "完了"]
    assert config["guard"]["markers"] == ["秘", "取扱注意", "部外秘", "関係者限り"]
    assert "git config user.name 管理者\n" in (root / "README.md").read_text(encoding="utf-8")
