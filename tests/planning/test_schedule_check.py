from datetime import date

from tsuzuri.model import Config, Dependency, Wbs, WbsItem
from tsuzuri.planning.schedule_checks import check

EN = Config(language="en")
JA = Config(language="ja")
TODAY = date(2026, 5, 15)


def after(*ids: str) -> tuple[Dependency, ...]:
    return tuple(Dependency(i) for i in ids)


def findings(*items: WbsItem, config: Config = EN):
    return list(check(Wbs("MIRA", "wbs/MIRA.yml", items, start=date(2026, 6, 1)), config, {}, TODAY))


def codes(found) -> list[tuple[int, str, str]]:
    return [(f.line, f.code, f.severity) for f in found]


def test_a_clean_plan_has_no_findings():
    assert findings(
        WbsItem("A", "a", line=1, duration=2),
        WbsItem("M", "m", line=2, milestone=True, after=after("A"), target=date(2026, 6, 2)),
    ) == []


def test_two_item_cycle_is_named():
    found = findings(
        WbsItem("1.1", "a", line=1, duration=1),
        WbsItem("1.2", "b", line=2, after=after("1.3"), duration=1),
        WbsItem("1.3", "c", line=3, after=after("1.2"), duration=1),
    )
    assert codes(found) == [(2, "wbs-cycle", "error")]
    assert "1.2 -> 1.3 -> 1.2" in found[0].message


def test_three_item_cycle_and_self_loop_are_each_reported_once():
    found = findings(
        WbsItem("A", "a", line=1, after=after("C"), duration=1),
        WbsItem("B", "b", line=2, after=after("A"), duration=1),
        WbsItem("C", "c", line=3, after=after("B"), duration=1),
        WbsItem("D", "d", line=4, after=after("D"), duration=1),
    )
    messages = sorted(f.message for f in found if f.code == "wbs-cycle")
    assert len(messages) == 2
    assert "A -> B -> C -> A" in messages[0]
    assert "D -> D" in messages[1]


def test_child_depending_on_its_own_parent_is_a_cycle():
    found = findings(WbsItem("1", "p", line=1, children=(WbsItem("1.1", "a", line=2, after=after("1"), duration=1),)))
    assert [f.code for f in found] == ["wbs-cycle"]
    assert "1 -> 1.1 -> 1" in found[0].message


def test_explicit_start_before_the_predecessor_ends():
    found = findings(
        WbsItem("A", "a", line=1, start=date(2026, 6, 1), end=date(2026, 6, 5)),
        WbsItem("B", "b", line=2, after=after("A"), start=date(2026, 6, 4), duration=1),
    )
    assert codes(found) == [(2, "wbs-start-before-predecessor", "error")]
    assert "2026-06-08" in found[0].message  # the earliest start that would fit


def test_child_outside_the_parents_explicit_dates():
    found = findings(WbsItem("1", "p", line=1, start=date(2026, 6, 1), end=date(2026, 6, 5), children=(
        WbsItem("1.1", "a", line=2, duration=3),
        WbsItem("1.2", "b", line=3, after=after("1.1"), duration=3),
    )))
    assert codes(found) == [(3, "wbs-outside-parent", "error")]
    assert "1.2" in found[0].message


def test_date_on_a_holiday_is_a_warning():
    found = findings(WbsItem("A", "a", line=7, start=date(2026, 5, 5), end=date(2026, 5, 8)))
    assert codes(found) == [(7, "wbs-non-working-day", "warning")]
    assert "2026-05-07" in found[0].message


def test_milestone_target_the_plan_cannot_meet():
    found = findings(
        WbsItem("A", "a", line=1, duration=5),
        WbsItem("M", "m", line=2, milestone=True, after=after("A"), target=date(2026, 6, 3)),
    )
    assert codes(found) == [(2, "wbs-milestone-missed", "error")]
    assert "2 working day" in found[0].message


def test_item_that_cannot_be_scheduled():
    found = findings(WbsItem("A", "a", line=4), WbsItem("B", "b", line=5, start=date(2026, 6, 1)))
    assert codes(found) == [(4, "wbs-unschedulable", "error"), (5, "wbs-unschedulable", "error")]


def test_parents_and_milestones_need_no_duration():
    assert findings(WbsItem("1", "p", line=1, children=(WbsItem("1.1", "a", line=2, duration=1),)),
                    WbsItem("M", "m", line=3, milestone=True)) == []


def test_messages_follow_the_configured_language():
    found = findings(WbsItem("A", "a", line=1, after=after("A"), duration=1), config=JA)
    assert found[0].message.startswith("先行関係が循環しています")
