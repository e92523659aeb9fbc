"""Shared option handling for commands: where the tracker is, what day it is, which language."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from tsuzuri.adapters import clock
from tsuzuri.errors import UsageError
from tsuzuri.formats import textfile, yamlsafe
from tsuzuri.messages import LANGUAGES, choose, say
from tsuzuri.store import find_root, transaction


def language(option: str | None = None, configured: str | None = None) -> str:
    """Return the language of messages: --lang, then TSUZURI_LANG, then tsuzuri.yml's ``language``."""
    try:
        return choose(option, os.environ, configured)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _configured(root: Path, name: str) -> object:
    try:
        data = yamlsafe.load_values(textfile.decode((root / "tsuzuri.yml").read_bytes()))
    except (OSError, textfile.TextProblem, yamlsafe.YamlProblem):
        return None  # the validator reports what is wrong with the file; messages fall back
    return data.get(name) if isinstance(data, dict) else None


def configured_language(root: Path) -> str | None:
    """Return the ``language`` written in the tracker's tsuzuri.yml, if it can be read."""
    value = _configured(root, "language")
    return value if value in LANGUAGES else None


def configured_timezone(root: Path) -> str | None:
    """Return the ``timezone`` written in the tracker's tsuzuri.yml, if it can be read."""
    value = _configured(root, "timezone")
    return value if isinstance(value, str) else None


def tracker_language(root: Path, option: str | None = None) -> str:
    """Return the language of messages for the tracker at ``root`` (see ``language``)."""
    return language(option, configured_language(root))


def tracker_root(path: str | None, lang: str | None = None) -> Path:
    """Return the tracker root for a PATH argument (or the current directory)."""
    start = Path(path or ".")
    if not start.exists():
        raise UsageError(say(language(lang), "cli.path-missing", path=start))
    root = find_root(start if start.is_dir() else start.parent)
    if root is None:
        raise UsageError(say(language(lang), "cli.no-tracker", path=start))
    _recover(root, lang)
    return root


def _recover(root: Path, lang: str | None) -> None:
    """Finish or roll back what a killed tsuzuri command left half-written, and say so."""
    done = transaction.recover(root)
    if not done:
        return
    lang = language(lang, configured_language(root))
    for item in done:
        operation = say(lang, f"store.operation.{item.operation}") if item.operation in transaction.OPERATIONS else item.operation
        click.echo("tsuzuri: " + say(lang, f"store.recovered.{item.outcome}", folder=item.folder, operation=operation,
                                     started=item.started or "?", count=item.files), err=True)


def today(value: str | None, lang: str | None = None, zone: str | None = None) -> date:
    """Return the day the command runs for: --today, SOURCE_DATE_EPOCH or the clock, in time zone ``zone``."""
    try:
        return clock.today(value, zone)
    except clock.BadDay:
        raise UsageError(say(language(lang), "cli.bad-today", value=value)) from None


root_option = click.option(
    "--root", "root", default=None, metavar="PATH", help="Tracker folder (default: the nearest folder with tsuzuri.yml)."
)
lang_option = click.option(
    "--lang", "lang", type=click.Choice(LANGUAGES), default=None,
    help="Language of the messages (default: TSUZURI_LANG, then `language` in tsuzuri.yml).",
)
today_option = click.option(
    "--today", "today_text", default=None, metavar="YYYY-MM-DD", help="Pretend today is this day (default: SOURCE_DATE_EPOCH or the clock)."
)
