"""Turn the rows of an issue sheet into incoming issues, noting every value that does not fit."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from tsuzuri.formats import dates
from tsuzuri.interchange.mapping import ImportMap, MappingProblem, Resolver, header_name, split_list
from tsuzuri.interchange.plan import Incoming, IncomingComment, Plan, build_plan
from tsuzuri.interchange.progress import Progress, no_progress
from tsuzuri.interchange.sheet.workbook import Table, read_table
from tsuzuri.messages import Message
from tsuzuri.model import KEY_RE


def sheet_records(table: Table, project: str, resolver: Resolver, zone: tzinfo, origin_prefix: str = "",
                  identity: str = "") -> tuple[list[Incoming], list[str]]:
    """Return the incoming issues of a table and notes about rows left out."""
    notes: list[str] = []
    mapped = [(n, table.record(cells)) for n, cells in table.rows]
    last = max((n for n, record in mapped if _titled(record)), default=0)
    # Notes under the table: one-cell rows after a blank row at the end of the sheet.
    index = len(table.rows)
    while index > 0 and sum(1 for c in table.rows[index - 1][1] if c not in (None, "")) <= 1:
        index -= 1
    if 0 < index < len(table.rows) and table.rows[index][0] > table.rows[index - 1][0] + 1:
        last = min(last, table.rows[index - 1][0])
    trailing = [n for n, _ in table.rows if n > last]
    if trailing:
        if len(trailing) > 1:
            notes.append(Message("io.notes-below", first=trailing[0], last=trailing[-1]))
        else:
            notes.append(Message("io.note-below", number=trailing[0]))
    records = [row_record(record, number, project, resolver, zone, origin_prefix) for number, record in mapped if number <= last]
    for rec, (number, _) in zip(records, [m for m in mapped if m[0] <= last], strict=True):
        own = rec.fields.pop("number", None)
        if rec.skip:
            continue
        if identity and not rec.key and not rec.origin:
            # No キー column: the vendor, the sheet and the row's own number (No.) or its row are who it is,
            # so next week's copy of the sheet updates these issues and another vendor's row 1 is another issue.
            rec.origin = f"{identity}:{_row_id(own, number)}"
        _answer(rec, resolver, zone)
        _cell_notes(rec, table.notes.get(number, []))
    return records, notes


def _row_id(own, number: int) -> str:
    return f"no-{dates.normalize(str(own))}" if own not in (None, "") else f"row-{number}"


def _answer(rec: Incoming, resolver: Resolver, zone: tzinfo) -> None:
    """Turn the 回答 / 回答日 / 回答者 columns into a comment by whoever answered, on the day they did."""
    answer = rec.fields.pop("answer", None)
    day = rec.fields.pop("answer_date", None)
    who = rec.fields.pop("answerer", None)
    if not answer:
        return
    author = who or rec.fields.get("assignee") or rec.fields.get("reporter")
    when = datetime.combine(day, time(12, 0), zone) if isinstance(day, date) else rec.fields.get("updated") or rec.fields.get("created")
    if not author or when is None:
        rec.warnings.append(Message("io.warn.answer-unattributed"))
        return
    digest = hashlib.sha1(str(answer).encode("utf-8")).hexdigest()[:10]
    origin = f"{rec.origin or rec.key}:answer-{digest}" if (rec.origin or rec.key) else ""
    rec.comments.append(IncomingComment(origin, author, when, _text(answer)))


def _cell_notes(rec: Incoming, notes: list[tuple[str, str]]) -> None:
    """Keep the notes (Excel comments) on a row's cells at the end of the issue's description."""
    if not notes:
        return
    section = "\n".join(f"> **{header}**: {' '.join(text.split())}" for header, text in notes)
    rec.body = f"{rec.body}\n\n{section}" if rec.body else section


def _titled(record: dict) -> bool:
    return bool(record.get("title")) or bool(record.get("key"))


def row_record(row: dict, number: int, project: str, resolver: Resolver, zone: tzinfo, origin_prefix: str = "") -> Incoming:
    """Map one sheet row ({field: cell}) to an Incoming issue."""
    source = Message("io.row", number=number)
    rec = Incoming(source, project, {})
    warn = rec.warnings.append
    if not _identify(row, rec, origin_prefix):
        return rec
    project = rec.project
    if "body" in row:
        rec.body = _text(row["body"])
    _choices(row, rec, resolver, warn)
    _answer_cells(row, rec, resolver, warn)
    _people(row, rec, resolver, warn)
    _parsed(row, rec, zone, warn)
    if "milestone" in row:
        _milestone(row["milestone"], rec, project, resolver, warn)
    if "categories" in row:
        found = []
        for raw in split_list(row["categories"]):
            category = resolver.category(project, raw)
            (found.append(category) if category else warn(Message("io.warn.category", value=raw, project=project)))
        rec.fields["categories"] = found or None
    if "parent" in row:
        raw = row["parent"]
        parent = dates.normalize(str(raw)).upper() if raw is not None else None
        if parent and not KEY_RE.match(parent):
            warn(Message("io.warn.parent", value=raw))
        else:
            rec.fields["parent"] = parent
    custom = _custom(row, source, project, resolver, warn)
    if custom is not None:
        rec.fields["custom"] = custom
    _comments(row, rec, zone, warn)
    return rec


def _identify(row: dict, rec: Incoming, origin_prefix: str) -> bool:
    """Read who a row is (its key, its origin) and its title; False, with the reason kept, if it is skipped."""
    key = dates.normalize(str(row["key"])).upper() if row.get("key") else ""
    if key:
        if not KEY_RE.match(key):
            rec.skip = Message("io.skip.bad-key-cell", value=row["key"], project=rec.project)
            return False
        rec.key = key
        rec.project = key.rsplit("-", 1)[0]
    if row.get("origin"):
        rec.origin = f"{origin_prefix}{dates.normalize(str(row['origin']))}"
    if not row.get("title"):
        if "title" in row or not key:
            rec.skip = Message("io.skip.no-title")
            return False
    else:
        rec.fields["title"] = str(row["title"]).strip().replace("\r\n", " ").replace("\n", " ")
    return True


def _choices(row: dict, rec: Incoming, resolver: Resolver, warn) -> None:
    """The type, status and priority cells, as the ids of tsuzuri.yml's choices."""
    for vocab in ("type", "status", "priority"):
        if vocab not in row:
            continue
        raw = row[vocab]
        if raw is None:
            if vocab == "priority":
                rec.fields[vocab] = None
            continue
        found = resolver.choice(vocab, raw)
        if found is None:
            warn(Message("io.warn.unknown-choice", label=_field(vocab), field=vocab, value=raw))
        else:
            rec.fields[vocab] = found


