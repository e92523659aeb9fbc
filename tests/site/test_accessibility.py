"""WCAG 2.1 AA in Debian's chromium: axe-core over every page kind, reflow at 320 px, the keyboard.

axe-core (tests/site/package.json, installed by `npm ci --prefix tests/site`) is injected into
each page of the demo site as built by `make site`, and must report no violation of the rules
tagged wcag2a, wcag2aa, wcag21a or wcag21aa, at any impact. docs/accessibility.md lists what
these tests check and what is left to a person.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# One page of every kind the site makes, from the demo tracker.
PAGES = {
    "dashboard": "",
    "issue-list": "tracker/issues/",
    "board": "tracker/boards/HOJO/",
    "inquiries": "tracker/inquiries/",
    "issue": "tracker/issues/HOJO-29/",
    "member": "tracker/members/mori/",
    "organization": "tracker/organizations/office/",
    "milestone": "tracker/milestones/HOJO/st/",
    "minutes-index": "tracker/minutes/",
    "shared-files": "tracker/shared/HOJO/",
    "minutes": "tracker/minutes/2026/2026-11-25-hojo-teirei-12/",
    "gantt": "tracker/gantt/HOJO/",
    "activity": "tracker/activity/",
    "my-page": "tracker/me/",
    "new-issue-form": "tracker/new/HOJO/",
}

READY = """() => {
  const list = document.querySelector('.tsuzuri-list');
  if (list && !list.dataset.ready) return false;
  return [...document.querySelectorAll('.tsuzuri-chart')].every(c => c.querySelector('.main-svg'));
}"""

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, tags: v.tags,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> Path:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(
                f"{AXE.relative_to(Path.cwd()) if AXE.is_relative_to(Path.cwd()) else AXE} is missing: run `npm ci --prefix tests/site`"
            )
        pytest.skip("axe-core is not installed: run `npm ci --prefix tests/site` (make test does)")
    return AXE


@pytest.fixture(scope="module")
def server(demo_site):
    with serving(demo_site) as url:
        yield url


def open_page(browser, width: int, height: int = 800):
    """Return a page of a fresh context that lets only the local server answer."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    # Generous: on a loaded machine a page with plotly.min.js (1.2 MB) can take longer than the default 30 s.
    context.set_default_timeout(120_000)
    context.set_default_navigation_timeout(120_000)
    pg = context.new_page()
    pg.errors = []
    pg.hosts = []

    def route(r):
        host = urlparse(r.request.url).hostname
        pg.hosts.append(host)
        if host == "127.0.0.1":
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    return pg


def load(pg, url: str) -> None:
    response = pg.goto(url)
    assert response is not None and response.ok, f"{url}: {response.status if response else 'no response'}"
    pg.wait_for_function(READY, timeout=120_000)


def axe_violations(pg, axe: Path) -> list[dict]:
    pg.add_script_tag(path=str(axe))
    return pg.evaluate(RUN_AXE, WCAG_TAGS)


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {', '.join(t for t in v['tags'] if t.startswith('wcag'))}): {v['help']}")
        lines += [f"    {n}" for n in v["nodes"][:5]]
    return "\n".join(lines)


@pytest.fixture(scope="module", params=[1366, 320], ids=["1366px", "320px"])
def window(request, browser):
    """One browser window per width, reused by every page kind."""
    pg = open_page(browser, request.param)
    pg.width = request.param
    yield pg
    pg.context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_page_kind_meets_wcag_21_aa(window, server, axe_source, kind):
    pg = window
    load(pg, server + PAGES[kind])
    # Chart tables are checked open, as a reader who opens them meets them.
    pg.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    pg.wait_for_timeout(250)
    violations = axe_violations(pg, axe_source)
    assert violations == [], f"{kind} at {pg.width} px:\n{report(violations)}"
    assert pg.errors == [] and set(pg.hosts) == {"127.0.0.1"}
    if pg.width == 320:
        # 1.4.10: no sideways scrolling of the page; what is wider scrolls in its own box, which
        # the keyboard can reach.
        width = pg.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{kind}: the page is {width} px wide in a 320 px window"
        boxes = pg.evaluate("""() => [...document.querySelectorAll('.md-content table')]
            .filter(t => t.scrollWidth > t.clientWidth + 1)
            .map(t => ({overflow: getComputedStyle(t).overflowX, focusable: t.tabIndex >= 0 || !!t.querySelector('a, button, input')}))""")
        assert all(b["overflow"] in ("auto", "scroll") and b["focusable"] for b in boxes), boxes
    else:
        # Headings go down one level at a time (1.3.1; axe counts heading order as best practice only).
        levels = pg.evaluate(
            "() => [...document.querySelectorAll('.md-content :is(h1, h2, h3, h4, h5, h6)')].map(h => Number(h.tagName[1]))"
        )
        assert levels and levels[0] == 1, f"{kind}: the first heading is h{levels[:1]}"
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert skips == [], f"{kind}: heading levels skip: {skips}"


