"""``tsuzuri import``: bring issues in from Backlog or from a vendor's issue sheet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from tsuzuri.adapters.cli.invocation import lang_option, root_option, tracker_language, tracker_root
from tsuzuri.errors import TsuzuriError, UsageError
from tsuzuri.findings import render
from tsuzuri.interchange.mapping import ImportMap, MappingProblem, load_map_file, parse_map_option
from tsuzuri.interchange.plan import ApplyFailed, Plan, apply_plan, describe
from tsuzuri.interchange.sheet.workbook import SheetProblem
from tsuzuri.layout import PROJECT_KEY_RE
from tsuzuri.messages import localized, say
from tsuzuri.store import load
from tsuzuri.validate import findings


class _Bars:
    """Draw one click progress bar per stage of the use case's progress reports."""

    def __init__(self, enabled: bool, lang: str = "en"):
        self.enabled = enabled
        self.lang = lang
        self.stage = None
        self.bar = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < 50:
            return
        if stage != self.stage:
            self.close()
            self.stage, self.done = stage, 0
            self.bar = click.progressbar(length=total, label=say(self.lang, f"io.stage.{stage}"), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _problem_text(problem: Exception, lang: str) -> str:
    """Return a problem's text in ``lang`` when it carries a catalog message (as it is otherwise)."""
    first = problem.args[0] if problem.args else None
    return localized(first, lang) if isinstance(first, str) else str(problem)


def finish(root: Path, plan: Plan, apply: bool, limit: int, bars: _Bars, lang: str = "en") -> None:
    """Print the plan in ``lang``, then apply it if asked (or confirmed), validating the result."""
    bars.close()
    for line in describe(plan, limit, lang):
        click.echo(line)
    if not plan.writes:
        click.echo(say(lang, "cli.import.nothing"))
        return
    if not apply:
        if sys.stdin.isatty() and click.confirm(say(lang, "cli.import.confirm", count=plan.writes), default=False):
            apply = True
        else:
            click.echo(say(lang, "cli.import.dry-run"))
            return
    try:
        written = apply_plan(root, plan, findings, bars)
    except ApplyFailed as failure:
        bars.close()
        click.echo(render(failure.findings[:50], "text", lang), err=True)
        raise TsuzuriError(localized(failure.args[0], lang)) from None
    bars.close()
    click.echo(say(lang, "cli.import.done", count=written))


def _import_map(map_text: str | None, map_file: str | None, lang: str = "en") -> ImportMap:
    try:
        result = load_map_file(Path(map_file)) if map_file else ImportMap()
        return parse_map_option(map_text, result) if map_text else result
    except MappingProblem as problem:
        raise UsageError(_problem_text(problem, lang)) from None


@click.group("import")
def command() -> None:
    """Import issues from Backlog or from an Excel/CSV issue sheet (dry run unless --apply)."""


_apply = click.option("--apply", is_flag=True, help="Write the files (otherwise only show the plan).")
_limit = click.option("--show", "limit", type=int, default=200, show_default=True, help="Show at most this many plan lines (0 for all).")


@command.command("sheet")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--project", required=True, metavar="KEY", help="Project the rows belong to.")
@click.option("--map", "map_text", metavar="HEADER=FIELD,...", help="Column mapping, e.g. 件名=title,担当=assignee.")
@click.option("--map-file", type=click.Path(exists=True, dir_okay=False), help="YAML file with columns:, people:, values:.")
@click.option("--sheet", "sheet_name", metavar="NAME", help="Worksheet to read (default: the one that holds an issue table).")
@click.option(
    "--vendor",
    metavar="ORG",
    help=(
        "Whose sheet it is (organization id or name); rows without a キー are known by vendor, sheet and row."
        " Default: the file name without its date."
    ),
)
@_apply
@_limit
@root_option
@lang_option
def sheet(file: str, project: str, map_text, map_file, sheet_name, vendor, apply: bool, limit: int, root, lang) -> None:
    """Import a vendor's issue sheet (xlsx or csv in UTF-8, UTF-8 with BOM or CP932)."""
    from tsuzuri.interchange.sheet.rows import plan_sheet

    root_path = tracker_root(root, lang)
    lang = tracker_language(root_path, lang)
    bars = _Bars(sys.stderr.isatty(), lang)
    loaded = load(root_path)
    try:
        owner = loaded.tracker.config.organization_id(vendor) if vendor else ""
        plan = plan_sheet(loaded, Path(file), project, _import_map(map_text, map_file, lang), sheet_name, bars, vendor=owner)
    except (SheetProblem, MappingProblem) as problem:
        raise TsuzuriError(_problem_text(problem, lang)) from None
    finish(root_path, plan, apply, limit, bars, lang)


@command.command("backlog")
@click.option(
    "--space", required=True, metavar="URL", help="The Backlog space, e.g. https://example.backlog.jp (API key from BACKLOG_API_KEY)."
)
@click.option("--project", "backlog_project", required=True, metavar="KEY", help="Backlog project key to import.")
@click.option("--into", "project", metavar="KEY", help="Tracker project to import into (default: the same key).")
@click.option(
    "--from-dir", type=click.Path(exists=True, file_okay=False), help="Read saved API responses from this folder instead of the API."
)
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False), help="Read Backlog's issue CSV export instead of the API.")
@click.option(
    "--cache",
    type=click.Path(file_okay=False),
    help="Where API responses are saved (default: .tsuzuri-cache/backlog-<space>-<project>); a stopped run resumes from it.",
)
@click.option("--no-attachments", is_flag=True, help="Do not download attachments.")
@click.option("--map-file", type=click.Path(exists=True, dir_okay=False), help="YAML file with people: and values: mappings.")
@_apply
@_limit
@root_option
@lang_option
def backlog(space, backlog_project, project, from_dir, csv_file, cache, no_attachments, map_file, apply, limit, root, lang) -> None:
    """Import a Backlog project: issues, comments with their change logs, attachments."""
    from tsuzuri.interchange.backlog.api import BacklogError, Client, space_name, space_url
    from tsuzuri.interchange.backlog.csv_file import plan_backlog_csv
    from tsuzuri.interchange.backlog.migration import fetch, plan_backlog

    root_path = tracker_root(root, lang)
    lang = tracker_language(root_path, lang)
    bars = _Bars(sys.stderr.isatty(), lang)
    import_map = _import_map(None, map_file, lang)
    for option, value in (("--into", project), ("--project", backlog_project)):
        if value and not PROJECT_KEY_RE.match(value):
            raise UsageError(say(lang, "cli.import.bad-project-key", option=option, value=value))
        if option == "--into" and value:
            break  # the tracker's key is given: the Backlog key is Backlog's to spell
    try:
        base = space_url(space)
        if csv_file:
            loaded = load(root_path)
            plan = plan_backlog_csv(loaded, Path(csv_file), project or backlog_project, space, import_map, bars, backlog_project)
        else:
            folder = (
                Path(from_dir)
                if from_dir
                else Path(cache or root_path / ".tsuzuri-cache" / f"backlog-{space_name(space)}-{backlog_project}")
            )
            if not from_dir:
                key = os.environ.get("BACKLOG_API_KEY", "").strip()
                if not key:
                    raise UsageError(say(lang, "cli.import.api-key"))
                fetch(Client(base, key), folder, backlog_project, bars, attachments=not no_attachments)
                bars.close()
            loaded = load(root_path)
            plan = plan_backlog(loaded, folder, backlog_project, space, project, import_map, bars)
    except (BacklogError, SheetProblem, MappingProblem, FileNotFoundError) as problem:
        raise TsuzuriError(_problem_text(problem, lang)) from None
    finish(root_path, plan, apply, limit, bars, lang)


@command.command("wbs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--project", required=True, metavar="KEY", help="Project whose wbs/<KEY>.yml the sheet becomes.")
@click.option("--map", "map_text", metavar="HEADER=FIELD,...", help="Column mapping, e.g. 作業=title,会社=owner.")
@click.option("--sheet", "sheet_name", metavar="NAME", help="Worksheet to read (default: the one that holds the table).")
@_apply
@_limit
@root_option
@lang_option
def wbs(file: str, project: str, map_text, sheet_name, apply: bool, limit: int, root, lang) -> None:
    """Import a vendor's WBS (xlsx or csv) as wbs/<KEY>.yml; a second import updates it in place."""
    from tsuzuri.interchange.wbs_sheet import plan_wbs

    root_path = tracker_root(root, lang)
    lang = tracker_language(root_path, lang)
    bars = _Bars(sys.stderr.isatty(), lang)
    loaded = load(root_path)
    try:
        plan = plan_wbs(loaded, Path(file), project, _import_map(map_text, None, lang), sheet_name)
    except (SheetProblem, MappingProblem, ValueError) as problem:
        raise TsuzuriError(_problem_text(problem, lang)) from None
    finish(root_path, plan, apply, limit, bars, lang)
