"""The inquiry register as the site shows it: every inquiry's state, who owes the answer and by
when, and per organization how quickly the office answers and resolves them.

An inquiry is in exactly one of three states, and the summary counts the very rows the
lists show, so its figures always add up to the lists' lengths:

- ``unanswered``: not done, and no one of the office has commented yet;
- ``answered``: someone of the office has commented (the first such comment is the answer);
- ``closed``: done without any answer from the office (withdrawn, or settled elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import mean, median

from tsuzuri.changes.response_times import InquiryTimes, ResponseTimes, response_times
from tsuzuri.model import Issue
from tsuzuri.site.context import SiteContext
from tsuzuri.site.relations import first_answer

UNANSWERED, ANSWERED, CLOSED = "unanswered", "answered", "closed"
STATES = (UNANSWERED, ANSWERED, CLOSED)


@dataclass(frozen=True, slots=True)
class VendorTimes:
    """One organization's row: counts that add up to its rows in the lists, and times in days."""

    org: str
    count: int
    answered: int
    unanswered: int
    closed_unanswered: int
    resolved: int
    answer_median: float | None
    answer_mean: float | None
    resolution_median: float | None
    resolution_mean: float | None


def _by_vendor(ctx: SiteContext) -> dict[str, ResponseTimes]:
    # The dashboard and the register both ask; read the history once per context.
    if "_response_times" not in ctx.__dict__:
        ctx.__dict__["_response_times"] = response_times(ctx.tracker, ctx.history) if ctx.history else {}
    return ctx.__dict__["_response_times"]


def inquiry_times(ctx: SiteContext) -> dict[str, InquiryTimes]:
    """Return each vendor inquiry's times from Git history, by issue key (empty without history)."""
    return {item.key: item for times in _by_vendor(ctx).values() for item in times.inquiries}


def inquiry_rows(ctx: SiteContext) -> list[dict]:
    """Return one row per inquiry, in key order: who asked and when, its state, who owes the answer, days open."""
    if "_inquiry_rows" in ctx.__dict__:
        return ctx.__dict__["_inquiry_rows"]
    timed = inquiry_times(ctx)
    rows = []
    for issue in ctx.sorted_issues(i for i in ctx.tracker.issues.values() if i.type == "inquiry"):
        asker = issue.reporter or issue.created_by
        times = timed.get(issue.key)
        asked = ctx.day_of(issue.created or (issue.comments[0].date if issue.comments else None))
        answer = first_answer(issue, ctx.office)
        answered_on = ctx.day_of(times.first_answer) if times and times.first_answer else (ctx.day_of(answer.date) if answer else None)
        has_answer = answer is not None or bool(times and times.first_answer)
        done = ctx.is_done(issue)
        closed_on = ctx.day_of(times.resolved) if times and times.resolved else None
        state = ANSWERED if has_answer else CLOSED if done else UNANSWERED
        end = {ANSWERED: answered_on, CLOSED: closed_on, UNANSWERED: ctx.today}[state]
        rows.append({
            "issue": issue,
            "vendor": ctx.org_of(asker),
            "asker": asker,
            "asked": asked,
            "state": state,
            "answered": state == ANSWERED,
            "first_answer": answered_on,
            "closed": closed_on,
            "assignee": issue.assignee,  # who owes the answer
            "due": issue.due,  # by when
            "overdue": state == UNANSWERED and ctx.is_overdue(issue),
            "days": (end - asked).days if end and asked else None,
            "times": times,
        })
    ctx.__dict__["_inquiry_rows"] = rows
    return rows


def by_state(rows: list[dict], state: str) -> list[dict]:
    """Return the rows in ``state``; unanswered ones overdue first, then by due date, then longest waiting."""
    found = [r for r in rows if r["state"] == state]
    if state == UNANSWERED:
        found.sort(key=_urgency)
    return found


def _urgency(row: dict) -> tuple:
    issue: Issue = row["issue"]
    return (not row["overdue"], row["due"] is None, row["due"] or date.max, -(row["days"] or 0), issue.project, issue.number)


def vendor_rows(ctx: SiteContext) -> list[VendorTimes]:
    """Return one row per organization that raised inquiries (organization order), counted from ``inquiry_rows``."""
    rows = inquiry_rows(ctx)
    order = {o.id: n for n, o in enumerate(ctx.tracker.config.organizations)}
    result = []
    for org in sorted({r["vendor"] for r in rows}, key=lambda o: (order.get(o, len(order)), o)):
        mine = [r for r in rows if r["vendor"] == org]
        answers = [r["times"].answer_hours / 24 for r in mine if r["times"] and r["times"].answer_hours is not None]
        resolutions = [r["times"].resolution_hours / 24 for r in mine if r["times"] and r["times"].resolution_hours is not None]
        count = {state: sum(r["state"] == state for r in mine) for state in STATES}
        result.append(VendorTimes(
            org, len(mine), count[ANSWERED], count[UNANSWERED], count[CLOSED], sum(ctx.is_done(r["issue"]) for r in mine),
            _round(median(answers)) if answers else None, _round(mean(answers)) if answers else None,
            _round(median(resolutions)) if resolutions else None, _round(mean(resolutions)) if resolutions else None,
        ))
    return result


def _round(days: float) -> float:
    return round(days, 1)