def test_search_results_have_no_wcag_violation(browser, server, axe_source):
    pg = open_page(browser, 1366)
    try:
        load(pg, server)
        open_search_and_type(pg, "API")
        violations = axe_violations(pg, axe_source)
        assert violations == [], report(violations)
    finally:
        pg.context.close()


# --- the keyboard alone -------------------------------------------------------------------------


def tab_to(pg, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if pg.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector} in {limit} presses")


RING = """() => {
  const el = document.activeElement, s = getComputedStyle(el);
  return {visible: el.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          shadow: s.boxShadow, color: s.outlineColor};
}"""


def assert_focus_ring(pg, what: str) -> None:
    """Assert the focused element shows a ring the eye can see: a 2 px outline that changes its pixels."""
    ring = pg.evaluate(RING)
    assert ring["visible"], f"{what}: focused from the keyboard but not :focus-visible"
    assert ring["style"] not in ("none", "hidden") and ring["width"] >= 2, f"{what}: no visible focus ring ({ring})"
    box = pg.evaluate("() => { const r = document.activeElement.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }")
    clip = {"x": max(0, box[0] - 6), "y": max(0, box[1] - 6), "width": box[2] + 12, "height": box[3] + 12}
    focused = pg.screenshot(clip=clip)  # Playwright hides the text caret, so only the ring can differ
    pg.evaluate("() => { window.__tsuzuriFocused = document.activeElement; document.activeElement.blur(); }")
    unfocused = pg.screenshot(clip=clip)
    pg.evaluate("() => window.__tsuzuriFocused.focus()")
    assert focused != unfocused, f"{what}: focusing it changes nothing on the screen"


def shown_keys(pg) -> list[str]:
    return pg.eval_on_selector_all(".tsuzuri-issues tbody tr", "rows => rows.map(r => r.dataset.key)")


def test_issue_list_filters_and_sorts_from_the_keyboard(browser, server):
    pg = open_page(browser, 1366, 768)
    try:
        load(pg, server + "tracker/issues/")
        everything = shown_keys(pg)
        tab_to(pg, "input[name=q]")
        assert_focus_ring(pg, "the text filter")
        pg.keyboard.type("HOJO-2")
        found = shown_keys(pg)
        assert found and len(found) < len(everything) and all(k.startswith("HOJO-2") for k in found)
        pg.keyboard.press("Control+A")
        pg.keyboard.press("Delete")
        assert len(shown_keys(pg)) == len(everything)

        tab_to(pg, "select[name=project]")
        assert_focus_ring(pg, "the project filter")
        pg.keyboard.press("ArrowDown")  # the first project
        first = pg.evaluate("() => document.querySelector('select[name=project]').value")
        assert first and set(k.split("-")[0] for k in shown_keys(pg)) == {first}

        tab_to(pg, "input[name=overdue]")
        assert_focus_ring(pg, "the 期限切れのみ checkbox")
        pg.keyboard.press("Space")
        overdue = pg.eval_on_selector_all(
            ".tsuzuri-issues tbody tr", "rows => rows.map(r => r.querySelector('td[data-col=due]').className)"
        )
        assert overdue and all("tsuzuri-overdue" in c for c in overdue)
        assert "overdue=1" in pg.url

        tab_to(pg, ".tsuzuri-clear")
        assert_focus_ring(pg, "the clear button")
        pg.keyboard.press("Enter")
        assert len(shown_keys(pg)) == len(everything)

        tab_to(pg, "th[data-sort=due] button")
        assert_focus_ring(pg, "the 期限日 sort button")
        pg.keyboard.press("Enter")
        assert pg.get_attribute("th[data-sort=due]", "aria-sort") == "ascending"
        dues = pg.eval_on_selector_all(
            ".tsuzuri-issues tbody tr", "rows => rows.map(r => r.querySelector('td[data-col=due]').textContent).filter(Boolean)"
        )
        assert dues == sorted(dues) and len(set(dues)) > 1
        pg.keyboard.press("Enter")
        assert pg.get_attribute("th[data-sort=due] ", "aria-sort") == "descending"
        dues = pg.eval_on_selector_all(
            ".tsuzuri-issues tbody tr", "rows => rows.map(r => r.querySelector('td[data-col=due]').textContent).filter(Boolean)"
        )
        assert dues == sorted(dues, reverse=True)
        assert "sort=-due" in pg.url

        # Enter on a key link opens the issue.
        tab_to(pg, ".tsuzuri-issues tbody a")
        assert_focus_ring(pg, "an issue link")
        key = pg.evaluate("() => document.activeElement.textContent")
        pg.keyboard.press("Enter")
        pg.wait_for_url(f"**/issues/{key}/")
        assert pg.errors == [] and set(pg.hosts) == {"127.0.0.1"}
    finally:
        pg.context.close()


