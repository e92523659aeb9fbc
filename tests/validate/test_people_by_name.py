"""People and organizations by name wherever an id is expected: files, options, @mentions."""

from __future__ import annotations

import pytest

from tracker_fixture import make_tracker
from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load
from tsuzuri.validate import validate_loaded

SECOND_HAYASHI = "  - {id: hayashi.m, name: 林 美咲, org: 見本省, email: misaki@example.go.jp, aliases: [みさき]}\n"


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG", raising=False)
    root = make_tracker(tmp_path)
    config = root / "tsuzuri.yml"
    text = config.read_text(encoding="utf-8").replace("projects:\n", SECOND_HAYASHI + "projects:\n", 1)
    config.write_text(text.replace(
        "{id: vendor-a, name: A社, role: vendor}", "{id: vendor-a, name: 青葉システムズ株式会社, role: vendor, aliases: [A社]}"
    ), encoding="utf-8")
    return root


def _issue(root, **fields) -> None:
    lines = "".join(f"{k}: {v}\n" for k, v in fields.items())
    (root / "issues/HOJO/HOJO-5.md").write_text(f"---\ntitle: 名前で書いた課題\ntype: task\nstatus: open\n{lines}---\n", encoding="utf-8")


def _findings(root):
    return [f for f in validate_loaded(load(root)) if f.severity == "error"]


def test_names_mail_addresses_and_aliases_resolve_to_ids(root):
    _issue(root, assignee="林 次郎", reporter="yamada@example.go.jp", watchers="[佐藤, みさき, 田中一郎]")
    assert _findings(root) == []
    tracker = load(root).tracker
    issue = tracker.issues["HOJO-5"]
    assert (issue.assignee, issue.reporter, issue.watchers) == ("hayashi", "yamada", ("sato", "hayashi.m", "tanaka"))
    # the organization of a member written by its name, with or without 株式会社
    assert tracker.config.member("hayashi.m").org == "office"


def test_a_family_name_two_people_share_lists_them(root):
    _issue(root, assignee="林")
    [found] = _findings(root)
    assert (found.path, found.line, found.code) == ("issues/HOJO/HOJO-5.md", 5, "ambiguous-reference")
    assert found.text("ja").endswith("`林` に当てはまるメンバーが 2 人います: `hayashi` (林 次郎), `hayashi.m` (林 美咲)"
                                     "(どちらか分かるように id(またはフルネーム)で書いてください)")
    assert "`林` could be any of 2 members: `hayashi` (林 次郎), `hayashi.m` (林 美咲)" in found.text("en")


def test_an_unknown_name_suggests_the_nearest_member_by_name(root):
    _issue(root, assignee="山田太朗")
    [found] = _findings(root)
    assert found.text("ja").endswith("メンバー `山田太朗` は tsuzuri.yml に登録されていません(もしかして `yamada`(山田 太郎)?)")
    assert found.text("en").endswith("(did you mean `yamada` (山田 太郎)?)")


def test_an_organization_by_name_in_a_wbs(root):
    (root / "wbs").mkdir()
    (root / "wbs/HOJO.yml").write_text(
        "items:\n  - {id: \"1\", title: 要件定義, owner: 青葉システムズ, assignee: 田中, start: 2026-04-01, end: 2026-04-03}\n"
        "  - {id: \"2\", title: 設計, owner: (株)青葉システムズ, after: [\"1\"], duration: 2d}\n"
        "  - {id: \"3\", title: 試験, owner: 緑の会社, after: [\"2\"], duration: 2d}\n", encoding="utf-8")
    errors = _findings(root)
    assert [(f.line, f.code) for f in errors] == [(4, "broken-reference")]
    assert "`緑の会社`" in errors[0].text("en")
    items = load(root).tracker.wbs["HOJO"].items
    assert [(i.owner, i.assignee) for i in items] == [("vendor-a", "tanaka"), ("vendor-a", ""), ("緑の会社", "")]


def test_mentions_in_minutes_resolve_or_are_findings(root):
    minutes = root / "minutes/2026/2026-11-20-weekly.md"
    text = minutes.read_text(encoding="utf-8")
    text = text.replace(
        "- [x] @yamada 議事録を送る", "- [ ] @佐藤 議事録を送る\n- [ ] @林 日程を調整する\n- [ ] @鈴木 見積を出す 期限:2026/12/4"
    )
    minutes.write_text(text, encoding="utf-8")
    found = [(f.line, f.code) for f in _findings(root)]
    assert found == [(14, "ambiguous-reference"), (15, "broken-reference")]
    actions = load(root).tracker.minutes[0].actions
    assert [(a.assignee, a.text) for a in actions[2:]] == [("sato", "議事録を送る"), ("林", "日程を調整する"), ("鈴木", "見積を出す")]
    assert "`@鈴木`" in [f for f in _findings(root) if f.line == 15][0].text("en")


def test_authoring_verbs_take_names_and_write_ids(root, capsys):
    assert main(["set", "HOJO-1", "assignee=林 次郎", "watchers=佐藤,みさき", "--root", str(root)]) == 0
    text = (root / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8")
    assert "assignee: hayashi\n" in text and "watchers: [sato, hayashi.m]\n" in text
    capsys.readouterr()
    assert main(["new", "issue", "--project", "HOJO", "--title", "名前で登録", "--assignee", "tanaka@vendor-a.example",
                 "--author", "山田 太郎", "--root", str(root)]) == 0
    key = capsys.readouterr().out.strip()
    created = (root / f"issues/HOJO/{key}.md").read_text(encoding="utf-8")
    assert "assignee: tanaka\n" in created and "reporter: yamada\n" in created
    assert main(["set", "HOJO-1", "assignee=林", "--root", str(root)]) == 1
    assert "`hayashi` (林 次郎), `hayashi.m` (林 美咲)" in capsys.readouterr().err
    assert main(["list", "--assignee", "林 次郎", "--root", str(root)]) == 0
    assert capsys.readouterr().out.startswith("HOJO-1\t")
    assert main(["list", "--assignee", "林", "--root", str(root)]) == 2
    assert "hayashi, hayashi.m" in capsys.readouterr().err
