"""``tsuzuri actions MINUTES``: turn unlinked action items into issues."""

from __future__ import annotations

from pathlib import Path

import click

from tsuzuri.adapters.cli.editing import acting_member, reporting_rejections
from tsuzuri.adapters.cli.invocation import root_option, tracker_language, tracker_root
from tsuzuri.authoring.action_items import convert_actions
from tsuzuri.authoring.issues import load_for_edit
from tsuzuri.errors import UsageError
from tsuzuri.messages import say


@click.command("actions")
@click.argument("minutes_file")
@root_option
@click.option("--project", metavar="KEY", help="Project of the new issues (default: the minutes' project).")
@click.option("--author", help="Reporter of the new issues (default: matched from git user.email).")
def command(minutes_file: str, root, project, author) -> None:
    """Create an issue for each `- [ ] @who what 期限:...` line without a key, and write the keys back."""
    root = tracker_root(root)
    path = Path(minutes_file)
    if not path.is_absolute():
        # Accept a path from the current folder or from the tracker's root.
        path = Path.cwd() / path if (Path.cwd() / path).exists() else root / path
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(say(tracker_language(root), "cli.outside-tracker", path=minutes_file, root=root)) from None
    with reporting_rejections(root):
        config = load_for_edit(root).tracker.config
    reporter = acting_member(config, root, author)
    with reporting_rejections(root):
        created = convert_actions(root, rel, project or "", reporter)
    for c in created:
        click.echo(f"{c.key}: {c.item.text}")
    if not created:
        click.echo(say(tracker_language(root), "cli.actions.none"), err=True)
