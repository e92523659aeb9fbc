"""Turn incoming mail into comments and inquiry issues, or quarantine it with a reason.

Each mail passes three steps, and only the first one looks at its bytes:

1. ``decode.read`` turns the raw mail into a ``Mail`` record (or says why it cannot);
2. ``Router.decide`` weighs the record: where it goes, who sent it, whether that is verified;
3. ``Router.write`` writes the comment or issue with its attachments, all or nothing.

``Router.handle`` is the one boundary around them: whatever goes wrong with one mail becomes
a quarantine entry with the reason, the files written for it are removed, and the next mail
is handled as if nothing happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tsuzuri import layout
from tsuzuri.errors import TsuzuriError
from tsuzuri.formats.textfile import UTF8_BOM
from tsuzuri.formats.textfile import decode as decode_text
from tsuzuri.guard import Guard, refusals
from tsuzuri.mail import decode, quarantine, verify
from tsuzuri.mail import threading as ids
from tsuzuri.mail.decode import Attachment, Mail, size_text
from tsuzuri.mail.fields import Weighed, field_lines, weigh
from tsuzuri.mail.quotes import strip_reply, tidy
from tsuzuri.mail.settings import MailSettings, settings
from tsuzuri.mail.sources import Incoming
from tsuzuri.messages import Message, localized, phrases, say
from tsuzuri.model import Config, Member
from tsuzuri.schema.kinds import ISSUE
from tsuzuri.store import gitrepo, load
from tsuzuri.store.documents import parse
from tsuzuri.store.edit import edit_front_matter
from tsuzuri.store.transaction import Transaction
from tsuzuri.store.writer import (
    COMMENT_FIELD_ORDER,
    ISSUE_FIELD_ORDER,
    document,
    free_attachment_path,
    free_comment_path,
    next_number,
)

MAX_TITLE = 200  # characters of a subject kept as an inquiry title
_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|sv|返信|転送)\s*(\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)


class ConfigUnreadable(TsuzuriError):
    """tsuzuri.yml has errors, so members and projects are unknown: no mail is read."""

    def __init__(self, findings: list) -> None:
        super().__init__("\n".join(str(f) for f in findings))
        self.findings = findings


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
    verified: bool = True  # False: nothing showed that the member really sent it
    why: str = ""  # why it is unverified
    applied: tuple[str, ...] = ()  # field lines recorded as an edit of the issue
    refused: tuple[tuple[str, str], ...] = ()  # (field line, why it was not applied), kept in the comment
    notes: tuple[str, ...] = ()  # what was changed on the way in (control characters removed)


@dataclass(frozen=True)
class Refusal:
    """The decision to quarantine a mail."""

    reason: str
    detail: Message


@dataclass(frozen=True)
class Placement:
    """The decision to write a mail into the tracker."""

    member: Member
    text: str
    key: str = ""  # a comment on this issue...
    project: str = ""  # ...or a new inquiry in this project
    verified: bool = True
    why: Message | None = None  # why it is unverified
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    fields: Weighed | None = None  # the reply's field lines, weighed


class Router:
    """Decide what each mail is and write its result into the tracker at ``root``."""

    def __init__(self, root: Path, now: datetime, commit: bool = False, mail: MailSettings | None = None, lang: str | None = None) -> None:
        self.root = Path(root)
        loaded = load(self.root)
        config_doc = loaded.documents.get("tsuzuri.yml")
        if config_doc is None or not config_doc.ok:
            # With no members every mail would be refused as a stranger's; say what to fix instead.
            raise ConfigUnreadable([f for f in loaded.findings if f.path == "tsuzuri.yml" and f.severity == "error"])
        tracker = loaded.tracker
        self.issues = tracker.issues
        self.issue_paths = loaded.issue_paths
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
        self._staged: dict[str, bytes] = {}  # what the current mail writes, by path: landed together, or not at all
        self._replacing: set[str] = set()  # the staged paths that change an existing file (the others must be new)

    # --- the boundary --------------------------------------------------------------

    def handle(self, item: Incoming) -> Outcome:
        """Write the result of one mail (comment, issue or quarantine) and return it; never raises for a bad mail."""
        try:
            mail = decode.read(item.raw, self.mail.limits)
        except decode.Unreadable as exc:
            return self._refuse(item, decode.peek(item.raw), exc.reason, exc.detail)
        except Exception as exc:  # noqa: BLE001 - one bad mail must never stop the rest
            return self._refuse(item, decode.peek(item.raw), "malformed", Message("mail.refused.malformed", error=_describe(exc)))
        facts = {"from": mail.sender, "subject": mail.subject, "message_id": mail.message_id}
        try:
            if mail.message_id in self.seen:
                return Outcome("duplicate", item.label, detail=mail.message_id)
            decision = self.decide(mail)
            if isinstance(decision, Refusal):
                return self._refuse(item, facts, decision.reason, decision.detail)
            return self.write(item, mail, decision)
        except Exception as exc:  # noqa: BLE001 - nothing of a failed mail stays behind
            self._forget()
            return self._refuse(item, facts, "cannot-store", Message("mail.refused.cannot-store", error=_describe(exc)))

    def _refuse(self, item: Incoming, facts: dict, reason: str, detail: Message) -> Outcome:
        text = localized(detail, self.lang)
        facts = {**facts, "source": item.label, "received": self.now.isoformat(timespec="seconds")}
        quarantine.keep(self.quarantine_dir, item.raw, reason, text, facts)
        return Outcome("quarantined", item.label, reason=reason, detail=text)

    # --- deciding ------------------------------------------------------------------

    def decide(self, mail: Mail) -> Refusal | Placement:
        """Return where ``mail`` goes, or why it is refused; reads nothing but the record and the tracker."""
        member = self.members.get(mail.sender)
        refused = self._sender_refusal(mail, member)
        if refused is not None:
            return refused
        key, where, missing, token = self._issue_key(mail)
        if missing:
            return Refusal("unknown-issue", Message("mail.refused.unknown-issue", where=say(self.lang, f"mail.where.{where}"), key=missing))
        project = "" if key else self._inquiry_project(mail)
        if not key and not project:
            return Refusal("no-destination", Message("mail.refused.no-destination"))
        text = strip_reply(mail.text)
        refused = self._content_refusal(mail, key, text)
        if refused is not None:
            return refused
        valid = bool(key) and where == "plus-address" and verify.token_ok(self.mail.secret, key, token)
        verdict = verify.verdict(mail, member, valid, self.mail.authserv_id)
        why = None if verdict.verified else self._why(mail, verdict)
        if why is not None and self.mail.require_verified:
            return Refusal("unverified", Message("mail.refused.unverified", address=mail.sender, why=localized(why, self.lang)))
        weighed, text = self._field_changes(mail, key, text, member, verdict.verified) if key else (None, text)
        return Placement(member, text, key, project, verdict.verified, why, mail.attachments, weighed)

    def _sender_refusal(self, mail: Mail, member: Member | None) -> Refusal | None:
        """Why a mail is refused for who or what sent it: an automatic reply, a failed check, a stranger."""
        if mail.automatic:
            return Refusal("auto-reply", Message("mail.refused.auto-reply"))
        failed = verify.failure(mail)
        if failed is not None:
            said = Message(
                "mail.refused.authentication-failed", server=failed.authserv_id or "?", method=failed.method, result=failed.result
            )
            return Refusal("authentication-failed", said)
        if member is None:
            return Refusal("not-a-member", Message("mail.refused.not-a-member", address=mail.sender or say(self.lang, "diff.none")))
        return None

    def _content_refusal(self, mail: Mail, key: str, text: str) -> Refusal | None:
        """Why a mail is refused for what it says: nothing at all, or confidential data."""
        if not text and not mail.attachments:
            return Refusal("no-text", Message("mail.refused.no-text"))
        confidential = self._confidential("" if key else mail.subject, text, mail.attachments)
        if confidential:
            return Refusal("confidential", Message("mail.refused.confidential", findings=confidential))
        return None

    def _field_changes(self, mail: Mail, key: str, text: str, member: Member, verified: bool) -> tuple[Weighed | None, str]:
        """The field lines at the top of a reply, weighed, and the text left once the applied ones are taken out."""
        lines, _ = field_lines(text)
        if not lines:
            return None, text
        weighed = weigh(lines, self.config, self.issues[key], member, verified, self._date(mail).date())
        applied = {f.line for f in weighed.applied}
        return weighed, tidy("\n".join(line for line in text.split("\n") if line.strip() not in applied))

    def _confidential(self, title: str, text: str, attachments: tuple[Attachment, ...]) -> str:
        """Return what the confidential-data guard finds in what this mail would record, in words ("" for nothing)."""
        texts = [(Message("guard.place.title"), title), (Message("guard.place.body"), text)]
        files = [(part.name, part.data) for part in attachments if len(part.data) <= self.mail.max_attachment]
        return say(self.lang, "diff.list-separator").join(localized(m, self.lang) for m in refusals(self.guard, texts, files))

    def _why(self, mail: Mail, verdict: verify.Verdict) -> Message:
        if verdict.foreign_envelope:
            return Message("mail.unverified.foreign-envelope", envelope=verdict.foreign_envelope, address=mail.sender)
        if self.mail.authserv_id:
            return Message("mail.unverified.no-evidence", authserv=self.mail.authserv_id)
        return Message("mail.unverified.no-authserv")

    def _issue_key(self, mail: Mail) -> tuple[str, str, str, str]:
        """Return (key, where, '', token) for a reply to an issue, ('', where, key, '') for a missing issue, empty otherwise."""
        plus, token = ids.key_from_recipients(list(mail.recipients), self.mail.inbound_address) if self.mail.inbound_address else ("", "")
        candidates = (
            ("plus-address", plus),
            ("references", ids.key_from_ids(list(mail.references), self.mail.domain)),
            ("subject", ids.key_from_subject(mail.subject)),
        )
        for where, key in candidates:
            if not key:
                continue
            if key in self.keys:
                return key, where, "", token if where == "plus-address" else ""
            if self.config.project(key.rsplit("-", 1)[0]):
                return "", where, key, ""
        return "", "", "", ""

    def _inquiry_project(self, mail: Mail) -> str:
        for address in mail.recipients:
            if address in self.inquiry:
                return self.inquiry[address]
        tag = layout.BRACKETED_PROJECT_RE.search(mail.subject)
        if tag and self.config.project(tag.group(1)):
            return tag.group(1)
        return ""

    def _date(self, mail: Mail) -> datetime:
        when = mail.date or self.now
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.zone)
        return when.astimezone(self.zone)

    # --- writing -------------------------------------------------------------------

    def write(self, item: Incoming, mail: Mail, placement: Placement) -> Outcome:
        """Write the comment or issue of ``placement`` with its attachments (and commit them) as one transaction."""
        self._staged = {}
        when = self._date(mail)
        weighed = placement.fields
        if placement.key:
            kind, key, path = "comment", placement.key, self._comment(placement, when, mail.message_id)
            message = f"Add {placement.member.id}'s mail reply to {key}"
            if weighed is not None and weighed.changes:
                self._edit(key, weighed.changes)
                message += " and set " + ", ".join(sorted(weighed.changes))
        else:
            kind, path = "issue", self._inquiry(placement, when, mail)
            key = path.rsplit("/", 1)[1][:-3]
            message = f"Open inquiry {key} from {placement.member.id}'s mail"
        # All of the mail's files land together or none do, even if the process is killed half-way;
        # the Git commit is made before the change is kept, so a failed commit takes the files back out.
        with Transaction(self.root, "mail") as tx:
            for rel, data in self._staged.items():
                tx.stage(rel, data, new=rel not in self._replacing)
            tx.apply()
            if self.commit:
                gitrepo.commit_paths(self.root, list(self._staged), message, self._author(placement))
            tx.commit()
        self.seen.add(mail.message_id)
        if kind == "issue":
            self.keys.add(key)
        self._staged, self._replacing = {}, set()
        return self._outcome(item, mail, placement, kind, key, path)

    def _outcome(self, item: Incoming, mail: Mail, placement: Placement, kind: str, key: str, path: str) -> Outcome:
        weighed = placement.fields
        why = localized(placement.why, self.lang) if placement.why is not None else ""
        applied = tuple(f.line for f in weighed.applied) if weighed else ()
        refused = tuple((f.line, localized(reason, self.lang)) for f, reason in weighed.refused) if weighed else ()
        notes = (localized(Message("store.control-removed", field=say(self.lang, "mail.text-field"), chars=mail.removed), self.lang),)
        return Outcome(
            kind, item.label, key, path, placement.member.id, verified=placement.verified, why=why, applied=applied, refused=refused,
            notes=notes if mail.removed else (),
        )

    def _edit(self, key: str, changes: dict) -> None:
        """Change the issue's fields by rewriting only their lines, as ``tsuzuri set`` does."""
        rel = self.issue_paths[key]
        original = (self.root / rel).read_bytes()
        new = edit_front_matter(decode_text(original), changes)
        findings: list = []
        if not parse(rel, new, ISSUE, findings).ok:
            raise ValueError("; ".join(str(f) for f in findings))
        if b"\r\n" in original:
            new = new.replace("\n", "\r\n")
        data = (UTF8_BOM if original.startswith(UTF8_BOM) else b"") + new.encode("utf-8")
        if data != original:
            self._staged[rel] = data
            self._replacing.add(rel)

    def _author(self, placement: Placement) -> str:
        """The commit author: the member for verified mail, the tracker itself otherwise."""
        if placement.verified:
            member = placement.member
            address = member.email or next((a for a in member.aliases if "@" in a), f"{member.id}@{self.mail.domain}")
            return f"{_one_line(member.name) or member.id} <{address}>"
        return f"{_one_line(self.config.title) or 'tsuzuri'} <{self.mail.sender or f'tsuzuri@{self.mail.domain}'}>"

    def _attachments(self, key: str, attachments: tuple[Attachment, ...], link_base: str) -> str:
        """Save attachments under the issue and return the Markdown lines that mention them."""
        w = phrases(self.config.language, "mail.text")
        saved, notes = [], []
        for part in attachments:
            if len(part.data) > self.mail.max_attachment:
                notes.append(w["too_big"].format(name=part.name, size=size_text(len(part.data)), limit=size_text(self.mail.max_attachment)))
                continue
            path = free_attachment_path(self.root, key, part.name, set(self._staged))
            self._staged[path] = part.data
            name = path.rsplit("/", 1)[1]
            label = re.sub(r"([\\`*_\[\]<>])", r"\\\1", name)  # the name is text, never Markdown
            saved.append(f"- [{label}](<{link_base}{name}>)")
        lines = []
        if saved:
            lines += [f"{w['attachment']}:", "", *saved]
        if notes:
            lines += ([""] if lines else []) + [f"※ {n}" for n in notes]
        return "\n".join(lines)

    def _comment(self, placement: Placement, when: datetime, message_id: str) -> str:
        extra = self._attachments(placement.key, placement.attachments, "../files/")
        body = "\n\n".join(p for p in (placement.text, extra) if p)
        if not body and placement.fields is not None:
            words_of = self.config.language  # the comment is read on the site, in the tracker's language
            changed = say(words_of, "diff.list-separator").join(f.line for f in placement.fields.applied)
            body = say(words_of, "mail.field.changed-by-mail", changes=changed)
        fields = {"via": "mail", "message_id": message_id}
        if not placement.verified:
            fields["verified"] = False
        path = free_comment_path(self.root, placement.key, placement.member.id, when, set(self._staged))
        fields = {"author": placement.member.id, "date": when.replace(microsecond=0), **fields}
        self._staged[path] = document(fields, body, COMMENT_FIELD_ORDER).encode("utf-8")
        return path

    def _inquiry(self, placement: Placement, when: datetime, mail: Mail) -> str:
        project, text = placement.project, placement.text
        title = _PREFIX.sub("", mail.subject)
        title = re.sub(rf"^\s*\[{re.escape(project)}\]\s*", "", title).strip() or (text.split("\n", 1)[0][:60] if text else "")
        title = title or (placement.attachments[0].name if placement.attachments else mail.message_id)
        if len(title) > MAX_TITLE:
            title = title[: MAX_TITLE - 1].rstrip() + "…"
        inquiry = next((t.id for t in self.config.types if t.id == "inquiry"), self.config.types[0].id if self.config.types else "inquiry")
        fields = {
            "title": title, "type": inquiry, "status": self.config.statuses[0].id if self.config.statuses else "open",
            "reporter": placement.member.id, "created": when.replace(microsecond=0), "origin": f"mail:{mail.message_id}",
        }
        key = f"{project}-{next_number(self.root, project)}"
        path = f"issues/{project}/{key}.md"
        extra = self._attachments(key, placement.attachments, f"{key}/files/")
        self._staged[path] = document(fields, "\n\n".join(p for p in (text, extra) if p), ISSUE_FIELD_ORDER).encode("utf-8")
        return path

    def _forget(self) -> None:
        """Drop what was staged for the mail that failed (its transaction, if any, has put everything back)."""
        self._staged, self._replacing = {}, set()


def _one_line(text: str) -> str:
    return " ".join(re.sub(r"[\x00-\x1f\x7f<>]", " ", text or "").split())


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def ingest(root: Path, items: Iterable[Incoming], now: datetime, commit: bool = False, lang: str | None = None,
           mail: MailSettings | None = None) -> Iterator[Outcome]:
    """Handle each mail in turn, telling its source it is done only once its result is written.

    Quarantine reasons are written in ``lang`` (default: the tracker's language).
    """
    router = Router(root, now, commit, mail=mail, lang=lang)
    for item in items:
        outcome = router.handle(item)
        item.done()
        yield outcome
