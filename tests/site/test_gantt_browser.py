"""The demo site's Gantt page in Debian's chromium: the bars drawn match the schedule, with baseline and slip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tsuzuri.planning.baseline import baseline_of
from tsuzuri.planning.schedule import schedule
from tsuzuri.store import load

from .conftest import DEMO_DAY, serving
from .test_browser import page  # noqa: F401  (a fixture; chromium itself comes from conftest)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def demo_server(demo_site):
    with serving(demo_site) as url:
        yield url


# The drawn figure as plotly holds it: traces, and the row labels of the y axis.
READ_FIGURE = """() => {
  const div = document.getElementById('tsuzuri-gantt-HOJO');
  return {
    traces: div.data.map(t => ({name: t.name, type: t.type, width: t.width, showlegend: t.showlegend,
                                 y: Array.from(t.y || []), base: Array.from(t.base || []), x: Array.from(t.x || [])})),
    labels: Array.from(div.layout.yaxis.ticktext),
    rects: div.querySelectorAll('.barlayer .point path').length,
  };
}"""


def test_gantt_page_bars_match_the_schedule(page, demo_server, demo_repo):  # noqa: F811
    tracker = load(demo_repo).tracker
    planned = schedule(tracker.wbs["HOJO"], tracker.config, tracker.issues, DEMO_DAY)
    base = baseline_of(demo_repo, tracker, tracker.wbs["HOJO"], DEMO_DAY, current=planned)
    assert base.problem == ""

    page.goto(demo_server + "tracker/gantt/HOJO/")
    page.wait_for_selector("#tsuzuri-gantt-HOJO .main-svg", timeout=30000)
    fig = page.evaluate(READ_FIGURE)

    # One bar per task (the group's colour; its progress shade repeats it with no legend entry).
    tasks = [t for t in fig["traces"] if t["type"] == "bar" and t["width"] == 0.6 and t["showlegend"] is not False]
    leaves = [i for i in planned.items if not i.summary and not i.milestone]
    assert sum(len(t["y"]) for t in tasks) == len(leaves)
    assert fig["rects"] >= len(leaves)

    # A known item, read off the x axis: its bar starts on its start day and covers its end day.
    item = planned.item("2.1")
    row = next(n for n, label in enumerate(fig["labels"]) if label.strip("\u3000").startswith("2.1 "))
    trace = next(t for t in tasks if row in t["y"])
    k = trace["y"].index(row)
    start = date.fromisoformat(trace["base"][k][:10])
    assert start == item.start
    assert start + timedelta(days=trace["x"][k] // DAY_MS - 1) == item.end

    # The baseline is drawn for every item both plans have, and the slip table lists them.
    drawn = next(t for t in fig["traces"] if t["name"] == "ベースライン")
    assert len(drawn["y"]) == len(base.slip.items)
    assert page.locator(".tsuzuri-slip tbody tr").count() == len(base.slip.items)
    assert page.locator(".tsuzuri-slip-owners tbody tr").count() == len(base.slip.owners)
    assert any(r.end_slip > 0 for r in base.slip.items)  # the demo's plan did slip
    assert page.errors == [] and set(page.hosts) == {"127.0.0.1"}


def test_gantt_page_uses_the_window_width(page, demo_server):  # noqa: F811
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(demo_server + "tracker/gantt/")
    page.wait_for_selector("#tsuzuri-gantt-HOJO .main-svg", timeout=30000)
    width = page.evaluate("document.getElementById('tsuzuri-gantt-HOJO').getBoundingClientRect().width")
    assert width > 1000  # Material's reading column alone is about 750 px at this size
    assert page.locator(".md-sidebar--secondary").is_hidden()  # no table of contents beside the chart
    legend = page.evaluate("(() => { const d = document.getElementById('tsuzuri-gantt-HOJO'); return d.layout.legend.orientation; })()")
    assert legend == "h"
