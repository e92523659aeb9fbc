from datetime import date

from tracker_fixture import git, make_tracker
from tsuzuri.adapters.cli.main import main
from tsuzuri.devtools.demo_history import replay
from tsuzuri.store.history import load_history


def test_replay_rebuilds_the_files_with_a_history_by_the_members(tmp_path):
    source = make_tracker(tmp_path / "src")
    main(["set", "HOJO-1", "status=resolved", "--root", str(source)])
    main(["comment", "HOJO-1", "--author", "yamada", "--body", "回答済みです。", "--root", str(source)])
    dest = tmp_path / "demo"
    count = replay(source, dest, date(2026, 11, 26))
    files = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file() and ".git" not in p.parts) == files
    assert all((dest / f).read_bytes() == (source / f).read_bytes() for f in files)
    history = load_history(dest, use_cache=False)
    timeline = history.timelines["HOJO-1"]
    assert timeline.created_by == "yamada"
    assert [(c.field, c.old, c.new, c.author) for c in timeline.changes] == [
        ("status", "open", "in_progress", "tanaka"),
        ("status", "in_progress", "resolved", "tanaka"),
    ]
    assert [c.author for c in timeline.comments] == ["yamada"]
    assert count == 1 + 3 + 1 + 1 + 1  # settings, HOJO-1 opened and moved twice, HOJO-12, a comment, minutes


def test_replay_of_a_checkout_copies_what_git_keeps(tmp_path):
    source = make_tracker(tmp_path / "src")
    (source / ".gitignore").write_text(".venv/\n/build/\n", encoding="utf-8")
    (source / ".venv/bin").mkdir(parents=True)
    (source / ".venv/bin/python").write_text("not the tracker's\n", encoding="utf-8")
    (source / "build").mkdir()
    (source / "build/old.txt").write_text("an earlier replay\n", encoding="utf-8")
    (source / "docs").mkdir()
    (source / "docs/index.md").write_text("# 課題管理\n", encoding="utf-8")
    git(source, "init", "-q", "-b", "main")
    dest = tmp_path / "demo"
    replay(source, dest, date(2026, 11, 26))
    kept = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file() and ".git" not in p.parts)
    assert ".gitignore" in kept and "docs/index.md" in kept and "tsuzuri.yml" in kept
    assert not any(p.startswith((".venv/", "build/")) for p in kept)


def test_work_planned_for_later_was_filed_before_today(tmp_path):
    source = make_tracker(tmp_path / "src")
    main(["set", "HOJO-12", "start=2027-01-10", "--root", str(source)])
    dest = tmp_path / "demo"
    replay(source, dest, date(2026, 11, 26))
    created = load_history(dest, use_cache=False).timelines["HOJO-12"].created
    assert created.date() < date(2026, 11, 26)


def test_a_wbs_baseline_ref_is_tagged_on_an_earlier_tighter_plan(tmp_path):
    import subprocess

    from tsuzuri.devtools.demo_history import earlier_plan
    from tsuzuri.store.at_ref import read_wbs_at

    source = make_tracker(tmp_path / "src")
    (source / "wbs").mkdir(exist_ok=True)
    plan = (
        'baseline: plan-baseline\nitems:\n  - {id: "1", title: 設計, start: 2026-11-02, duration: 10d}\n'
        '  - {id: "2", title: 実装, after: ["1"], duration: 1d}\n'
    )
    (source / "wbs/HOJO.yml").write_text(plan, encoding="utf-8")
    assert earlier_plan(plan.encode()).decode().count("duration: 8d") == 1  # a fifth shorter, at least a day
    dest = tmp_path / "demo"
    replay(source, dest, date(2026, 11, 26))
    assert (dest / "wbs/HOJO.yml").read_text(encoding="utf-8") == plan  # the last commit is the plan as it is
    old = read_wbs_at(dest, "plan-baseline", "wbs/HOJO.yml", "HOJO")
    assert [i.duration for i in old.items] == [8, 1]
    tagged = subprocess.run(["git", "log", "-1", "--format=%s", "plan-baseline"], cwd=dest, capture_output=True, text=True, check=True)
    assert tagged.stdout.strip() == "Start the tracker"
