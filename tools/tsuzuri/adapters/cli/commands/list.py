"""``tsuzuri list``: the issue list in the terminal, with the site's filters (tsuzuri.query)."""

from __future__ import annotations

from datetime import date

import click

from tsuzuri.adapters.cli.invocation import root_option, today, today_option, tracker_language, tracker_root
from tsuzuri.errors import UsageError
from tsuzuri.messages import say
from tsuzuri.model import resolve_choice
from tsuzuri.query import STATES, IssueFilter, select
from tsuzuri.store import load


@click.command("list")
@root_option
@today_option
@click.option("--project", multiple=True, metavar="KEY", help="Project key (repeatable).")
@click.option("--status", multiple=True, help="Status id or label, `open` (every status not done), `done` or `all` (repeatable).")
@click.option("--type", "type_", multiple=True, help="Type id or label (repeatable).")
@click.option("--priority", multiple=True, help="Priority id or label (repeatable).")
@click.option("--assignee", multiple=True, help="Member id, name, family name or mail address (repeatable).")
@click.option("--org", multiple=True, help="Organization of the assignee, by id or name (repeatable).")
@click.option("--milestone", multiple=True, help="Milestone id, or PROJECT/id for one project's (repeatable).")
@click.option("--category", multiple=True, help="Category id (repeatable).")
@click.option("--due-from", default=None, metavar="YYYY-MM-DD", help="Only issues due on or after this day.")
@click.option("--due-to", default=None, metavar="YYYY-MM-DD", help="Only issues due on or before this day.")
@click.option("--overdue", is_flag=True, help="Only open issues past their due date.")
@click.option("--text", default="", help="Words in the key, title, description or comments (all of them).")
def command(
    root, today_text, project, status, type_, priority, assignee, org, milestone, category, due_from, due_to, overdue, text
) -> None:
    """List issues matching every given filter."""
    root = tracker_root(root)
    lang = tracker_language(root)
    loaded = load(root)
    tracker = loaded.tracker
    config = tracker.config
    # A misspelt filter value would quietly list nothing; say so instead.
    _known(lang, "--project", project, [p.key for p in config.projects])
    _known(lang, "--status", status, [*STATES, *(c.id for c in config.statuses if c.id not in STATES)], config.statuses)
    _known(lang, "--type", type_, [c.id for c in config.types], config.types)
    _known(lang, "--priority", priority, [c.id for c in config.priorities], config.priorities)
    # People and organizations may be given by name (--assignee 林, --org 青葉システムズ).
    assignee = tuple(_named(lang, "--assignee", a, config.find_member(a), [m.id for m in config.members]) for a in assignee)
    org = tuple(_named(lang, "--org", o, config.find_organization(o), [o.id for o in config.organizations]) for o in org)
    f = IssueFilter(
        projects=project, statuses=status, types=type_, priorities=priority, assignees=assignee, organizations=org,
        milestones=milestone, categories=category, due_from=_day(lang, "--due-from", due_from),
        due_to=_day(lang, "--due-to", due_to), overdue=overdue, text=text,
    )
    for issue in select(tracker, f, today(today_text, zone=config.timezone)):
        due = issue.due.isoformat() if issue.due else "-"
        click.echo(f"{issue.key}\t{config.label('statuses', issue.status)}\t{issue.assignee or '-'}\t{due}\t{issue.title}")
    # Issue files that cannot be read are not in the list; say so rather than let them vanish.
    unread = {f.path for f in loaded.findings if f.severity == "error" and f.path.startswith("issues/")
              and f.path.count("/") == 2 and f.path.endswith(".md") and f.path not in set(loaded.issue_paths.values())}
    if unread:
        click.echo(say(lang, "cli.list.unreadable", count=len(unread), paths=", ".join(sorted(unread))), err=True)


def _named(lang: str, option: str, value: str, found, known: list[str]) -> str:
    if found.id:
        return found.id
    if found.ambiguous:
        raise UsageError(say(lang, "cli.ambiguous-value", option=option, value=value, known=", ".join(found.candidates)))
    raise UsageError(say(lang, "cli.unknown-value", option=option, value=value, known=", ".join(known)))


def _known(lang: str, option: str, values, known: list[str], choices=()) -> None:
    for value in values:
        if value not in known and not (choices and resolve_choice(choices, value)):
            raise UsageError(say(lang, "cli.unknown-value", option=option, value=value, known=", ".join(known)))


def _day(lang: str, option: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(say(lang, "cli.new.bad-date", option=option, value=value)) from None
