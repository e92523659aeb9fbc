"""Links to an issue's files written in its text lead to the files as the site publishes them."""

import base64
import re
import shutil
import urllib.request
from datetime import date
from urllib.parse import urljoin

import pytest

from tsuzuri.site import build_pages
from tsuzuri.store import load
from tsuzuri.validate import validate

from .conftest import FIXTURES, mkdocs_build, serving

TODAY = date(2026, 11, 25)
# A 1×1 PNG: a picture the browser can draw.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@pytest.fixture
def tracker(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    files = root / "issues/HOJO/HOJO-2/files"
    files.mkdir(parents=True)
    (files / "画面 1.png").write_bytes(PNG)
    (files / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    issue = root / "issues/HOJO/HOJO-2.md"
    issue.write_text(issue.read_text(encoding="utf-8") + "\n".join([
        "", "![画面](files/画面%201.png)",
        "[同じ画面](<HOJO-2/files/画面 1.png>)",
        "[他の課題の仕様](issues/HOJO/HOJO-1/files/spec.pdf#page=2)",
        "[ない](files/missing.png) [外](https://example.com/files/a.png) [危険](files/evil.html)", "",
    ]), encoding="utf-8")
    comments = root / "issues/HOJO/HOJO-2/comments"
    comments.mkdir(exist_ok=True)
    (comments / "20261121T100000-tanaka.md").write_text(
        "---\nauthor: tanaka\ndate: 2026-11-21T10:00:00+09:00\n---\n添付ファイル:\n\n- [画面 1.png](<../files/画面 1.png>)\n",
        encoding="utf-8"
    )
    minutes = root / "minutes/2026/2026-11-20-weekly.md"
    minutes.write_text(minutes.read_text(encoding="utf-8") + "\n資料: [仕様書](issues/HOJO/HOJO-1/files/spec.pdf)\n", encoding="utf-8")
    return root


def links(html):
    return re.findall(r'(?:href|src)="([^"]+)"', html)


def test_every_written_form_leads_to_the_published_file(tracker):
    pages = {p.path: p.html for p in build_pages(load(tracker).tracker, TODAY)}
    issue, minutes = pages["issues/HOJO-2.md"], pages["minutes/2026/2026-11-20-weekly.md"]
    found = links(issue)
    assert found.count("@files/HOJO-2/%E7%94%BB%E9%9D%A2%201.png") == 4  # image, KEY/files, the comment's ../files, the list
    assert 'src="@files/HOJO-2/%E7%94%BB%E9%9D%A2%201.png"' in issue
    assert "@files/HOJO-1/spec.pdf#page=2" in found
    assert "@files/HOJO-1/spec.pdf" in links(minutes)
    # A hostile type is linked under its neutral name, never as HTML on the site's origin.
    assert "@files/HOJO-2/evil_html.bin" in found and "evil.html" not in "".join(found)
    # ...and saved under its own name, in the text as in the list of attachments; a picture opens as it is.
    body = issue.split('class="tsuzuri-body"', 1)[1].split("</div>", 1)[0]
    assert '<a href="@files/HOJO-2/evil_html.bin" download="evil.html"' in body  # the text's link
    assert issue.count('<a href="@files/HOJO-2/evil_html.bin" download="evil.html"') == 2  # and the list's
    assert not re.search(r'href="@files/HOJO-2/%E7%94%BB%E9%9D%A2%201\.png"[^>]*download', issue)
    # What names no attached file, and addresses elsewhere, stay as written.
    assert "files/missing.png" in found and "https://example.com/files/a.png" in found


@pytest.mark.browser
def test_in_the_built_site_the_picture_draws_and_the_links_answer(tracker, tmp_path, browser):
    site = mkdocs_build(tracker, tmp_path / "site", strict=False)  # files/missing.png is a warning
    with serving(site) as base:
        page = browser.new_page()
        answered = []
        page.on("response", lambda r: answered.append((r.url, r.status)))
        page.goto(base + "tracker/issues/HOJO-2/")
        image = page.locator(".tsuzuri-body img").first
        image.wait_for(timeout=60000)
        assert page.evaluate("img => img.complete && img.naturalWidth", image.element_handle()) == 1
        hrefs = page.eval_on_selector_all("article a[href*='/tracker/files/']", "as => as.map(a => a.href)")
        written = page.eval_on_selector_all("article a[href$='missing.png']", "as => as.map(a => a.getAttribute('href'))")
        page.close()
        assert len(hrefs) == 6 and any(h.endswith("/spec.pdf#page=2") for h in hrefs) and any(h.endswith("/evil_html.bin") for h in hrefs)
        assert [w.rsplit("/tracker/", 1)[-1] for w in written] == ["issues/HOJO-2/files/missing.png"]  # named no attached file: as written
        for href in hrefs:
            with urllib.request.urlopen(urljoin(base, href.split("#")[0])) as response:
                assert response.status == 200, href
        assert not [u for u, status in answered if status >= 400 and "missing" not in u]


def test_validate_warns_of_a_link_to_a_file_that_is_not_attached(tracker):
    _, findings = validate(tracker)
    found = [(f.path, f.line, f.col, f.code) for f in findings]
    body_line = (tracker / "issues/HOJO/HOJO-2.md").read_text(encoding="utf-8").split("\n").index(
        "[ない](files/missing.png) [外](https://example.com/files/a.png) [危険](files/evil.html)"
    ) + 1
    assert found == [("issues/HOJO/HOJO-2.md", body_line, 1, "attachment-link")]
    [finding] = findings
    assert "files/missing.png" in finding.text("ja") and "画面 1.png" in finding.text("ja")
    minutes = tracker / "minutes/2026/2026-11-20-weekly.md"
    minutes.write_text(
        minutes.read_text(encoding="utf-8") + "[古い](issues/HOJO/HOJO-3/files/old.pdf)\n`[例](files/x.png)`\n", encoding="utf-8"
    )
    codes = [(f.path, f.code, f.text("en")) for f in validate(tracker)[1] if f.path.startswith("minutes/")]
    assert len(codes) == 1 and "names no file attached to HOJO-3" in codes[0][2] and "tsuzuri attach HOJO-3 FILE" in codes[0][2]
