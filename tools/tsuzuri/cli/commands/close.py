"""``tsuzuri close KEY``: move an issue to the first status marked done."""

from __future__ import annotations

import click

from ...authoring.issues import close_issue
from ..context import root_option, tracker_root
from ..editing import reporting_rejections


@click.command("close")
@click.argument("key")
@root_option
def command(key: str, root) -> None:
    """Close issue KEY."""
    root = tracker_root(root)
    with reporting_rejections(root):
        status = close_issue(root, key)
    click.echo(f"{key}: {status}")
