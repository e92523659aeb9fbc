"""Every command's --help: each option explained, and the same name and metavar for the same thing."""

import click
import pytest

from tsuzuri.adapters.cli.main import cli, main

# Options that mean the same thing everywhere, with the metavar they show.
SHARED = {"--root": "PATH", "--today": "YYYY-MM-DD", "--project": "KEY"}
NO_TRACKER = {"tsuzuri init", "tsuzuri schema"}  # they make files, not read a tracker


def _leaves(command, name="tsuzuri"):
    if isinstance(command, click.Group):
        for sub, child in command.commands.items():
            yield from _leaves(child, f"{name} {sub}")
    else:
        yield name, command


LEAVES = sorted(_leaves(cli), key=lambda pair: pair[0])


@pytest.mark.parametrize(("name", "command"), LEAVES, ids=[n for n, _ in LEAVES])
def test_options_are_explained_and_named_alike(name, command):
    options = [p for p in command.params if isinstance(p, click.Option)]
    assert not [o.opts[0] for o in options if not o.help], f"{name}: options without help"
    flags = {flag: o for o in options for flag in o.opts}
    for flag, metavar in SHARED.items():
        if flag in flags:
            assert flags[flag].metavar == metavar, (name, flag)
    if name not in NO_TRACKER:
        assert "--root" in flags, f"{name} has no --root"
    assert "--language" not in flags or "--lang" in flags or name == "tsuzuri init", f"{name}: use --lang for the language of output"


@pytest.mark.parametrize("name", [n for n, _ in LEAVES])
def test_help_exits_zero(name, capsys):
    assert main([*name.split()[1:], "--help"]) == 0
    assert "Usage:" in capsys.readouterr().out


def test_validate_takes_root_like_the_others(minimal, capsys):
    assert main(["validate", "--root", str(minimal)]) == 0
    assert main(["validate", str(minimal), "--root", str(minimal)]) == 2
