"""``tsuzuri check-authority BASE [HEAD]``: who may change which fields, commit by commit."""

from __future__ import annotations

import click

from tsuzuri.adapters.cli.invocation import lang_option, language, root_option, tracker_root
from tsuzuri.changes.authority import check_authority
from tsuzuri.errors import EXIT_DATA, TsuzuriError
from tsuzuri.messages import say
from tsuzuri.store import load
from tsuzuri.store.gitrepo import GitError


@click.command("check-authority")
@click.argument("base")
@click.argument("head", default="HEAD")
@root_option
@lang_option
def command(base: str, head: str, root, lang: str | None) -> None:
    """Check each commit in BASE..HEAD against the `authority` rules of tsuzuri.yml."""
    root = tracker_root(root, lang)
    config = load(root).tracker.config
    lang = language(lang, config.language)
    try:
        violations = check_authority(root, config, base, head)
    except GitError as exc:
        raise TsuzuriError(exc.text(lang)) from None  # the repository's state, not the command line: exit 1
    for v in violations:
        click.echo(v.message(lang))
    if violations:
        click.echo(say(lang, "cli.authority.violations", count=len(violations)), err=True)
        raise click.exceptions.Exit(EXIT_DATA)
    click.echo(say(lang, "cli.authority.ok"), err=True)
