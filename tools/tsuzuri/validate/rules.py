"""Checks across records: keys, cycles, dates, file names, minutes and WBS structure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from urllib.parse import unquote

from tsuzuri.findings import Finding
from tsuzuri.formats.dates import is_zone
from tsuzuri.formats.mentions import positions, resolve
from tsuzuri.formats.minutes_text import raw_due
from tsuzuri.formats.text_links import link_targets
from tsuzuri.layout import ATTACHMENT_LINK_RE
from tsuzuri.messages import Message
from tsuzuri.model import KEY_IN_TEXT_RE, ActionItem, Config, Issue, Minutes, Tracker, resolve_choice
from tsuzuri.planning import schedule_checks
from tsuzuri.planning.workcal import HOLIDAYS_PACKAGE, HolidaySource, national_holidays
from tsuzuri.query import STATES
from tsuzuri.schema.declare import parse_date
from tsuzuri.store import Loaded
from tsuzuri.store.documents import Document
from tsuzuri.store.holiday_cache import open_holidays
from tsuzuri.validate.references import held_projects

_COMMENT_NAME_RE = re.compile(r"^(\d{8}T\d{6})(?:-(?P<author>[A-Za-z0-9][A-Za-z0-9_.\-]*?))?(?:-\d+)?\.md$")
_MINUTES_NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-[A-Za-z0-9][A-Za-z0-9_.\-]*\.md$")


def check(loaded: Loaded, today: date) -> Iterator[Finding]:
    """Yield every structural finding about the loaded tracker."""
    tracker, docs = loaded.tracker, loaded.documents
    yield from _config(docs.get("tsuzuri.yml"))
    yield from _issue_list(tracker, docs.get("tsuzuri.yml"))
    yield from _issues(tracker, docs)
    yield from _comments(tracker, docs)
    yield from _minutes(tracker, docs)
    yield from _mentions(tracker, docs)
    yield from _attachment_links(tracker, docs)
    yield from _wbs(tracker, docs, today, _holidays(loaded) if tracker.wbs else national_holidays)
    yield from _baselines(loaded)
    for path in loaded.stray:
        yield Finding(path, 1, 1, "warning", "stray-file", Message("stray-file"), Message("stray-file.hint"))


def _duplicates(doc: Document, section: str, key: str = "id", scope: str = "") -> Iterator[Finding]:
    seen: dict = {}
    for index, entry in enumerate(doc.data.get(section, ())):
        if key not in entry:
            continue
        ident = (entry.get(scope), entry[key]) if scope else entry[key]
        if ident in seen:
            yield doc.finding(
                (section, index, key),
                "duplicate-id",
                Message("config.duplicate-id", value=entry[key], section=section, line=doc.where((section, seen[ident], key))[0]),
            )
        else:
            seen[ident] = index


def _config(doc: Document | None) -> Iterator[Finding]:
    if doc is None or not doc.ok:
        return
    for section in ("organizations", "members"):
        yield from _duplicates(doc, section)
    yield from _duplicates(doc, "projects", "key")
    for section in ("statuses", "types", "priorities"):
        yield from _duplicates(doc, section)
    for section in ("milestones", "categories", "custom_fields"):
        yield from _duplicates(doc, section, scope="project")
    zone = doc.data.get("timezone")
    if isinstance(zone, str) and not is_zone(zone):  # every time on the site would silently read in UTC
        yield doc.finding(("timezone",), "unknown-timezone", Message("config.timezone", value=zone), Message("config.timezone.hint"))
    statuses = doc.data.get("statuses")
    if statuses and not any(s.get("done") for s in statuses):
        yield doc.finding(("statuses",), "no-done-status", Message("config.no-done-status"), severity="warning")
    yield from _custom_field_declarations(doc)


def _custom_field_declarations(doc: Document) -> Iterator[Finding]:
    """A custom field's declaration must say what its values can be, once and unmistakably."""
    labels: dict[tuple, str] = {}
    for index, field in enumerate(doc.data.get("custom_fields", ())):
        where, kind, ident = ("custom_fields", index), field.get("type"), field.get("id")
        choice = kind in ("choice", "choices")
        if choice and not field.get("options") and not field.get("other"):
            yield doc.finding(where, "required", Message("config.choice-options", field=ident))
        if not choice and field.get("options"):
            yield doc.finding((*where, "options"), "unused", Message("config.options-unused", field=ident, type=kind), severity="warning")
        if not choice and field.get("other"):
            yield doc.finding((*where, "other"), "unused", Message("config.other-unused", field=ident, type=kind), severity="warning")
        seen: set[str] = set()
        for n, option in enumerate(field.get("options") or ()):
            if str(option) in seen:
                twice = Message("config.option-twice", option=option, field=ident)
                yield doc.finding((*where, "options", n), "duplicate", twice, severity="warning")
            seen.add(str(option))
        label = str(field.get("label") or "").strip()
        if label:
            other = labels.setdefault((field.get("project"), label), ident)
            if other != ident:  # a column or a Backlog field named so would feed either
                same = Message("config.label-twice", field=ident, other=other, label=label)
                yield doc.finding((*where, "label"), "duplicate", same, severity="warning")


