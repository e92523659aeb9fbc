"""``tsuzuri diff`` and ``check-authority`` on real Git branches."""

import os
import shutil
import subprocess
import sys

from tracker_fixture import git, make_repo
from tsuzuri.adapters.cli.main import main


def commit_all(root, message, author):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, author=author)


def run(root, *args):
    return main([*args, "--root", str(root)])


def make_branch(tmp_path):
    root = make_repo(tmp_path)
    git(root, "switch", "-q", "-c", "work")
    run(root, "set", "HOJO-12", "status=処理中", "assignee=tanaka")
    commit_all(root, "Start HOJO-12", "hayashi")
    run(root, "comment", "HOJO-12", "--author", "hayashi", "--body", "着手します。")
    run(root, "comment", "HOJO-12", "--author", "tanaka", "--body", "了解。")
    run(root, "new", "issue", "--project", "HOJO", "--title", "帳票の出力", "--author", "tanaka")
    run(root, "new", "minutes", "--title", "第2回 定例会議", "--date", "2026-11-27", "--slug", "weekly", "--body", "HOJO-12 を確認。")
    commit_all(root, "Comments, an issue and minutes", "tanaka")
    git(root, "switch", "-q", "main")
    run(root, "set", "HOJO-1", "priority=normal")  # main moves on; the diff must not show this
    commit_all(root, "Lower HOJO-1", "yamada")
    git(root, "switch", "-q", "work")
    return root


def test_diff_describes_the_branch_in_tracker_terms(tmp_path, capsys):
    root = make_branch(tmp_path)
    capsys.readouterr()
    assert run(root, "diff", "main", "work", "--lang", "en") == 0
    assert capsys.readouterr().out.split("\n") == [
        "HOJO-12: status 未対応 → 処理中, assignee 林 次郎 → 田中 一郎",
        "2 comments on HOJO-12",
        "new issue HOJO-13: 帳票の出力",
        "new minutes minutes/2026/2026-11-27-weekly.md: 第2回 定例会議",
        "",
    ]


def test_diff_as_markdown_for_a_pull_request(tmp_path, capsys):
    root = make_branch(tmp_path)
    capsys.readouterr()
    assert run(root, "diff", "main", "--format", "markdown", "--lang", "en") == 0
    out = capsys.readouterr().out
    assert out.startswith("### tsuzuri: what this change does\n\n- HOJO-12: status 未対応 → 処理中, assignee 林 次郎 → 田中 一郎\n")
    assert "- 2 comments on HOJO-12\n" in out


def test_authority_rejects_a_vendor_moving_a_due_date(tmp_path, capsys):
    root = make_repo(tmp_path)
    git(root, "switch", "-q", "-c", "work")
    run(root, "set", "HOJO-1", "status=処理中")
    commit_all(root, "Start HOJO-1", "tanaka")  # status is not protected
    capsys.readouterr()
    assert run(root, "check-authority", "main") == 0
    run(root, "set", "HOJO-1", "due=2026-12-20")
    commit_all(root, "Move HOJO-1", "tanaka")
    assert run(root, "check-authority", "main", "--lang", "en") == 1
    out = capsys.readouterr().out
    assert "by tanaka (vendor-a) changes `due` of HOJO-1" in out
    assert "authority rule 1 (fields: due, milestone) lets only office change it" in out
    assert run(root, "diff", "main", "--check-authority") == 1


def test_authority_allows_the_office_and_flags_unknown_authors(tmp_path, capsys):
    root = make_repo(tmp_path)
    git(root, "switch", "-q", "-c", "work")
    run(root, "set", "HOJO-1", "due=2026-12-20")
    commit_all(root, "Move HOJO-1", "sato")
    assert run(root, "check-authority", "main") == 0
    run(root, "set", "HOJO-1", "milestone=v1.0")
    git(root, "add", "-A")
    git(root, "-c", "user.email=bot@ci.example", "commit", "-q", "-m", "bot", "--author", "bot <bot@ci.example>")
    capsys.readouterr()
    assert run(root, "check-authority", "main", "--lang", "en") == 1
    assert "bot@ci.example (not a member in tsuzuri.yml) changes `milestone`" in capsys.readouterr().out


def test_show_prints_the_issue_s_history_from_git(tmp_path, capsys):
    root = make_branch(tmp_path)
    capsys.readouterr()
    assert run(root, "show", "HOJO-12", "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "history:\n" in out
    assert "hayashi: status 未対応 → 処理中\n" in out and "hayashi: assignee 林 次郎 → 田中 一郎\n" in out


def test_writing_an_id_as_its_label_is_no_change(tmp_path, capsys):
    root = make_repo(tmp_path)
    git(root, "switch", "-q", "-c", "work")
    run(root, "set", "HOJO-1", "priority=高", "title=入力チェックの仕様")
    commit_all(root, "Relabel", "tanaka")
    capsys.readouterr()
    assert run(root, "diff", "main", "--lang", "en") == 0
    assert capsys.readouterr().out == "HOJO-1: title 申請フォームの入力チェック → 入力チェックの仕様\n"
    (root / "tsuzuri.yml").write_text(
        (root / "tsuzuri.yml").read_text(encoding="utf-8").replace("fields: [due, milestone]", "fields: [due, milestone, priority]"),
        encoding="utf-8"
    )
    assert run(root, "check-authority", "main") == 0


def _tsuzuri(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TSUZURI_LANG"}  # the tracker's language speaks
    return subprocess.run([sys.executable, "-m", "tsuzuri", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_a_diff_git_cannot_answer_is_a_message_in_the_tracker_s_language(tmp_path):
    root = make_repo(tmp_path / "tracker")
    unknown = _tsuzuri("diff", "no-such-branch", "--root", str(root))
    assert unknown.returncode == 1 and unknown.stdout == ""  # the repository's state, not a wrong command line
    assert unknown.stderr == (
        "tsuzuri: `no-such-branch` はこのリポジトリのコミットではありません(リモートのブランチなら先に `git fetch` してください)\n"
    )
    for args in (("diff", "HEAD", "no-such-head"), ("check-authority", "no-such-branch"), ("validate", "--against", "no-such-branch")):
        done = _tsuzuri(*args, "--root", str(root)) if args[0] != "validate" else _tsuzuri(*args, str(root))
        assert done.returncode == 1 and "このリポジトリのコミットではありません" in done.stderr and "Traceback" not in done.stderr, args

    loose = tmp_path / "not-a-clone"
    shutil.copytree(root, loose, ignore=shutil.ignore_patterns(".git"))
    outside = _tsuzuri("diff", "main", "--root", str(loose))
    assert outside.returncode == 1 and "Traceback" not in outside.stderr
    assert outside.stderr == (f"tsuzuri: {loose} は Git リポジトリの中にないため、比べるコミットがありません"
                              "(課題管理のクローンの中で実行するか、--root でクローンを指定してください)\n")
    english = _tsuzuri("diff", "main", "--root", str(loose), "--lang", "en")
    assert english.returncode == 1 and english.stderr.startswith(f"tsuzuri: {loose} is not in a Git repository")
