import difflib

import pytest

from tracker_fixture import ISSUE_1
from tsuzuri.formats.textfile import TextProblem
from tsuzuri.store.edit import edit_front_matter


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(
        before.split("\n"), after.split("\n"), lineterm="", n=0
    ) if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_setting_a_field_changes_only_its_line_and_keeps_its_comment():
    after = edit_front_matter(ISSUE_1, {"status": "in_progress"})
    assert changed_lines(ISSUE_1, after) == ["-status: open          # 未対応", "+status: in_progress          # 未対応"]
    assert "# 申請フォームの件 (a comment a person wrote)" in after


def test_block_list_is_replaced_by_a_flow_list():
    after = edit_front_matter(ISSUE_1, {"watchers": ["sato", "hayashi"]})
    assert changed_lines(ISSUE_1, after) == ["-watchers:", "-  - sato", "+watchers: [sato, hayashi]"]


def test_new_field_goes_after_its_predecessor_in_the_usual_order():
    after = edit_front_matter(ISSUE_1, {"milestone": "v1.0"})
    lines = after.split("\n")
    assert lines[lines.index("reporter: yamada") + 1] == "milestone: v1.0"
    assert changed_lines(ISSUE_1, after) == ["+milestone: v1.0"]


def test_removing_a_field_deletes_only_its_lines():
    after = edit_front_matter(ISSUE_1, {"due": None, "watchers": None})
    assert changed_lines(ISSUE_1, after) == ["-due: 2026-11-30", "-watchers:", "-  - sato"]
    assert after.endswith("全角数字の扱いを確認してください。\n")


def test_values_that_need_quotes_are_quoted():
    after = edit_front_matter(ISSUE_1, {"title": "No: really"})
    assert 'title: "No: really"' in after


def test_a_file_without_front_matter_is_refused():
    with pytest.raises(TextProblem):
        edit_front_matter("just text\n", {"status": "open"})
