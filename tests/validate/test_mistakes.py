"""Every class of mistake in one fixture tracker: all reported at once, at the right line."""

from __future__ import annotations

from tsuzuri.validate import validate


def _short(findings):
    return [f"{f.path}:{f.line}: {f.code}" for f in findings]


def test_minimal_tracker_is_clean(minimal):
    _, findings = validate(minimal)
    assert findings == []


def test_every_mistake_is_reported_at_its_file_and_line(tracker_copy, fixtures_dir):
    root = tracker_copy("mistakes")
    expected = (fixtures_dir / "mistakes.expected").read_text(encoding="utf-8").splitlines()
    _, findings = validate(root)
    assert _short(findings) == expected


def test_findings_carry_helpful_hints(tracker_copy):
    _, findings = validate(tracker_copy("mistakes"))
    by_key = {(f.path, f.line, f.code): f for f in findings}
    typo = by_key[("issues/MIRA/MIRA-4.md", 17, "unknown-field")]
    assert typo.hint == "did you mean `assignee`?"
    member = by_key[("issues/MIRA/MIRA-4.md", 6, "broken-reference")]
    assert "yamda" in member.message and member.hint == "did you mean `yamada` (山田 太郎)?"
    octal = by_key[("issues/MIRA/MIRA-4.md", 12, "type")]
    assert "leading zero" in octal.hint
    cycle = by_key[("wbs/MIRA.yml", 7, "wbs-cycle")]
    assert "1.1" in cycle.message and "1.2" in cycle.message and "1.3" in cycle.message


def test_yaml_1_1_words_stay_what_was_written(tracker_copy):
    loaded, _ = validate(tracker_copy("mistakes"))
    issue = loaded.tracker.issues["MIRA-10"]
    assert issue.custom == {"cost_center": "no"}  # not False
    assert issue.estimate is None  # 12:30 was refused, not read as 750


def test_labels_are_accepted_for_vocabularies(minimal):
    loaded, _ = validate(minimal)
    assert loaded.tracker.issues["MIRA-1"].status == "in_progress"


def test_an_unreadable_config_is_reported_alone_not_echoed_in_every_file(minimal):
    config = minimal / "tsuzuri.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("  - {id:"))
    lines[index] = "\t" + lines[index].lstrip()
    config.write_text("\n".join(lines), encoding="utf-8")
    _, findings = validate(minimal)
    assert [(f.path, f.line, f.code) for f in findings] == [("tsuzuri.yml", index + 1, "yaml-syntax")]
