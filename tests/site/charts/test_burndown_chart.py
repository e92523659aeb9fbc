from datetime import date

from tsuzuri.model import CalendarConfig
from tsuzuri.planning.burndown import BurndownPoint
from tsuzuri.planning.workcal import WorkCalendar
from tsuzuri.site.charts.burndown_chart import burndown_figure, ideal_line, round_axis


def test_ideal_line_falls_on_working_days_only():
    cal = WorkCalendar(CalendarConfig())
    line = ideal_line(date(2026, 4, 30), date(2026, 5, 8), 30, cal)  # workdays 4/30, 5/1, 5/7, 5/8
    values = dict(line)
    assert values[date(2026, 4, 30)] == 30
    assert values[date(2026, 5, 1)] == 20
    assert values[date(2026, 5, 3)] == 20 and values[date(2026, 5, 6)] == 20  # Golden Week: flat
    assert values[date(2026, 5, 7)] == 10
    assert values[date(2026, 5, 8)] == 0


def test_burndown_draws_counts_hours_and_ideal_on_two_axes():
    points = [
        BurndownPoint(date(2026, 6, 3), 8, 30.0, 12),
        BurndownPoint(date(2026, 6, 1), 10, 40.0, 10),
        BurndownPoint(date(2026, 6, 2), 9, 36.5, 11),
    ]
    ideal = [(date(2026, 6, 1), 10.0), (date(2026, 6, 5), 0.0)]
    fig = burndown_figure(points, ideal, language="en", title="v1.0")
    opened, hours, line, scope = fig.data
    assert opened.name == "Open issues" and list(opened.y) == [10, 9, 8]  # sorted by day
    assert list(opened.x) == [date(2026, 6, 1), date(2026, 6, 2), date(2026, 6, 3)]
    assert hours.yaxis == "y2" and list(hours.y) == [40.0, 36.5, 30.0]
    assert line.name == "Ideal" and line.yaxis == "y" and list(line.y) == [10.0, 0.0]
    # Issues added raise the scope, not the open line.
    assert scope.name == "Scope (issues in the milestone)" and list(scope.y) == [10, 11, 12]
    assert fig.layout.yaxis2.overlaying == "y"
    assert fig.layout.title.text == "v1.0"


def test_burndown_in_japanese_without_an_ideal_line():
    fig = burndown_figure([BurndownPoint(date(2026, 6, 1), 3, 5.0)])
    assert [t.name for t in fig.data] == ["未完了の課題", "残り予定時間", "スコープ（マイルストーンの課題数）"]


def test_axes_tick_at_round_numbers():
    points = [BurndownPoint(date(2026, 6, 1), 7, 536.0, 9), BurndownPoint(date(2026, 6, 2), 3, 179.0, 9)]
    fig = burndown_figure(points)
    assert fig.layout.yaxis.dtick == 2 and fig.layout.yaxis.tickmode == "linear" and fig.layout.yaxis.tick0 == 0
    assert fig.layout.yaxis2.dtick == 200 and fig.layout.yaxis2.range[1] >= 600  # 0, 200, 400, 600: not 179, 357, 536
    assert round_axis(0.5)["dtick"] == 0.2 and round_axis(3, whole=True)["dtick"] == 1
