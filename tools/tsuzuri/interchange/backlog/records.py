"""Map Backlog API v2 objects (issues, comments, users, vocabularies) to incoming tracker records."""

from __future__ import annotations

import json
from collections import Counter
from datetime import tzinfo
from pathlib import Path

from tsuzuri.formats import dates
from tsuzuri.interchange.backlog.notation import to_markdown
from tsuzuri.interchange.mapping import Resolver
from tsuzuri.interchange.plan import Incoming, IncomingComment, IncomingFile
from tsuzuri.interchange.sheet.rows import convert_custom
from tsuzuri.messages import Message, say

VERSIONS_FIELD = "affected_versions"
RESOLUTION_FIELD = "resolution"

CHANGE_LABELS = {
    "summary": "件名", "description": "詳細", "status": "状態", "assigner": "担当者", "issueType": "種別",
    "priority": "優先度", "startDate": "開始日", "limitDate": "期限日", "estimatedHours": "予定時間",
    "actualHours": "実績時間", "milestone": "マイルストーン", "component": "カテゴリー", "version": "発生バージョン",
    "attachment": "添付ファイル", "parentIssue": "親課題", "resolution": "完了理由",
}


class Dump:
    """A folder of saved Backlog API responses for one project (see backlog_api.Fetcher)."""

    def __init__(self, folder: Path, project: str):
        self.folder = Path(folder)
        self.base = self.folder / "projects" / project
        if not self.base.is_dir():
            found = sorted(p.name for p in (self.folder / "projects").glob("*")) if (self.folder / "projects").is_dir() else []
            raise FileNotFoundError(Message("io.backlog.no-dump", folder=self.folder, project=project, found=", ".join(found) or "-"))

    def read(self, name: str, default=None):
        """Return one saved response, or ``default`` if it was not saved."""
        path = self.base / name
        if not path.exists():
            path = self.folder / name
        if not path.exists():
            return default
        return json.loads(path.read_text(encoding="utf-8"))

    def issues(self) -> list[dict]:
        """Return every saved issue, page by page in order."""
        out = []
        for page in sorted((self.base / "issues").glob("*.json")):
            out.extend(json.loads(page.read_text(encoding="utf-8")))
        return out

    def comments(self, key: str) -> list[dict]:
        """Return an issue's saved comments (oldest first)."""
        return self.read(f"comments/{key}.json", []) or []

    def attachment(self, key: str, attachment_id) -> Path:
        """Return where an attachment's bytes are saved."""
        return self.base / "attachments" / key / str(attachment_id)


