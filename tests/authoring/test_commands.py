"""The authoring verbs end to end through the CLI, on a fixture tracker."""

import subprocess

from tracker_fixture import ISSUE_1, make_tracker
from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load


def run(root, *args):
    return main([*args, "--root", str(root)])


def test_set_accepts_labels_and_changes_one_line(tmp_path):
    root = make_tracker(tmp_path)
    assert run(root, "set", "HOJO-1", "status=処理中", "assignee=hayashi") == 0
    text = (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8")
    assert "status: 処理中          # 未対応" in text
    assert "assignee: hayashi" in text
    assert load(root).tracker.issues["HOJO-1"].status == "in_progress"


def test_set_with_one_bad_value_writes_nothing(tmp_path, capsys):
    root = make_tracker(tmp_path)
    assert run(root, "set", "HOJO-1", "status=処理中", "assignee=nobody") == 1
    assert (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8") == ISSUE_1
    assert "nobody" in capsys.readouterr().err


def test_set_rejects_a_bad_date_and_an_unknown_field(tmp_path):
    root = make_tracker(tmp_path)
    assert run(root, "set", "HOJO-1", "due=2026-13-01") == 1
    assert run(root, "set", "HOJO-1", "colour=red") == 1
    assert (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8") == ISSUE_1


def test_close_moves_to_the_first_done_status(tmp_path):
    root = make_tracker(tmp_path)
    assert run(root, "close", "HOJO-12") == 0
    assert load(root).tracker.issues["HOJO-12"].status == "closed"


def test_new_issue_takes_the_next_key_and_validates(tmp_path, capsys):
    root = make_tracker(tmp_path)
    assert run(
        root, "new", "issue", "--project", "HOJO", "--title", "帳票の出力", "--type", "タスク", "--assignee", "tanaka", "--due",
        "2026-12-10", "--author", "yamada", "--body", "PDF で出力する。"
    ) == 0
    assert capsys.readouterr().out.strip() == "HOJO-13"
    issue = load(root).tracker.issues["HOJO-13"]
    assert (
        issue.title, issue.assignee, issue.reporter, issue.status, str(issue.due)
    ) == ("帳票の出力", "tanaka", "yamada", "open", "2026-12-10")
    assert run(root, "new", "issue", "--project", "HOJO", "--title", "x", "--assignee", "ghost", "--author", "yamada") == 1
    assert not (root / "issues/HOJO/HOJO-14.md").exists()


def test_comment_author_comes_from_git_email(tmp_path, monkeypatch):
    root = make_tracker(tmp_path)
    # A real checkout whose user.email is one of tanaka's aliases, in another case.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "config", "user.email", "ICHIRO@home.example"], cwd=root, check=True)
    assert run(root, "comment", "HOJO-1", "--body", "確認しました。") == 0
    comments = load(root).tracker.issues["HOJO-1"].comments
    assert [(c.author, c.body.strip()) for c in comments] == [("tanaka", "確認しました。")]


def test_comment_on_a_missing_issue_is_a_user_error(tmp_path):
    root = make_tracker(tmp_path)
    assert run(root, "comment", "HOJO-99", "--author", "yamada", "--body", "x") == 1


def test_list_filters_like_the_site(tmp_path, capsys):
    root = make_tracker(tmp_path)
    assert run(root, "list", "--org", "vendor-a", "--overdue", "--today", "2026-12-01") == 0
    out = capsys.readouterr().out
    assert "HOJO-1\t未対応\ttanaka\t2026-11-30" in out and "HOJO-12" not in out
    assert run(root, "list", "--text", "認証") == 0
    assert capsys.readouterr().out.startswith("HOJO-12\t")


def test_show_prints_fields_and_comments(tmp_path, capsys):
    root = make_tracker(tmp_path)
    run(root, "comment", "HOJO-1", "--author", "sato", "--body", "回答を待っています。")
    capsys.readouterr()
    assert run(root, "show", "HOJO-1") == 0
    out = capsys.readouterr().out
    assert "HOJO-1 申請フォームの入力チェック" in out and "未対応" in out and "回答を待っています。" in out


def test_actions_turn_unlinked_items_into_issues_and_write_keys_back(tmp_path, capsys):
    root = make_tracker(tmp_path)
    minutes = root / "minutes/2026/2026-11-20-weekly.md"
    assert run(root, "actions", str(minutes), "--author", "yamada") == 0
    text = minutes.read_text(encoding="utf-8")
    assert "- [ ] @hayashi 認証方式の比較資料を作る 期限:2026-11-30 HOJO-13" in text
    assert "- [x] @yamada 議事録を送る\n" in text  # done items are left alone
    issue = load(root).tracker.issues["HOJO-13"]
    assert (issue.title, issue.assignee, str(issue.due)) == ("認証方式の比較資料を作る", "hayashi", "2026-11-30")
    assert run(root, "actions", str(minutes), "--author", "yamada") == 0
    assert "HOJO-14" not in load(root).tracker.issues


def test_new_minutes_writes_a_valid_file(tmp_path, capsys):
    root = make_tracker(tmp_path)
    assert run(
        root, "new", "minutes", "--title", "第2回", "--date", "2026-11-27", "--slug", "weekly", "--project", "HOJO", "--attendee", "yamada",
        "--body", "HOJO-1 を確認。"
    ) == 0
    assert capsys.readouterr().out.strip() == "minutes/2026/2026-11-27-weekly.md"
    assert load(root).tracker.minutes[-1].mentions == ("HOJO-1",)


def test_set_links_by_kind_and_remove_a_field_with_an_empty_value(tmp_path):
    root = make_tracker(tmp_path)
    assert run(root, "set", "HOJO-12", "links.blocks=HOJO-1", "parent=") == 0
    text = (root / "issues/HOJO/HOJO-12.md").read_text(encoding="utf-8")
    assert "links: {relates: [HOJO-1], blocks: [HOJO-1]}" in text and "parent:" not in text
    issue = load(root).tracker.issues["HOJO-12"]
    assert issue.links == {"relates": ("HOJO-1",), "blocks": ("HOJO-1",)} and issue.parent == ""
    assert run(root, "set", "HOJO-12", "links.blocks=HOJO-99") == 1


def test_set_is_checked_against_the_cross_record_rules_too(tmp_path, capsys):
    root = make_tracker(tmp_path)
    assert run(root, "set", "HOJO-1", "start=2026-12-05") == 1  # after the due date 2026-11-30
    assert "date-order" in capsys.readouterr().err
    assert run(root, "set", "HOJO-12", "parent=HOJO-12") == 1
    assert (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8") == ISSUE_1


def test_actions_accepts_a_path_from_the_tracker_root(tmp_path, monkeypatch):
    root = make_tracker(tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    assert run(root, "actions", "minutes/2026/2026-11-20-weekly.md", "--author", "yamada") == 0
    assert "HOJO-13" in load(root).tracker.issues


def test_new_issue_prompts_and_opens_the_editor_at_a_terminal(tmp_path, monkeypatch):
    import click
    from click.testing import CliRunner

    from tsuzuri.adapters.cli.main import cli

    root = make_tracker(tmp_path)
    monkeypatch.setattr("tsuzuri.adapters.cli.commands.new.interactive", lambda: True)
    monkeypatch.setattr("tsuzuri.adapters.cli.editing.interactive", lambda: True)
    monkeypatch.setattr(click, "edit", lambda text="", extension="": "エディタで書いた説明。\n")
    result = CliRunner().invoke(cli, ["new", "issue", "--root", str(root), "--author", "sato"], input="\n画面の文言修正\n")
    assert result.exit_code == 0, result.output
    issue = load(root).tracker.issues["HOJO-13"]
    assert (issue.project, issue.title, issue.body.strip(), issue.reporter) == ("HOJO", "画面の文言修正", "エディタで書いた説明。", "sato")


def test_set_keeps_a_windows_file_s_bom_and_crlf(tmp_path):
    root = make_tracker(tmp_path)
    path = root / "issues/HOJO/HOJO-1.md"
    original = b"\xef\xbb\xbf" + ISSUE_1.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    assert run(root, "set", "HOJO-1", "priority=normal") == 0
    after = path.read_bytes()
    assert after == original.replace(b"priority: high", b"priority: normal")


def test_set_writes_a_full_width_date_as_a_plain_date(tmp_path):
    root = make_tracker(tmp_path)
    assert run(root, "set", "HOJO-1", "due=２０２６-１２-０１") == 0
    text = (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8")
    assert "due: 2026-12-01" in text
    assert "２" not in text


def test_actions_with_one_unknown_member_writes_nothing_and_points_at_its_line(tmp_path, capsys):
    root = make_tracker(tmp_path)
    minutes = root / "minutes/2026/2026-11-20-weekly.md"
    before = minutes.read_text(encoding="utf-8")
    minutes.write_text(before.rstrip("\n") + "\n- [ ] @hayashii 誤記のある担当 期限:2026-12-08\n", encoding="utf-8")
    typo_line = minutes.read_text(encoding="utf-8").split("\n").index("- [ ] @hayashii 誤記のある担当 期限:2026-12-08") + 1
    assert run(root, "actions", str(minutes), "--author", "yamada") == 1
    err = capsys.readouterr().err
    assert f"minutes/2026/2026-11-20-weekly.md:{typo_line}:1:" in err and "hayashii" in err
    assert "HOJO-13" not in load(root).tracker.issues
    assert "HOJO-13" not in minutes.read_text(encoding="utf-8")


def test_an_unreadable_issue_is_reported_as_such_not_as_missing(tmp_path, capsys):
    root = make_tracker(tmp_path)
    path = root / "issues/HOJO/HOJO-1.md"
    path.write_bytes(ISSUE_1.encode("cp932"))
    for args in (("set", "HOJO-1", "status=処理中"), ("comment", "HOJO-1", "--author", "sato", "--body", "x"), ("show", "HOJO-1")):
        assert run(root, *args) == 1
        err = capsys.readouterr().err
        assert "issues/HOJO/HOJO-1.md:" in err and "error[encoding]" in err and "存在しません" not in err, args
    assert path.read_bytes() == ISSUE_1.encode("cp932")
    assert run(root, "show", "HOJO-99") == 1
    assert "HOJO-99 は存在しません" in capsys.readouterr().err


def test_an_issue_in_another_projects_folder_is_named_with_its_folder(tmp_path, capsys):
    root = make_tracker(tmp_path)
    (root / "issues/OTHER").mkdir()
    (root / "issues/HOJO/HOJO-1.md").rename(root / "issues/OTHER/HOJO-1.md")
    assert run(root, "set", "HOJO-1", "status=処理中") == 1
    assert "issues/OTHER/HOJO-1.md:" in capsys.readouterr().err


def test_body_file_mistakes_are_messages_not_tracebacks(tmp_path, capsys):
    root = make_tracker(tmp_path)
    assert run(root, "comment", "HOJO-1", "--author", "sato", "--body-file", str(tmp_path / "missing.txt")) == 2
    assert "missing.txt" in capsys.readouterr().err
    sjis = tmp_path / "sjis.txt"
    sjis.write_bytes("確認しました。".encode("cp932"))
    assert run(root, "new", "issue", "--project", "HOJO", "--title", "x", "--author", "yamada", "--body-file", str(sjis)) == 1
    err = capsys.readouterr().err
    assert "sjis.txt" in err and "Shift_JIS" in err and "Traceback" not in err
    assert not (root / "issues/HOJO/HOJO-13.md").exists()


def test_body_file_with_crlf_and_bom_is_read_as_plain_text(tmp_path):
    root = make_tracker(tmp_path)
    body = tmp_path / "body.txt"
    body.write_bytes(b"\xef\xbb\xbf" + "一行目\r\n二行目\r\n".encode())
    assert run(root, "comment", "HOJO-1", "--author", "sato", "--body-file", str(body)) == 0
    comment = load(root).tracker.issues["HOJO-1"].comments[-1]
    assert comment.body.strip() == "一行目\n二行目"


def test_list_refuses_a_misspelt_filter_instead_of_listing_nothing(tmp_path, capsys):
    root = make_tracker(tmp_path)
    assert run(root, "list", "--status", "処理中") == 0
    capsys.readouterr()
    for option, value in (
        ("--project", "HOJ"), ("--status", "処理チュウ"), ("--type", "bug"), ("--assignee", "yamda"), ("--org", "vendor-b")
    ):
        assert run(root, "list", option, value) == 2, option
        err = capsys.readouterr().err
        assert option in err and value in err


def test_list_overdue_counts_days_in_the_trackers_time_zone(tmp_path, capsys, monkeypatch):
    root = make_tracker(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796081400")  # 2026-11-30 23:30 UTC = 2026-12-01 08:30 JST
    assert run(root, "list", "--overdue") == 0
    assert "HOJO-1\t" in capsys.readouterr().out  # due 2026-11-30: overdue in Tokyo


def test_edits_are_refused_with_the_reason_while_tsuzuri_yml_is_broken(tmp_path, capsys):
    root = make_tracker(tmp_path)
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - {id: sato", "\t- {id: sato"), encoding="utf-8")
    for args in (("set", "HOJO-1", "status=処理中"), ("comment", "HOJO-1", "--author", "sato", "--body", "x"),
                 ("new", "issue", "--project", "HOJO", "--title", "x", "--author", "sato"), ("close", "HOJO-1")):
        assert run(root, *args) == 1, args
        err = capsys.readouterr().err
        assert "tsuzuri.yml:8:1: error[yaml-syntax]" in err and "sato` は" not in err, args
    assert (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8") == ISSUE_1
    assert not (root / "issues/HOJO/HOJO-13.md").exists()


def test_list_says_which_issue_files_it_could_not_read(tmp_path, capsys):
    root = make_tracker(tmp_path)
    (root / "issues/HOJO/HOJO-1.md").write_bytes(ISSUE_1.encode("cp932"))
    assert run(root, "list") == 0
    captured = capsys.readouterr()
    assert "HOJO-1\t" not in captured.out and "HOJO-12\t" in captured.out
    assert "issues/HOJO/HOJO-1.md" in captured.err and "tsuzuri validate" in captured.err
