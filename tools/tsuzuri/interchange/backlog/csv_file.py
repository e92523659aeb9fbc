"""Plan the import of the issue CSV that Backlog exports (CP932 or UTF-8)."""

from __future__ import annotations

from pathlib import Path

from tsuzuri.interchange.backlog.api import space_name
from tsuzuri.interchange.backlog.records import RESOLUTION_FIELD, VERSIONS_FIELD
from tsuzuri.interchange.mapping import ImportMap, header_name
from tsuzuri.interchange.plan import Plan, Progress, no_progress
from tsuzuri.interchange.sheet.rows import plan_sheet
from tsuzuri.store import Loaded

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
        "プロジェクトID", "プロジェクト名", "キーID", "種別ID", "カテゴリーID", "発生バージョンID", "状態ID", "優先度ID", "マイルストーンID",
        "完了理由ID", "担当者ID", "登録者ID", "更新者ID", "添付", "添付ファイル", "共有ファイル",
        "Project ID", "Project Name", "Key ID", "Issue Type ID", "Category ID", "Version ID", "Status ID", "Priority ID", "Milestone ID",
        "Resolution ID", "Assignee ID", "Create User ID", "Update User ID", "Attachment", "Shared File")),
    *((f"{word}{n}", "comment") for word in ("コメント", "Comment") for n in range(1, 201)),
)
BACKLOG_CSV_COLUMNS = {header_name(h): target for h, target in _PAIRS}


def plan_backlog_csv(loaded: Loaded, path: Path, project: str, space: str, import_map: ImportMap | None = None,
                     progress: Progress = no_progress) -> Plan:
    """Read Backlog's issue CSV export; keys are kept and the ID column becomes the origin."""
    import_map = import_map or ImportMap()
    for header, target in BACKLOG_CSV_COLUMNS.items():
        import_map.columns.setdefault(header, target)  # a map file's own choice wins
    return plan_sheet(loaded, Path(path), project, import_map, None, progress, origin_prefix=f"backlog:{space_name(space)}:")
