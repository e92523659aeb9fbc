"""Read what a Backlog issue CSV tells of its project, in the shape of the API's responses.

The export has no project lists, but its rows name every status, type, priority,
category, milestone, version, resolution and person the issues use, with Backlog's ids
beside them (状態ID, 担当者ID, ...), and every column it does not know is a custom field.
``CsvProject`` answers ``setup.plan_setup`` as a folder of saved responses would, so a
CSV alone sets up tsuzuri.yml the way the API does: statuses in the order of their ids
(a project's own between 処理済み and 完了), members by name with their Backlog id as an alias, custom fields
typed by their values (number, date, else text: the CSV does not say which are lists).
"""

from __future__ import annotations

import re

from tsuzuri.formats import dates
from tsuzuri.interchange.mapping import ImportMap, header_name, split_list
from tsuzuri.interchange.sheet.workbook import Table

# The columns of ids beside the names, from a Japanese- and from an English-UI space.
_IDS = {
    "status": ("状態ID", "Status ID"), "type": ("種別ID", "Issue Type ID"), "priority": ("優先度ID", "Priority ID"),
    "categories": ("カテゴリーID", "Category ID"), "milestone": ("マイルストーンID", "Milestone ID"),
    "versions": ("発生バージョンID", "Version ID"), "resolution": ("完了理由ID", "Resolution ID"),
    "assignee": ("担当者ID", "Assignee ID"), "reporter": ("登録者ID", "Create User ID"), "updated_by": ("更新者ID", "Update User ID"),
}
_PROJECT_NAME = ("プロジェクト名", "Project Name")
# Backlog's four statuses by name, for an export whose 状態ID column was cut off.
_BUILT_IN_STATUSES = {"未対応": 1, "open": 1, "処理中": 2, "inprogress": 2, "処理済み": 3, "resolved": 3, "完了": 4, "closed": 4}
# Custom field types as the API numbers them: text, number, date.
_TEXT, _SENTENCE, _NUMBER, _DATE = 1, 2, 3, 4
_DATE_LIKE = re.compile(r"^\s*(?:\d{4}\s*[/\-.年]|[明大昭平令RrHhSs]\w*\s*\d+\s*[/\-.年])")


