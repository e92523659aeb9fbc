import csv
import io
import json
import subprocess
import sys
from datetime import date

from tsuzuri.site import build_files, build_pages
from tsuzuri.site.builder import SiteBuilder, dashboard_data
from tsuzuri.site.context import SiteContext
from tsuzuri.site.markers import CHARTS, find, plot_html, register_chart, render
from tsuzuri.store import load

from .conftest import FIXTURES

TODAY = date(2026, 11, 25)


def tracker():
    return load(FIXTURES / "small").tracker


def test_dashboard_counts_match_the_data():
    data = {d["project"].key: d for d in dashboard_data(SiteContext(tracker(), TODAY))}
    hojo = data["HOJO"]
    assert hojo["total"] == 3 and hojo["open"] == 2
    assert hojo["counts"][("inquiry", "in_progress")] == 1
    assert hojo["by_status"]["closed"] == 1
    assert [i.key for i in hojo["overdue"]] == ["HOJO-1"]  # due 11-20, not done
    assert [i.key for i in hojo["due_soon"]] == ["HOJO-2"]  # due 11-30, within 7 days
    assert hojo["unanswered"] and hojo["unanswered"][0]["issue"].key == "HOJO-1"
    kiban = data["KIBAN"]
    assert [r["issue"].key for r in kiban["unanswered"]] == ["KIBAN-1"]
    assert kiban["unanswered"][0]["days"] == 9  # asked 11-16
    assert kiban["unanswered"][0]["vendor"] == "vendor-b"


def test_an_office_comment_answers_an_inquiry(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "small", tmp_path / "t")
    comment = tmp_path / "t/issues/KIBAN/KIBAN-1/comments/20261118T090000-yamada.md"
    comment.parent.mkdir(parents=True)
    comment.write_text("---\nauthor: yamada\ndate: 2026-11-18T09:00:00+09:00\n---\nSAML です。\n", encoding="utf-8")
    rows = {r["issue"].key: r for r in SiteBuilder(SiteContext(load(tmp_path / "t").tracker, TODAY)).inquiry_rows()}
    assert rows["KIBAN-1"]["answered"] and rows["KIBAN-1"]["first_answer"] == date(2026, 11, 18)
    assert rows["KIBAN-1"]["days"] == 2
    assert not rows["HOJO-1"]["answered"]  # only a vendor comment so far


def test_pages_are_deterministic_and_sorted():
    first = build_pages(tracker(), TODAY)
    second = build_pages(tracker(), TODAY)
    assert first == second
    assert [p.path for p in first] == sorted(p.path for p in first)
    nav = [p.path for p in first if p.in_nav]
    assert "issues/HOJO-1.md" not in nav and "issues.md" in nav


def test_issue_page_shows_inverse_links_children_and_backlinks():
    pages = {p.path: p for p in build_pages(tracker(), TODAY)}
    one, two = pages["issues/HOJO-1.md"].html, pages["issues/HOJO-2.md"].html
    assert 'data-kind="blocks"' in one and "@issues/HOJO-2.md" in one
    assert 'data-kind="blocked_by"' in two and "@issues/HOJO-1.md" in two
    assert "tsuzuri-child" in one and "郵便番号の自動補完" in one
    assert "@minutes/2026/2026-11-20-weekly.md" in one  # mentioned in the minutes
    assert "@minutes/2026/2026-11-20-weekly.md" in two  # linked from an action item
    assert "入力仕様の確定" in one  # its WBS item
    assert "spec.pdf" in one and 'data-media-type="application/pdf">PDF</span>' in one  # the kind in words, the type kept for tools


def test_exports():
    files = {f.path: f.content for f in build_files(tracker(), TODAY)}
    index = json.loads(files["issues.json"])["issues"]
    assert [r["key"] for r in index] == ["HOJO-1", "HOJO-2", "HOJO-3", "KIBAN-1"]
    assert index[0]["organization"] == "office" and index[0]["overdue"] is True
    assert (index[0]["milestone"], index[0]["milestone_name"], index[0]["category_names"]) == ("v1", "第1版リリース", ["申請フォーム"])
    text = files["issues.csv"].decode("utf-8")
    assert text.startswith("\ufeffキー,件名,種別,状態")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[1][:5] == ["HOJO-1", "申請フォームの入力チェック仕様について", "問い合わせ", "処理中", "高"]
    ics = files["calendar/HOJO.ics"].decode()
    assert "DTSTART;VALUE=DATE:20261130" in ics and "DTSTART;VALUE=DATE:20261225" in ics
    assert "HOJO-3" not in ics  # closed issues have no due event


def test_markers_parse_and_unknown_ones_say_so():
    found = find("a <!-- tsuzuri:issues project=HOJO status=open --> b <!-- tsuzuri:nope -->")
    assert [
        (name, params) for name, params in ((f.name, f.params) for f in found)
    ] == [("issues", {"project": "HOJO", "status": "open"}), ("nope", {})]
    ctx = SiteContext(tracker(), TODAY)
    assert "tsuzuri:nope" in render(ctx, "nope", {})
    table = render(ctx, "issues", {"project": "HOJO", "status": "open"})
    assert "HOJO-1" in table and "HOJO-2" in table and "HOJO-3" not in table


def test_chart_registry_embeds_figures_for_the_loader():
    ctx = SiteContext(tracker(), TODAY)
    assert "ガントチャート" in render(ctx, "chart", {"kind": "test-kind"})
    register_chart("test-kind")(lambda ctx, params: {"data": [{"type": "bar", "y": [1]}], "layout": {"title": "</script>"}})
    try:
        html = render(ctx, "chart", {"kind": "test-kind"})
    finally:
        CHARTS.pop("test-kind")
    assert html.count("</script>") == 1 and 'class="tsuzuri-plot"' in html
    assert plot_html({"a": 1}) == '<div class="tsuzuri-chart"><script type="application/json" class="tsuzuri-plot">{"a": 1}</script></div>'


def test_page_generation_never_imports_mkdocs():
    code = "import sys, tsuzuri.site, tsuzuri.site.markers; print(any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_english_catalog():
    from dataclasses import replace

    t = tracker()
    t = type(t)(replace(t.config, language="en"), t.issues, t.minutes, t.wbs)
    pages = {p.path: p for p in build_pages(t, TODAY)}
    assert pages["issues.md"].title == "Issues" and "Comments" in pages["issues/HOJO-1.md"].html


def test_hand_written_list_pages_are_not_generated():
    paths = {p.path for p in build_pages(tracker(), TODAY, frozenset({"index.md", "gantt.md"}))}
    assert "index.md" not in paths and "gantt.md" not in paths and "issues.md" in paths
