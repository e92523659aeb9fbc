"""Baselines: a WBS read at a Git ref, scheduled, compared, and warned about when unreadable."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.planning.baseline import baseline_of
from tsuzuri.store import load
from tsuzuri.store.at_ref import BaselineUnavailable, read_wbs_at
from tsuzuri.validate import validate

CONFIG = """\
language: en
organizations:
  - {id: vendor-a, name: A社, role: vendor}
  - {id: vendor-b, name: B社, role: vendor}
members:
  - {id: tanaka, name: 田中 一郎, org: vendor-a}
projects:
  - {key: MIRA, name: 情報発信サイト}
statuses:
  - {id: open, label: 未対応}
  - {id: closed, label: 完了, done: true}
types: [{id: task, label: タスク}]
priorities: [{id: normal, label: 中}]
calendar: {holidays: JP}
"""

# 2026-05-01 (Fri) and 10 working days end on 05-19: Golden Week takes 05-02..05-06 (05-06 is a substitute holiday).
PLAN = """\
start: 2026-05-01
baseline: {ref}
items:
  - {{id: "1", title: 設計, owner: vendor-a, start: 2026-05-01, duration: {design}d}}
  - {{id: "2", title: 実装, owner: vendor-b, after: ["1"], duration: 5d}}
  - {{id: M1, milestone: 完成, after: ["2"]}}
"""


def _git(root: Path, *args: str) -> None:
    when = "2026-04-20T10:00:00+09:00"
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def write(root: Path, design: int, ref: str = "plan-1") -> None:
    (root / "wbs").mkdir(parents=True, exist_ok=True)
    (root / "tsuzuri.yml").write_text(CONFIG, encoding="utf-8")
    (root / "wbs" / "MIRA.yml").write_text(PLAN.format(ref=ref, design=design), encoding="utf-8")


@pytest.fixture
def repo(tmp_path) -> Path:
    """A tracker whose plan was tagged plan-1 with a 10-day design, then stretched to 13 days."""
    root = tmp_path / "t"
    root.mkdir()
    write(root, 10)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Plan")
    _git(root, "tag", "plan-1")
    write(root, 13)
    _git(root, "commit", "-q", "-am", "Stretch the design")
    return root


def test_reads_the_wbs_as_it_was_at_the_tag(repo):
    old = read_wbs_at(repo, "plan-1", "wbs/MIRA.yml", "MIRA")
    assert old.items[0].duration == 10
    assert load(repo).tracker.wbs["MIRA"].items[0].duration == 13


def test_slip_is_counted_in_working_days_per_item_and_organization(repo):
    tracker = load(repo).tracker
    base = baseline_of(repo, tracker, tracker.wbs["MIRA"], date(2026, 5, 1))
    assert base.problem == "" and base.ref == "plan-1"
    assert base.schedule.item("1").end == date(2026, 5, 19)
    slips = {r.id: (r.start_slip, r.end_slip) for r in base.slip.items}
    assert slips == {"1": (0, 3), "2": (3, 3), "M1": (3, 3)}
    owners = {o.owner: (o.items, o.slipped, o.max_slip) for o in base.slip.owners}
    assert owners["vendor-a"] == (1, 1, 3) and owners["vendor-b"] == (1, 1, 3)


def test_a_tracker_in_a_subfolder_reads_its_own_path(tmp_path):
    top = tmp_path / "repo"
    root = top / "tracker"
    root.mkdir(parents=True)
    write(root, 10)
    _git(top, "init", "-q")
    _git(top, "add", "-A")
    _git(top, "commit", "-q", "-m", "Plan")
    _git(top, "tag", "plan-1")
    assert read_wbs_at(root, "plan-1", "wbs/MIRA.yml", "MIRA").items[0].duration == 10


def test_unreadable_baselines_say_why(repo, tmp_path):
    with pytest.raises(BaselineUnavailable, match="`nope` is not a tag"):
        read_wbs_at(repo, "nope", "wbs/MIRA.yml", "MIRA")
    with pytest.raises(BaselineUnavailable, match="wbs/ENE.yml did not exist"):
        read_wbs_at(repo, "plan-1", "wbs/ENE.yml", "ENE")
    plain = tmp_path / "plain"
    plain.mkdir()
    write(plain, 10)
    with pytest.raises(BaselineUnavailable, match="not a Git checkout"):
        read_wbs_at(plain, "plan-1", "wbs/MIRA.yml", "MIRA")


def test_a_missing_ref_is_a_warning_at_the_baseline_line(repo):
    write(repo, 13, ref="plan-9")
    _, findings = validate(repo)
    found = [f for f in findings if f.code == "baseline-missing"]
    assert len(found) == 1
    assert (found[0].path, found[0].line, found[0].severity) == ("wbs/MIRA.yml", 2, "warning")
    assert "plan-9" in found[0].message
    write(repo, 13, ref="plan-1")
    assert not [f for f in validate(repo)[1] if f.code == "baseline-missing"]


def test_schedule_command_prints_the_slip(repo, capsys):
    assert main(["schedule", "MIRA", "--root", str(repo), "--today", "2026-05-01"]) == 0
    out = capsys.readouterr().out
    assert "Slip against plan-1 (working days)" in out
    line = next(x for x in out.splitlines() if x.startswith("1 ") and "設計" in x and ".." in x)
    assert "2026-05-01..2026-05-19" in line and "2026-05-01..2026-05-22" in line and line.endswith("+3")
    assert main(["schedule", "MIRA", "--baseline", "HEAD", "--root", str(repo), "--today", "2026-05-01"]) == 0
    assert "Slip against HEAD" in capsys.readouterr().out
    assert main(["schedule", "MIRA", "--baseline", "nope", "--root", str(repo)]) == 1
    assert "`nope` is not a tag" in capsys.readouterr().err
