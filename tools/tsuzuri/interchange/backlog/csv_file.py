"""Plan the import of the issue CSV that Backlog exports (CP932 or UTF-8)."""

from __future__ import annotations

from pathlib import Path

from tsuzuri.interchange.backlog.api import space_name
from tsuzuri.interchange.mapping import ImportMap
from tsuzuri.interchange.plan import Plan, Progress, no_progress
from tsuzuri.interchange.sheet.rows import plan_sheet
from tsuzuri.store import Loaded

# Backlog's export headers that the common sheet headers do not already cover.
BACKLOG_CSV_COLUMNS = {"id": "origin", "最終更新日": "updated", "マイルストーン": "milestone", "親課題キー": "parent", "カテゴリー名": "categories"}


def plan_backlog_csv(loaded: Loaded, path: Path, project: str, space: str, import_map: ImportMap | None = None,
                     progress: Progress = no_progress) -> Plan:
    """Read Backlog's issue CSV export; keys are kept and the ID column becomes the origin."""
    import_map = import_map or ImportMap()
    for header, target in BACKLOG_CSV_COLUMNS.items():
        import_map.columns.setdefault(header, target)
    return plan_sheet(loaded, Path(path), project, import_map, None, progress, origin_prefix=f"backlog:{space_name(space)}:")
