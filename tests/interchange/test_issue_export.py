"""One export engine: the site's issues.json and issues.csv say what `tsuzuri export` says, in the documented shape."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tracker_fixture import make_tracker
from tsuzuri import layout
from tsuzuri.adapters.cli.main import main
from tsuzuri.site.builder import build_files
from tsuzuri.site.prepare import prepare

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "docs/schema/issues.schema.json"
DEMO_DAY = "2026-11-26"


def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid(data: dict) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []


def commit(root: Path, message: str, when: str, email: str = "yamada@example.go.jp") -> None:
    """Commit everything in ``root`` at the given author time (ISO 8601, here in UTC)."""
    env = {"GIT_AUTHOR_NAME": email, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": email, "GIT_COMMITTER_EMAIL": email,
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1",
           "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    """The fixture tracker with two commits: created 2026-11-20 00:30 UTC, HOJO-1 changed 2026-11-24 06:00 UTC."""
    root = make_tracker(tmp_path / "tracker")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    commit(root, "Start the tracker", "2026-11-20T00:30:00+00:00")
    issue = root / "issues/HOJO/HOJO-1.md"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("status: open ", "milestone: v1.0\ncategories: [form]\nstatus: in_progress "),
        encoding="utf-8"
    )
    commit(root, "HOJO-1 is in progress", "2026-11-24T06:00:00+00:00", "tanaka@vendor-a.example")
    return root


def export(root: Path, fmt: str, out: Path, *options: str) -> bytes:
    assert main(["export", "--format", fmt, "--out", str(out), "--root", str(root), "--today", DEMO_DAY, *options]) == 0
    return out.read_bytes()


def sheet(data: bytes) -> dict[str, dict[str, str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_created_and_updated_come_from_git_for_issues_that_were_not_imported(repo, tmp_path):
    rows = sheet(export(repo, "csv", tmp_path / "issues.csv"))
    # Git's UTC times, shown in the tracker's zone (Asia/Tokyo).
    assert (rows["HOJO-1"]["登録日"], rows["HOJO-1"]["更新日"]) == ("2026-11-20 09:30:00", "2026-11-24 15:00:00")
    assert (rows["HOJO-12"]["登録日"], rows["HOJO-12"]["更新日"]) == ("2026-11-20 09:30:00", "2026-11-20 09:30:00")
    data = json.loads(export(repo, "json", tmp_path / "issues.json"))
    assert_valid(data)
    one = next(i for i in data["issues"] if i["key"] == "HOJO-1")
    assert (one["created"], one["updated"]) == ("2026-11-20T09:30:00+09:00", "2026-11-24T15:00:00+09:00")


def test_the_sheet_names_milestones_categories_and_people_and_json_keeps_the_ids_beside(repo, tmp_path):
    row = sheet(export(repo, "csv", tmp_path / "issues.csv"))["HOJO-1"]
    assert (row["状態"], row["担当者"], row["登録者"], row["ウォッチ"]) == ("処理中", "田中 一郎", "山田 太郎", "佐藤 花子")
    assert (row["マイルストーン"], row["カテゴリー"]) == ("v1.0", "申請フォーム")  # a milestone without a name is named by its id
    one = json.loads(export(repo, "json", tmp_path / "issues.json"))["issues"][0]
    assert (
        one["categories"], one["category_names"], one["status"], one["status_label"]
    ) == (["form"], ["申請フォーム"], "in_progress", "処理中")
    assert (one["organization"], one["organization_name"], one["overdue"], one["done"]) == ("vendor-a", "A社", False, False)


def test_the_site_and_the_export_write_the_same_files(repo, tmp_path):
    prepared = prepare(repo, repo, True, lambda zone: date.fromisoformat(DEMO_DAY))
    ctx = prepared.context()
    files = {f.path: f.content for f in build_files(ctx.tracker, ctx.today, ctx.history)}
    assert files["issues.json"] == export(repo, "json", tmp_path / "issues.json")
    assert files["issues.csv"] == export(repo, "csv", tmp_path / "issues.csv")


def test_an_english_tracker_heads_its_sheet_in_english_and_reads_it_back(repo, tmp_path, new_tracker):
    config = repo / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8")
    data = export(repo, "csv", tmp_path / "issues.csv")
    assert data.decode("utf-8-sig").startswith(
        "Key,Title,Type,Status,Priority,Assignee,Start,Due,Estimate,Actual,Milestone,Categories,Parent,Description,Created,Updated"
    )
    empty = tmp_path / "empty"
    make_tracker(empty)
    for path in (empty / "issues/HOJO").glob("*.md"):
        path.unlink()
    (empty / "tsuzuri.yml").write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import", "sheet", str(tmp_path / "issues.csv"), "--project", "HOJO", "--root", str(empty), "--apply"]) == 0
    text = (empty / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8")
    assert "categories: [form]" in text or "- form" in text
    assert "全角数字の扱いを確認してください。" in text and "status: in_progress" in text


def test_the_schema_spells_the_key_as_the_layout_does():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$defs"]["key"]["pattern"] == f"^{layout.ISSUE_KEY}$"


def test_the_schema_refuses_what_the_shape_does_not_allow(repo, tmp_path):
    data = json.loads(export(repo, "json", tmp_path / "issues.json"))
    one = data["issues"][0]
    for broken in ({**one, "surprise": 1}, {**one, "created": "2026-11-20 09:30"}, {k: v for k, v in one.items() if k != "milestone_name"}):
        assert list(validator().iter_errors({**data, "issues": [broken]})), broken


def test_the_documented_example_follows_the_schema():
    text = (REPO / "docs/import-export.md").read_text(encoding="utf-8")
    example = text.split("**The JSON shape.**", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    data = json.loads(example)
    assert_valid(data)
    assert sorted(data["issues"][0]) == sorted(validator().schema["$defs"]["issue"]["required"])  # every field is shown
