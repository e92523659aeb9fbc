import json
import re
from datetime import date, timedelta

import pytest

from tsuzuri.model import Choice, Config, Dependency, Issue, Member, Milestone, Organization, Wbs, WbsItem
from tsuzuri.planning.schedule import schedule
from tsuzuri.site.charts.embed import PLOT_CLASS, figure_html, figure_json
from tsuzuri.site.charts.gantt_chart import gantt_figure, progress_point

DAY_MS = 86_400_000
CONFIG = Config(
    organizations=(Organization("office", "デジタル推進室", "office"), Organization("vendor-a", "A社")),
    members=(Member("tanaka", "田中 一郎", "vendor-a"), Member("yamada", "山田 太郎", "office")),
    statuses=(Choice("open", "未対応"), Choice("closed", "完了", done=True)),
    milestones=(Milestone("v1.0", "MIRA", date(2026, 7, 31), "v1.0 リリース"),),
)
TODAY = date(2026, 6, 10)
ISSUES = {
    "MIRA-3": Issue("MIRA-3", "MIRA", 3, "p", "仕様の確認", "task", "open", start=date(2026, 6, 8), due=date(2026, 6, 12)),
    "MIRA-4": Issue("MIRA-4", "MIRA", 4, "p", "<b>太字</b>", "task", "open", due=date(2026, 7, 1), milestone="v1.0"),
    "OTHER-1": Issue("OTHER-1", "OTHER", 1, "p", "別プロジェクト", "task", "open", due=date(2026, 7, 1), milestone="v1.0"),
}


def wbs() -> Wbs:
    return Wbs("MIRA", "wbs/MIRA.yml", (
        WbsItem("1", "要件定義", owner="vendor-a", children=(
            WbsItem("1.1", "業務フロー整理", assignee="tanaka", start=date(2026, 6, 1), end=date(2026, 6, 5), progress=50),
            WbsItem("1.2", "要件定義書作成", assignee="yamada", after=(Dependency("1.1"),), duration=5, issues=("MIRA-3",)),
            WbsItem("1.3", "用語集", duration=2, owner="office"),
        )),
        WbsItem("M1", "要件定義完了", milestone=True, after=(Dependency("1.2"),), target=date(2026, 6, 12)),
    ), start=date(2026, 6, 1))


@pytest.fixture
def plan():
    return schedule(wbs(), CONFIG, ISSUES, TODAY)


def trace(fig, name):
    found = [t for t in fig.data if t.name == name and t.showlegend is not False]
    assert found, f"no trace {name!r} in {[t.name for t in fig.data]}"
    return found[0]


