"""The CLI's last line of defence: the machine's state is a message, only tsuzuri's bugs exit 3."""

import subprocess

import click

from tsuzuri.adapters.cli.main import main


def test_an_output_path_that_cannot_be_written_names_the_path(minimal, tmp_path, capsys):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    git = ["git", "-C", str(minimal), "-c", "user.name=t", "-c", "user.email=t@example.go.jp"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    for args in (["feed", "--root", str(minimal), "--out", str(tmp_path / "a-file" / "feed.xml")],
                 ["schema", "--out", str(tmp_path / "a-file" / "schema")]):
        assert main(args) == 1, args
        err = capsys.readouterr().err
        assert "a-file" in err and "Traceback" not in err, args


def test_a_real_bug_still_exits_three(monkeypatch, capsys):
    @click.command("boom")
    def boom():
        raise OSError("no file involved")

    from tsuzuri.adapters.cli.main import cli

    monkeypatch.setitem(cli.commands, "boom", boom)
    assert main(["boom"]) == 3
    assert "Traceback" in capsys.readouterr().err
