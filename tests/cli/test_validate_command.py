"""`tsuzuri validate` as a person runs it: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tsuzuri", *args], capture_output=True, text=True, cwd=cwd)


def test_clean_tracker_exits_zero(minimal):
    result = run("validate", str(minimal), "--lang", "en")
    assert result.returncode == 0 and result.stdout == ""
    assert "no findings" in result.stderr


def test_finds_root_from_a_subfolder(minimal):
    assert run("validate", cwd=minimal / "issues" / "MIRA").returncode == 0


def test_text_json_and_github_formats(tracker_copy):
    root = tracker_copy("mistakes")
    text = run("validate", str(root), "--lang", "en")
    assert text.returncode == 1
    assert "issues/MIRA/MIRA-4.md:17:1: error[unknown-field] unknown field `asignee` (did you mean `assignee`?)" in text.stdout.splitlines()
    as_json = json.loads(run("validate", str(root), "--format", "json").stdout)
    assert {"path": "issues/MIRA/MIRA-7.md", "line": 4, "col": 1, "severity": "error", "code": "duplicate-key"}.items() <= as_json[[f["path"] for f in as_json].index("issues/MIRA/MIRA-7.md")].items()
    github = run("validate", str(root), "--format", "github", "--lang", "en").stdout.splitlines()
    assert "::error file=issues/MIRA/MIRA-8.md,line=4,col=7,title=tsuzuri yaml-syntax::YAML syntax error: did not find expected ',' or ']'" in github


def test_strict_turns_warnings_into_errors(minimal):
    (minimal / "issues" / "MIRA" / "notes.txt").write_text("メモ", encoding="utf-8")
    assert run("validate", str(minimal)).returncode == 0
    strict = run("validate", str(minimal), "--strict")
    assert strict.returncode == 1 and "error[stray-file]" in strict.stdout


def test_usage_errors_exit_two(tmp_path):
    result = run("validate", str(tmp_path), "--lang", "en")
    assert result.returncode == 2 and "no tsuzuri.yml found" in result.stderr and "Traceback" not in result.stderr
    assert run("validate", "--format", "xml").returncode == 2


def test_schema_command_writes_files(tmp_path):
    result = run("schema", "--out", str(tmp_path / "s"))
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [f"{k}.schema.json" for k in ("comment", "config", "issue", "minutes", "wbs")]


def test_init_creates_a_valid_tracker(tmp_path):
    result = run("init", str(tmp_path / "t"), "--project", "ABC")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t" / "issues" / "ABC" / "ABC-1.md").exists()
    assert run("validate", str(tmp_path / "t")).returncode == 0
    again = run("init", str(tmp_path / "t"))
    assert again.returncode == 2 and "already a tracker" in again.stderr
