"""``tsuzuri notify``: mail members about what changed between two commits, or a daily digest."""

from __future__ import annotations

import os
from datetime import UTC, datetime, time
from pathlib import Path

import click

from tsuzuri.adapters.cli.invocation import (
    configured_timezone,
    lang_option,
    root_option,
    today,
    today_option,
    tracker_language,
    tracker_root,
)
from tsuzuri.errors import TsuzuriError, UsageError
from tsuzuri.mail import changes as changeset
from tsuzuri.mail.compose import messages
from tsuzuri.mail.digest import digest_messages
from tsuzuri.mail.send import SendError, send, write_eml
from tsuzuri.mail.settings import SettingsProblem, settings
from tsuzuri.messages import localized, say
from tsuzuri.model import Config
from tsuzuri.schema.kinds import CONFIG
from tsuzuri.store import CONFIG_FILE, load
from tsuzuri.store.documents import read
from tsuzuri.store.gitrepo import GitError
from tsuzuri.store.reader import build_config


def _now(day) -> datetime:
    # With --today or SOURCE_DATE_EPOCH the Date header is reproducible too.
    return datetime.combine(day, time(9, 0), UTC) if day else datetime.now(UTC)


@click.command("notify")
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--digest", is_flag=True, help="Send each member their overdue and due-soon issues instead.")
@click.option("--dry-run", is_flag=True, help="Write .eml files instead of sending.")
@click.option("--out", "out", default="notify-out", show_default=True, metavar="DIR", help="Folder for --dry-run files.")
@root_option
@today_option
@lang_option
def command(
    base: str | None, head: str | None, digest: bool, dry_run: bool, out: str, root: str | None, today_text: str | None, lang: str | None
) -> None:
    """Mail assignees, reporters and watchers about changes from BASE to HEAD."""
    tracker_dir = tracker_root(root, lang)
    lang = tracker_language(tracker_dir, lang)
    day = today(today_text, lang, configured_timezone(tracker_dir))
    now = _now(day if today_text or os.environ.get("SOURCE_DATE_EPOCH") else None)
    try:
        _notify(tracker_dir, lang, base, head, digest, dry_run, out, day, now)
    except SettingsProblem as exc:
        raise TsuzuriError(localized(exc.args[0], lang)) from None


def _notify(tracker_dir: Path, lang: str, base, head, digest: bool, dry_run: bool, out: str, day, now: datetime) -> None:
    problems: list[tuple[str, str]] = []
    if digest:
        if base or head:
            raise UsageError(say(lang, "cli.notify.digest-no-commits"))
        tracker = load(tracker_dir).tracker
        mail = digest_messages(tracker, settings(tracker.config), day, now)
    else:
        if not base or not head:
            raise UsageError(say(lang, "cli.notify.two-commits"))
        try:
            tracker, found = changeset.changes(tracker_dir, base, head)
            head_id = changeset.resolve(tracker_dir, head)
        except GitError as exc:
            raise TsuzuriError(say(lang, "cli.notify.bad-commits", base=base, head=head, error=exc.text(lang))) from None
        mail = messages(tracker, settings(_config(tracker_dir)), found, head_id, now, problems)
    for key, error in problems:
        click.echo(say(lang, "cli.notify.cannot-build", key=key, error=error), err=True)
    if dry_run:
        paths = write_eml(mail, Path(out))
        click.echo(say(lang, "cli.notify.wrote", count=len(paths), out=out))
    else:
        try:
            # Server settings come from the working tree, so they can be tried before committing.
            sent = send(mail, settings(_config(tracker_dir)))
        except SendError as exc:
            raise TsuzuriError(localized(exc.args[0], lang)) from None
        click.echo(say(lang, "cli.notify.sent", count=sent))
    if problems:
        raise TsuzuriError(say(lang, "cli.notify.some-not-built", count=len(problems)))



def _config(root: Path) -> Config:
    """Read only tsuzuri.yml of the working tree."""
    doc = read(root, CONFIG_FILE, CONFIG, [])
    return build_config(doc.data) if doc and doc.ok else Config()