def _issue_list(tracker: Tracker, doc: Document | None) -> Iterator[Finding]:
    """The status the issue list opens with must be one the filter knows, or the list would open empty."""
    if doc is None or not doc.ok or not isinstance(doc.data.get("issue_list"), dict):
        return
    status = doc.data["issue_list"].get("status")
    config = tracker.config
    if isinstance(status, str) and status not in STATES and resolve_choice(config.statuses, status) is None:
        known = ", ".join([*STATES, *(s.id for s in config.statuses if s.id not in STATES)])
        yield doc.finding(
            ("issue_list", "status"),
            "unknown-status",
            Message("config.issue-list-status", value=status),
            Message("config.issue-list-status.hint", known=known),
        )


def _issues(tracker: Tracker, docs: dict[str, Document]) -> Iterator[Finding]:
    projects = {p.key for p in tracker.config.projects}
    origins: dict[str, str] = {}
    for issue in tracker.issues.values():
        doc = docs[issue.path]
        yield from _issue_fields(issue, doc, projects)
        yield from _self_references(issue, doc)
        if issue.origin:
            if issue.origin in origins:
                message = Message("issue.duplicate-origin", origin=issue.origin, key=origins[issue.origin])
                yield doc.finding(("origin",), "duplicate-origin", message)
            else:
                origins[issue.origin] = issue.key
    yield from _parent_cycles(tracker, docs)


def _issue_fields(issue: Issue, doc: Document, projects: set[str]) -> Iterator[Finding]:
    """The checks one issue's own fields allow: its project, its dates and the key it writes."""
    if issue.project not in projects:
        yield doc.finding(
            (), "unknown-project", Message("issue.unknown-project", project=issue.project), Message("issue.unknown-project.hint")
        )
    if issue.start and issue.due and issue.start > issue.due:
        yield doc.finding(("due",), "date-order", Message("issue.date-order", due=issue.due, start=issue.start))
    written = doc.data.get("key") if doc.ok and isinstance(doc.data, dict) else None
    if written and written != issue.key:
        yield doc.finding(("key",), "key-mismatch", Message("issue.key-mismatch", written=written, key=issue.key))


def _self_references(issue: Issue, doc: Document) -> Iterator[Finding]:
    """An issue that is its own parent or links to itself."""
    if issue.parent == issue.key:
        yield doc.finding(("parent",), "cycle", Message("issue.own-parent", key=issue.key))
    for kind, keys in issue.links.items():
        for index, key in enumerate(keys):
            if key == issue.key:
                yield doc.finding(("links", kind, index), "self-link", Message("issue.self-link", key=issue.key))


def _parent_cycles(tracker: Tracker, docs: dict[str, Document]) -> Iterator[Finding]:
    reported: set[str] = set()
    for start in tracker.issues.values():
        chain = [start.key]
        seen = {start.key}
        current = start
        while current.parent and current.parent in tracker.issues:
            if current.parent in seen:
                cycle = chain[chain.index(current.parent):] + [current.parent]
                if not reported.intersection(cycle):
                    reported.update(cycle)
                    first = tracker.issues[cycle[0]]
                    yield docs[first.path].finding(
                        ("parent",), "cycle", Message("issue.parent-cycle", chain=" -> ".join(cycle)), Message("issue.parent-cycle.hint")
                    )
                break
            seen.add(current.parent)
            chain.append(current.parent)
            current = tracker.issues[current.parent]


