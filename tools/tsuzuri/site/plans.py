"""Each project's schedule and baseline, computed once per site build and shared by its pages."""

from __future__ import annotations

from tsuzuri.planning.baseline import Baseline, baseline_of
from tsuzuri.planning.schedule import Schedule, schedule
from tsuzuri.site.context import SiteContext


def plan_of(ctx: SiteContext, project: str) -> Schedule | None:
    """Return the project's schedule for the build day; None when it has no WBS."""
    cache = ctx.__dict__.setdefault("_schedules", {})
    if project not in cache:
        wbs = ctx.tracker.wbs.get(project)
        cache[project] = schedule(wbs, ctx.tracker.config, ctx.tracker.issues, ctx.today) if wbs else None
    return cache[project]


def baseline_for(ctx: SiteContext, project: str, ref: str = "") -> Baseline | None:
    """Return the project's baseline (its ``baseline:`` or ``ref``); None when there is none to read."""
    wbs = ctx.tracker.wbs.get(project)
    current = plan_of(ctx, project)
    if wbs is None or current is None or not (ref or wbs.baseline):
        return None
    cache = ctx.__dict__.setdefault("_baselines", {})
    key = (project, ref or wbs.baseline)
    if key not in cache:
        if ctx.root is None:
            cache[key] = Baseline(key[1], problem="the site was built without the tracker's Git folder")
        else:
            cache[key] = baseline_of(ctx.root, ctx.tracker, wbs, ctx.today, ref, current, shape=ctx.baseline_view)
    return cache[key]
