"""``tsuzuri diff BASE [HEAD]``: a change explained in tracker terms, for people and PR comments."""

from __future__ import annotations

import click

from ...authority import check_authority
from ...store import load
from ...store.gitrepo import GitError
from ...tracker_diff import render, tracker_diff
from ..context import root_option, tracker_root
from ..errors import EXIT_DATA, UsageError


@click.command("diff")
@click.argument("base")
@click.argument("head", default="HEAD")
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True, help="Output format (markdown for a pull request comment).")
@click.option("--check-authority", "authority", is_flag=True, help="Also check field authority rules; exit 1 on a violation.")
def command(base: str, head: str, root, fmt: str, authority: bool) -> None:
    """Describe what HEAD changes since it left BASE: issues, fields, comments, minutes, WBS."""
    root = tracker_root(root)
    config = load(root).tracker.config
    try:
        result = tracker_diff(root, base, head)
        violations = check_authority(root, config, base, head) if authority else []
    except GitError as exc:
        raise UsageError(f"git: {exc}") from None
    click.echo(render(result, config, fmt), nl=False)
    if violations:
        for v in violations:
            click.echo(("- :x: " if fmt == "markdown" else "authority: ") + v.message())
        raise click.exceptions.Exit(EXIT_DATA)
