"""Milestone burndowns read back from Git history."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

from tsuzuri.planning.burndown import current_point, milestone_burndown
from tsuzuri.store import load
from tsuzuri.store.history import load_history

SMALL = Path(__file__).resolve().parents[1] / "site" / "fixtures" / "small"


def commit(root: Path, when: str, message: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "add", "-A"], cwd=root, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, env=env, check=True)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_open_issues_and_hours_per_day_follow_the_history(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(SMALL, root)
    hojo1, hojo2 = root / "issues/HOJO/HOJO-1.md", root / "issues/HOJO/HOJO-2.md"
    edit(hojo2, "estimate: 8", "milestone: v1\nestimate: 8")  # HOJO-2 joins v1 later
    moved_in = hojo2.read_text(encoding="utf-8")
    edit(hojo2, "milestone: v1\n", "")
    hojo2_plain = hojo2.read_text(encoding="utf-8")
    hojo2.unlink()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    commit(root, "2026-11-10T10:00:00+09:00", "Start with HOJO-1 in v1")  # 1 open, 4 h
    hojo2.write_text(hojo2_plain, encoding="utf-8")
    commit(root, "2026-11-11T10:00:00+09:00", "Open HOJO-2 outside v1")
    hojo2.write_text(moved_in, encoding="utf-8")
    commit(root, "2026-11-12T23:30:00+09:00", "Move HOJO-2 into v1")  # late at night Tokyo time: still the 12th
    edit(hojo1, "status: in_progress", "status: closed")
    commit(root, "2026-11-13T09:00:00+09:00", "Close HOJO-1")
    tracker = load(root).tracker
    history = load_history(root, use_cache=False)
    ms = tracker.config.milestone("HOJO", "v1")
    points = milestone_burndown(tracker, history, ms, date(2026, 11, 14))
    # HOJO-2 joining raises the scope; closing HOJO-1 lowers what is open, never the scope
    assert [(p.day.day, p.open, p.remaining_hours, p.scope) for p in points] == [
        (10, 1, 4.0, 1), (11, 1, 4.0, 1), (12, 2, 12.0, 2), (13, 1, 8.0, 2), (14, 1, 8.0, 2),
    ]
    now = current_point(tracker, ms, date(2026, 11, 14))
    assert (now.open, now.scope) == (1, 2)
