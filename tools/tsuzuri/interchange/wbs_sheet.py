"""Plan ``wbs/<PROJECT>.yml`` from a vendor's WBS in Excel or CSV, and update it on the next copy.

A vendor's WBS is a table: a WBS number (1, 1-1, 1-1-1 or 1.1.1) or an indented task name
gives the hierarchy; then the owner company, the assignee, planned start and end (in any
way dates are written: 2026/4/1, 令和8年4月1日, Excel serials), the effort or duration,
the progress, the predecessors and milestones (rows marked ◆, or 種別 マイルストーン).
What does not fit (an unknown company, a predecessor that is not in the sheet, a date
that cannot be read) is a warning and left out of that item, so the file always validates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tsuzuri.formats import dates, yamlsafe
from tsuzuri.interchange.mapping import ImportMap, header_name, split_list
from tsuzuri.interchange.plan import Plan, Step
from tsuzuri.interchange.sheet.workbook import Table, read_table
from tsuzuri.interchange.wbs_merge import follow_titles, merge, render_items
from tsuzuri.messages import Message
from tsuzuri.model import Config, read_dependency
from tsuzuri.store.writer import scalar

WBS_COLUMNS = {
    "wbs": "id", "wbs番号": "id", "wbsno": "id", "wbsno.": "id", "no": "id", "no.": "id", "番号": "id", "項番": "id", "id": "id",
    "作業名": "title", "タスク名": "title", "タスク": "title", "作業項目": "title", "作業": "title", "項目": "title", "工程": "title",
    "名称": "title", "件名": "title", "作業内容": "title", "title": "title",
    "担当会社": "owner", "担当組織": "owner", "会社": "owner", "会社名": "owner", "組織": "owner", "ベンダー": "owner", (
        "担当ベンダー"
    ): "owner",
    "owner": "owner",
    "担当者": "assignee", "担当": "assignee", "assignee": "assignee",
    "開始日": (
        "start"
    ), "開始予定日": "start", "予定開始日": "start", "開始予定": "start", "計画開始": "start", "開始": "start", "start": "start",
    "終了日": "end", "終了予定日": "end", "予定終了日": "end", "完了予定日": "end", "終了予定": "end", "計画終了": "end", "終了": "end",
    "期限": "end", "end": "end",
    "期間": "duration", "日数": "duration", "期間(日)": "duration", "所要日数": "duration", "稼働日数": "duration", "duration": "duration",
    "工数": "effort", "予定工数": "effort", "見積工数": "effort", "工数(人日)": "effort", "予定工数(人日)": "effort",
    "進捗": "progress", "進捗率": "progress", "進捗(%)": "progress", "進捗率(%)": "progress", "progress": "progress",
    "先行": "after", "先行タスク": "after", "先行作業": "after", "前工程": "after", "依存": "after", "先行wbs": "after", "after": "after",
    "種別": "kind", "区分": "kind", "マイルストーン": "kind",
    "レベル": "level", "階層": "level",
}
_MARKS = "◆◇★☆▲"
_NUMBER_RE = re.compile(r"^[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*$")


@dataclass
class Row:
    number: int
    id: str
    level: int
    values: dict
    milestone: bool
    warnings: list = field(default_factory=list)


def plan_wbs(loaded, path: Path, project: str, import_map: ImportMap | None = None, sheet: str | None = None) -> Plan:
    """Read a vendor's WBS and plan ``wbs/<project>.yml`` (created, or updated in place by item id)."""
    config: Config = loaded.tracker.config
    if config.project(project) is None:
        raise ValueError(Message("io.unknown-project", project=project, known=", ".join(p.key for p in config.projects) or "-"))
    import_map = import_map or ImportMap()
    for header, target in WBS_COLUMNS.items():
        import_map.columns.setdefault(header_name(header), target)
    table = read_table(Path(path), import_map, sheet, config.imports)
    rows = _rows(table)
    numbers = [r.values.get("progress") for r in rows if isinstance(r.values.get("progress"), (int, float))]
    if numbers and all(0 <= n <= 1 for n in numbers):  # a percent-formatted column: 0.4 is 40 %
        for r in rows:
            if isinstance(r.values.get("progress"), (int, float)):
                r.values["progress"] = r.values["progress"] * 100
    items, notes, _ = _items(rows, config)
    rel = f"wbs/{project}.yml"
    path_in_tracker = loaded.root / rel
    current = path_in_tracker.read_text(encoding="utf-8-sig") if path_in_tracker.exists() else None
    plan = Plan()
    reasons = [w for r in rows for w in r.warnings]
    if current is not None and "id" not in table.columns.values():
        follow_titles(current, items)
    made_up = {i["id"] for i in _walk(items) if i.pop("_made_up", False)}
    merged = merge(rel, current, header_line(Path(path).name, table.sheet), items, set(table.columns.values()),
                   {r.id for r in rows if r.milestone}, made_up) if current is not None else None
    if current is None:
        text = render(items, {}, Path(path).name, table.sheet)
        step = Step("create", rel, Message("io.wbs.source", source=table.source),
                    [Message("io.wbs.items", count=sum(1 for _ in _walk(items))), *reasons], {rel: text})
    else:
        text, kept, styled = merged.text, merged.kept, merged.styled
        action = "update" if current != text else "unchanged"
        changed = _changes(_parsed_items(current), _parsed_items(text))
        if kept:
            changed.append(Message("io.wbs.kept", ids=", ".join(kept[:20]) + (" ..." if len(kept) > 20 else "")))
        if action == "update" and not styled:
            changed.append(Message("io.wbs.rewritten"))
        step = Step(
            action, rel, Message("io.wbs.source", source=table.source), [*changed, *reasons], {rel: text} if action == "update" else {}
        )
    plan.steps.append(step)
    found = Message("io.sheet-read", source=table.source, header=table.header_row, rows=len(table.rows))
    plan.notes[:0] = [found, *([Message("io.sheet.chosen", name=table.source, sheet=table.sheet)] if table.sheet else []),
                      *([Message("io.sheet.ignored", columns=", ".join(table.ignored))] if table.ignored else []), *notes]
    return plan


