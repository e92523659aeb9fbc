"""``tsuzuri init``: start a new tracker."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from tsuzuri import layout
from tsuzuri.adapters.cli.invocation import language as message_language
from tsuzuri.authoring.scaffold import init, next_steps, steps_text
from tsuzuri.errors import TsuzuriError, UsageError
from tsuzuri.messages import LANGUAGES, say


@click.command("init")
@click.argument("directory", default=".")
@click.option("--title", default=None, help="Site title (default: 課題管理, or \"Issue tracker\" with --language en).")
@click.option("--project", default="PRJ", show_default=True, metavar="KEY", help="Key of the first project (upper case).")
@click.option(
    "--language", type=click.Choice(LANGUAGES), default="ja", show_default=True, help="The tracker's language (`language:` in tsuzuri.yml)."
)
def command(directory: str, title: str, project: str, language: str) -> None:
    """Create tsuzuri.yml, mkdocs.yml and the folders of a new tracker."""
    lang = message_language(None, language)
    if not layout.PROJECT_KEY_RE.match(project):
        raise UsageError(say(lang, "cli.init.bad-project", project=project))
    try:
        written = init(Path(directory), title, project, language)
    except FileExistsError as exc:
        if exc.filename is None:  # scaffold's own refusal: a tsuzuri.yml is already there
            raise UsageError(say(lang, "cli.init.exists", path=exc)) from None
        raise TsuzuriError(say(lang, "cli.cannot-write", path=exc.filename, reason=exc.strerror)) from None
    except OSError as exc:  # a file where the folder should be, no permission, a missing drive
        raise TsuzuriError(say(lang, "cli.cannot-write", path=exc.filename or directory, reason=exc.strerror or exc)) from None
    for path in written:
        click.echo(say(lang, "cli.init.created", path=path))
    steps = next_steps(project, language)
    if Path(directory) != Path("."):
        steps.insert(0, (f"cd {shlex.quote(directory)}", ""))
    click.echo(say(lang, "cli.init.next", steps=steps_text(steps, indent="  ")))
