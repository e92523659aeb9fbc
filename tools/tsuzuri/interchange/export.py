"""Write a tracker's issues as the office's issue sheet (CSV, XLSX), Backlog's CSV or JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from tsuzuri.formats.dates import iso_stamp, local, tracker_zone
from tsuzuri.interchange.cells import csv_text, sheet_cell
from tsuzuri.interchange.plan import Progress, no_progress
from tsuzuri.model import Config, Issue, Tracker
from tsuzuri.store.writer import atomic_write, atomic_write_bytes

FORMATS = ("csv", "xlsx", "backlog-csv", "json")

SHEET_COLUMNS = (
    ("キー", "key"), ("件名", "title"), ("種別", "type"), ("状態", "status"), ("優先度", "priority"),
    ("担当者", "assignee"), ("開始日", "start"), ("期限日", "due"), ("予定時間", "estimate"),
    ("実績時間", "actual"), ("マイルストーン", "milestone"), ("カテゴリー", "categories"),
    ("親課題", "parent"), ("詳細", "body"), ("登録日", "created"), ("更新日", "updated"),
)
"""The office's standard issue-sheet layout; 登録者, ウォッチ, 移行元 and custom fields follow."""
EXTRA_COLUMNS = (("登録者", "reporter"), ("ウォッチ", "watchers"), ("移行元", "origin"))

BACKLOG_COLUMNS = ("件名", "詳細", "開始日", "期限日", "予定時間", "実績時間", "種別名", "カテゴリー名",
                   "発生バージョン名", "マイルストーン名", "優先度ID", "担当者ユーザID", "親課題")
BACKLOG_PRIORITY_IDS = {"high": 2, "normal": 3, "low": 4}  # Backlog's fixed priority ids

_WIDTHS = {"key": 11, "title": 40, "body": 50, "created": 17, "updated": 17, "categories": 16, "milestone": 14}


def issues_of(tracker: Tracker, project: str | None) -> list[Issue]:
    """Return the issues to export, in project and number order."""
    keys = [p.key for p in tracker.config.projects] if project is None else [project]
    out = []
    for key in keys:
        out.extend(tracker.project_issues(key))
    return out


def sheet_header(config: Config, issues: list[Issue]) -> list[tuple[str, str]]:
    """Return (header, field) pairs: the standard layout, extras, then used custom fields."""
    columns = list(SHEET_COLUMNS) + list(EXTRA_COLUMNS)
    projects = {i.project for i in issues}
    seen = set()
    for spec in config.custom_fields:
        if spec.project in projects and spec.id not in seen:
            seen.add(spec.id)
            columns.append((spec.label or spec.id, f"custom:{spec.id}"))
    return columns


def sheet_value(config: Config, issue: Issue, name: str, zone):
    """Return one cell of the issue sheet as a Python value (dates stay dates)."""
    if name in ("type", "status", "priority"):
        vocab = {"type": "types", "status": "statuses", "priority": "priorities"}[name]
        return config.label(vocab, getattr(issue, name))
    if name in ("assignee", "reporter"):
        member = config.member(getattr(issue, name))
        return member.name if member else getattr(issue, name) or None
    if name == "watchers":
        return "、".join((config.member(w).name if config.member(w) else w) for w in issue.watchers) or None
    if name == "milestone":
        m = config.milestone(issue.project, issue.milestone)
        return (m.name or m.id) if m else issue.milestone or None
    if name == "categories":
        return "、".join((config.category(issue.project, c).label if config.category(issue.project, c) else c) for c in issue.categories) or None
    if name in ("created", "updated"):
        value = getattr(issue, name)
        return local(value, zone).replace(tzinfo=None) if isinstance(value, datetime) else value
    if name.startswith("custom:"):
        return issue.custom.get(name[7:])
    if name == "key":
        return issue.key
    value = getattr(issue, name)
    return value if value not in ("", ()) else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def export(tracker: Tracker, fmt: str, out: Path, project: str | None = None, progress: Progress = no_progress) -> int:
    """Write the issues (of one project, or all) to ``out`` in a format; return how many."""
    issues = issues_of(tracker, project)
    writer: Callable = {"csv": _csv, "xlsx": _xlsx, "backlog-csv": _backlog_csv, "json": _json}[fmt]
    writer(tracker, issues, Path(out), progress)
    return len(issues)


