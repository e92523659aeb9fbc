from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main

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

WBS = """\
start: 2026-04-01
items:
  - id: "1"
    title: 要件定義
    owner: vendor-a
    children:
      - {id: "1.1", title: 業務フロー整理, start: 2026-04-01, end: 2026-04-30, progress: 100}
      - {id: "1.2", title: 要件定義書作成, after: ["1.1"], duration: 15d}
      - {id: "1.3", title: 用語集, duration: 2d}
  - {id: M1, milestone: 要件定義完了, after: ["1.2+1d"], date: 2026-05-29}
"""


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    (tmp_path / "tsuzuri.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "wbs").mkdir()
    (tmp_path / "wbs" / "MIRA.yml").write_text(WBS, encoding="utf-8")
    return tmp_path


def test_prints_the_table_and_the_critical_path(tracker, capsys):
    assert main(["schedule", "MIRA", "--root", str(tracker), "--today", "2026-05-15"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "# MIRA"
    assert any(line.startswith("  1.2") and "2026-05-01  2026-05-26  15" in line for line in lines)
    # M1 comes one working day after 1.2 ends (lag 1d).
    assert any(line.startswith("M1") and "2026-05-27" in line for line in lines)
    assert "Critical path: 1.1 -> 1.2 -> M1" in out
    assert "Finish: 2026-05-27" in out


def test_every_project_without_an_argument(tracker, capsys):
    assert main(["schedule", "--root", str(tracker), "--today", "2026-05-15"]) == 0
    assert capsys.readouterr().out.startswith("# MIRA")


def test_unknown_project_is_a_usage_error(tracker, capsys):
    assert main(["schedule", "NOPE", "--root", str(tracker)]) == 2
    assert "NOPE" in capsys.readouterr().err


def test_a_wbs_that_does_not_parse_is_reported_not_called_missing(tracker, capsys):
    (tracker / "wbs" / "MIRA.yml").write_text("start: 2026-04-01\nitems:\n\t- {id: \"1\", title: x, duration: 3d}\n", encoding="utf-8")
    for args in (["schedule", "MIRA"], ["schedule"]):
        assert main([*args, "--root", str(tracker)]) == 1
        err = capsys.readouterr().err
        assert "wbs/MIRA.yml:3:" in err and "has no wbs" not in err


def test_no_wbs_at_all_says_how_to_start_one(tracker, capsys):
    (tracker / "wbs" / "MIRA.yml").unlink()
    assert main(["schedule", "--root", str(tracker)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "wbs/<PROJECT>.yml" in captured.err
