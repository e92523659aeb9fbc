"""The demo site's Gantt page in Debian's chromium: the bars match the schedule, and the chart reads at 100 rows.

HOJO's plan has about 100 rows: the time axis stays in view while they scroll, the legend
comes first, each row's dates, who and progress stand beside its bar, the scale switches
between days, weeks and months, and plotly's toolbar speaks Japanese without covering a tick.
"""

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
READY = "#tsuzuri-gantt-HOJO-frame[data-ready]"  # both figures drawn and linked


def open_gantt(pg, url: str) -> None:
    """Open a Gantt page and wait until its chart is ready (generously: the machine may be loaded)."""
    pg.goto(url)
    pg.wait_for_selector(READY, state="attached", timeout=60_000)


@pytest.fixture(scope="module")
def demo_server(demo_site):
    with serving(demo_site) as url:
        yield url


# The drawn figure as plotly holds it (its traces), the row labels of the side columns beside
# it, and what the bars' SVG is made of.
READ_FIGURE = """() => {
  const div = document.getElementById('tsuzuri-gantt-HOJO');
  return {
    traces: div.data.map(t => ({name: t.name, fill: t.fill || '', showlegend: t.showlegend,
                                 y: Array.from(t.y || []), x: Array.from(t.x || [])})),
    labels: [...document.querySelectorAll('#tsuzuri-gantt-HOJO-frame .tsuzuri-gantt-row .tsuzuri-gantt-label')].map(e => e.textContent),
    lines: div.querySelectorAll('.scatterlayer path.js-line').length,
    fills: div.querySelectorAll('.scatterlayer path.js-fill').length,
    shapes: [...div.querySelectorAll('.shapelayer path')].map(p => (p.getAttribute('d').match(/M/g) || []).length),
  };
}"""


def boxes(t) -> list[tuple[int, str, str]]:
    """Return the bars a filled trace draws: (row, first day, day after the last), one box between each None."""
    found, start = [], 0
    xs, ys = [*t["x"], None], t["y"]
    for n, x in enumerate(xs):
        if x is None and n > start:
            found.append((round((ys[start] + ys[start + 2]) / 2), xs[start][:10], xs[start + 1][:10]))
            start = n + 1
    return found


def test_gantt_page_bars_match_the_schedule(page, demo_server, demo_repo):  # noqa: F811
    tracker = load(demo_repo).tracker
    planned = schedule(tracker.wbs["HOJO"], tracker.config, tracker.issues, DEMO_DAY)
    base = baseline_of(demo_repo, tracker, tracker.wbs["HOJO"], DEMO_DAY, current=planned)
    assert base.problem == ""

    open_gantt(page, demo_server + "tracker/gantt/HOJO/")
    fig = page.evaluate(READ_FIGURE)

    # One bar per task, in its organization's fill (all of one organization's bars are one path).
    orgs = {o.name for o in tracker.config.organizations}
    tasks = [t for t in fig["traces"] if t["fill"] == "toself" and t["name"] in orgs and t["showlegend"] is not False]
    leaves = [i for i in planned.items if not i.summary and not i.milestone]
    assert sum(len(boxes(t)) for t in tasks) == len(leaves)

    # A known item, read off the x axis: its bar starts on its start day and covers its end day.
    item = planned.item("2.1")
    row = next(n for n, label in enumerate(fig["labels"]) if label.startswith("2.1 "))
    [(_, start, after)] = [b for t in tasks for b in boxes(t) if b[0] == row]
    assert date.fromisoformat(start) == item.start
    assert date.fromisoformat(after) - timedelta(days=1) == item.end

    # The baseline is drawn for every item both plans have, and the slip table lists them.
    drawn = next(t for t in fig["traces"] if t["name"] == "ベースライン")
    assert len(boxes(drawn)) == len(base.slip.items)
    assert page.locator(".tsuzuri-slip tbody tr").count() == len(base.slip.items)
    assert page.locator(".tsuzuri-slip-owners tbody tr").count() == len(base.slip.owners)
    assert any(r.end_slip > 0 for r in base.slip.items)  # the demo's plan did slip

    # Drawn in few elements: the bars are fills, with a line only where an outline is seen (the
    # critical path's), and every dependency line is one path.
    critical = sum(len(boxes(t)) for t in fig["traces"] if t["name"] in ("クリティカル", "サマリー") and t["fill"])
    assert fig["fills"] >= len(tasks) and fig["lines"] <= critical + 5, fig
    links = sum(1 for i in planned.items for d in i.after if planned.item(d.id))
    assert links > 10 and links in fig["shapes"], fig["shapes"]
    assert page.errors == [] and set(page.hosts) == {"127.0.0.1"}


