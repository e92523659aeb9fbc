"""``tsuzuri schema``: write JSON Schema files for editors."""

from __future__ import annotations

from pathlib import Path

import click

from ...schema.jsonschema import write_all


@click.command("schema")
@click.option("--out", "out_dir", default="schema", show_default=True, metavar="DIR", help="Folder to write <kind>.schema.json files into.")
@click.option("--language", type=click.Choice(["ja", "en"]), default="ja", show_default=True, help="Language of the field descriptions.")
def command(out_dir: str, language: str) -> None:
    """Write the JSON Schema (draft-07) of every file kind, for yaml-language-server."""
    for path in write_all(Path(out_dir), language):
        click.echo(str(path))
