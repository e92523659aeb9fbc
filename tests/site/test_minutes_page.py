"""A meeting's page: action items as one task list with the linked issue's current state; attendees separated."""

import re
import shutil
from dataclasses import replace
from datetime import date

from tsuzuri.site import build_pages
from tsuzuri.store import load

from .conftest import FIXTURES

TODAY = date(2026, 11, 25)
MINUTES = "minutes/2026/2026-11-20-weekly.md"


def minutes_page(root, lang="ja"):
    t = load(root).tracker
    if lang != "ja":
        t = type(t)(replace(t.config, language=lang), t.issues, t.minutes, t.wbs)
    return {p.path: p for p in build_pages(t, TODAY)}[MINUTES].html


def write_minutes(root, body):
    head = "---\ntitle: 第12回 定例会議\ndate: 2026-11-20\nproject: HOJO\nattendees: [yamada, tanaka, suzuki]\n---\n"
    (root / MINUTES).write_text(head + body, encoding="utf-8")


def tasks(html):
    """Return the task list items of a page, each as its text without tags."""
    return [re.sub(r"<[^>]+>", "", li).split() for li in re.findall(r'<li class="tsuzuri-task[^"]*">(.*?)</li>', html, re.S)]


def test_action_items_are_one_task_list_where_they_were_written(tmp_path):
    html = minutes_page(FIXTURES / "small")
    assert "[ ]" not in html and "tsuzuri-actions" not in html  # no raw mark, no second table
    assert html.count('class="tsuzuri-tasks"') == 1
    [item] = tasks(html)
    assert item[:2] == ["☐", "入力チェック仕様を設計書に反映する"]
    assert "田中" in item and "2026-11-27" in item and "HOJO-2" in item and "未対応" in item
    # Where the minutes put them: after the heading that introduces them.
    assert html.index("アクションアイテム</h2>") < html.index('class="tsuzuri-tasks"')
    assert 'role="img" aria-label="未完了"' in html


def test_the_linked_issue_s_current_assignee_and_status_are_shown(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    # HOJO-2 went from tanaka (as the minutes say) to suzuki, and HOJO-3 is closed.
    issue = root / "issues/HOJO/HOJO-2.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace("assignee: tanaka", "assignee: suzuki"), encoding="utf-8")
    write_minutes(root, "## アクションアイテム\n\n- [ ] @tanaka 仕様を反映する 期限:2026-11-27 HOJO-2\n\n"
                        "- [ ] @suzuki 検査する HOJO-3\n- [x] @山田さん 日程を調整する\n")
    html = minutes_page(root)
    first, second, third = tasks(html)
    assert "鈴木" in "".join(first) and "(議事録では" in " ".join(first) and "田中" in "".join(first)
    assert second[0] == "☑" and "完了" in second  # the issue is closed, though the minutes say [ ]
    assert third[0] == "☑" and "山田" in "".join(third)  # a name with an honorific finds the member
    assert html.count('class="tsuzuri-tasks"') == 1  # a blank line between items keeps one list
    # The index counts what is left as the page shows it: HOJO-3 is closed, the third is marked done.
    index = {p.path: p.html for p in build_pages(load(root).tracker, TODAY)}["minutes.md"]
    assert "<th>アクションアイテム</th>" in index and "<td>残り 1 / 3</td>" in index


def test_separate_runs_stay_in_their_sections_and_code_is_left_alone(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    write_minutes(root, "## 宿題\n- [ ] @yamada 一つ目 HOJO-1\n\n本文です。\n\n## 次回まで\n- [ ] @tanaka 二つ目\n\n"
                        "```\n- [ ] @tanaka 例として書いた行\n```\n")
    html = minutes_page(root)
    assert html.count('class="tsuzuri-tasks"') == 2
    assert html.index("一つ目") < html.index("本文です") < html.index("二つ目")
    assert "- [ ] @tanaka 例として書いた行" in html  # inside a code block: shown as written


def test_hostile_action_text_is_inert(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    write_minutes(root, '- [ ] @yamada <script>alert(1)</script> <img src=x onerror=alert(2)> tsuzuriactions0 HOJO-1\n')
    html = minutes_page(root)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "tsuzuriactions0" in html


def test_attendees_are_separated_in_the_tracker_s_language():
    ja = minutes_page(FIXTURES / "small")
    assert re.search(r"山田 太郎</a><span class=\"tsuzuri-sep\">、</span></li><li><a [^>]*>田中 一郎", ja)
    en = minutes_page(FIXTURES / "small", "en")
    assert '<span class="tsuzuri-sep">, </span>' in en and 'aria-label="Not done"' in en
