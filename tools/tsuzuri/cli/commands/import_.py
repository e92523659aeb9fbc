"""``tsuzuri import``: bring issues in from Backlog or from a vendor's issue sheet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ...findings import render
from ...io.mapping import ImportMap, MappingProblem, load_map_file, parse_map_option
from ...io.plan import ApplyFailed, Plan, apply_plan, describe
from ...io.sheet import SheetProblem
from ...store import load
from ...validate import validate
from ..context import root_option, tracker_root
from ..errors import UsageError, UserError


class _Bars:
    """Draw one click progress bar per stage of the use case's progress reports."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.stage = None
        self.bar = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < 50:
            return
        if stage != self.stage:
            self.close()
            self.stage, self.done = stage, 0
            self.bar = click.progressbar(length=total, label=f"{stage:<8}", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _findings(root: Path):
    return validate(root)[1]


def finish(root: Path, plan: Plan, apply: bool, limit: int, bars: _Bars) -> None:
    """Print the plan, then apply it if asked (or confirmed), validating the result."""
    bars.close()
    for line in describe(plan, limit):
        click.echo(line)
    if not plan.writes:
        click.echo("nothing to write")
        return
    if not apply:
        if sys.stdin.isatty() and click.confirm(f"write {plan.writes} file(s)?", default=False):
            apply = True
        else:
            click.echo("dry run: nothing written (add --apply to write)")
            return
    try:
        written = apply_plan(root, plan, _findings, bars)
    except ApplyFailed as failure:
        bars.close()
        click.echo(render(failure.findings[:50], "text"), err=True)
        raise UserError(str(failure)) from None
    bars.close()
    click.echo(f"wrote {written} file(s); tsuzuri validate: no new errors")


def _import_map(map_text: str | None, map_file: str | None) -> ImportMap:
    try:
        result = load_map_file(Path(map_file)) if map_file else ImportMap()
        return parse_map_option(map_text, result) if map_text else result
    except MappingProblem as problem:
        raise UsageError(str(problem)) from None


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
@click.option("--sheet", "sheet_name", metavar="NAME", help="Worksheet to read (default: the first).")
@_apply
@_limit
@root_option
def sheet(file: str, project: str, map_text, map_file, sheet_name, apply: bool, limit: int, root) -> None:
    """Import a vendor's issue sheet (xlsx or csv in UTF-8, UTF-8 with BOM or CP932)."""
    from ...io.sheet_import import plan_sheet

    root_path = tracker_root(root)
    bars = _Bars(sys.stderr.isatty())
    loaded = load(root_path)
    try:
        plan = plan_sheet(loaded, Path(file), project, _import_map(map_text, map_file), sheet_name, bars)
    except (SheetProblem, MappingProblem) as problem:
        raise UserError(str(problem)) from None
    finish(root_path, plan, apply, limit, bars)
