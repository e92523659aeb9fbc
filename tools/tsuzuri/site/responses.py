"""Per vendor, how quickly the office answers and resolves inquiries, as the site shows it."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean, median

from tsuzuri.changes.response_times import InquiryTimes, ResponseTimes, response_times
from tsuzuri.site.context import SiteContext


@dataclass(frozen=True, slots=True)
class VendorTimes:
    """One vendor's row: counts, and first-answer and resolution times in days."""

    org: str
    count: int
    answered: int
    unanswered: int
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


def vendor_rows(ctx: SiteContext) -> list[VendorTimes]:
    """Return one row per vendor organization that raised inquiries, by organization order."""
    found = _by_vendor(ctx)
    order = {o.id: n for n, o in enumerate(ctx.tracker.config.organizations)}
    rows = []
    for org, times in sorted(found.items(), key=lambda item: (order.get(item[0], len(order)), item[0])):
        answers = [i.answer_hours / 24 for i in times.inquiries if i.answer_hours is not None]
        resolutions = [i.resolution_hours / 24 for i in times.inquiries if i.resolution_hours is not None]
        rows.append(VendorTimes(
            org, len(times.inquiries), len(answers), len(times.inquiries) - len(answers), len(resolutions),
            _round(median(answers)) if answers else None, _round(mean(answers)) if answers else None,
            _round(median(resolutions)) if resolutions else None, _round(mean(resolutions)) if resolutions else None,
        ))
    return rows


def _round(days: float) -> float:
    return round(days, 1)
