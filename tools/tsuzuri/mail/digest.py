"""The daily digest: for each member, their open issues that are overdue or due soon."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.message import EmailMessage

from tsuzuri.mail.compose import base_message, header_text, issue_url
from tsuzuri.mail.settings import MailSettings
from tsuzuri.messages import phrases
from tsuzuri.model import Tracker


def digest_messages(tracker: Tracker, settings: MailSettings, today: date, now: datetime) -> list[EmailMessage]:
    """Return one digest mail per member who has overdue or due-soon issues."""
    config = tracker.config
    w = phrases(config.language, "mail.text")
    horizon = today + timedelta(days=settings.digest_days)
    result = []
    for member in config.members:
        if not member.email:
            continue
        mine = sorted(
            (i for i in tracker.issues.values() if i.assignee == member.id and i.due and not i.is_done(config)),
            key=lambda i: (i.due, i.project, i.number),
        )
        overdue = [i for i in mine if i.due < today]
        soon = [i for i in mine if today <= i.due <= horizon]
        if not overdue and not soon:
            continue
        lines = [w["digest_intro"].format(name=member.name), ""]
        for heading, group in ((w["overdue"], overdue), (w["due_soon"], soon)):
            if not group:
                continue
            lines.append(f"■ {heading} ({len(group)})")
            for issue in group:
                lines.append(
                    f"- [{issue.key}] {issue.title} ({w['due']} {issue.due.isoformat()}, {config.label('statuses', issue.status)})"
                )
                lines.append(f"  {issue_url(config, issue.key)}")
            lines.append("")
        subject = w["digest_subject"].format(title=header_text(config.title), day=today.isoformat())
        msg = base_message(config, settings, [member], subject, "\n".join(lines), now)
        msg["Message-ID"] = f"<digest.{today.isoformat()}.{member.id}@{settings.domain}>"
        result.append(msg)
    return result
