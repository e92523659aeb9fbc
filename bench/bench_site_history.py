"""Time what history adds to the site's page generation: timelines, activity, feed, response times.

The repository is the history benchmark's (10,000 issues, 20,000 commits by 30 members).
The pages and files are generated twice without MkDocs, without and with the history, and
the faster of two runs is reported. Target: the history adds at most 20 % to generation.

Usage: python bench/bench_site_history.py [ISSUES [COMMITS]]   (default: 10000 20000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from bench_history import build

from tsuzuri.site import build_files, build_pages
from tsuzuri.store import load
from tsuzuri.store.history import load_history

TARGET_RATIO = 1.2
TODAY = date(2026, 11, 26)


def generate(tracker, history) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        build_pages(tracker, TODAY, history=history)
        build_files(tracker, TODAY, history)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str]) -> int:
    n_issues = int(argv[0]) if argv else 10_000
    n_commits = int(argv[1]) if len(argv) > 1 else 20_000
    with tempfile.TemporaryDirectory(prefix="tsuzuri-bench-site-history-") as tmp:
        root = Path(tmp)
        build(root, n_issues, n_commits)
        history = load_history(root)
        tracker = load(root, history=history).tracker
        plain = generate(tracker, None)
        with_history = generate(tracker, history)
        ratio = with_history / plain
        print(f"page generation without history ({n_issues} issues): {plain:.1f} s")
        print(f"page generation with history ({n_commits} commits): {with_history:.1f} s, {ratio:.2f}x (target <= {TARGET_RATIO}x)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
