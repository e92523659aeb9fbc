"""``tsuzuri validate``: report every problem in the tracker's files."""

from __future__ import annotations

import click

from tsuzuri.adapters.cli.invocation import lang_option, language, root_option, tracker_root
from tsuzuri.errors import EXIT_DATA, EXIT_OK, TsuzuriError, UsageError
from tsuzuri.findings import render
from tsuzuri.messages import say
from tsuzuri.store import gitrepo
from tsuzuri.store.gitrepo import GitError
from tsuzuri.validate import validate
from tsuzuri.validate.against import key_clashes


@click.command("validate")
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True, help="Output format.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--against", "ref", default=None, metavar="REF", help="Also report issue keys this branch shares with REF (e.g. origin/main)."
)
@lang_option
@root_option
def command(path: str | None, fmt: str, strict: bool, ref: str | None, lang: str | None, root: str | None) -> None:
    """Check every file of the tracker (PATH or --root) and print all findings."""
    if path and root:
        raise UsageError(say(language(lang), "cli.path-and-root"))
    root = tracker_root(path or root, lang)
    loaded, findings = validate(root, strict=strict)
    lang = language(lang, loaded.tracker.config.language)
    if ref:
        try:
            findings = sorted(findings + list(key_clashes(loaded, ref)))
        except GitError as exc:
            raise TsuzuriError(say(lang, "cli.against", ref=ref, error=exc.message)) from None  # the repository's state: exit 1
    if findings or fmt == "json":
        click.echo(render(findings, fmt, lang, gitrepo.folder_in_repository(root) if fmt == "github" else ""))
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if fmt == "text":
        summary = say(lang, "cli.summary", errors=errors, warnings=warnings) if findings else say(lang, "cli.ok")
        click.echo(summary, err=True)
    raise click.exceptions.Exit(EXIT_DATA if errors else EXIT_OK)
