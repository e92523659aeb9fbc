"""Merge safety with real Git: comments, key clashes and renumbering, field conflicts."""

from tracker_fixture import git, make_repo
from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load


def run(root, *args):
    return main([*args, "--root", str(root)]) if args[0] != "validate" else main([args[0], str(root), *args[1:]])


def commit_all(root, message, author):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, author=author)


def test_comments_on_two_branches_merge_cleanly_and_both_survive(tmp_path):
    root = make_repo(tmp_path)
    git(root, "switch", "-q", "-c", "vendor")
    assert run(root, "comment", "HOJO-1", "--author", "tanaka", "--body", "仕様書を更新しました。") == 0
    commit_all(root, "Comment on HOJO-1", "tanaka")
    git(root, "switch", "-q", "main")
    assert run(root, "comment", "HOJO-1", "--author", "yamada", "--body", "確認します。") == 0
    commit_all(root, "Comment on HOJO-1", "yamada")
    merged = git(root, "merge", "--no-edit", "vendor", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    comments = load(root).tracker.issues["HOJO-1"].comments
    assert sorted(c.author for c in comments) == ["tanaka", "yamada"]
    assert run(root, "validate") == 0


def test_two_branches_creating_the_next_issue_are_caught_and_renumbered(tmp_path, capsys):
    root = make_repo(tmp_path)
    git(root, "switch", "-q", "-c", "feature")
    assert run(root, "new", "issue", "--project", "HOJO", "--title", "帳票", "--author", "tanaka", "--body", "HOJO-1 の関連。") == 0
    assert run(root, "comment", "HOJO-13", "--author", "tanaka", "--body", "HOJO-13 の補足。") == 0
    # Other files on the branch refer to the new issue; HOJO-1 and HOJO-12 must stay as they are.
    issue12 = root / "issues/HOJO/HOJO-12.md"
    issue12.write_text(
        issue12.read_text(encoding="utf-8").replace("links: {relates: [HOJO-1]}", "links: {relates: [HOJO-1, HOJO-13]}"), encoding="utf-8"
    )
    minutes = root / "minutes/2026/2026-11-20-weekly.md"
    minutes.write_text(minutes.read_text(encoding="utf-8") + "- HOJO-13 を起票した。HOJO-1 とは別。\n", encoding="utf-8")
    (root / "wbs").mkdir()
    (root / "wbs/HOJO.yml").write_text(
        'items:\n  - {id: "1", title: 帳票, start: 2026-12-01, end: 2026-12-10, issues: [HOJO-13]}\n', encoding="utf-8"
    )
    commit_all(root, "Add HOJO-13", "tanaka")
    git(root, "switch", "-q", "main")
    assert run(root, "new", "issue", "--project", "HOJO", "--title", "別の課題", "--author", "yamada") == 0
    commit_all(root, "Add HOJO-13 on main", "yamada")
    git(root, "switch", "-q", "feature")
    capsys.readouterr()

    assert run(root, "validate", "--against", "main") == 1
    out = capsys.readouterr().out
    assert "issues/HOJO/HOJO-13.md:1:1: error[key-clash]" in out and "tsuzuri renumber HOJO-13 --against main" in out
    assert run(root, "validate") == 0  # on its own the branch is fine

    assert run(root, "renumber", "HOJO-13", "--against", "main") == 0
    assert "HOJO-13 -> HOJO-14" in capsys.readouterr().out
    tracker = load(root).tracker
    moved = tracker.issues["HOJO-14"]
    assert moved.title == "帳票" and "HOJO-1 の関連" in moved.body
    assert [c.body.strip() for c in moved.comments] == ["HOJO-14 の補足。"]
    assert tracker.issues["HOJO-12"].links["relates"] == ("HOJO-1", "HOJO-14")
    assert tracker.issues["HOJO-12"].parent == "HOJO-1" and tracker.issues["HOJO-12"].body.strip() == "HOJO-1 と関連。"
    assert "HOJO-14 を起票した。HOJO-1 とは別。" in minutes.read_text(encoding="utf-8")
    assert tracker.wbs["HOJO"].items[0].issues == ("HOJO-14",)
    commit_all(root, "Renumber HOJO-13 to HOJO-14", "tanaka")
    assert run(root, "validate", "--against", "main") == 0

    git(root, "switch", "-q", "main")
    assert git(root, "merge", "--no-edit", "feature", check=False).returncode == 0
    tracker = load(root).tracker
    assert (tracker.issues["HOJO-13"].title, tracker.issues["HOJO-14"].title) == ("別の課題", "帳票")
    assert run(root, "validate") == 0


def test_renumber_to_a_taken_key_is_refused(tmp_path):
    root = make_repo(tmp_path)
    assert run(root, "renumber", "HOJO-12", "--to", "HOJO-1") == 1
    assert (root / "issues/HOJO/HOJO-12.md").is_file()


def test_same_field_on_two_branches_conflicts_and_the_validator_rejects_the_markers(tmp_path, capsys):
    root = make_repo(tmp_path)
    git(root, "switch", "-q", "-c", "vendor")
    assert run(root, "set", "HOJO-1", "status=処理中") == 0
    commit_all(root, "Start HOJO-1", "tanaka")
    git(root, "switch", "-q", "main")
    assert run(root, "set", "HOJO-1", "status=resolved") == 0
    commit_all(root, "Resolve HOJO-1", "yamada")
    assert git(root, "merge", "--no-edit", "vendor", check=False).returncode != 0
    commit_all(root, "Merge with the conflict left in", "yamada")
    capsys.readouterr()
    assert run(root, "validate") == 1
    out = capsys.readouterr().out
    assert "issues/HOJO/HOJO-1.md:" in out and "error[conflict-marker]" in out


def test_renumber_to_a_chosen_key_moves_comments_and_files(tmp_path):
    root = make_repo(tmp_path)
    assert run(root, "comment", "HOJO-12", "--author", "hayashi", "--body", "図は issues/HOJO/HOJO-12/files/図.png を参照。") == 0
    (root / "issues/HOJO/HOJO-12/files").mkdir()
    (root / "issues/HOJO/HOJO-12/files/図.png").write_bytes(b"\x89PNG")
    assert run(root, "renumber", "HOJO-12", "--to", "HOJO-40") == 0
    assert not (root / "issues/HOJO/HOJO-12").exists()
    issue = load(root).tracker.issues["HOJO-40"]
    assert [a.name for a in issue.attachments] == ["図.png"]
    assert issue.comments[0].body.strip() == "図は issues/HOJO/HOJO-40/files/図.png を参照。"
    assert load(root).tracker.issues["HOJO-1"].title == "申請フォームの入力チェック"
    assert run(root, "validate") == 0


def _snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def test_a_renumber_that_fails_half_way_leaves_every_file_as_it_was(tmp_path, monkeypatch, capsys):
    from tsuzuri.store import transaction

    root = make_repo(tmp_path)
    assert run(root, "comment", "HOJO-12", "--author", "hayashi", "--body", "HOJO-12 の図を添付。") == 0
    (root / "issues/HOJO/HOJO-12/files").mkdir()
    (root / "issues/HOJO/HOJO-12/files/図.png").write_bytes(b"\x89PNG")
    before = _snapshot(root)
    moved, failed = [], []
    real_replace = transaction.os.replace

    def failing_replace(src, dst):  # the disk fills up once, after some files have moved
        if len(moved) == 4 and not failed:
            failed.append(dst)
            raise OSError(28, "No space left on device", str(dst))
        moved.append(dst)
        return real_replace(src, dst)

    monkeypatch.setattr(transaction.os, "replace", failing_replace)
    assert run(root, "renumber", "HOJO-12", "--to", "HOJO-40") == 1
    monkeypatch.setattr(transaction.os, "replace", real_replace)
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err, err
    assert failed and _snapshot(root) == before
    assert transaction.leftovers(root) == []
    assert run(root, "validate") == 0


def test_a_renumber_killed_half_way_is_rolled_back_by_the_next_command(tmp_path):
    import subprocess
    import sys

    from tsuzuri.store import transaction

    root = make_repo(tmp_path)
    (root / "issues/HOJO/HOJO-12/files").mkdir(parents=True)
    (root / "issues/HOJO/HOJO-12/files/図.png").write_bytes(b"\x89PNG")
    before = _snapshot(root)
    # A process that dies (os._exit: no clean-up, as with SIGKILL) after moving three files into place.
    script = (
        "import os, sys\n"
        "from tsuzuri.store import transaction\n"
        "from tsuzuri.authoring.renumbering import renumber\n"
        "real, count = transaction.os.replace, [0]\n"
        "def dying(src, dst):\n"
        "    real(src, dst)\n"
        "    count[0] += 1\n"
        "    if count[0] == 3:\n"
        "        os._exit(9)\n"
        "transaction.os.replace = dying\n"
        "renumber(__import__('pathlib').Path(sys.argv[1]), 'HOJO-12', 'HOJO-40')\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    assert _snapshot(root) != before and len(transaction.leftovers(root)) == 1  # half moved, journal left
    assert run(root, "validate") == 0  # the next command rolls it back before it reads the tracker
    assert _snapshot(root) == before and transaction.leftovers(root) == []
