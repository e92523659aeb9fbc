"""``tsuzuri validate``: report every problem in the tracker's files."""

from __future__ import annotations

import click

from ...findings import render
from ...store.gitrepo import GitError
from ...validate import validate
from ...validate.against import key_clashes
from ..context import tracker_root
from ..errors import EXIT_DATA, EXIT_OK, UsageError


@click.command("validate")
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--against", "ref", default=None, metavar="REF", help="Also report issue keys this branch shares with REF (e.g. origin/main).")
def command(path: str | None, fmt: str, strict: bool, ref: str | None) -> None:
    """Check every file of the tracker and print all findings."""
    root = tracker_root(path)
    loaded, findings = validate(root, strict=strict)
    if ref:
        try:
            findings = sorted(findings + list(key_clashes(loaded, ref)))
        except GitError as exc:
            raise UsageError(f"--against {ref}: {exc}") from None
    if findings or fmt == "json":
        click.echo(render(findings, fmt))
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if fmt == "text":
        click.echo(f"{errors} error(s), {warnings} warning(s)" if findings else "ok: no findings", err=True)
    raise click.exceptions.Exit(EXIT_DATA if errors else EXIT_OK)
