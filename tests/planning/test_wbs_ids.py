"""WBS ids as Japanese plans write them (1-2, A-1) and lags that always carry a unit."""

from datetime import date
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.model import Dependency, read_dependency
from tsuzuri.planning.schedule import schedule
from tsuzuri.store import load
from tsuzuri.validate import validate_loaded

CONFIG = """\
language: en
organizations:
  - {id: vendor-a, name: A社, role: vendor}
members:
  - {id: tanaka, name: 田中 一郎, org: vendor-a}
projects:
  - {key: MIRA, name: 情報発信サイト}
statuses:
  - {id: open, label: 未対応}
  - {id: closed, label: 完了, done: true}
types: [{id: task, label: タスク}]
priorities: [{id: normal, label: 中}]
"""

HYPHENATED = """\
start: 2026-04-01
items:
  - id: "1"
    title: 要件定義
    children:
      - {id: "1-1", title: 業務フロー整理, start: 2026-04-01, end: 2026-04-03}
      - {id: "1-2", title: 要件定義書作成, after: ["1-1"], duration: 5d}
  - {id: "A-1", title: 環境構築, after: ["1-2"], duration: 2d}
  - {id: "A-2", title: 結合試験, after: ["A-1+2d"], duration: 1d}
  - {id: "A-3", title: 総合試験, after: ["A-2-1日"], duration: 1d}
  - {id: M1, milestone: 完了, after: ["A-3"]}
"""


def tracker(tmp_path: Path, wbs: str) -> Path:
    (tmp_path / "tsuzuri.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "wbs").mkdir()
    (tmp_path / "wbs" / "MIRA.yml").write_text(wbs, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("written", "ids", "expected"), [
    ("1-2", {"1", "1-2"}, Dependency("1-2", 0, "1-2")),      # an id exactly, not "1 minus 2 days"
    ("A-1", {"A-1"}, Dependency("A-1", 0, "A-1")),
    ("1-2d", {"1"}, Dependency("1", -2, "1-2d")),
    ("1.2+2d", {"1.2"}, Dependency("1.2", 2, "1.2+2d")),
    ("1.2 + 3日", {"1.2"}, Dependency("1.2", 3, "1.2 + 3日")),
    ("1.2＋２日", {"1.2"}, Dependency("1.2", 2, "1.2＋２日")),
    ("A-1-1d", {"A-1"}, Dependency("A-1", -1, "A-1-1d")),
    ("1.2+2", {"1.2"}, Dependency("1.2+2", 0, "1.2+2")),     # no unit: not a lag
])
def test_an_after_entry_is_an_id_first_and_a_lag_only_with_its_unit(written, ids, expected):
    assert read_dependency(written, ids) == expected


def test_hyphenated_ids_schedule_without_false_cycles(tmp_path):
    loaded = load(tracker(tmp_path, HYPHENATED))
    assert [f for f in validate_loaded(loaded) if f.severity == "error"] == []
    plan = schedule(loaded.tracker.wbs["MIRA"], loaded.tracker.config, {}, date(2026, 4, 1))
    days = {i.id: (i.start.isoformat(), i.end.isoformat()) for i in plan.items}
    assert days["1-2"] == ("2026-04-06", "2026-04-10")
    assert days["A-1"] == ("2026-04-13", "2026-04-14")
    assert days["A-2"] == ("2026-04-17", "2026-04-17")   # two working days of lag after A-1
    assert days["A-3"] == ("2026-04-17", "2026-04-17")   # one day earlier than "after A-2"
    assert days["M1"][0] == "2026-04-17"                 # the milestone waits for the work


def test_a_lag_without_unit_is_a_finding_that_names_the_fix(tmp_path):
    wbs = HYPHENATED.replace('after: ["A-1+2d"]', 'after: ["A-1+2"]')
    loaded = load(tracker(tmp_path, wbs))
    errors = [f for f in validate_loaded(loaded) if f.severity == "error"]
    assert [(f.path, f.line, f.code) for f in errors] == [("wbs/MIRA.yml", 9, "broken-reference")]
    assert "`A-1+2` is not a WBS item; as a lag it needs its unit" in errors[0].text("en")
    assert "A-1+2d" in errors[0].text("en")


def test_schedule_prints_the_findings_instead_of_dates(tmp_path, capsys):
    root = tracker(tmp_path, HYPHENATED.replace('after: ["1-2"]', 'after: ["1-9"]'))
    assert main(["schedule", "MIRA", "--root", str(root), "--today", "2026-04-01"]) == 1
    captured = capsys.readouterr()
    assert "2026-04" not in captured.out
    assert "wbs/MIRA.yml:8" in captured.err
    assert "`1-9` is not a known WBS item in this file" in captured.err
    assert "1 error in the plan" in captured.err


def test_schedule_prints_dates_for_a_clean_plan(tmp_path, capsys):
    root = tracker(tmp_path, HYPHENATED)
    assert main(["schedule", "MIRA", "--root", str(root), "--today", "2026-04-01"]) == 0
    assert "Critical path: 1-1 -> 1-2 -> A-1 -> A-2 -> A-3 -> M1" in capsys.readouterr().out
