"""``tsuzuri list``: the issue list in the terminal, with the site's filters."""

from __future__ import annotations

import click

from ...issue_filter import IssueFilter, select
from ...store import load
from ..context import root_option, today, today_option, tracker_root


@click.command("list")
@root_option
@today_option
@click.option("--project", multiple=True)
@click.option("--status", multiple=True, help="Status id or label (repeatable).")
@click.option("--type", "type_", multiple=True)
@click.option("--assignee", multiple=True)
@click.option("--org", multiple=True, help="Organization of the assignee.")
@click.option("--milestone", multiple=True)
@click.option("--overdue", is_flag=True, help="Only open issues past their due date.")
@click.option("--text", default="", help="Words in the key, title, description or comments.")
def command(root, today_text, project, status, type_, assignee, org, milestone, overdue, text) -> None:
    """List issues matching every given filter."""
    root = tracker_root(root)
    tracker = load(root).tracker
    config = tracker.config
    f = IssueFilter(project, status, type_, assignee, org, milestone, overdue, text)
    for issue in select(tracker, f, today(today_text)):
        due = issue.due.isoformat() if issue.due else "-"
        click.echo(f"{issue.key}\t{config.label('statuses', issue.status)}\t{issue.assignee or '-'}\t{due}\t{issue.title}")
