"""``tsuzuri show KEY``: one issue with its comments in the terminal."""

from __future__ import annotations

import unicodedata

import click

from tsuzuri.adapters.cli.invocation import lang_option, language, root_option, tracker_root
from tsuzuri.authoring.issues import Rejected, missing_issue
from tsuzuri.changes.wording import describe
from tsuzuri.errors import TsuzuriError
from tsuzuri.formats.dates import stamp, tracker_zone
from tsuzuri.messages import field_label, say
from tsuzuri.store import load
from tsuzuri.store.history import load_history


@click.command("show")
@click.argument("key")
@root_option
@click.option("--history/--no-history", "with_history", default=True, help="Show who changed what, from Git (default: on).")
@lang_option
def command(key: str, root, with_history: bool, lang: str | None) -> None:
    """Print issue KEY: fields, description, comments and the history of its fields."""
    root = tracker_root(root, lang)
    history = load_history(root) if with_history else None
    loaded = load(root, history=history.files if history else None)
    tracker = loaded.tracker
    config = tracker.config
    lang = language(lang, config.language)
    issue = tracker.issues.get(key)
    if issue is None:
        missing = missing_issue(loaded, key)
        if isinstance(missing, Rejected):
            raise TsuzuriError("\n".join(f.text(lang) for f in missing.findings))
        raise TsuzuriError(say(lang, "ref.issue", key=key))
    zone = tracker_zone(config.timezone)  # Git's times are in each committer's zone; show the tracker's
    click.secho(f"{issue.key} {issue.title}", bold=True)
    rows = [
        ("status", config.label("statuses", issue.status)), ("type", config.label("types", issue.type)),
        ("priority", config.label("priorities", issue.priority)), ("assignee", issue.assignee),
        ("reporter", issue.reporter), ("milestone", issue.milestone), ("start", issue.start), ("due", issue.due),
        ("parent", issue.parent), ("categories", ", ".join(issue.categories)),
        ("links", "; ".join(f"{k}: {', '.join(v)}" for k, v in issue.links.items())),
        ("created", stamp(issue.created, zone)), ("updated", stamp(issue.updated, zone)),
    ]
    width = max(_width(field_label(lang, name)) for name, _ in rows)
    for name, value in rows:
        if value:
            label = field_label(lang, name)
            click.echo(f"  {label}{' ' * (width - _width(label))} {value}")
    if issue.body.strip():
        click.echo("\n" + issue.body.strip())
    for c in issue.comments:
        click.echo(f"\n--- {c.author} {stamp(c.date, zone)}")
        click.echo(c.body.strip())
    timeline = history.timelines.get(key) if history else None
    if timeline:
        click.echo("\n" + say(lang, "show.history"))
        if timeline.created:
            click.echo("  " + say(lang, "show.created", when=stamp(timeline.created, zone), who=timeline.created_by))
        for change in timeline.changes:
            described = describe(config, issue.project, change.field, change.old, change.new, lang).phrase
            click.echo("  " + say(lang, "show.change", when=stamp(change.when, zone), who=change.author, change=described))


def _width(text: str) -> int:
    """Count the terminal columns of ``text``: wide (Japanese) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
