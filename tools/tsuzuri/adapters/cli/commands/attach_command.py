"""``tsuzuri attach KEY FILE...``: copy files into an issue's files/ folder."""

from __future__ import annotations

from pathlib import Path

import click

from tsuzuri.adapters.cli.editing import reporting_rejections
from tsuzuri.adapters.cli.invocation import root_option, tracker_language, tracker_root
from tsuzuri.authoring.attach import attach
from tsuzuri.errors import TsuzuriError, UsageError
from tsuzuri.messages import say


@click.command("attach")
@click.argument("key")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@root_option
def command(key: str, files: tuple[str, ...], root) -> None:
    """Attach FILEs to issue KEY (all of them or, on any problem, none)."""
    root = tracker_root(root)
    lang = tracker_language(root)
    read = [(name, _read(name, lang)) for name in files]
    with reporting_rejections(root):
        attached = attach(root, key, read)
    for item in attached:
        click.echo(item.path)
        if item.renamed:
            click.echo("tsuzuri: " + say(lang, "cli.attach.renamed", path=item.source, name=item.name), err=True)
    click.echo(say(lang, "cli.attach.hint", name=attached[0].name.replace(" ", "%20")), err=True)


def _read(name: str, lang: str) -> bytes:
    """Return the bytes of a file named on the command line, or stop with a message naming it."""
    path = Path(name)
    if not path.exists():
        raise UsageError(say(lang, "cli.attach.no-file", path=name))
    if not path.is_file():
        raise UsageError(say(lang, "cli.attach.not-a-file", path=name))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TsuzuriError(say(lang, "cli.attach.cannot-read", path=name, reason=exc.strerror or exc)) from None
