from datetime import date

from tracker_fixture import make_tracker
from tsuzuri.cli.main import main
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
