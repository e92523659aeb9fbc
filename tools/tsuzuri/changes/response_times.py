"""How quickly the office answers and resolves each vendor's inquiries, from Git history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from tsuzuri.model import Tracker, resolve_choice
from tsuzuri.store.history import History


@dataclass(frozen=True, slots=True)
class InquiryTimes:
    key: str
    org: str
    asked: datetime
    first_answer: datetime | None = None
    resolved: datetime | None = None

    @property
    def answer_hours(self) -> float | None:
        return (self.first_answer - self.asked).total_seconds() / 3600 if self.first_answer else None

    @property
    def resolution_hours(self) -> float | None:
        return (self.resolved - self.asked).total_seconds() / 3600 if self.resolved else None


@dataclass(frozen=True)
class ResponseTimes:
    """One vendor's inquiries with their first-answer and resolution times."""

    org: str
    inquiries: tuple[InquiryTimes, ...] = ()

    @property
    def answered(self) -> int:
        return sum(1 for i in self.inquiries if i.first_answer)

    @property
    def median_answer_hours(self) -> float | None:
        values = [i.answer_hours for i in self.inquiries if i.answer_hours is not None]
        return median(values) if values else None

    @property
    def median_resolution_hours(self) -> float | None:
        values = [i.resolution_hours for i in self.inquiries if i.resolution_hours is not None]
        return median(values) if values else None


def response_times(tracker: Tracker, history: History, inquiry_type: str = "inquiry") -> dict[str, ResponseTimes]:
    """Return, per vendor organization, the times of the inquiries its members raised."""
    config = tracker.config
    office = {o.id for o in config.organizations if o.role == "office"}
    vendors = {o.id for o in config.organizations if o.role == "vendor"}
    done = config.done_ids
    found: dict[str, list[InquiryTimes]] = {}
    for issue in tracker.issues.values():
        if issue.type != inquiry_type:
            continue
        timeline = history.timelines.get(issue.key)
        # Who asked: the reporter as written, else whoever opened the issue (the site's register says the same).
        asker = config.member(issue.reporter or issue.created_by)
        asked = issue.created or (timeline.created if timeline else None)
        if asker is None or asker.org not in vendors or asked is None:
            continue
        answer = next(
            (c.when for c in (timeline.comments if timeline else ()) if _org(config, c.author) in office and c.when >= asked), None
        )
        resolved = None
        for change in timeline.changes if timeline else ():
            choice = resolve_choice(config.statuses, change.new) if change.field == "status" else None
            if choice is not None and choice.id in done:
                resolved = change.when
                break
        found.setdefault(asker.org, []).append(InquiryTimes(issue.key, asker.org, asked, answer, resolved))
    return {org: ResponseTimes(org, tuple(sorted(items, key=lambda i: i.asked))) for org, items in sorted(found.items())}


def _org(config, member_id: str) -> str:
    member = config.member(member_id)
    return member.org if member else ""