def test_gantt_page_uses_the_window_width(page, demo_server):  # noqa: F811
    page.set_viewport_size({"width": 1400, "height": 900})
    open_gantt(page, demo_server + "tracker/gantt/")
    width = page.evaluate("document.getElementById('tsuzuri-gantt-HOJO-frame').getBoundingClientRect().width")
    assert width > 1000  # Material's reading column alone is about 750 px at this size
    assert page.locator(".md-sidebar--secondary").is_hidden()  # no table of contents beside the chart


BOXES = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const frame = document.getElementById('tsuzuri-gantt-HOJO-frame');
  const axis = document.getElementById('tsuzuri-gantt-HOJO-axis');
  return {
    legend: box(frame.querySelector('.tsuzuri-gantt-legend')),
    head: box(frame.querySelector('.tsuzuri-gantt-head')),
    plot: box(document.querySelector('#tsuzuri-gantt-HOJO .nsewdrag')),
    rows: [...frame.querySelectorAll('.tsuzuri-gantt-row')].map(box),
    ticks: [...axis.querySelectorAll('.xtick text')].map(box).filter(b => b.right > b.left),
    buttons: [...axis.querySelectorAll('.modebar-btn')].map(b => ({title: b.getAttribute('data-title'), ...box(b)})),
    header: box(document.querySelector('.md-header')),
  };
}"""


def _overlap(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["1366x768", "390x844"])
def test_a_hundred_rows_read_with_the_axis_in_view(page, demo_server, size):  # noqa: F811
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_gantt(page, demo_server + "tracker/gantt/HOJO/")
    boxes = page.evaluate(BOXES)
    # The legend first, above the chart.
    assert boxes["legend"]["bottom"] <= boxes["head"]["top"] + 1
    # Each side row is exactly as high as a row of bars, and the last ones end together.
    rows = boxes["rows"]
    assert len(rows) >= 90
    assert abs(rows[0]["top"] - boxes["plot"]["top"]) < 1.5 and abs(rows[-1]["bottom"] - boxes["plot"]["bottom"]) < 1.5
    # plotly's toolbar speaks Japanese, has no upload button, and covers no tick label.
    titles = [b["title"] for b in boxes["buttons"]]
    sharing_or_zoom = any("Share" in t or "Zoom" in t for t in titles)
    assert "移動" in titles and "軸をリセット" in titles and "ズーム" not in titles and not sharing_or_zoom, titles
    assert boxes["ticks"] and not [(b, t) for b in boxes["buttons"] for t in boxes["ticks"] if _overlap(b, t)]
    # Tick labels never run into each other, at a laptop's width or a phone's.
    ticks = sorted(boxes["ticks"], key=lambda t: t["left"])
    assert all(a["right"] <= b["left"] + 1 for a, b in zip(ticks, ticks[1:], strict=False)), ticks
    # Scrolled to the last rows, the time axis still stands right under the site's header.
    page.evaluate("rows => window.scrollTo(0, rows)", int(rows[-1]["bottom"]) - size[1] + 50)
    page.wait_for_timeout(300)
    scrolled = page.evaluate(BOXES)
    assert abs(scrolled["head"]["top"] - scrolled["header"]["bottom"]) < 2
    assert scrolled["ticks"] and all(t["top"] >= scrolled["header"]["bottom"] - 1 for t in scrolled["ticks"])
    assert scrolled["rows"][-1]["bottom"] < size[1]  # the last row is on the screen, under the axis
    assert page.errors == [] and set(page.hosts) == {"127.0.0.1"}


def test_side_columns_name_every_row_in_full(page, demo_server, demo_repo):  # noqa: F811
    tracker = load(demo_repo).tracker
    planned = schedule(tracker.wbs["HOJO"], tracker.config, tracker.issues, DEMO_DAY)
    open_gantt(page, demo_server + "tracker/gantt/HOJO/")
    side = page.eval_on_selector_all("#tsuzuri-gantt-HOJO-frame .tsuzuri-gantt-row", """rs => rs.map(r => {
        const c = [...r.children]; return {label: c[0].getAttribute('title'), text: c[0].textContent, start: c[1].textContent,
        end: c[2].textContent, who: c[3].textContent, progress: c[4].textContent,
        late: !!c[4].querySelector('.tsuzuri-gantt-late')}; })""")
    item = planned.item("2.1")
    row = next(r for r in side if r["label"].startswith("2.1 "))
    assert (row["start"], row["end"], row["progress"].removeprefix("遅延 ")) == (f"{item.start}", f"{item.end}", f"{item.progress:.0f}%")
    assert row["who"]
    # A late item says so in its progress column, beside its red triangle; no other row does.
    items = {i.id: i for i in planned.items}
    said = {r["label"].split(" ")[0] for r in side if r["late"]}
    assert said and said == {i for i, it in items.items() if it.late}
    assert all(r["progress"].startswith("遅延 ") for r in side if r["late"])
    # Full labels: nothing cut with an ellipsis in the text; the whole label is there to point at.
    assert all(r["label"] == r["text"] and not r["text"].endswith("…") for r in side)
    long = max(side, key=lambda r: len(r["text"]))
    cell = page.locator("#tsuzuri-gantt-HOJO-frame .tsuzuri-gantt-row .tsuzuri-gantt-label", has_text=long["text"]).first
    cell.scroll_into_view_if_needed()
    cell.hover()
    shown = cell.evaluate("e => [e.scrollWidth, e.getBoundingClientRect().width]")
    assert shown[1] >= shown[0] - 1  # pointed at, the whole label shows


# The size in pixels of the first mark of each glyph the loader draws (dependency heads, late triangles).
MARK_SIZES = """() => {
  const div = document.getElementById('tsuzuri-gantt-HOJO');
  const sizes = {};
  div.layout.shapes.forEach((s, i) => {
    if (!String(s.name).startsWith('tsuzuri-marks:')) return;
    const d = div.querySelector(`.shapelayer path[data-index="${i}"]`).getAttribute('d');
    const nums = d.split('Z')[0].slice(1).split(/[ML,]/).map(Number);
    const xs = nums.filter((_, n) => n % 2 === 0), ys = nums.filter((_, n) => n % 2 === 1);
    const round = v => Math.round(v * 10) / 10;
    sizes[s.name.split(':')[1]] = [
      round(Math.max(...xs) - Math.min(...xs)), round(Math.max(...ys) - Math.min(...ys)), d.split('M').length - 1];
  });
  return sizes;
}"""


def test_scale_switches_between_days_weeks_and_months(page, demo_server):  # noqa: F811
    page.set_viewport_size({"width": 1366, "height": 768})
    open_gantt(page, demo_server + "tracker/gantt/HOJO/")
    read = """() => ['tsuzuri-gantt-HOJO-axis', 'tsuzuri-gantt-HOJO'].map(id => {
        const x = document.getElementById(id)._fullLayout.xaxis; return {range: x.range.slice(), dtick: x.dtick}; })"""
    month = page.evaluate(read)
    assert month[0]["dtick"] in ("M1", "M2") and month[0]["range"] == month[1]["range"]  # a month or two a tick, as the width allows
    # Heads and late triangles are drawn at their size in pixels, whatever the scale.
    sizes = page.evaluate(MARK_SIZES)
    assert {"arrow-right", "triangle"} <= set(sizes), sizes
    assert sizes["arrow-right"][:2] == [7, 7] and sizes["triangle"][:2] == [10, 9], sizes
    for scale, dtick in (("week", 7 * DAY_MS), ("day", DAY_MS)):
        page.click(f"#tsuzuri-gantt-HOJO-frame button[data-scale={scale}]")
        page.wait_for_function(f"document.getElementById('tsuzuri-gantt-HOJO-frame').dataset.scale === '{scale}'", timeout=60_000)
        axis, bars = page.evaluate(read)
        assert axis["dtick"] % dtick == 0 and bars["range"] == axis["range"], scale  # the bars follow the axis
        ticks = sorted(page.evaluate(BOXES)["ticks"], key=lambda t: t["left"])
        assert len(ticks) > 5 and all(a["right"] <= b["left"] + 1 for a, b in zip(ticks, ticks[1:], strict=False)), scale
        assert page.get_attribute(f"button[data-scale={scale}]", "aria-pressed") == "true"
        page.wait_for_function(f"({MARK_SIZES})()['arrow-right'][0] < 7.5", timeout=60_000)  # redrawn for the new scale
        assert page.evaluate(MARK_SIZES) == sizes, scale  # the same size, and every mark still there
    days = (date.fromisoformat(axis["range"][1][:10]) - date.fromisoformat(axis["range"][0][:10])).days
    assert days < 40
    # Panning the bars moves the axis with them.
    page.evaluate("() => Plotly.relayout('tsuzuri-gantt-HOJO', {'xaxis.range': ['2026-06-01', '2026-07-01']})")
    page.wait_for_function(
        "document.getElementById('tsuzuri-gantt-HOJO-axis')._fullLayout.xaxis.range[0].startsWith('2026-06-01')", timeout=60_000
    )
    # The keyboard reaches the switch, and Enter presses it.
    page.focus("#tsuzuri-gantt-HOJO-frame button[data-scale=month]")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('tsuzuri-gantt-HOJO-frame').dataset.scale === 'month'", timeout=60_000)
    assert page.evaluate(read)[0]["dtick"] == month[0]["dtick"]
    assert page.errors == []
