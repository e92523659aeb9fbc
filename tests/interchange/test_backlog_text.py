"""Backlog notation to Markdown, and additions to tsuzuri.yml that keep what a person wrote."""

from tsuzuri.interchange.backlog.notation import to_markdown
from tsuzuri.interchange.config_text import add_entries


def test_backlog_notation_becomes_markdown():
    text = ("* 概要\r\n** 背景\r\n''重要'' と '''補足''' と %%削除%%\r\n- 項目\r\n-- 下位\r\n+ 手順\r\n++ 細目\r\n"
            "[[仕様書>https://example.jp/spec]] と [[ホーム]]\r\n{code:python}\r\n* not a heading\r\n{/code}\r\n"
            "|項目|値|h\r\n|件数|30|\r\n{quote}\r\n引用です\r\n{/quote}\r\n#image(画面.png)&br;次の行")
    assert to_markdown(text) == (
        "# 概要\n## 背景\n**重要** と *補足* と ~~削除~~\n- 項目\n  - 下位\n1. 手順\n   1. 細目\n"
        "[仕様書](https://example.jp/spec) と ホーム\n```python\n* not a heading\n```\n\n"
        "| 項目 | 値 |\n|---|---|\n| 件数 | 30 |\n\n> 引用です\n(添付: 画面.png)<br>次の行")


def test_the_sample_change_log_text_is_a_heading_in_backlog_notation():
    assert to_markdown("*銀行振込：30件") == "# 銀行振込：30件"
    assert to_markdown(None) == ""


CONFIG = """\
# settings
members:
  - {id: a, name: A, org: o}   # first

  # vendors below
  - id: b
    name: B
    org: o
types: [{id: task, label: タスク}]  # short list
"""


def test_entries_go_after_a_given_entry_or_at_the_end_and_comments_stay():
    text = add_entries(CONFIG, "members", [({"id": "c", "name": "C", "org": "o"}, 0), ({"id": "d", "name": "D", "org": "o"}, None)])
    assert text == CONFIG.replace(
        "  - {id: a, name: A, org: o}   # first\n", "  - {id: a, name: A, org: o}   # first\n  - {id: c, name: C, org: o}\n"
    ).replace("    org: o\ntypes", "    org: o\n  - {id: d, name: D, org: o}\ntypes")


def test_a_flow_list_grows_in_place_and_a_missing_section_is_added():
    text = add_entries(CONFIG, "types", [({"id": "bug", "label": "バグ"}, None)])
    assert "types: [{id: task, label: タスク}, {id: bug, label: バグ}]  # short list\n" in text
    text = add_entries(text, "categories", [({"id": "form", "project": "MIRA", "label": "申請フォーム"}, None)])
    assert text.endswith("  # short list\ncategories:\n  - {id: form, project: MIRA, label: 申請フォーム}\n")
