"""The tracker as one audience sees it: projects, visibility, people, history."""

from __future__ import annotations

from tracker_fixture import CONFIG, git, make_tracker
from tsuzuri.audiences import audience_named, audiences_of, history_for, tracker_for
from tsuzuri.store import load
from tsuzuri.store.history import load_history
from tsuzuri.validate import validate

TWO_VENDORS = CONFIG.replace(
    "  - {id: vendor-a, name: A社, role: vendor}\n",
    "  - {id: vendor-a, name: A社, role: vendor}\n  - {id: vendor-b, name: B社, role: vendor}\n"
    "  - {id: vendor-c, name: C社, role: vendor}\n",
).replace(
    "  - {id: hayashi, name: 林 次郎, org: vendor-a, email: hayashi@vendor-a.example}\n",
    "  - {id: hayashi, name: 林 次郎, org: vendor-a, email: hayashi@vendor-a.example}\n"
    "  - {id: kimura, name: 木村 三郎, org: vendor-b, email: kimura@vendor-b.example}\n"
    "  - {id: mori, name: 森 四郎, org: vendor-c, email: mori@vendor-c.example}\n",
).replace(
    "  - {key: HOJO, name: 補助金申請システム, organizations: [office, vendor-a]}\n",
    "  - {key: HOJO, name: 補助金申請システム, organizations: [office, vendor-a, vendor-c]}\n"
    "  - {key: MIRA, name: 情報発信ポータル, organizations: [office, vendor-b]}\n",
) + "audiences:\n  - {id: auditors, name: 監査, organizations: [vendor-c], projects: [HOJO]}\n"


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _tracker(tmp_path):
    root = make_tracker(tmp_path)
    _write(root, "tsuzuri.yml", TWO_VENDORS)
    _write(
        root, "issues/HOJO/HOJO-2.md",
        "---\ntitle: 予算の内部検討\ntype: task\nstatus: open\nvisibility: internal\n---\n財政担当との協議メモ\n"
    )
    _write(root, "issues/HOJO/HOJO-3.md", "---\ntitle: C社との契約条件\ntype: task\nstatus: open\nvisibility: [vendor-c]\nparent: HOJO-2\n"
           "file_visibility: {内訳.csv: internal}\n---\n条件の確認\n")
    _write(root, "issues/HOJO/HOJO-3/files/内訳.csv", "項目,金額\n")
    _write(root, "issues/HOJO/HOJO-3/files/概要.txt", "概要\n")
    _write(
        root, "issues/HOJO/HOJO-1/comments/20261121T093000-yamada.md",
        "---\nauthor: yamada\ndate: 2026-11-21T09:30:00+09:00\nvisibility: internal\n---\n内部のメモ\n"
    )
    _write(
        root, "issues/HOJO/HOJO-1/comments/20261121T100000-tanaka.md",
        "---\nauthor: tanaka\ndate: 2026-11-21T10:00:00+09:00\n---\n回答します\n"
    )
    _write(root, "issues/MIRA/MIRA-1.md", "---\ntitle: ポータルの件\ntype: task\nstatus: open\nassignee: kimura\n---\nB社の作業\n")
    _write(
        root, "minutes/2026/2026-11-21-naibu.md",
        "---\ntitle: 内部打合せ\ndate: 2026-11-21\nproject: HOJO\nvisibility: internal\n---\n- [ ] @yamada 予算を確認する HOJO-2\n"
    )
    _write(
        root, "minutes/2026/2026-11-22-zentai.md",
        "---\ntitle: 全体会議\ndate: 2026-11-22\nattendees: [yamada, kimura]\n---\n- [ ] @kimura 報告する\n"
    )
    _write(root, "wbs/HOJO.yml", "items:\n  - {id: \"1\", title: 設計, start: 2026-12-01, duration: 5d, assignee: tanaka}\n"
           "  - id: \"2\"\n    title: 予算要求\n    owner: office\n    visibility: internal\n    children:\n"
           "      - {id: \"2.1\", title: 資料作成, after: [\"1\"], duration: 3d, issues: [HOJO-2]}\n"
           "  - {id: \"3\", title: 開発, after: [\"2.1\"], duration: 10d}\n")
    return root


