"""The issue list as a work tool, in Debian's chromium: the default view, chosen columns, names, widths.

At 1366×768 every chosen column is on the screen; the list opens on 完了以外 (or on what
tsuzuri.yml's `issue_list:` says); columns chosen by a reader stay in the address; milestones
and categories read as names; keys never wrap; at 390 px the lists read as cards and at 320 px
no page scrolls sideways.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlparse

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load

from .conftest import DEMO_DAY, FIXTURES, mkdocs_build, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READY = ".tsuzuri-list[data-ready='1']"


@pytest.fixture(scope="module")
def server(demo_site):
    with serving(demo_site) as url:
        yield url


def window(browser, width: int, height: int = 844):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    context.set_default_timeout(60_000)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort())
    return pg


def open_list(pg, url: str) -> None:
    pg.goto(url)
    pg.reload()  # a new hash on the same page is a fresh view only after a load
    pg.wait_for_selector(READY, timeout=60_000)


def shown(pg) -> list[str]:
    return pg.eval_on_selector_all(".tsuzuri-issues tbody tr", "rows => rows.map(r => r.dataset.key)")


def headers(pg) -> list[str]:
    return pg.eval_on_selector_all(".tsuzuri-issues thead th:not([hidden])", "ths => ths.map(th => th.dataset.col)")


OFF_SCREEN = """() => [...document.querySelectorAll('.tsuzuri-issues thead th:not([hidden])')]
  .filter(th => th.getBoundingClientRect().right > window.innerWidth + 0.5).map(th => th.dataset.col)"""

WRAPPED_KEYS = """() => [...document.querySelectorAll('.md-content a.tsuzuri-key')]
  .filter(a => a.getClientRects().length > 1 || a.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(a).lineHeight || 20))
  .map(a => a.textContent)"""


def test_the_list_opens_on_not_done_and_fits_1366(browser, server, demo_repo, capsys):
    pg = window(browser, 1366, 768)
    try:
        open_list(pg, server + "tracker/issues/")
        capsys.readouterr()
        assert main(["list", "--root", str(demo_repo), "--today", DEMO_DAY.isoformat(), "--status", "open"]) == 0
        not_done = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
        assert shown(pg) == not_done and len(not_done) < len(load(demo_repo).tracker.issues)
        assert pg.input_value("select[name=status]") == "open"
        assert pg.inner_text(".tsuzuri-count") == f"{len(not_done)} 件 (全 {len(load(demo_repo).tracker.issues)} 件中)"
        assert headers(pg) == ["key", "title", "status", "type", "priority", "assignee", "milestone", "due", "updated"]
        # Every column is on the screen, sorted by due date too (the longest values then come first).
        assert pg.evaluate(OFF_SCREEN) == []
        pg.click("th[data-sort=due] button")
        assert pg.evaluate(OFF_SCREEN) == [] and "sort=due" in pg.url
        assert pg.evaluate("() => { const t = document.querySelector('.tsuzuri-issues'); return t.scrollWidth <= t.clientWidth + 1; }")
        assert pg.evaluate(WRAPPED_KEYS) == []
        # 条件をクリア brings back the default view, not every issue.
        pg.select_option("select[name=status]", "all")
        assert len(shown(pg)) == len(load(demo_repo).tracker.issues) and "status=all" in pg.url
        pg.click(".tsuzuri-clear")
        assert shown(pg) == not_done
        # The dashboard's and the register's issue tables fit too: nothing scrolls in its box, no key wraps.
        for path in ("", "tracker/inquiries/"):
            pg.goto(server + path)
            cut = pg.evaluate("""() => [...document.querySelectorAll('.md-content table.tsuzuri-issue-rows')]
              .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.className)""")
            assert cut == [], f"{path or 'dashboard'}: {cut}"
            assert pg.evaluate(WRAPPED_KEYS) == [], path
        assert pg.errors == []
    finally:
        pg.context.close()


def test_milestones_and_categories_read_as_names(browser, server, demo_repo):
    config = load(demo_repo).tracker.config
    names = {m.name for m in config.milestones}
    ids = {m.id for m in config.milestones} - names
    labels = {c.label for c in config.categories}
    pg = window(browser, 1366, 768)
    try:
        open_list(pg, server + "tracker/issues/#status=all&cols=key,title,milestone,categories")
        assert headers(pg) == ["key", "title", "milestone", "categories"]
        milestones = set(pg.eval_on_selector_all("td[data-col=milestone]", "tds => tds.map(td => td.textContent)")) - {""}
        assert milestones and milestones <= names and not milestones & ids, milestones
        categories = {c for text in pg.eval_on_selector_all("td[data-col=categories]", "tds => tds.map(td => td.textContent)")
                      for c in text.split("、") if c}
        assert categories and categories <= labels, categories
        options = pg.eval_on_selector_all("select[name=milestone] option", "os => os.map(o => o.textContent)")
        assert "HOJO 総合試験完了" in options and "HOJO st" not in options
        # Sorting by milestone goes by the milestones' dates, undated last.
        pg.click("th[data-sort=milestone] button")
        dates = {m.name: m.date for m in config.milestones}
        seen = [t for t in pg.eval_on_selector_all("td[data-col=milestone]", "tds => tds.map(td => td.textContent)")]
        filled = [dates[t] for t in seen if t]
        assert filled == sorted(filled) and seen[-1] == "" and seen[0] != ""
    finally:
        pg.context.close()


def test_chosen_columns_stay_in_the_address(browser, server):
    pg = window(browser, 1366, 768)
    try:
        open_list(pg, server + "tracker/issues/")
        pg.click(".tsuzuri-column-picker summary")
        pg.uncheck(".tsuzuri-column-picker input[value=type]")
        pg.check(".tsuzuri-column-picker input[value=organization]")
        assert headers(pg) == ["key", "title", "status", "priority", "assignee", "organization", "milestone", "due", "updated"]
        assert "cols=key%2Ctitle%2Cstatus%2Cpriority%2Cassignee%2Corganization%2Cmilestone%2Cdue%2Cupdated" in pg.url
        cells = pg.eval_on_selector_all(".tsuzuri-issues tbody tr:first-child td", "tds => tds.map(td => td.dataset.col)")
        assert cells == headers(pg)
        assert pg.is_disabled(".tsuzuri-column-picker input[value=key]")  # the key is the link: always shown
        url = pg.url
        # The same address, pasted into another window, shows the same columns and the default filter.
        other = window(browser, 1366, 768)
        try:
            open_list(other, url)
            assert headers(other) == headers(pg) and other.input_value("select[name=status]") == "open"
        finally:
            other.context.close()
        pg.click(".tsuzuri-columns-reset")
        assert headers(pg)[:3] == ["key", "title", "status"] and "cols=" not in pg.url
        assert pg.errors == []
    finally:
        pg.context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_lists_are_usable_at_phone_width(browser, server, width):
    pg = window(browser, width)
    try:
        for path in ("", "tracker/issues/", "tracker/inquiries/", "tracker/members/mori/", "tracker/milestones/HOJO/st/"):
            pg.goto(server + path)
            if "issues/" in path:
                pg.wait_for_selector(READY, timeout=60_000)
            page_width = pg.evaluate("() => document.documentElement.scrollWidth")
            assert page_width <= width, f"{path or 'dashboard'}: {page_width} px wide in a {width} px window"
            assert pg.evaluate(WRAPPED_KEYS) == [], path
        # The dashboard's overdue list shows status, assignee and due date of each issue on the screen.
        pg.goto(server)
        rows = pg.evaluate("""() => {
          const h = [...document.querySelectorAll('.tsuzuri-project h3')].find(h => h.textContent.startsWith('期限切れ'));
          let t = h.nextElementSibling;
          return [...t.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(td => {
            const r = td.getBoundingClientRect();
            return {text: td.innerText.trim(), label: getComputedStyle(td, '::before').content,
                    seen: r.width > 0 && r.left >= 0 && r.right <= window.innerWidth + 0.5};
          }));
        }""")
        assert rows
        for cells in rows:
            assert len(cells) == 7 and all(c["seen"] for c in cells if c["text"]), cells
            assert cells[6]["text"].startswith("2026-") and cells[6]["label"] == '"期限日 "'  # the due date, named
        # The issue list: the due date of every row is on the screen, named.
        pg.goto(server + "tracker/issues/#sort=due")
        pg.reload()
        pg.wait_for_selector(READY, timeout=60_000)
        due = pg.evaluate("""() => [...document.querySelectorAll('.tsuzuri-issues tbody tr')].slice(0, 20).map(tr => {
          const td = tr.querySelector('td[data-col=due]'), r = td.getBoundingClientRect();
          return r.width > 0 && r.right <= window.innerWidth + 0.5 && getComputedStyle(td, '::before').content === '"期限日 "';
        })""")
        assert due and all(due)
        # An issue page: every field's label and value are on the screen, without scrolling the table sideways.
        pg.goto(server + "tracker/issues/HOJO-1/")
        cells = pg.evaluate("""() => [...document.querySelectorAll('.tsuzuri-fields :is(th, td)')].map(c => {
          const r = c.getBoundingClientRect();
          return {text: c.innerText.trim(), seen: r.left >= 0 && r.right <= window.innerWidth + 0.5};
        })""")
        assert len(cells) > 20 and all(c["seen"] for c in cells), [c for c in cells if not c["seen"]]
        assert pg.evaluate("() => { const t = document.querySelector('.tsuzuri-fields'); return t.scrollWidth <= t.clientWidth + 1; }")
        assert pg.errors == []
    finally:
        pg.context.close()


@pytest.mark.parametrize(("setting", "keys", "option", "columns"), [
    (
        "  status: all\n  columns: [key, title, due]\n", ["HOJO-1", "HOJO-2", "HOJO-3", "KIBAN-1"], "all", ["key", "title", "due"]
    ),  # HOJO-3 is closed
    (
        "  status: 処理中\n", ["HOJO-1"], "in_progress",
        ["key", "title", "status", "type", "priority", "assignee", "milestone", "due", "updated"]
    ),
])
def test_tsuzuri_yml_chooses_the_default_view(browser, tmp_path, setting, keys, option, columns):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    config = root / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8") + "issue_list:\n" + setting, encoding="utf-8")
    assert main(["validate", "--root", str(root)]) == 0
    site = mkdocs_build(root, tmp_path / "site")
    with serving(site) as url:
        pg = window(browser, 1366, 768)
        try:
            open_list(pg, url + "tracker/issues/")
            assert shown(pg) == keys and pg.input_value("select[name=status]") == option
            assert headers(pg) == columns and "cols=" not in pg.url
        finally:
            pg.context.close()
