"""`tsuzuri diff`, `show`, `notify`, the feed and the activity page report the same field changes.

A series of real commits by different members; for each commit, every consumer of the one
change engine is asked what it changed.
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker_fixture import git, make_repo
from tsuzuri.adapters.cli.main import main
from tsuzuri.changes import engine
from tsuzuri.changes.diff import render, tracker_diff
from tsuzuri.changes.feed import entries
from tsuzuri.changes.wording import describe
from tsuzuri.mail.changes import changes as mail_changes
from tsuzuri.mail.compose import issue_body
from tsuzuri.site.activity import issue_events
from tsuzuri.site.context import SiteContext
from tsuzuri.store import load
from tsuzuri.store.edit import edit_front_matter
from tsuzuri.store.history import load_history

ISSUE = "issues/HOJO/HOJO-1.md"


def _commit(root, author, when, message, edit=None, body=None):
    path = root / ISSUE
    text = path.read_text(encoding="utf-8")
    if edit:
        text = edit_front_matter(text, edit)
    if body:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    path.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, "--date", when, author=author)
    return git(root, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    root = make_repo(tmp_path_factory.mktemp("engine"))
    commits = [
        _commit(root, "hayashi", "2026-11-22T09:00:00+09:00", "Start work", {"status": "処理中", "assignee": "hayashi"}),
        _commit(
            root, "yamada", "2026-11-23T09:00:00+09:00", "Plan it", {"due": "2026-12-10", "watchers": ["sato", "tanaka"]},
            body="追記: 12月10日までに回答します。"
        ),
        # `処理中` rewritten as its id is no change; the priority is.
        _commit(root, "sato", "2026-11-24T09:00:00+09:00", "Tidy", {"status": "in_progress", "priority": "normal"}),
    ]
    comment = root / "issues/HOJO/HOJO-1/comments/20261125T100000-tanaka.md"
    comment.parent.mkdir(parents=True)
    comment.write_text("---\nauthor: tanaka\ndate: 2026-11-25T10:00:00+09:00\n---\n確認しました。\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Answer", "--date", "2026-11-25T10:00:00+09:00", author="tanaka")
    commits.append(git(root, "rev-parse", "HEAD").stdout.strip())
    return root, commits


EXPECTED = [
    {("status", "open", "処理中"), ("assignee", "tanaka", "hayashi")},
    {("due", "2026-11-30", "2026-12-10"), ("watchers", "[sato]", "[sato, tanaka]")},
    {("priority", "high", "normal")},
    set(),
]


def test_every_consumer_reports_each_commits_field_changes_alike(series, capsys):
    root, commits = series
    history = load_history(root, use_cache=False)
    loaded = load(root, history=history)
    config = loaded.tracker.config
    timeline = history.timelines["HOJO-1"]
    issue = loaded.tracker.issues["HOJO-1"]
    ctx = SiteContext(loaded.tracker, date(2026, 11, 26), history)
    events = issue_events(ctx, issue)
    feed = {e.id: e for e in entries(history, config, limit=100)}
    capsys.readouterr()
    assert main(["show", "HOJO-1", "--root", str(root)]) == 0
    shown = capsys.readouterr().out
    for sha, expected in zip(commits, EXPECTED, strict=True):
        diff = tracker_diff(root, f"{sha}^", sha)
        [diffed] = diff.issues
        diffed_text = render(diff, config, lang=config.language)
        assert set(diffed.fields) == expected
        _, mailed = mail_changes(root, f"{sha}^", sha)
        assert {(f, o, n) for change in mailed for f, o, n in change.fields if f != "body"} == expected
        assert {(c.field, c.old, c.new) for c in timeline.changes if c.commit == sha} == expected
        mail_text = "".join(issue_body(config, change) for change in mailed)
        # What people read: the show command, the feed entry, the diff, the mail and the activity page's event of that commit.
        for name, old, new in expected:
            words = describe(config, "HOJO", name, old, new, config.language)
            assert words.phrase in shown and words.phrase in feed[f"HOJO-1:{sha}"].title and words.phrase in diffed_text
            assert f"\n{words.line}\n" in mail_text
        when = git(root, "show", "-s", "--format=%aI", sha).stdout.strip()
        changed = [e for e in events if e.kind == "changed" and e.when.isoformat() == when]
        assert {c.field for e in changed for c in e.changes} == {name for name, _, _ in expected}
    # The body edit and the comment are told too, by the commits that made them.
    assert tracker_diff(root, f"{commits[1]}^", commits[1]).issues[0].body_changed
    assert ("body", "", "") in mail_changes(root, f"{commits[1]}^", commits[1])[1][0].fields
    [answered] = tracker_diff(root, f"{commits[3]}^", commits[3]).issues
    assert (answered.status, answered.comments) == ("", 1)
    [mail] = mail_changes(root, f"{commits[3]}^", commits[3])[1]
    assert (mail.actor, [c.author for c in mail.comments]) == ("tanaka", ["tanaka"])


def test_a_range_is_summed_up_per_field_and_per_person(series):
    root, commits = series
    start = f"{commits[0]}^"
    [whole] = tracker_diff(root, start, commits[-1]).issues
    # Each field once, from its first value to its last: status moved once, whatever its spelling.
    assert set(whole.fields) == set().union(*EXPECTED)
    assert (whole.body_changed, whole.comments) == (True, 1)
    found = engine.between(root, start, commits[-1])
    people = {s.author: {c.field for c in s.fields} for s in engine.by_author(found.history)}
    assert people == {"hayashi": {"status", "assignee"}, "yamada": {"due", "watchers"}, "sato": {"priority"}, "tanaka": set()}
    _, mailed = mail_changes(root, start, commits[-1])
    assert [(c.actor, sorted(f for f, _, _ in c.fields)) for c in mailed] == [
        ("hayashi", ["assignee", "status"]), ("yamada", ["body", "due", "watchers"]), ("sato", ["priority"]), ("tanaka", []),
    ]


def test_an_issue_added_and_deleted_within_a_range_is_no_change(tmp_path):
    root = make_repo(tmp_path)
    base = git(root, "rev-parse", "HEAD").stdout.strip()
    extra = root / "issues/HOJO/HOJO-2.md"
    extra.write_text((root / ISSUE).read_text(encoding="utf-8").replace("HOJO-1", "HOJO-2"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add")
    added = git(root, "rev-parse", "HEAD").stdout.strip()
    git(root, "rm", "-q", "issues/HOJO/HOJO-2.md")
    git(root, "commit", "-q", "-m", "Remove")
    assert [i.status for i in tracker_diff(root, base, added).issues] == ["A"]
    assert [i.status for i in tracker_diff(root, added, "HEAD").issues] == ["D"]
    assert tracker_diff(root, base, "HEAD").issues == []
