"""``tsuzuri feed``: an Atom feed of the tracker's recent changes, from Git history."""

from __future__ import annotations

from pathlib import Path

import click

from tsuzuri.adapters.cli.invocation import lang_option, root_option, tracker_language, tracker_root
from tsuzuri.changes.feed import atom
from tsuzuri.errors import TsuzuriError
from tsuzuri.messages import say
from tsuzuri.store import load
from tsuzuri.store.history import load_history


@click.command("feed")
@root_option
@click.option("--out", "out", default="-", metavar="FILE", help="Where to write the feed (default: standard output).")
@click.option("--limit", default=50, show_default=True, help="How many changes to include.")
@click.option("--site-url", default="", help="Address of the published site (default: site_url in tsuzuri.yml).")
@lang_option
def command(root, out: str, limit: int, site_url: str, lang: str | None) -> None:
    """Write recent issue changes, comments and minutes as Atom XML."""
    root = tracker_root(root, lang)
    lang = tracker_language(root, lang)
    history = load_history(root)
    if not history:
        raise TsuzuriError(say(lang, "cli.feed.no-history", root=root))
    text = atom(history, load(root).tracker.config, site_url, limit, lang)
    if out == "-":
        click.echo(text, nl=False)
    else:
        Path(out).write_text(text, encoding="utf-8")
