"""``tsuzuri schedule``: print the computed schedule and the critical path of a project."""

from __future__ import annotations

from datetime import date

import click

from ...messages import say
from ...model import Tracker
from ...schedule import Schedule, schedule
from ...store import load
from ..context import language, root_option, today, today_option, tracker_root
from ..errors import UsageError

_HEADERS = {
    "en": ("ID", "Title", "Start", "End", "Days", "Float", "Progress", ""),
    "ja": ("ID", "作業名", "開始日", "終了日", "日数", "余裕", "進捗", ""),
}
_PATH = {"en": "Critical path", "ja": "クリティカルパス"}
_FINISH = {"en": "Finish", "ja": "完了予定"}


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


def table(plan: Schedule, language: str) -> str:
    """Return a schedule as an aligned text table followed by its critical path."""
    lang = "ja" if language == "ja" else "en"
    rows = [list(_HEADERS[lang])]
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
    lines.append(f"{_PATH[lang]}: " + " -> ".join(plan.critical_path))
    lines.append(f"{_FINISH[lang]}: {plan.finish}")
    return "\n".join(lines)


@click.command("schedule")
@click.argument("project", required=False)
@root_option
@today_option
def command(project: str | None, root: str | None, today_text: str | None) -> None:
    """Print the computed schedule (* critical, ! late, ? no duration) and the critical path."""
    loaded = load(tracker_root(root))
    tracker = loaded.tracker
    plans = schedules(tracker, project, today(today_text))
    click.echo("\n\n".join(table(p, tracker.config.language) for p in plans))
