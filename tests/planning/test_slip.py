from datetime import date

from tsuzuri.model import Config, Dependency, Wbs, WbsItem
from tsuzuri.planning.schedule import schedule
from tsuzuri.planning.slip import slip_table
from tsuzuri.planning.workcal import WorkCalendar

CONFIG = Config()


def plan(first_end: date, extra: bool = False):
    items = [
        WbsItem("1", "要件定義", owner="vendor-a", children=(
            WbsItem("1.1", "a", start=date(2026, 4, 20), end=first_end),
            WbsItem("1.2", "b", after=(Dependency("1.1"),), duration=2),
        )),
        WbsItem("2", "c", owner="office", start=date(2026, 4, 20), duration=3),
    ]
    if extra:
        items.append(WbsItem("3", "new", owner="office", duration=1))
    return schedule(Wbs("MIRA", "wbs/MIRA.yml", tuple(items), start=date(2026, 4, 20)), CONFIG, {}, date(2026, 4, 20))


def test_slip_is_counted_in_working_days_across_golden_week():
    baseline = plan(date(2026, 4, 28))  # 1.2 runs 4/30-5/1
    current = plan(date(2026, 5, 1), extra=True)  # 1.2 runs 5/7-5/8
    table = slip_table(current, baseline, WorkCalendar(CONFIG.calendar))
    rows = {r.id: r for r in table.items}
    assert (rows["1.1"].end_slip, rows["1.1"].start_slip) == (2, 0)  # 4/28 -> 5/1 moves over 4/28 and 4/30
    assert (rows["1.2"].baseline_start, rows["1.2"].start) == (date(2026, 4, 30), date(2026, 5, 7))
    assert rows["1.2"].start_slip == 2 and rows["1.2"].end_slip == 2
    assert rows["2"].end_slip == 0
    owners = {o.owner: o for o in table.owners}
    assert (
        owners["vendor-a"].items, owners["vendor-a"].slipped, owners["vendor-a"].max_slip, owners["vendor-a"].total_slip
    ) == (2, 2, 2, 4)
    assert (owners["office"].items, owners["office"].slipped, owners["office"].max_slip) == (1, 0, 0)
    assert table.added == ("3",) and table.removed == ()
