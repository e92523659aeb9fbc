"""``tsuzuri show KEY``: one issue with its comments in the terminal."""

from __future__ import annotations

import click

from ...authoring.issues import Rejected, missing_issue
from ...messages import say
from ...store import load
from ...store.history import load_history
from ..context import root_option, tracker_language, tracker_root
from ..errors import UserError


@click.command("show")
@click.argument("key")
@root_option
@click.option("--history/--no-history", "with_history", default=True, help="Show who changed what, from Git (default: on).")
def command(key: str, root, with_history: bool) -> None:
    """Print issue KEY: fields, description, comments and the history of its fields."""
    root = tracker_root(root)
    history = load_history(root) if with_history else None
    loaded = load(root, history=history.files if history else None)
    tracker = loaded.tracker
    issue = tracker.issues.get(key)
    if issue is None:
        missing = missing_issue(loaded, key)
        lang = tracker_language(root)
        if isinstance(missing, Rejected):
            raise UserError("\n".join(f.text(lang) for f in missing.findings))
        raise UserError(say(lang, "ref.issue", key=key))
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
    timeline = history.timelines.get(key) if history else None
    if timeline:
        click.echo("\nhistory:")
        if timeline.created:
            click.echo(f"  {timeline.created:%Y-%m-%d %H:%M} {timeline.created_by}: created")
        for change in timeline.changes:
            vocabulary = {"status": "statuses", "type": "types", "priority": "priorities"}.get(change.field)
            old, new = ((config.label(vocabulary, v) if vocabulary else v) or "-" for v in (change.old, change.new))
            click.echo(f"  {change.when:%Y-%m-%d %H:%M} {change.author}: {change.field} {old} -> {new}")
