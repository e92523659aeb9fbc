"""``tsuzuri list``: the issue list in the terminal, with the site's filters."""

from __future__ import annotations

import click

from tsuzuri.adapters.cli.errors import UsageError
from tsuzuri.adapters.cli.invocation import root_option, today, today_option, tracker_language, tracker_root
from tsuzuri.messages import say
from tsuzuri.model import resolve_choice
from tsuzuri.query import IssueFilter, select
from tsuzuri.store import load


@click.command("list")
@root_option
@today_option
@click.option("--project", multiple=True, metavar="KEY", help="Project key (repeatable).")
@click.option("--status", multiple=True, help="Status id or label (repeatable).")
@click.option("--type", "type_", multiple=True, help="Type id or label (repeatable).")
@click.option("--assignee", multiple=True, help="Member id, name, family name or mail address (repeatable).")
@click.option("--org", multiple=True, help="Organization of the assignee, by id or name (repeatable).")
@click.option("--milestone", multiple=True, help="Milestone id (repeatable).")
@click.option("--overdue", is_flag=True, help="Only open issues past their due date.")
@click.option("--text", default="", help="Words in the key, title, description or comments.")
def command(root, today_text, project, status, type_, assignee, org, milestone, overdue, text) -> None:
    """List issues matching every given filter."""
    root = tracker_root(root)
    loaded = load(root)
    tracker = loaded.tracker
    config = tracker.config
    # A misspelt filter value would quietly list nothing; say so instead.
    _known(root, "--project", project, [p.key for p in config.projects])
    _known(root, "--status", status, [c.id for c in config.statuses], config.statuses)
    _known(root, "--type", type_, [c.id for c in config.types], config.types)
    # People and organizations may be given by name (--assignee 林, --org 青葉システムズ).
    assignee = tuple(_named(root, "--assignee", a, config.find_member(a), [m.id for m in config.members]) for a in assignee)
    org = tuple(_named(root, "--org", o, config.find_organization(o), [o.id for o in config.organizations]) for o in org)
    f = IssueFilter(project, status, type_, assignee, org, milestone, overdue, text)
    for issue in select(tracker, f, today(today_text, zone=config.timezone)):
        due = issue.due.isoformat() if issue.due else "-"
        click.echo(f"{issue.key}\t{config.label('statuses', issue.status)}\t{issue.assignee or '-'}\t{due}\t{issue.title}")
    # Issue files that cannot be read are not in the list; say so rather than let them vanish.
    unread = {f.path for f in loaded.findings if f.severity == "error" and f.path.startswith("issues/")
              and f.path.count("/") == 2 and f.path.endswith(".md") and f.path not in set(loaded.issue_paths.values())}
    if unread:
        click.echo(say(tracker_language(root), "cli.list.unreadable", count=len(unread), paths=", ".join(sorted(unread))), err=True)


def _named(root, option: str, value: str, found, known: list[str]) -> str:
    if found.id:
        return found.id
    if found.ambiguous:
        raise UsageError(say(tracker_language(root), "cli.ambiguous-value", option=option, value=value, known=", ".join(found.candidates)))
    raise UsageError(say(tracker_language(root), "cli.unknown-value", option=option, value=value, known=", ".join(known)))


def _known(root, option: str, values, known: list[str], choices=()) -> None:
    for value in values:
        if value not in known and not (choices and resolve_choice(choices, value)):
            raise UsageError(say(tracker_language(root), "cli.unknown-value", option=option, value=value, known=", ".join(known)))