def _rows(table: Table) -> list[Row]:
    """Give every row an id and a level: from its WBS number, else from the title's indentation."""
    out: list[Row] = []
    title_col = next((i for i, name in table.columns.items() if name == "title"), None)
    stack: list[tuple[int, str]] = []  # (indent, id) of the open parents, for indentation-only sheets
    counters: dict[str, int] = {}
    for number, cells in table.rows:
        values = table.record(cells)
        raw_title = cells[title_col] if title_col is not None and title_col < len(cells) else None
        title = str(values.get("title") or "").strip()
        wbs_id = dates.normalize(str(values["id"])).strip() if values.get("id") not in (None, "") else ""
        if not title and not wbs_id:
            continue
        milestone = title[:1] in _MARKS or "マイルストーン" in str(
            values.get("kind") or ""
        ) or "milestone" in str(values.get("kind") or "").lower()
        values["title"] = title.lstrip(_MARKS).strip()
        if wbs_id and _NUMBER_RE.match(wbs_id):
            level = len(re.split(r"[-.]", wbs_id))
        else:
            indent = _indent(raw_title)
            if values.get("level") not in (None, ""):
                try:
                    indent = int(dates.normalize(str(values["level"]))) - 1
                except ValueError:
                    pass
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1] if stack else ""
            counters[parent] = counters.get(parent, 0) + 1
            wbs_id = wbs_id or (f"{parent}.{counters[parent]}" if parent else str(counters[parent]))
            stack.append((indent, wbs_id))
            level = len(stack)
        out.append(Row(number, wbs_id, level, values, milestone))
    return out


def _indent(raw) -> int:
    text = str(raw or "")
    stripped = text.lstrip(" \u3000\t")
    return sum(2 if ch == "\u3000" else 4 if ch == "\t" else 1 for ch in text[: len(text) - len(stripped)])


def _items(rows: list[Row], config: Config) -> tuple[list[dict], list, set[str]]:
    """Build the nested items: a WBS number's parent is the number without its last part."""
    by_id: dict[str, dict] = {}
    top: list[dict] = []
    ids = {r.id for r in rows}
    notes: list = []
    parents: list[tuple[int, dict]] = []
    for row in rows:
        item = _item(row, config, ids)
        if row.id in by_id:
            row.warnings.append(Message("io.wbs.duplicate", row=row.number, id=row.id))
            continue
        by_id[row.id] = item
        parent = None
        if re.search(r"[-.]", row.id) and _NUMBER_RE.match(row.id):
            parent = by_id.get(re.split(r"[-.](?=[^-.]*$)", row.id)[0])
        else:
            while parents and parents[-1][0] >= row.level:
                parents.pop()
            parent = parents[-1][1] if parents else None
        parents = [p for p in parents if p[0] < row.level] + [(row.level, item)]
        (parent.setdefault("children", []) if parent is not None else top).append(item)
    by_row = {r.id: r for r in rows}
    made_up: set[str] = set()
    for item in _walk(top):
        if item.pop("_needs_length", False) and not item.get("children"):
            # A leaf with neither an end nor a length cannot be scheduled: one working day, said in the plan.
            item["duration"] = 1
            item["_made_up"] = True
            made_up.add(item["id"])
            by_row[item["id"]].warnings.append(Message("io.wbs.no-length", row=by_row[item["id"]].number, id=item["id"]))
    return top, notes, made_up


