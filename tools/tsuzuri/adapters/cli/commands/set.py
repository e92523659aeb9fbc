"""``tsuzuri set KEY field=value ...``: change issue fields, editing only their lines."""

from __future__ import annotations

import click

from tsuzuri.adapters.cli.editing import reporting_rejections
from tsuzuri.adapters.cli.invocation import root_option, tracker_language, tracker_root
from tsuzuri.authoring.issues import parse_assignment, set_fields
from tsuzuri.errors import UsageError
from tsuzuri.messages import say


@click.command("set")
@click.argument("key")
@click.argument("assignments", nargs=-1, required=True)
@root_option
def command(key: str, assignments: tuple[str, ...], root) -> None:
    """Set fields of issue KEY: status=処理中 assignee=tanaka due=2026-12-01 (empty value removes)."""
    root = tracker_root(root)
    changes = {}
    for text in assignments:
        name, eq, raw = text.partition("=")
        if not eq or not name.strip():
            raise UsageError(say(tracker_language(root), "cli.set.not-assignment", text=text))
        name = name.strip()
        changes[name] = parse_assignment(name, raw) if raw.strip() else None
    with reporting_rejections(root) as notes:
        rel = set_fields(root, key, changes, notes)
    click.echo(rel)
