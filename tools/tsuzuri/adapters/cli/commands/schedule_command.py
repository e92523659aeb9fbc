"""``tsuzuri schedule``: print the computed schedule and the critical path of a project."""

from __future__ import annotations

from datetime import date

import click

from tsuzuri.adapters.cli.invocation import language, root_option, today, today_option, tracker_root
from tsuzuri.errors import TsuzuriError, UsageError
from tsuzuri.messages import localized, say, text
from tsuzuri.model import Tracker
from tsuzuri.planning.baseline import baseline_of
from tsuzuri.planning.schedule import Schedule, schedule
from tsuzuri.planning.slip import SlipTable
from tsuzuri.store import load
from tsuzuri.validate import validate_loaded

_COLUMNS = {
    "table": ("id", "title", "start", "end", "days", "float", "progress", "marks"),
    "slip": ("id", "title", "organization", "baseline", "now", "start_slip", "end_slip"),
    "owners": ("organization", "items", "slipped", "largest", "total"),
}


def _header(lang: str, table: str) -> list[str]:
    # the marks column (*, !, ?) has no heading in either language
    return [text(lang, f"cli.schedule.{table}.{column}") for column in _COLUMNS[table]]


def schedules(tracker: Tracker, project: str | None, day: date) -> list[Schedule]:
    """Return the schedule of one project, or of every project that has a WBS."""
    if project and project not in tracker.wbs:
        known = ", ".join(sorted(tracker.wbs)) or "-"
        raise UsageError(say(language(None, tracker.config.language), "cli.schedule.no-wbs", project=project, known=known))
    keys = [project] if project else sorted(tracker.wbs)
    return [schedule(tracker.wbs[k], tracker.config, tracker.issues, day) for k in keys]


def _width(text: str) -> int:
    # East Asian characters take two columns in a terminal.
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[c]) for r in rows) for c in range(len(rows[0]))]
    return ["  ".join(_pad(cell, widths[c]) for c, cell in enumerate(row)).rstrip() for row in rows]


def slip_text(slip: SlipTable, ref: str, tracker: Tracker) -> str:
    """Return the slip of each item and each organization as aligned text tables."""
    lang = tracker.config.language

    def org(owner: str) -> str:
        found = tracker.config.organization(owner)
        return found.name if found else owner or "-"

    rows = [_header(lang, "slip")]
    for r in slip.items:
        rows.append(
            [
                r.id,
                r.title,
                org(r.owner),
                f"{r.baseline_start}..{r.baseline_end}",
                f"{r.start}..{r.end}",
                f"{r.start_slip:+d}",
                f"{r.end_slip:+d}",
            ]
        )
    owners = [_header(lang, "owners")]
    owners += [[org(o.owner), str(o.items), str(o.slipped), f"{o.max_slip:+d}", str(o.total_slip)] for o in slip.owners]
    lines = ["", say(lang, "cli.schedule.slip-title", ref=ref), *_aligned(rows), "", *_aligned(owners)]
    if slip.added:
        lines.append("+ " + " ".join(slip.added))
    if slip.removed:
        lines.append("- " + " ".join(slip.removed))
    return "\n".join(lines)


def table(plan: Schedule, language: str) -> str:
    """Return a schedule as an aligned text table followed by its critical path."""
    rows = [_header(language, "table")]
    for i in plan.items:
        marks = ("*" if i.critical else "") + ("!" if i.late else "") + ("?" if i.assumed else "")
        rows.append([
            "  " * i.depth + i.id, ("◆ " if i.milestone else "") + i.title, f"{i.start}", f"{i.end}",
            str(i.duration), str(i.total_float), f"{i.progress:.0f}%", marks,
        ])
    widths = [max(_width(r[c]) for r in rows) for c in range(len(rows[0]))]
    lines = [f"# {plan.project}"]
    lines += ["  ".join(_pad(cell, widths[c]) for c, cell in enumerate(row)).rstrip() for row in rows]
    lines.append("")
    lines.append(f"{text(language, 'cli.schedule.critical-path')}: " + " -> ".join(plan.critical_path))
    lines.append(f"{text(language, 'cli.schedule.finish')}: {plan.finish}")
    return "\n".join(lines)


@click.command("schedule")
@click.argument("project", required=False)
@click.option("--project", "project_option", metavar="KEY", help="Project key (the same as the PROJECT argument).")
@click.option("--baseline", "baseline_ref", metavar="REF", default=None,
              help="Compare with the plan at this Git ref and print the slip in working days (default: the WBS's `baseline:`).")
@root_option
@today_option
def command(project: str | None, project_option: str | None, baseline_ref: str | None, root: str | None, today_text: str | None) -> None:
    """Print the computed schedule (* critical, ! late, ? no duration), the critical path, and the slip."""
    folder = tracker_root(root)
    project = project or project_option
    loaded = load(folder)
    tracker = loaded.tracker
    lang = language(None, tracker.config.language)
    day = today(today_text, lang, tracker.config.timezone)
    # A WBS file that does not parse is not "missing": show why it cannot be scheduled.
    broken = [f for f in loaded.findings if f.severity == "error" and f.path.startswith("wbs/")
              and (not project or f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0] == project)]
    if broken and (project not in tracker.wbs if project else not tracker.wbs):
        raise TsuzuriError("\n".join(f.text(lang) for f in broken))
    wanted = [project] if project else sorted(tracker.wbs)
    # Dates computed from a plan with errors (an unknown predecessor, a cycle) would mislead:
    # show what to fix instead.
    paths = {tracker.wbs[k].path for k in wanted if k in tracker.wbs}
    errors = [f for f in validate_loaded(loaded, today=day) if f.severity == "error" and f.path in paths]
    if errors:
        raise TsuzuriError("\n".join([*(f.text(lang) for f in errors), say(lang, "cli.schedule.fix-first", count=len(errors))]))
    plans = schedules(tracker, project, day)
    if not plans:
        click.echo(say(lang, "cli.schedule.none"), err=True)
        return
    out = []
    for plan in plans:
        text = table(plan, tracker.config.language)
        wbs = tracker.wbs[plan.project]
        base = baseline_of(folder, tracker, wbs, day, baseline_ref or "", plan)
        if base is not None and base.problem:
            problem = localized(base.problem, lang)
            if baseline_ref:
                raise TsuzuriError(f"{wbs.path}: {problem}")
            text += f"\n\n({wbs.path}: {problem})"
        elif base is not None and base.slip is not None:
            text += "\n" + slip_text(base.slip, base.ref, tracker)
        out.append(text)
    click.echo("\n\n".join(out))