def test_board_lanes_toggle_from_the_keyboard(browser, server):
    pg = open_page(browser, 1366, 768)
    try:
        load(pg, server + "tracker/boards/HOJO/")
        assert not pg.is_visible(".tsuzuri-board-lanes")
        tab_to(pg, ".tsuzuri-lanes-toggle")
        assert_focus_ring(pg, "the lanes toggle")
        pg.keyboard.press("Space")
        assert pg.is_visible(".tsuzuri-board-lanes") and not pg.is_visible(".tsuzuri-board-plain")
        assert "lanes=org" in pg.url
        pg.keyboard.press("Space")
        assert pg.is_visible(".tsuzuri-board-plain") and "lanes=org" not in pg.url
        assert pg.errors == []
    finally:
        pg.context.close()


def open_search_and_type(pg, word: str) -> None:
    """Open Material's search with its keyboard shortcut and type a word until results show."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    pg.keyboard.press("/")
    assert pg.evaluate("() => document.activeElement.matches('.md-search__input')"), "the / key does not focus the search"
    for _ in range(15):  # the index is built in a web worker; keys typed before it is ready find nothing
        pg.keyboard.press("Control+A")
        pg.keyboard.type(word)
        try:
            pg.wait_for_selector(".md-search-result__item", timeout=2000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"search found nothing for {word!r}")


def test_search_from_the_keyboard(browser, server):
    pg = open_page(browser, 1366, 768)
    try:
        load(pg, server)
        open_search_and_type(pg, "API")
        assert_focus_ring(pg, "the search box")
        pg.keyboard.press("ArrowDown")
        link = pg.evaluate("() => document.activeElement.closest('.md-search-result__link') && document.activeElement.href")
        assert link, "ArrowDown does not move to the first result"
        assert_focus_ring(pg, "a search result")
        pg.keyboard.press("Enter")
        pg.wait_for_url(link.split("#")[0] + "**")
        assert pg.errors == [] and set(pg.hosts) == {"127.0.0.1"}
    finally:
        pg.context.close()


def test_every_chart_has_a_table_the_keyboard_reaches(browser, server):
    pg = open_page(browser, 1366, 768)
    try:
        for path in ("tracker/gantt/HOJO/", "tracker/milestones/HOJO/st/"):
            load(pg, server + path)
            charts = pg.eval_on_selector_all(".tsuzuri-chart", "cs => cs.map(c => c.id)")
            assert charts, path
            for ident in charts:
                # The figure is announced by its caption.
                name = pg.evaluate("id => { const f = document.getElementById(id).closest('figure'); "
                                   "return f && document.getElementById(f.getAttribute('aria-labelledby')).textContent; }", ident)
                assert name and name.strip(), f"{path}: chart {ident} has no caption"
                summary = f"#{ident}-table > summary"
                tab_to(pg, summary, limit=400)
                assert_focus_ring(pg, f"the table switch of {ident}")
                pg.keyboard.press("Enter")
                rows = pg.eval_on_selector_all(f"#{ident}-table tbody tr", "rs => rs.map(r => r.cells[0].textContent)")
                assert rows and pg.is_visible(f"#{ident}-table table")
            pg.keyboard.press("Shift+Tab")
    finally:
        pg.context.close()


def test_gantt_table_lists_every_row_of_the_chart(browser, server):
    pg = open_page(browser, 1366, 768)
    try:
        load(pg, server + "tracker/gantt/HOJO/")
        labels = pg.evaluate("""() => {
            const spec = JSON.parse(document.querySelector('script.tsuzuri-plot[data-target="tsuzuri-gantt-HOJO"]').textContent);
            return spec.layout.yaxis.range[0] + 0.5; }""")  # the figure's rows: the y axis runs from the last to the first
        table = pg.eval_on_selector_all(
            "#tsuzuri-gantt-HOJO-table tbody tr", "rs => rs.map(r => [...r.cells].map(c => c.textContent.trim()))"
        )
        assert labels > 50 and len(table) == labels
        # Late and critical items say so in words, not only in red.
        notes = " ".join(r[5] for r in table)
        assert "クリティカルパス" in notes and "遅延" in notes
        # Full titles, never cut with an ellipsis as the chart's row labels are.
        assert not any(r[0].endswith("…") for r in table)
    finally:
        pg.context.close()
