"""``tsuzuri diff BASE [HEAD]``: a change explained in tracker terms, for people and PR comments."""

from __future__ import annotations

import click

from tsuzuri.adapters.cli.invocation import lang_option, language, root_option, tracker_root
from tsuzuri.changes.authority import check_authority
from tsuzuri.changes.diff import render, tracker_diff
from tsuzuri.errors import EXIT_DATA, TsuzuriError
from tsuzuri.messages import say
from tsuzuri.store import load
from tsuzuri.store.gitrepo import GitError


@click.command("diff")
@click.argument("base")
@click.argument("head", default="HEAD")
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="Output format (markdown for a pull request comment).",
)
@click.option("--check-authority", "authority", is_flag=True, help="Also check field authority rules; exit 1 on a violation.")
@lang_option
def command(base: str, head: str, root, fmt: str, authority: bool, lang: str | None) -> None:
    """Describe what HEAD changes since it left BASE: issues, fields, comments, minutes, WBS."""
    root = tracker_root(root, lang)
    config = load(root).tracker.config
    lang = language(lang, config.language)
    try:
        result = tracker_diff(root, base, head)
        violations = check_authority(root, config, base, head) if authority else []
    except GitError as exc:
        raise TsuzuriError(exc.text(lang)) from None  # the repository's state, not the command line: exit 1
    click.echo(render(result, config, fmt, lang), nl=False)
    if violations:
        for v in violations:
            click.echo(("- :x: " if fmt == "markdown" else say(lang, "authority.prefix")) + v.message(lang))
        raise click.exceptions.Exit(EXIT_DATA)
