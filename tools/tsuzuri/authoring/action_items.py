"""Turn a meeting's unlinked action items into issues and write their keys back into the minutes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tsuzuri.authoring.issues import Rejected, check_text, create_issue, load_for_edit
from tsuzuri.errors import AuthoringError
from tsuzuri.findings import Finding
from tsuzuri.formats.textfile import decode
from tsuzuri.messages import Message
from tsuzuri.model import ActionItem
from tsuzuri.schema.kinds import MINUTES
from tsuzuri.store import writer
from tsuzuri.store.documents import read


@dataclass(frozen=True)
class Created:
    key: str
    item: ActionItem


def convert_actions(root: Path, minutes_rel: str, project: str = "", reporter: str = "") -> list[Created]:
    """Create an issue per unlinked, open action item of the minutes; append each key to its line."""
    loaded = load_for_edit(root)
    findings: list = []
    doc = read(root, minutes_rel, MINUTES, findings)
    if not doc.ok:
        raise AuthoringError(findings[0].text() if findings else Message("authoring.unreadable", path=minutes_rel))
    minutes = next((m for m in loaded.tracker.minutes if m.path == minutes_rel), None)
    if minutes is None:
        raise AuthoringError(Message("authoring.not-minutes", path=minutes_rel))
    project = project or minutes.project
    if not project:
        raise AuthoringError(Message("authoring.minutes-no-project", path=minutes_rel))
    body = f"{minutes.title} ({minutes.date}) のアクションアイテム: {minutes_rel}"
    pending = []
    for item in minutes.actions:
        if item.issue or item.done:
            continue
        fields = {"title": item.text, "type": "task", "assignee": item.assignee, "reporter": reporter, "due": item.due}
        if loaded.tracker.config.type("task") is None:
            fields.pop("type")
        pending.append((item, {k: v for k, v in fields.items() if v}))
    _check_all(loaded, minutes_rel, project, pending, body)
    created: list[Created] = []
    lines = decode((root / minutes_rel).read_bytes()).split("\n")
    for item, fields in pending:
        key = create_issue(root, project, fields, body)
        index = item.line - 1
        lines[index] = lines[index].rstrip() + f" {key}"
        created.append(Created(key, item))
        # Write after each issue so an interruption never leaves an issue without its key in the minutes.
        writer.atomic_write(root / minutes_rel, "\n".join(lines))
    return created


def _check_all(loaded, minutes_rel: str, project: str, pending: list, body: str) -> None:
    """Refuse before writing anything if any item's issue would be invalid, pointing at the item's line."""
    if loaded.tracker.config.project(project) is None:
        return  # create_issue reports an unknown project before it writes
    config = loaded.tracker.config
    number = writer.next_number(loaded.root, project)
    problems: list[Finding] = []
    for offset, (item, fields) in enumerate(pending):
        fields = dict(fields)
        fields.setdefault("status", config.statuses[0].id if config.statuses else "open")
        fields.setdefault("type", config.types[0].id if config.types else "task")
        rel = f"issues/{project}/{project}-{number + offset}.md"
        try:
            check_text(loaded, rel, writer.document(fields, body, writer.ISSUE_FIELD_ORDER))
        except Rejected as exc:
            problems.extend(replace(f, path=minutes_rel, line=item.line, col=1) for f in exc.findings)
    if problems:
        raise Rejected(problems)