class BacklogMapper:
    """Turn one space's Backlog objects into Incoming records, counting what did not map."""

    def __init__(self, resolver: Resolver, project: str, space: str, zone: tzinfo, keys_by_id: dict[int, str],
                 notation: bool = False, lang: str = "ja", known_comments: dict[str, set[str]] | None = None):
        self.resolver, self.project, self.space, self.zone = resolver, project, space, zone
        self.keys_by_id = keys_by_id
        self.notation = notation          # the project writes in Backlog notation: convert to Markdown
        self.lang = lang                  # the tracker's language, for the notes written into comments
        self.known_comments = known_comments or {}  # issue key -> bodies of comments an earlier CSV import brought
        self.unknown: Counter = Counter()

    def origin(self, kind: str, ident) -> str:
        """Return the origin of a Backlog object: ``backlog:<space>:<id>`` (comments: ``comment-<id>``)."""
        return f"backlog:{self.space}:{ident}" if kind == "issue" else f"backlog:{self.space}:{kind}-{ident}"

    def text(self, raw) -> str:
        """Return a description or comment as Markdown."""
        text = (raw or "").replace("\r\n", "\n").strip()
        return to_markdown(text) if self.notation else text

    def person(self, user: dict | None) -> str | None:
        """Return the member for a Backlog user, trying numeric id, mail address, name and user id.

        The numeric id comes first: it is the one Backlog never shares (two users may have one
        mail address), and the alias a CSV import gives the members it declares.
        """
        if not user:
            return None
        for raw in (user.get("id"), user.get("mailAddress"), user.get("name"), user.get("userId")):
            found = self.resolver.person(str(raw)) if raw not in (None, "") else None
            if found:
                return found
        self.unknown[("user", f"{user.get('name')} <{user.get('mailAddress') or user.get('userId')}>")] += 1
        return None

    def issue(self, raw: dict, dump: Dump | None) -> Incoming:
        """Map one Backlog issue with its comments and attachments; only fields the response holds are set."""
        backlog_key = raw["issueKey"]
        key = f"{self.project}-{raw['keyId']}"
        rec = Incoming(f"Backlog {backlog_key}", self.project, {}, key=key, origin=self.origin("issue", raw["id"]))
        if "description" in raw:
            rec.body = self.text(raw.get("description"))
        rec.fields["title"] = (raw.get("summary") or "").strip()
        self._vocabularies(raw, rec)
        self._people(raw, rec)
        if "milestone" in raw:
            self._milestone(raw.get("milestone") or [], rec)
        if "category" in raw:
            self._categories(raw.get("category") or [], rec)
        self._dates_and_parent(raw, rec)
        custom = self._custom_of(raw, rec)
        if custom:
            rec.fields["custom"] = custom
        if dump is not None:
            self._from_dump(raw, rec, dump, backlog_key, key)
        return rec

    def _vocabularies(self, raw: dict, rec: Incoming) -> None:
        """The issue type, status and priority, by name, else by Backlog id."""
        for vocab, name in (("type", "issueType"), ("status", "status"), ("priority", "priority")):
            obj = raw.get(name)
            if not obj:
                continue
            found = self.resolver.choice(vocab, obj.get("name"))
            if found is None:
                found = self.resolver.choice(vocab, str(obj.get("id")))
            if found is None:
                self.unknown[(vocab, obj.get("name"))] += 1
                rec.warnings.append(Message("io.backlog.unknown", field=Message(f"field.{vocab}"), value=obj.get("name")))
            else:
                rec.fields[vocab] = found

    def _people(self, raw: dict, rec: Incoming) -> None:
        """The assignee, the reporter and the last updater, as members."""
        for name, field_name in (("assignee", "assignee"), ("reporter", "createdUser"), ("updated_by", "updatedUser")):
            if field_name not in raw:
                continue
            user = raw.get(field_name)
            member = self.person(user)
            if user and not member:
                rec.warnings.append(Message("io.backlog.unknown", field=Message(f"field.{name}"), value=user.get("name")))
            else:
                rec.fields[name] = member

    def _categories(self, categories: list[dict], rec: Incoming) -> None:
        found = []
        for c in categories:
            category = self.resolver.category(self.project, c["name"])
            if category:
                found.append(category)
            else:
                self.unknown[("category", c["name"])] += 1
                rec.warnings.append(Message("io.backlog.unknown", field=Message("io.backlog.category"), value=c["name"]))
        rec.fields["categories"] = tuple(found) or None

    def _dates_and_parent(self, raw: dict, rec: Incoming) -> None:
        """The days, the hours, the parent issue and the creation and update times."""
        f = rec.fields
        for name, source, parse in (("start", "startDate", self._day), ("due", "dueDate", self._day),
                                    ("estimate", "estimatedHours", dates.parse_hours), ("actual", "actualHours", dates.parse_hours)):
            if source in raw:
                f[name] = parse(raw.get(source))
        if "parentIssueId" in raw:
            parent = raw.get("parentIssueId")
            f["parent"] = self.keys_by_id.get(parent) if parent else None
            if parent and not f["parent"]:
                rec.warnings.append(Message("io.backlog.parent", id=parent))
                f.pop("parent")
        for name in ("created", "updated"):
            if raw.get(name):
                f[name] = dates.parse_datetime(raw.get(name), self.zone)

    def _custom_of(self, raw: dict, rec: Incoming) -> dict:
        """The custom fields, with the versions and the resolution that the project keeps as custom fields."""
        custom = self.custom(raw.get("customFields") or [], rec) if "customFields" in raw else {}
        if "versions" in raw:
            self._choices(custom, VERSIONS_FIELD, [v.get("name") for v in raw.get("versions") or []], rec)
        if "resolution" in raw:
            resolution = raw.get("resolution")
            self._choices(custom, RESOLUTION_FIELD, [resolution.get("name")] if isinstance(resolution, dict) else [], rec, single=True)
        return custom

    def _from_dump(self, raw: dict, rec: Incoming, dump: Dump, backlog_key: str, key: str) -> None:
        """The comments, attachments and shared files the fetched dump holds for the issue."""
        known = self.known_comments.get(key, set())
        rec.comments = [c for c in (self.comment(c, rec, known) for c in dump.comments(backlog_key)) if c]
        missing = []
        for a in raw.get("attachments") or []:
            path = dump.attachment(backlog_key, a["id"])
            if path.exists():
                rec.files.append(IncomingFile(a["name"], path.read_bytes))
            else:
                missing.append(a["name"])
            note = self._file_note("io.backlog.attached", a, "attachment")
            if note:
                rec.comments.append(note)
        if missing:
            rec.warnings.append(Message("io.backlog.attachments-missing", count=len(missing), names=", ".join(dict.fromkeys(missing))))
        for shared in raw.get("sharedFiles") or []:
            note = self._file_note("io.backlog.shared-file", shared, "sharedfile")
            if note:
                rec.comments.append(note)

    def _day(self, value):
        # Backlog sends the day at midnight in the space's zone, written in UTC (2014-07-15T15:00:00Z is 16 July in Tokyo).
        return dates.parse_date(value, zone=self.zone)

    def _milestone(self, milestones: list[dict], rec: Incoming) -> None:
        if not milestones:
            rec.fields["milestone"] = None
            return
        found = [self.resolver.milestone(self.project, m["name"]) for m in milestones]
        for m, hit in zip(milestones, found, strict=True):
            if hit is None:
                self.unknown[("milestone", m["name"])] += 1
                rec.warnings.append(Message("io.backlog.unknown", field=Message("field.milestone"), value=m["name"]))
        kept = [(m, hit) for m, hit in zip(milestones, found, strict=True) if hit]
        if kept:
            rec.fields["milestone"] = kept[0][1]
        if len(kept) > 1:  # a tracker issue has one milestone: keep the first, name the others
            rec.warnings.append(
                Message("io.backlog.first-milestone", kept=kept[0][0]["name"], names=", ".join(m["name"] for m, _ in kept[1:]))
            )

    def _choices(self, custom: dict, field_id: str, names: list, rec: Incoming, single: bool = False) -> None:
        spec = self.resolver.custom_field(self.project, field_id)
        if spec is None:
            if names:
                self.unknown[("custom field", field_id)] += 1
            return
        values = [n for n in names if n]
        fitting = [v for v in values if v in spec.options or spec.other]
        for v in values:
            if v not in fitting:
                rec.warnings.append(Message("io.backlog.option", field=spec.label or spec.id, value=v))
        if single or spec.type == "choice":
            custom[spec.id] = fitting[0] if fitting else None
        else:
            custom[spec.id] = fitting or None

    def custom(self, fields: list[dict], rec: Incoming) -> dict:
        """Map Backlog custom field values onto the project's declared custom fields (every value of a list)."""
        out: dict = {}
        for cf in fields:
            self._custom_field(cf, rec, out)
        return out

    def _custom_field(self, cf: dict, rec: Incoming, out: dict) -> None:
        value = cf.get("value")
        other = (cf.get("otherValue") or "").strip() if isinstance(cf.get("otherValue"), str) else ""
        spec = self.resolver.custom_field(self.project, cf.get("name", ""))
        if spec is None:
            if value not in (None, "", []) or other:
                self.unknown[("custom field", cf.get("name"))] += 1
            return
        if value in (None, "", []) and not other:
            out[spec.id] = None  # cleared in Backlog: clear it here too
            return
        if spec.type in ("choice", "choices"):
            self._choices(out, spec.id, _choice_names(value, other), rec, single=spec.type == "choice")
            return
        if isinstance(value, (dict, list)) or other:
            value = _as_text(value, other)
        self._custom_scalar(spec, value, rec, out)

    def _custom_scalar(self, spec, value, rec: Incoming, out: dict) -> None:
        """A date, number or text custom value; one that does not fit is left out, with a warning."""
        if spec.type == "date":
            try:
                day = dates.parse_date(value, zone=self.zone)
            except ValueError:
                rec.warnings.append(Message("io.backlog.option", field=spec.label or spec.id, value=value))
                return
            out[spec.id] = day.isoformat() if day else None
            return
        converted = convert_custom(spec.type, value)
        if spec.type == "number" and not isinstance(converted, (int, float)):
            rec.warnings.append(Message("io.backlog.option", field=spec.label or spec.id, value=value))
            return
        out[spec.id] = self.text(converted) if spec.type == "text" and isinstance(converted, str) else converted

    def comment(self, raw: dict, rec: Incoming, known: set[str] = frozenset()) -> IncomingComment | None:
        """Map a Backlog comment; its change log and notified people become lists under the text."""
        lines = []
        for change in raw.get("changeLog") or []:
            label = CHANGE_LABELS.get(change.get("field"), change.get("field"))
            old, new = change.get("originalValue") or "", change.get("newValue") or ""
            lines.append(f"- {label}: {old or '(なし)'} → {new or '(なし)'}")
        body = self.text(raw.get("content"))
        notified = [n.get("user") for n in raw.get("notifications") or [] if n.get("user")]
        if lines:
            body = (body + "\n\n" if body else "") + "\n".join(lines)
        if notified:
            names = ", ".join("@" + (self.person(u) or str(u.get("name"))) for u in notified)
            body = (body + "\n\n" if body else "") + say(self.lang, "io.backlog.notified", names=names)
        if not body:
            return None
        if body_key(raw.get("content")) in known:
            return None  # the same comment came with an earlier CSV import
        author = self.person(raw.get("createdUser"))
        if author is None:
            rec.warnings.append(Message("io.backlog.comment", id=raw.get("id"), user=(raw.get("createdUser") or {}).get("name")))
            return None
        return IncomingComment(self.origin("comment", raw["id"]), author, dates.parse_datetime(raw["created"], self.zone), body)

    def _file_note(self, message_id: str, raw: dict, kind: str) -> IncomingComment | None:
        """Record who attached or linked a file, when, and its size, as a comment by that person."""
        author = self.person(raw.get("createdUser"))
        when = dates.parse_datetime(raw.get("created"), self.zone) if raw.get("created") else None
        if author is None or when is None or raw.get("id") is None:
            return None
        where = f"{raw.get('dir') or ''}{raw.get('name')}"
        text = say(self.lang, message_id, name=where, size=f"{int(raw.get('size') or 0):,}")
        return IncomingComment(self.origin(kind, raw["id"]), author, when, text)


def _choice_names(value, other: str) -> list[str]:
    """The names a check box or radio field chose, its その他 answer last."""
    items = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
    names = [v.get("name") if isinstance(v, dict) else str(v) for v in items]
    if other:
        names.append(other)
    return names


def _as_text(value, other: str) -> str:
    """A list field the tracker keeps as text (declared from a CSV): its values and its その他 answer,
    written as the CSV export writes several values in one cell."""
    items = value if isinstance(value, list) else [value] if value not in (None, "") else []
    return ",".join([*(v.get("name", "") if isinstance(v, dict) else str(v) for v in items), *([other] if other else [])])


def body_key(text) -> str:
    """Return a comment's text as compared between a CSV and an API import (spacing and line ends aside)."""
    return " ".join(str(text or "").split())


def unknown_notes(unknown: Counter) -> list[str]:
    """Return one line per Backlog value that has no counterpart in the tracker."""
    return [
        Message("io.backlog.unknown-note", kind=Message(f"io.backlog.kind.{kind.replace(' ', '-')}"), value=value, count=count,
                hint=Message(f"io.backlog.hint.{kind.replace(' ', '-')}"))
        for (kind, value), count in sorted(unknown.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))
    ]
