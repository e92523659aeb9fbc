"""The inquiry register: who owes the answer and by when, overdue first, and counts that agree with the lists."""

from __future__ import annotations

import re
from datetime import date

from tracker_fixture import git, make_repo
from tsuzuri.site import build_pages
from tsuzuri.site.builder import dashboard_data
from tsuzuri.site.context import SiteContext
from tsuzuri.store import load
from tsuzuri.store.history import load_history

TODAY = date(2026, 11, 26)

INQUIRIES = {
    # key: (reporter, assignee, due, status)
    "HOJO-2": ("hayashi", "yamada", "2026-11-20", "open"),  # overdue, unanswered
    "HOJO-3": ("tanaka", "sato", "2026-12-10", "in_progress"),  # unanswered, due later
    "HOJO-4": ("tanaka", "yamada", "", "open"),  # unanswered, no due date
    "HOJO-5": ("hayashi", "sato", "2026-11-10", "closed"),  # closed without any answer
    "HOJO-6": ("tanaka", "sato", "2026-11-25", "open"),  # answered by sato (office)
}


def register_tracker(root):
    make_repo(root)
    for key, (reporter, assignee, due, status) in INQUIRIES.items():
        lines = [f"title: {key} の問い合わせ", "type: inquiry", f"status: {status}", f"reporter: {reporter}", f"assignee: {assignee}"]
        if due:
            lines.append(f"due: {due}")
        (root / f"issues/HOJO/{key}.md").write_text("---\n" + "\n".join(lines) + "\n---\n質問です。\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Inquiries", "--date", "2026-11-16T09:00:00+09:00", author="tanaka")
    answer = root / "issues/HOJO/HOJO-6/comments/20261117T100000-sato.md"
    answer.parent.mkdir(parents=True)
    answer.write_text("---\nauthor: sato\ndate: 2026-11-17T10:00:00+09:00\n---\n回答します。\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Answer HOJO-6", "--date", "2026-11-17T10:00:00+09:00", author="sato")
    return root


def pages_of(root):
    history = load_history(root, use_cache=False)
    tracker = load(root, history=history.files).tracker
    return tracker, history, {p.path: p.html for p in build_pages(tracker, TODAY, history=history)}


def table(html: str, cls: str) -> list[dict[str, str]]:
    """Return the rows of the table with class ``cls`` as {heading: cell text}."""
    found = re.search(rf'<table class="[^"]*\b{cls}\b[^"]*">(.*?)</table>', html, re.DOTALL)
    if not found:
        return []
    heads = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th>(.*?)</th>", found.group(1))]
    rows = re.findall(r"<tr[^>]*data-key[^>]*>(.*?)</tr>", found.group(1), re.DOTALL)
    return [dict(zip(
        heads, (re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.DOTALL)),
        strict=True
    )) for r in rows]


def summary(html: str) -> dict[str, dict[str, int]]:
    rows = re.findall(r'<tr data-org="([\w-]*)">(.*?)</tr>', html, re.DOTALL)
    return {
        org: {k: int(v) for k, v in re.findall(r'data-col="(count|answered|unanswered|closed_unanswered|resolved)">(\d+)<', row)}
        for org, row in rows
    }


def test_register_lists_who_owes_the_answer_by_when_overdue_first(tmp_path):
    _, _, pages = pages_of(register_tracker(tmp_path / "t"))
    html = pages["inquiries.md"]
    waiting = table(html, "tsuzuri-unanswered")
    # HOJO-1 (the fixture's own inquiry, due 11-30) waits too; the overdue HOJO-2 comes first, the undated last.
    assert [(r["キー"], r["担当者"], r["期限日"]) for r in waiting] == [
        ("HOJO-2", "山田 太郎", "2026-11-20"), ("HOJO-1", "田中 一郎", "2026-11-30"),
        ("HOJO-3", "佐藤 花子", "2026-12-10"), ("HOJO-4", "山田 太郎", ""),
    ]
    assert re.search(r'<tr data-key="HOJO-2" class="tsuzuri-row-overdue">.*?tsuzuri-overdue">2026-11-20<', html, re.DOTALL)
    assert [r["キー"] for r in table(html, "tsuzuri-answered")] == ["HOJO-6"]
    assert table(html, "tsuzuri-answered")[0]["初回回答日"] == "2026-11-17"
    closed = table(html, "tsuzuri-closed-unanswered")
    assert [(r["キー"], r["状態"]) for r in closed] == [("HOJO-5", "完了")]
    assert "回答なしで完了した問い合わせ (1)" in html


def test_counts_agree_with_the_lists(tmp_path):
    tracker, history, pages = pages_of(register_tracker(tmp_path / "t"))
    html = pages["inquiries.md"]
    counts = summary(html)
    assert counts == {
        "office": {"count": 1, "answered": 0, "unanswered": 1, "closed_unanswered": 0, "resolved": 0},  # HOJO-1, asked by yamada
        "vendor-a": {"count": 5, "answered": 1, "unanswered": 3, "closed_unanswered": 1, "resolved": 1},
    }
    lists = {cls: len(table(html, cls)) for cls in ("tsuzuri-unanswered", "tsuzuri-answered", "tsuzuri-closed-unanswered")}
    assert sum(c["unanswered"] for c in counts.values()) == lists["tsuzuri-unanswered"] == 4
    assert sum(c["answered"] for c in counts.values()) == lists["tsuzuri-answered"] == 1
    assert sum(c["closed_unanswered"] for c in counts.values()) == lists["tsuzuri-closed-unanswered"] == 1
    assert sum(c["count"] for c in counts.values()) == sum(lists.values()) == sum(i.type == "inquiry" for i in tracker.issues.values())
    for heading, n in (("未回答の問い合わせ", 4), ("回答済みの問い合わせ", 1), ("回答なしで完了した問い合わせ", 1)):
        assert f"<h2>{heading} ({n})</h2>" in html
    # The dashboard counts the same way: its unanswered list is the register's, in the same order.
    dashboard = dashboard_data(SiteContext(tracker, TODAY, history))
    assert [r["issue"].key for r in dashboard[0]["unanswered"]] == ["HOJO-2", "HOJO-1", "HOJO-3", "HOJO-4"]


def test_the_dashboard_names_who_owes_the_answer(tmp_path):
    root = register_tracker(tmp_path / "t")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("<!-- tsuzuri:dashboard -->\n", encoding="utf-8")
    history = load_history(root, use_cache=False)
    tracker = load(root, history=history.files).tracker
    from tsuzuri.site import markers

    html = markers.render(SiteContext(tracker, TODAY, history), "dashboard", {})
    rows = table(html, "tsuzuri-unanswered")
    assert [(r["キー"], r["担当者"], r["期限日"]) for r in rows][:2] == [
        ("HOJO-2", "山田 太郎", "2026-11-20"), ("HOJO-1", "田中 一郎", "2026-11-30")
    ]
    assert summary(html)["vendor-a"]["closed_unanswered"] == 1
