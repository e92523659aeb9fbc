"""``tsuzuri schema``: write JSON Schema files for editors, or the docs' field reference."""

from __future__ import annotations

from pathlib import Path

import click

from tsuzuri.messages import LANGUAGES
from tsuzuri.schema.jsonschema import write_all
from tsuzuri.schema.reference import markdown
from tsuzuri.store import find_root, load


@click.command("schema")
@click.option("--out", "out_dir", default="schema", show_default=True, metavar="DIR", help="Folder to write <kind>.schema.json files into.")
@click.option(
    "--lang",
    "--language",
    "language",
    type=click.Choice(LANGUAGES),
    default="ja",
    show_default=True,
    help="Language of the field descriptions.",
)
@click.option("--reference", "reference", default=None, metavar="FILE", help="Write the Markdown field reference to FILE instead.")
@click.option(
    "--root",
    "root",
    default=None,
    metavar="PATH",
    help="Tracker whose tsuzuri.yml gives the allowed statuses, types, priorities and members (default: the nearest; none: any string).",
)
def command(out_dir: str, language: str, reference: str | None, root: str | None) -> None:
    """Write the JSON Schema (draft-07) of every file kind, for yaml-language-server."""
    if reference:
        Path(reference).write_text(reference_page(), encoding="utf-8")
        click.echo(reference)
        return
    found = find_root(Path(root or "."))
    config = load(found).tracker.config if found else None
    for path in write_all(Path(out_dir), language, config):
        click.echo(str(path))


def reference_page() -> str:
    """Return the whole field reference page, in English and Japanese."""
    return (
        "# Field reference / 項目リファレンス\n\n"
        "Made from the schema the validator uses (`tsuzuri schema --reference docs/fields.md`).\n"
        "検証に使うスキーマから生成しています。\n\n"
        "## English\n\n" + markdown("en") + "\n## 日本語\n\n" + markdown("ja")
    )
