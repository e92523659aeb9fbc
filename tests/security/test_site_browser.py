"""Open every page kind of the hostile site and its search in Debian's chromium: nothing a writer sent runs."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ..site.conftest import serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync"
]
# Every page kind the site has, beside the pages the corpus' inputs land on.
PAGE_KINDS = ["", *(f"tracker/{kind}" for kind in (
    "issues/", "boards/", "boards/SEC/", "inquiries/", "minutes/", "milestones/", "gantt/", "gantt/SEC/",
    "members/", "members/tanaka/", "organizations/", "organizations/vendor-a/", "activity/", "issues/SEC-1/",
    "me/", "new/SEC/", "new/P1/", "new/minutes/"))]
# Set before any page script runs: what a payload that ran would leave behind.
TRAP = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const real = window[name];
  window[name] = function (message) { window.__dialogs.push(name + ":" + message); };
}
"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing, and CI must run the browser tests")
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium); CI runs this test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(hostile_site):
    with serving(hostile_site.site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.hosts, pg.dialogs, pg.errors = [], [], []

    def route(r):
        host = urlparse(r.request.url).hostname
        pg.hosts.append(host)
        if host == "127.0.0.1":
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    context.add_init_script(TRAP)

    def dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", dialog)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    context.close()


def _url_of(src: str) -> str:
    stem = src[:-3]
    return "" if stem == "index" else f"tracker/{stem}/"  # generated pages are in the tracker/ folder


def assert_nothing_ran(pg, where: str) -> None:
    ran = pg.evaluate("() => ({pwned: window.__pwned === undefined ? null : String(window.__pwned), dialogs: window.__dialogs || []})")
    assert ran == {"pwned": None, "dialogs": []}, where
    assert pg.dialogs == [], where
    assert set(pg.hosts) <= {"127.0.0.1"}, (where, pg.hosts)


def test_no_payload_runs_on_any_page_kind(page, server, hostile_site):
    urls = list(dict.fromkeys(PAGE_KINDS + sorted(_url_of(src) for src in hostile_site.pages.values())))
    assert len(urls) > 30
    for url in urls:
        page.goto(server + url)
        page.wait_for_load_state("load")
        if page.locator(".tsuzuri-chart").count():
            # A chart is drawn by plotly from the page's JSON: hover it so its labels are laid out too.
            page.wait_for_selector(".tsuzuri-chart .main-svg", timeout=30000)
            page.hover(".tsuzuri-chart .main-svg")
        if page.locator(".tsuzuri-list").count():
            page.goto(server + url + "#status=all")  # every issue, done ones too
            page.reload()
            page.wait_for_selector(".tsuzuri-list[data-ready='1']")
            assert page.locator(".tsuzuri-issues tbody tr").count() == len(hostile_site.issue_keys())
        assert_nothing_ran(page, url)
    assert page.errors == []


def test_titles_show_as_text_on_the_page_and_in_the_tab(page, server, hostile_site):
    entry = next(e for e in hostile_site.entries if e["id"] == "t01")
    page.goto(server + _url_of(hostile_site.pages["t01"]))
    assert entry["input"] in page.title()
    assert entry["input"] in page.inner_text("h1")
    assert entry["input"] in page.inner_text(".md-header__topic:last-child")
    assert_nothing_ran(page, "t01")


@pytest.mark.parametrize("word", ["問い合わせ", "件名", "定例", "script"])
def test_search_results_show_payloads_as_text(page, server, word):
    page.goto(server)
    page.click(".md-search__input") if page.is_visible(".md-search__input") else page.click("label[for=__search]")
    for _ in range(15):  # the index is built in a web worker; a query typed before it is ready is dropped
        page.fill(".md-search__input", word)
        page.press(".md-search__input", "End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=2000)
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError(f"Material's search found nothing for {word!r}")
    results = page.inner_text(".md-search-result")
    assert word in results
    if word == "script":
        assert "<script>" in results  # shown as text, angle brackets and all
    assert page.locator(".md-search-result img, .md-search-result svg:not(.md-icon svg), .md-search-result script").count() == 0
    assert_nothing_ran(page, f"search {word}")


def test_attachments_download_instead_of_opening(page, server, hostile_site):
    page.goto(server + _url_of(hostile_site.pages["a01"]))
    for name in ("evil.html", "evil.svg", "evil.md", "evil.xhtml"):
        link = page.locator(".tsuzuri-attachments a", has_text=name).first
        assert link.get_attribute("download") == name
        with page.expect_download() as info:
            link.click()
        assert info.value.suggested_filename == name
        assert_nothing_ran(page, name)
    # Fetched directly, the published file is data to save, not a page of the site.
    response = page.request.get(server + "tracker/files/SEC-2/evil_html.bin")
    assert response.headers["content-type"] == "application/octet-stream"
    assert b"__pwned" in response.body()
