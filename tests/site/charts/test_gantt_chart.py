import json
import re
from datetime import date, timedelta

import pytest

from tsuzuri.model import Choice, Config, Dependency, Issue, Member, Milestone, Organization, Wbs, WbsItem
from tsuzuri.planning.schedule import schedule
from tsuzuri.site.charts.embed import PLOT_CLASS, figure_html, figure_json
from tsuzuri.site.charts.gantt_chart import (
    AXIS_PX,
    CRITICAL,
    CRITICAL_OUTLINE,
    DEPENDENCIES,
    LATE,
    MARKS,
    PALETTE,
    ROW_PX,
    gantt_axis_figure,
    gantt_figure,
    gantt_rows,
    progress_point,
    project_issues,
    scale_settings,
)

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


def boxes(t):
    """Return the boxes one filled trace draws: (row, first moment, moment it ends), as plotly reads them."""
    found, start = [], 0
    for n, x in enumerate([*t.x, None]):
        if x is None and n > start:
            xs, ys = t.x[start:n], t.y[start:n]
            assert xs[0] == xs[3] and xs[1] == xs[2] and ys[0] == ys[1] and ys[2] == ys[3]  # a box, corner by corner
            found.append((round((ys[0] + ys[2]) / 2, 2), xs[0], xs[1]))
            start = n + 1
    return found


def marks(fig, glyph):
    """Return the points of the marks the page draws at a size in pixels around them (one shape a glyph)."""
    [shape] = [s for s in fig.layout.shapes if s.name == MARKS + glyph]
    assert shape.type == "path" and shape.layer == "above"
    return [(x, float(y)) for x, y in re.findall(r"M([^,MZ]+),([^MZ]+)Z", shape.path)], shape


def trace(fig, name):
    found = [t for t in fig.data if t.name == name and t.showlegend is not False]
    assert found, f"no trace {name!r} in {[t.name for t in fig.data]}"
    return found[0]


def test_rows_are_indented_and_issues_sit_under_their_item(plan):
    rows = gantt_rows(plan, CONFIG, project_issues(plan, ISSUES))
    labels = [(r.depth, r.text) for r in rows]
    assert labels[:5] == [
        (0, "1 要件定義"), (1, "1.1 業務フロー整理"), (1, "1.2 要件定義書作成"), (2, "MIRA-3 仕様の確認"), (1, "1.3 用語集")
    ]
    assert labels[5] == (0, "M1 要件定義完了")
    # An issue tied only to a tsuzuri.yml milestone gets a group of its own; other projects stay out.
    assert labels[6:] == [(0, "v1.0 リリース"), (1, "MIRA-4 <b>太字</b>")] and rows[6].milestone_day == date(2026, 7, 31)
    fig = gantt_figure(plan, CONFIG, ISSUES)
    assert tuple(fig.layout.yaxis.range) == (7.5, -0.5)  # one row of bars for each
    # The page's side columns name the rows; the figure carries no tick per row.
    assert fig.layout.yaxis.tickvals is None and fig.layout.yaxis.ticktext is None


