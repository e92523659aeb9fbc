from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsuzuri.model import CalendarConfig, Choice, Config, Dependency, Issue, Wbs, WbsItem
from tsuzuri.planning.schedule import schedule

CONFIG = Config(
    statuses=(Choice("open", "未対応"), Choice("closed", "完了", done=True)),
    calendar=CalendarConfig(extra_holidays=(date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31))),
)
TODAY = date(2026, 5, 15)


def after(*ids: str, lag: int = 0) -> tuple[Dependency, ...]:
    return tuple(Dependency(i, lag) for i in ids)


def plan(*items: WbsItem, start: date | None = date(2026, 6, 1)) -> Wbs:
    return Wbs("MIRA", "wbs/MIRA.yml", items, start=start)


def issue(number: int, status: str) -> Issue:
    return Issue(f"MIRA-{number}", "MIRA", number, f"issues/MIRA/MIRA-{number}.md", "t", "task", status)


def run(wbs: Wbs, issues=None, today=TODAY, **kw):
    return schedule(wbs, CONFIG, issues or {}, today, **kw)


def test_format_example_runs_through_golden_week():
    wbs = plan(
        WbsItem("1", "要件定義", owner="vendor-a", children=(
            WbsItem("1.1", "業務フロー整理", start=date(2026, 4, 1), end=date(2026, 4, 30), progress=100),
            WbsItem("1.2", "要件定義書作成", after=after("1.1"), duration=15),
        )),
        WbsItem("M1", "要件定義完了", milestone=True, after=after("1.2")),
        start=date(2026, 4, 1),
    )
    s = run(wbs)
    one, first, second, m1 = (s.item(i) for i in ("1", "1.1", "1.2", "M1"))
    assert (first.start, first.end, first.duration) == (date(2026, 4, 1), date(2026, 4, 30), 21)
    # 5/1, then 5/3-5/6 off: 5/7 is the second day; fifteen days end on 5/26.
    assert (second.start, second.end, second.duration) == (date(2026, 5, 1), date(2026, 5, 26), 15)
    assert (m1.start, m1.end, m1.duration) == (date(2026, 5, 26), date(2026, 5, 26), 0)
    assert (one.start, one.end, one.summary) == (date(2026, 4, 1), date(2026, 5, 26), True)
    assert second.owner == "vendor-a"  # inherited from the parent
    assert s.finish == date(2026, 5, 26)
    assert s.critical_path == ("1.1", "1.2", "M1")


def test_lag_counts_working_days_after_the_predecessor_ends():
    s = run(plan(
        WbsItem("A", "a", start=date(2026, 6, 1), end=date(2026, 6, 5)),
        WbsItem("B", "b", after=after("A", lag=2), duration=3),
    ))
    assert (s.item("B").start, s.item("B").end) == (date(2026, 6, 10), date(2026, 6, 12))


def test_negative_lag_overlaps():
    s = run(plan(
        WbsItem("A", "a", start=date(2026, 6, 1), end=date(2026, 6, 5)),
        WbsItem("B", "b", after=after("A", lag=-1), duration=2),
    ))
    assert (s.item("B").start, s.item("B").end) == (date(2026, 6, 5), date(2026, 6, 8))


def test_lag_across_the_new_year_closure():
    s = run(plan(
        WbsItem("A", "a", start=date(2026, 12, 21), end=date(2026, 12, 28)),
        WbsItem("B", "b", after=after("A", lag=1), duration=1),
    ))
    assert s.item("B").start == date(2027, 1, 5)


def test_milestone_falls_on_the_day_its_predecessors_end_and_successors_follow():
    s = run(plan(
        WbsItem("A", "a", duration=3),
        WbsItem("B", "b", duration=5),
        WbsItem("M", "m", milestone=True, after=after("A", "B")),
        WbsItem("C", "c", after=after("M"), duration=1),
    ))
    assert s.item("B").end == date(2026, 6, 5)
    assert (s.item("M").start, s.item("M").end, s.item("M").duration) == (date(2026, 6, 5), date(2026, 6, 5), 0)
    assert s.item("C").start == date(2026, 6, 8)


def test_milestone_without_predecessors_sits_at_the_project_start():
    s = run(plan(WbsItem("K", "kick-off", milestone=True)))
    assert s.item("K").end == date(2026, 6, 1)


def test_items_without_dates_start_at_the_project_start_snapped_to_a_workday():
    s = run(plan(WbsItem("A", "a", duration=2), start=date(2026, 5, 2)))
    assert (s.item("A").start, s.item("A").end) == (date(2026, 5, 7), date(2026, 5, 8))