class CsvProject:
    """A Backlog CSV export seen as the saved API responses ``plan_setup`` reads."""

    def __init__(self, table: Table, import_map: ImportMap, versions_field: str, resolution_field: str):
        self.rows = [table.record(cells) for _, cells in table.rows]
        self.raw = [cells for _, cells in table.rows]
        self.by_name = {header_name(h): i for i, h in table.headers.items()}
        self.users_of, users = self._people()
        milestones = self._entries("milestone", "milestone")
        versions = [v for v in self._entries("versions", f"custom:{versions_field}") if v["name"] not in {m["name"] for m in milestones}]
        project_name = self._first(_PROJECT_NAME)
        self.responses: dict[str, list | dict] = {
            "project.json": {"name": project_name} if project_name else {},
            "statuses.json": self._statuses(),
            "issueTypes.json": self._entries("type", "type"),
            "priorities.json": self._entries("priority", "priority"),
            "categories.json": self._entries("categories", "categories"),
            "versions.json": [*milestones, *versions],
            "resolutions.json": self._entries("resolution", f"custom:{resolution_field}"),
            "users.json": users,
            "customFields.json": [{"name": table.headers[i], "typeId": _kind([cells[i] if i < len(cells) else None for cells in self.raw])}
                                  for i in table.unmapped(import_map)],
        }

    def read(self, name: str, default=None):
        """Return what the export tells in the shape of one saved response, or ``default``."""
        return self.responses.get(name, default)

    def comments(self, key: str) -> list[dict]:
        """The export's comments name nobody: no one to declare."""
        return []

    def issues(self, versions_field: str, resolution_field: str) -> list[dict]:
        """Return each row as the few fields of an API issue that name what the project uses."""
        out = []
        for record, users in zip(self.rows, self.users_of, strict=True):
            issue: dict = {"category": [{"name": n} for n in split_list(record.get("categories"))],
                           "milestone": [{"name": n} for n in split_list(record.get("milestone"))],
                           "versions": [{"name": n} for n in split_list(record.get(f"custom:{versions_field}"))]}
            for field, key in (("assignee", "assignee"), ("reporter", "createdUser"), ("updated_by", "updatedUser")):
                if field in users:
                    issue[key] = users[field]
            if record.get(f"custom:{resolution_field}") not in (None, ""):
                issue["resolution"] = {"name": str(record[f"custom:{resolution_field}"]).strip()}
            out.append(issue)
        return out

    def _column(self, headers: tuple[str, ...]) -> int | None:
        return next((self.by_name[header_name(h)] for h in headers if header_name(h) in self.by_name), None)

    def _ids(self, kind: str) -> list[list[str]]:
        """Return each row's ids of one kind (several in a cell for categories and versions)."""
        index = self._column(_IDS[kind])
        return [split_list(cells[index] if index is not None and index < len(cells) else None) for cells in self.raw]

    def _entries(self, kind: str, field: str) -> list[dict]:
        """Return every name the rows use for ``field``, with the Backlog id written beside it."""
        found: dict[str, dict] = {}
        for record, id_list in zip(self.rows, self._ids(kind), strict=True):
            if kind in ("categories", "milestone", "versions"):
                names = split_list(record.get(field))
            else:
                names = [str(record[field]).strip()] if record.get(field) not in (None, "") else []
            for n, name in enumerate(names):
                found.setdefault(name, {"id": _number(id_list[n] if n < len(id_list) else ""), "name": name})
        return list(found.values())

    def _statuses(self) -> list[dict]:
        statuses = self._entries("status", "status")
        for s in statuses:
            if s["id"] is None:
                s["id"] = _BUILT_IN_STATUSES.get(header_name(s["name"]))
        # Backlog's four are there even when no row uses one; a project's own statuses sit between 処理済み and 完了.
        names = ("Open", "In Progress", "Resolved", "Closed") if "status" in self.by_name else ("未対応", "処理中", "処理済み", "完了")
        for ident, name in enumerate(names, 1):
            if all(s["id"] != ident for s in statuses):
                statuses.append({"id": ident, "name": name})
        statuses.sort(key=lambda s: (s["id"] == 4, s["id"] is None, s["id"] or 0))
        for order, s in enumerate(statuses):
            s["displayOrder"] = order
        return statuses

    def _people(self) -> tuple[list[dict[str, dict]], list[dict]]:
        """Return who each row names (assignee, reporter, last updater) and everyone once, by Backlog id or name."""
        people: dict[object, dict] = {}
        users_of: list[dict[str, dict]] = []
        for record, *id_lists in zip(self.rows, self._ids("assignee"), self._ids("reporter"), self._ids("updated_by"), strict=True):
            named = {}
            for field, id_list in zip(("assignee", "reporter", "updated_by"), id_lists, strict=True):
                name = str(record.get(field) or "").strip()
                if name:
                    ident = _number(id_list[0]) if id_list else None
                    key = ident if ident is not None else f"name:{name}"
                    named[field] = people.setdefault(key, {"id": ident if ident is not None else name, "name": name})
            users_of.append(named)
        return users_of, list(people.values())

    def _first(self, headers: tuple[str, ...]) -> str:
        index = self._column(headers)
        for cells in self.raw:
            if index is not None and index < len(cells) and cells[index] not in (None, ""):
                return str(cells[index]).strip()
        return ""


def _number(text) -> int | None:
    text = dates.normalize(str(text or "")).strip()
    return int(text) if text.isdigit() else None


def _kind(values: list) -> int:
    """Return the custom field type a column's values show: number, date, else (multi-line) text."""
    filled = [v for v in values if v not in (None, "") and str(v).strip()]
    if not filled:
        return _TEXT
    if all(_is_number(v) for v in filled):
        return _NUMBER
    if all(_is_date(v) for v in filled):
        return _DATE
    return _SENTENCE if any("\n" in str(v) for v in filled) else _TEXT


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    try:
        float(dates.normalize(str(value)).replace(",", ""))
    except ValueError:
        return False
    return True


def _is_date(value) -> bool:
    if hasattr(value, "year"):
        return True
    text = dates.normalize(str(value))
    if not _DATE_LIKE.match(text):
        return False
    try:
        return dates.parse_date(text) is not None
    except ValueError:
        return False
