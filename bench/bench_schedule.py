"""Time scheduling a large WBS and measure its Gantt chart, each beside its target.

A deterministic plan of 2,000 items (100 phases of 19 tasks, some of them milestones)
with 3,000 finish-to-start dependencies, all pointing forward so the plan has no cycle.
Targets: scheduling under 0.5 s; the chart's HTML fragment (JSON, no plotly.js) under 2 MB.

Usage: python bench/bench_schedule.py [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from tsuzuri.model import CalendarConfig, Config, Dependency, Member, Organization, Wbs, WbsItem
from tsuzuri.planning.schedule import schedule
from tsuzuri.planning.schedule_checks import check
from tsuzuri.site.charts.embed import figure_html
from tsuzuri.site.charts.gantt_chart import gantt_figure

ITEMS = 2_000
DEPENDENCIES = 3_000
TARGET_SECONDS = 0.5
TARGET_MB = 2.0
TODAY = date(2026, 11, 26)


def generate(seed: int) -> tuple[Wbs, Config]:
    """Return a plan of ITEMS items with DEPENDENCIES dependencies, and its config."""
    rng = random.Random(seed)
    phases, per_phase = 100, ITEMS // 100 - 1
    leaves = [f"{p}.{c}" for p in range(1, phases + 1) for c in range(1, per_phase + 1)]
    preds: dict[str, list[Dependency]] = {leaf: [] for leaf in leaves}
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < DEPENDENCIES:
        succ = rng.randrange(1, len(leaves))
        pred = rng.randrange(max(0, succ - 60), succ)  # forward only: no cycles
        if (pred, succ) not in pairs:
            pairs.add((pred, succ))
            preds[leaves[succ]].append(Dependency(leaves[pred], rng.choice((0, 0, 0, 1, 2))))
    orgs = [f"vendor-{i}" for i in range(1, 8)]
    members = [f"m{i:02d}" for i in range(30)]
    items = []
    for p in range(1, phases + 1):
        children = []
        for c in range(1, per_phase + 1):
            ident = f"{p}.{c}"
            milestone = c == per_phase
            children.append(WbsItem(
                id=ident, title=f"作業 {ident}", line=len(items) + c, milestone=milestone,
                assignee=rng.choice(members), duration=None if milestone else rng.randrange(1, 15),
                after=tuple(preds[ident]), progress=rng.choice((None, 0, 30, 100)),
            ))
        items.append(WbsItem(id=str(p), title=f"工程 {p}", owner=rng.choice(orgs), children=tuple(children)))
    config = Config(
        organizations=tuple(Organization(o, f"{o} 株式会社") for o in orgs),
        members=tuple(Member(m, f"利用者{m}", orgs[i % 7]) for i, m in enumerate(members)),
        calendar=CalendarConfig(extra_holidays=(date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31))),
    )
    return Wbs("BENCH", "wbs/BENCH.yml", tuple(items), start=date(2026, 4, 1)), config


def best_of(runs: int, fn):
    """Return the fastest of several runs and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    wbs, config = generate(args.seed)
    count = sum(1 for _ in wbs.walk())
    deps = sum(len(i.after) for i in wbs.walk())
    seconds, plan = best_of(5, lambda: schedule(wbs, config, {}, TODAY))
    check_seconds, findings = best_of(3, lambda: list(check(wbs, config, {}, TODAY)))
    chart_seconds, fig = best_of(3, lambda: gantt_figure(plan, config, {}, progress_line=True, baseline=plan))
    html = figure_html(fig, "gantt-BENCH")
    size_mb = len(html.encode("utf-8")) / 1_000_000
    ok = seconds < TARGET_SECONDS and size_mb < TARGET_MB
    print(f"plan: {count} items, {deps} dependencies, finish {plan.finish}, {len(plan.critical_path)} critical, {len(findings)} findings")
    print(f"schedule {count} items: {seconds:.3f} s (target < {TARGET_SECONDS} s)")
    print(f"check {count} items: {check_seconds:.3f} s")
    print(f"gantt figure: {chart_seconds:.3f} s")
    print(f"gantt HTML (with baseline and progress line): {size_mb:.2f} MB (target < {TARGET_MB:.0f} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