def _rows(tracker: Tracker, issues: list[Issue], progress: Progress):
    config = tracker.config
    zone = tracker_zone(config.timezone)
    header = sheet_header(config, issues)
    yield [h for h, _ in header]
    for done, issue in enumerate(issues, 1):
        progress("export", done, len(issues))
        yield [sheet_value(config, issue, name, zone) for _, name in header]


def _csv(tracker: Tracker, issues: list[Issue], out: Path, progress: Progress) -> None:
    rows = ([_text(v) for v in row] for row in _rows(tracker, issues, progress))
    atomic_write_bytes(out, csv_text(rows).encode("utf-8"))


def _xlsx(tracker: Tracker, issues: list[Issue], out: Path, progress: Progress) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = "課題一覧"
    rows = _rows(tracker, issues, progress)
    header = next(rows)
    fields = [name for _, name in sheet_header(tracker.config, issues)]
    ws.append(header)
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E78")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        ws.append([sheet_cell(v) for v in row])
        for cell in ws[ws.max_row]:
            if cell.data_type == "f":  # text that starts with "=" is text, never a formula
                cell.data_type = "s"
    for index, name in enumerate(fields, 1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = _WIDTHS.get(name, 12)
        if name in ("start", "due"):
            for cell in ws[letter][1:]:
                cell.number_format = "yyyy/mm/dd"
        elif name in ("created", "updated"):
            for cell in ws[letter][1:]:
                cell.number_format = "yyyy/mm/dd hh:mm:ss"
        elif name == "body":
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{ws.max_row}"
    data = io.BytesIO()
    book.save(data)
    atomic_write_bytes(out, data.getvalue())  # an interrupted export never leaves half a workbook


def _backlog_csv(tracker: Tracker, issues: list[Issue], out: Path, progress: Progress) -> None:
    config = tracker.config
    titles = {i.key: i.title for i in issues}
    rows = [list(BACKLOG_COLUMNS)]
    for done, i in enumerate(issues, 1):
        progress("export", done, len(issues))
        milestone = config.milestone(i.project, i.milestone)
        rows.append([
            i.title, i.body, _slash(i.start), _slash(i.due), _text(i.estimate), _text(i.actual),
            config.label("types", i.type),
            ",".join(c.label if (c := config.category(i.project, cid)) else cid for cid in i.categories),
            "", (milestone.name or milestone.id) if milestone else i.milestone,
            BACKLOG_PRIORITY_IDS.get(i.priority, 3), i.assignee,
            titles.get(i.parent, ""),  # Backlog's CSV import names a parent by its title in the same file
        ])
    atomic_write_bytes(out, csv_text(rows).encode("utf-8"))


def _slash(day: date | None) -> str:
    return day.strftime("%Y/%m/%d") if day else ""


def issue_json(issue: Issue, zone: tzinfo = UTC) -> dict:
    """Return an issue with its comments and attachments as plain JSON values, its moments in ``zone``."""
    def plain(value):
        if isinstance(value, (date, datetime)):
            return iso_stamp(value, zone)
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    data = {name: plain(getattr(issue, name)) for name in (
        "key", "project", "title", "type", "status", "priority", "assignee", "reporter", "milestone",
        "categories", "start", "due", "estimate", "actual", "parent", "watchers", "created", "updated", "origin", "body")}
    data["links"] = {k: list(v) for k, v in issue.links.items()}
    data["custom"] = plain(dict(issue.custom))
    data["comments"] = [{"author": c.author, "date": plain(c.date), "body": c.body, "via": c.via, "path": c.path} for c in issue.comments]
    data["attachments"] = [{"name": a.name, "size": a.size, "path": a.path} for a in issue.attachments]
    return data


def _json(tracker: Tracker, issues: list[Issue], out: Path, progress: Progress) -> None:
    zone = tracker_zone(tracker.config.timezone)
    items = []
    for done, issue in enumerate(issues, 1):
        progress("export", done, len(issues))
        items.append(issue_json(issue, zone))
    atomic_write(out, json.dumps({"format": "tsuzuri-issues", "version": 1, "issues": items}, ensure_ascii=False, indent=1) + "\n")