def _answer_cells(row: dict, rec: Incoming, resolver: Resolver, warn) -> None:
    """The answer, its date and who gave it, and the row's own number, kept for after the row is read."""
    if row.get("answer"):
        rec.fields["answer"] = _text(row["answer"])
    if row.get("number") not in (None, ""):
        rec.fields["number"] = row["number"]
    if row.get("answer_date") not in (None, ""):
        try:
            rec.fields["answer_date"] = dates.parse_date(row["answer_date"])
        except ValueError as exc:
            warn(Message("io.warn.date", field=_field("answer_date"), problem=exc.args[0]))
    if row.get("answerer") not in (None, ""):
        member = resolver.person(row["answerer"])
        if member is None:
            warn(Message("io.warn.unknown-person", field=_field("answerer"), value=row["answerer"]))
        else:
            rec.fields["answerer"] = member


def _people(row: dict, rec: Incoming, resolver: Resolver, warn) -> None:
    """The assignee, reporter, last updater and watchers, as member ids."""
    for name in ("assignee", "reporter", "updated_by"):
        if name in row:
            raw = row[name]
            member = resolver.person(raw)
            if raw is not None and member is None:
                warn(Message("io.warn.unknown-person", field=_field(name), value=raw))
            else:
                rec.fields[name] = member
    if "watchers" in row:
        found = []
        for raw in split_list(row["watchers"]):
            member = resolver.person(raw)
            (found.append(member) if member else warn(Message("io.warn.unknown-watcher", value=raw)))
        rec.fields["watchers"] = found or None


