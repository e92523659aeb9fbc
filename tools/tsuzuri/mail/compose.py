"""Build notification mail: who gets it, what it says, and the headers that thread it."""

from __future__ import annotations

import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from tsuzuri.changes.wording import describe, value_label
from tsuzuri.formats.dates import local, stamp, tracker_zone
from tsuzuri.formats.mentions import resolve as resolve_mentions
from tsuzuri.mail import threading as ids
from tsuzuri.mail.changes import Change
from tsuzuri.mail.settings import MailSettings
from tsuzuri.mail.verify import reply_token
from tsuzuri.messages import field_label, heading, phrases, say
from tsuzuri.model import Config, Issue, Member, Tracker, issue_page

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_HEADER_TEXT = 200  # characters of a title in a Subject; the body has the whole title


def header_text(text: str, limit: int = MAX_HEADER_TEXT) -> str:
    """Return ``text`` fit for a mail header whatever it holds: one line, no control characters, not too long."""
    text = " ".join(_UNSAFE.sub(" ", str(text or "")).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _address(member: Member) -> Address:
    local, _, domain = member.email.strip().partition("@")
    return Address(header_text(member.name, 78), local, domain)


def _sender(settings: MailSettings, title: str) -> Address:
    local, _, domain = (settings.sender or f"tsuzuri@{settings.domain}").strip().partition("@")
    return Address(header_text(title, 78), local, domain)


def recipients(config: Config, ids_: list[str], actor: str) -> list[Member]:
    """Return the members to tell, once each, never the one who made the change."""
    seen: set[str] = set()
    result = []
    for member_id in ids_:
        if not member_id or member_id == actor or member_id in seen:
            continue
        seen.add(member_id)
        member = config.member(member_id)
        if member and member.email:
            result.append(member)
    return result


def mentioned(config: Config, *texts: str) -> list[str]:
    """Return the ids of the members ``@mentioned`` in ``texts`` (by id, name, family name or alias)."""
    found: dict[str, None] = {}
    for text in texts:
        for member_id in resolve_mentions(text or "", lambda name: config.find_member(name).id)[0]:
            found.setdefault(member_id, None)
    return list(found)


def issue_url(config: Config, key: str) -> str:
    """Return the address of an issue's page on the published site."""
    base = config.site_url or ""
    if base and not base.endswith("/"):
        base += "/"
    return base + issue_page(key)


def _actor_name(config: Config, actor: str) -> str:
    member = config.member(actor)
    return member.name if member else phrases(config.language, "mail.text")["someone"]


def issue_body(config: Config, change: Change) -> str:
    """Return the text of a mail about one issue: what changed, new comments, the link."""
    w = phrases(config.language, "mail.text")
    zone = tracker_zone(config.timezone)
    issue = change.issue
    verb = "created" if change.created else "updated"
    known = config.member(change.actor)
    lines = [w[verb].format(actor=known.name) if known else w[f"{verb}_anon"], ""]
    lines.append(f"{issue.key} {issue.title}")
    lines.append("")
    if change.created:
        for name in ("type", "status", "priority", "assignee", "reporter", "due"):
            value = getattr(issue, name)
            if value:
                lines.append(f"{heading(field_label(config.language, name))}: {value_label(config, issue.project, name, value)}")
        if issue.body.strip():
            lines += ["", issue.body.strip()]
    lines += [describe(config, issue.project, name, old, new, config.language).line for name, old, new in change.fields]
    for comment in change.comments:
        who = _actor_name(config, comment.author)
        by = w["comment_by"].format(who=who, when=stamp(comment.date, zone)) if comment.date else who
        lines += ["", f"■ {w['comment']} ({by})", comment.body.strip()]
    lines += ["", f"{w['link']}: {issue_url(config, issue.key)}", "", "-- ", w["reply_hint"], fields_hint(config, issue)]
    return "\n".join(lines) + "\n"


def fields_hint(config: Config, issue: Issue) -> str:
    """Say which field lines a reply may begin with, with this tracker's own words as examples."""
    w = phrases(config.language, "mail.text")
    done = next((s.label for s in config.statuses if s.done), config.statuses[-1].label if config.statuses else "")
    member = config.member(issue.assignee) or config.member(issue.reporter) or (config.members[0] if config.members else None)
    who = (member.name.replace("\u3000", " ").split() or [member.id])[0] if member else ""
    priority = config.priorities[0].label if config.priorities else ""
    examples = [(w["hint-status"], done), (w["hint-assignee"], who), (w["hint-due"], "12/10"), (w["hint-priority"], priority)]
    text = w["hint-separator"].join(w["hint-quote"].format(f"{name}: {value}") for name, value in examples if value)
    return say(config.language, "mail.fields-hint", examples=text)


def base_message(config: Config, settings: MailSettings, to: list[Member], subject: str, body: str, now: datetime) -> EmailMessage:
    """Return a UTF-8 mail from the tracker to members, without threading headers."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = _sender(settings, config.title)
    msg["To"] = [_address(m) for m in to]
    msg["Subject"] = subject
    msg["Date"] = format_datetime(local(now, tracker_zone(config.timezone)))  # +0900 for a tracker in Tokyo
    # Tell auto-responders (and Outlook's out-of-office) not to answer, so mail cannot loop.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(body, charset="utf-8", cte="base64")
    return msg


def issue_message(tracker: Tracker, settings: MailSettings, change: Change, head: str, now: datetime) -> EmailMessage | None:
    """Return the mail about one issue change, or None when nobody is to be told."""
    config = tracker.config
    issue: Issue = change.issue
    texts = [c.body for c in change.comments]
    if change.created or any(name == "body" for name, _, _ in change.fields):
        texts.append(issue.body)
    to = recipients(config, [issue.assignee, issue.reporter, *issue.watchers, *mentioned(config, *texts)], change.actor)
    if not to:
        return None
    msg = base_message(config, settings, to, f"[{issue.key}] {header_text(issue.title)}", issue_body(config, change), now)
    root = ids.root_id(issue.key, settings.domain)
    if change.created:
        msg["Message-ID"] = root  # the thread starts here, so later mail has a real parent
    else:
        msg["Message-ID"] = ids.message_id(issue.key, settings.domain, head, change.actor, *(c.path for c in change.comments))
        msg["In-Reply-To"] = root
        msg["References"] = root
    if settings.inbound_address:
        # The token proves a reply came back through this notification (see mail/verify.py).
        token = reply_token(settings.secret, issue.key) if settings.secret else ""
        msg["Reply-To"] = ids.plus_address(settings.inbound_address, issue.key, token)
    msg["X-Tsuzuri-Issue"] = issue.key
    return msg


def minutes_message(tracker: Tracker, settings: MailSettings, change: Change, now: datetime) -> EmailMessage | None:
    """Return the mail announcing new minutes to attendees and action-item owners."""
    config = tracker.config
    minutes = change.minutes
    w = phrases(config.language, "mail.text")
    to = recipients(config, [*minutes.attendees, *(a.assignee for a in minutes.actions), *mentioned(config, minutes.body)], change.actor)
    if not to:
        return None
    lines = [w["minutes"].format(actor=_actor_name(config, change.actor)), "", f"{minutes.date or ''} {minutes.title}".strip(), ""]
    if minutes.actions:
        lines.append(f"■ {w['actions']}")
        for a in minutes.actions:
            owner = value_label(config, minutes.project, "assignee", a.assignee) + ": " if a.assignee else ""
            extra = ", ".join(x for x in (f"{w['due']} {a.due.isoformat()}" if a.due else "", a.issue) if x)
            lines.append(f"- {owner}{a.text}" + (f" ({extra})" if extra else ""))
        lines.append("")
    base = config.site_url.rstrip("/") + "/" if config.site_url else ""
    year = minutes.path.split("/")[1] if minutes.path.count("/") >= 2 else ""
    lines.append(f"{base}minutes/{year}/{minutes.slug}/")
    msg = base_message(config, settings, to, w["minutes_subject"].format(title=header_text(minutes.title)), "\n".join(lines) + "\n", now)
    msg["Message-ID"] = f"<minutes.{minutes.slug}@{settings.domain}>"
    return msg


def messages(tracker: Tracker, settings: MailSettings, changes: list[Change], head: str, now: datetime,
             problems: list[tuple[str, str]] | None = None) -> list[EmailMessage]:
    """Return every notification for a change set, in a stable order.

    A mail that cannot be built (a member's address that is no address, say) is left out and
    named in ``problems`` as (issue key or minutes slug, error); every other mail is still built.
    """
    result = []
    for change in changes:
        try:
            msg = (
                issue_message(tracker, settings, change, head, now)
                if change.kind == "issue"
                else minutes_message(tracker, settings, change, now)
            )
        except (ValueError, TypeError, IndexError) as exc:
            if problems is None:
                raise
            problems.append((change.key, " ".join(str(exc).split())))
            continue
        if msg is not None:
            result.append(msg)
    return result