def test_every_organization_is_an_audience_and_the_office_sees_everything(tmp_path):
    config = load(_tracker(tmp_path)).tracker.config
    found = {a.id: a for a in audiences_of(config)}
    assert list(found) == ["office", "vendor-a", "vendor-b", "vendor-c", "auditors"]
    assert found["office"].internal and found["office"].projects == {"HOJO", "MIRA"}
    assert found["vendor-a"].projects == {"HOJO"} and not found["vendor-a"].internal
    assert found["vendor-b"].projects == {"MIRA"}
    assert found["auditors"].organizations == {"vendor-c"} and found["auditors"].projects == {"HOJO"}


def test_a_vendor_sees_its_projects_and_only_the_items_it_may(tmp_path):
    root = _tracker(tmp_path)
    assert [f.text() for f in validate(root)[1]] == []
    tracker = load(root).tracker
    a = tracker_for(tracker, audience_named(tracker.config, "vendor-a"))
    assert sorted(a.issues) == ["HOJO-1", "HOJO-12"]
    assert [c.author for c in a.issues["HOJO-1"].comments] == ["tanaka"]  # the internal comment is gone
    assert [m.title for m in a.minutes] == ["第1回 定例会議"]  # not the internal minutes, not the meeting it was not at
    assert [p.key for p in a.config.projects] == ["HOJO"]
    assert {o.id for o in a.config.organizations} == {"office", "vendor-a", "vendor-c"}
    assert "kimura" not in {m.id for m in a.config.members}  # vendor-b's people are not on vendor-a's site
    c = tracker_for(tracker, audience_named(tracker.config, "vendor-c"))
    assert sorted(c.issues) == ["HOJO-1", "HOJO-12", "HOJO-3"]
    assert [x.name for x in c.issues["HOJO-3"].attachments] == ["概要.txt"]  # the internal attachment is not
    assert c.issues["HOJO-3"].parent == "HOJO-2" and "HOJO-2" not in c.issues  # a bare key remains
    b = tracker_for(tracker, audience_named(tracker.config, "vendor-b"))
    assert sorted(b.issues) == ["MIRA-1"] and [m.title for m in b.minutes] == ["全体会議"] and b.wbs == {}
    office = tracker_for(tracker, audience_named(tracker.config, "office"))
    assert sorted(office.issues) == sorted(tracker.issues) and len(office.minutes) == len(tracker.minutes)
    assert len(office.issues["HOJO-3"].attachments) == 2


def test_a_hidden_wbs_item_keeps_its_place_in_the_plan_but_says_nothing(tmp_path):
    tracker = load(_tracker(tmp_path)).tracker
    plan = tracker_for(tracker, audience_named(tracker.config, "vendor-a")).wbs["HOJO"]
    hidden, child = plan.items[1], plan.items[1].children[0]
    assert (hidden.id, hidden.title, hidden.owner) == ("2", "", "")
    assert (child.id, child.title, child.issues, child.duration) == ("2.1", "", (), 3)
    assert plan.items[2].after[0].id == "2.1" and plan.items[0].title == "設計"
    office = tracker_for(tracker, audience_named(tracker.config, "office")).wbs["HOJO"]
    assert office.items[1].children[0].title == "資料作成"


def test_the_history_holds_only_what_the_audience_sees(tmp_path):
    root = _tracker(tmp_path)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    history = load_history(root, use_cache=False)
    tracker = load(root, history=history).tracker
    audience = audience_named(tracker.config, "vendor-a")
    view = tracker_for(tracker, audience)
    seen = history_for(history, view, audience)
    assert set(seen.timelines) == {"HOJO-1", "HOJO-12"}
    assert [c.path.rsplit("-", 1)[1] for c in seen.timelines["HOJO-1"].comments] == ["tanaka.md"]
    assert {d.path for d in seen.documents} == {"minutes/2026/2026-11-20-weekly.md", "wbs/HOJO.yml"}
    assert not any("HOJO-2" in p or "naibu" in p or "MIRA" in p for p in seen.files)
    office = audience_named(tracker.config, "office")
    assert "tsuzuri.yml" in {d.path for d in history_for(history, tracker_for(tracker, office), office).documents}


def test_visibility_names_organizations_or_internal_and_is_checked(tmp_path):
    root = _tracker(tmp_path)
    _write(root, "issues/HOJO/HOJO-4.md", "---\ntitle: x\ntype: task\nstatus: open\nvisibility: [vendr-a, internl]\n---\n")
    findings = [(f.path, f.line, f.code, f.hint) for f in validate(root)[1]]
    assert ("issues/HOJO/HOJO-4.md", 5, "broken-reference", "did you mean `vendor-a`?") in findings
    assert ("issues/HOJO/HOJO-4.md", 5, "broken-reference", "did you mean `internal`?") in findings
