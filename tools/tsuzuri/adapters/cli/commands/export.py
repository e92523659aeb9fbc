"""``tsuzuri export``: write the issues as an issue sheet, Backlog's CSV or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tsuzuri.adapters.cli.commands.import_ import _Bars
from tsuzuri.adapters.cli.invocation import lang_option, root_option, today, today_option, tracker_language, tracker_root
from tsuzuri.errors import TsuzuriError, UsageError
from tsuzuri.interchange.issue_export import FORMATS, export
from tsuzuri.messages import say
from tsuzuri.store import load
from tsuzuri.store.history import load_history


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="csv (UTF-8 with BOM), xlsx, backlog-csv or json.")
@click.option("--project", metavar="KEY", help="Only this project's issues.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="File to write.")
@root_option
@today_option
@lang_option
def command(fmt: str, project: str | None, out: str, root, today_text: str | None, lang: str | None) -> None:
    """Export issues in the office's issue-sheet layout, Backlog's CSV import layout or JSON.

    Created and updated times come from Git, as on the site (an imported issue's own win);
    ``overdue`` in JSON is as of --today.
    """
    root_path = tracker_root(root, lang)
    lang = tracker_language(root_path, lang)
    tracker = load(root_path, history=load_history(root_path)).tracker
    day = today(today_text, lang, tracker.config.timezone)
    if project and tracker.config.project(project) is None:
        known = ", ".join(p.key for p in tracker.config.projects)
        raise UsageError(say(lang, "cli.unknown-project", project=project, known=known))
    bars = _Bars(sys.stderr.isatty(), lang)
    try:
        count = export(tracker, fmt, Path(out), day, project, bars)
    except OSError as exc:  # a missing drive, no permission, or the file open in Excel
        raise TsuzuriError(say(lang, "cli.cannot-write", path=out, reason=exc.strerror or exc)) from None
    finally:
        bars.close()
    click.echo(say(lang, "cli.export.done", count=count, out=out))