def test_start_argument_overrides_the_file():
    s = run(plan(WbsItem("A", "a", duration=1)), start=date(2026, 7, 1))
    assert s.item("A").start == date(2026, 7, 1)


def test_without_any_start_the_earliest_named_date_is_used():
    s = run(plan(WbsItem("A", "a", duration=1), WbsItem("B", "b", start=date(2026, 8, 3), duration=1), start=None))
    assert s.item("A").start == date(2026, 8, 3)


def test_end_and_duration_give_the_start():
    s = run(plan(WbsItem("A", "a", end=date(2026, 5, 8), duration=3)))
    assert s.item("A").start == date(2026, 5, 1)  # 5/1, 5/7, 5/8


def test_parent_spans_its_children_and_successors_wait_for_all_of_them():
    s = run(plan(
        WbsItem("1", "p", children=(
            WbsItem("1.1", "a", duration=2),
            WbsItem("1.2", "b", start=date(2026, 6, 3), duration=4),
        )),
        WbsItem("2", "q", after=after("1"), duration=1),
    ))
    assert (s.item("1").start, s.item("1").end) == (date(2026, 6, 1), date(2026, 6, 8))
    assert s.item("1").duration == 6
    assert (s.item("1.1").depth, s.item("1.1").parent) == (1, "1")
    assert s.item("2").start == date(2026, 6, 9)


def test_a_parents_predecessor_delays_its_children():
    s = run(plan(
        WbsItem("1", "a", duration=3),
        WbsItem("2", "p", after=after("1"), children=(WbsItem("2.1", "x", duration=1), WbsItem("2.2", "y", duration=2))),
    ))
    assert s.item("2.1").start == date(2026, 6, 4)
    assert s.item("2.2").start == date(2026, 6, 4)


def test_critical_path_and_float_on_a_diamond():
    # A(3) -> B(2) -> D(1) and A -> C(4) -> D. C is the longer branch: B has 2 days of float.
    s = run(plan(
        WbsItem("A", "a", duration=3),
        WbsItem("B", "b", after=after("A"), duration=2),
        WbsItem("C", "c", after=after("A"), duration=4),
        WbsItem("D", "d", after=after("B", "C"), duration=1),
    ))
    assert [(s.item(i).start, s.item(i).end) for i in "ABCD"] == [
        (date(2026, 6, 1), date(2026, 6, 3)),
        (date(2026, 6, 4), date(2026, 6, 5)),
        (date(2026, 6, 4), date(2026, 6, 9)),
        (date(2026, 6, 10), date(2026, 6, 10)),
    ]
    assert [s.item(i).total_float for i in "ABCD"] == [0, 2, 0, 0]
    assert (s.item("B").late_start, s.item("B").late_end) == (date(2026, 6, 8), date(2026, 6, 9))
    assert s.critical_path == ("A", "C", "D")
    assert not s.item("B").critical


def test_float_of_a_dangling_task_runs_to_the_project_finish():
    s = run(plan(WbsItem("A", "a", duration=10), WbsItem("B", "b", duration=2)))
    assert s.item("B").total_float == 8
    assert s.critical_path == ("A",)


def test_missed_milestone_target_gives_negative_float():
    s = run(plan(
        WbsItem("A", "a", duration=5),
        WbsItem("M", "m", milestone=True, after=after("A"), target=date(2026, 6, 3)),
    ))
    assert s.item("M").end == date(2026, 6, 5)
    assert s.item("M").total_float == -2
    assert s.item("A").total_float == -2
    assert s.item("M").critical and s.item("A").critical


def test_parent_float_is_the_least_of_its_children():
    s = run(plan(
        WbsItem("1", "p", children=(WbsItem("1.1", "a", duration=2), WbsItem("1.2", "b", duration=5))),
    ))
    assert s.item("1.1").total_float == 3
    assert s.item("1").total_float == 0


def test_progress_from_linked_issues():
    issues = {k.key: k for k in (issue(1, "closed"), issue(2, "open"), issue(3, "closed"), issue(4, "closed"))}
    s = run(plan(WbsItem("A", "a", duration=1, issues=("MIRA-1", "MIRA-2", "MIRA-3", "MIRA-4", "MIRA-99"))), issues)
    assert s.item("A").progress == 75.0  # MIRA-99 does not exist and does not count
    assert s.item("A").progress_source == "issues"