def _parsed(row: dict, rec: Incoming, zone: tzinfo, warn) -> None:
    """The date, hour and time cells, read as what they write."""
    parsers = (
        (("start", "due"), dates.parse_date, "io.warn.date"),
        (("estimate", "actual"), dates.parse_hours, "io.warn.value"),
        (("created", "updated"), lambda value: dates.parse_datetime(value, zone), "io.warn.unparseable"),
    )
    for names, parse, problem_id in parsers:
        for name in names:
            if name in row:
                try:
                    rec.fields[name] = parse(row[name])
                except ValueError as exc:
                    warn(Message(problem_id, field=_field(name), problem=exc.args[0]))


def _milestone(cell, rec: Incoming, project: str, resolver: Resolver, warn) -> None:
    """The milestone cell: the first that tsuzuri.yml knows (Backlog writes several in one cell)."""
    names = split_list(cell)
    found = [(raw, resolver.milestone(project, raw)) for raw in names]
    for raw, hit in found:
        if hit is None:
            warn(Message("io.warn.milestone", value=raw, project=project))
    kept = [(raw, hit) for raw, hit in found if hit]
    if kept or not names:
        rec.fields["milestone"] = kept[0][1] if kept else None
    if len(kept) > 1:
        warn(Message("io.backlog.first-milestone", kept=kept[0][0], names=", ".join(raw for raw, _ in kept[1:])))


def _comments(row: dict, rec: Incoming, zone: tzinfo, warn) -> None:
    """Turn the comment columns of a row (Backlog's コメント1, コメント2, ...) into comments.

    The export names neither who wrote a comment nor when: they are credited to the row's
    last updater (else its reporter) at its update time (else its creation), a second apart
    so they keep their order.
    """
    texts = [t for t in row.get("comment") or [] if str(t).strip()]
    if not texts:
        return
    author = rec.fields.get("updated_by") or rec.fields.get("reporter")
    when = rec.fields.get("updated") or rec.fields.get("created")
    if not author or when is None:
        warn(Message("io.warn.comments-unattributed", count=len(texts)))
        return
    for n, text in enumerate(texts, 1):
        origin = f"{rec.origin.rsplit(':', 1)[0]}:csv-{rec.origin.rsplit(':', 1)[-1]}-comment-{n}" if rec.origin else ""
        rec.comments.append(IncomingComment(origin, author, when + timedelta(seconds=n - len(texts)), _text(text)))


def _field(name: str) -> Message:
    """Name an issue field in the words of whichever language the message is rendered in."""
    return Message(f"field.{name}")


def _text(value) -> str | None:
    if value is None:
        return None
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _custom(row: dict, source: str, project: str, resolver: Resolver, warn) -> dict | None:
    """Return {field id: value}; an empty cell gives None, which removes the value on update."""
    names = [n for n in row if n.startswith("custom:")]
    if not names:
        return None
    values = {}
    for name in names:
        raw = row[name]
        spec = resolver.custom_field(project, name[7:])
        if spec is None:
            if raw is not None:  # a column of another project's field, filled in for this row
                warn(Message("io.warn.custom", field=name[7:], project=project))
            continue
        if raw is None:
            values[spec.id] = None
        elif spec.type in ("choice", "choices"):
            items = split_list(raw) if spec.type == "choices" else [dates.normalize(str(raw)) if not isinstance(raw, str) else raw.strip()]
            fitting = [v for v in items if v in spec.options or spec.other]
            for v in items:
                if v not in fitting:  # never a rollback at --apply: the value is left out of this issue
                    warn(Message("io.backlog.option", field=spec.label or spec.id, value=v))
            if fitting or not items:
                values[spec.id] = (fitting or None) if spec.type == "choices" else fitting[0] if fitting else None
        else:
            values[spec.id] = convert_custom(spec.type, raw)
    return values


def convert_custom(kind: str, raw):
    """Return a custom field's value as the tracker stores it (number, date text or text)."""
    if kind == "number":
        try:
            return dates.parse_hours(raw)
        except ValueError:
            return str(raw)
    if kind == "date":
        try:
            day = dates.parse_date(raw)
            return day.isoformat() if day else None
        except ValueError:
            return str(raw)
    return dates.normalize(str(raw)) if not isinstance(raw, str) or "\n" not in raw else raw