def _item(row: Row, config: Config, ids: set[str]) -> dict:
    v, warn = row.values, row.warnings.append
    item: dict = {"id": row.id}
    if row.milestone:
        item["milestone"] = v.get("title") or row.id
    else:
        item["title"] = v.get("title") or row.id
    _who(item, row, config)
    days = {}
    for name in ("start", "end"):
        try:
            days[name] = dates.parse_date(v.get(name))
        except ValueError:
            warn(Message("io.wbs.date", row=row.number, field=Message(f"io.wbs.field.{name}"), value=v.get(name)))
            days[name] = None
    if row.milestone:
        day = days["end"] or days["start"]
        if day:
            item["date"] = day
    else:
        _dates_and_length(item, row, days)
    progress = _progress(v.get("progress"))
    if progress is not None:
        item["progress"] = progress
    after = _after(row, ids)
    if after:
        item["after"] = after
    if row.milestone and not after and "date" in item:
        item["start"] = item["date"]  # a milestone on its own is pinned to its day
    return item


def _who(item: dict, row: Row, config: Config) -> None:
    """The owner (an organization) and the assignee (a member) of a row, as tsuzuri.yml's ids."""
    for name, find, unknown in (("owner", config.find_organization, "io.wbs.unknown-owner"),
                                ("assignee", config.find_member, "io.wbs.unknown-assignee")):
        written = row.values.get(name)
        if written in (None, ""):
            continue
        found = find(str(written))
        if found.id:
            item[name] = found.id
        else:
            row.warnings.append(Message(unknown, row=row.number, value=written))


def _dates_and_length(item: dict, row: Row, days: dict) -> None:
    """A task's start and end, and its length (days or effort) where the two dates do not give it."""
    v = row.values
    for name in ("start", "end"):
        if days[name]:
            item[name] = days[name]
    length = v.get("duration") if v.get("duration") not in (None, "") else v.get("effort")
    if length not in (None, "") and not (days["start"] and days["end"]):
        try:
            hours = dates.parse_hours(re.sub(r"(日|人日|d|D)$", "", dates.normalize(str(length))))
            if hours is not None:
                item["duration"] = max(1, round(hours))
        except ValueError:
            row.warnings.append(Message("io.wbs.duration", row=row.number, value=length))
    if not (days["start"] and days["end"]) and "duration" not in item and not (days["end"] and not days["start"]):
        item["_needs_length"] = True


def _after(row: Row, ids: set[str]) -> list[str]:
    """The predecessors a row names that are other rows of the sheet."""
    after = []
    for entry in split_list(str(row.values.get("after") or "").replace(" ", ",")):
        entry = dates.normalize(entry)
        dep = read_dependency(entry, ids)
        if dep.id in ids and dep.id != row.id:
            after.append(entry)
        else:
            row.warnings.append(Message("io.wbs.unknown-after", row=row.number, value=entry))
    return after


def _progress(raw) -> float | int | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = float(raw)
    else:
        text = dates.normalize(str(raw)).rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            return None
    number = max(0.0, min(100.0, number))
    return int(number) if number.is_integer() else round(number, 1)


def _walk(items):
    for item in items or ():
        yield item
        yield from _walk(item.get("children", ()))


def _changes(before, after: list[dict]) -> list:
    old = {str(d.get("id")): d for d in _walk(before) if isinstance(d, dict)}
    new = {str(d.get("id")): d for d in _walk(after) if isinstance(d, dict)}
    out = []
    added = [i for i in new if i not in old]
    removed = [i for i in old if i not in new]
    changed = [i for i in new if i in old and _plain(old[i]) != _plain(new[i])]
    if changed:
        out.append(Message("io.wbs.changed", ids=", ".join(changed[:20]) + (" ..." if len(changed) > 20 else "")))
    if added:
        out.append(Message("io.wbs.added", ids=", ".join(added[:20]) + (" ..." if len(added) > 20 else "")))
    if removed:
        out.append(Message("io.wbs.removed", ids=", ".join(removed[:20])))
    return out


def _plain(item: dict) -> dict:
    def text(x) -> str:
        return (getattr(x, "written", "") or getattr(x, "id", "")) if hasattr(x, "lag") else str(x)

    return {k: (tuple(text(x) for x in v) if isinstance(v, (list, tuple)) else text(v)) for k, v in item.items() if k != "children"}


def header_line(source: str, sheet: str) -> str:
    """Return the comment that opens an imported WBS file: the sheet it came from."""
    return f"# tsuzuri import wbs: {unicodedata.normalize('NFC', source)}{f' ({sheet})' if sheet else ''}"


def _parsed_items(text: str) -> list:
    try:
        data, _ = yamlsafe.load(text)
    except yamlsafe.YamlProblem:
        return []
    return data.get("items", []) if isinstance(data, dict) else []


def render(items: list[dict], before: dict, source: str, sheet: str) -> str:
    """Return a new WBS file: the items in block style with leaves on one line."""
    lines = [header_line(source, sheet)]
    if before.get("baseline"):
        lines.append(f"baseline: {scalar(before['baseline'])}")
    starts = [d["start"] for d in _walk(items) if d.get("start")]
    start = before.get("start") or (min(starts) if starts else None)
    if start:
        lines.append(f"start: {scalar(start)}")
    lines.append("items:")
    lines.extend(render_items(items, 1))
    return "\n".join(lines) + "\n"
