"""`issue_list:` in tsuzuri.yml: a status the filter does not know and a column the list does not have are findings at their line."""

from __future__ import annotations

import shutil
from pathlib import Path

from tsuzuri.store import load
from tsuzuri.validate import validate

SMALL = Path(__file__).resolve().parent.parent / "site" / "fixtures" / "small"


def tracker_with(tmp_path, text: str) -> Path:
    root = tmp_path / "t"
    shutil.copytree(SMALL, root)
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")
    return root


def test_unknown_status_and_column_are_reported_at_their_line(tmp_path):
    root = tracker_with(tmp_path, 'issue_list:\n  status: "<b>閉じた</b>"\n  columns: [key, bogus]\n')
    lines = (root / "tsuzuri.yml").read_text(encoding="utf-8").splitlines()
    _, findings = validate(root)
    found = {(f.path, f.line, f.code) for f in findings if f.severity == "error"}
    assert ("tsuzuri.yml", lines.index('  status: "<b>閉じた</b>"') + 1, "unknown-status") in found
    assert any(
        f.path == "tsuzuri.yml" and f.line == lines.index("  columns: [key, bogus]") + 1 and "bogus" in f.text("ja") for f in findings
    )


def test_a_status_may_be_named_by_its_label_and_columns_keep_their_order(tmp_path):
    root = tracker_with(tmp_path, "issue_list:\n  status: 処理中\n  columns: [due, key, title]\n")
    _, findings = validate(root)
    assert [f for f in findings if f.severity == "error"] == []
    config = load(root).tracker.config
    assert config.issue_list.status == "処理中" and config.issue_list.columns == ("due", "key", "title")


def test_without_issue_list_the_list_opens_on_not_done_with_the_columns_that_fit(tmp_path):
    config = load(tracker_with(tmp_path, "")).tracker.config
    assert config.issue_list.status == "open"
    assert config.issue_list.columns == ("key", "title", "status", "type", "priority", "assignee", "milestone", "due", "updated")
