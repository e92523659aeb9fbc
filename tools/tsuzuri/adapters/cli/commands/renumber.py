"""``tsuzuri renumber KEY``: move this branch's issue to a free key and fix every reference."""

from __future__ import annotations

import click

from tsuzuri.adapters.cli.editing import reporting_rejections
from tsuzuri.adapters.cli.invocation import lang_option, root_option, tracker_language, tracker_root
from tsuzuri.authoring.renumbering import renumber
from tsuzuri.errors import TsuzuriError
from tsuzuri.messages import say
from tsuzuri.store.gitrepo import GitError


@click.command("renumber")
@click.argument("key")
@root_option
@click.option("--to", "new_key", default="", metavar="KEY", help="The new key (default: the next key free here and on --against).")
@click.option("--against", "ref", default="", metavar="REF", help="Also keep clear of keys on this branch (e.g. origin/main).")
@lang_option
def command(key: str, root, new_key: str, ref: str, lang: str | None) -> None:
    """Renumber issue KEY: move its file, comments and files, and rewrite references to it."""
    root = tracker_root(root, lang)
    try:
        with reporting_rejections(root):
            moved_to, rewritten = renumber(root, key, new_key, ref)
    except GitError as exc:
        raise TsuzuriError(f"git: {exc.text(tracker_language(root, lang))}") from None
    except OSError as exc:  # a full disk, a read-only folder: nothing was changed (the move is one transaction)
        path = exc.filename or root
        raise TsuzuriError(say(tracker_language(root, lang), "cli.cannot-write", path=path, reason=exc.strerror or exc)) from None
    click.echo(f"{key} -> {moved_to}")
    for rel in rewritten:
        click.echo("  " + say(tracker_language(root, lang), "cli.renumber.rewrote", path=rel))
