"""``tsuzuri new issue`` / ``tsuzuri new minutes``: create a record from flags, prompts or $EDITOR."""

from __future__ import annotations

from datetime import date

import click

from tsuzuri.adapters.cli.editing import acting_member, interactive, read_body, reporting_rejections
from tsuzuri.adapters.cli.invocation import configured_timezone, root_option, today, today_option, tracker_language, tracker_root
from tsuzuri.authoring.issues import create_issue, create_minutes, load_for_edit
from tsuzuri.errors import UsageError
from tsuzuri.formats.dates import read_date
from tsuzuri.messages import say


@click.group("new")
def command() -> None:
    """Create a new issue or minutes file."""


def _ask(value, prompt: str, *, lang: str, required: bool = True, default=None):
    if value:
        return value
    if interactive():
        return click.prompt(prompt, default=default) if required else click.prompt(prompt, default=default or "", show_default=False)
    if required and default is None:
        raise UsageError(say(lang, "cli.new.missing", option=prompt.lower().split()[0]))
    return default


def _date(text: str | None, flag: str, lang: str) -> date | None:
    if not text:
        return None
    day = read_date(text)
    if day is None:
        raise UsageError(say(lang, "cli.new.bad-date", option=flag, value=text))
    return day


@command.command("issue")
@root_option
@click.option("--project", metavar="KEY", help="Project key (MIRA).")
@click.option("--title", help="One-line summary.")
@click.option("--type", "type_", help="Type id or label.")
@click.option("--status", help="Status id or label (default: the first status).")
@click.option("--priority", help="Priority id or label.")
@click.option("--assignee", help="Member id, name, family name or mail address.")
@click.option("--reporter", help="Member id (default: you).")
@click.option("--milestone", help="Milestone id.")
@click.option("--category", "categories", multiple=True, help="Category id (repeatable).")
@click.option("--start", metavar="YYYY-MM-DD", help="Start date.")
@click.option("--due", metavar="YYYY-MM-DD", help="Due date.")
@click.option("--parent", metavar="KEY", help="Parent issue.")
@click.option("--author", help="Who is creating it (default: matched from git user.email).")
@click.option("--body", default=None, help="Description text (otherwise $EDITOR when interactive).")
@click.option("--body-file", default=None, metavar="FILE", help="Read the description from FILE (- for stdin).")
def new_issue(
    root, project, title, type_, status, priority, assignee, reporter, milestone, categories, start, due, parent, author, body, body_file
) -> None:
    """Create the project's next issue and print its key."""
    root = tracker_root(root)
    with reporting_rejections(root):
        config = load_for_edit(root).tracker.config
    lang = tracker_language(root)
    project = _ask(project, "Project", default=config.projects[0].key if len(config.projects) == 1 else None, lang=lang)
    title = _ask(title, "Title", lang=lang)
    if not reporter:
        reporter = acting_member(config, root, author)
    fields = {
        "title": title, "type": type_, "status": status, "priority": priority, "assignee": assignee,
        "reporter": reporter, "milestone": milestone, "categories": list(categories),
        "start": _date(start, "--start", lang), "due": _date(due, "--due", lang), "parent": parent,
    }
    fields = {k: v for k, v in fields.items() if v}
    text = read_body(body, body_file, lang=lang)
    with reporting_rejections(root) as notes:
        key = create_issue(root, project, fields, text, notes)
    click.echo(key)


@command.command("minutes")
@root_option
@click.option("--title", help="Meeting name.")
@today_option
@click.option("--date", "day", metavar="YYYY-MM-DD", help="Meeting date (default: today).")
@click.option("--slug", default="meeting", show_default=True, help="File name part after the date.")
@click.option("--project", metavar="KEY", help="Project key.")
@click.option("--attendee", "attendees", multiple=True, help="Member id (repeatable).")
@click.option("--location", help="Where the meeting was held.")
@click.option("--body", default=None, help="Minutes text (otherwise $EDITOR when interactive).")
@click.option("--body-file", default=None, metavar="FILE", help="Read the minutes text from FILE (- for stdin).")
def new_minutes(root, today_text, title, day, slug, project, attendees, location, body, body_file) -> None:
    """Create a minutes file and print its path."""
    root = tracker_root(root)
    lang = tracker_language(root)
    title = _ask(title, "Title", lang=lang)
    when = _date(day, "--date", lang) or today(today_text, lang, configured_timezone(root))
    template = "## 議題\n\n## 決定事項\n\n- \n\n## アクションアイテム\n\n- [ ] @担当 内容 期限:YYYY-MM-DD\n"
    text = read_body(body, body_file, template, lang=lang)
    fields = {"title": title, "date": when, "project": project, "attendees": list(attendees), "location": location}
    with reporting_rejections(root) as notes:
        rel = create_minutes(root, {k: v for k, v in fields.items() if v}, slug, text, notes)
    click.echo(rel)
