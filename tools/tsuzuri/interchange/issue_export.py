"""The one export engine: every issue as one record, written as JSON, the issue sheet (CSV, XLSX) or Backlog's CSV.

The site's ``issues.json`` and ``issues.csv`` and ``tsuzuri export`` are all written here, so
they carry the same fields with the same values: names beside ids, and created/updated as
the tracker read them (from Git, or as an imported issue wrote them). The JSON shape is
documented by ``docs/schema/issues.schema.json``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo
from pathlib import Path

from tsuzuri.formats.dates import local, tracker_zone
from tsuzuri.interchange.cells import csv_text, sheet_cell
from tsuzuri.interchange.progress import Progress, no_progress
from tsuzuri.messages import say
from tsuzuri.model import Config, Issue, Tracker
from tsuzuri.store.writer import atomic_write_bytes

FORMATS = ("csv", "xlsx", "backlog-csv", "json")
JSON_FORMAT, JSON_VERSION = "tsuzuri-issues", 2

SHEET_FIELDS = (
    "key", "title", "type", "status", "priority", "assignee", "start", "due", "estimate", "actual",
    "milestone", "categories", "parent", "body", "created", "updated", "reporter", "watchers", "origin",
)
"""The issue sheet's columns: the office's standard layout (キー ... 更新日), then 登録者, ウォッチ, 移行元; custom fields follow."""

# Which record value a sheet column shows: names and labels, never ids.
_SHEET_VALUE = {
    "type": "type_label", "status": "status_label", "priority": "priority_label", "assignee": "assignee_name",
    "reporter": "reporter_name", "milestone": "milestone_name", "categories": "category_names", "watchers": "watcher_names",
}

BACKLOG_COLUMNS = ("件名", "詳細", "開始日", "期限日", "予定時間", "実績時間", "種別名", "カテゴリー名",
                   "発生バージョン名", "マイルストーン名", "優先度ID", "担当者ユーザID", "親課題")
BACKLOG_PRIORITY_IDS = {"high": 2, "normal": 3, "low": 4}  # Backlog's fixed priority ids

_WIDTHS = {"key": 11, "title": 40, "body": 50, "created": 17, "updated": 17, "categories": 16, "milestone": 14}


# --- the records -------------------------------------------------------------------


def issues_of(tracker: Tracker, project: str | None = None) -> list[Issue]:
    """Return the issues to export (of one project, or all) in project key and number order."""
    chosen = (i for i in tracker.issues.values() if project is None or i.project == project)
    return sorted(chosen, key=lambda i: (i.project, i.number))


def local_time(value: datetime | None, zone: tzinfo) -> datetime | None:
    """Return a moment as every export shows it: on the tracker's clock (``formats.dates.local``), None for none."""
    return None if value is None else local(value, zone)


def records(tracker: Tracker, issues: Iterable[Issue], today: date) -> list[dict]:
    """Return one record per issue, with Python values (dates stay dates): what every format is written from."""
    config = tracker.config
    zone = tracker_zone(config.timezone)
    return [issue_record(config, issue, today, zone) for issue in issues]


def issue_record(config: Config, issue: Issue, today: date, zone: tzinfo) -> dict:
    """Return one issue as the export's record: every field, ids with their names, comments and attachments."""
    member = config.member(issue.assignee) if issue.assignee else None
    org = member.org if member else ""
    milestone = config.milestone(issue.project, issue.milestone) if issue.milestone else None
    return {
        "key": issue.key, "project": issue.project, "number": issue.number, "title": issue.title,
        "type": issue.type, "type_label": config.label("types", issue.type),
        "status": issue.status, "status_label": config.label("statuses", issue.status), "done": issue.is_done(config),
        "priority": issue.priority, "priority_label": config.label("priorities", issue.priority),
        "assignee": issue.assignee, "assignee_name": _person(config, issue.assignee),
        "organization": org, "organization_name": _org_name(config, org),
        "reporter": issue.reporter, "reporter_name": _person(config, issue.reporter),
        "milestone": issue.milestone, "milestone_name": (milestone.name or milestone.id) if milestone else issue.milestone,
        "categories": list(issue.categories), "category_names": [_category_name(config, issue.project, c) for c in issue.categories],
        "start": issue.start, "due": issue.due, "overdue": issue.is_overdue(config, today),
        "estimate": issue.estimate, "actual": issue.actual, "parent": issue.parent,
        "links": {kind: list(keys) for kind, keys in issue.links.items()},
        "watchers": list(issue.watchers), "watcher_names": [_person(config, w) for w in issue.watchers],
        "created": local_time(issue.created, zone), "updated": local_time(issue.updated, zone),
        "origin": issue.origin, "custom": _plain(dict(issue.custom)), "body": issue.body,
        "comments": [
            {"author": c.author, "author_name": _person(config, c.author), "date": local_time(c.date, zone),
             "body": c.body, "via": c.via, "verified": c.verified, "path": c.path}
            for c in issue.comments
        ],
        "attachments": [{"name": a.name, "size": a.size, "media_type": a.media_type, "path": a.path} for a in issue.attachments],
    }


def _person(config: Config, member_id: str) -> str:
    member = config.member(member_id) if member_id else None
    return (member.name or member.id) if member else member_id


def _org_name(config: Config, org_id: str) -> str:
    org = config.organization(org_id) if org_id else None
    return org.name if org else org_id


def _category_name(config: Config, project: str, category_id: str) -> str:
    category = config.category(project, category_id)
    return category.label if category and category.label else category_id