def test_rows_are_indented_and_issues_sit_under_their_item(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    labels = list(fig.layout.yaxis.ticktext)
    assert labels[:5] == ["1 要件定義", "\u30001.1 業務フロー整理", "\u30001.2 要件定義書作成", "\u3000\u3000MIRA-3 仕様の確認", "\u30001.3 用語集"]
    assert labels[5] == "M1 要件定義完了"
    # An issue tied only to a tsuzuri.yml milestone gets a group of its own; other projects stay out.
    assert labels[6:] == ["◆ v1.0 リリース", "\u3000MIRA-4 &lt;b&gt;太字&lt;/b&gt;"]
    assert tuple(fig.layout.yaxis.range) == (7.5, -0.5)


def test_task_bars_are_coloured_by_organization_with_progress_shading(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    bars = trace(fig, "A社")
    assert list(bars.y) == [1, 2]
    assert list(bars.base) == ["2026-06-01", "2026-06-08"]
    assert list(bars.x) == [5 * DAY_MS, 5 * DAY_MS]  # 6/1-6/5 and 6/8-6/12, end days included
    shade = next(t for t in fig.data if t.name == "A社" and t.showlegend is False)
    assert list(shade.x) == [round(5 * DAY_MS * 0.5), 0]
    assert trace(fig, "デジタル推進室").y == (4,)


def test_colour_by_assignee_uses_member_names(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES, color_by="assignee")
    names = {t.name for t in fig.data if t.type == "bar" and t.showlegend is not False}
    assert {"田中 一郎", "山田 太郎", "未割当"} <= names


def test_critical_items_are_outlined_and_the_summary_is_red(plan):
    assert plan.critical_path == ("1.1", "1.2", "M1")
    fig = gantt_figure(plan, CONFIG, ISSUES)
    bars = trace(fig, "A社")
    assert list(bars.marker.line.width) == [2, 2]
    assert trace(fig, "デジタル推進室").marker.line.width == (0,)
    assert trace(fig, "サマリー").marker.color == ("#d62728",)


def test_milestones_are_diamonds_at_the_close_of_their_day(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    ms = trace(fig, "マイルストーン")
    assert ms.marker.symbol == "diamond"
    assert list(ms.x) == [date(2026, 6, 13), date(2026, 8, 1)]  # M1 on 6/12, v1.0 on 7/31
    assert list(ms.y) == [5, 6]
    assert trace(fig, "目標日").x == (date(2026, 6, 13),)


def test_dependency_arrows_run_from_end_to_start(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    arrows = trace(fig, "依存関係")
    # 1.1 ends 6/5 (line leaves at the close of the day), 1.2 starts 6/8; then 1.2 -> M1.
    assert list(arrows.x[:5]) == [date(2026, 6, 6), date(2026, 6, 7), date(2026, 6, 7), date(2026, 6, 8), None]
    assert list(arrows.y[:5]) == [1, 1, 2, 2, None]
    assert len(arrows.x) == 10
    # The heads are a trace of their own: one per dependency, at the successor, pointing right.
    heads = next(t for t in fig.data if t.name == "依存関係" and t.showlegend is False)
    assert heads.marker.symbol == "arrow"
    assert list(heads.x) == [date(2026, 6, 8), arrows.x[8]] and list(heads.y) == [2, arrows.y[8]]
    assert list(heads.marker.angle) == [90, 90]


def test_a_long_plan_shows_its_first_rows_and_pans(plan):
    from dataclasses import replace

    many = replace(plan, items=plan.items * 60)  # the same rows again and again: only their count matters
    fig = gantt_figure(many, CONFIG, ISSUES)
    rows = len(fig.layout.yaxis.tickvals)
    assert rows > 150
    assert tuple(fig.layout.yaxis.range) == (149.5, -0.5) and fig.layout.dragmode == "pan"
    assert fig.layout.height == 22 * 150 + 170
    small = gantt_figure(plan, CONFIG, ISSUES)
    assert small.layout.yaxis.range[0] == len(small.layout.yaxis.tickvals) - 0.5 and small.layout.dragmode == "zoom"


def test_late_items_are_marked():
    plan = schedule(wbs(), CONFIG, ISSUES, date(2026, 6, 9))
    fig = gantt_figure(plan, CONFIG, ISSUES)
    assert trace(fig, "遅延").y == (1, 4)  # 1.1 ended 6/5 at 50%, 1.3 ended 6/2 at 0%


def test_today_line_and_english_strings(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES, language="en")
    assert fig.layout.shapes[0].x0 == TODAY
    assert fig.layout.annotations[0].text == "Today"
    assert {"Milestone", "Dependencies", "Summary", "Issues"} <= {t.name for t in fig.data}


def test_issue_bars_span_start_to_due(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    bars = next(t for t in fig.data if t.name == "課題" and t.type == "bar")
    assert (bars.y, bars.base, bars.x) == ((3,), ("2026-06-08",), (5 * DAY_MS,))
    points = next(t for t in fig.data if t.name == "課題" and t.type == "scatter")
    assert points.x == (date(2026, 7, 2),)


def test_progress_line_passes_through_each_items_progress_point(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES, progress_line=True)
    line = trace(fig, "イナズマ線")
    # 1 and 1.1 are behind (progress points before today); 1.2 started 6/8 with nothing done;
    # 1.3 (6/1-6/2, nothing done) is behind at its start.
    assert list(line.y) == [0, 1, 2, 4]
    assert line.x[1] == date(2026, 6, 1) + timedelta(days=round(5 * 0.5))
    assert line.x[2] == date(2026, 6, 8)
    assert line.x[3] == date(2026, 6, 1)


def test_progress_point_is_today_for_work_done_or_not_yet_due(plan):
    done = plan.item("1.1").__class__(**{**_fields(plan.item("1.1")), "progress": 100.0})
    future = plan.item("1.2").__class__(**{**_fields(plan.item("1.2")), "start": date(2026, 7, 1), "end": date(2026, 7, 3)})
    assert progress_point(done, TODAY) == TODAY
    assert progress_point(future, TODAY) == TODAY


def _fields(item):
    return {f: getattr(item, f) for f in item.__dataclass_fields__}


def test_baseline_bars_sit_beside_the_current_ones(plan):
    old = schedule(Wbs("MIRA", "x", (WbsItem("1.1", "old", start=date(2026, 5, 25), end=date(2026, 5, 29)),)), CONFIG, {}, TODAY)
    fig = gantt_figure(plan, CONFIG, ISSUES, baseline=old)
    base = trace(fig, "ベースライン")
    assert (base.y, base.base, base.x) == ((1,), ("2026-05-25",), (5 * DAY_MS,))
    assert base.offset == 0.3 and base.width < 0.6


def test_html_fragment_holds_json_without_plotly_js(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    html = figure_html(fig, "gantt-MIRA")
    assert html.startswith('<div class="tsuzuri-chart" id="gantt-MIRA"')
    script = re.search(rf'<script type="application/json" class="{PLOT_CLASS}" data-target="gantt-MIRA">(.*)</script>', html, re.DOTALL)
    assert script
    body = script.group(1)
    assert "<" not in body  # nothing in the data can close the script element
    assert "plotly.js" not in html and "Plotly.newPlot" not in html
    spec = json.loads(body)
    assert spec["layout"]["yaxis"]["ticktext"][0] == "1 要件定義"
    assert "要件定義" in body  # Japanese kept as UTF-8, not \u escapes
    assert json.loads(figure_json(fig))["data"][0]["name"] == "A社"
