"""Turn incoming mail into comments and inquiry issues, or quarantine it with a reason."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tsuzuri.guard import Guard, refusals
from tsuzuri.mail import decode, quarantine
from tsuzuri.mail import threading as ids
from tsuzuri.mail.html import to_markdown
from tsuzuri.mail.quotes import strip_reply
from tsuzuri.mail.settings import MailSettings, settings
from tsuzuri.mail.sources import Incoming
from tsuzuri.mail.words import words
from tsuzuri.messages import Message as CatalogMessage
from tsuzuri.messages import localized, say
from tsuzuri.model import Config, Member
from tsuzuri.store import load
from tsuzuri.store.writer import ISSUE_FIELD_ORDER, atomic_write, document, new_comment, new_issue, save_attachment

_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|sv|返信|転送)\s*(\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class Outcome:
    """What became of one mail."""

    kind: str  # comment | issue | duplicate | quarantined
    source: str
    key: str = ""
    path: str = ""
    author: str = ""
    reason: str = ""  # why it was quarantined
    detail: str = ""


class Router:
    """Decide what each mail is and write its result into the tracker at ``root``."""

    def __init__(self, root: Path, now: datetime, commit: bool = False, mail: MailSettings | None = None, lang: str | None = None) -> None:
        self.root = Path(root)
        tracker = load(self.root).tracker
        self.config: Config = tracker.config
        self.mail = mail or settings(self.config)
        self.lang = lang or self.config.language  # of the reasons written beside quarantined mail
        self.now = now
        self.commit = commit
        self.zone = ZoneInfo(self.config.timezone)
        self.keys = set(tracker.issues)
        self.members: dict[str, Member] = {}
        for m in self.config.members:
            for address in (m.email, *m.aliases):
                if "@" in address:
                    self.members[address.lower()] = m
        # Idempotency: every Message-ID already turned into a comment or an issue.
        self.seen = {c.message_id for i in tracker.issues.values() for c in i.comments if c.message_id}
        self.seen |= {i.origin[5:] for i in tracker.issues.values() if i.origin.startswith("mail:")}
        self.inquiry = {p.inquiry_address.lower(): p.key for p in self.config.projects if p.inquiry_address}
        self.quarantine_dir = self.root / self.mail.quarantine
        self.guard = Guard(self.config)
        self._written: list[str] = []  # paths written for the current mail, for --commit

    # --- routing -----------------------------------------------------------------

    def handle(self, item: Incoming) -> Outcome:
        """Write the result of one mail (comment, issue or quarantine) and return it."""
        msg = decode.parse(item.raw)
        found = ids.ids_in(msg.get("Message-ID"))
        message_id = found[0] if found else f"sha256-{hashlib.sha256(item.raw).hexdigest()[:32]}@tsuzuri.invalid"
        subject = decode.header_text(msg.get("Subject"))
        _, address = decode.sender(msg)
        facts = {"from": address, "subject": subject, "message_id": message_id, "source": item.label, "received": self.now.isoformat(timespec="seconds")}

        def refuse(reason: str, detail_id: str, **params) -> Outcome:
            detail = say(self.lang, detail_id, **params)
            quarantine.keep(self.quarantine_dir, item.raw, reason, detail, facts)
            return Outcome("quarantined", item.label, reason=reason, detail=detail)

        if message_id in self.seen:
            return Outcome("duplicate", item.label, detail=message_id)
        if _automatic(msg):
            return refuse("auto-reply", "mail.refused.auto-reply")
        member = self.members.get(address)
        if member is None:
            return refuse("not-a-member", "mail.refused.not-a-member", address=address or say(self.lang, "diff.none"))
        key, where, missing = self._issue_key(msg, subject)
        if missing:
            return refuse("unknown-issue", "mail.refused.unknown-issue", where=say(self.lang, f"mail.where.{where}"), key=missing)
        project = "" if key else self._inquiry_project(msg, subject)
        if not key and not project:
            return refuse("no-destination", "mail.refused.no-destination")
        parts = decode.content(msg)
        text = strip_reply(parts.text if parts.text.strip() else to_markdown(parts.html))
        if not text:
            return refuse("no-text", "mail.refused.no-text")
        confidential = self._confidential(subject if not key else "", text, parts.attachments)
        if confidential:
            return refuse("confidential", "mail.refused.confidential", findings=confidential)
        when = self._date(msg)
        if key:
            return self._comment(item, key, member, when, text, parts.attachments, message_id)
        return self._inquiry(item, project, member, when, subject, text, parts.attachments, message_id)

    def _confidential(self, title: str, text: str, attachments) -> str:
        """Return what the confidential-data guard finds in what this mail would record, in words ("" for nothing)."""
        texts = [(CatalogMessage("guard.place.title"), title), (CatalogMessage("guard.place.body"), text)]
        files = [(part.name, part.data) for part in attachments if len(part.data) <= self.mail.max_attachment]
        return say(self.lang, "diff.list-separator").join(localized(m, self.lang) for m in refusals(self.guard, texts, files))

    def _issue_key(self, msg: Message, subject: str) -> tuple[str, str, str]:
        """Return (key, where, '') for a reply to an issue, ('', where, key) for a missing issue, ('', '', '') otherwise."""
        candidates = (
            ("plus-address", ids.key_from_recipients(decode.recipients(msg), self.mail.inbound_address) if self.mail.inbound_address else ""),
            ("references", ids.key_from_ids(ids.ids_in(msg.get("In-Reply-To")) + ids.ids_in(msg.get("References")), self.mail.domain)),
            ("subject", ids.key_from_subject(subject)),
        )
        for where, key in candidates:
            if not key:
                continue
            if key in self.keys:
                return key, where, ""
            if self.config.project(key.rsplit("-", 1)[0]):
                return "", where, key
        return "", "", ""

    def _inquiry_project(self, msg: Message, subject: str) -> str:
        for address in decode.recipients(msg):
            if address in self.inquiry:
                return self.inquiry[address]
        tag = re.search(r"\[([A-Z][A-Z0-9_]*)\]", subject)
        if tag and self.config.project(tag.group(1)):
            return tag.group(1)
        return ""

    def _date(self, msg: Message) -> datetime:
        try:
            when = parsedate_to_datetime(decode.header_text(msg.get("Date")))
        except (TypeError, ValueError, IndexError):
            when = None
        if when is None:
            when = self.now
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.zone)
        return when.astimezone(self.zone)

    # --- writing -----------------------------------------------------------------

    def _attachments(self, key: str, parts, link_base: str) -> str:
        """Save attachments under the issue and return the Markdown lines that mention them."""
        w = words(self.config.language)
        saved, notes = [], []
        for part in parts:
            if len(part.data) > self.mail.max_attachment:
                notes.append(w["too_big"].format(name=part.name, size=_size(len(part.data)), limit=_size(self.mail.max_attachment)))
                continue
            path = save_attachment(self.root, key, part.name, part.data)
            name = path.rsplit("/", 1)[1]
            saved.append(f"- [{name}](<{link_base}{name}>)")
            self._written.append(path)
        lines = []
        if saved:
            lines += [f"{w['attachment']}:", "", *saved]
        if notes:
            lines += ([""] if lines else []) + [f"※ {n}" for n in notes]
        return "\n".join(lines)

    def _comment(self, item, key, member, when, text, parts, message_id) -> Outcome:
        self._written = []
        extra = self._attachments(key, parts, "../files/")
        body = text + ("\n\n" + extra if extra else "")
        path = new_comment(self.root, key, member.id, when, body, {"via": "mail", "message_id": message_id})
        self._written.append(path)
        self._finish(member, f"Add {member.id}'s mail reply to {key}", message_id)
        return Outcome("comment", item.label, key, path, member.id)

    def _inquiry(self, item, project, member, when, subject, text, parts, message_id) -> Outcome:
        self._written = []
        title = _PREFIX.sub("", subject)
        title = re.sub(rf"^\s*\[{re.escape(project)}\]\s*", "", title).strip() or text.split("\n", 1)[0][:60]
        inquiry = next((t.id for t in self.config.types if t.id == "inquiry"), self.config.types[0].id if self.config.types else "inquiry")
        fields = {
            "title": title, "type": inquiry, "status": self.config.statuses[0].id if self.config.statuses else "open",
            "reporter": member.id, "created": when.replace(microsecond=0), "origin": f"mail:{message_id}",
        }
        key = new_issue(self.root, project, fields, text)
        path = f"issues/{project}/{key}.md"
        self._written.append(path)
        self.keys.add(key)
        extra = self._attachments(key, parts, f"{key}/files/")
        if extra:
            atomic_write(self.root / path, document(fields, text + "\n\n" + extra, ISSUE_FIELD_ORDER))
        self._finish(member, f"Open inquiry {key} from {member.id}'s mail", message_id)
        return Outcome("issue", item.label, key, path, member.id)

    def _finish(self, member: Member, message: str, message_id: str) -> None:
        self.seen.add(message_id)
        if self.commit:
            # The sender is the author: the history then shows who said it, as for any other change.
            address = member.email or next((a for a in member.aliases if "@" in a), f"{member.id}@{self.mail.domain}")
            subprocess.run(["git", "add", "--", *self._written], cwd=self.root, check=True, capture_output=True)
            subprocess.run(["git", "commit", "-q", "-m", message, "--author", f"{member.name} <{address}>", "--", *self._written],
                           cwd=self.root, check=True, capture_output=True)


def _automatic(msg: Message) -> bool:
    auto = (msg.get("Auto-Submitted") or "no").strip().lower()
    precedence = (msg.get("Precedence") or "").strip().lower()
    return auto != "no" or precedence in ("bulk", "junk", "auto_reply", "list")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"


def ingest(root: Path, items: Iterable[Incoming], now: datetime, commit: bool = False, lang: str | None = None) -> Iterator[Outcome]:
    """Handle each mail in turn, telling its source it is done only once its result is written.

    Quarantine reasons are written in ``lang`` (default: the tracker's language).
    """
    router = Router(root, now, commit, lang=lang)
    for item in items:
        outcome = router.handle(item)
        item.done()
        yield outcome
