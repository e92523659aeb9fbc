"""The repository's own demo tracker stays valid and as rich as the README promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tsuzuri.validate import validate

REPO = Path(__file__).resolve().parent.parent


def test_demo_tracker_has_no_findings():
    loaded, findings = validate(REPO, strict=True)
    assert [f.text() for f in findings] == []
    tracker = loaded.tracker
    config = tracker.config
    assert len(config.projects) == 3
    assert Counter(o.role for o in config.organizations)["vendor"] == 7
    assert len(config.members) >= 30
    assert len(tracker.issues) >= 150
    assert {i.type for i in tracker.issues.values()} == {t.id for t in config.types}
    assert {i.status for i in tracker.issues.values()} == {s.id for s in config.statuses}
    assert sum(len(i.comments) for i in tracker.issues.values()) >= 100
    assert len(tracker.minutes) >= 12 and all(m.actions for m in tracker.minutes)
    assert set(tracker.wbs) == {p.key for p in config.projects}
