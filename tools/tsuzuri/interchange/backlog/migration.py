"""Plan the import of a Backlog project, from the API or from a folder of saved responses."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from tsuzuri.interchange.backlog.api import Client, Fetcher, space_name
from tsuzuri.interchange.backlog.records import BacklogMapper, Dump, unknown_notes
from tsuzuri.interchange.mapping import ImportMap, Resolver
from tsuzuri.interchange.plan import Plan, Progress, build_plan, no_progress
from tsuzuri.messages import Message
from tsuzuri.store import Loaded


def fetch(client: Client, folder: Path, backlog_project: str, progress: Progress = no_progress, attachments: bool = True) -> None:
    """Save a Backlog project's API responses into ``folder``, resuming a stopped run."""
    Fetcher(client, folder, progress).fetch(backlog_project, attachments)


def plan_backlog(loaded: Loaded, folder: Path, backlog_project: str, space: str, project: str | None = None,
                 import_map: ImportMap | None = None, progress: Progress = no_progress) -> Plan:
    """Plan the import of a saved Backlog project into the tracker (keys kept: MIRA-12 stays MIRA-12)."""
    config = loaded.tracker.config
    project = project or backlog_project
    dump = Dump(folder, backlog_project)
    space_id = space_name(space)
    raw_issues = dump.issues()
    # Parents may point at issues imported earlier, so the id->key table includes the tracker's origins.
    keys_by_id = {}
    prefix = f"backlog:{space_id}:"
    for issue in loaded.tracker.issues.values():
        if issue.origin.startswith(prefix) and issue.origin[len(prefix):].isdigit():
            keys_by_id[int(issue.origin[len(prefix):])] = issue.key
    keys_by_id.update({raw["id"]: f"{project}-{raw['keyId']}" for raw in raw_issues})
    mapper = BacklogMapper(Resolver(config, import_map), project, space_id, ZoneInfo(config.timezone), keys_by_id)
    records = []
    for done, raw in enumerate(raw_issues, 1):
        progress("read", done, len(raw_issues))
        records.append(mapper.issue(raw, dump))
    plan = build_plan(loaded, records, progress, len(records))
    plan.notes[:0] = [Message("io.backlog.read", space=space_id, project=backlog_project, count=len(raw_issues)), *unknown_notes(mapper.unknown)]
    return plan
