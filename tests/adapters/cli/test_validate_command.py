"""`tsuzuri validate` as a person runs it: output formats and exit codes."""

from __future__ import annotations

import json
import os
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
    assert {
        "path": "issues/MIRA/MIRA-7.md", "line": 4, "col": 1, "severity": "error", "code": "duplicate-key"
    }.items() <= as_json[[f["path"] for f in as_json].index("issues/MIRA/MIRA-7.md")].items()
    github = run("validate", str(root), "--format", "github", "--lang", "en").stdout.splitlines()
    assert (
        "::error file=issues/MIRA/MIRA-8.md,line=3,col=7,title=tsuzuri yaml-syntax::YAML syntax error: did not find expected ',' or ']'"
    ) in github


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
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        f"{k}.schema.json" for k in ("comment", "config", "issue", "minutes", "wbs")
    ]


def test_init_creates_a_valid_tracker(tmp_path):
    result = run("init", str(tmp_path / "t"), "--project", "ABC")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t" / "issues" / "ABC" / "ABC-1.md").exists()
    assert run("validate", str(tmp_path / "t")).returncode == 0
    again = run("init", str(tmp_path / "t"), "--language", "en")
    assert again.returncode == 2 and "already a tracker" in again.stderr
    again_ja = run_env("init", str(tmp_path / "t"))
    assert again_ja.returncode == 2 and "すでに課題管理の記録です" in again_ja.stderr


def run_env(*args, env_lang=None, cwd=None):
    env = {k: v for k, v in os.environ.items() if k != "TSUZURI_LANG"}
    if env_lang is not None:
        env["TSUZURI_LANG"] = env_lang
    return subprocess.run([sys.executable, "-m", "tsuzuri", *args], capture_output=True, text=True, cwd=cwd, env=env)


JA_TYPO = "issues/MIRA/MIRA-4.md:17:1: error[unknown-field] 不明な項目 `asignee` です(もしかして `assignee`?)"
EN_TYPO = "issues/MIRA/MIRA-4.md:17:1: error[unknown-field] unknown field `asignee` (did you mean `assignee`?)"


def test_messages_follow_the_configured_language(tracker_copy):
    root = tracker_copy("mistakes")  # language: ja
    ja = run_env("validate", str(root))
    assert JA_TYPO in ja.stdout.splitlines() and ja.stderr.startswith("エラー 37 件、警告 1 件")
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: ja", "language: en"), encoding="utf-8")
    en = run_env("validate", str(root))
    assert EN_TYPO in en.stdout.splitlines() and en.stderr.startswith("37 errors, 1 warning")


def test_lang_option_and_environment_switch_the_language(tracker_copy, minimal):
    root = tracker_copy("mistakes")
    assert EN_TYPO in run_env("validate", str(root), "--lang", "en").stdout.splitlines()
    assert EN_TYPO in run_env("validate", str(root), env_lang="en").stdout.splitlines()
    assert JA_TYPO in run_env("validate", str(root), "--lang", "ja", env_lang="en").stdout.splitlines()  # the option wins
    assert run_env("validate", str(minimal), env_lang="en").stderr == "ok: no findings\n"
    assert run_env("validate", str(minimal)).stderr == "ok: 問題は見つかりませんでした\n"


def test_cli_errors_speak_the_chosen_language(tmp_path):
    ja = run_env("validate", str(tmp_path), "--lang", "ja")
    assert ja.returncode == 2 and "tsuzuri.yml が見つかりません" in ja.stderr
    en = run_env("validate", str(tmp_path), env_lang="en")
    assert en.returncode == 2 and "no tsuzuri.yml found" in en.stderr


def test_an_unknown_language_is_a_usage_error(minimal):
    bad_env = run_env("validate", str(minimal), env_lang="fr")
    assert bad_env.returncode == 2 and "TSUZURI_LANG" in bad_env.stderr and "Traceback" not in bad_env.stderr
    assert run_env("validate", str(minimal), "--lang", "fr").returncode == 2


def test_init_writes_the_tracker_workflow_of_this_repository(tmp_path):
    from pathlib import Path

    assert run("init", str(tmp_path / "t")).returncode == 0
    written = (tmp_path / "t" / ".github" / "workflows" / "tracker.yml").read_text(encoding="utf-8")
    ours = (Path(__file__).resolve().parents[3] / ".github" / "workflows" / "tracker.yml").read_text(encoding="utf-8")
    # One workflow: a new tracker installs what TSUZURI_PACKAGE names, this repository installs itself.
    assert written == ours.replace("vars.TSUZURI_PACKAGE || '.'", "vars.TSUZURI_PACKAGE")
    assert "tsuzuri validate . --format github" in written


def test_github_annotations_are_escaped_and_name_the_file_from_the_repository_top(tmp_path, capsys):
    from tracker_fixture import make_tracker
    from tsuzuri.adapters.cli.main import main
    from tsuzuri.findings import Finding

    odd = Finding("issues/A:1,2.md", 3, 4, "error", "c", "50% done\r\nnext line")
    assert odd.github("en", "office/") == "::error file=office/issues/A%3A1%2C2.md,line=3,col=4,title=tsuzuri c::50%25 done%0D%0Anext line"
    root = make_tracker(tmp_path / "repo" / "office" / "tracker")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "repo", check=True)
    (root / "issues/HOJO/HOJO-1.md").write_text("---\ntitle: x\ntype: task\nstatus: open\nasignee: yamada\n---\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(root), "--format", "github", "--lang", "en"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::error file=office/tracker/issues/HOJO/HOJO-1.md,line=5,") and "asignee" in line for line in lines), lines
    assert main(["validate", str(root), "--format", "text", "--lang", "en"]) == 1
    assert "issues/HOJO/HOJO-1.md:5:1:" in capsys.readouterr().out  # text output stays tracker-relative
