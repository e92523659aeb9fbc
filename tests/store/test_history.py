"""History from real Git repositories: file dates, timelines, response times, cache, feed."""

import subprocess
import xml.etree.ElementTree as ET

from tracker_fixture import git, make_repo
from tsuzuri.changes.feed import atom
from tsuzuri.changes.response_times import response_times
from tsuzuri.store import gitrepo, load
from tsuzuri.store.edit import edit_front_matter
from tsuzuri.store.history import load_history


def commit_edit(root, rel, changes, author, when):
    path = root / rel
    path.write_text(edit_front_matter(path.read_text(encoding="utf-8"), changes), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Edit {rel}", "--date", when, author=author)


def add_comment(root, key, author, stamp, text, committer=None):
    rel = root / f"issues/HOJO/{key}/comments/{stamp}-{author}.md"
    rel.parent.mkdir(parents=True, exist_ok=True)
    iso = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:00+09:00"
    rel.write_text(f"---\nauthor: {author}\ndate: {iso}\n---\n{text}\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Comment on {key}", "--date", iso, author=committer or author)


def make_history(tmp_path):
    root = make_repo(tmp_path)
    # HOJO-1 was raised by the vendor: its reporter, who also made the first commit (created_by).
    issue = root / "issues/HOJO/HOJO-1.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("reporter: yamada", "reporter: tanaka"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--amend", "--no-edit", "--reset-author", "--date", "2026-11-20T09:00:00+09:00", author="tanaka")
    add_comment(root, "HOJO-1", "yamada", "20261121T100000", "全角は半角に変換してください。", committer="sato")
    commit_edit(root, "issues/HOJO/HOJO-1.md", {"status": "処理中", "assignee": "hayashi"}, "hayashi", "2026-11-22T09:00:00+09:00")
    commit_edit(root, "issues/HOJO/HOJO-1.md", {"status": "closed"}, "yamada", "2026-11-24T09:00:00+09:00")
    return root


def test_timeline_lists_each_field_change_with_its_member(tmp_path):
    root = make_history(tmp_path)
    history = load_history(root, use_cache=False)
    timeline = history.timelines["HOJO-1"]
    assert timeline.created_by == "tanaka"
    assert [(c.field, c.old, c.new, c.author) for c in timeline.changes] == [
        ("status", "open", "処理中", "hayashi"),
        ("assignee", "tanaka", "hayashi", "hayashi"),
        ("status", "処理中", "closed", "yamada"),
    ]
    assert [(c.author, c.when.isoformat()) for c in timeline.comments] == [("yamada", "2026-11-21T10:00:00+09:00")]


def test_file_history_feeds_the_reader(tmp_path):
    root = make_history(tmp_path)
    history = load_history(root, use_cache=False)
    issue = load(root, history=history).tracker.issues["HOJO-1"]
    assert issue.created.isoformat() == "2026-11-20T09:00:00+09:00"
    assert issue.created_by == "tanaka"
    assert issue.updated.isoformat() == "2026-11-24T09:00:00+09:00"


def test_response_times_per_vendor(tmp_path):
    root = make_history(tmp_path)
    history = load_history(root, use_cache=False)
    tracker = load(root, history=history.files).tracker
    times = response_times(tracker, history)
    assert list(times) == ["vendor-a"]
    [inquiry] = times["vendor-a"].inquiries
    assert (inquiry.key, inquiry.answer_hours, inquiry.resolution_hours) == ("HOJO-1", 25.0, 96.0)


def test_the_asker_is_the_reporter_even_when_someone_else_committed(tmp_path):
    root = make_history(tmp_path)
    issue = root / "issues/HOJO/HOJO-1.md"
    # Unverified mail is committed by the tracker itself; the reporter says who asked.
    issue.write_text(issue.read_text(encoding="utf-8").replace("reporter: tanaka", "reporter: yamada"), encoding="utf-8")
    git(root, "commit", "-qam", "The office raised it after all", author="yamada")
    history = load_history(root, use_cache=False)
    assert response_times(load(root, history=history.files).tracker, history) == {}  # an office question is no vendor's inquiry


def test_second_run_is_served_from_the_cache_until_head_moves(tmp_path, monkeypatch):
    root = make_history(tmp_path)
    first = load_history(root)
    assert (root / ".tsuzuri-cache/history.json").is_file()
    assert git(root, "status", "--porcelain").stdout == ""  # the cache ignores itself

    def no_log(*args, **kwargs):
        raise AssertionError("the history was read from Git again")

    with monkeypatch.context() as patched:
        patched.setattr(gitrepo, "log", no_log)
        again = load_history(root)
    assert again == first
    commit_edit(root, "issues/HOJO/HOJO-12.md", {"status": "resolved"}, "hayashi", "2026-11-25T09:00:00+09:00")
    moved = load_history(root)
    assert moved.head != first.head
    assert [c.new for c in moved.timelines["HOJO-12"].changes] == ["resolved"]