def test_task_bars_are_coloured_by_organization_with_progress_shading(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    bars = trace(fig, "A社")
    # All of a group's bars are one filled path, with no line: plotly would draw a path per bar for it.
    assert bars.fill == "toself" and bars.mode == "none"
    # 6/1-6/5 and 6/8-6/12: from the start of the first day to the close of the last
    assert boxes(bars) == [(1, "2026-06-01", "2026-06-06"), (2, "2026-06-08", "2026-06-13")]
    shade = next(t for t in fig.data if t.name == "A社" and t.showlegend is False)
    assert boxes(shade) == [(1, "2026-06-01", "2026-06-03 12:00")]  # 1.1 half done; 1.2 not begun has no shade
    assert shade.fillcolor == bars.fillcolor.replace("rgba(", "rgb(").replace(", 0.4)", ")")
    assert [b[0] for b in boxes(trace(fig, "デジタル推進室"))] == [4]


def test_colour_by_assignee_uses_member_names(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES, color_by="assignee")
    names = {t.name for t in fig.data if t.fill == "toself" and t.showlegend is not False}
    assert {"田中 一郎", "山田 太郎", "未割当"} <= names


def test_each_encoding_means_one_thing(plan):
    assert plan.critical_path == ("1.1", "1.2", "M1")
    fig = gantt_figure(plan, CONFIG, ISSUES)
    # The critical path: hatching and a thick dark outline over the bars, whatever their organization's fill.
    critical = trace(fig, "クリティカル")
    assert [b[0] for b in boxes(critical)] == [1, 2]
    assert critical.fillpattern.shape == "/" and critical.mode == "none"
    assert critical.fillcolor == "rgba(0,0,0,0)"  # the organization's colour shows through
    # The outline is one path around both bars, over them (a trace's line would be a path per bar).
    [outline] = [s for s in fig.layout.shapes if s.name == CRITICAL_OUTLINE]
    assert outline.line.width == 2.5 and outline.line.color == CRITICAL and outline.layer == "above"
    assert outline.path == "M2026-06-01,0.7H2026-06-06V1.3H2026-06-01ZM2026-06-08,1.7H2026-06-13V2.3H2026-06-08Z"
    # Organizations are fills, and none of them is the red that says late.
    fills = {t.name: t.fillcolor for t in fig.data if t.name in ("A社", "デジタル推進室") and t.showlegend is not False}
    assert len(set(fills.values())) == 2 and all(c.replace("rgba(", "rgb(").replace(", 0.4)", ")") in PALETTE for c in fills.values())
    assert LATE not in str(fills)
    ms = trace(fig, "マイルストーン")
    assert list(ms.marker.line.width)[:1] == [3] and ms.marker.color == "#333333"  # M1 is critical: outlined, not red


def test_milestones_are_diamonds_at_the_close_of_their_day(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    ms = trace(fig, "マイルストーン")
    assert ms.marker.symbol == "diamond"
    assert list(ms.x) == [date(2026, 6, 13), date(2026, 8, 1)]  # M1 on 6/12, v1.0 on 7/31
    assert list(ms.y) == [5, 6]
    assert trace(fig, "目標日").x == (date(2026, 6, 13),)


def test_dependency_arrows_run_from_end_to_start(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    [lines] = [s for s in fig.layout.shapes if s.name == DEPENDENCIES]
    # All lines are one path. 1.1 ends 6/5 (the line leaves at the close of the day), 1.2 starts
    # 6/8; then 1.2 (row 2, ends 6/12) -> M1 (row 5, at the close of 6/12).
    assert lines.type == "path" and lines.layer == "between"  # under the bars, over the grid
    assert lines.path == "M2026-06-06,1H2026-06-07V2H2026-06-08" "M2026-06-13,2H2026-06-13V5H2026-06-13"
    # The heads are marks the page draws 7 px wide: one where each line ends, pointing right.
    heads, shape = marks(fig, "arrow-right")
    assert heads == [("2026-06-08", 2), ("2026-06-13", 5)] and shape.fillcolor == "#8a8a8a"
    assert not [s for s in fig.layout.shapes if s.name == MARKS + "arrow-left"]
    assert not [t for t in fig.data if t.name == "依存関係"]  # no marker per head


def test_lines_into_one_start_share_one_head():
    both = Wbs("MIRA", "wbs/MIRA.yml", (
        WbsItem("1", "a", start=date(2026, 6, 1), duration=2), WbsItem("2", "b", start=date(2026, 6, 1), duration=2),
        WbsItem("3", "c", after=(Dependency("1"), Dependency("2")), duration=2),
    ), start=date(2026, 6, 1))
    fig = gantt_figure(schedule(both, CONFIG, {}, TODAY), CONFIG)
    [lines] = [s for s in fig.layout.shapes if s.name == DEPENDENCIES]
    assert lines.path.count("M") == 2  # two lines
    assert marks(fig, "arrow-right")[0] == [("2026-06-03", 2)]  # one head where both end


def test_every_row_is_one_fixed_height_and_only_time_moves(plan):
    from dataclasses import replace

    many = replace(plan, items=plan.items * 60)  # the same rows again and again: only their count matters
    fig = gantt_figure(many, CONFIG, ISSUES)
    rows = len(gantt_rows(many, CONFIG, project_issues(many, ISSUES)))
    assert rows > 150
    # Every row drawn, ROW_PX high, so the page's side columns line up; the page scrolls the rows.
    assert tuple(fig.layout.yaxis.range) == (rows - 0.5, -0.5) and fig.layout.height == rows * ROW_PX
    assert fig.layout.margin.t == 0 and fig.layout.margin.b == 0
    assert fig.layout.yaxis.fixedrange is True and fig.layout.dragmode == "pan"
    assert fig.layout.yaxis.showticklabels is False and fig.layout.xaxis.showticklabels is False
    assert fig.layout.showlegend is False  # the page shows the legend above the chart


def test_labels_are_whole(plan):
    long = Issue("MIRA-3", "MIRA", 3, "p", "仕様の確認" * 20, "task", "open", start=date(2026, 6, 8), due=date(2026, 6, 12))
    rows = gantt_rows(plan, CONFIG, [long])
    assert any(r.text == "MIRA-3 " + "仕様の確認" * 20 for r in rows)
    assert not any("…" in r.text for r in rows)


def test_the_axis_figure_shares_the_scales_and_keeps_its_toolbar_off_the_ticks(plan):
    axis = gantt_axis_figure(plan, "ja")
    scales = scale_settings(plan, "ja")
    assert set(scales) == {"day", "week", "month"}
    assert axis.layout.xaxis.range == tuple(scales["month"]["range"]) and axis.layout.xaxis.dtick == "M1"
    assert axis.layout.height == AXIS_PX and axis.layout.xaxis.side == "bottom"
    assert axis.layout.margin.t >= 26  # the toolbar's band, above the plot; the tick labels are below it
    assert scales["week"]["dtick"] == 7 * DAY_MS and date.fromisoformat(scales["week"]["tick0"]).weekday() == 0
    assert scales["day"]["dtick"] == DAY_MS
    # Week and day open around today, inside the plan.
    start, end = (date.fromisoformat(d) for d in scales["day"]["range"])
    assert start <= TODAY <= end and (end - start).days < 40
    assert axis.layout.annotations[0].text == "今日"


def test_late_items_are_marked():
    plan = schedule(wbs(), CONFIG, ISSUES, date(2026, 6, 9))
    fig = gantt_figure(plan, CONFIG, ISSUES)
    late, shape = marks(fig, "triangle")
    # 1.1 ended 6/5 at 50%, 1.3 ended 6/2 at 0%: a triangle at the close of each bar.
    assert late == [("2026-06-06", 1), ("2026-06-03", 4)]
    # A shape, not only a colour; the word stands beside the row, in the page's 進捗 column.
    assert shape.fillcolor == LATE and shape.line.color == "white"
    assert not [t for t in fig.data if t.name == "遅延"]  # no marker, no text element per late item


def test_today_line_and_english_strings(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES, language="en")
    assert [s.x0 for s in fig.layout.shapes if s.name == "today"] == [TODAY]
    assert gantt_axis_figure(plan, "en").layout.annotations[0].text == "Today"
    assert {"Milestone", "Summary", "Issues", "critical"} <= {t.name for t in fig.data}


def test_issue_bars_span_start_to_due(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    bars = next(t for t in fig.data if t.name == "課題" and t.fill == "toself")
    assert boxes(bars) == [(3, "2026-06-08", "2026-06-13")]
    points = next(t for t in fig.data if t.name == "課題" and t.mode == "markers")
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
    assert boxes(base) == [(1.37, "2026-05-25", "2026-05-30")]  # just under row 1's bar
    assert base.y[2] - base.y[0] < 0.6 / 2


def test_pointing_anywhere_in_a_row_tells_about_it(plan):
    fig = gantt_figure(plan, CONFIG, ISSUES)
    rows = next(t for t in fig.data if t.name == "rows")
    assert fig.layout.hovermode == "y" and rows.mode == "lines" and rows.line.width == 0  # no element per row
    assert list(rows.y) == list(range(8))
    assert rows.hovertext[1].startswith("<b>1.1 業務フロー整理</b>") and "MIRA-4 &lt;b&gt;" in rows.hovertext[7]
    drawn = [t for t in fig.data if t.name != "rows" and t.hoverinfo != "skip"]
    assert drawn == []  # only the row points answer the pointer


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
    assert spec["data"][0]["name"] == "A社" and spec["data"][0]["x"][:2] == ["2026-06-01", "2026-06-06"]
    assert "要件定義" in body  # Japanese kept as UTF-8, not \u escapes
    # The figure is transparent: the page shades every other row behind it, as beside it.
    assert spec["layout"]["plot_bgcolor"] == spec["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert not [t for t in spec["data"] if t["name"] == "stripes"]


def test_the_toolbar_speaks_the_language_and_never_uploads(plan):
    spec = json.loads(figure_json(gantt_axis_figure(plan, "ja"), locale="ja", toolbar=True))
    config = spec["config"]
    assert config["locale"] == "ja" and config["displayModeBar"] is True
    assert config["locales"]["ja"]["dictionary"]["Pan"] == "移動"
    assert {"sendChartToCloud", "sendDataToCloud", "toImage"} <= set(config["modeBarButtonsToRemove"])
