"""``tsuzuri show KEY``: one issue with its comments in the terminal."""

from __future__ import annotations

import click

from ...store import load
from ..context import root_option, tracker_root
from ..errors import UserError


@click.command("show")
@click.argument("key")
@root_option
def command(key: str, root) -> None:
    """Print issue KEY: fields, description and comments."""
    root = tracker_root(root)
    tracker = load(root).tracker
    issue = tracker.issues.get(key)
    if issue is None:
        raise UserError(f"issue {key} does not exist")
    config = tracker.config
    click.secho(f"{issue.key} {issue.title}", bold=True)
    rows = [
        ("status", config.label("statuses", issue.status)), ("type", config.label("types", issue.type)),
        ("priority", config.label("priorities", issue.priority)), ("assignee", issue.assignee),
        ("reporter", issue.reporter), ("milestone", issue.milestone), ("start", issue.start), ("due", issue.due),
        ("parent", issue.parent), ("categories", ", ".join(issue.categories)),
        ("links", "; ".join(f"{k}: {', '.join(v)}" for k, v in issue.links.items())),
    ]
    for name, value in rows:
        if value:
            click.echo(f"  {name:<10} {value}")
    if issue.body.strip():
        click.echo("\n" + issue.body.strip())
    for c in issue.comments:
        click.echo(f"\n--- {c.author} {c.date.isoformat() if c.date else ''}")
        click.echo(c.body.strip())