def test_a_process_that_rebuilds_keeps_the_history_it_read_until_head_or_the_settings_move(tmp_path, monkeypatch):
    from tsuzuri.store import documents, history

    root = make_history(tmp_path)
    monkeypatch.setattr(documents, "_PARSED", {})  # as `mkdocs serve` keeps parsed files
    monkeypatch.setattr(history, "_LAST", {})
    first = load_history(root)

    def no_read(*args, **kwargs):
        raise AssertionError("the history was read again")

    with monkeypatch.context() as patched:
        patched.setattr(history, "read_cache", no_read)
        patched.setattr(gitrepo, "log", no_read)
        assert load_history(root) is first
    commit_edit(root, "issues/HOJO/HOJO-12.md", {"status": "resolved"}, "hayashi", "2026-11-25T09:00:00+09:00")
    moved = load_history(root)
    assert moved.head != first.head
    assert [c.new for c in moved.timelines["HOJO-12"].changes] == ["resolved"]
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the settings an author is matched by
    assert load_history(root) is not moved


def test_not_a_checkout_gives_an_empty_history(tmp_path):
    assert not load_history(tmp_path)


def test_atom_feed_lists_recent_changes_newest_first(tmp_path):
    root = make_history(tmp_path)
    history = load_history(root, use_cache=False)
    config = load(root).tracker.config
    feed = ET.fromstring(atom(history, config, "https://tracker.example/", lang="en"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles[0] == "HOJO-1: status 処理中 → 完了"
    # members appear by their names from tsuzuri.yml, not their ids (tanaka, hayashi, yamada)
    assert "HOJO-1: status 未対応 → 処理中, assignee 田中 一郎 → 林 次郎" in titles
    assert "HOJO-1: comment by 山田 太郎" in titles
    assert "HOJO-1 created" in titles


def test_atom_feed_titles_follow_the_tracker_s_language(tmp_path):
    root = make_history(tmp_path)
    history = load_history(root, use_cache=False)
    config = load(root).tracker.config  # language: ja
    feed = ET.fromstring(atom(history, config, "https://tracker.example/"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles[0] == "HOJO-1: 状態 処理中 → 完了"
    assert "HOJO-1: 状態 未対応 → 処理中、担当者 田中 一郎 → 林 次郎" in titles
    assert "HOJO-1: 山田 太郎 さんのコメント" in titles
    assert "HOJO-1 が登録されました" in titles
    authors = {e.findtext("a:author/a:name", namespaces=ns) for e in feed.findall("a:entry", ns)}
    assert authors >= {"山田 太郎", "林 次郎"}


def test_atom_feed_has_a_self_link_and_every_entry_a_link_and_content(tmp_path):
    root = make_history(tmp_path)
    (root / "minutes/2026").mkdir(parents=True, exist_ok=True)
    (root / "minutes/2026/2026-11-27-weekly.md").write_text("---\ntitle: 定例\ndate: 2026-11-27\n---\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=y", "-c", "user.email=yamada@example.go.jp", "commit", "-qm", "minutes"], cwd=root, check=True)
    feed = ET.fromstring(atom(load_history(root, use_cache=False), load(root).tracker.config, "https://tracker.example/site/"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [link.get("href") for link in feed.findall("a:link[@rel='self']", ns)] == ["https://tracker.example/site/tracker/activity.xml"]
    entries = feed.findall("a:entry", ns)
    assert entries and all(e.find("a:link", ns) is not None and e.findtext("a:content", namespaces=ns) for e in entries)
    minutes = [e for e in entries if "minutes/2026/2026-11-27-weekly.md" in e.findtext("a:title", namespaces=ns)]
    assert minutes[0].find("a:link", ns).get("href") == "https://tracker.example/site/tracker/minutes/2026/2026-11-27-weekly/"


def test_a_tracker_in_a_subfolder_of_its_repository_has_its_history(tmp_path):
    from tracker_fixture import make_tracker

    make_tracker(tmp_path / "office" / "tracker")
    (tmp_path / "README.md").write_text("repo\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Start", author="sato")
    history = load_history(tmp_path / "office" / "tracker", use_cache=False)
    assert history.files["issues/HOJO/HOJO-1.md"].created_by == "sato"
    assert "README.md" not in history.files and set(history.timelines) == {"HOJO-1", "HOJO-12"}


def test_feed_command_writes_atom_and_refuses_without_git(tmp_path, capsys):
    from tracker_fixture import make_tracker
    from tsuzuri.adapters.cli.main import main

    root = make_history(tmp_path / "repo")
    assert main(["feed", "--root", str(root), "--limit", "2"]) == 0
    feed = ET.fromstring(capsys.readouterr().out)
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2
    assert main(["feed", "--root", str(make_tracker(tmp_path / "plain"))]) == 1