def _drop_known_comments(loaded, records: list[Incoming]) -> None:
    """Leave out a sheet's comment when the issue already has it (an API import brought it with its change log)."""
    by_origin = {i.origin: i for i in loaded.tracker.issues.values() if i.origin}
    for rec in records:
        issue = by_origin.get(rec.origin) if rec.origin else None
        if issue is None or not rec.comments:
            continue
        have = [" ".join(c.body.split()) for c in issue.comments]
        rec.comments = [c for c in rec.comments if not any(h.startswith(" ".join(c.body.split())) for h in have)]


def plan_sheet(loaded, path, project: str, import_map: ImportMap, sheet: str | None = None,
               progress: Progress = no_progress, origin_prefix: str = "", vendor: str = "", table: Table | None = None) -> Plan:
    """Read a sheet and plan its import into ``project`` of the loaded tracker.

    ``vendor`` (an organization id) names whose sheet it is; rows without a キー column are
    known by vendor, sheet and row number, so a weekly copy updates instead of duplicating.
    ``table`` is the sheet already read (its columns are mapped again against the fields).
    """
    config = loaded.tracker.config
    if config.project(project) is None:
        raise MappingProblem(Message("io.unknown-project", project=project, known=", ".join(p.key for p in config.projects) or "-"))
    _map_custom_columns(import_map, config, project)
    if table is None:
        table = read_table(path, import_map, sheet, config.imports)
    else:
        table.remap(import_map)
    identity = ""
    if not origin_prefix:
        owner = vendor or Path(path).stem
        identity = f"sheet:{_slug(owner)}:{_slug(table.sheet or Path(path).suffix.lstrip('.'))}"
    records, notes = sheet_records(table, project, Resolver(config, import_map), ZoneInfo(config.timezone), origin_prefix, identity)
    _drop_known_comments(loaded, records)
    if identity:
        _skip_same_titles(loaded, records, identity)
    plan = build_plan(loaded, records, progress, len(records))
    plan.notes[:0] = [*_table_notes(table), *notes]
    return plan


def _map_custom_columns(import_map: ImportMap, config, project: str) -> None:
    """Let a column named like a custom field feed it.

    The chosen project's own fields come first, and other projects' fields serve rows whose
    key belongs to them.
    """
    for spec in sorted(config.custom_fields, key=lambda c: c.project != project):
        for name in (spec.label, spec.id):
            if name:
                import_map.columns.setdefault(header_name(name), f"custom:{spec.id}")


def _skip_same_titles(loaded, records: list[Incoming], identity: str) -> None:
    """A first import of a row whose title an issue already has: the hint, not a duplicate."""
    known = {i.origin for i in loaded.tracker.issues.values() if i.origin}
    titles = {(i.project, i.title): i.key for i in loaded.tracker.issues.values()}
    for rec in records:
        same = titles.get((rec.project, rec.fields.get("title")))
        if rec.origin.startswith(identity) and rec.origin not in known and same:
            rec.skip = Message("io.skip.same-title", key=same)


def _table_notes(table: Table) -> list[Message]:
    """What was read: the table found, the sheet chosen among others, and the columns ignored."""
    if table.encoding:
        found = Message(
            "io.sheet-read-encoded", source=table.source, header=table.header_row, encoding=table.encoding, rows=len(table.rows)
        )
    else:
        found = Message("io.sheet-read", source=table.source, header=table.header_row, rows=len(table.rows))
    notes = [found]
    if table.sheet and table.candidates:
        others = ", ".join(f"`{c}`" for c in table.candidates)
        notes.append(Message("io.sheet.candidates", name=table.source, sheet=table.sheet, others=others))
    elif table.sheet:
        notes.append(Message("io.sheet.chosen", name=table.source, sheet=table.sheet))
    if table.ignored:
        notes.append(Message("io.sheet.ignored", columns=", ".join(table.ignored)))
    return notes


def _slug(text: str) -> str:
    """Return a name as a piece of an origin: no spaces or colons, the dates of a weekly copy taken off."""
    text = dates.normalize(str(text))
    text = re.sub(r"[_\-\s]*(?:\d{8}|\d{4}[-_.]\d{1,2}[-_.]\d{1,2}|\d{6})(?=$|[_\-\s])", "", text)
    return re.sub(r"[\s:]+", "_", text).strip("_") or "sheet"
