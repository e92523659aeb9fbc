"""One error tree: every exception tsuzuri raises for a person derives from TsuzuriError and carries its exit code."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import tsuzuri
from tsuzuri.adapters.cli.main import main
from tsuzuri.errors import EXIT_DATA, EXIT_USAGE, TsuzuriError, UsageError
from tsuzuri.messages import Message
from tsuzuri.store.gitrepo import GitError

# Not errors for a person: internal control flow, caught where it is raised, and the signal.
NOT_FOR_PEOPLE = {"tsuzuri.formats.yamlsafe._Refused", "tsuzuri.adapters.cli.main.Terminated"}


def exception_classes() -> dict[str, type]:
    found = {}
    for info in pkgutil.walk_packages(tsuzuri.__path__, "tsuzuri."):
        if info.name == "tsuzuri.__main__":  # importing it runs the command line
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                found[f"{info.name}.{name}"] = value
    return found


def test_every_exception_class_of_the_package_is_in_the_one_tree():
    classes = exception_classes()
    assert len(classes) >= 20
    outside = sorted(name for name, cls in classes.items() if not issubclass(cls, TsuzuriError) and name not in NOT_FOR_PEOPLE)
    assert outside == []


def test_exit_codes_are_declared_by_the_tree():
    classes = exception_classes()
    usage = sorted(name.rsplit(".", 1)[1] for name, cls in classes.items() if issubclass(cls, TsuzuriError) and cls.exit_code == EXIT_USAGE)
    assert usage == ["BadDay", "FilterProblem", "UsageError"]
    assert all(cls.exit_code == EXIT_DATA for cls in classes.values() if issubclass(cls, TsuzuriError) and not issubclass(cls, UsageError))


def test_a_message_is_said_in_the_language_asked():
    problem = GitError(Message("git.not-a-commit", ref="v9"))
    assert "v9" in problem.text("ja") and problem.text("ja") != problem.text("en")


def test_a_wrong_day_on_the_command_line_exits_2_with_a_message(tmp_path, capsys):
    (tmp_path / "tsuzuri.yml").write_text("language: en\nprojects: [{key: A, name: A}]\n", encoding="utf-8")
    assert main(["list", "--root", str(tmp_path), "--today", "tomorrow"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "tomorrow" in err and "Traceback" not in err
