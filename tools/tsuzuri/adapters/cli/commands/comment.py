"""``tsuzuri comment KEY``: add a comment file to an issue."""

from __future__ import annotations

import click

from tsuzuri.adapters.cli.editing import acting_member, now, read_body, reporting_rejections
from tsuzuri.adapters.cli.invocation import root_option, tracker_language, tracker_root
from tsuzuri.authoring.issues import add_comment, load_for_edit
from tsuzuri.errors import UsageError
from tsuzuri.messages import say


@click.command("comment")
@click.argument("key")
@root_option
@click.option("--author", help="Member id (default: matched from git user.email).")
@click.option("--body", default=None, help="Comment text (otherwise $EDITOR when interactive).")
@click.option("--body-file", default=None, metavar="FILE", help="Read the text from FILE (- for stdin).")
def command(key: str, root, author, body, body_file) -> None:
    """Comment on issue KEY (one new file, so comments never conflict in Git)."""
    root = tracker_root(root)
    with reporting_rejections(root):
        config = load_for_edit(root).tracker.config
    member = acting_member(config, root, author)
    text = read_body(body, body_file, lang=tracker_language(root))
    if not text.strip():
        raise UsageError(say(tracker_language(root), "cli.comment.empty"))
    with reporting_rejections(root) as notes:
        rel = add_comment(root, key, member, now(config), text, notes)
    click.echo(rel)