def _comments(tracker: Tracker, docs: dict[str, Document]) -> Iterator[Finding]:
    for issue in tracker.issues.values():
        for comment in issue.comments:
            doc = docs[comment.path]
            name = comment.path.rsplit("/", 1)[-1]
            m = _COMMENT_NAME_RE.match(name)
            if not m:
                yield doc.finding((), "file-name", Message("comment.file-name", name=name), Message("comment.file-name.hint"), "warning")
            elif m.group("author") and comment.author and m.group("author") != comment.author:
                yield doc.finding(
                    ("author",),
                    "author-mismatch",
                    Message("comment.author-mismatch", named=m.group("author"), author=comment.author),
                    severity="warning",
                )
            named = doc.data.get("issue") if doc.ok and isinstance(doc.data, dict) else None
            if named and named != issue.key:
                yield doc.finding(("issue",), "key-mismatch", Message("comment.issue-mismatch", written=named, key=issue.key))
            if comment.date is not None and comment.date.tzinfo is None:
                yield doc.finding(("date",), "timezone", Message("comment.timezone"), Message("comment.timezone.hint"), "warning")


def _minutes(tracker: Tracker, docs: dict[str, Document]) -> Iterator[Finding]:
    projects = {p.key for p in tracker.config.projects}
    if tracker.config.subset:  # keys of projects this checkout does not hold cannot be checked here
        projects &= held_projects(tracker, docs)
    for minutes in tracker.minutes:
        doc = docs[minutes.path]
        yield from _minutes_name(minutes, doc)
        lines = minutes.body.split("\n")
        for offset, line in enumerate(lines):
            for km in KEY_IN_TEXT_RE.finditer(line):
                # Only keys of declared projects are references; UTF-8 or ISO-2022 are not.
                if km.group(1).rsplit("-", 1)[0] in projects and km.group(1) not in tracker.issues:
                    yield Finding(
                        minutes.path, minutes_line(doc, offset), km.start() + 1, "error", "broken-reference",
                        Message("ref.issue", key=km.group(1)), Message("minutes.issue.hint"),
                    )
        for item in minutes.actions:
            yield from _action_item(tracker.config, minutes.path, item, lines[item.line - doc.body_line])


def _minutes_name(minutes: Minutes, doc: Document) -> Iterator[Finding]:
    """The file of a meeting is named for its date and filed under its year."""
    folder, name = minutes.path.split("/")[1:3]
    m = _MINUTES_NAME_RE.match(name)
    if not m:
        yield doc.finding((), "file-name", Message("minutes.file-name", name=name), Message("minutes.file-name.hint"))
    elif minutes.date and m.group(1) != minutes.date.isoformat():
        yield doc.finding(("date",), "date-mismatch", Message("minutes.date-mismatch", date=minutes.date, named=m.group(1)))
    if minutes.date and folder != f"{minutes.date.year:04d}":
        yield doc.finding(("date",), "wrong-folder", Message("minutes.wrong-folder", date=minutes.date, year=minutes.date.year))


def _action_item(config: Config, path: str, item: ActionItem, line_text: str) -> Iterator[Finding]:
    """An action item's owner is one member, and its due date a date."""
    if item.assignee and config.member(item.assignee) is None:
        found = config.find_member(item.assignee)
        if found.ambiguous:
            names = ", ".join(f"`{c}` ({config.member(c).name})" for c in found.candidates)
            message = Message("ref.member-ambiguous", value=item.assignee, count=len(found.candidates), names=names)
            yield Finding(path, item.line, 1, "error", "ambiguous-reference", message, Message("ref.member-ambiguous.hint"))
        else:
            yield Finding(path, item.line, 1, "error", "broken-reference", Message("minutes.assignee", member=item.assignee))
    due = raw_due(line_text)
    if due is not None and parse_date(due) is None:
        yield Finding(path, item.line, 1, "error", "date", Message("minutes.due", due=due))