def _plain(value):
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# --- JSON --------------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")  # as formats.dates.iso_stamp writes a moment for machines
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def json_bytes(rows: list[dict]) -> bytes:
    """Return the records as the documented JSON, one issue to a line (small for the browser, readable in a diff)."""
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_value) for r in rows]
    head = json.dumps({"format": JSON_FORMAT, "version": JSON_VERSION}, separators=(",", ":"))[:-1]
    return (head + ',"issues":[\n' + ",\n".join(lines) + ("\n" if lines else "") + "]}\n").encode("utf-8")


# --- the issue sheet ---------------------------------------------------------------


def sheet_columns(config: Config, issues: Iterable[Issue]) -> list[tuple[str, str]]:
    """Return (heading, field) pairs in the tracker's language: the standard layout, then the custom fields in use."""
    lang = config.language
    columns = [(say(lang, f"csv.issues.{name}"), name) for name in SHEET_FIELDS]
    projects = {i.project for i in issues}
    seen = set()
    for spec in config.custom_fields:
        if spec.project in projects and spec.id not in seen:
            seen.add(spec.id)
            columns.append((spec.label or spec.id, f"custom:{spec.id}"))
    return columns


def sheet_value(record: dict, name: str, separator: str):
    """Return one cell of the issue sheet from a record, as a Python value (dates stay dates, times lose their zone)."""
    if name.startswith("custom:"):
        return record["custom"].get(name[7:])
    value = record[_SHEET_VALUE.get(name, name)]
    if isinstance(value, list):
        return separator.join(value) or None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # already in the tracker's zone; a sheet cell holds no zone
    return value if value != "" else None


def sheet_rows(config: Config, issues: list[Issue], rows: list[dict], progress: Progress = no_progress):
    """Yield the issue sheet: the heading row, then one row of Python values per record."""
    columns = sheet_columns(config, issues)
    separator = say(config.language, "csv.issues.separator")
    yield [heading for heading, _ in columns]
    for done, record in enumerate(rows, 1):
        progress("export", done, len(rows))
        yield [sheet_value(record, name, separator) for _, name in columns]


def cell_text(value) -> str:
    """Return a sheet value as CSV text: dates as ISO days, times to the second, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def sheet_csv(config: Config, issues: list[Issue], rows: list[dict], progress: Progress = no_progress) -> bytes:
    """Return the issue sheet as CSV in UTF-8 with a BOM (so Excel reads Japanese)."""
    return csv_text([cell_text(v) for v in row] for row in sheet_rows(config, issues, rows, progress)).encode("utf-8")


# --- writing files -----------------------------------------------------------------


def export(tracker: Tracker, fmt: str, out: Path, today: date, project: str | None = None, progress: Progress = no_progress) -> int:
    """Write the issues (of one project, or all) to ``out`` in a format; return how many."""
    issues = issues_of(tracker, project)
    writer: Callable[[Tracker, list[Issue], date, Progress], bytes] = {
        "csv": _csv, "xlsx": _xlsx, "backlog-csv": _backlog_csv, "json": _json,
    }[fmt]
    atomic_write_bytes(Path(out), writer(tracker, issues, today, progress))  # never half a file
    return len(issues)


def _csv(tracker: Tracker, issues: list[Issue], today: date, progress: Progress) -> bytes:
    return sheet_csv(tracker.config, issues, records(tracker, issues, today), progress)


def _json(tracker: Tracker, issues: list[Issue], today: date, progress: Progress) -> bytes:
    progress("export", len(issues), len(issues))
    return json_bytes(records(tracker, issues, today))


def _xlsx(tracker: Tracker, issues: list[Issue], today: date, progress: Progress) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    config = tracker.config
    book = Workbook()
    ws = book.active
    ws.title = say(config.language, "csv.issues.sheet-title")
    rows = sheet_rows(config, issues, records(tracker, issues, today), progress)
    header = next(rows)
    fields = [name for _, name in sheet_columns(config, issues)]
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
        _format_column(ws, get_column_letter(index), name, Alignment)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{ws.max_row}"
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _format_column(ws, letter: str, name: str, alignment) -> None:
    ws.column_dimensions[letter].width = _WIDTHS.get(name, 12)
    formats = {"start": "yyyy/mm/dd", "due": "yyyy/mm/dd", "created": "yyyy/mm/dd hh:mm:ss", "updated": "yyyy/mm/dd hh:mm:ss"}
    for cell in ws[letter][1:]:
        if name in formats:
            cell.number_format = formats[name]
        elif name == "body":
            cell.alignment = alignment(wrap_text=True, vertical="top")


def _backlog_csv(tracker: Tracker, issues: list[Issue], today: date, progress: Progress) -> bytes:
    """Backlog's 課題一括登録 layout, whose headings Backlog reads in Japanese whatever the tracker's language."""
    titles = {i.key: i.title for i in issues}
    table = [list(BACKLOG_COLUMNS)]
    for done, r in enumerate(records(tracker, issues, today), 1):
        progress("export", done, len(issues))
        table.append([
            r["title"], r["body"], _slash(r["start"]), _slash(r["due"]), cell_text(r["estimate"]), cell_text(r["actual"]),
            r["type_label"], ",".join(r["category_names"]), "", r["milestone_name"],
            BACKLOG_PRIORITY_IDS.get(r["priority"], 3), r["assignee"],
            titles.get(r["parent"], ""),  # Backlog's CSV import names a parent by its title in the same file
        ])
    return csv_text(table).encode("utf-8")


def _slash(day: date | None) -> str:
    return day.strftime("%Y/%m/%d") if day else ""
