"""``tsuzuri close KEY``: move an issue to the first status marked done."""

from __future__ import annotations

import click

from tsuzuri.adapters.cli.editing import reporting_rejections
from tsuzuri.adapters.cli.invocation import lang_option, language, root_option, tracker_root
from tsuzuri.authoring.issues import close_issue
from tsuzuri.messages import say
from tsuzuri.store import load


@click.command("close")
@click.argument("key")
@root_option
@lang_option
def command(key: str, root, lang: str | None) -> None:
    """Close issue KEY."""
    root = tracker_root(root, lang)
    with reporting_rejections(root):
        status = close_issue(root, key)
    config = load(root).tracker.config
    click.echo(say(language(lang, config.language), "cli.close.done", key=key, status=config.label("statuses", status)))
