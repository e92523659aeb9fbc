"""Plan the import of the issue CSV that Backlog exports (CP932 or UTF-8)."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

from tsuzuri.interchange.backlog.api import space_name
from tsuzuri.interchange.backlog.csv_setup import CsvProject
from tsuzuri.interchange.backlog.records import RESOLUTION_FIELD, VERSIONS_FIELD
from tsuzuri.interchange.backlog.setup import plan_setup, with_config
from tsuzuri.interchange.mapping import ImportMap, header_name
from tsuzuri.interchange.plan import Plan, Step
from tsuzuri.interchange.progress import Progress, no_progress
from tsuzuri.interchange.sheet.rows import plan_sheet
from tsuzuri.interchange.sheet.workbook import Table, read_table
from tsuzuri.messages import Message
from tsuzuri.store import Loaded
from tsuzuri.store.reader import CONFIG_FILE

# Backlog's export headers, from a Japanese- and from an English-UI space. Its *ID columns
# repeat what the names say and are left out; comments come as コメント1, コメント2, ...
_PAIRS = (
    ("ID", "origin"), ("キー", "key"), ("Key", "key"), ("件名", "title"), ("Subject", "title"),
    ("詳細", "body"), ("Description", "body"), ("種別", "type"), ("Issue Type", "type"),
    ("カテゴリー名", "categories"), ("Category Name", "categories"),
    ("発生バージョン", f"custom:{VERSIONS_FIELD}"), ("Version", f"custom:{VERSIONS_FIELD}"),
    ("状態", "status"), ("Status", "status"), ("優先度", "priority"), ("Priority", "priority"),
    ("マイルストーン", "milestone"), ("Milestone", "milestone"),
    ("完了理由", f"custom:{RESOLUTION_FIELD}"), ("Resolution", f"custom:{RESOLUTION_FIELD}"),
    ("担当者", "assignee"), ("Assignee", "assignee"), ("登録者", "reporter"), ("Created by", "reporter"),
    ("登録日", "created"), ("Created Date", "created"), ("親課題キー", "parent"), ("Parent issue key", "parent"),
    ("開始日", "start"), ("Start Date", "start"), ("期限日", "due"), ("Due date", "due"),
    ("予定時間", "estimate"), ("Estimated Hours", "estimate"), ("実績時間", "actual"), ("Actual Hours", "actual"),
    ("更新者", "updated_by"), ("Updated by", "updated_by"), ("更新日", "updated"), ("最終更新日", "updated"), ("Updated", "updated"),
    *((name, "-") for name in (
        "プロジェクトID", "プロジェクト名", "キーID", "種別ID", "カテゴリーID", (
            "発生バージョンID"
        ), "状態ID", "優先度ID", "マイルストーンID",
        "完了理由ID", "担当者ID", "登録者ID", "更新者ID", "添付", "添付ファイル", "共有ファイル",
        "Project ID", "Project Name", "Key ID", "Issue Type ID", "Category ID", "Version ID", "Status ID", "Priority ID", "Milestone ID",
        "Resolution ID", "Assignee ID", "Create User ID", "Update User ID", "Attachment", "Shared File")),
    *((f"{word}{n}", "comment") for word in ("コメント", "Comment") for n in range(1, 201)),
)
BACKLOG_CSV_COLUMNS = {header_name(h): target for h, target in _PAIRS}


def plan_backlog_csv(loaded: Loaded, path: Path, project: str, space: str, import_map: ImportMap | None = None,
                     progress: Progress = no_progress, backlog_project: str = "") -> Plan:
    """Read Backlog's issue CSV export; keys are kept and the ID column becomes the origin.

    Issues of ``backlog_project`` go into ``project`` with their numbers (MIRA-12 into NEW is NEW-12).

    The plan starts with what tsuzuri.yml needs for what the rows use (see ``csv_setup``),
    so a CSV alone sets up an empty tracker as the API does.
    """
    import_map = import_map or ImportMap()
    for header, target in BACKLOG_CSV_COLUMNS.items():
        import_map.columns.setdefault(header, target)  # a map file's own choice wins
    config = loaded.tracker.config
    for spec in sorted(config.custom_fields, key=lambda c: c.project != project):
        for name in (spec.label, spec.id):
            if name:
                import_map.columns.setdefault(header_name(name), f"custom:{spec.id}")
    table = read_table(Path(path), import_map, None, config.imports)
    if backlog_project and backlog_project != project:
        _into(table, backlog_project, project)
    export = CsvProject(table, import_map, VERSIONS_FIELD, RESOLUTION_FIELD)
    config_doc = loaded.documents.get(CONFIG_FILE)
    setup = plan_setup(config_doc.front if config_doc is not None else "", config, export, project, project,
                       ZoneInfo(config.timezone), export.issues(VERSIONS_FIELD, RESOLUTION_FIELD), import_map)
    if setup.changed:
        loaded = with_config(loaded, setup.text)
    plan = plan_sheet(loaded, Path(path), project, import_map, None, progress, origin_prefix=f"backlog:{space_name(space)}:", table=table)
    if setup.changed:
        plan.steps.insert(0, Step("update", "", CONFIG_FILE, [setup.summary()], {CONFIG_FILE: setup.text}))
        if any(f.get("typeId") in (1, 2) for f in export.read("customFields.json", [])):
            plan.notes.append(Message("io.backlog.csv-fields"))
    return plan


def _into(table: Table, backlog_project: str, project: str) -> None:
    """Write the keys and parent keys of the export's project with the tracker project's key."""
    old = re.compile(rf"^\s*{re.escape(backlog_project)}-(?=\d+\s*$)", re.IGNORECASE)
    indexes = [i for i, name in table.columns.items() if name in ("key", "parent")]
    for _, cells in table.rows:
        for i in indexes:
            if i < len(cells) and isinstance(cells[i], str):
                cells[i] = old.sub(f"{project}-", cells[i])