def _mentions(tracker: Tracker, docs: dict[str, Document]) -> Iterator[Finding]:
    """An ``@name`` in a body, comment or minutes that names no member notifies nobody: say so."""
    config = tracker.config
    texts = [(i.path, i.body, ()) for i in tracker.issues.values()]
    texts += [(c.path, c.body, ()) for i in tracker.issues.values() for c in i.comments]
    # Action items' owners have their own finding (minutes.assignee).
    texts += [(m.path, m.body, {a.line for a in m.actions}) for m in tracker.minutes]
    for path, body, skip in texts:
        doc = docs.get(path)
        if doc is None or not body:
            continue
        for offset, column, name in positions(body):
            line = doc.body_line + offset
            if line in skip or resolve(f"@{name}", lambda n: config.find_member(n).id)[0]:
                continue
            yield Finding(
                path, line, column, "warning", "unknown-mention", Message("mention.unknown", name=name), Message("mention.unknown.hint")
            )


def _attachment_links(tracker: Tracker, docs: dict[str, Document]) -> Iterator[Finding]:
    """A link in text to an issue's file that is not attached leads nowhere on the site: say so."""
    texts = [(i.path, i.body, i.key) for i in tracker.issues.values()]
    texts += [(c.path, c.body, i.key) for i in tracker.issues.values() for c in i.comments]
    texts += [(m.path, m.body, None) for m in tracker.minutes]
    for path, body, own in texts:
        doc = docs.get(path)
        if doc is None or "files/" not in body:
            continue
        for offset, column, address in link_targets(body):
            m = ATTACHMENT_LINK_RE.match(unquote(address.partition("#")[0].partition("?")[0]))
            key = (m.group("key") or own) if m else None
            if key is None:
                continue
            issue = tracker.issues.get(key)
            names = {unicodedata.normalize("NFC", a.name) for a in issue.attachments} if issue else set()
            if unicodedata.normalize("NFC", m.group("name")) not in names:
                hint = (
                    Message("attachment-link.hint", names=", ".join(sorted(names))) if names else Message("attachment-link.attach", key=key)
                )
                yield Finding(
                    path,
                    doc.body_line + offset,
                    column,
                    "warning",
                    "attachment-link",
                    Message("attachment-link", address=address, key=key),
                    hint,
                )


def minutes_line(doc: Document, body_offset: int) -> int:
    """Return the file line of a line of the minutes' body."""
    return doc.body_line + body_offset


def _holidays(loaded: Loaded) -> HolidaySource:
    """Return national holidays as kept in the tracker's cache folder, unless that folder came with a commit."""
    if (loaded.tracker.config.calendar.holidays or "").upper() != "JP":
        return national_holidays  # no package to ask, nothing worth keeping
    trusted = not any(f.code == "cache-committed" for f in loaded.findings)
    return open_holidays(loaded.root if trusted else None, HOLIDAYS_PACKAGE, national_holidays)


def _wbs(tracker: Tracker, docs: dict[str, Document], today: date, holidays: HolidaySource) -> Iterator[Finding]:
    projects = {p.key for p in tracker.config.projects}
    for project, plan in tracker.wbs.items():
        doc = docs[plan.path]
        if project not in projects:
            yield doc.finding((), "unknown-project", Message("wbs.unknown-project", project=project))
        seen: dict[str, int] = {}
        items = list(plan.walk())
        for item in items:
            if item.id in seen:
                yield Finding(plan.path, item.line, 1, "error", "duplicate-id", Message("wbs.duplicate-id", id=item.id, line=seen[item.id]))
            else:
                seen[item.id] = item.line
            if item.start and item.end and item.start > item.end:
                yield Finding(
                    plan.path, item.line, 1, "error", "date-order", Message("wbs.date-order", id=item.id, end=item.end, start=item.start)
                )
        # Cycles, dates against predecessors and parents, working days, milestone targets.
        for f in schedule_checks.check(plan, tracker.config, tracker.issues, today, holidays):
            yield Finding(plan.path, f.line, 1, f.severity, f.code, f.message)


def _baselines(loaded: Loaded) -> Iterator[Finding]:
    """Warn about a ``baseline:`` whose ref or file this clone cannot read."""
    from tsuzuri.store.at_ref import BaselineUnavailable, read_wbs_at

    for plan in loaded.tracker.wbs.values():
        if not plan.baseline:
            continue
        try:
            read_wbs_at(loaded.root, plan.baseline, plan.path, plan.project)
        except BaselineUnavailable as problem:
            doc = loaded.documents[plan.path]
            yield doc.finding(("baseline",), "baseline-missing", problem.message, Message("baseline-missing.hint"), severity="warning")
