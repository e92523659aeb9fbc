"""A field change in words: what was added, removed or set, by the names people know."""

from __future__ import annotations

from tracker_fixture import git, make_repo
from tsuzuri.changes.wording import describe
from tsuzuri.store import load
from tsuzuri.store.edit import edit_front_matter
from tsuzuri.store.history import load_history


def _edit(root, key, changes, author="yamada"):
    path = root / f"issues/HOJO/{key}.md"
    path.write_text(edit_front_matter(path.read_text(encoding="utf-8"), changes), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Edit {key}", author=author)


def test_changes_recorded_by_git_read_as_words(tmp_path):
    root = make_repo(tmp_path)
    _edit(root, "HOJO-1", {"links": {"relates": ["HOJO-12"]}, "watchers": ["sato", "tanaka", "hayashi"], "milestone": "v1.0"})
    _edit(root, "HOJO-1", {"links": {"relates": ["HOJO-12"], "blocks": ["HOJO-2"]}, "watchers": ["tanaka"], "status": "処理中"})
    config = load(root).tracker.config
    history = load_history(root, config, use_cache=False)
    changes = history.timelines["HOJO-1"].changes
    words = {(c.commit, c.field): describe(config, "HOJO", c.field, c.old, c.new, "ja").line for c in changes}
    first, second = dict.fromkeys(c.commit for c in changes)
    assert words[(first, "links")] == "関連: HOJO-12 を追加"
    assert words[(first, "watchers")] == "ウォッチ: 田中 一郎、林 次郎 を追加"
    assert words[(first, "milestone")] == "マイルストーン: v1.0 に設定"
    assert words[(second, "links")] == "関連: HOJO-2 を追加（この課題が妨げる課題）"
    assert words[(second, "watchers")] == "ウォッチ: 佐藤 花子、林 次郎 を削除"
    assert words[(second, "status")] == "状態: 未対応 → 処理中"
    # no value is printed as YAML
    assert not [w for w in words.values() if "{" in w or "[" in w or "—" in w]


def test_values_given_as_text_or_as_values_read_the_same(tmp_path):
    config = load(make_repo(tmp_path)).tracker.config
    as_text = describe(config, "HOJO", "links", "", "{relates: [SHINSEI-1]}", "ja")
    as_values = describe(config, "HOJO", "links", None, {"relates": ["SHINSEI-1"]}, "ja")
    assert as_text == as_values and as_text.line == "関連: SHINSEI-1 を追加"
    assert describe(config, "HOJO", "links", "{relates: [SHINSEI-1]}", "", "en").line == "Links: removed SHINSEI-1"
    assert describe(config, "HOJO", "assignee", "tanaka", "", "ja").text == "田中 一郎 を削除"
    assert describe(config, "HOJO", "assignee", "", "hayashi", "en").text == "set to 林 次郎"
    assert describe(config, "HOJO", "categories", "[]", "[form]", "ja").text == "申請フォーム を追加"
    assert describe(config, "HOJO", "watchers", "[sato, tanaka]", "[tanaka, sato]", "ja").text == "順序を変更"
    assert describe(config, "HOJO", "due", "2026-11-30", "2026-12-04", "ja").text == "2026-11-30 → 2026-12-04"
    # text that only looks like YAML stays as written
    assert describe(config, "HOJO", "title", "[草案", "[確定] 仕様", "ja").text == "[草案 → [確定] 仕様"


def test_a_value_reads_on_one_line_whatever_it_holds(tmp_path):
    config = load(make_repo(tmp_path)).tracker.config
    hostile = "申請\n- HOJO-9: status 完了\u202eevil\x1b[2J"
    for lang in ("ja", "en"):
        words = describe(config, "HOJO", "title", "申請", hostile, lang)
        assert "\n" not in words.phrase and "\u202e" not in words.phrase and "\x1b" not in words.phrase
        assert words.text.endswith("申請 - HOJO-9: status 完了 evil [2J")
    assert describe(config, "HOJO", "watchers", "[sato]", ["sato", "x\ny"], "en").text == "added x y"
