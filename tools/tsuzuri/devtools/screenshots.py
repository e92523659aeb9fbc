"""Take the documentation's screenshots of a built site in headless chromium (not used at run time).

    python -m tsuzuri.devtools.screenshots SITE_DIR OUT_DIR [--only NAME ...]

The site is served from 127.0.0.1; every request elsewhere is refused, as on a closed network.
Each shot is a page, an optional step (pick a member, open a form, search) and one or two window
sizes; a shot is taken once the page is ready (lists filled in, charts drawn). Each PNG is reduced
to a palette of at most ``COLORS`` colours, which keeps a page of text and tables a few tens of KB.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from tsuzuri.site.links import FOLDER

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = (1366, 768)
PHONE = (390, 844)
BOTH = (DESKTOP, PHONE)
COLORS = 64
TIMEOUT = 60_000  # ms: a page of the demo can take long to lay out on a busy machine

# A page is ready when its interactive list has filled in and every chart is drawn.
READY = """() => {
  const list = document.querySelector('.tsuzuri-list');
  if (list && !list.dataset.ready) return false;
  return [...document.querySelectorAll('.tsuzuri-chart')].every(c => c.querySelector('.main-svg'));
}"""


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    step: Callable | None = None
    sizes: tuple[tuple[int, int], ...] = (DESKTOP,)
    full_page: bool = False


def _pick_member(member: str) -> Callable:
    def step(page):
        page.select_option("#tsuzuri-me-member", member)
    return step


def _fill_issue_form(page):
    page.fill("#tsuzuri-f-title", "申請画面の郵便番号欄に全角数字を入力できない")
    page.select_option("#tsuzuri-f-type", index=1)
    page.fill("#tsuzuri-f-due", "2026-12-10")
    page.fill("#tsuzuri-f-start", "2026-12-20")
    page.click("button[type=submit]")  # shows how the form reports a mistake
    page.evaluate("window.scrollTo(0, 0)")


def _cms_new_issue(project: str) -> Callable:
    def step(page):
        page.wait_for_selector("text=ログイン")  # the local backend signs in without a forge account
        page.click("text=ログイン")
        page.wait_for_selector("text=コレクション")
        page.goto(page.url.split("#")[0] + f"#/collections/issues-{project}/new")
        page.wait_for_selector("text=件名")
    return step


def _search(word: str) -> Callable:
    def step(page):
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        page.keyboard.press("/")
        for _ in range(30):  # the index is built in a web worker; what is typed before it is ready finds nothing
            page.keyboard.press("Control+A")
            page.keyboard.type(word)
            try:
                page.wait_for_selector(".md-search-result__item", timeout=2000)
                return
            except PlaywrightTimeout:
                continue
        raise RuntimeError(f"the search found nothing for {word!r}")
    return step


def _scroll_to(selector: str) -> Callable:
    def step(page):
        page.locator(selector).first.scroll_into_view_if_needed()
        page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'start'})", selector)
        page.evaluate("window.scrollBy(0, -60)")  # below Material's fixed header
    return step


PAGES = FOLDER.strip("/") + "/"  # the generated pages' folder in the site
SITE_SHOTS = (
    Shot("site-dashboard", "", sizes=BOTH),
    Shot("site-issues", PAGES + "issues/", sizes=BOTH),
    Shot("site-board", PAGES + "boards/HOJO/", sizes=BOTH),
    Shot("site-inquiries", PAGES + "inquiries/", sizes=BOTH),
    Shot("site-issue", PAGES + "issues/HOJO-29/", sizes=BOTH),
    Shot("site-member", PAGES + "members/mori/", sizes=BOTH),
    Shot("site-organization", PAGES + "organizations/office/", sizes=BOTH),
    Shot("site-milestone", PAGES + "milestones/HOJO/st/", sizes=BOTH),
    Shot("site-minutes-index", PAGES + "minutes/", sizes=BOTH),
    Shot("site-minutes", PAGES + "minutes/2026/2026-11-25-hojo-teirei-12/", _scroll_to(".tsuzuri-tasks"), sizes=BOTH),
    Shot("site-gantt", PAGES + "gantt/HOJO/", sizes=BOTH),
    Shot("site-activity", PAGES + "activity/", sizes=BOTH),
    Shot("site-search", "", _search("性能試験"), sizes=BOTH),
)
"""One shot of every kind of page the site makes, at a desktop's and a phone's width (docs/site.md)."""

EDITING_SHOTS = (
    Shot("editing-issue", PAGES + "issues/MIRA-12/"),
    Shot("editing-new-issue", PAGES + "new/MIRA/", _fill_issue_form, ((1366, 1300),)),
    Shot("editing-comment", PAGES + "issues/MIRA-12/#tsuzuri-comment"),
    Shot("editing-me", PAGES + "me/", _pick_member("yamada"), (DESKTOP, PHONE)),
    Shot("editing-cms", PAGES + "admin/", _cms_new_issue("MIRA")),
)
"""Taking part without Git (docs/editing.md); the CMS shot needs decap-server (see ``make screenshots``)."""

SHOTS = SITE_SHOTS + EDITING_SHOTS


def small_png(png: bytes, colors: int = COLORS) -> bytes:
    """Return a screenshot as a palette PNG of at most ``colors`` colours (no dithering: text stays crisp)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    reduced = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    reduced.save(out, format="PNG", optimize=True)
    return out.getvalue()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _serving(directory: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def take(site: Path, out: Path, only: set[str] | None = None) -> list[Path]:
    """Take every shot (or those named in ``only``) of the site in ``site``; return the PNG files written."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with _serving(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for shot in SHOTS:
            if only and shot.name not in only and shot.name.split("-")[0] not in only:  # a name, or `site`, `editing`
                continue
            for width, height in shot.sizes:
                context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
                context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort())
                page = context.new_page()
                page.set_default_timeout(TIMEOUT)
                page.goto(base + shot.path)
                page.wait_for_load_state("networkidle")
                page.wait_for_function(READY, timeout=TIMEOUT)
                if shot.step:
                    shot.step(page)
                    page.wait_for_timeout(500)
                suffix = "" if width >= DESKTOP[0] else f"-{width}"
                path = out / f"{shot.name}{suffix}.png"
                # Material fades the header's title in: wait for the animations to end.
                page.wait_for_timeout(400)
                path.write_bytes(small_png(page.screenshot(full_page=shot.full_page, animations="disabled")))
                written.append(path)
                context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    for path in take(args.site, args.out, set(args.only) if args.only else None):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
