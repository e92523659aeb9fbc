"""Plan the import of a Backlog project, from the API or from a folder of saved responses."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from tsuzuri.interchange.backlog.api import Client, Fetcher, space_name
from tsuzuri.interchange.backlog.records import BacklogMapper, Dump, body_key, unknown_notes
from tsuzuri.interchange.backlog.setup import plan_setup, with_config
from tsuzuri.interchange.backlog.wiki import plan_wiki
from tsuzuri.interchange.mapping import ImportMap, Resolver
from tsuzuri.interchange.plan import Plan, Step, build_plan
from tsuzuri.interchange.progress import Progress, no_progress
from tsuzuri.messages import Message
from tsuzuri.store import Loaded
from tsuzuri.store.reader import CONFIG_FILE


def fetch(client: Client, folder: Path, backlog_project: str, progress: Progress = no_progress, attachments: bool = True) -> None:
    """Save a Backlog project's API responses into ``folder``, resuming a stopped run."""
    Fetcher(client, folder, progress).fetch(backlog_project, attachments)


def plan_backlog(loaded: Loaded, folder: Path, backlog_project: str, space: str, project: str | None = None,
                 import_map: ImportMap | None = None, progress: Progress = no_progress) -> Plan:
    """Plan the import of a saved Backlog project into the tracker (keys kept: MIRA-12 stays MIRA-12).

    The plan starts with the tsuzuri.yml additions the project needs (see ``setup``); its
    issues are then mapped against the configuration as it will be, so nothing is lost for
    want of a status, a member or a custom field.
    """
    project = project or backlog_project
    dump = Dump(folder, backlog_project)
    space_id = space_name(space)
    raw_issues = dump.issues()
    config = loaded.tracker.config
    zone = ZoneInfo(config.timezone)
    config_doc = loaded.documents.get(CONFIG_FILE)
    setup = plan_setup(
        config_doc.front if config_doc is not None else "", config, dump, backlog_project, project, zone, raw_issues, import_map
    )
    if setup.changed:
        loaded = with_config(loaded, setup.text)
        config = loaded.tracker.config
    # Parents may point at issues imported earlier, so the id->key table includes the tracker's origins.
    keys_by_id = {}
    prefix = f"backlog:{space_id}:"
    csv_comments: dict[str, set[str]] = {}
    for issue in loaded.tracker.issues.values():
        if issue.origin.startswith(prefix) and issue.origin[len(prefix):].isdigit():
            keys_by_id[int(issue.origin[len(prefix):])] = issue.key
        for c in issue.comments:
            doc_c = loaded.documents.get(c.path)
            if doc_c is not None and ":csv-" in str(doc_c.data.get("origin", "")):
                csv_comments.setdefault(issue.key, set()).add(body_key(c.body))
    keys_by_id.update({raw["id"]: f"{project}-{raw['keyId']}" for raw in raw_issues})
    info = dump.read("project.json", {}) or {}
    mapper = BacklogMapper(Resolver(config, import_map), project, space_id, zone, keys_by_id,
                           notation=info.get("textFormattingRule") == "backlog", lang=config.language, known_comments=csv_comments)
    records = []
    for done, raw in enumerate(raw_issues, 1):
        progress("read", done, len(raw_issues))
        records.append(mapper.issue(raw, dump))
    plan = build_plan(loaded, records, progress, len(records))
    wiki_steps, wiki_notes = plan_wiki(loaded, dump, backlog_project, project, notation=info.get("textFormattingRule") == "backlog")
    plan.steps.extend(wiki_steps)
    if setup.changed:
        plan.steps.insert(0, Step("update", "", CONFIG_FILE, [setup.summary()], {CONFIG_FILE: setup.text}))
    plan.notes[:0] = [Message("io.backlog.read", space=space_id, project=backlog_project, count=len(raw_issues)), *setup.notes, *wiki_notes,
                      *unknown_notes(mapper.unknown)]
    return plan
