"""``tsuzuri audiences``: who sees which projects, and one site per audience."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tsuzuri.adapters.cli.invocation import lang_option, root_option, tracker_language, tracker_root
from tsuzuri.audiences import audiences_of
from tsuzuri.audiences.publish import build_all
from tsuzuri.errors import TsuzuriError, UsageError
from tsuzuri.messages import say
from tsuzuri.store import load


@click.group("audiences")
def command() -> None:
    """Audiences: who sees which projects, and a site for each."""


@command.command("list")
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: the ids as a JSON list (a CI matrix).")
@lang_option
def list_command(root, fmt: str, lang: str | None) -> None:
    """List the audiences with the projects each one sees."""
    root = tracker_root(root, lang)
    lang = tracker_language(root, lang)
    audiences = audiences_of(load(root).tracker.config)
    if fmt == "json":
        click.echo(json.dumps([a.id for a in audiences]))
        return
    for audience in audiences:
        seen = ", ".join(sorted(audience.projects)) or say(lang, "diff.none")
        click.echo(say(lang, "cli.audiences.line", id=audience.id, name=audience.name, projects=seen,
                       internal=say(lang, "cli.audiences.internal") if audience.internal else ""))


@command.command("build")
@root_option
@click.option(
    "--config-file",
    "-f",
    "config_file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The MkDocs configuration that enables the tsuzuri plugin.",
)
@click.option("--site-dir", "-d", "site_dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Each audience's site goes into SITE_DIR/<audience>/.")
@click.option("--only", multiple=True, metavar="AUDIENCE", help="Build only this audience (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Builds at once (default: one per CPU core).")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Fail an audience's build on any MkDocs warning.")
@lang_option
def build_command(root, config_file: Path, site_dir: Path, only: tuple[str, ...], jobs: int, strict: bool, lang: str | None) -> None:
    """Build every audience's site (mkdocs build with TSUZURI_AUDIENCE), in parallel."""
    root = tracker_root(root, lang)
    lang = tracker_language(root, lang)
    if not config_file.is_file():
        raise UsageError(say(lang, "cli.audiences.no-mkdocs", path=config_file))
    known = [a.id for a in audiences_of(load(root).tracker.config)]
    unknown = [a for a in only if a not in known]
    if unknown:
        raise UsageError(say(lang, "audience.unknown", audience=", ".join(unknown), known=", ".join(known)))
    wanted = list(only) or known
    failed = []
    for built in build_all(config_file.resolve(), site_dir.resolve(), wanted, jobs, strict):
        if built.ok:
            click.echo(say(lang, "cli.audiences.built", audience=built.audience, folder=built.folder, seconds=f"{built.seconds:.1f}"))
        else:
            failed.append(built.audience)
            click.echo(say(lang, "cli.audiences.failed", audience=built.audience) + "\n" + built.output, err=True)
    if failed:
        raise TsuzuriError(say(lang, "cli.audiences.some-failed", count=len(failed), audiences=", ".join(sorted(failed))))