def test_progress_rolls_up_weighted_by_working_days():
    s = run(plan(WbsItem("1", "p", children=(
        WbsItem("1.1", "a", duration=6, progress=50),
        WbsItem("1.2", "b", duration=2, progress=100),
        WbsItem("1.3", "m", milestone=True, after=after("1.1", "1.2")),
    ))))
    assert s.item("1").progress == pytest.approx((6 * 50 + 2 * 100) / 8)
    assert s.item("1").progress_source == "children"
    assert s.item("1.3").progress == 0.0  # 1.1 is not done yet


def test_given_progress_wins_over_issues_and_children():
    s = run(plan(WbsItem("1", "p", progress=10, children=(WbsItem("1.1", "a", duration=1, progress=100),))))
    assert s.item("1").progress == 10.0


def test_milestone_is_reached_when_all_its_predecessors_are_done():
    s = run(plan(WbsItem("A", "a", duration=1, progress=100), WbsItem("M", "m", milestone=True, after=after("A"))))
    assert s.item("M").progress == 100.0


def test_planned_progress_and_late_flag_against_today():
    wbs = plan(
        WbsItem("A", "a", start=date(2026, 6, 1), end=date(2026, 6, 10), progress=20),  # 8 working days
        WbsItem("B", "b", start=date(2026, 6, 1), end=date(2026, 6, 3), progress=60),
        WbsItem("C", "c", start=date(2026, 6, 1), end=date(2026, 6, 3), progress=100),
    )
    s = run(wbs, today=date(2026, 6, 5))
    assert s.item("A").planned_progress == pytest.approx(100 * 4 / 8)  # 6/1-6/4 should be done
    assert not s.item("A").late
    assert s.item("B").late
    assert not s.item("C").late


def test_item_without_duration_is_assumed_one_day():
    s = run(plan(WbsItem("A", "a"), WbsItem("B", "b", after=after("A"), duration=1)))
    assert s.item("A").assumed and s.item("A").duration == 1
    assert s.item("B").start == date(2026, 6, 2)


def test_cycles_do_not_hang_and_everything_still_gets_dates():
    s = run(plan(
        WbsItem("A", "a", after=after("C"), duration=1),
        WbsItem("B", "b", after=after("A"), duration=1),
        WbsItem("C", "c", after=after("B"), duration=1),
        WbsItem("1", "p", after=after("1.1"), children=(WbsItem("1.1", "x", duration=1),)),
    ))
    assert all(i.start >= date(2026, 6, 1) for i in s.items)
    assert [i.id for i in s.items] == ["A", "B", "C", "1", "1.1"]


def test_unknown_predecessor_is_ignored():
    s = run(plan(WbsItem("A", "a", after=after("nope"), duration=1)))
    assert s.item("A").start == date(2026, 6, 1)


@st.composite
def plans(draw, acyclic: bool = True):
    n = draw(st.integers(1, 25))
    items = []
    for k in range(n):
        limit = k if acyclic else n
        preds = draw(st.lists(st.integers(0, max(limit - 1, 0)), max_size=3, unique=True)) if limit else []
        lag = draw(st.integers(-1, 3))
        items.append(WbsItem(
            f"T{k}", "t", duration=draw(st.integers(1, 8)),
            milestone=draw(st.booleans()) and k % 4 == 3,
            after=tuple(Dependency(f"T{p}", lag) for p in preds),
        ))
    # Group every five items under a parent.
    groups = tuple(WbsItem(f"P{g}", "p", children=tuple(items[g * 5:(g + 1) * 5])) for g in range((n + 4) // 5))
    return plan(*groups)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_every_successor_respects_its_predecessors_and_parents_span_children(wbs):
    from tsuzuri.planning.workcal import WorkCalendar

    cal = WorkCalendar(CONFIG.calendar)
    s = run(wbs)
    for item in s.items:
        for dep in item.after:
            pred = s.item(dep.id)
            gap = dep.lag + (0 if item.milestone else 1)
            assert cal.index(item.start) >= cal.index(pred.end) + gap
        if item.summary:
            children = [c for c in s.items if c.parent == item.id]
            assert item.start == min(c.start for c in children)
            assert item.end == max(c.end for c in children)
        assert item.total_float >= 0  # no targets and no pins: nothing can be negative
    assert s.critical_path
    assert max(i.end for i in s.items) == s.finish


@settings(max_examples=100, deadline=None)
@given(plans(acyclic=False))
def test_any_graph_schedules_and_checks_without_hanging(wbs):
    from tsuzuri.planning.schedule_checks import check

    s = run(wbs)
    assert len(s.items) == sum(1 for _ in wbs.walk())
    list(check(wbs, CONFIG, {}, TODAY))
