"""Map Backlog API v2 objects (issues, comments, users, vocabularies) to incoming tracker records."""

from __future__ import annotations

import json
from collections import Counter
from datetime import tzinfo
from pathlib import Path

from tsuzuri.formats import dates
from tsuzuri.interchange.mapping import Resolver
from tsuzuri.interchange.plan import Incoming, IncomingComment, IncomingFile
from tsuzuri.interchange.sheet.rows import convert_custom
from tsuzuri.messages import Message

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

    def __init__(self, resolver: Resolver, project: str, space: str, zone: tzinfo, keys_by_id: dict[int, str]):
        self.resolver, self.project, self.space, self.zone = resolver, project, space, zone
        self.keys_by_id = keys_by_id
        self.unknown: Counter = Counter()

    def origin(self, kind: str, ident) -> str:
        """Return the origin of a Backlog object: ``backlog:<space>:<id>`` (comments: ``comment-<id>``)."""
        return f"backlog:{self.space}:{ident}" if kind == "issue" else f"backlog:{self.space}:{kind}-{ident}"

    def person(self, user: dict | None) -> str | None:
        """Return the member for a Backlog user, trying mail address, name and user id."""
        if not user:
            return None
        for raw in (user.get("mailAddress"), user.get("name"), user.get("userId")):
            found = self.resolver.person(raw) if raw else None
            if found:
                return found
        self.unknown[("user", f"{user.get('name')} <{user.get('mailAddress') or user.get('userId')}>")] += 1
        return None

    def issue(self, raw: dict, dump: Dump | None) -> Incoming:
        """Map one Backlog issue with its comments and attachments."""
        backlog_key = raw["issueKey"]
        key = f"{self.project}-{raw['keyId']}"
        rec = Incoming(f"Backlog {backlog_key}", self.project, {}, key=key, origin=self.origin("issue", raw["id"]))
        rec.body = (raw.get("description") or "").replace("\r\n", "\n").strip()
        f = rec.fields
        f["title"] = (raw.get("summary") or "").strip()
        for vocab, obj in (("type", raw.get("issueType")), ("status", raw.get("status")), ("priority", raw.get("priority"))):
            if obj:
                found = self.resolver.choice(vocab, obj.get("name"))
                if found is None:
                    found = self.resolver.choice(vocab, str(obj.get("id")))
                if found is None:
                    self.unknown[(vocab, obj.get("name"))] += 1
                    rec.warnings.append(Message("io.backlog.unknown", field=Message(f"field.{vocab}"), value=obj.get("name")))
                f[vocab] = found
        for name, user in (("assignee", raw.get("assignee")), ("reporter", raw.get("createdUser"))):
            member = self.person(user)
            if user and not member:
                rec.warnings.append(Message("io.backlog.unknown", field=Message(f"field.{name}"), value=user.get("name")))
            f[name] = member
        milestones = raw.get("milestone") or []
        if milestones:
            found = self.resolver.milestone(self.project, milestones[0]["name"])
            if found is None:
                self.unknown[("milestone", milestones[0]["name"])] += 1
                rec.warnings.append(Message("io.backlog.unknown", field=Message("field.milestone"), value=milestones[0]["name"]))
            if len(milestones) > 1:
                rec.warnings.append(Message("io.backlog.first-milestone", names=", ".join(m["name"] for m in milestones)))
            f["milestone"] = found
        else:
            f["milestone"] = None
        categories = []
        for c in raw.get("category") or []:
            found = self.resolver.category(self.project, c["name"])
            if found:
                categories.append(found)
            else:
                self.unknown[("category", c["name"])] += 1
                rec.warnings.append(Message("io.backlog.unknown", field=Message("io.backlog.category"), value=c["name"]))
        f["categories"] = categories or None
        f["start"] = dates.parse_date(raw.get("startDate"))
        f["due"] = dates.parse_date(raw.get("dueDate"))
        f["estimate"] = dates.parse_hours(raw.get("estimatedHours"))
        f["actual"] = dates.parse_hours(raw.get("actualHours"))
        parent = raw.get("parentIssueId")
        f["parent"] = self.keys_by_id.get(parent) if parent else None
        if parent and not f["parent"]:
            rec.warnings.append(Message("io.backlog.parent", id=parent))
        f["created"] = dates.parse_datetime(raw.get("created"), self.zone)
        f["updated"] = dates.parse_datetime(raw.get("updated"), self.zone)
        f["custom"] = self.custom(raw.get("customFields") or [], rec)
        if dump is not None:
            rec.comments = [c for c in (self.comment(c, rec) for c in dump.comments(backlog_key)) if c]
            for a in raw.get("attachments") or []:
                path = dump.attachment(backlog_key, a["id"])
                if path.exists():
                    rec.files.append(IncomingFile(a["name"], path.read_bytes))
                else:
                    rec.warnings.append(Message("io.backlog.attachment", name=a["name"]))
        return rec

    def custom(self, fields: list[dict], rec: Incoming) -> dict:
        """Map Backlog custom field values onto the project's declared custom fields."""
        out = {}
        for cf in fields:
            value = cf.get("value")
            spec = self.resolver.custom_field(self.project, cf.get("name", ""))
            if value in (None, "", []):
                if spec is not None:
                    out[spec.id] = None  # cleared in Backlog: clear it here too
                continue
            if spec is None:
                self.unknown[("custom field", cf.get("name"))] += 1
                continue
            if isinstance(value, dict):
                value = value.get("name")
            elif isinstance(value, list):
                value = ", ".join(v.get("name", "") if isinstance(v, dict) else str(v) for v in value)
            out[spec.id] = convert_custom(spec.type, value)
        return out

    def comment(self, raw: dict, rec: Incoming) -> IncomingComment | None:
        """Map a Backlog comment; its changeLog becomes a list under the text."""
        lines = []
        for change in raw.get("changeLog") or []:
            label = CHANGE_LABELS.get(change.get("field"), change.get("field"))
            old, new = change.get("originalValue") or "", change.get("newValue") or ""
            lines.append(f"- {label}: {old or '(なし)'} → {new or '(なし)'}")
        body = (raw.get("content") or "").replace("\r\n", "\n").strip()
        if lines:
            body = (body + "\n\n" if body else "") + "\n".join(lines)
        if not body:
            return None
        author = self.person(raw.get("createdUser"))
        if author is None:
            rec.warnings.append(Message("io.backlog.comment", id=raw.get("id"), user=(raw.get("createdUser") or {}).get("name")))
            return None
        return IncomingComment(self.origin("comment", raw["id"]), author, dates.parse_datetime(raw["created"], self.zone), body)


def unknown_notes(unknown: Counter) -> list[str]:
    """Return one line per Backlog value that has no counterpart in the tracker."""
    return [
        Message("io.backlog.unknown-note", kind=Message(f"io.backlog.kind.{kind.replace(' ', '-')}"), value=value, count=count,
                hint=Message(f"io.backlog.hint.{kind.replace(' ', '-')}"))
        for (kind, value), count in sorted(unknown.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))
    ]
